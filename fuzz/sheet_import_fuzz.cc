// The targeting and client sheet imports (settings/sheet_import.h) on arbitrary bytes: decode
// (UTF-8 or CP932), CSV, header mapping and every cell's validation. All-or-nothing: either
// rows that passed every check, or one error listing problems, each naming the sheet.
//
// Input: a selector byte (targeting or client sheet), then the exported CSV bytes. Seeds start
// from the sheets of the settings tests.
#include <cstdint>
#include <string>

#include "fuzz/fuzz_input.h"
#include "settings/sheet_import.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace formsender;
  using namespace formsender::settings;
  fuzz::FuzzInput in(data, size);
  const bool client = in.Bool();
  const std::string bytes(in.Rest());
  const TimePoint imported_at = std::chrono::sys_days{std::chrono::year{2026} / 4 / 1};

  if (client) {
    auto parsed = ParseClientSheet(bytes, "client.csv", imported_at);
    if (!parsed.ok()) {
      FUZZ_CHECK(parsed.status().message().find("client.csv") != std::string::npos,
                 parsed.status().message());
      return 0;
    }
    for (const Client& c : parsed->rows) FUZZ_CHECK(c.id > 0, "a client id that is not positive");
  } else {
    auto parsed = ParseTargetingSheet(bytes, "targeting.csv", imported_at);
    if (!parsed.ok()) {
      FUZZ_CHECK(parsed.status().message().find("targeting.csv") != std::string::npos,
                 parsed.status().message());
      return 0;
    }
    for (const Targeting& t : parsed->rows) {
      FUZZ_CHECK(t.id > 0 && t.client_id > 0, "an id that is not positive");
    }
  }
  return 0;
}
