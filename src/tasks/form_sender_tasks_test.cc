#include "tasks/form_sender_tasks.h"

#include <gtest/gtest.h>

namespace formsender::tasks {
namespace {

const TimePoint kNow = std::chrono::sys_days{std::chrono::year{2025} / 10 / 20} +
                       std::chrono::hours(1);  // 10:00 JST on 2025-10-20

// Cases H-117 and H-118.
TEST(FormSenderTaskIdTest, ReferenceRule) {
  EXPECT_EQ(FormSenderTaskId({{"targeting_id", 12},
                              {"execution", {{"run_index_base", 4}}},
                              {"metadata", {{"triggered_at_jst", "2025-10-16T09:00:05+09:00"}}}},
                             kNow),
            "fs-20251016-12-4");
  EXPECT_EQ(FormSenderTaskId({{"targeting_id", "a b"},
                              {"metadata", {{"triggered_at_jst", "2025-10-16T09:00:05+09:00"}}}},
                             kNow),
            "fs-20251016-a-b-0");
  EXPECT_EQ(FormSenderTaskId(Json::object(), kNow), "fs-20251020-unknown-0");
  // Not a date: today in JST.
  EXPECT_EQ(
      FormSenderTaskId({{"targeting_id", 3}, {"metadata", {{"triggered_at_jst", "soon"}}}}, kNow),
      "fs-20251020-3-0");
  EXPECT_EQ(
      FormSenderTaskId({{"targeting_id", "x/y_z"}, {"execution", {{"run_index_base", 2}}}}, kNow),
      "fs-20251020-x-y-z-2");
}

TEST(FormSenderTaskIdTest, ParsesWhatItWrites) {
  auto p = ParseFormSenderTaskId("fs-20251016-12-4");
  ASSERT_TRUE(p.has_value());
  EXPECT_EQ(p->date, "20251016");
  EXPECT_EQ(p->targeting, "12");
  EXPECT_EQ(p->run_index, 4);
  auto q = ParseFormSenderTaskId("fs-20251016-a-b-0");
  ASSERT_TRUE(q.has_value());
  EXPECT_EQ(q->targeting, "a-b");
  EXPECT_EQ(q->run_index, 0);
  for (const char* bad : {"fs-2025101-12-4", "fs-20251016-12-", "fs-20251016--4", "xs-20251016-1-1",
                          "fs-20251016-12-x", "fs-20251016"}) {
    EXPECT_FALSE(ParseFormSenderTaskId(bad).has_value()) << bad;
  }
}

}  // namespace
}  // namespace formsender::tasks
