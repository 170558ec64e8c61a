#include "scheduler/scheduler.h"

#include <gtest/gtest.h>

#include "store/testing.h"

namespace formsender::scheduler {
namespace {

// Records starts and stops with the clock's time. These stand in for the dispatcher-side seams;
// the real ones are exercised by the CLI tests against `formsender serve`.
struct Recorder {
  const Clock& clock;
  std::vector<std::pair<std::string, TimePoint>> events;
};

class RecordingStarter : public TargetingStarter {
 public:
  explicit RecordingStarter(Recorder& r) : r_(r) {}
  Result<std::vector<int64_t>> ActiveTargetings() override { return active; }
  Result<StartOutcome> Start(const StartRequest& request) override {
    if (failing.count(request.targeting_id)) return Status::Unavailable("queue down");
    r_.events.push_back({"start " + std::to_string(request.targeting_id), r_.clock.Now()});
    StartOutcome o;
    o.targeting_id = request.targeting_id;
    o.task_id = "fs-" + JstDateOf(r_.clock.Now()).ToCompactString() + "-" +
                std::to_string(request.targeting_id) + "-0";
    o.send_end_time = end_times.at(request.targeting_id);
    o.session_max_hours = 10;
    return o;
  }
  std::vector<int64_t> active;
  std::map<int64_t, TimeOfDay> end_times;
  std::set<int64_t> failing;

 private:
  Recorder& r_;
};

class RecordingStopper : public ExecutionStopper {
 public:
  explicit RecordingStopper(Recorder& r) : r_(r) {}
  Result<StopOutcome> Stop(std::optional<int64_t> id) override {
    if (down) return Status::Unavailable("dispatcher down");
    r_.events.push_back({id ? "stop " + std::to_string(*id) : "stop all", r_.clock.Now()});
    return StopOutcome{};
  }
  bool down = false;

