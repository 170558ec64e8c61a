// mark_done and the stale requeue: orchestration-cases.md section J (143–147) and the
// ledger-aware requeue, on SQLite and PostgreSQL.
#include "sendqueue/send_queue.h"
#include "sendqueue/test_fixture.h"

namespace formsender::sendqueue {
namespace {

using std::chrono::minutes;
using std::chrono::seconds;
using testing::kDay;
using testing::kTargeting;

class MarkDoneTest : public testing::QueueTest {};

TEST_P(MarkDoneTest, Case143_MarkDoneByTheClaimerCompletesAndRecords) {
  AddCompany(10);
  AddCompany(11);
  AddQueueRow(10, 1, 0);
  AddQueueRow(11, 2, 0);
  auto claimed = ClaimOne(Req("run-a", 2));
  ASSERT_EQ(claimed->claims.size(), 2u);
  Json detail = {{"code", "SUCCESS"}, {"category", "SUBMISSION"}};
  Json mapping = {{"お名前", {{"category", "name"}}}};
  TimePoint at = clock().Now() + seconds(3);
  auto done = queue().MarkDone({.date = kDay,
                                .targeting_id = kTargeting,
                                .company_id = 10,
                                .success = true,
                                .error_type = "IGNORED_ON_SUCCESS",
                                .classify_detail = detail,
                                .field_mapping = mapping,
                                .submitted_at = at,
                                .run_id = "run-a"});
  ASSERT_TRUE(done.ok()) << done.status().ToString();
  EXPECT_EQ(done->updated, 1);
  EXPECT_TRUE(done->recorded);
  auto failed = queue().MarkDone({.date = kDay,
                                  .targeting_id = kTargeting,
                                  .company_id = 11,
                                  .success = false,
                                  .error_type = "NO_MESSAGE_AREA",
                                  .run_id = "run-a"});
  EXPECT_EQ(failed->updated, 1);
  auto rows = Rows();
  EXPECT_EQ(rows[0].status, "done");
  EXPECT_EQ(rows[0].attempts, 1);
  EXPECT_EQ(rows[1].status, "failed");
  auto subs = Db().Query(
      "SELECT company_id, success, error_type, classify_detail, field_mapping, "
      "submitted_at FROM submissions ORDER BY company_id");
  ASSERT_EQ(subs->size(), 2u);
  auto s0 = subs->row(0);
  EXPECT_EQ(s0.OptBool("success"), true);
  EXPECT_TRUE(s0.IsNull("error_type"));
  EXPECT_EQ(s0.JsonValue("classify_detail"), detail);
  EXPECT_EQ(s0.JsonValue("field_mapping"), mapping);
  EXPECT_EQ(s0.OptTime("submitted_at"), at);
  EXPECT_EQ(subs->row(1).Text("error_type"), "NO_MESSAGE_AREA");
  EXPECT_EQ(subs->row(1).OptBool("success"), false);
  // A retried call records nothing more.
  auto again = queue().MarkDone({.date = kDay,
                                 .targeting_id = kTargeting,
                                 .company_id = 10,
                                 .success = true,
                                 .run_id = "run-a"});
  EXPECT_EQ(again->updated, 0);
  EXPECT_FALSE(again->recorded);
  EXPECT_EQ(Count("SELECT count(*) AS n FROM submissions"), 2);
  EXPECT_EQ(Count("SELECT count(*) AS n FROM send_claims WHERE released_at IS NULL"), 0);
}

TEST_P(MarkDoneTest, OnlyTheClaimerCompletesItsRow) {
  AddQueueRow(10, 1, 0);
  ASSERT_EQ(ClaimOne(Req("run-a"))->claims.size(), 1u);
  auto other = queue().MarkDone({.date = kDay,
                                 .targeting_id = kTargeting,
                                 .company_id = 10,
                                 .success = true,
                                 .run_id = "run-b"});
  ASSERT_TRUE(other.ok());
  EXPECT_EQ(other->updated, 0);
  EXPECT_FALSE(other->recorded);
  EXPECT_NE(other->note.find("run-a"), std::string::npos);
  EXPECT_EQ(Rows()[0].status, "assigned");
  EXPECT_EQ(Count("SELECT count(*) AS n FROM submissions"), 0);
}

TEST_P(MarkDoneTest, Case145_MarkDoneWithoutAQueueRowStillRecords) {
  auto direct = queue().MarkDone({.date = kDay,
                                  .targeting_id = kTargeting,
                                  .company_id = 77,
                                  .success = false,
                                  .error_type = "NOT_FOUND",
                                  .run_id = "run-a"});
  ASSERT_TRUE(direct.ok());
  EXPECT_EQ(direct->updated, 0);
  EXPECT_TRUE(direct->recorded);
  EXPECT_EQ(Count("SELECT count(*) AS n FROM submissions WHERE company_id = 77"), 1);
}

TEST_P(MarkDoneTest, Case146_BotProtectionFlagsTheModesCompany) {
  AddCompany(10);
  AddCompany(10, "", TableMode::kExtra);
  for (TableMode mode : {TableMode::kDefault, TableMode::kExtra, TableMode::kTest}) {
    ASSERT_TRUE(queue()
                    .MarkDone({.mode = mode,
                               .date = kDay,
                               .targeting_id = kTargeting,
                               .company_id = 10,
                               .success = false,
                               .error_type = "BOT_DETECTED",
                               .bot_protection = true,
                               .run_id = "run-a"})
                    .ok());
  }
  auto flag = [&](const char* table) {
    auto r = Db().Query(std::string("SELECT bot_protection_detected AS b FROM ") + table +
                        " WHERE id = 10");
    return r->front().OptBool("b");
  };
  EXPECT_EQ(flag("companies"), true);
  EXPECT_EQ(flag("companies_extra"), true);
  // Each mode wrote its own submissions table (Q-5: extra writes submissions_extra).
  EXPECT_EQ(Count("SELECT count(*) AS n FROM submissions"), 1);
  EXPECT_EQ(Count("SELECT count(*) AS n FROM submissions_extra"), 1);
  EXPECT_EQ(Count("SELECT count(*) AS n FROM submissions_test"), 1);
}

TEST_P(MarkDoneTest, TestModeNeverFlagsRealCompanies) {
  AddCompany(10);
  ASSERT_TRUE(queue()
                  .MarkDone({.mode = TableMode::kTest,
                             .date = kDay,
                             .targeting_id = kTargeting,
                             .company_id = 10,
                             .success = false,
                             .bot_protection = true,
                             .run_id = "r"})
                  .ok());
  auto r = Db().Query("SELECT bot_protection_detected AS b FROM companies WHERE id = 10");
  EXPECT_FALSE(r->front().OptBool("b").has_value());
}

TEST_P(MarkDoneTest, Case147_RequeueStaleResetsOnlyOldAssignments) {
  AddQueueRow(1, 1, 0, "assigned", "run-x", clock().Now() - minutes(10));
  AddQueueRow(2, 2, 0, "assigned", "run-y", clock().Now() - minutes(2));
  AddQueueRow(3, 3, 0, "assigned", "run-z", std::nullopt);  // no assigned_at: untouched
  auto r = queue().RequeueStale({TableMode::kDefault, kDay, kTargeting}, 5);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->requeued, 1);
  auto rows = Rows();
  EXPECT_EQ(rows[0].status, "pending");
  EXPECT_EQ(rows[0].assigned_by, "");
  EXPECT_EQ(rows[1].status, "assigned");
  EXPECT_EQ(rows[2].status, "assigned");
  EXPECT_EQ(Count("SELECT count(*) AS n FROM send_queue WHERE assigned_at IS NULL"), 2);
}

// When an execution is over, the rows its (dead) runs still hold are resolved at once, whatever
// their age; other executions' rows are left alone.
TEST_P(MarkDoneTest, ReleaseRunsOfResolvesOnlyThatExecutionsRowsAtOnce) {
  for (int64_t id : {1, 2, 3}) AddCompany(id);
  AddQueueRow(1, 1, 0);
  AddQueueRow(2, 2, 0);
  AddQueueRow(3, 3, 0, "assigned", "exec-b-ri0-a0-x", clock().Now());
  auto claimed = ClaimOne(Req("exec-a-ri1-a0-20250401T010000-ab", 2));
  ASSERT_EQ(claimed->claims.size(), 2u);
  // Company 2's final submission was sent before the runner died.
  for (const auto& c : claimed->claims) {
    if (c.company_id != 2) continue;
    ASSERT_TRUE(ledger()
                    .RecordIntent({.key = {TableMode::kDefault, kTargeting, 2},
                                   .date = kDay,
                                   .run_id = "exec-a-ri1-a0-20250401T010000-ab",
                                   .fencing_token = c.fencing_token})
                    .ok());
    ASSERT_TRUE(ledger()
                    .RecordOutcome({.key = {TableMode::kDefault, kTargeting, 2},
                                    .fencing_token = c.fencing_token,
                                    .sent = true,
                                    .outcome_code = "SUCCESS"})
                    .ok());
  }
  auto r = queue().ReleaseRunsOf(TableMode::kDefault, kTargeting, "exec-a-ri");
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->requeued, 1);
  EXPECT_EQ(r->recovered_sent, 1);
  auto rows = Rows();
  EXPECT_EQ(rows[0].status, "pending");
  EXPECT_EQ(rows[1].status, "done");
  EXPECT_EQ(rows[2].status, "assigned");  // another execution's run: untouched
  EXPECT_EQ(rows[2].assigned_by, "exec-b-ri0-a0-x");
  // Nothing left to do the second time; a prefix too short to name an execution is refused.
  EXPECT_EQ(queue().ReleaseRunsOf(TableMode::kDefault, kTargeting, "exec-a-ri")->requeued, 0);
  EXPECT_FALSE(queue().ReleaseRunsOf(TableMode::kDefault, kTargeting, "e").ok());
}

