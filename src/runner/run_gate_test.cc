// The sending window, the session and the drain clocks with a FakeClock (K-161 and §5.3–§5.4,
// holidays included).
#include "runner/run_gate.h"

#include <gtest/gtest.h>

namespace formsender::runner {
namespace {

using std::chrono::hours;
using std::chrono::minutes;
using std::chrono::seconds;
using Kind = RunGate::Decision::Kind;

constexpr CivilDate kThursday{2025, 4, 3};
constexpr CivilDate kSaturday{2025, 4, 5};
constexpr CivilDate kShowaDay{2025, 4, 29};  // a Tuesday holiday

calendar::SendWindow Window() {
  calendar::SendWindow w;
  w.start = {9, 0, 0};
  w.end = {18, 0, 0};
  w.days_of_week = {0, 1, 2, 3, 4};
  return w;
}

struct GateFixture {
  explicit GateFixture(CivilDate day, TimeOfDay at, hours session = hours(8))
      : clock(JstTimeOn(day, at)),
        gate(MakeGateOptions(Window(), calendar::BusinessCalendar(), day, clock.Now() + session,
                             minutes(2), seconds(25)),
             clock) {}
  FakeClock clock;
  RunGate gate;
};

TEST(RunGateTest, Case161_Hours) {
  GateFixture f(kThursday, {8, 59, 0}, hours(12));  // the session outlasts the window
  auto d = f.gate.BeforeClaim();
  EXPECT_EQ(d.kind, Kind::kWait);
  EXPECT_EQ(d.until, JstTimeOn(kThursday, {9, 0, 0}));
  f.clock.Set(JstTimeOn(kThursday, {9, 0, 0}));
  EXPECT_EQ(f.gate.BeforeClaim().kind, Kind::kGo);
  f.clock.Set(JstTimeOn(kThursday, {18, 0, 59}));
  EXPECT_EQ(f.gate.BeforeClaim().kind, Kind::kGo);  // the end minute is included
  f.clock.Set(JstTimeOn(kThursday, {18, 1, 0}));
  d = f.gate.BeforeClaim();
  EXPECT_EQ(d.kind, Kind::kStop);
  EXPECT_EQ(d.reason, StopReason::kBusinessEnd);
  // Forms in flight may finish until send_end_time + 2 minutes.
  EXPECT_EQ(f.gate.drain_deadline(), JstTimeOn(kThursday, {18, 2, 0}));
}

TEST(RunGateTest, ClosedDaysStopAtOnce) {
  GateFixture sat(kSaturday, {10, 0, 0});
  auto d = sat.gate.BeforeClaim();
  EXPECT_EQ(d.kind, Kind::kStop);
  EXPECT_EQ(d.reason, StopReason::kClosedDay);
  EXPECT_EQ(d.detail, "Saturday is not in send_days_of_week");
  GateFixture holiday(kShowaDay, {10, 0, 0});
  d = holiday.gate.BeforeClaim();
  EXPECT_EQ(d.reason, StopReason::kClosedDay);  // the reference runner ignored holidays
  EXPECT_NE(d.detail.find("昭和の日"), std::string::npos) << d.detail;
}

TEST(RunGateTest, SessionEnd) {
  GateFixture f(kThursday, {10, 0, 0}, hours(2));
  EXPECT_EQ(f.gate.BeforeClaim().kind, Kind::kGo);
  f.clock.Advance(hours(2));
  auto d = f.gate.BeforeClaim();
  EXPECT_EQ(d.reason, StopReason::kMaxRuntime);
  EXPECT_EQ(f.gate.drain_deadline(), f.clock.Now() + seconds(25));
  // A wait for send_start_time never outlives the session.
  GateFixture early(kThursday, {6, 0, 0}, hours(1));
  EXPECT_EQ(early.gate.BeforeClaim().reason, StopReason::kMaxRuntime);
}

TEST(RunGateTest, SignalDrainAndTheFinalClickCutoff) {
  GateFixture f(kThursday, {10, 0, 0});
  EXPECT_TRUE(f.gate.MayStartFinalSubmission());
  f.gate.Stop(StopReason::kSignal, "SIGTERM");
  f.gate.Stop(StopReason::kQueueEmpty, "later reasons do not replace the first");
  EXPECT_EQ(f.gate.reason(), StopReason::kSignal);
  EXPECT_EQ(f.gate.BeforeClaim().kind, Kind::kStop);
  EXPECT_EQ(f.gate.drain_deadline(), f.clock.Now() + seconds(25));
  f.clock.Advance(seconds(14));
  EXPECT_TRUE(f.gate.MayStartFinalSubmission());
  f.clock.Advance(seconds(1));  // 10 s before the deadline: no new final submission
  EXPECT_FALSE(f.gate.MayStartFinalSubmission());
}

TEST(RunGateTest, CapAndEmptyQueueLetFormsFinish) {
  GateFixture f(kThursday, {10, 0, 0});
  f.gate.Stop(StopReason::kDailyCap, "cap");
  EXPECT_FALSE(f.gate.drain_deadline().has_value());
  EXPECT_TRUE(f.gate.MayStartFinalSubmission());
}

TEST(RunGateTest, NoFinalClickAfterTheDaysEnd) {
  GateFixture f(kThursday, {18, 1, 49});
  EXPECT_TRUE(f.gate.MayStartFinalSubmission());
  f.clock.Set(JstTimeOn(kThursday, {18, 1, 51}));
  EXPECT_FALSE(f.gate.MayStartFinalSubmission());
}

TEST(RunGateTest, SleepUntilReturnsEarlyOnAStop) {
  GateFixture f(kThursday, {10, 0, 0});
  TimePoint start = f.clock.Now();
  EXPECT_TRUE(f.gate.SleepUntil(start + seconds(30)));
  EXPECT_EQ(f.clock.Now(), start + seconds(30));
  f.gate.Stop(StopReason::kSignal, "SIGINT");
  EXPECT_FALSE(f.gate.SleepUntil(f.clock.Now() + hours(1)));
  EXPECT_EQ(f.clock.Now(), start + seconds(30));
}

}  // namespace
}  // namespace formsender::runner
