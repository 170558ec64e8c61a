#include "scheduler/auto_stop.h"

#include <gtest/gtest.h>

#include "scheduler/run_index.h"
#include "store/testing.h"

namespace formsender::scheduler {
namespace {

class AutoStopTest : public store::BackendTest {
 protected:
  TimePoint At(int d, int h, int min = 0) {
    return JstTimeOn(CivilDate{2026, 5, d}, TimeOfDay{h, min, 0});
  }
  FakeClock clock_{JstTimeOn(CivilDate{2026, 5, 7}, TimeOfDay{9, 0, 0})};
};

TEST_P(AutoStopTest, SessionAndTargetingEntriesPersistAcrossInstances) {
  {
    store::ScriptStateRepository state(db(), clock_);
    AutoStopSchedule schedule(state, clock_);
    ASSERT_TRUE(schedule.StartSession("startFormSenderFromTrigger", 8).ok());
    ASSERT_TRUE(schedule.RegisterTargeting(3, TimeOfDay{18, 0, 0}, 4.5, "t").ok());
    // Registering again replaces the targeting's entries instead of adding more.
    ASSERT_TRUE(schedule.RegisterTargeting(3, TimeOfDay{17, 30, 0}, 4.5, "t").ok());
  }
  store::ScriptStateRepository state(db(), clock_);  // a restarted process
  AutoStopSchedule schedule(state, clock_);
  auto entries = schedule.Load();
  ASSERT_TRUE(entries.ok()) << entries.status().message();
  ASSERT_EQ(entries->size(), 3u);
  EXPECT_EQ((*entries)[0].stop_at, At(7, 13, 30));  // 4.5 h runtime
  EXPECT_EQ((*entries)[0].reason, "max_runtime");
  EXPECT_EQ((*entries)[1].stop_at, At(7, 17, 0));  // the 8 h session
  EXPECT_FALSE((*entries)[1].targeting_id.has_value());
  EXPECT_EQ((*entries)[2].stop_at, At(7, 17, 30));  // business end
  EXPECT_EQ((*entries)[2].ToJson()["stop_at_iso"], "2026-05-07T17:30:00+09:00");

  auto due = schedule.Due(At(7, 13, 29) + std::chrono::seconds(50));
  ASSERT_TRUE(due.ok());
  EXPECT_EQ(due->size(), 1u);  // within the 15 s slack
  ASSERT_TRUE(schedule.Remove(*due).ok());
  due = schedule.Due(At(7, 17, 0));
  ASSERT_EQ(due->size(), 1u);
  EXPECT_FALSE((*due)[0].targeting_id.has_value());
  ASSERT_TRUE(schedule.Remove(*due).ok());
  EXPECT_TRUE(schedule.Load()->empty());  // the session stop ends the schedule
}

TEST_P(AutoStopTest, StopsInThePastAreMovedToOneMinuteFromNow) {
  clock_.Set(At(7, 19, 0));
  store::ScriptStateRepository state(db(), clock_);
  AutoStopSchedule schedule(state, clock_);
  ASSERT_TRUE(schedule.RegisterTargeting(5, TimeOfDay{18, 0, 0}, 8, "t").ok());
  auto entries = schedule.Load();
  ASSERT_EQ(entries->size(), 2u);
  EXPECT_EQ((*entries)[0].stop_at, At(7, 19, 1));
  EXPECT_EQ((*entries)[0].reason, "business_end");
}

TEST_P(AutoStopTest, BrokenStoredScheduleIsAnErrorNamingTheKey) {
  store::ScriptStateRepository state(db(), clock_);
  ASSERT_TRUE(state.Set(kAutoStopKey, "{not json").ok());
  AutoStopSchedule schedule(state, clock_);
  auto entries = schedule.Load();
  ASSERT_FALSE(entries.ok());
  EXPECT_NE(entries.status().message().find(std::string(kAutoStopKey)), std::string::npos);
}

TEST_P(AutoStopTest, RunIndexCountsPerTargetingAndJstDay) {
  store::ScriptStateRepository state(db(), clock_);
  EXPECT_EQ(*AllocateRunIndexBase(state, clock_, 7, 3), 0);
  EXPECT_EQ(*AllocateRunIndexBase(state, clock_, 7, 0), 3);  // at least one index
  EXPECT_EQ(*AllocateRunIndexBase(state, clock_, 7, 2), 4);
  EXPECT_EQ(*AllocateRunIndexBase(state, clock_, 8, 2), 0);
  clock_.Set(At(7, 23, 59));
  EXPECT_EQ(*AllocateRunIndexBase(state, clock_, 7, 1), 6);
  clock_.Set(At(8, 0, 0));  // a new JST day
  EXPECT_EQ(*AllocateRunIndexBase(state, clock_, 7, 1), 0);
  ASSERT_TRUE(state.Set(RunIndexStateKey(7), "garbage").ok());
  EXPECT_EQ(*AllocateRunIndexBase(state, clock_, 7, 1), 0);
}

TEST(ParseHourMinuteTest, AcceptsHMMAndHHMMOnly) {
  EXPECT_EQ(ParseHourMinute("9:05", "x")->hour, 9);
  EXPECT_EQ(ParseHourMinute("18:30", "x")->minute, 30);
  for (const char* bad : {"", "18", "24:00", "18:60", "1830", "a:00", "18:3", "018:00"}) {
    auto r = ParseHourMinute(bad, "send_end_time");
    ASSERT_FALSE(r.ok()) << bad;
    EXPECT_NE(r.status().message().find("send_end_time"), std::string::npos);
  }
}

FS_INSTANTIATE_BACKEND_TEST(AutoStopTest);

}  // namespace
}  // namespace formsender::scheduler