TEST_P(MarkDoneTest, RequeueReleasesTheClaimSoTheOldWorkerCannotSend) {
  AddCompany(1);
  AddQueueRow(1, 1, 0);
  auto first = ClaimOne(Req("run-a"));
  ASSERT_EQ(first->claims.size(), 1u);
  clock().Advance(minutes(20));
  ASSERT_EQ(queue().RequeueStale({TableMode::kDefault, kDay, kTargeting}, 15)->requeued, 1);
  auto second = ClaimOne(Req("run-b"));
  ASSERT_EQ(second->claims.size(), 1u);
  EXPECT_GT(second->claims[0].fencing_token, first->claims[0].fencing_token);
  auto late = ledger().RecordIntent({.key = {TableMode::kDefault, kTargeting, 1},
                                     .date = kDay,
                                     .run_id = "run-a",
                                     .fencing_token = first->claims[0].fencing_token});
  EXPECT_EQ(IntentConflictOf(late.status()), IntentConflict::kClaimLost)
      << late.status().ToString();
  auto mine = ledger().RecordIntent({.key = {TableMode::kDefault, kTargeting, 1},
                                     .date = kDay,
                                     .run_id = "run-b",
                                     .fencing_token = second->claims[0].fencing_token});
  EXPECT_TRUE(mine.ok()) << mine.status().ToString();
  // The old worker's late mark_done is refused: the row is run-b's now.
  auto stale_done = queue().MarkDone({.date = kDay,
                                      .targeting_id = kTargeting,
                                      .company_id = 1,
                                      .success = true,
                                      .run_id = "run-a"});
  EXPECT_EQ(stale_done->updated, 0);
  EXPECT_FALSE(stale_done->recorded);
}

