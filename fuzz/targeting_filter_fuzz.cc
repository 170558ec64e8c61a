// The targeting filter language (docs/targeting-filter.md) on arbitrary text. Whatever the
// input: no crash; an accepted filter compiles to SQL with every value bound (no quote, no
// comment, one placeholder per parameter), and its canonical text parses back to itself.
//
// Input: a selector byte (table mode), then the filter text.
#include <cstdint>
#include <string>

#include "fuzz/fuzz_input.h"
#include "sendqueue/filter.h"

namespace {

using namespace formsender;
using namespace formsender::sendqueue;

size_t CountPlaceholders(const std::string& sql) {
  size_t n = 0;
  for (size_t i = 0; i + 1 < sql.size(); ++i) {
    if (sql[i] == '$' && sql[i + 1] >= '0' && sql[i + 1] <= '9') ++n;
  }
  return n;
}

void CheckCompiled(const Filter& f, store::Dialect dialect, int first) {
  CompiledFilter c = f.Compile(dialect, first);
  FUZZ_CHECK(!c.sql.empty(), "empty SQL");
  // The one literal the compiler writes itself: LIKE's escape character.
  std::string sql = c.sql;
  for (size_t at; (at = sql.find(" ESCAPE '\\'")) != std::string::npos;) sql.erase(at, 11);
  FUZZ_CHECK(sql.find('\'') == std::string::npos, "a literal reached the SQL: " + c.sql);
  FUZZ_CHECK(c.sql.find(';') == std::string::npos, "a ';' reached the SQL: " + c.sql);
  FUZZ_CHECK(c.sql.find("--") == std::string::npos, "a comment reached the SQL: " + c.sql);
  FUZZ_CHECK(c.sql.find("/*") == std::string::npos, "a comment reached the SQL: " + c.sql);
  FUZZ_CHECK(CountPlaceholders(c.sql) == c.params.size(),
             "placeholders and parameters differ: " + c.sql);
  if (!c.params.empty()) {
    FUZZ_CHECK(c.sql.find("$" + std::to_string(first)) != std::string::npos,
               "the first placeholder is not $first: " + c.sql);
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  fuzz::FuzzInput in(data, size);
  const TableMode mode = static_cast<TableMode>(in.Index(3));
  const std::string text(in.Rest());

  auto filter = Filter::Parse(text, mode);
  if (!filter.ok()) {
    FUZZ_CHECK(!filter.status().message().empty(), "an error without a message");
    return 0;
  }
  if (filter->empty()) return 0;
  CheckCompiled(*filter, store::Dialect::kSqlite, 1);
  CheckCompiled(*filter, store::Dialect::kPostgres, 3);

  const std::string canonical = filter->ToString();
  // The canonical text spells every column with its table and doubles quotes, so a filter near
  // the length cap can print longer than the cap; only the text within the cap must parse.
  if (canonical.size() > sendqueue::kFilterMaxChars) return 0;
  auto again = Filter::Parse(canonical, mode);
  FUZZ_CHECK(again.ok(),
             "canonical text does not parse: " + canonical + " → " + again.status().message());
  FUZZ_CHECK(again->ToString() == canonical, "canonical text is not stable: " + canonical);
  return 0;
}
