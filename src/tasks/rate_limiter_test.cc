#include "tasks/rate_limiter.h"

#include <gtest/gtest.h>

namespace formsender::tasks {
namespace {

using std::chrono::milliseconds;
using std::chrono::seconds;

TEST(RateLimiterTest, BurstThenRefillAtTheRate) {
  FakeClock clock(TimePoint{} + seconds(1000));
  RateLimits limits;
  limits.max_dispatches_per_second = 10;  // burst ceil(10/5) = 2
  EXPECT_EQ(limits.MaxBurstSize(), 2);
  RateLimiter limiter(limits, clock);
  EXPECT_EQ(limiter.Available(), 2);
  limiter.Take(2);
  EXPECT_EQ(limiter.Available(), 0);
  EXPECT_EQ(std::chrono::duration_cast<milliseconds>(limiter.TimeToNextToken()).count(), 100);
  clock.Advance(milliseconds(100));
  EXPECT_EQ(limiter.Available(), 1);
  clock.Advance(seconds(60));  // the bucket never holds more than the burst
  EXPECT_EQ(limiter.Available(), 2);
}

TEST(RateLimiterTest, BurstSizeFollowsTheRate) {
  RateLimits l;
  EXPECT_EQ(l.MaxBurstSize(), 100);  // Cloud Tasks' default queue: 500/s, burst 100
  l.max_dispatches_per_second = 0.5;
  EXPECT_EQ(l.MaxBurstSize(), 1);
  l.max_dispatches_per_second = 100;
  EXPECT_EQ(l.MaxBurstSize(), 20);
}

TEST(RateLimiterTest, SlowRateWaitsSeconds) {
  FakeClock clock(TimePoint{} + seconds(1000));
  RateLimits limits;
  limits.max_dispatches_per_second = 0.5;
  RateLimiter limiter(limits, clock);
  limiter.Take(limiter.Available());
  EXPECT_EQ(limiter.Available(), 0);
  EXPECT_GE(limiter.TimeToNextToken(), seconds(2));
  clock.Advance(seconds(2));
  EXPECT_EQ(limiter.Available(), 1);
}

}  // namespace
}  // namespace formsender::tasks
