// Lexer and recursive-descent parser of the targeting filter language. Grammar:
//
//   filter    := [or_expr] END
//   or_expr   := and_expr (OR and_expr)*
//   and_expr  := not_expr (AND not_expr)*
//   not_expr  := NOT not_expr | primary
//   primary   := '(' or_expr ')' | predicate
//   predicate := column compare_op literal | literal compare_op column
//              | column [NOT] IN '(' literal (',' literal)* ')'
//              | column [NOT] (LIKE | ILIKE) string
//              | column [NOT] BETWEEN literal AND literal
//              | column IS [NOT] (NULL | TRUE | FALSE)
//              | boolean_column
//   column    := [c '.'] (identifier | '"' identifier '"')
//   literal   := string | ['+' | '-'] number | TRUE | FALSE
#include <cctype>
#include <cmath>
#include <map>

#include "common/csv.h"
#include "common/strings.h"
#include "common/time.h"
#include "sendqueue/filter.h"
#include "sendqueue/filter_ast.h"

namespace formsender::sendqueue {
namespace {

using NodePtr = std::shared_ptr<const FilterNode>;

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

bool IsKeyword(const Token& t, std::string_view keyword) {
  return t.kind == Token::Kind::kIdent && EqualsIgnoreCase(t.text, keyword);
}

bool IsReserved(const Token& t) {
  for (std::string_view k :
       {"AND", "OR", "NOT", "IN", "LIKE", "ILIKE", "BETWEEN", "IS", "NULL", "TRUE", "FALSE"}) {
    if (IsKeyword(t, k)) return true;
  }
  return false;
}

// Lexes the whole filter up front (it is short) so the parser can look ahead freely.
class Lexer {
 public:
  explicit Lexer(std::string_view text) : s_(text) {}

  Result<std::vector<Token>> Run() {
    std::vector<Token> out;
    while (true) {
      SkipSpace();
      Token t;
      t.pos = char_pos_;
      if (i_ >= s_.size()) {
        out.push_back(t);
        return out;
      }
      unsigned char c = static_cast<unsigned char>(s_[i_]);
      if (c == '\'') {
        FS_ASSIGN_OR_RETURN(t.text, LexString());
        t.kind = Token::Kind::kString;
      } else if (c == '"') {
        FS_ASSIGN_OR_RETURN(t.text, LexQuotedIdent());
        t.kind = Token::Kind::kQuotedIdent;
      } else if (IsIdentStart(c)) {
        size_t start = i_;
        while (i_ < s_.size() && IsIdentPart(static_cast<unsigned char>(s_[i_]))) Advance();
        t.text = std::string(s_.substr(start, i_ - start));
        t.kind = Token::Kind::kIdent;
      } else if (std::isdigit(c) || (c == '.' && i_ + 1 < s_.size() && std::isdigit(s_[i_ + 1]))) {
        FS_ASSIGN_OR_RETURN(t.text, LexNumber());
        t.kind = Token::Kind::kNumber;
      } else if (c == '(' || c == ')' || c == ',' || c == '.') {
        t.kind = c == '('   ? Token::Kind::kLParen
                 : c == ')' ? Token::Kind::kRParen
                 : c == ',' ? Token::Kind::kComma
                            : Token::Kind::kDot;
        t.text = std::string(1, static_cast<char>(c));
        Advance();
      } else if (c == '-' || c == '+') {
        if (c == '-' && Next() == '-') return Error(t.pos, "comments (--) are not allowed");
        t.kind = Token::Kind::kSign;
        t.text = std::string(1, static_cast<char>(c));
        Advance();
      } else if (c == '=' || c == '<' || c == '>' || c == '!') {
        std::string op(1, static_cast<char>(c));
        Advance();
        if (i_ < s_.size() && (s_[i_] == '=' || (c == '<' && s_[i_] == '>'))) {
          op.push_back(s_[i_]);
          Advance();
        }
        if (op == "!") return Error(t.pos, "unexpected character '!' (use <> or NOT)");
        if (op == "==") return Error(t.pos, "use = to compare, not ==");
        t.kind = Token::Kind::kOp;
        t.text = op == "!=" ? "<>" : op;
      } else if (c == ';') {
        return Error(t.pos, "';' is not allowed: a filter is one condition, not statements");
      } else if (c == '/' && Next() == '*') {
        return Error(t.pos, "comments (/* */) are not allowed");
      } else {
        size_t len = CharLength(c);
        return Error(t.pos, "unexpected character '" + std::string(s_.substr(i_, len)) + "'");
      }
      out.push_back(std::move(t));
    }
  }

