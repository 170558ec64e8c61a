#include "settings/toml.h"

#include <cctype>
#include <cmath>
#include <map>

#include "common/json.h"
#include "common/strings.h"

namespace formsender::settings {
namespace {

class LineParser {
 public:
  LineParser(std::string_view line, std::string prefix) : s_(line), prefix_(std::move(prefix)) {}

  Status Error(std::string_view what) const {
    return Status::InvalidArgument(prefix_ + std::string(what));
  }
  void SkipSpace() {
    while (pos_ < s_.size() && (s_[pos_] == ' ' || s_[pos_] == '\t')) ++pos_;
  }
  bool AtEnd() const { return pos_ >= s_.size(); }
  bool Consume(char c) {
    SkipSpace();
    if (Peek() != c) return false;
    ++pos_;
    return true;
  }
  char Peek() const { return AtEnd() ? '\0' : s_[pos_]; }
  // After a value: only spaces and an optional comment may follow.
  Status ExpectLineEnd() {
    SkipSpace();
    if (AtEnd() || Peek() == '#') return Status::Ok();
    return Error("unexpected text after the value: \"" + std::string(s_.substr(pos_)) + "\"");
  }

  // A dotted key: bare (A-Za-z0-9_-) or quoted parts joined by '.'.
  Result<std::string> Key() {
    std::string key;
    while (true) {
      SkipSpace();
      if (Peek() == '"' || Peek() == '\'') {
        FS_ASSIGN_OR_RETURN(std::string part, QuotedString());
        if (part.empty()) return Error("empty key");
        key += part;
      } else {
        size_t start = pos_;
        while (!AtEnd() && (std::isalnum(static_cast<unsigned char>(Peek())) || Peek() == '_' ||
                            Peek() == '-')) {
          ++pos_;
        }
        if (pos_ == start) return Error("expected a key");
        key += std::string(s_.substr(start, pos_ - start));
      }
      SkipSpace();
      if (Peek() != '.') return key;
      ++pos_;
      key += '.';
    }
  }

  Result<TomlValue> Value() {
    SkipSpace();
    char c = Peek();
    if (c == '"' || c == '\'') {
      if (s_.substr(pos_).starts_with("\"\"\"") || s_.substr(pos_).starts_with("'''")) {
        return Error("multi-line strings are not supported");
      }
      FS_ASSIGN_OR_RETURN(std::string v, QuotedString());
      return TomlValue(std::move(v));
    }
    if (c == '[' || c == '{') return Error("arrays and inline tables are not supported");
    size_t start = pos_;
    while (!AtEnd() && Peek() != ' ' && Peek() != '\t' && Peek() != '#') ++pos_;
    std::string_view token = s_.substr(start, pos_ - start);
    if (token.empty()) return Error("missing value");
    if (token == "true") return TomlValue(true);
    if (token == "false") return TomlValue(false);
    return Number(token);
  }

 private:
  Result<TomlValue> Number(std::string_view token) {
    // Underscores may separate digits (1_000); remove them after checking their placement.
    std::string digits;
    for (size_t i = 0; i < token.size(); ++i) {
      if (token[i] == '_') {
        bool ok = i > 0 && i + 1 < token.size() &&
                  std::isdigit(static_cast<unsigned char>(token[i - 1])) &&
                  std::isdigit(static_cast<unsigned char>(token[i + 1]));
        if (!ok) return Error("malformed number \"" + std::string(token) + "\"");
        continue;
      }
      digits += token[i];
    }
    bool is_float = digits.find_first_of(".eE") != std::string::npos;
    if (!is_float) {
      auto v = ParseInt64(digits);
      if (v.ok()) return TomlValue(*v);
    } else {
      // A leading or trailing '.' is not TOML (".5", "5.").
      auto dot = digits.find('.');
      bool dot_ok =
          dot == std::string::npos || (dot > 0 && dot + 1 < digits.size() &&
                                       std::isdigit(static_cast<unsigned char>(digits[dot - 1])) &&
                                       std::isdigit(static_cast<unsigned char>(digits[dot + 1])));
      auto v = ParseDouble(digits);
      if (dot_ok && v.ok() && std::isfinite(*v)) return TomlValue(*v);
    }
    if (std::isalpha(static_cast<unsigned char>(token[0]))) {
      return Error("value " + std::string(token) +
                   " is not a number, true or false (quote strings: \"" + std::string(token) +
                   "\")");
    }
    return Error("malformed number \"" + std::string(token) + "\"");
  }

