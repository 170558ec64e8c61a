#pragma once
// The parsed form of a targeting filter (internal to sendqueue): checked, typed, ready to be
// compiled for either backend.

#include <memory>
#include <string>
#include <vector>

#include "sendqueue/company_columns.h"
#include "store/database.h"

namespace formsender::sendqueue {

// A value written in the filter, already converted to the column's type.
struct FilterLiteral {
  store::SqlValue value;
  std::string_view pg_cast;  // "text", "bigint", "numeric", "float8", "boolean", "timestamptz"
  std::string text;          // canonical spelling for ToString
};

struct FilterNode {
  enum class Kind {
    kAnd,         // children
    kOr,          // children
    kNot,         // children[0]
    kCompare,     // column op values[0]
    kIn,          // column [NOT] IN (values…)
    kLike,        // column [NOT] LIKE|ILIKE values[0]
    kBetween,     // column [NOT] BETWEEN values[0] AND values[1]
    kIsNull,      // column IS [NOT] NULL
    kIsBool,      // column IS [NOT] TRUE|FALSE (values[0] is the boolean)
    kBoolColumn,  // a boolean column on its own
  };
  Kind kind = Kind::kAnd;
  std::vector<std::shared_ptr<const FilterNode>> children;
  const CompanyColumn* column = nullptr;
  std::string op;  // compare: = <> < <= > >=; like: LIKE or ILIKE
  bool negated = false;
  std::vector<FilterLiteral> values;
};

}  // namespace formsender::sendqueue
