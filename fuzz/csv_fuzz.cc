// Both CSV readers on arbitrary bytes: the streaming reader of company imports (common/csv.h,
// read through a tiny chunked stream so records straddle chunk borders) and the sheet reader
// (settings/csv.h). No crash; errors name a line; the two agree on what is a valid file.
//
// Input: the CSV bytes.
#include <cstdint>
#include <sstream>
#include <string>
#include <vector>

#include "common/csv.h"
#include "fuzz/fuzz_input.h"
#include "settings/csv.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace formsender;
  const std::string bytes(reinterpret_cast<const char*>(data), size);

  std::istringstream stream(bytes);
  CsvReader reader(stream, "fuzz.csv");
  std::vector<std::string> fields;
  int64_t last_line = 0;
  size_t records = 0;
  while (true) {
    auto more = reader.Next(fields);
    if (!more.ok()) {
      FUZZ_CHECK(more.status().message().find("fuzz.csv") != std::string::npos,
                 "an error that does not name the source: " + more.status().message());
      break;
    }
    if (!*more) break;
    FUZZ_CHECK(reader.record_line() > last_line, "record lines do not increase");
    last_line = reader.record_line();
    for (size_t i = 0; i < fields.size(); ++i) {
      FUZZ_CHECK(IsValidUtf8(fields[i]), "a field that is not UTF-8");
      CsvPosition p = reader.field_position(i);
      FUZZ_CHECK(p.line >= reader.record_line() && p.column >= 1, "a bad field position");
    }
    FUZZ_CHECK(++records <= size + 1, "more records than bytes");
  }

  auto sheet = settings::ParseCsv(bytes, "sheet.csv");
  if (sheet.ok()) {
    int last = 0;
    for (const settings::CsvRecord& r : *sheet) {
      FUZZ_CHECK(r.line > last, "sheet record lines do not increase");
      last = r.line;
    }
  } else {
    FUZZ_CHECK(sheet.status().message().find("sheet.csv") != std::string::npos,
               "an error that does not name the sheet: " + sheet.status().message());
  }
  return 0;
}