 private:
  static bool IsIdentStart(unsigned char c) { return std::isalpha(c) || c == '_'; }
  static bool IsIdentPart(unsigned char c) { return std::isalnum(c) || c == '_'; }
  static size_t CharLength(unsigned char c) {
    return c < 0x80 ? 1 : (c & 0xE0) == 0xC0 ? 2 : (c & 0xF0) == 0xE0 ? 3 : 4;
  }
  char Next() const { return i_ + 1 < s_.size() ? s_[i_ + 1] : '\0'; }
  void Advance() {
    size_t len = std::min(CharLength(static_cast<unsigned char>(s_[i_])), s_.size() - i_);
    i_ += len;
    ++char_pos_;
  }
  void SkipSpace() {
    while (i_ < s_.size()) {
      unsigned char c = static_cast<unsigned char>(s_[i_]);
      if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v') {
        Advance();
      } else if (s_.substr(i_, 3) == "\xE3\x80\x80" || s_.substr(i_, 2) == "\xC2\xA0") {
        Advance();  // ideographic and no-break spaces, common in text pasted from documents
      } else {
        return;
      }
    }
  }
  Status Error(size_t pos, std::string message) const {
    return Status::InvalidArgument("targeting_sql position " + std::to_string(pos) + ": " +
                                   std::move(message));
  }
  Result<std::string> LexString() {
    size_t start_pos = char_pos_;
    Advance();
    std::string value;
    while (true) {
      if (i_ >= s_.size()) return Error(start_pos, "string is never closed (a ' is missing)");
      if (s_[i_] == '\'') {
        Advance();
        if (i_ < s_.size() && s_[i_] == '\'') {
          value.push_back('\'');
          Advance();
          continue;
        }
        return value;
      }
      size_t before = i_;
      Advance();
      value.append(s_.substr(before, i_ - before));
    }
  }
  Result<std::string> LexQuotedIdent() {
    size_t start_pos = char_pos_;
    Advance();
    size_t start = i_;
    while (i_ < s_.size() && s_[i_] != '"') Advance();
    if (i_ >= s_.size()) return Error(start_pos, "quoted column name is never closed");
    std::string name(s_.substr(start, i_ - start));
    Advance();
    return name;
  }
  Result<std::string> LexNumber() {
    size_t start = i_;
    size_t start_pos = char_pos_;
    while (i_ < s_.size() && std::isdigit(static_cast<unsigned char>(s_[i_]))) Advance();
    if (i_ < s_.size() && s_[i_] == '.') {
      Advance();
      while (i_ < s_.size() && std::isdigit(static_cast<unsigned char>(s_[i_]))) Advance();
    }
    if (i_ < s_.size() && (s_[i_] == 'e' || s_[i_] == 'E')) {
      Advance();
      if (i_ < s_.size() && (s_[i_] == '+' || s_[i_] == '-')) Advance();
      if (i_ >= s_.size() || !std::isdigit(static_cast<unsigned char>(s_[i_]))) {
        return Error(start_pos, "malformed number");
      }
      while (i_ < s_.size() && std::isdigit(static_cast<unsigned char>(s_[i_]))) Advance();
    }
    if (i_ < s_.size() && IsIdentStart(static_cast<unsigned char>(s_[i_]))) {
      return Error(start_pos, "malformed number");
    }
    return std::string(s_.substr(start, i_ - start));
  }