  Result<std::string> QuotedString() {
    char quote = s_[pos_++];
    std::string out;
    while (true) {
      if (AtEnd()) return Error("unterminated string");
      char c = s_[pos_++];
      if (c == quote) return out;
      if (quote == '\'' || c != '\\') {
        out += c;
        continue;
      }
      if (AtEnd()) return Error("unterminated string");
      char e = s_[pos_++];
      switch (e) {
        case '"':
          out += '"';
          break;
        case '\\':
          out += '\\';
          break;
        case 'n':
          out += '\n';
          break;
        case 't':
          out += '\t';
          break;
        case 'r':
          out += '\r';
          break;
        case 'b':
          out += '\b';
          break;
        case 'f':
          out += '\f';
          break;
        case 'u':
        case 'U': {
          size_t n = e == 'u' ? 4 : 8;
          if (pos_ + n > s_.size()) return Error("malformed \\" + std::string(1, e) + " escape");
          auto bytes = HexDecode((n == 4 ? "0000" : "") + std::string(s_.substr(pos_, n)));
          if (!bytes.ok()) return Error("malformed \\" + std::string(1, e) + " escape");
          uint32_t cp = 0;
          for (unsigned char b : *bytes) cp = cp << 8 | b;
          pos_ += n;
          if (cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) {
            return Error("escape is not a Unicode scalar value");
          }
          AppendUtf8(out, cp);
          break;
        }
        default:
          return Error("unknown escape \\" + std::string(1, e));
      }
    }
  }

  static void AppendUtf8(std::string& out, uint32_t cp) {
    if (cp < 0x80) {
      out += static_cast<char>(cp);
    } else if (cp < 0x800) {
      out += static_cast<char>(0xC0 | cp >> 6);
      out += static_cast<char>(0x80 | (cp & 0x3F));
    } else if (cp < 0x10000) {
      out += static_cast<char>(0xE0 | cp >> 12);
      out += static_cast<char>(0x80 | (cp >> 6 & 0x3F));
      out += static_cast<char>(0x80 | (cp & 0x3F));
    } else {
      out += static_cast<char>(0xF0 | cp >> 18);
      out += static_cast<char>(0x80 | (cp >> 12 & 0x3F));
      out += static_cast<char>(0x80 | (cp >> 6 & 0x3F));
      out += static_cast<char>(0x80 | (cp & 0x3F));
    }
  }

  std::string_view s_;
  std::string prefix_;
  size_t pos_ = 0;
};

}  // namespace

Result<std::vector<TomlEntry>> ParseToml(std::string_view text, std::string_view file_name) {
  if (text.starts_with("\xEF\xBB\xBF")) text.remove_prefix(3);
  std::vector<TomlEntry> entries;
  std::map<std::string, int> seen;  // key → line
  std::string section;
  int line_no = 0;
  for (const std::string& raw_line : Split(text, '\n')) {
    ++line_no;
    std::string_view line = raw_line;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    LineParser p(line, std::string(file_name) + ":" + std::to_string(line_no) + ": ");
    p.SkipSpace();
    if (p.AtEnd() || p.Peek() == '#') continue;
    if (p.Consume('[')) {
      if (p.Peek() == '[') return p.Error("arrays of tables are not supported");
      FS_ASSIGN_OR_RETURN(section, p.Key());
      if (!p.Consume(']')) return p.Error("expected ']' after the table name");
      FS_RETURN_IF_ERROR(p.ExpectLineEnd());
      continue;
    }
    FS_ASSIGN_OR_RETURN(std::string key, p.Key());
    if (!p.Consume('=')) return p.Error("expected '=' after " + key);
    FS_ASSIGN_OR_RETURN(TomlValue value, p.Value());
    FS_RETURN_IF_ERROR(p.ExpectLineEnd());
    std::string full = section.empty() ? key : section + "." + key;
    if (auto it = seen.find(full); it != seen.end()) {
      return p.Error("duplicate key " + full + " (first set on line " + std::to_string(it->second) +
                     ")");
    }
    seen[full] = line_no;
    entries.push_back(TomlEntry{full, std::move(value), line_no});
  }
  return entries;
}

std::string_view TomlTypeName(const TomlValue& v) {
  switch (v.index()) {
    case 0:
      return "string";
    case 1:
      return "integer";
    case 2:
      return "float";
    default:
      return "boolean";
  }
}

std::string TomlValueText(const TomlValue& v) {
  if (auto* s = std::get_if<std::string>(&v)) return "\"" + *s + "\"";
  if (auto* i = std::get_if<int64_t>(&v)) return std::to_string(*i);
  if (auto* d = std::get_if<double>(&v)) {
    Json j = *d;
    return j.dump();
  }
  return std::get<bool>(v) ? "true" : "false";
}

}  // namespace formsender::settings
