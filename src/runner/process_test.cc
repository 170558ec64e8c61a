// Real `formsender runner` processes against the sample sites on SQLite and PostgreSQL: a queue
// of 2,000 companies drained by 4 runners with every company recorded exactly once, and a
// SIGTERM while forms are in flight.
#include "runner/process_fixture.h"

namespace formsender::runner::testing {
namespace {

using std::chrono::seconds;

TEST_P(RunnerProcessTest, FourRunnersDrainTwoThousandCompaniesExactlyOnce) {
  constexpr int kCompanies = 2000;
  SetUpSites(kCompanies);
  std::vector<ChildProcess> runners;
  for (int i = 1; i <= 4; ++i) {
    // Each runner a different task of one execution: run index i, so shard i-1 of 8 first.
    runners.push_back(StartRunner("runner-" + std::to_string(i),
                                  Env({{"FORM_SENDER_RUN_INDEX", std::to_string(i)}}),
                                  {"--num-workers", "2", "--forms-in-flight", "16"}));
  }
  for (size_t i = 0; i < runners.size(); ++i) {
    auto code = runners[i].Wait(seconds(400));
    ASSERT_TRUE(code.has_value()) << "runner " << i + 1 << " did not finish\n"
                                  << runners[i].Log().substr(0, 4000);
    EXPECT_EQ(*code, 0) << runners[i].Log().substr(0, 4000);
  }
  EXPECT_EQ(Count("SELECT count(*) AS n FROM send_queue WHERE status = 'done'"), kCompanies);
  EXPECT_EQ(Count("SELECT count(*) AS n FROM submissions WHERE success"), kCompanies)
      << FailedSubmissions();
  EXPECT_EQ(Count("SELECT count(DISTINCT company_id) AS n FROM submissions"), kCompanies);
  EXPECT_EQ(Count("SELECT count(*) AS n FROM send_ledger WHERE state = 'sent'"), kCompanies);
  EXPECT_EQ(CheckInvariants(), 0);
  for (int i = 1; i <= kCompanies; ++i) {
    ASSERT_EQ(server_->sink().FinalCount(ReplicaName(i)), 1) << "company " << i;
  }
  // Every runner did a share of the work.
  auto by_run = db().Query(
      "SELECT assigned_by, count(*) AS n FROM send_queue GROUP BY assigned_by ORDER BY n");
  ASSERT_TRUE(by_run.ok());
  EXPECT_EQ(by_run->size(), 4u);
}

TEST_P(RunnerProcessTest, SigtermLetsFormsInFlightFinishAndGivesTheRestBack) {
  constexpr int kCompanies = 160;
  SetUpSites(kCompanies, /*latency_ms=*/300);
  ChildProcess runner =
      StartRunner("sigterm", Env({{"FORMSENDER_RUNNER_SHUTDOWN_GRACE_SECONDS", "20"}}),
                  {"--num-workers", "2", "--forms-in-flight", "16"});
  // Wait until forms are in flight and some are done.
  auto deadline = std::chrono::steady_clock::now() + seconds(120);
  while (Count("SELECT count(*) AS n FROM send_ledger") < 12) {
    ASSERT_LT(std::chrono::steady_clock::now(), deadline) << runner.Log();
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  ASSERT_GT(Count("SELECT count(*) AS n FROM send_queue WHERE status = 'assigned'"), 0);
  runner.Signal(SIGTERM);
  auto code = runner.Wait(seconds(60));
  ASSERT_TRUE(code.has_value()) << runner.Log();
  EXPECT_EQ(*code, 143) << runner.Log();  // stopped, not done: Batch must not see success
  EXPECT_THAT(runner.Log(), ::testing::HasSubstr("\"stop_reason\":\"signal\""));
  // Nothing lost, nothing cut off: every form either finished or went back to pending.
  EXPECT_EQ(CheckInvariants(), 0);
  int64_t pending = Count("SELECT count(*) AS n FROM send_queue WHERE status = 'pending'");
  EXPECT_GT(pending, 0);
  EXPECT_EQ(Count("SELECT count(*) AS n FROM send_claims WHERE released_at IS NULL"), 0);
  // A second runner finishes the day; every company ends with exactly one final submission.
  ChildProcess second =
      StartRunner("second", Env(), {"--num-workers", "2", "--forms-in-flight", "16"});
  code = second.Wait(seconds(300));
  ASSERT_TRUE(code.has_value()) << second.Log();
  EXPECT_EQ(*code, 0) << second.Log();
  EXPECT_EQ(CheckInvariants(), 0);
  EXPECT_EQ(Count("SELECT count(*) AS n FROM send_queue WHERE status = 'done'"), kCompanies);
  for (int i = 1; i <= kCompanies; ++i) {
    EXPECT_EQ(server_->sink().FinalCount(ReplicaName(i)), 1) << "company " << i;
  }
}

TEST_P(RunnerProcessTest, ExitCodesForBadInput) {
  SetUpSites(1);
  std::filesystem::path bad = dir_ / "client_config_bad.json";
  WriteTempFile(dir_, "client_config_bad.json", R"({"targeting_id": 301})");
  ChildProcess p = ChildProcess::Start(
      {FormsenderBinary(), "runner", "--config-file", bad.string(), "--allow-private-targets"},
      Env(), dir_ / "bad.log");
  auto code = p.Wait(seconds(60));
  ASSERT_TRUE(code.has_value());
  EXPECT_EQ(*code, 2) << p.Log();
  EXPECT_THAT(p.Log(), ::testing::HasSubstr("client_config"));
  // A Batch task without an explicit database never falls back to a local file.
  auto env = Env({{"FORM_SENDER_ENV", "gcp_batch"}});
  env["FORMSENDER_DATABASE_URL"] = "";
  ChildProcess q = ChildProcess::Start(
      {FormsenderBinary(), "runner", "--config-file", config_path_}, env, dir_ / "nodb.log");
  code = q.Wait(seconds(60));
  ASSERT_TRUE(code.has_value());
  EXPECT_EQ(*code, 2) << q.Log();
  EXPECT_THAT(q.Log(), ::testing::HasSubstr("FORMSENDER_DATABASE_URL"));
  EXPECT_EQ(Count("SELECT count(*) AS n FROM send_queue WHERE status = 'pending'"), 1);
}

FS_INSTANTIATE_BACKEND_TEST(RunnerProcessTest);

}  // namespace
}  // namespace formsender::runner::testing
