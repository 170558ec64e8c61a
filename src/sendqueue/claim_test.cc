// Claims: orchestration-cases.md section J (137–142), the table modes of section K, direct
// claims and status, on SQLite and PostgreSQL.
#include "sendqueue/send_queue.h"

#include "sendqueue/test_fixture.h"

namespace formsender::sendqueue {
namespace {

using std::chrono::minutes;
using std::chrono::seconds;
using testing::kDay;
using testing::kTargeting;

class ClaimTest : public testing::QueueTest {};
TEST_P(ClaimTest, Case137_TakesTheBestPriorityAndAssignsIt) {
  int64_t id10 = AddQueueRow(10, 1, 0);
  AddQueueRow(11, 2, 0);
  auto claimed = ClaimOne(Req("run-a"));
  ASSERT_TRUE(claimed.ok()) << claimed.status().ToString();
  ASSERT_EQ(claimed->claims.size(), 1u);
  const Claim& c = claimed->claims[0];
  EXPECT_EQ(c.queue_id, id10);
  EXPECT_EQ(c.company_id, 10);
  EXPECT_EQ(c.assigned_at, clock().Now());
  EXPECT_GT(c.fencing_token, 0);
  auto rows = Rows();
  EXPECT_EQ(rows[0].status, "assigned");
  EXPECT_EQ(rows[0].assigned_by, "run-a");
  EXPECT_EQ(rows[0].attempts, 0);  // untouched by a claim
  EXPECT_EQ(rows[1].status, "pending");
  auto at = Db().Query("SELECT assigned_at FROM send_queue WHERE id = $1", {id10});
  EXPECT_EQ(at->front().OptTime("assigned_at"), clock().Now());
  // The next claim takes the next row with a larger token; then the queue is empty.
  auto second = ClaimOne(Req("run-b"));
  ASSERT_EQ(second->claims.size(), 1u);
  EXPECT_EQ(second->claims[0].company_id, 11);
  EXPECT_GT(second->claims[0].fencing_token, c.fencing_token);
  auto empty = ClaimOne(Req("run-b"));
  ASSERT_TRUE(empty.ok());
  EXPECT_TRUE(empty->claims.empty());
  EXPECT_FALSE(empty->cap_reached);
}

TEST_P(ClaimTest, Case138_ShardPreferenceThenAnyShard) {
  AddQueueRow(1, 1, 0);
  AddQueueRow(2, 2, 3);
  AddQueueRow(3, 3, 3);
  ClaimRequest r = Req("run-a", 1);
  r.shard_id = 3;
  r.any_shard_fallback = false;  // the reference's p_shard_id
  auto first = ClaimOne(r);
  ASSERT_EQ(first->claims.size(), 1u);
  EXPECT_EQ(first->claims[0].company_id, 2);
  EXPECT_EQ(first->claims[0].shard_id, 3);
  r.limit = 5;
  auto rest = ClaimOne(r);
  ASSERT_EQ(rest->claims.size(), 1u);  // only shard 3 rows
  EXPECT_EQ(rest->claims[0].company_id, 3);
  AddQueueRow(4, 4, 3);
  r.any_shard_fallback = true;
  auto mixed = ClaimOne(r);
  ASSERT_EQ(mixed->claims.size(), 2u);  // its own shard first, then any other
  EXPECT_EQ(mixed->claims[0].company_id, 4);
  EXPECT_EQ(mixed->claims[1].company_id, 1);
  // No shard: any shard, by priority.
  AddQueueRow(5, 0, 6);
  auto any = ClaimOne(Req("run-a"));
  ASSERT_EQ(any->claims.size(), 1u);
  EXPECT_EQ(any->claims[0].company_id, 5);
}

TEST_P(ClaimTest, Case139_Q28_TheDailyCapCountsEveryClaimInFlight) {
  for (int64_t c = 1; c <= 98; ++c) {
    AddSubmission(kTargeting, 1000 + c, true, clock().Now() - minutes(c));
  }
  AddQueueRow(1, 1, 0, "assigned", "run-x", clock().Now() - minutes(5));
  AddQueueRow(2, 2, 0, "assigned", "run-y", clock().Now() - seconds(30));
  AddQueueRow(3, 3, 0);
  ClaimRequest r = Req("run-a");
  r.max_daily_sends = 100;
  // The reference ignored the 30-second-old claim and handed out a 101st send.
  auto none = ClaimOne(r);
  ASSERT_TRUE(none.ok());
  EXPECT_TRUE(none->claims.empty());
  EXPECT_TRUE(none->cap_reached);
  // A failure frees its capacity; a success does not.
  ASSERT_TRUE(queue()
                  .MarkDone({.date = kDay,
                             .targeting_id = kTargeting,
                             .company_id = 2,
                             .success = false,
                             .error_type = "TIMEOUT",
                             .run_id = "run-y"})
                  .ok());
  auto one = ClaimOne(r);
  ASSERT_EQ(one->claims.size(), 1u);
  EXPECT_EQ(one->claims[0].company_id, 3);
  // Yesterday's successes do not count; neither do other targetings'.
  EXPECT_EQ(Count("SELECT count(*) AS n FROM send_queue WHERE status = 'assigned'"), 2);
}

TEST_P(ClaimTest, Case139_LimitIsCutToTheRoomLeft) {
  for (int64_t c = 1; c <= 10; ++c) AddQueueRow(c, static_cast<int>(c), 0);
  AddSubmission(kTargeting, 500, true, clock().Now() - minutes(1));
  AddSubmission(kTargeting, 501, true, JstTimeOn(kDay.AddDays(-1), {23, 59, 0}));
  AddSubmission(99, 502, true, clock().Now());
  ClaimRequest r = Req("run-a", 10);
  r.max_daily_sends = 4;
  auto claimed = ClaimOne(r);
  ASSERT_TRUE(claimed.ok());
  EXPECT_EQ(claimed->claims.size(), 3u);
}

TEST_P(ClaimTest, Case141_Q21_MaxDailyAboveTenThousandIsAClearError) {
  AddQueueRow(1, 1, 0);
  ClaimRequest r = Req("run-a");
  r.max_daily_sends = 10001;
  auto refused = ClaimOne(r);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(refused.status().message(),
            "max_daily_sends 10001 exceeds the maximum allowed value (10000)");
  r.max_daily_sends = 0;  // no cap, like an empty cell
  EXPECT_EQ(ClaimOne(r)->claims.size(), 1u);
  EXPECT_EQ(ClaimOne(Req("")).status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(ClaimOne(Req("run-a", 0)).status().code(), StatusCode::kInvalidArgument);
}

TEST_P(ClaimTest, AStaleLiveClaimOnAPendingRowDoesNotBlockIt) {
  AddQueueRow(10, 1, 0);
  auto first = ClaimOne(Req("run-a"));
  ASSERT_EQ(first->claims.size(), 1u);
  // An operator puts the row back by hand, without releasing run-a's claim.
  ASSERT_TRUE(Db().Execute("UPDATE send_queue SET status = 'pending', assigned_by = NULL, "
                           "assigned_at = NULL")
                  .ok());
  auto second = ClaimOne(Req("run-b"));
  ASSERT_TRUE(second.ok()) << second.status().ToString();
  ASSERT_EQ(second->claims.size(), 1u);
  EXPECT_EQ(Count("SELECT count(*) AS n FROM send_claims WHERE release_reason = 'superseded'"), 1);
  auto stale = ledger().RecordIntent({.key = {TableMode::kDefault, kTargeting, 10},
                                      .date = kDay,
                                      .run_id = "run-a",
                                      .fencing_token = first->claims[0].fencing_token});
  EXPECT_EQ(IntentConflictOf(stale.status()), IntentConflict::kClaimLost);
}

TEST_P(ClaimTest, ClaimCompanyForDirectRuns) {
  AddQueueRow(10, 1, 0);
  auto queued = queue().ClaimCompany({TableMode::kDefault, kDay, kTargeting}, 10, "run-a");
  ASSERT_TRUE(queued.ok()) << queued.status().ToString();
  EXPECT_GT(queued->queue_id, 0);
  EXPECT_EQ(Rows()[0].status, "assigned");
  auto taken = queue().ClaimCompany({TableMode::kDefault, kDay, kTargeting}, 10, "run-b");
  EXPECT_EQ(taken.status().code(), StatusCode::kConflict);
  auto unqueued = queue().ClaimCompany({TableMode::kDefault, kDay, kTargeting}, 55, "run-a");
  ASSERT_TRUE(unqueued.ok()) << unqueued.status().ToString();
  EXPECT_EQ(unqueued->queue_id, 0);
  EXPECT_GT(unqueued->fencing_token, queued->fencing_token);
  EXPECT_EQ(
      queue().ClaimCompany({TableMode::kDefault, kDay, kTargeting}, 55, "run-b").status().code(),
      StatusCode::kConflict);
  auto intent = ledger().RecordIntent({.key = {TableMode::kDefault, kTargeting, 55},
                                       .date = kDay,
                                       .run_id = "run-a",
                                       .fencing_token = unqueued->fencing_token});
  EXPECT_TRUE(intent.ok()) << intent.status().ToString();
}

TEST_P(ClaimTest, CaseK149_TableModesMapToTheReferenceTables) {
  EXPECT_EQ(TablesFor(TableMode::kDefault).send_queue, "send_queue");
  EXPECT_EQ(TablesFor(TableMode::kTest).companies, "companies");
  EXPECT_EQ(TablesFor(TableMode::kTest).send_queue, "send_queue_test");
  EXPECT_EQ(TablesFor(TableMode::kTest).submissions, "submissions_test");
  EXPECT_EQ(TablesFor(TableMode::kExtra).companies, "companies_extra");
  EXPECT_EQ(TablesFor(TableMode::kExtra).submissions, "submissions_extra");
  EXPECT_EQ(*ParseTableMode(" Extra "), TableMode::kExtra);
  EXPECT_FALSE(ParseTableMode("foo").ok());
  // test mode has its own claim path (the reference had no claim_next_batch_test).
  AddQueueRow(1, 1, 0, "pending", std::nullopt, std::nullopt, TableMode::kTest);
  ClaimRequest r = Req("run-t");
  r.mode = TableMode::kTest;
  auto claimed = ClaimOne(r);
  ASSERT_EQ(claimed->claims.size(), 1u);
  EXPECT_EQ(Rows(TableMode::kTest)[0].status, "assigned");
}

TEST_P(ClaimTest, StatusCountsByStatusAndShard) {
  AddQueueRow(1, 1, 0);
  AddQueueRow(2, 2, 1);
  AddQueueRow(3, 3, 1, "assigned", "run-old", clock().Now() - minutes(9));
  AddQueueRow(4, 4, 0, "done", "run-old", clock().Now() - minutes(20));
  AddSubmission(kTargeting, 4, true, clock().Now() - minutes(19));
  auto st = queue().ReadStatus({TableMode::kDefault, kDay, kTargeting}, 10);
  ASSERT_TRUE(st.ok()) << st.status().ToString();
  EXPECT_EQ(st->total, 4);
  EXPECT_EQ(st->by_status["pending"], 2);
  EXPECT_EQ(st->by_status["assigned"], 1);
  EXPECT_EQ(st->by_shard[1]["pending"], 1);
  EXPECT_EQ(st->by_shard[1]["assigned"], 1);
  EXPECT_EQ(st->oldest_assigned_at, clock().Now() - minutes(9));
  EXPECT_EQ(st->oldest_assigned_by, "run-old");
  EXPECT_EQ(st->successes_today, 1);
  EXPECT_EQ(st->in_flight, 1);
  Json j = st->ToJson();
  EXPECT_EQ(j["remaining_today"], 8);
  EXPECT_EQ(j["by_shard"].size(), 2u);
}

FS_INSTANTIATE_BACKEND_TEST(ClaimTest);

}  // namespace
}  // namespace formsender::sendqueue