  std::string_view s_;
  size_t i_ = 0;
  size_t char_pos_ = 1;
};

// A literal as written, before it is typed by the column it is compared with.
struct RawLiteral {
  enum class Kind { kString, kNumber, kBool, kNull };
  Kind kind = Kind::kString;
  std::string text;
  bool boolean = false;
  size_t pos = 0;
};

std::string QuoteSql(std::string_view s) {
  return "'" + ReplaceAll(std::string(s), "'", "''") + "'";
}

class Parser {
 public:
  Parser(std::vector<Token> tokens, TableMode mode) : t_(std::move(tokens)), mode_(mode) {}

  Result<NodePtr> Run() {
    if (Peek().kind == Token::Kind::kEnd) return NodePtr();
    FS_ASSIGN_OR_RETURN(NodePtr root, ParseOr());
    if (Peek().kind != Token::Kind::kEnd) {
      return Error(Peek(),
                   Peek().kind == Token::Kind::kRParen
                       ? "unbalanced ')'"
                       : "expected AND, OR or the end of the filter, found " + Describe(Peek()));
    }
    return root;
  }

 private:
  const Token& Peek(size_t ahead = 0) const { return t_[std::min(k_ + ahead, t_.size() - 1)]; }
  const Token& Take() {
    const Token& t = t_[std::min(k_, t_.size() - 1)];
    if (k_ < t_.size() - 1) ++k_;
    return t;
  }
  static std::string Describe(const Token& t) {
    switch (t.kind) {
      case Token::Kind::kEnd:
        return "the end of the filter";
      case Token::Kind::kString:
        return "the string " + QuoteSql(t.text);
      case Token::Kind::kQuotedIdent:
        return "\"" + t.text + "\"";
      default:
        return "'" + t.text + "'";
    }
  }
  Status Error(const Token& at, std::string message) const { return Error(at.pos, message); }
  Status Error(size_t pos, std::string message) const {
    return Status::InvalidArgument("targeting_sql position " + std::to_string(pos) + ": " +
                                   std::move(message));
  }

  Result<NodePtr> ParseOr() {
    FS_ASSIGN_OR_RETURN(NodePtr first, ParseAnd());
    if (!IsKeyword(Peek(), "OR")) return first;
    auto node = std::make_shared<FilterNode>();
    node->kind = FilterNode::Kind::kOr;
    node->children.push_back(first);
    while (IsKeyword(Peek(), "OR")) {
      Take();
      FS_ASSIGN_OR_RETURN(NodePtr next, ParseAnd());
      node->children.push_back(next);
    }
    return NodePtr(node);
  }

  Result<NodePtr> ParseAnd() {
    FS_ASSIGN_OR_RETURN(NodePtr first, ParseNot());
    if (!IsKeyword(Peek(), "AND")) return first;
    auto node = std::make_shared<FilterNode>();
    node->kind = FilterNode::Kind::kAnd;
    node->children.push_back(first);
    while (IsKeyword(Peek(), "AND")) {
      Take();
      FS_ASSIGN_OR_RETURN(NodePtr next, ParseNot());
      node->children.push_back(next);
    }
    return NodePtr(node);
  }

  Result<NodePtr> ParseNot() {
    if (++depth_ > kFilterMaxDepth) {
      return Error(Peek(),
                   "nested too deeply (more than " + std::to_string(kFilterMaxDepth) + " levels)");
    }
    Result<NodePtr> result = ParseNotInner();
    --depth_;
    return result;
  }