TEST_P(MarkDoneTest, RequeueCompletesRowsFromTheLedgerAndNeverRetriesUnknownOutcomes) {
  for (int64_t c = 1; c <= 4; ++c) {
    AddCompany(c);
    AddQueueRow(c, static_cast<int>(c), 0);
  }
  auto claimed = ClaimOne(Req("run-a", 4));
  ASSERT_EQ(claimed->claims.size(), 4u);
  auto intent = [&](int64_t company) {
    for (const Claim& c : claimed->claims) {
      if (c.company_id != company) continue;
      auto r = ledger().RecordIntent({.key = {TableMode::kDefault, kTargeting, company},
                                      .date = kDay,
                                      .run_id = "run-a",
                                      .fencing_token = c.fencing_token});
      EXPECT_TRUE(r.ok()) << r.status().ToString();
      return c.fencing_token;
    }
    return int64_t{0};
  };
  int64_t t2 = intent(2);
  int64_t t3 = intent(3);
  intent(4);
  ASSERT_TRUE(ledger()
                  .RecordOutcome({.key = {TableMode::kDefault, kTargeting, 2},
                                  .fencing_token = t2,
                                  .sent = true,
                                  .outcome_code = "SUCCESS"})
                  .ok());
  ASSERT_TRUE(ledger()
                  .RecordOutcome({.key = {TableMode::kDefault, kTargeting, 3},
                                  .fencing_token = t3,
                                  .sent = false,
                                  .outcome_code = "FORM_VALIDATION_ERROR"})
                  .ok());
  // The worker dies here: nothing reaches mark_done.
  clock().Advance(minutes(30));
  auto r = queue().RequeueStale({TableMode::kDefault, kDay, kTargeting}, 15);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->requeued, 1);          // 1: no final submission was attempted
  EXPECT_EQ(r->recovered_sent, 1);    // 2
  EXPECT_EQ(r->recovered_failed, 1);  // 3
  EXPECT_EQ(r->outcome_unknown, 1);   // 4
  auto rows = Rows();
  EXPECT_EQ(rows[0].status, "pending");
  EXPECT_EQ(rows[1].status, "done");
  EXPECT_EQ(rows[2].status, "failed");
  EXPECT_EQ(rows[3].status, "failed");
  auto subs = Db().Query(
      "SELECT company_id, success, error_type FROM submissions ORDER BY "
      "company_id");
  ASSERT_EQ(subs->size(), 2u);
  EXPECT_EQ(subs->row(0).Int("company_id"), 2);
  EXPECT_EQ(subs->row(0).OptBool("success"), true);
  EXPECT_EQ(subs->row(1).Text("error_type"), "FORM_VALIDATION_ERROR");
  // Only company 1 can be claimed again; 4 stays out until an operator decides.
  auto again = ClaimOne(Req("run-b", 10));
  ASSERT_EQ(again->claims.size(), 1u);
  EXPECT_EQ(again->claims[0].company_id, 1);
  // The unknown send still counts against the cap (it may have arrived).
  ClaimRequest capped = Req("run-c");
  capped.max_daily_sends = 3;  // 1 success + 1 in flight + 1 unknown
  AddQueueRow(5, 5, 0);
  EXPECT_TRUE(ClaimOne(capped)->cap_reached);
}

FS_INSTANTIATE_BACKEND_TEST(MarkDoneTest);

}  // namespace
}  // namespace formsender::sendqueue
