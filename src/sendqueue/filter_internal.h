#pragma once
// Internal to the targeting filter language (filter.h): tokens, the lexer and the typing of
// literals by the column they are compared with.

#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"
#include "sendqueue/filter_ast.h"

namespace formsender::sendqueue::filter_internal {

struct Token {
  enum class Kind {
    kIdent,
    kQuotedIdent,
    kString,
    kNumber,
    kOp,
    kLParen,
    kRParen,
    kComma,
    kDot,
    kSign,
    kEnd
  };
  Kind kind = Kind::kEnd;
  std::string text;  // identifier as written, string value, number text, operator, sign
  size_t pos = 0;    // 1-based character position in the filter
};

bool IsKeyword(const Token& t, std::string_view keyword);
// AND, OR, NOT, IN, LIKE, ILIKE, BETWEEN, IS, NULL, TRUE, FALSE.
bool IsReserved(const Token& t);

// The whole filter as tokens, ending with a kEnd token.
Result<std::vector<Token>> Lex(std::string_view text);

// A literal as written, before it is typed by the column it is compared with.
struct RawLiteral {
  enum class Kind { kString, kNumber, kBool, kNull };
  Kind kind = Kind::kString;
  std::string text;
  bool boolean = false;
  size_t pos = 0;
};

// Types `lit` by `column`; the error points at the literal.
Result<FilterLiteral> ConvertLiteral(const CompanyColumn& column, const RawLiteral& lit);

// 'text' with quotes doubled, for canonical forms and messages.
std::string QuoteSql(std::string_view s);

// "targeting_sql position N: message" (InvalidArgument).
Status FilterError(size_t pos, std::string message);

}  // namespace formsender::sendqueue::filter_internal
