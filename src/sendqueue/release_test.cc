// Release (a claimed row back to pending, refused once a final submission was attempted) and
// ListPending (the dry run's read-only view), on SQLite and PostgreSQL.
#include "sendqueue/send_queue.h"
#include "sendqueue/test_fixture.h"

namespace formsender::sendqueue {
namespace {

using testing::kDay;
using testing::kTargeting;

class ReleaseTest : public testing::QueueTest {
 protected:
  QueueKey Key() { return {TableMode::kDefault, kDay, kTargeting}; }
  int64_t LiveClaims(int64_t company) {
    return Count(
        "SELECT count(*) AS n FROM send_claims WHERE company_id = $1 AND released_at IS NULL",
        {company});
  }
};

TEST_P(ReleaseTest, ReleasedRowGoesBackToPendingAndIsClaimedAgain) {
  AddCompany(10);
  AddQueueRow(10, 1, 0);
  auto first = ClaimOne(Req("run-a"));
  ASSERT_EQ(first->claims.size(), 1u);
  auto released = queue().Release(Key(), 10, "run-a");
  ASSERT_TRUE(released.ok()) << released.status().ToString();
  EXPECT_TRUE(*released);
  auto rows = Rows();
  EXPECT_EQ(rows[0].status, "pending");
  EXPECT_EQ(rows[0].assigned_by, "");
  EXPECT_EQ(LiveClaims(10), 0);
  // The old token can no longer pass the ledger; a new claim gets a new one.
  auto intent = ledger().RecordIntent({.key = {TableMode::kDefault, kTargeting, 10},
                                       .date = kDay,
                                       .run_id = "run-a",
                                       .fencing_token = first->claims[0].fencing_token});
  EXPECT_EQ(IntentConflictOf(intent.status()), IntentConflict::kClaimLost);
  auto second = ClaimOne(Req("run-b"));
  ASSERT_EQ(second->claims.size(), 1u);
  EXPECT_GT(second->claims[0].fencing_token, first->claims[0].fencing_token);
}

TEST_P(ReleaseTest, AnotherRunsRowIsLeftAlone) {
  AddCompany(10);
  AddQueueRow(10, 1, 0);
  ASSERT_EQ(ClaimOne(Req("run-a"))->claims.size(), 1u);
  auto released = queue().Release(Key(), 10, "run-b");
  ASSERT_TRUE(released.ok());
  EXPECT_FALSE(*released);
  EXPECT_EQ(Rows()[0].status, "assigned");
  EXPECT_EQ(Rows()[0].assigned_by, "run-a");
  EXPECT_EQ(LiveClaims(10), 1);
}

TEST_P(ReleaseTest, RefusedOnceAFinalSubmissionWasAttempted) {
  AddCompany(10);
  AddQueueRow(10, 1, 0);
  auto claim = ClaimOne(Req("run-a"));
  ASSERT_TRUE(ledger()
                  .RecordIntent({.key = {TableMode::kDefault, kTargeting, 10},
                                 .date = kDay,
                                 .run_id = "run-a",
                                 .fencing_token = claim->claims[0].fencing_token})
                  .ok());
  auto released = queue().Release(Key(), 10, "run-a");
  ASSERT_FALSE(released.ok());
  EXPECT_EQ(released.status().code(), StatusCode::kConflict);
  EXPECT_THAT(released.status().message(), ::testing::HasSubstr("send_ledger"));
  EXPECT_EQ(Rows()[0].status, "assigned");
  EXPECT_EQ(LiveClaims(10), 1);
}

TEST_P(ReleaseTest, DirectRunClaimWithoutRowIsReleased) {
  AddCompany(42);
  auto claim = queue().ClaimCompany(Key(), 42, "run-a");
  ASSERT_TRUE(claim.ok()) << claim.status().ToString();
  EXPECT_EQ(LiveClaims(42), 1);
  auto released = queue().Release(Key(), 42, "run-a");
  ASSERT_TRUE(released.ok());
  EXPECT_FALSE(*released);
  EXPECT_EQ(LiveClaims(42), 0);
}

TEST_P(ReleaseTest, BadArgumentsAreErrors) {
  EXPECT_EQ(queue().Release(Key(), 0, "run").status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(queue().Release(Key(), 1, "").status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(queue().ListPending(Key(), std::nullopt, 0).status().code(),
            StatusCode::kInvalidArgument);
}

TEST_P(ReleaseTest, ListPendingPrefersTheShardAndClaimsNothing) {
  for (int64_t id = 1; id <= 6; ++id) {
    AddCompany(id);
    AddQueueRow(id, static_cast<int>(id), static_cast<int>(id % 2));
  }
  ASSERT_EQ(ClaimOne(Req("run-a"))->claims[0].company_id, 1);
  auto any = queue().ListPending(Key(), std::nullopt, 10);
  ASSERT_TRUE(any.ok()) << any.status().ToString();
  std::vector<int64_t> ids;
  for (const Claim& c : *any) ids.push_back(c.company_id);
  EXPECT_EQ(ids, (std::vector<int64_t>{2, 3, 4, 5, 6}));
  auto shard0 = queue().ListPending(Key(), 0, 4);
  ids.clear();
  for (const Claim& c : *shard0) ids.push_back(c.company_id);
  EXPECT_EQ(ids, (std::vector<int64_t>{2, 4, 6, 3}));
  EXPECT_EQ(Rows()[1].status, "pending");
}

FS_INSTANTIATE_BACKEND_TEST(ReleaseTest);

}  // namespace
}  // namespace formsender::sendqueue
