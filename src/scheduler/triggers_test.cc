#include "scheduler/triggers.h"

#include <gtest/gtest.h>

#include "common/time.h"
#include "store/testing.h"

namespace formsender::scheduler {
namespace {

class TriggersTest : public store::BackendTest {
 protected:
  TimePoint At(int m, int d, int h, int min = 0) {
    return JstTimeOn(CivilDate{2026, m, d}, TimeOfDay{h, min, 0});
  }
  FakeClock clock_{JstTimeOn(CivilDate{2026, 5, 1}, TimeOfDay{10, 0, 0})};
};

TEST_P(TriggersTest, CreateRefusesThePastUnknownAndLegacyHandlers) {
  TriggerRepository triggers(db(), clock_);
  auto past = triggers.Create(kDailyStartHandler, At(5, 1, 9), "test");
  ASSERT_FALSE(past.ok());
  EXPECT_NE(past.status().message().find("not in the future"), std::string::npos);
  EXPECT_FALSE(triggers.Create("doSomething", At(5, 7, 9), "test").ok());
  auto legacy = triggers.Create(kLegacy7Handler, At(5, 7, 7), "test");
  ASSERT_FALSE(legacy.ok());
  EXPECT_NE(legacy.status().message().find("legacy"), std::string::npos);
  EXPECT_TRUE(triggers.Create(kLegacy7Handler, At(5, 7, 7), "import", true).ok());
}

TEST_P(TriggersTest, ListDeleteCurrentAndByHandler) {
  TriggerRepository triggers(db(), clock_);
  ASSERT_TRUE(triggers.Create(kDailyStartHandler, At(5, 8, 9), "a").ok());
  auto first = triggers.Create(kDailyStartHandler, At(5, 7, 9), "b");
  ASSERT_TRUE(first.ok());
  ASSERT_TRUE(triggers.Create(kLegacy13Handler, At(5, 7, 13), "c", true).ok());
  auto all = triggers.List();
  ASSERT_TRUE(all.ok());
  ASSERT_EQ(all->size(), 3u);
  EXPECT_EQ((*all)[0].execute_at, At(5, 7, 9));
  EXPECT_EQ((*all)[0].ToJson()["execute_at_jst"], "2026-05-07T09:00:00+09:00");

  auto current = triggers.DeleteCurrent();
  ASSERT_TRUE(current.ok());
  ASSERT_TRUE(current->has_value());
  EXPECT_EQ((*current)->uid, first->uid);
  auto n = triggers.DeleteByHandler(kLegacy13Handler);
  ASSERT_TRUE(n.ok());
  EXPECT_EQ(*n, 1);
  all = triggers.List();
  ASSERT_EQ(all->size(), 1u);
  EXPECT_EQ((*all)[0].execute_at, At(5, 8, 9));
  auto history = triggers.List(/*include_finished=*/true);
  EXPECT_EQ(history->size(), 3u);
}

TEST_P(TriggersTest, ADueTriggerIsClaimedOnceAndFinished) {
  TriggerRepository triggers(db(), clock_);
  auto t = triggers.Create(kDailyStartHandler, At(5, 7, 9), "test");
  ASSERT_TRUE(t.ok());
  auto early = triggers.ClaimNextDue(At(5, 7, 8, 59));
  ASSERT_TRUE(early.ok());
  EXPECT_FALSE(early->has_value());
  auto claimed = triggers.ClaimNextDue(At(5, 7, 9));
  ASSERT_TRUE(claimed.ok() && claimed->has_value());
  EXPECT_EQ((*claimed)->state, "running");
  auto again = triggers.ClaimNextDue(At(5, 7, 9, 1));
  ASSERT_TRUE(again.ok());
  EXPECT_FALSE(again->has_value());
  ASSERT_TRUE(triggers.Finish((*claimed)->id, true, Json{{"success", true}}).ok());
  EXPECT_FALSE(triggers.Finish((*claimed)->id, true, Json::object()).ok());
  auto history = triggers.List(true);
  ASSERT_EQ(history->size(), 1u);
  EXPECT_EQ((*history)[0].state, "fired");
  EXPECT_EQ((*history)[0].result["success"], true);
}

TEST_P(TriggersTest, ARunningTriggerOfADeadProcessIsFailedLater) {
  TriggerRepository triggers(db(), clock_);
  ASSERT_TRUE(triggers.Create(kDailyStartHandler, At(5, 1, 11), "test").ok());
  clock_.Set(At(5, 1, 11));
  ASSERT_TRUE(triggers.ClaimNextDue(clock_.Now()).ok());
  clock_.Advance(std::chrono::minutes(30));
  EXPECT_EQ(*triggers.FailStaleRunning(std::chrono::hours(1)), 0);
  clock_.Advance(std::chrono::hours(1));
  EXPECT_EQ(*triggers.FailStaleRunning(std::chrono::hours(1)), 1);
}

FS_INSTANTIATE_BACKEND_TEST(TriggersTest);

}  // namespace
}  // namespace formsender::scheduler