  Result<NodePtr> ParseNotInner() {
    if (IsKeyword(Peek(), "NOT")) {
      Take();
      FS_ASSIGN_OR_RETURN(NodePtr inner, ParseNot());
      auto node = std::make_shared<FilterNode>();
      node->kind = FilterNode::Kind::kNot;
      node->children.push_back(inner);
      return NodePtr(node);
    }
    if (Peek().kind == Token::Kind::kLParen) {
      const Token& open = Take();
      FS_ASSIGN_OR_RETURN(NodePtr inner, ParseOr());
      if (Peek().kind != Token::Kind::kRParen) {
        return Error(Peek(), "expected ')' to close the '(' at position " +
                                 std::to_string(open.pos) + ", found " + Describe(Peek()));
      }
      Take();
      return inner;
    }
    return ParsePredicate();
  }

  bool AtColumn() const {
    const Token& t = Peek();
    if (t.kind == Token::Kind::kQuotedIdent) return true;
    return t.kind == Token::Kind::kIdent && !IsReserved(t);
  }

  Result<const CompanyColumn*> ParseColumn() {
    const Token& first = Take();
    const Token* name = &first;
    if (first.kind == Token::Kind::kIdent && Peek().kind == Token::Kind::kDot) {
      if (!EqualsIgnoreCase(first.text, "c")) {
        return Error(first, "only the alias c. may qualify a column (found " + first.text + ".)");
      }
      Take();
      if (Peek().kind != Token::Kind::kIdent && Peek().kind != Token::Kind::kQuotedIdent) {
        return Error(Peek(), "expected a column name after c., found " + Describe(Peek()));
      }
      name = &Take();
    }
    const CompanyColumn* column = FindCompanyColumn(name->text, mode_);
    if (!column) {
      return Error(*name, "unknown column \"" + name->text +
                              "\" (the columns a filter may use are listed in "
                              "docs/targeting-filter.md)");
    }
    return column;
  }

  Result<RawLiteral> ParseLiteral(std::string_view what) {
    RawLiteral lit;
    lit.pos = Peek().pos;
    std::string sign;
    if (Peek().kind == Token::Kind::kSign) sign = Take().text;
    const Token& t = Peek();
    if (t.kind == Token::Kind::kNumber) {
      Take();
      lit.kind = RawLiteral::Kind::kNumber;
      lit.text = (sign == "-" ? "-" : "") + t.text;
      return lit;
    }
    if (!sign.empty()) return Error(t, "expected a number after '" + sign + "'");
    if (t.kind == Token::Kind::kString) {
      lit.kind = RawLiteral::Kind::kString;
      lit.text = Take().text;
      return lit;
    }
    if (IsKeyword(t, "TRUE") || IsKeyword(t, "FALSE")) {
      lit.kind = RawLiteral::Kind::kBool;
      lit.boolean = IsKeyword(t, "TRUE");
      lit.text = lit.boolean ? "TRUE" : "FALSE";
      Take();
      return lit;
    }
    if (IsKeyword(t, "NULL")) {
      return Error(t, "NULL is not a value to compare with: write IS NULL or IS NOT NULL");
    }
    if (t.kind == Token::Kind::kLParen) {
      return Error(t, "subqueries and expressions are not allowed; expected " + std::string(what));
    }
    if (t.kind == Token::Kind::kIdent && Peek(1).kind == Token::Kind::kLParen) {
      return Error(t,
                   "functions are not allowed (" + t.text + "(…)); expected " + std::string(what));
    }
    if (AtColumn()) {
      return Error(t, "expected " + std::string(what) + ", found the column or word \"" + t.text +
                          "\" (comparing two columns is not allowed; quote text with '…')");
    }
    return Error(t, "expected " + std::string(what) + ", found " + Describe(t));
  }

