// The lexer of the targeting filter language.
#include <cctype>

#include "common/strings.h"
#include "sendqueue/filter_internal.h"

namespace formsender::sendqueue::filter_internal {
namespace {

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
        if (c == '-' && Next() == '-') return FilterError(t.pos, "comments (--) are not allowed");
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
        if (op == "!") return FilterError(t.pos, "unexpected character '!' (use <> or NOT)");
        if (op == "==") return FilterError(t.pos, "use = to compare, not ==");
        t.kind = Token::Kind::kOp;
        t.text = op == "!=" ? "<>" : op;
      } else if (c == ';') {
        return FilterError(t.pos, "';' is not allowed: a filter is one condition, not statements");
      } else if (c == '/' && Next() == '*') {
        return FilterError(t.pos, "comments (/* */) are not allowed");
      } else {
        size_t len = CharLength(c);
        return FilterError(t.pos, "unexpected character '" + std::string(s_.substr(i_, len)) + "'");
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
  Result<std::string> LexString() {
    size_t start_pos = char_pos_;
    Advance();
    std::string value;
    while (true) {
      if (i_ >= s_.size()) return FilterError(start_pos, "string is never closed (a ' is missing)");
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
    if (i_ >= s_.size()) return FilterError(start_pos, "quoted column name is never closed");
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
        return FilterError(start_pos, "malformed number");
      }
      while (i_ < s_.size() && std::isdigit(static_cast<unsigned char>(s_[i_]))) Advance();
    }
    if (i_ < s_.size() && IsIdentStart(static_cast<unsigned char>(s_[i_]))) {
      return FilterError(start_pos, "malformed number");
    }
    return std::string(s_.substr(start, i_ - start));
  }

  std::string_view s_;
  size_t i_ = 0;
  size_t char_pos_ = 1;
};

}  // namespace

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

Result<std::vector<Token>> Lex(std::string_view text) { return Lexer(text).Run(); }

std::string QuoteSql(std::string_view s) {
  return "'" + ReplaceAll(std::string(s), "'", "''") + "'";
}

Status FilterError(size_t pos, std::string message) {
  return Status::InvalidArgument("targeting_sql position " + std::to_string(pos) + ": " +
                                 std::move(message));
}

}  // namespace formsender::sendqueue::filter_internal
