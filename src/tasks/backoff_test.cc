#include "tasks/backoff.h"

#include <gtest/gtest.h>

namespace formsender::tasks {
namespace {

using std::chrono::milliseconds;
using std::chrono::seconds;

std::vector<double> Intervals(const RetryConfig& c, int n) {
  std::vector<double> out;
  for (int k = 1; k <= n; ++k) {
    out.push_back(std::chrono::duration<double>(RetryInterval(c, k)).count());
  }
  return out;
}

// The three published sequences of ../shared/anchors/notes/cloud-tasks.md.
TEST(BackoffTest, DiscoveryDocumentExample) {
  RetryConfig c;
  c.min_backoff = seconds(10);
  c.max_backoff = seconds(300);
  c.max_doublings = 3;
  EXPECT_EQ(Intervals(c, 9), (std::vector<double>{10, 20, 40, 80, 160, 240, 300, 300, 300}));
}

TEST(BackoffTest, NoDoublingsIsLinear) {
  RetryConfig c;
  c.min_backoff = seconds(10);
  c.max_backoff = seconds(200);
  c.max_doublings = 0;
  std::vector<double> got = Intervals(c, 22);
  for (int k = 1; k <= 20; ++k) EXPECT_DOUBLE_EQ(got[k - 1], 10.0 * k) << k;
  EXPECT_DOUBLE_EQ(got[20], 200);
  EXPECT_DOUBLE_EQ(got[21], 200);
}

TEST(BackoffTest, QueueDefaults) {
  RetryConfig c;  // 0.1 s, 3600 s, 16 doublings
  std::vector<double> got = Intervals(c, 18);
  std::vector<double> want = {0.1,  0.2,   0.4,   0.8,   1.6,   3.2,    6.4,    12.8, 25.6,
                              51.2, 102.4, 204.8, 409.6, 819.2, 1638.4, 3276.8, 3600, 3600};
  ASSERT_EQ(got.size(), want.size());
  for (size_t i = 0; i < want.size(); ++i) EXPECT_NEAR(got[i], want[i], 1e-6) << i + 1;
}

TEST(BackoffTest, FormSendingQueueExample) {
  RetryConfig c;
  c.min_backoff = seconds(60);
  c.max_backoff = seconds(3600);
  c.max_doublings = 3;
  EXPECT_EQ(Intervals(c, 9), (std::vector<double>{60, 120, 240, 480, 960, 1440, 1920, 2400, 2880}));
}

// Cloud Tasks stops only when max_attempts AND max_retry_duration are both reached.
TEST(BackoffTest, StopRuleIsAnd) {
  RetryConfig c;
  c.max_attempts = 5;
  c.max_retry_duration = seconds(3600);
  EXPECT_TRUE(MayRetry(c, 4, seconds(10)));
  EXPECT_TRUE(MayRetry(c, 5, seconds(600)));  // 5 failures in 10 minutes: keep going
  EXPECT_TRUE(MayRetry(c, 9, seconds(3599)));
  EXPECT_FALSE(MayRetry(c, 5, seconds(3600)));
  EXPECT_TRUE(MayRetry(c, 3, seconds(7200)));  // the hour passed, attempts left

  c.max_retry_duration = Duration::zero();  // no time limit: the attempts decide
  EXPECT_TRUE(MayRetry(c, 4, seconds(0)));
  EXPECT_FALSE(MayRetry(c, 5, seconds(0)));

  c.max_attempts = -1;  // unlimited, no time limit: until the retention ends
  EXPECT_TRUE(MayRetry(c, 1000000, seconds(1000000)));
  c.max_retry_duration = seconds(60);  // unlimited attempts are never "reached"
  EXPECT_TRUE(MayRetry(c, 1000, seconds(7200)));

  c.max_attempts = 1;
  c.max_retry_duration = Duration::zero();
  EXPECT_FALSE(MayRetry(c, 1, milliseconds(1)));
}

}  // namespace
}  // namespace formsender::tasks
