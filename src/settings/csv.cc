#include "settings/csv.h"

namespace formsender::settings {

bool CsvRecord::IsBlank() const {
  for (const auto& f : fields) {
    if (!f.empty()) return false;
  }
  return true;
}

Result<std::vector<CsvRecord>> ParseCsv(std::string_view text, std::string_view label) {
  std::vector<CsvRecord> records;
  int line = 1;
  size_t i = 0;
  const size_t n = text.size();
  auto error = [&](int at, const std::string& what) {
    return Status::InvalidArgument(std::string(label) + ":" + std::to_string(at) + ": " + what);
  };
  // Consumes a record end at i (CRLF, LF or CR); returns false if there is none.
  auto consume_line_end = [&]() {
    if (i < n && text[i] == '\r') {
      ++i;
      if (i < n && text[i] == '\n') ++i;
      ++line;
      return true;
    }
    if (i < n && text[i] == '\n') {
      ++i;
      ++line;
      return true;
    }
    return false;
  };
  while (i < n) {
    CsvRecord record;
    record.line = line;
    while (true) {  // one field per iteration
      std::string field;
      if (i < n && text[i] == '"') {
        int opened = line;
        ++i;
        while (true) {
          if (i >= n) return error(opened, "unterminated quoted field (opened on this line)");
          char c = text[i];
          if (c == '"') {
            if (i + 1 < n && text[i + 1] == '"') {
              field += '"';
              i += 2;
              continue;
            }
            ++i;
            break;
          }
          if (c == '\r' || c == '\n') {
            // A line break inside quotes is part of the value; normalise CRLF to LF.
            if (c == '\r' && i + 1 < n && text[i + 1] == '\n') ++i;
            field += '\n';
            ++i;
            ++line;
            continue;
          }
          field += c;
          ++i;
        }
        if (i < n && text[i] != ',' && text[i] != '\r' && text[i] != '\n') {
          return error(line, "unexpected text after the closing quote of field " +
                                 std::to_string(record.fields.size() + 1));
        }
      } else {
        while (i < n && text[i] != ',' && text[i] != '\r' && text[i] != '\n') {
          if (text[i] == '"') {
            return error(line, "a quote inside unquoted field " +
                                   std::to_string(record.fields.size() + 1) +
                                   " (quote the whole field and double the quote)");
          }
          field += text[i++];
        }
      }
      record.fields.push_back(std::move(field));
      if (i < n && text[i] == ',') {
        ++i;
        continue;
      }
      consume_line_end();
      break;
    }
    records.push_back(std::move(record));
  }
  return records;
}

}  // namespace formsender::settings
