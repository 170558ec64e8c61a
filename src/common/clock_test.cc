#include "common/clock.h"

#include <gtest/gtest.h>

namespace formsender {
namespace {

TEST(FakeClockTest, SleepAdvances) {
  FakeClock clock(TimePoint(std::chrono::seconds(1000)));
  clock.SleepFor(std::chrono::seconds(5));
  EXPECT_EQ(clock.Now(), TimePoint(std::chrono::seconds(1005)));
  clock.SleepUntil(TimePoint(std::chrono::seconds(1000)));  // in the past: no-op
  EXPECT_EQ(clock.Now(), TimePoint(std::chrono::seconds(1005)));
  clock.Set(TimePoint(std::chrono::seconds(7)));
  EXPECT_EQ(clock.Now(), TimePoint(std::chrono::seconds(7)));
}

}  // namespace
}  // namespace formsender
