#include "store/sql_text.h"

#include <cctype>

#include "common/strings.h"

namespace formsender::store {
namespace {

bool IsIdentChar(char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; }

}  // namespace

std::string TranslateForSqlite(std::string_view sql) {
  std::string out;
  out.reserve(sql.size());
  size_t i = 0;
  while (i < sql.size()) {
    char c = sql[i];
    if (c == '\'' || c == '"') {  // literal or quoted identifier, doubled quote escapes
      size_t j = i + 1;
      while (j < sql.size()) {
        if (sql[j] == c) {
          if (j + 1 < sql.size() && sql[j + 1] == c) {
            j += 2;
            continue;
          }
          break;
        }
        ++j;
      }
      size_t end = std::min(j + 1, sql.size());
      out.append(sql.substr(i, end - i));
      i = end;
    } else if (c == '-' && i + 1 < sql.size() && sql[i + 1] == '-') {
      size_t end = sql.find('\n', i);
      if (end == std::string_view::npos) end = sql.size();
      out.append(sql.substr(i, end - i));
      i = end;
    } else if (c == '/' && i + 1 < sql.size() && sql[i + 1] == '*') {
      size_t end = sql.find("*/", i + 2);
      end = end == std::string_view::npos ? sql.size() : end + 2;
      out.append(sql.substr(i, end - i));
      i = end;
    } else if (c == '$' && i + 1 < sql.size() &&
               std::isdigit(static_cast<unsigned char>(sql[i + 1]))) {
      out += '?';
      ++i;
    } else if (c == ':' && i + 1 < sql.size() && sql[i + 1] == ':') {
      size_t j = i + 2;
      while (j < sql.size() && (IsIdentChar(sql[j]))) ++j;
      if (j + 1 < sql.size() && sql[j] == '[' && sql[j + 1] == ']') j += 2;
      i = j;  // drop the cast
    } else if ((c == 'I' || c == 'i') && (i == 0 || !IsIdentChar(sql[i - 1])) &&
               i + 5 <= sql.size() && EqualsIgnoreCase(sql.substr(i, 5), "ILIKE") &&
               (i + 5 == sql.size() || !IsIdentChar(sql[i + 5]))) {
      out += "LIKE";
      i += 5;
    } else {
      out += c;
      ++i;
    }
  }
  return out;
}

std::string StatementLabel(std::string_view sql) {
  std::string_view s = Trim(sql);
  size_t nl = s.find('\n');
  std::string line(Trim(s.substr(0, nl)));
  if (line.size() > 100) line = line.substr(0, 97) + "...";
  return line;
}

}  // namespace formsender::store
