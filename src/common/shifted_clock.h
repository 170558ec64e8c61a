#pragma once
// A wall clock moved to another day and optionally sped up, shared by every process of one run
// through the environment. The demo and the whole-system tests use it to run a campaign "on a
// Tuesday at 17:58 JST" at any real time, and to see an 18:00 window close in seconds:
//
//   FORMSENDER_CLOCK=2026-12-01T17:58:00+09:00@1764400000000x60
//
// reads "simulated time 17:58 JST on 2026-12-01 at real Unix time 1764400000000 ms, then 60
// simulated seconds per real second". Children inherit the variable, so serve, the batch
// supervisor and every runner agree on the time. Without `@anchor` the anchor is the moment the
// spec is parsed (fine for one process); without `xRATE` the rate is 1.

#include <memory>
#include <string_view>

#include "common/clock.h"
#include "common/status.h"

namespace formsender {

struct ShiftedClockSpec {
  TimePoint simulated_start;
  TimePoint real_anchor;
  double rate = 1.0;
};

// InvalidArgument naming the part that is wrong (time, anchor or rate; rate in (0, 10000]).
Result<ShiftedClockSpec> ParseShiftedClockSpec(std::string_view text, TimePoint real_now);

class ShiftedClock final : public Clock {
 public:
  explicit ShiftedClock(ShiftedClockSpec spec) : spec_(spec) {}
  TimePoint Now() const override;
  // Sleeps the real time that `d` of simulated time takes.
  void SleepFor(Duration d) const override;

 private:
  ShiftedClockSpec spec_;
  SystemClock real_;
};

// The process clock: a ShiftedClock when FORMSENDER_CLOCK is set (and valid), else the system
// clock. `value` is the variable's value, empty when unset.
Result<std::unique_ptr<Clock>> MakeProcessClock(std::string_view value);

}  // namespace formsender