 private:
  Recorder& r_;
};

TimePoint At(int m, int d, int h, int min = 0) {
  return JstTimeOn(CivilDate{2026, m, d}, TimeOfDay{h, min, 0});
}

class SchedulerTest : public store::BackendTest {
 protected:
  SchedulerOptions Options() {
    SchedulerOptions o;
    o.session_hours = 10.5;  // the session stop (19:30) comes after the business ends
    o.shuffle = [](std::vector<int64_t>& ids) { std::reverse(ids.begin(), ids.end()); };
    return o;
  }
  FakeClock clock_{At(5, 1, 10)};  // Friday 2026-05-01 10:00 JST, after the day's trigger
  Recorder recorder_{clock_, {}};
  RecordingStarter starter_{recorder_};
  RecordingStopper stopper_{recorder_};
};

// The week of 2026-05-04: 05-04 みどりの日, 05-05 こどもの日, 05-06 振替休日; 05-09/10 weekend.
TEST_P(SchedulerTest, WalksAWeekWithHolidays) {
  starter_.active = {1, 2};
  starter_.end_times = {{1, TimeOfDay{12, 30, 0}}, {2, TimeOfDay{17, 0, 0}}};
  Scheduler scheduler(db(), clock_, starter_, stopper_, Options());
  auto first = scheduler.CreateNextDayTrigger("create-next-day");
  ASSERT_TRUE(first.ok()) << first.status().message();
  EXPECT_EQ(first->execute_at, At(5, 7, 9));
  // A trigger someone left on a holiday fires, starts nothing and leaves the next one.
  ASSERT_TRUE(scheduler.triggers().Create(kDailyStartHandler, At(5, 4, 9), "stale").ok());

  // The successor each fire leaves: 05-04 finds 05-07 already there.
  std::vector<TimePoint> expected_next = {At(5, 7, 9), At(5, 8, 9), At(5, 11, 9), At(5, 12, 9)};
  size_t next_index = 0;
  for (TimePoint t = At(5, 4, 0); t <= At(5, 11, 23, 45); t += std::chrono::minutes(15)) {
    clock_.Set(t);
    auto tick = scheduler.Tick();
    ASSERT_TRUE(tick.ok()) << tick.status().message();
    for (const Json& fired : tick->triggers) {
      EXPECT_EQ(fired["result"]["next_trigger"]["execute_at"],
                FormatUtcIso(expected_next[next_index]))
          << fired.dump();
      ++next_index;
    }
    // Once the stale trigger is gone there is always exactly one pending daily trigger, in
    // the future.
    if (t < At(5, 4, 9)) continue;
    auto pending = scheduler.triggers().List();
    ASSERT_EQ(pending->size(), 1u) << FormatJstIso(t);
    EXPECT_GT((*pending)[0].execute_at, t);
  }
  EXPECT_EQ(next_index, 4u);

  std::vector<std::pair<std::string, TimePoint>> want;
  for (int day : {7, 8, 11}) {
    want.push_back({"start 2", At(5, day, 9)});  // shuffled (reversed here)
    want.push_back({"start 1", At(5, day, 9)});
    want.push_back({"stop 1", At(5, day, 12, 30)});
    want.push_back({"stop 2", At(5, day, 17)});
    want.push_back({"stop 2", At(5, day, 19)});  // 10 h runtime of each targeting
    want.push_back({"stop 1", At(5, day, 19)});
    want.push_back({"stop all", At(5, day, 19, 30)});
  }
  ASSERT_EQ(recorder_.events.size(), want.size());
  for (size_t i = 0; i < want.size(); ++i) {
    EXPECT_EQ(recorder_.events[i].first, want[i].first) << i;
    EXPECT_EQ(FormatJstIso(recorder_.events[i].second), FormatJstIso(want[i].second)) << i;
  }
  auto history = scheduler.triggers().List(true);
  int fired = 0;
  for (const auto& t : *history) fired += t.state == "fired";
  EXPECT_EQ(fired, 4);  // 05-04 (skipped), 05-07, 05-08, 05-11
}

TEST_P(SchedulerTest, AFailedStartStillLeavesTheNextTriggerAndOtherTargetingsRun) {
  starter_.active = {1, 2};
  starter_.end_times = {{1, TimeOfDay{18, 0, 0}}, {2, TimeOfDay{18, 0, 0}}};
  starter_.failing = {2};
  clock_.Set(At(5, 7, 9));
  Scheduler scheduler(db(), clock_, starter_, stopper_, Options());
  StartAllReport report = scheduler.DailyStart();
  EXPECT_TRUE(report.success);
  EXPECT_EQ(report.triggered, 1);
  ASSERT_EQ(report.failures.size(), 1u);
  EXPECT_EQ(report.failures[0]["targeting_id"], 2);
  ASSERT_TRUE(report.next_trigger.has_value());
  EXPECT_EQ(report.next_trigger->execute_at, At(5, 8, 9));

  starter_.active = {};
  clock_.Set(At(5, 8, 9));
  report = scheduler.DailyStart();
  EXPECT_FALSE(report.success);
  EXPECT_NE(report.message.find("no active targeting"), std::string::npos);
  ASSERT_TRUE(report.next_trigger.has_value());
  EXPECT_EQ(report.next_trigger->execute_at, At(5, 8, 9) + std::chrono::hours(24 * 3));
}

TEST_P(SchedulerTest, AStopThatFailsIsRetriedOnTheNextTick) {
  starter_.active = {4};
  starter_.end_times = {{4, TimeOfDay{12, 0, 0}}};
  clock_.Set(At(5, 7, 9));
  Scheduler scheduler(db(), clock_, starter_, stopper_, Options());
  StartRequest request;
  request.targeting_id = 4;
  ASSERT_TRUE(scheduler.StartOne(request).ok());
  stopper_.down = true;
  clock_.Set(At(5, 7, 12));
  auto tick = scheduler.Tick();
  ASSERT_TRUE(tick.ok());
  EXPECT_FALSE(tick->ok);
  EXPECT_NE(tick->auto_stops[0]["error"].get<std::string>().find("dispatcher down"),
            std::string::npos);
  stopper_.down = false;
  clock_.Set(At(5, 7, 12, 1));
  tick = scheduler.Tick();
  ASSERT_TRUE(tick.ok());
  EXPECT_TRUE(tick->ok);
  ASSERT_EQ(recorder_.events.size(), 2u);
  EXPECT_EQ(recorder_.events[1].first, "stop 4");
  EXPECT_EQ(*scheduler.NextWakeup(), At(5, 7, 19));  // the 10 h runtime stop
}

TEST_P(SchedulerTest, AMissedTriggerDoesNotStartAnotherDay) {
  starter_.active = {1};
  starter_.end_times = {{1, TimeOfDay{18, 0, 0}}};
  Scheduler scheduler(db(), clock_, starter_, stopper_, Options());
  ASSERT_TRUE(scheduler.CreateNextDayTrigger("test").ok());  // 05-07 09:00
  clock_.Set(At(5, 8, 8));                                   // nothing ran on 05-07
  auto tick = scheduler.Tick();
  ASSERT_TRUE(tick.ok());
  ASSERT_EQ(tick->triggers.size(), 1u);
  EXPECT_EQ(tick->triggers[0]["state"], "failed");
  EXPECT_TRUE(recorder_.events.empty());
  auto pending = scheduler.triggers().NextDailyStart();
  EXPECT_EQ((*pending)->execute_at, At(5, 8, 9));
}

TEST_P(SchedulerTest, LegacyTriggersAreNotRun) {
  starter_.active = {1};
  Scheduler scheduler(db(), clock_, starter_, stopper_, Options());
  ASSERT_TRUE(scheduler.triggers().Create(kLegacy13Handler, At(5, 1, 13), "old", true).ok());
  clock_.Set(At(5, 1, 13));
  auto tick = scheduler.Tick();
  ASSERT_TRUE(tick.ok());
  EXPECT_EQ(tick->triggers[0]["state"], "failed");
  EXPECT_TRUE(recorder_.events.empty());
}

FS_INSTANTIATE_BACKEND_TEST(SchedulerTest);

}  // namespace
}  // namespace formsender::scheduler
