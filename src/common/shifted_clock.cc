#include "common/shifted_clock.h"

#include <charconv>
#include <string>

#include "common/time.h"

namespace formsender {
namespace {

constexpr double kMaxRate = 10000.0;

Status SpecError(std::string_view text, std::string_view what) {
  return Status::InvalidArgument("FORMSENDER_CLOCK \"" + std::string(text) +
                                 "\": " + std::string(what) +
                                 " (expected ISO-TIME[@REAL_UNIX_MS][xRATE], e.g. "
                                 "2026-12-01T17:58:00+09:00@1764400000000x60)");
}

}  // namespace

Result<ShiftedClockSpec> ParseShiftedClockSpec(std::string_view text, TimePoint real_now) {
  ShiftedClockSpec spec;
  spec.real_anchor = real_now;
  std::string_view rest = text;
  // The rate comes last and the ISO time never contains 'x', so the last 'x' splits it off.
  if (size_t x = rest.rfind('x'); x != std::string_view::npos) {
    std::string rate_text(rest.substr(x + 1));
    char* end = nullptr;
    double rate = std::strtod(rate_text.c_str(), &end);
    if (rate_text.empty() || end != rate_text.c_str() + rate_text.size() || !(rate > 0.0) ||
        rate > kMaxRate) {
      return SpecError(text, "rate \"" + rate_text + "\" is not a number in (0, 10000]");
    }
    spec.rate = rate;
    rest = rest.substr(0, x);
  }
  if (size_t at = rest.find('@'); at != std::string_view::npos) {
    std::string_view anchor = rest.substr(at + 1);
    int64_t ms = 0;
    auto [ptr, ec] = std::from_chars(anchor.data(), anchor.data() + anchor.size(), ms);
    if (anchor.empty() || ec != std::errc() || ptr != anchor.data() + anchor.size() || ms < 0) {
      return SpecError(text, "anchor \"" + std::string(anchor) + "\" is not Unix milliseconds");
    }
    spec.real_anchor = TimePoint(std::chrono::milliseconds(ms));
    rest = rest.substr(0, at);
  }
  Result<TimePoint> start = ParseIsoTimestamp(rest);
  if (!start.ok()) return SpecError(text, "time: " + start.status().message());
  spec.simulated_start = *start;
  return spec;
}

TimePoint ShiftedClock::Now() const {
  auto real_elapsed = real_.Now() - spec_.real_anchor;
  auto simulated = std::chrono::duration_cast<Duration>(
      std::chrono::duration<double, Duration::period>(real_elapsed.count() * spec_.rate));
  return spec_.simulated_start + simulated;
}

void ShiftedClock::SleepFor(Duration d) const {
  if (d <= Duration::zero()) return;
  real_.SleepFor(std::chrono::duration_cast<Duration>(
      std::chrono::duration<double, Duration::period>(d.count() / spec_.rate)));
}

Result<std::unique_ptr<Clock>> MakeProcessClock(std::string_view value) {
  if (value.empty()) return std::unique_ptr<Clock>(std::make_unique<SystemClock>());
  FS_ASSIGN_OR_RETURN(ShiftedClockSpec spec,
                      ParseShiftedClockSpec(value, std::chrono::system_clock::now()));
  return std::unique_ptr<Clock>(std::make_unique<ShiftedClock>(spec));
}

}  // namespace formsender
