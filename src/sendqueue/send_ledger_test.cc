// The send ledger on SQLite and PostgreSQL: intents, outcomes, unknowns, cooldown.
#include "sendqueue/send_ledger.h"

#include "sendqueue/test_fixture.h"

namespace formsender::sendqueue {
namespace {

using std::chrono::hours;
using std::chrono::minutes;
using testing::kDay;
using testing::kTargeting;

class SendLedgerTest : public testing::QueueTest {
 protected:
  // Queues `company` for `targeting` and claims it for `run`.
  Claim ClaimFor(int64_t company, const std::string& run, int64_t targeting = kTargeting,
                 TableMode mode = TableMode::kDefault) {
    AddQueueRow(company, 1, 0, "pending", std::nullopt, std::nullopt, mode, kDay, targeting);
    auto c = queue().ClaimCompany({mode, kDay, targeting}, company, run);
    EXPECT_TRUE(c.ok()) << c.status().ToString();
    return c.ok() ? *c : Claim();
  }
  IntentRequest Intent(const Claim& c, const std::string& run, int64_t targeting = kTargeting,
                       TableMode mode = TableMode::kDefault) {
    return {.key = {mode, targeting, c.company_id},
            .date = kDay,
            .run_id = run,
            .fencing_token = c.fencing_token};
  }
};

TEST_P(SendLedgerTest, IntentThenOutcome) {
  Claim c = ClaimFor(10, "run-a");
  IntentRequest req = Intent(c, "run-a");
  req.execution_id = "exec-1";
  req.detail = {{"form_url", "https://example.localhost/contact"}};
  auto intent = ledger().RecordIntent(req);
  ASSERT_TRUE(intent.ok()) << intent.status().ToString();
  EXPECT_EQ(intent->state, LedgerState::kIntent);
  EXPECT_EQ(intent->fencing_token, c.fencing_token);
  EXPECT_EQ(intent->execution_id, "exec-1");
  EXPECT_EQ(intent->intent_at, clock().Now());
  clock().Advance(std::chrono::seconds(4));
  OutcomeRequest out{
      .key = req.key, .fencing_token = c.fencing_token, .sent = true, .outcome_code = "SUCCESS"};
  ASSERT_TRUE(ledger().RecordOutcome(out).ok());
  EXPECT_TRUE(ledger().RecordOutcome(out).ok());  // the same outcome again is fine
  OutcomeRequest other = out;
  other.sent = false;
  other.outcome_code = "TIMEOUT";
  EXPECT_EQ(ledger().RecordOutcome(other).code(), StatusCode::kConflict);
  OutcomeRequest wrong_token = out;
  wrong_token.fencing_token += 1000;
  EXPECT_EQ(ledger().RecordOutcome(wrong_token).code(), StatusCode::kConflict);
  auto found = ledger().Find(req.key);
  ASSERT_TRUE(found.ok());
  ASSERT_TRUE(found->has_value());
  EXPECT_EQ((*found)->state, LedgerState::kSent);
  EXPECT_EQ((*found)->outcome_code, "SUCCESS");
  EXPECT_EQ((*found)->outcome_at, clock().Now());
  EXPECT_EQ((*found)->detail["form_url"], "https://example.localhost/contact");
  EXPECT_EQ(ledger()
                .RecordOutcome({.key = {TableMode::kDefault, kTargeting, 999},
                                .fencing_token = 1,
                                .outcome_code = "X"})
                .code(),
            StatusCode::kNotFound);
}

TEST_P(SendLedgerTest, ASecondIntentForTheSameKeyFailsWhoeverAsks) {
  Claim c = ClaimFor(10, "run-a");
  ASSERT_TRUE(ledger().RecordIntent(Intent(c, "run-a")).ok());
  auto twice = ledger().RecordIntent(Intent(c, "run-a"));
  ASSERT_FALSE(twice.ok());
  EXPECT_EQ(twice.status().code(), StatusCode::kConflict);
  EXPECT_EQ(IntentConflictOf(twice.status()), IntentConflict::kAlreadySent);
  // Even after the queue is rebuilt and the company claimed again by another run.
  ASSERT_TRUE(queue().ResetAll(TableMode::kDefault).ok());
  Claim again = ClaimFor(10, "run-b");
  auto other = ledger().RecordIntent(Intent(again, "run-b"));
  EXPECT_EQ(IntentConflictOf(other.status()), IntentConflict::kAlreadySent)
      << other.status().ToString();
  EXPECT_EQ(Count("SELECT count(*) AS n FROM send_ledger"), 1);
  // A success recorded by the reference (no ledger row) also counts as sent.
  Claim c11 = ClaimFor(11, "run-b");
  AddSubmission(kTargeting, 11, true, clock().Now() - hours(24 * 400));
  EXPECT_EQ(IntentConflictOf(ledger().RecordIntent(Intent(c11, "run-b")).status()),
            IntentConflict::kAlreadySent);
}

TEST_P(SendLedgerTest, TheClaimMustStillBeOurs) {
  Claim c = ClaimFor(10, "run-a");
  auto wrong_run = ledger().RecordIntent(Intent(c, "run-b"));
  EXPECT_EQ(IntentConflictOf(wrong_run.status()), IntentConflict::kClaimLost);
  IntentRequest wrong_company = Intent(c, "run-a");
  wrong_company.key.company_id = 11;
  EXPECT_EQ(IntentConflictOf(ledger().RecordIntent(wrong_company).status()),
            IntentConflict::kClaimLost);
  IntentRequest no_token = Intent(c, "run-a");
  no_token.fencing_token = 0;
  EXPECT_EQ(ledger().RecordIntent(no_token).status().code(), StatusCode::kInvalidArgument);
  IntentRequest unknown_token = Intent(c, "run-a");
  unknown_token.fencing_token = 424242;
  EXPECT_EQ(IntentConflictOf(ledger().RecordIntent(unknown_token).status()),
            IntentConflict::kClaimLost);
  ASSERT_TRUE(queue().ClearTargeting(TableMode::kDefault, kTargeting).ok());
  auto cleared = ledger().RecordIntent(Intent(c, "run-a"));
  EXPECT_EQ(IntentConflictOf(cleared.status()), IntentConflict::kClaimLost);
  EXPECT_NE(cleared.status().message().find("released (cleared)"), std::string::npos)
      << cleared.status().message();
  EXPECT_EQ(Count("SELECT count(*) AS n FROM send_ledger"), 0);
}

TEST_P(SendLedgerTest, CooldownAcrossCampaigns) {
  Claim a = ClaimFor(10, "run-a", 1);
  ASSERT_TRUE(ledger().RecordIntent(Intent(a, "run-a", 1)).ok());
  clock().Advance(hours(24 * 10));
  Claim b = ClaimFor(10, "run-b", 2);
  auto refused = ledger().RecordIntent(Intent(b, "run-b", 2));
  EXPECT_EQ(IntentConflictOf(refused.status()), IntentConflict::kCooldown)
      << refused.status().ToString();
  EXPECT_NE(refused.status().message().find("targeting 1"), std::string::npos);
  IntentRequest no_cooldown = Intent(b, "run-b", 2);
  no_cooldown.cooldown_days = 5;
  EXPECT_TRUE(ledger().RecordIntent(no_cooldown).ok());
  // Successes from submissions count too; test-mode contacts do not touch real ones.
  Claim c = ClaimFor(20, "run-c", 3);
  AddSubmission(4, 20, true, clock().Now() - hours(24));
  EXPECT_EQ(IntentConflictOf(ledger().RecordIntent(Intent(c, "run-c", 3)).status()),
            IntentConflict::kCooldown);
  Claim t = ClaimFor(20, "run-t", 3, TableMode::kTest);
  EXPECT_TRUE(ledger().RecordIntent(Intent(t, "run-t", 3, TableMode::kTest)).ok());
}

TEST_P(SendLedgerTest, UnansweredIntentsBecomeUnknownAndWaitForAnOperator) {
  Claim c = ClaimFor(10, "run-a");
  ASSERT_TRUE(ledger().RecordIntent(Intent(c, "run-a")).ok());
  auto early = ledger().ListUnknown();
  ASSERT_TRUE(early.ok());
  EXPECT_TRUE(early->empty());
  clock().Advance(minutes(31));
  auto listed = ledger().ListUnknown();
  ASSERT_TRUE(listed.ok());
  ASSERT_EQ(listed->size(), 1u);
  EXPECT_EQ((*listed)[0].state, LedgerState::kUnknown);
  EXPECT_EQ((*listed)[0].key.company_id, 10);
  EXPECT_EQ((*listed)[0].ToJson()["state"], "unknown");
  EXPECT_TRUE(ledger().ListUnknown(TableMode::kExtra)->empty());
  // A late outcome from the (slow, not dead) worker still lands.
  LedgerKey key{TableMode::kDefault, kTargeting, 10};
  ASSERT_TRUE(ledger()
                  .RecordOutcome({.key = key,
                                  .fencing_token = c.fencing_token,
                                  .sent = false,
                                  .outcome_code = "TIMEOUT"})
                  .ok());
  EXPECT_TRUE(ledger().ListUnknown()->empty());
  EXPECT_EQ(ledger().Resolve(key, LedgerResolution::kRelease, "x").code(),
            StatusCode::kConflict);  // not unknown any more

  Claim d = ClaimFor(11, "run-a");
  ASSERT_TRUE(ledger().RecordIntent(Intent(d, "run-a")).ok());
  clock().Advance(minutes(31));
  LedgerKey key11{TableMode::kDefault, kTargeting, 11};
  ASSERT_TRUE(ledger().Resolve(key11, LedgerResolution::kSent, "client confirmed by mail").ok());
  auto resolved = ledger().Find(key11);
  EXPECT_EQ((*resolved)->state, LedgerState::kSent);
  EXPECT_EQ((*resolved)->detail["resolved_by_operator"], "client confirmed by mail");
  Claim e = ClaimFor(12, "run-a");
  ASSERT_TRUE(ledger().RecordIntent(Intent(e, "run-a")).ok());
  clock().Advance(minutes(31));
  LedgerKey key12{TableMode::kDefault, kTargeting, 12};
  ASSERT_TRUE(ledger().Resolve(key12, LedgerResolution::kRelease, "never sent").ok());
  EXPECT_FALSE(ledger().Find(key12)->has_value());
  EXPECT_EQ(ledger().Resolve(key12, LedgerResolution::kSent, "").code(), StatusCode::kNotFound);
}

FS_INSTANTIATE_BACKEND_TEST(SendLedgerTest);

}  // namespace
}  // namespace formsender::sendqueue
