// The recursive-descent parser of the targeting filter language. Grammar:
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
#include <map>

#include "common/csv.h"
#include "common/strings.h"
#include "sendqueue/filter.h"
#include "sendqueue/filter_ast.h"
#include "sendqueue/filter_internal.h"

namespace formsender::sendqueue {
namespace {

using namespace filter_internal;  // NOLINT: the parser is the lexer's only user

using NodePtr = std::shared_ptr<const FilterNode>;

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
  Status Error(const Token& at, std::string message) const {
    return FilterError(at.pos, std::move(message));
  }
  Status Error(size_t pos, std::string message) const {
    return FilterError(pos, std::move(message));
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
      FS_ASSIGN_OR_RETURN(FilterLiteral v, ConvertLiteral(*node->column, lit));
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
      FS_ASSIGN_OR_RETURN(FilterLiteral v, ConvertLiteral(column, lit));
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
        FS_ASSIGN_OR_RETURN(FilterLiteral v, ConvertLiteral(column, lit));
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
      FS_ASSIGN_OR_RETURN(FilterLiteral lo, ConvertLiteral(column, low));
      FS_ASSIGN_OR_RETURN(FilterLiteral hi, ConvertLiteral(column, high));
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
  FS_ASSIGN_OR_RETURN(std::vector<Token> tokens, Lex(text));
  FS_ASSIGN_OR_RETURN(NodePtr root, Parser(std::move(tokens), mode).Run());
  Filter f;
  f.root_ = std::move(root);
  return f;
}

}  // namespace formsender::sendqueue
