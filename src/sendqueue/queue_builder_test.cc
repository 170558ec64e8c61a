// Queue build: orchestration-cases.md section I (121–135) and O-222, on SQLite and PostgreSQL.
#include "sendqueue/queue_builder.h"

#include "sendqueue/test_fixture.h"

namespace formsender::sendqueue {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;
using testing::kDay;
using testing::kTargeting;

TimePoint DaysBefore(int days, int hour = 12) {
  return JstTimeOn(kDay.AddDays(-days), {hour, 0, 0});
}

class QueueBuilderTest : public testing::QueueTest {};

TEST_P(QueueBuilderTest, BaseRulesExcludeCompaniesThatCannotOrMustNotBeContacted) {
  AddCompany(1);
  AddCompany(2);
  ASSERT_TRUE(Db().Execute("UPDATE companies SET form_url = NULL WHERE id = 2").ok());
  AddCompany(3, "", TableMode::kDefault, "prohibition_detected", {true});
  AddCompany(4, "", TableMode::kDefault, "black", {false});  // black not NULL, even false
  AddCompany(5, "", TableMode::kDefault, "duplication", {true});
  AddCompany(6, "", TableMode::kDefault, "prohibition_detected", {false});
  BuildResult r = Build(Request());
  EXPECT_THAT(QueuedCompanies(), ElementsAre(1, 6));
  EXPECT_EQ(r.inserted_stage1, 2);
  EXPECT_EQ(r.total, 2);
}

TEST_P(QueueBuilderTest, Case121_RecentFailureByAnyTargetingExcludesInEveryMode) {
  for (TableMode mode : {TableMode::kDefault, TableMode::kExtra, TableMode::kTest}) {
    SCOPED_TRACE(std::string(TableModeName(mode)));
    if (mode != TableMode::kTest) AddCompanies(1, 3, mode);   // test mode reads `companies`
    AddSubmission(99, 1, false, DaysBefore(10), mode);        // another targeting, 10 days ago
    AddSubmission(99, 2, std::nullopt, DaysBefore(1), mode);  // success NULL counts as failed
    AddSubmission(99, 3, false, DaysBefore(31), mode);        // outside the 30-day window
    Build(Request(mode));
    // The reference used 7 days in extra mode and none in the extra step function.
    EXPECT_THAT(QueuedCompanies(mode), ElementsAre(3));
  }
}

TEST_P(QueueBuilderTest, Case122_ASuccessForTheTargetingIsNeverQueuedAgain) {
  AddCompanies(1, 2);
  AddSubmission(kTargeting, 1, true, DaysBefore(200));
  AddSubmission(kTargeting, 2, false, DaysBefore(100));  // only a failure: stage 2
  Build(Request());
  EXPECT_THAT(QueuedCompanies(), ElementsAre(2));
  auto rows = Rows();
  EXPECT_EQ(rows[0].priority, 1);
}

TEST_P(QueueBuilderTest, Case123_Stage2TakesOldFailuresAfterStage1WithPrioritiesAfterIt) {
  AddCompanies(1, 6);
  AddSubmission(kTargeting, 2, false, DaysBefore(40));  // stage 2 candidate
  AddSubmission(kTargeting, 3, false, DaysBefore(40));
  AddSubmission(kTargeting, 3, false, DaysBefore(10));    // failed within 14/30 days: not yet
  AddSubmission(kTargeting, 4, false, DaysBefore(0, 9));  // today already: not again
  AddSubmission(kTargeting, 5, false, DaysBefore(45));
  BuildResult r = Build(Request());
  EXPECT_EQ(r.inserted_stage1, 2);  // 1 and 6: never tried
  EXPECT_EQ(r.inserted_stage2, 2);  // 2 and 5
  auto rows = Rows();
  ASSERT_EQ(rows.size(), 4u);
  EXPECT_EQ(rows[0].company_id, 1);
  EXPECT_EQ(rows[1].company_id, 6);
  EXPECT_EQ(rows[2].company_id, 2);
  EXPECT_EQ(rows[3].company_id, 5);
  for (size_t i = 0; i < rows.size(); ++i) EXPECT_EQ(rows[i].priority, static_cast<int>(i) + 1);

  // Stage 2 only runs while stage 1 leaves room under the cap.
  BuildRequest small = Request();
  small.date = kDay.AddDays(1);
  small.queue_cap = 2;
  auto next_day = builder().Build(small);
  ASSERT_TRUE(next_day.ok());
  EXPECT_EQ(next_day->inserted_stage1, 2);
  EXPECT_EQ(next_day->inserted_stage2, 0);
  EXPECT_TRUE(next_day->cap_reached);
}

TEST_P(QueueBuilderTest, Case125_NamePolicyWordsAndMissingNamesAreNeverQueued) {
  AddCompany(1, "医療法人社団さくら会");
  AddCompany(2, "〇〇総合病院");
  AddCompany(3, "学校法人 山田学園");
  AddCompany(4, "山本法律事務所");
  AddCompany(5, "株式会社サンプル");
  AddCompany(6, "ｻﾝﾌﾟﾙ税理士法人");
  AddCompany(7, " ");
  AddCompany(8);
  ASSERT_TRUE(Db().Execute("UPDATE companies SET company_name = NULL WHERE id = 8").ok());
  BuildResult r = Build(Request());
  EXPECT_THAT(QueuedCompanies(), ElementsAre(5));
  EXPECT_EQ(r.excluded_by_name, 6);  // NULL names are dropped by SQL already

  // The keyword list is a parameter (the runner's name_policy_exclude_keywords).
  BuildRequest custom = Request();
  custom.name_policy_keywords = {"サンプル"};
  Build(custom);
  EXPECT_THAT(QueuedCompanies(), ElementsAre(1, 2, 3, 4));
}

TEST_P(QueueBuilderTest, NgCompaniesMatchAfterNormalisation) {
  AddCompany(1, "Sample Inc.");
  AddCompany(2, "株式会社　テスト");
  AddCompany(3, "ＡＢＣ商事");
  AddCompany(4, "株式会社ほか");
  BuildRequest r = Request();
  // the reference removed spaces from the list only, so none of these matched.
  r.ng_companies = "SampleInc.，株式会社 テスト,ABC商事";
  Build(r);
  EXPECT_THAT(QueuedCompanies(), ElementsAre(4));
}

TEST_P(QueueBuilderTest, Case126_TheFilterLanguageReplacesRawSql) {
  AddCompany(1, "", TableMode::kDefault, "capital", {int64_t{50'000'000}});
  AddCompany(2, "", TableMode::kDefault, "capital", {int64_t{1'000}});
  ASSERT_TRUE(Db().Execute("UPDATE companies SET prefecture = '大阪府' WHERE id = 2").ok());
  AddCompany(3, "", TableMode::kDefault, "form_found", {true});
  BuildRequest r = Request();
  r.targeting_sql = "prefecture = '東京都'; drop table companies";
  auto rejected = builder().Build(r);
  ASSERT_FALSE(rejected.ok());
  EXPECT_EQ(rejected.status().code(), StatusCode::kInvalidArgument);
  EXPECT_NE(rejected.status().message().find("position 19"), std::string::npos);
  r.targeting_sql = "industry = 'IT' union select 1";
  EXPECT_NE(builder().Build(r).status().message().find("unknown column \"industry\""),
            std::string::npos);
  EXPECT_THAT(Rows(), IsEmpty());  // nothing was written
  // A column whose name contains a keyword is just a column.
  r.targeting_sql = "form_found = true";
  Build(r);
  EXPECT_THAT(QueuedCompanies(), ElementsAre(3));
  r.targeting_sql =
      "c.prefecture IN ('東京都', '京都府') AND (capital >= 10000000 OR capital IS NULL)";
  Build(r);
  // Rebuilt: the pending row kept its place; the new one comes after it.
  EXPECT_THAT(QueuedCompanies(), ElementsAre(3, 1));
}

TEST_P(QueueBuilderTest, Case127_ShardsDefaultToEightAndTheQueueCapIsTenThousand) {
  AddCompanies(1, 20);
  BuildRequest r = Request();
  r.shards = 0;
  BuildResult built = Build(r);
  EXPECT_EQ(built.shards, 8);
  for (const auto& row : Rows()) EXPECT_EQ(row.shard_id, row.company_id % 8);
  r.shards = std::nullopt;
  EXPECT_EQ(Build(r).shards, 8);
  r.shards = -1;
  EXPECT_EQ(builder().Build(r).status().code(), StatusCode::kInvalidArgument);
  r.shards = 3;
  Build(r);  // the pending rows that stay move to their new shard
  for (const auto& row : Rows()) EXPECT_EQ(row.shard_id, row.company_id % 3);
  r.queue_cap = 10001;
  EXPECT_EQ(builder().Build(r).status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(BuildRequest().queue_cap, 10000);
}

TEST_P(QueueBuilderTest, SparseIdsAreFoundAcrossPagesAndTheScanStops) {
  // the reference's chunked build kept calling empty id windows; here a short page ends it.
  for (int64_t id : {int64_t{3}, int64_t{50'000}, int64_t{1'000'000}, int64_t{7'000'000'000}}) {
    AddCompany(id);
  }
  for (int64_t id = 10; id < 2'100; ++id) AddCompany(id, "病院" + std::to_string(id));
  BuildRequest request = Request();
  std::vector<std::string> progress;
  request.progress = [&](const std::string& line) { progress.push_back(line); };
  BuildResult r = Build(request);
  EXPECT_THAT(QueuedCompanies(), ElementsAre(3, 50'000, 1'000'000, 7'000'000'000));
  EXPECT_EQ(r.excluded_by_name, 2'090);
  // A line per page read and per batch written: the operator sees a long build move.
  EXPECT_THAT(progress, ::testing::Contains("stage 1: 2000 companies read, 1 of 10000 chosen"));
  EXPECT_THAT(progress, ::testing::Contains("stage 1: 2094 companies read, 4 of 10000 chosen"));
  EXPECT_EQ(progress.back(), "4 of 4 new rows written");
}

TEST_P(QueueBuilderTest, CooldownAcrossCampaignsReadsTheLedgerAndSubmissions) {
  AddCompanies(1, 4);
  AddSubmission(99, 1, true, DaysBefore(29));  // another campaign's success within 30 days
  AddSubmission(99, 2, true, DaysBefore(31));
  ASSERT_TRUE(Db().Execute("INSERT INTO send_ledger (table_mode, targeting_id, company_id, "
                           "target_date_jst, run_id, fencing_token, state, intent_at) VALUES "
                           "('default', 98, 3, '2025-03-25', 'r', 1, 'unknown', $1::timestamptz)",
                           {store::SqlValue::Time(DaysBefore(7))})
                  .ok());
  Build(Request());
  EXPECT_THAT(QueuedCompanies(), ElementsAre(2, 4));
  BuildRequest off = Request();
  off.company_cooldown_days = 0;
  Build(off);
  EXPECT_THAT(QueuedCompanies(), ElementsAre(2, 4, 1, 3));
}

TEST_P(QueueBuilderTest, ALedgerEntryForTheTargetingBlocksBothStages) {
  AddCompanies(1, 2);
  AddSubmission(kTargeting, 2, false, DaysBefore(60));  // would be a stage 2 candidate
  for (int64_t company : {1, 2}) {
    ASSERT_TRUE(Db().Execute("INSERT INTO send_ledger (table_mode, targeting_id, company_id, "
                             "target_date_jst, run_id, fencing_token, state, intent_at) VALUES "
                             "('default', $1, $2, '2025-01-01', 'r', 1, 'failed', "
                             "$3::timestamptz)",
                             {kTargeting, company, store::SqlValue::Time(DaysBefore(90))})
                    .ok());
  }
  Build(Request());
  EXPECT_THAT(QueuedCompanies(), IsEmpty());
}

TEST_P(QueueBuilderTest, CaseO222_RebuildingKeepsRowsInProgressAndIsIdempotent) {
  AddCompanies(1, 6);
  Build(Request());
  auto first = Rows();
  ASSERT_EQ(first.size(), 6u);
  // Company 1 done (with its submission), 2 in flight, 3 failed today.
  auto claimed =
      queue().Claim({.date = kDay, .targeting_id = kTargeting, .run_id = "run-a", .limit = 3});
  ASSERT_TRUE(claimed.ok()) << claimed.status().ToString();
  ASSERT_TRUE(queue()
                  .MarkDone({.date = kDay,
                             .targeting_id = kTargeting,
                             .company_id = 1,
                             .success = true,
                             .run_id = "run-a"})
                  .ok());
  ASSERT_TRUE(queue()
                  .MarkDone({.date = kDay,
                             .targeting_id = kTargeting,
                             .company_id = 3,
                             .success = false,
                             .error_type = "TIMEOUT",
                             .run_id = "run-a"})
                  .ok());
  // A company leaves the filter's reach: its pending row goes, the others stay as they were.
  ASSERT_TRUE(Db().Execute("UPDATE companies SET black = true WHERE id = 5").ok());
  AddCompany(7);
  BuildResult again = Build(Request());
  EXPECT_EQ(again.kept_in_progress, 3);
  EXPECT_EQ(again.kept_pending, 2);     // 4 and 6
  EXPECT_EQ(again.removed_pending, 1);  // 5
  EXPECT_EQ(again.inserted_stage1, 1);  // 7
  auto rows = Rows();
  ASSERT_EQ(rows.size(), 6u);
  std::map<int64_t, testing::QueueRow> by_company;
  for (const auto& r : rows) by_company[r.company_id] = r;
  EXPECT_EQ(by_company[1].status, "done");
  EXPECT_EQ(by_company[2].status, "assigned");
  EXPECT_EQ(by_company[2].assigned_by, "run-a");
  EXPECT_EQ(by_company[3].status, "failed");
  EXPECT_EQ(by_company[4].id, first[3].id);  // same row, same priority
  EXPECT_EQ(by_company[4].priority, first[3].priority);
  EXPECT_EQ(by_company[7].priority, 7);  // after the day's maximum
  // Nothing changes when nothing changed.
  BuildResult same = Build(Request());
  EXPECT_EQ(same.inserted_stage1 + same.inserted_stage2 + same.removed_pending, 0);
  EXPECT_EQ(Rows().size(), 6u);
}

TEST_P(QueueBuilderTest, TheCapCountsRowsAlreadyInProgress) {
  AddCompanies(1, 10);
  BuildRequest r = Request();
  r.queue_cap = 4;
  Build(r);
  auto claimed =
      queue().Claim({.date = kDay, .targeting_id = kTargeting, .run_id = "run-a", .limit = 2});
  ASSERT_TRUE(claimed.ok());
  r.queue_cap = 5;
  BuildResult again = Build(r);
  EXPECT_EQ(again.total, 5);
  EXPECT_THAT(QueuedCompanies(), ElementsAre(1, 2, 3, 4, 5));
}

TEST_P(QueueBuilderTest, Q5_ExtraModeReadsAndWritesOneTableSet) {
  AddCompanies(1, 3, TableMode::kExtra);
  AddCompany(4, "", TableMode::kExtra);
  ASSERT_TRUE(Db().Execute("UPDATE companies_extra SET client = '別の会社' WHERE id = 4").ok());
  AddCompanies(1, 3);  // same ids in `companies`: another id space
  AddSubmission(kTargeting, 1, true, DaysBefore(100), TableMode::kExtra);
  AddSubmission(kTargeting, 2, true, DaysBefore(100), TableMode::kDefault);  // not extra history
  BuildResult r = Build(Request(TableMode::kExtra));
  EXPECT_THAT(QueuedCompanies(TableMode::kExtra), ElementsAre(2, 3));
  EXPECT_THAT(QueuedCompanies(TableMode::kDefault), IsEmpty());
  EXPECT_EQ(r.total, 2);
  BuildRequest no_client = Request(TableMode::kExtra);
  no_client.client_name = "  ";
  auto refused = builder().Build(no_client);
  EXPECT_EQ(refused.status().code(), StatusCode::kInvalidArgument);
  EXPECT_NE(refused.status().message().find("company_name"), std::string::npos);
}

TEST_P(QueueBuilderTest, TestModeUsesTheTestQueueAndSubmissions) {
  AddCompanies(1, 3);
  AddSubmission(kTargeting, 1, true, DaysBefore(3), TableMode::kTest);
  AddSubmission(kTargeting, 2, true, DaysBefore(3), TableMode::kDefault);
  Build(Request(TableMode::kTest));
  EXPECT_THAT(QueuedCompanies(TableMode::kTest), ElementsAre(2, 3));
  EXPECT_THAT(QueuedCompanies(TableMode::kDefault), IsEmpty());
}

TEST_P(QueueBuilderTest, EarlierDatesOfTheTargetingAreClearedAndTheirClaimsReleased) {
  AddCompanies(1, 2);
  BuildRequest yesterday = Request();
  yesterday.date = kDay.AddDays(-1);
  Build(yesterday);
  auto claimed =
      queue().Claim({.date = kDay.AddDays(-1), .targeting_id = kTargeting, .run_id = "old-run"});
  ASSERT_TRUE(claimed.ok());
  ASSERT_EQ(claimed->claims.size(), 1u);
  AddQueueRow(1, 1, 0, "pending", std::nullopt, std::nullopt, TableMode::kDefault, kDay, 99);
  BuildResult r = Build(Request());
  EXPECT_EQ(r.removed_earlier_dates, 2);
  EXPECT_THAT(Rows(TableMode::kDefault, kDay.AddDays(-1)), IsEmpty());
  EXPECT_EQ(Rows(TableMode::kDefault, kDay, 99).size(), 1u);  // other targetings untouched
  EXPECT_EQ(Count("SELECT count(*) AS n FROM send_claims WHERE released_at IS NULL"), 0);
  EXPECT_EQ(Count("SELECT count(*) AS n FROM send_claims"), 1);  // kept for 30 days
  // The old run can no longer pass the ledger with its claim.
  auto intent = ledger().RecordIntent(
      {.key = {TableMode::kDefault, kTargeting, claimed->claims[0].company_id},
       .date = kDay.AddDays(-1),
       .run_id = "old-run",
       .fencing_token = claimed->claims[0].fencing_token});
  EXPECT_EQ(IntentConflictOf(intent.status()), IntentConflict::kClaimLost);
  BuildRequest later = Request();
  later.date = kDay.AddDays(30);
  Build(later);
  EXPECT_EQ(Count("SELECT count(*) AS n FROM send_claims"), 0);
}

TEST_P(QueueBuilderTest, Case135_ClearTargetingDeletesEveryDateOfThatTargetingOnly) {
  AddQueueRow(1, 1, 0, "pending", std::nullopt, std::nullopt, TableMode::kDefault, kDay.AddDays(-1),
              5);
  AddQueueRow(2, 1, 0, "pending", std::nullopt, std::nullopt, TableMode::kDefault, kDay, 5);
  AddQueueRow(3, 1, 0, "pending", std::nullopt, std::nullopt, TableMode::kDefault, kDay, 6);
  auto cleared = queue().ClearTargeting(TableMode::kDefault, 5);
  ASSERT_TRUE(cleared.ok());
  EXPECT_EQ(*cleared, 2);
  EXPECT_EQ(Count("SELECT count(*) AS n FROM send_queue"), 1);
  auto missing = queue().ClearTargeting(TableMode::kDefault, 0);
  EXPECT_EQ(missing.status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(missing.status().message(), "p_targeting_id is required");
}

TEST_P(QueueBuilderTest, ResetAllEmptiesTheModeAndRestartsIds) {
  AddCompanies(1, 3);
  Build(Request(TableMode::kTest));
  Build(Request());
  auto reset = queue().ResetAll(TableMode::kTest);
  ASSERT_TRUE(reset.ok());
  EXPECT_EQ(*reset, 3);
  EXPECT_EQ(Count("SELECT count(*) AS n FROM send_queue_test"), 0);
  EXPECT_EQ(Count("SELECT count(*) AS n FROM send_queue"), 3);
  Build(Request(TableMode::kTest));
  EXPECT_EQ(Rows(TableMode::kTest).front().id, 1);
}

FS_INSTANTIATE_BACKEND_TEST(QueueBuilderTest);

}  // namespace
}  // namespace formsender::sendqueue
