#pragma once
// The targeting filter language (docs/targeting-filter.md). A targeting's `targeting_sql` cell
// is never executed as SQL: it is parsed as a small boolean expression over a whitelist of
// companies columns and compiled to SQL whose values are all bound parameters.
//
//   prefecture IN ('東京都', '大阪府') AND employee_count >= 50
//   c.industry_category_major LIKE '%情報%' AND NOT (capital BETWEEN 0 AND 10000000)
//
// Anything outside the language is an InvalidArgument naming the character position
// (1-based, in characters) and what was expected there.

#include <memory>
#include <string>
#include <string_view>

#include "common/status.h"
#include "sendqueue/tables.h"
#include "store/database.h"

namespace formsender::sendqueue {

struct FilterNode;

struct CompiledFilter {
  // A parenthesised boolean SQL expression over the alias `c`, or "TRUE" for an empty filter.
  std::string sql;
  // The values for $first_param … in order.
  store::Params params;
};

class Filter {
 public:
  // An empty (or blank) text is the filter that accepts every company.
  static Result<Filter> Parse(std::string_view text, TableMode mode = TableMode::kDefault);

  bool empty() const { return root_ == nullptr; }
  // SQL for `dialect` whose first placeholder is $first_param.
  CompiledFilter Compile(store::Dialect dialect, int first_param) const;
  // The canonical text of the filter (keywords upper case, columns with the c. alias).
  std::string ToString() const;

 private:
  std::shared_ptr<const FilterNode> root_;
};

// Limits that keep a hostile or mistaken filter from exhausting the parser or the database.
inline constexpr size_t kFilterMaxChars = 20000;
inline constexpr int kFilterMaxDepth = 64;
inline constexpr size_t kFilterMaxValues = 5000;

}  // namespace formsender::sendqueue
