// Compiles a parsed filter to SQL over the alias `c`. Only column names from the whitelist and
// fixed keywords reach the SQL text; every value is a bound parameter.
#include "common/strings.h"
#include "sendqueue/filter.h"
#include "sendqueue/filter_ast.h"

namespace formsender::sendqueue {
namespace {

// LIKE patterns (PostgreSQL semantics: % any run, _ one character, \ escapes the next
// character) become GLOB patterns on SQLite, whose LIKE ignores ASCII case while
// PostgreSQL's does not: both backends then match exactly the same names.
std::string LikeToGlob(std::string_view like) {
  std::string out;
  for (size_t i = 0; i < like.size(); ++i) {
    char c = like[i];
    if (c == '\\' && i + 1 < like.size()) {
      char next = like[++i];
      if (next == '*' || next == '?' || next == '[') {
        out += '[';
        out += next;
        out += ']';
      } else {
        out += next;
      }
    } else if (c == '%') {
      out += '*';
    } else if (c == '_') {
      out += '?';
    } else if (c == '*' || c == '?' || c == '[') {
      out += '[';
      out += c;
      out += ']';
    } else {
      out += c;
    }
  }
  return out;
}

class Compiler {
 public:
  Compiler(store::Dialect dialect, int first_param) : dialect_(dialect), next_(first_param) {}

  std::string Node(const FilterNode& n) {
    std::string col = n.column ? "c." + std::string(n.column->name) : "";
    switch (n.kind) {
      case FilterNode::Kind::kAnd:
      case FilterNode::Kind::kOr: {
        std::vector<std::string> parts;
        for (const auto& child : n.children) parts.push_back(Node(*child));
        return "(" + Join(parts, n.kind == FilterNode::Kind::kAnd ? " AND " : " OR ") + ")";
      }
      case FilterNode::Kind::kNot:
        return "(NOT " + Node(*n.children[0]) + ")";
      case FilterNode::Kind::kCompare:
        return col + " " + n.op + " " + Param(n.values[0]);
      case FilterNode::Kind::kIn: {
        std::vector<std::string> params;
        for (const auto& v : n.values) params.push_back(Param(v));
        return col + (n.negated ? " NOT IN (" : " IN (") + Join(params, ", ") + ")";
      }
      case FilterNode::Kind::kLike: {
        const auto& pattern = std::get<std::string>(n.values[0].value.get());
        std::string neg = n.negated ? " NOT" : "";
        if (dialect_ == store::Dialect::kPostgres) {
          return col + neg + " " + n.op + " " + Param(n.values[0]);
        }
        if (n.op == "ILIKE") return col + neg + " LIKE " + Param(n.values[0]) + " ESCAPE '\\'";
        return col + neg + " GLOB " + Param({LikeToGlob(pattern), "text", ""});
      }
      case FilterNode::Kind::kBetween:
        return col + (n.negated ? " NOT BETWEEN " : " BETWEEN ") + Param(n.values[0]) + " AND " +
               Param(n.values[1]);
      case FilterNode::Kind::kIsNull:
        return col + (n.negated ? " IS NOT NULL" : " IS NULL");
      case FilterNode::Kind::kIsBool: {
        bool b = std::get<bool>(n.values[0].value.get());
        return col + (n.negated ? " IS NOT " : " IS ") + (b ? "TRUE" : "FALSE");
      }
      case FilterNode::Kind::kBoolColumn:
        return col;
    }
    return "FALSE";
  }

  store::Params TakeParams() { return std::move(params_); }

 private:
  std::string Param(const FilterLiteral& v) {
    params_.push_back(v.value);
    std::string p = "$" + std::to_string(next_++);
    if (dialect_ == store::Dialect::kPostgres) p += "::" + std::string(v.pg_cast);
    return p;
  }

  store::Dialect dialect_;
  int next_;
  store::Params params_;
};

std::string Canonical(const FilterNode& n) {
  std::string col = n.column ? "c." + std::string(n.column->name) : "";
  switch (n.kind) {
    case FilterNode::Kind::kAnd:
    case FilterNode::Kind::kOr: {
      std::vector<std::string> parts;
      for (const auto& child : n.children) parts.push_back(Canonical(*child));
      return "(" + Join(parts, n.kind == FilterNode::Kind::kAnd ? " AND " : " OR ") + ")";
    }
    case FilterNode::Kind::kNot:
      return "NOT " + Canonical(*n.children[0]);
    case FilterNode::Kind::kCompare:
      return col + " " + n.op + " " + n.values[0].text;
    case FilterNode::Kind::kIn: {
      std::vector<std::string> values;
      for (const auto& v : n.values) values.push_back(v.text);
      return col + (n.negated ? " NOT IN (" : " IN (") + Join(values, ", ") + ")";
    }
    case FilterNode::Kind::kLike:
      return col + (n.negated ? " NOT " : " ") + n.op + " " + n.values[0].text;
    case FilterNode::Kind::kBetween:
      return col + (n.negated ? " NOT BETWEEN " : " BETWEEN ") + n.values[0].text + " AND " +
             n.values[1].text;
    case FilterNode::Kind::kIsNull:
      return col + (n.negated ? " IS NOT NULL" : " IS NULL");
    case FilterNode::Kind::kIsBool:
      return col + (n.negated ? " IS NOT " : " IS ") + n.values[0].text;
    case FilterNode::Kind::kBoolColumn:
      return col;
  }
  return "";
}

}  // namespace

CompiledFilter Filter::Compile(store::Dialect dialect, int first_param) const {
  if (!root_) return {"TRUE", {}};
  Compiler compiler(dialect, first_param);
  std::string sql = "(" + compiler.Node(*root_) + ")";
  return {std::move(sql), compiler.TakeParams()};
}

std::string Filter::ToString() const { return root_ ? Canonical(*root_) : ""; }

}  // namespace formsender::sendqueue
