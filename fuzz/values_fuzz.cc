// The small value parsers every sheet cell, property and payload goes through: whole numbers
// ("1,000"), ranges, session hours, days of the week, escape expansion and ISO timestamps.
// No crash, no overflow (UBSan), and accepted values are in range and read back.
//
// Input: a selector byte (which parser), then the text.
#include <cstdint>
#include <string>

#include "common/time.h"
#include "fuzz/fuzz_input.h"
#include "settings/values.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace formsender;
  using namespace formsender::settings;
  fuzz::FuzzInput in(data, size);
  const uint8_t which = in.Byte();
  const std::string text(in.Rest());

  switch (which % 6) {
    case 0: {
      auto n = ParseWholeNumber(text);
      if (n.ok()) {
        auto again = ParseWholeNumber(std::to_string(*n));
        FUZZ_CHECK(again.ok() && *again == *n, "a whole number does not read back: " + text);
      }
      break;
    }
    case 1: {
      auto n = ParseIntInRange(text, kMaxDailySendsRange);
      if (n.ok()) FUZZ_CHECK(CheckIntRange(*n, kMaxDailySendsRange).ok(), text);
      break;
    }
    case 2: {
      auto h = ParseSessionHours(text);
      if (h.ok()) FUZZ_CHECK(*h > 0 && *h <= kMaxSessionHours, text);
      break;
    }
    case 3: {
      auto days = ParseDaysOfWeek(text);
      if (days.ok()) {
        FUZZ_CHECK(!days->empty(), "an empty list of days accepted: " + text);
        for (int d : *days) FUZZ_CHECK(d >= 0 && d <= 6, "a day out of range: " + text);
        auto again = ParseDaysOfWeek(FormatDaysOfWeek(*days));
        FUZZ_CHECK(again.ok() && *again == *days, "days do not read back: " + text);
      }
      break;
    }
    case 4: {
      std::string expanded = ExpandEscapes(text);
      FUZZ_CHECK(expanded.size() <= text.size(), "expansion grew the text");
      break;
    }
    case 5: {
      auto t = ParseIsoTimestamp(text);
      if (t.ok()) {
        // Written with microseconds (what the databases keep): a finer fraction reads back
        // truncated to the microsecond, never as another time.
        std::string formatted = FormatUtcIso(*t, /*with_micros=*/true);
        auto again = ParseIsoTimestamp(formatted);
        FUZZ_CHECK(again.ok() && *again == std::chrono::floor<std::chrono::microseconds>(*t),
                   "a timestamp does not read back: " + text + " → " + formatted);
        (void)FormatJstIso(*t);
        (void)ToJst(*t);
      }
      break;
    }
  }
  return 0;
}