  // Types `lit` by `column`; the error points at the literal.
  Result<FilterLiteral> Convert(const CompanyColumn& column, const RawLiteral& lit) {
    FilterLiteral out;
    std::string col(column.name);
    switch (column.type) {
      case ColumnType::kText:
        if (lit.kind != RawLiteral::Kind::kString) {
          return Error(lit.pos, col + " is text: write the value in quotes ('" + lit.text + "')");
        }
        out.value = lit.text;
        out.pg_cast = "text";
        out.text = QuoteSql(lit.text);
        return out;
      case ColumnType::kBoolean:
        if (lit.kind == RawLiteral::Kind::kBool) {
          out.value = lit.boolean;
        } else if (lit.kind == RawLiteral::Kind::kString && ParseBool(lit.text).ok()) {
          out.value = *ParseBool(lit.text);
        } else {
          return Error(lit.pos, col + " is a boolean: compare it with TRUE or FALSE");
        }
        out.pg_cast = "boolean";
        out.text = std::get<bool>(out.value.get()) ? "TRUE" : "FALSE";
        return out;
      case ColumnType::kTimestamp: {
        if (lit.kind != RawLiteral::Kind::kString) {
          return Error(lit.pos, col +
                                    " is a timestamp: write it as '2025-04-01' or "
                                    "'2025-04-01T09:00:00+09:00'");
        }
        Result<TimePoint> t = ParseIsoTimestamp(lit.text);
        if (!t.ok()) {
          auto date = CivilDate::Parse(lit.text);
          if (!date.ok()) {
            return Error(lit.pos, "'" + lit.text +
                                      "' is not a date or a timestamp with a time "
                                      "zone (for " +
                                      col + ")");
          }
          t = JstMidnight(*date);  // a bare date is the start of that day in Japan
        }
        out.value = store::SqlValue::Time(*t);
        out.pg_cast = "timestamptz";
        out.text = QuoteSql(FormatUtcIso(*t, /*with_micros=*/true));
        return out;
      }
      default:  // numeric columns
        if (lit.kind != RawLiteral::Kind::kNumber && lit.kind != RawLiteral::Kind::kString) {
          return Error(lit.pos, col + " is a number: compare it with a number");
        }
        std::string_view text = Trim(lit.text);
        bool integral = text.find_first_of(".eE") == std::string_view::npos;
        if (integral && column.type != ColumnType::kReal) {
          auto v = ParseInt64(text);
          if (!v.ok()) {
            return Error(lit.pos, "'" + lit.text + "' is not a whole number (for " + col + ")");
          }
          out.value = *v;
          out.pg_cast = "bigint";
          out.text = std::to_string(*v);
          return out;
        }
        auto d = ParseDouble(text);
        if (!d.ok() || !std::isfinite(*d)) {
          return Error(lit.pos, "'" + lit.text + "' is not a number (for " + col + ")");
        }
        out.value = *d;
        out.pg_cast = column.type == ColumnType::kReal ? "float8" : "numeric";
        out.text = std::string(text);
        return out;
    }
  }

