#pragma once
// RFC 4180 CSV as Google Sheets and Excel write it: comma-separated fields, quoted fields that
// may hold commas, doubled quotes and line breaks, CRLF or LF record ends, an optional final
// line break. Decoding (BOM, Shift_JIS) happens before, in encoding.h.

#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"

namespace formsender::settings {

struct CsvRecord {
  int line = 0;  // the 1-based line on which the record starts
  std::vector<std::string> fields;
  // True when every field is empty (a blank row of the sheet).
  bool IsBlank() const;
};

// Errors name `label`, the line and what is wrong ("targeting.csv:7: unterminated quoted
// field (opened on this line)").
Result<std::vector<CsvRecord>> ParseCsv(std::string_view text, std::string_view label);

}  // namespace formsender::settings
