#pragma once
// A streaming RFC 4180 CSV reader: comma-separated fields, records ended by CRLF or LF, fields
// optionally double-quoted (a quoted field may hold commas, line breaks and "" for a quote).
// It reads from any std::istream in fixed-size chunks, so a file of any size is read in
// constant memory. Errors name the source, the line and the column (1-based, in characters).
//
//   CsvReader reader(file, "companies.csv");
//   std::vector<std::string> fields;
//   while (true) {
//     auto more = reader.Next(fields);
//     if (!more.ok()) return more.status();
//     if (!*more) break;
//     ... reader.record_line() ...
//   }

#include <cstdint>
#include <istream>
#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"

namespace formsender {

struct CsvOptions {
  // A record that is one empty field (an empty line) is skipped instead of returned.
  bool skip_blank_lines = true;
  // Fields must be valid UTF-8 (an error names the line and column otherwise).
  bool require_utf8 = true;
};

// Where a field started: 1-based physical line and 1-based column in characters.
struct CsvPosition {
  int64_t line = 0;
  int64_t column = 0;
};

class CsvReader {
 public:
  CsvReader(std::istream& in, std::string source_name, CsvOptions options = {});

  // Reads the next record into `fields` (replacing its contents). Returns false at the end of
  // the input. A UTF-8 byte order mark at the start of the input is skipped.
  Result<bool> Next(std::vector<std::string>& fields);

  // The line on which the last record returned by Next began.
  int64_t record_line() const { return record_line_; }
  // Where field `index` of the last record began.
  CsvPosition field_position(size_t index) const {
    return index < positions_.size() ? positions_[index] : CsvPosition{record_line_, 0};
  }
  const std::string& source_name() const { return source_name_; }
  // "companies.csv line 12 column 30: <message>": the form every error of an import takes.
  std::string Where(CsvPosition position) const;

 private:
  // Returns the next byte, or -1 at the end of the input.
  int Get();
  int Peek();
  Status Error(CsvPosition position, std::string_view message) const;

  std::istream& in_;
  std::string source_name_;
  CsvOptions options_;
  std::string buffer_;
  size_t pos_ = 0;
  size_t end_ = 0;
  bool eof_ = false;
  bool started_ = false;
  int64_t line_ = 1;
  int64_t column_ = 1;  // column (in characters) of the next byte
  int64_t record_line_ = 0;
  std::vector<CsvPosition> positions_;
};

// Whether `text` is valid UTF-8; on failure `bad_offset` is the byte offset of the first
// invalid sequence.
bool IsValidUtf8(std::string_view text, size_t* bad_offset = nullptr);

// One CSV record (RFC 4180): fields with a comma, quote, CR or LF are quoted, quotes doubled.
// No line ending is added.
std::string FormatCsvRow(const std::vector<std::string>& fields);

}  // namespace formsender