  Result<NodePtr> ParsePredicate() {
    auto node = std::make_shared<FilterNode>();
    if (Peek().kind == Token::Kind::kIdent && Peek(1).kind == Token::Kind::kLParen) {
      return Error(Peek(), "functions are not allowed (" + Peek().text + "(…))");
    }
    if (!AtColumn()) {
      // value op column: flipped so the column comes first.
      FS_ASSIGN_OR_RETURN(RawLiteral lit, ParseLiteral("a column, NOT or '('"));
      if (Peek().kind != Token::Kind::kOp) {
        return Error(Peek(), "expected a comparison operator, found " + Describe(Peek()));
      }
      std::string op = Take().text;
      if (!AtColumn()) return Error(Peek(), "expected a column, found " + Describe(Peek()));
      FS_ASSIGN_OR_RETURN(node->column, ParseColumn());
      static const std::map<std::string, std::string> kFlip = {
          {"=", "="}, {"<>", "<>"}, {"<", ">"}, {"<=", ">="}, {">", "<"}, {">=", "<="}};
      node->kind = FilterNode::Kind::kCompare;
      node->op = kFlip.at(op);
      FS_RETURN_IF_ERROR(CheckOperator(*node->column, node->op, lit.pos));
      FS_ASSIGN_OR_RETURN(FilterLiteral v, Convert(*node->column, lit));
      node->values.push_back(std::move(v));
      return NodePtr(node);
    }
    size_t column_pos = Peek().pos;
    FS_ASSIGN_OR_RETURN(node->column, ParseColumn());
    const CompanyColumn& column = *node->column;
    const Token& t = Peek();
    if (t.kind == Token::Kind::kOp) {
      node->kind = FilterNode::Kind::kCompare;
      node->op = Take().text;
      FS_RETURN_IF_ERROR(CheckOperator(column, node->op, t.pos));
      FS_ASSIGN_OR_RETURN(RawLiteral lit, ParseLiteral("a value"));
      FS_ASSIGN_OR_RETURN(FilterLiteral v, Convert(column, lit));
      node->values.push_back(std::move(v));
      return NodePtr(node);
    }
    if (IsKeyword(t, "IS")) {
      Take();
      if (IsKeyword(Peek(), "NOT")) {
        Take();
        node->negated = true;
      }
      const Token& what = Peek();
      if (IsKeyword(what, "NULL")) {
        Take();
        node->kind = FilterNode::Kind::kIsNull;
        return NodePtr(node);
      }
      if (IsKeyword(what, "TRUE") || IsKeyword(what, "FALSE")) {
        if (column.type != ColumnType::kBoolean) {
          return Error(what, std::string(column.name) + " is not a boolean column");
        }
        Take();
        node->kind = FilterNode::Kind::kIsBool;
        node->values.push_back({IsKeyword(what, "TRUE"), "boolean", what.text});
        return NodePtr(node);
      }
      return Error(what, "expected NULL, TRUE or FALSE after IS, found " + Describe(what));
    }
    if (IsKeyword(t, "NOT")) {
      Take();
      node->negated = true;
      const Token& n = Peek();
      if (!IsKeyword(n, "IN") && !IsKeyword(n, "LIKE") && !IsKeyword(n, "ILIKE") &&
          !IsKeyword(n, "BETWEEN")) {
        return Error(n, "expected IN, LIKE, ILIKE or BETWEEN after NOT, found " + Describe(n));
      }
    }
    const Token& kw = Peek();
    if (IsKeyword(kw, "IN")) {
      Take();
      node->kind = FilterNode::Kind::kIn;
      if (Peek().kind != Token::Kind::kLParen) {
        return Error(Peek(), "expected '(' after IN, found " + Describe(Peek()));
      }
      Take();
      while (true) {
        FS_ASSIGN_OR_RETURN(RawLiteral lit, ParseLiteral("a value"));
        FS_ASSIGN_OR_RETURN(FilterLiteral v, Convert(column, lit));
        node->values.push_back(std::move(v));
        FS_RETURN_IF_ERROR(CountValue(lit.pos, 1));
        if (Peek().kind == Token::Kind::kComma) {
          Take();
          continue;
        }
        if (Peek().kind == Token::Kind::kRParen) {
          Take();
          break;
        }
        return Error(Peek(), "expected ',' or ')' in the IN list, found " + Describe(Peek()));
      }
      return NodePtr(node);
    }
    if (IsKeyword(kw, "LIKE") || IsKeyword(kw, "ILIKE")) {
      Take();
      node->kind = FilterNode::Kind::kLike;
      node->op = ToUpperAscii(kw.text);
      if (column.type != ColumnType::kText) {
        return Error(kw, node->op + " needs a text column; " + std::string(column.name) + " is " +
                             std::string(ColumnTypeName(column.type)));
      }
      if (Peek().kind != Token::Kind::kString) {
        return Error(Peek(),
                     "expected a quoted pattern after " + node->op + ", found " + Describe(Peek()));
      }
      const Token& pattern = Take();
      if (!pattern.text.empty() && pattern.text.back() == '\\') {
        size_t backslashes = 0;
        for (auto it = pattern.text.rbegin(); it != pattern.text.rend() && *it == '\\'; ++it) {
          ++backslashes;
        }
        if (backslashes % 2 == 1) {
          return Error(pattern, "a pattern must not end with the escape character \\");
        }
      }
      node->values.push_back({pattern.text, "text", QuoteSql(pattern.text)});
      FS_RETURN_IF_ERROR(CountValue(pattern.pos, 1));
      return NodePtr(node);
    }
    if (IsKeyword(kw, "BETWEEN")) {
      Take();
      node->kind = FilterNode::Kind::kBetween;
      if (column.type == ColumnType::kBoolean) {
        return Error(kw, "BETWEEN needs a number, text or timestamp column");
      }
      FS_ASSIGN_OR_RETURN(RawLiteral low, ParseLiteral("a value"));
      if (!IsKeyword(Peek(), "AND")) {
        return Error(Peek(), "expected AND in BETWEEN … AND …, found " + Describe(Peek()));
      }
      Take();
      FS_ASSIGN_OR_RETURN(RawLiteral high, ParseLiteral("a value"));
      FS_ASSIGN_OR_RETURN(FilterLiteral lo, Convert(column, low));
      FS_ASSIGN_OR_RETURN(FilterLiteral hi, Convert(column, high));
      node->values.push_back(std::move(lo));
      node->values.push_back(std::move(hi));
      FS_RETURN_IF_ERROR(CountValue(low.pos, 2));
      return NodePtr(node);
    }
    if (node->negated) return Error(kw, "expected IN, LIKE, ILIKE or BETWEEN after NOT");
    if (column.type == ColumnType::kBoolean) {
      node->kind = FilterNode::Kind::kBoolColumn;
      return NodePtr(node);
    }
    if (t.kind == Token::Kind::kLParen) {
      return Error(t, "functions are not allowed (" + std::string(column.name) + "(…))");
    }
    return Error(t.kind == Token::Kind::kEnd ? column_pos : t.pos,
                 "expected a comparison (=, <>, <, <=, >, >=, IN, LIKE, BETWEEN, IS) after " +
                     std::string(column.name) + ", found " + Describe(t));
  }

  Status CheckOperator(const CompanyColumn& column, const std::string& op, size_t pos) const {
    if (column.type == ColumnType::kBoolean && op != "=" && op != "<>") {
      return Error(pos, std::string(column.name) + " is a boolean: only = and <> apply");
    }
    return Status::Ok();
  }

  Status CountValue(size_t pos, size_t n) {
    values_ += n;
    if (values_ > kFilterMaxValues) {
      return Error(pos, "too many values (more than " + std::to_string(kFilterMaxValues) + ")");
    }
    return Status::Ok();
  }

  std::vector<Token> t_;
  TableMode mode_;
  size_t k_ = 0;
  int depth_ = 0;
  size_t values_ = 0;
};

}  // namespace

Result<Filter> Filter::Parse(std::string_view text, TableMode mode) {
  if (text.size() > kFilterMaxChars) {
    return Status::InvalidArgument("targeting_sql is longer than " +
                                   std::to_string(kFilterMaxChars) + " bytes");
  }
  size_t bad = 0;
  if (!IsValidUtf8(text, &bad)) {
    return Status::InvalidArgument("targeting_sql is not valid UTF-8 (byte " +
                                   std::to_string(bad + 1) + ")");
  }
  if (text.find('\0') != std::string_view::npos) {
    return Status::InvalidArgument("targeting_sql contains a NUL character");
  }
  FS_ASSIGN_OR_RETURN(std::vector<Token> tokens, Lexer(text).Run());
  FS_ASSIGN_OR_RETURN(NodePtr root, Parser(std::move(tokens), mode).Run());
  Filter f;
  f.root_ = std::move(root);
  return f;
}

}  // namespace formsender::sendqueue
