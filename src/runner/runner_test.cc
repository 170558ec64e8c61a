// The runner in-process against the sample sites, on SQLite and PostgreSQL, with a FakeClock
// for hours, caps and the session: every company recorded once, the runner's own checks, the
// ledger, the metadata, test mode and the dry run.
#include "runner/runner.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <sstream>

#include "common/crypto.h"
#include "common/strings.h"
#include "runner/test_util.h"
#include "store/job_executions.h"
#include "store/testing.h"

namespace formsender::runner {
namespace {

using Vars = std::map<std::string, std::string, std::less<>>;

using sendqueue::TableMode;
using ::testing::HasSubstr;
using namespace testing;  // NOLINT: the runner's test helpers

constexpr CivilDate kTuesday{2025, 4, 1};
constexpr int64_t kTargeting = 101;

class RunnerTest : public store::BackendTest {
 protected:
  void SetUp() override {
    BackendTest::SetUp();
    server_ = std::make_unique<sites::SiteServer>(sites::SiteServerOptions{}, system_clock_);
    LoadSites(*server_, 24);
    ASSERT_TRUE(server_->Start().ok());
    dir_ = std::filesystem::temp_directory_path() / ("fs-runner-test-" + RandomHexToken(4));
  }
  void TearDown() override {
    server_->Stop();
    std::error_code ec;
    std::filesystem::remove_all(dir_, ec);
  }

  std::string Config(const Json& config) {
    return WriteTempFile(dir_, "client_config_" + RandomHexToken(3) + ".json", DumpJson(config));
  }

  RunnerFlags Flags(const Json& config) {
    RunnerFlags f;
    f.config_file = Config(config);
    f.target_date = kTuesday.ToString();
    f.allow_private_targets = true;
    return f;
  }

  RunReport Run(const RunnerFlags& flags, FakeClock& clock, MapEnvironment env = {},
                std::function<void(const engine::FormResult&)> after_form = nullptr,
                std::ostream* results = nullptr) {
    auto props = settings::Properties::Parse("", "", env);
    EXPECT_TRUE(props.ok()) << props.status().message();
    auto settings = ResolveRunnerSettings(flags, env, *props, clock.Now(), RandomHexToken(2));
    EXPECT_TRUE(settings.ok()) << settings.status().message();
    RunnerDeps deps{.db = db(),
                    .clock = clock,
                    .http = http_,
                    .log = nullptr,
                    .calendar = calendar::BusinessCalendar(),
                    .preemption_probe = {},
                    .dispatcher_token = {},
                    .after_form = {}};
    deps.after_form = std::move(after_form);
    deps.results = results;
    deps.seed = 7;
    Runner runner(std::move(*settings), std::move(deps));
    return runner.Run();
  }

  // Companies 1..n at replicas 1..n, queued for the day.
  void SeedReplicas(int n, TableMode mode = TableMode::kDefault) {
    std::vector<CompanySeed> seeds;
    std::vector<int64_t> ids;
    for (int i = 1; i <= n; ++i) {
      seeds.push_back({i, "株式会社テスト" + std::to_string(i), ReplicaUrl(*server_, i)});
      ids.push_back(i);
    }
    AddCompanies(db(), mode, seeds);
    AddQueueRows(db(), mode, kTuesday, kTargeting, ids);
  }

  int64_t Count(const std::string& sql, const store::Params& p = {}) {
    return CountRows(db(), sql, p);
  }
  std::map<std::string, int64_t> ErrorTypes(TableMode mode = TableMode::kDefault) {
    std::map<std::string, int64_t> out;
    // A failure without a type (a row seeded by a test) counts as UNTYPED, never as a success.
    auto rows = db().Query("SELECT company_id, success, error_type FROM " +
                           std::string(sendqueue::TablesFor(mode).submissions));
    for (auto r : *rows) {
      std::string type = r.Text("error_type");
      if (r.OptBool("success").value_or(false)) type = "SUCCESS";
      out[type.empty() ? "UNTYPED" : type]++;
    }
    return out;
  }

  SystemClock system_clock_;
  CurlHttpClient http_;
  std::unique_ptr<sites::SiteServer> server_;
  std::filesystem::path dir_;
};

TEST_P(RunnerTest, DrainsTheQueueWithEveryCompanyRecordedOnce) {
  SeedReplicas(12);
  FakeClock clock(JstTimeOn(kTuesday, {10, 0, 0}));
  RunnerFlags flags = Flags(SampleConfig(kTargeting));
  flags.num_workers = 2;
  flags.forms_in_flight = 4;
  RunReport report = Run(flags, clock);
  EXPECT_EQ(report.exit_code, kExitDone) << report.ToJson().dump();
  EXPECT_EQ(report.reason, StopReason::kQueueEmpty);
  EXPECT_EQ(report.totals.claimed, 12);
  EXPECT_EQ(report.totals.sent, 12) << report.ToJson().dump();
  EXPECT_EQ(Count("SELECT count(*) AS n FROM send_queue WHERE status = 'done'"), 12);
  EXPECT_EQ(Count("SELECT count(*) AS n FROM submissions WHERE success"), 12);
  EXPECT_EQ(Count("SELECT count(DISTINCT company_id) AS n FROM submissions"), 12);
  EXPECT_EQ(Count("SELECT count(*) AS n FROM send_ledger WHERE state = 'sent'"), 12);
  EXPECT_EQ(Count("SELECT count(*) AS n FROM send_claims WHERE released_at IS NULL"), 0);
  for (int i = 1; i <= 12; ++i) EXPECT_EQ(server_->sink().FinalCount(ReplicaName(i)), 1) << i;
  auto row = db().Query("SELECT classify_detail, field_mapping FROM submissions LIMIT 1");
  Json detail = row->front().JsonValue("classify_detail");
  EXPECT_EQ(detail["code"], "SUCCESS");
  EXPECT_EQ(detail["category"], "SUBMISSION");
  Json mapping = row->front().JsonValue("field_mapping");
  ASSERT_TRUE(mapping.is_array() && !mapping.empty()) << mapping.dump();
}

TEST_P(RunnerTest, A5xxBeforeAnySubmissionIsRetriedOnceThenRecorded) {
  SeedReplicas(2);
  sites::Faults once;
  once.fail_first = 1;  // the first page load answers 503
  ASSERT_TRUE(server_->SetFaults(ReplicaName(1), once).ok());
  sites::Faults always;
  always.status = 503;
  ASSERT_TRUE(server_->SetFaults(ReplicaName(2), always).ok());
  FakeClock clock(JstTimeOn(kTuesday, {10, 0, 0}));
  RunReport report = Run(Flags(SampleConfig(kTargeting)), clock);
  EXPECT_EQ(report.exit_code, kExitDone) << report.ToJson().dump();
  EXPECT_EQ(report.totals.retried, 2) << report.ToJson().dump();
  EXPECT_EQ(report.totals.sent, 1);
  EXPECT_EQ(server_->sink().FinalCount(ReplicaName(1)), 1);
  auto types = ErrorTypes();
  EXPECT_EQ(types["SUCCESS"], 1);
  EXPECT_EQ(types["SERVER_ERROR"], 1);  // twice 503: recorded once, not retried again
  EXPECT_EQ(Count("SELECT count(*) AS n FROM submissions"), 2);
  EXPECT_EQ(Count("SELECT count(*) AS n FROM send_ledger"), 1);
}

TEST_P(RunnerTest, TheRunnersOwnChecksAndTheEnginesSkips) {
  std::vector<CompanySeed> seeds = {
      {1, "株式会社ブラック", ReplicaUrl(*server_, 1), true},
      {2, "医療法人さくら会", ReplicaUrl(*server_, 2)},
      {3, "株式会社フォームなし", ""},
      {5, "株式会社送信済み", ReplicaUrl(*server_, 5)},
      {6, "株式会社お断り", server_->HostUrl("refusal-annai", "/contact/")},
      {7, "株式会社キャプチャ", server_->HostUrl("captcha-recaptcha-v2", "/contact/")},
      {8, "株式会社ふつう", ReplicaUrl(*server_, 8)},
  };
  AddCompanies(db(), TableMode::kDefault, seeds);
  AddQueueRows(db(), TableMode::kDefault, kTuesday, kTargeting, {1, 2, 3, 4, 5, 6, 7, 8});
  ASSERT_TRUE(db().Execute("INSERT INTO submissions (targeting_id, company_id, success, "
                           "submitted_at) VALUES ($1, 5, false, $2::timestamptz)",
                           {kTargeting, store::SqlValue::Time(JstTimeOn(kTuesday, {9, 0, 0}))})
                  .ok());
  FakeClock clock(JstTimeOn(kTuesday, {10, 0, 0}));
  RunReport report = Run(Flags(SampleConfig(kTargeting)), clock);
  EXPECT_EQ(report.exit_code, kExitDone) << report.ToJson().dump();
  auto types = ErrorTypes();
  EXPECT_EQ(types["SKIPPED_BLACKLISTED"], 1);  // Q-22: not NOT_FOUND
  EXPECT_EQ(types["SKIPPED_BY_NAME_POLICY"], 1);
  EXPECT_EQ(types["NO_FORM_URL"], 1);
  EXPECT_EQ(types["NOT_FOUND"], 1);  // company 4 has no row
  EXPECT_EQ(types["SKIPPED_ALREADY_SENT_TODAY"], 1);
  EXPECT_EQ(types["PROHIBITION_DETECTED"], 1);
  EXPECT_EQ(types["BOT_DETECTED"], 1);
  EXPECT_EQ(types["SUCCESS"], 1);
  EXPECT_EQ(types["UNTYPED"], 1);  // the earlier submission of company 5, seeded above
  EXPECT_EQ(Count("SELECT count(*) AS n FROM companies WHERE id = 6 AND prohibition_detected"), 1);
  EXPECT_EQ(Count("SELECT count(*) AS n FROM companies WHERE id = 7 AND bot_protection_detected"),
            1);
  EXPECT_EQ(Count("SELECT count(*) AS n FROM send_queue WHERE status = 'pending' OR status = "
                  "'assigned'"),
            0);
  // Only company 8's form was submitted anywhere; no ledger entry for the others.
  EXPECT_EQ(server_->sink().Counts()[ReplicaName(8)].final, 1);
  EXPECT_EQ(server_->sink().FinalCount(ReplicaName(1)), 0);
  EXPECT_EQ(server_->sink().FinalCount("refusal-annai"), 0);
  EXPECT_EQ(Count("SELECT count(*) AS n FROM send_ledger"), 1);
  auto bl = db().Query("SELECT classify_detail FROM submissions WHERE company_id = 1");
  EXPECT_EQ(bl->front().JsonValue("classify_detail")["category"], "POLICY");
  EXPECT_EQ(report.totals.skipped_by_reason["SKIPPED_BLACKLISTED"], 1);
}

// Q-34: a skip whose mark_done fails is not processed further (its form is never submitted)
// and its row goes back to pending; the reference swallowed the error and went on.
TEST_P(RunnerTest, Q34_ASkipThatCannotBeRecordedIsNeverSubmitted) {
  AddCompanies(db(), TableMode::kDefault,
               {{2, "医療法人さくら会", ReplicaUrl(*server_, 2)}});  // the name policy skips it
  AddQueueRows(db(), TableMode::kDefault, kTuesday, kTargeting, {2});
  // The database refuses to record that skip (a real failure of the real store).
  if (GetParam() == store::TestBackend::kSqlite) {
    ASSERT_TRUE(db().Execute("CREATE TRIGGER q34 BEFORE INSERT ON submissions WHEN "
                             "NEW.error_type = 'SKIPPED_BY_NAME_POLICY' BEGIN SELECT "
                             "RAISE(ABORT, 'q34: refused'); END")
                    .ok());
  } else {
    ASSERT_TRUE(db().Execute("CREATE FUNCTION q34_refuse() RETURNS trigger LANGUAGE plpgsql AS "
                             "$$ BEGIN IF NEW.error_type = 'SKIPPED_BY_NAME_POLICY' THEN RAISE "
                             "EXCEPTION 'q34: refused'; END IF; RETURN NEW; END $$")
                    .ok());
    ASSERT_TRUE(db().Execute("CREATE TRIGGER q34 BEFORE INSERT ON submissions FOR EACH ROW "
                             "EXECUTE FUNCTION q34_refuse()")
                    .ok());
  }
  FakeClock clock(JstTimeOn(kTuesday, {10, 0, 0}));
  RunReport report = Run(Flags(SampleConfig(kTargeting)), clock);
  // The same skip fails again at each claim: after five in a row the run stops as failed
  // (not after thousands of claims at the end of the session). Each of the four workers counts
  // its own errors and stops at five, so at most 20 claims are made, whichever stops first.
  EXPECT_EQ(report.reason, StopReason::kFailure) << report.ToJson().dump();
  EXPECT_NE(report.exit_code, kExitDone);
  EXPECT_THAT(report.ToJson().dump(), HasSubstr("database errors in a row"));
  EXPECT_GE(report.totals.errors, 5);
  EXPECT_LE(report.totals.claimed, 20) << report.ToJson().dump();
  EXPECT_EQ(server_->sink().FinalCount(ReplicaName(2)), 0);
  EXPECT_EQ(server_->sink().Counts()[ReplicaName(2)].requests, 0);
  EXPECT_EQ(Count("SELECT count(*) AS n FROM submissions"), 0);
  EXPECT_EQ(Count("SELECT count(*) AS n FROM send_ledger"), 0);
  EXPECT_EQ(Count("SELECT count(*) AS n FROM send_queue WHERE company_id = 2 AND status = "
                  "'pending' AND assigned_by IS NULL"),
            1);
}

TEST_P(RunnerTest, StopsAtTheDailyCap) {
  SeedReplicas(8);
  FakeClock clock(JstTimeOn(kTuesday, {10, 0, 0}));
  RunnerFlags flags = Flags(SampleConfig(kTargeting, /*max_daily_sends=*/3));
  flags.num_workers = 2;
  RunReport report = Run(flags, clock);
  EXPECT_EQ(report.exit_code, kExitDone);
  EXPECT_EQ(report.reason, StopReason::kDailyCap);
  EXPECT_EQ(report.totals.sent, 3);
  EXPECT_EQ(Count("SELECT count(*) AS n FROM submissions WHERE success"), 3);
  EXPECT_EQ(Count("SELECT count(*) AS n FROM send_queue WHERE status = 'pending'"), 5);
}

TEST_P(RunnerTest, WaitsForTheWindowAndStopsOutsideIt) {
  SeedReplicas(2);
  Json config = SampleConfig(kTargeting);
  config["targeting"]["send_start_time"] = "09:00";
  config["targeting"]["send_end_time"] = "18:00";
  config["targeting"]["send_days_of_week"] = Json::array({0, 1, 2, 3, 4});
  // Saturday: nothing is claimed.
  FakeClock saturday(JstTimeOn(CivilDate{2025, 4, 5}, {10, 0, 0}));
  RunnerFlags flags = Flags(config);
  flags.target_date = "2025-04-05";
  RunReport closed = Run(flags, saturday);
  EXPECT_EQ(closed.exit_code, kExitDone);
  EXPECT_EQ(closed.reason, StopReason::kClosedDay);
  EXPECT_EQ(closed.totals.claimed, 0);
  // After 18:00: business end.
  FakeClock evening(JstTimeOn(kTuesday, {18, 1, 0}));
  RunReport late = Run(Flags(config), evening);
  EXPECT_EQ(late.reason, StopReason::kBusinessEnd);
  EXPECT_EQ(late.totals.claimed, 0);
  // Before 09:00: the runner waits (on the clock) and starts at 09:00.
  FakeClock morning(JstTimeOn(kTuesday, {8, 59, 30}));
  std::optional<TimePoint> first_form;
  RunReport early = Run(Flags(config), morning, {}, [&](const engine::FormResult&) {
    if (!first_form) first_form = morning.Now();
  });
  EXPECT_EQ(early.reason, StopReason::kQueueEmpty);
  EXPECT_EQ(early.totals.sent, 2);
  ASSERT_TRUE(first_form);
  EXPECT_GE(*first_form, JstTimeOn(kTuesday, {9, 0, 0}));
}

TEST_P(RunnerTest, StopsAtSessionMaxHours) {
  SeedReplicas(8);
  FakeClock clock(JstTimeOn(kTuesday, {10, 0, 0}));
  RunnerFlags flags = Flags(SampleConfig(kTargeting, 10000, /*session_max_hours=*/1));
  flags.num_workers = 1;
  flags.forms_in_flight = 1;
  // Each form "takes" 25 minutes: the third ends past the hour.
  RunReport report = Run(flags, clock, {}, [&](const engine::FormResult&) {
    clock.Advance(std::chrono::minutes(25));
  });
  EXPECT_EQ(report.exit_code, kExitDone);
  EXPECT_EQ(report.reason, StopReason::kMaxRuntime);
  EXPECT_EQ(report.totals.sent, 3);
  EXPECT_EQ(Count("SELECT count(*) AS n FROM send_queue WHERE status = 'pending'"), 5);
  EXPECT_EQ(Count("SELECT count(*) AS n FROM send_queue WHERE status = 'assigned'"), 0);
}

TEST_P(RunnerTest, MaxProcessedAndCompanyId) {
  SeedReplicas(5);
  FakeClock clock(JstTimeOn(kTuesday, {10, 0, 0}));
  RunnerFlags flags = Flags(SampleConfig(kTargeting));
  flags.max_processed = 2;
  RunReport two = Run(flags, clock);
  EXPECT_EQ(two.reason, StopReason::kMaxProcessed);
  EXPECT_EQ(two.totals.claimed, 2);
  // --company-id: one company, without a queue row, once (Q-29).
  AddCompanies(db(), TableMode::kDefault, {{50, "株式会社単発", ReplicaUrl(*server_, 20)}});
  RunnerFlags one = Flags(SampleConfig(kTargeting));
  one.company_id = 50;
  RunReport direct = Run(one, clock);
  EXPECT_EQ(direct.exit_code, kExitDone) << direct.ToJson().dump();
  EXPECT_EQ(direct.totals.sent, 1);
  EXPECT_EQ(server_->sink().FinalCount(ReplicaName(20)), 1);
  // Again: the ledger holds the company; the claim is refused and the exit code says so.
  RunReport again = Run(one, clock);
  EXPECT_EQ(again.exit_code, kExitConflict) << again.ToJson().dump();
  EXPECT_EQ(again.totals.sent, 0);
  EXPECT_EQ(server_->sink().FinalCount(ReplicaName(20)), 1);
}

TEST_P(RunnerTest, RecordsTheAttemptInJobExecutions) {
  SeedReplicas(3);
  store::JobExecutionRepository repo(db(), system_clock_);
  store::JobExecution e;
  e.execution_id = "exec-runner-1";
  e.targeting_id = kTargeting;
  e.task_count = 1;
  e.execution_mode = "cloud_run";
  ASSERT_TRUE(repo.Insert(e).ok());
  store::JobExecution b = e;
  b.execution_id = "exec-runner-batch";
  b.execution_mode = "batch";
  b.task_count = 2;
  ASSERT_TRUE(repo.Insert(b).ok());
  FakeClock clock(JstTimeOn(kTuesday, {10, 0, 0}));
  MapEnvironment env(
      Vars{{"JOB_EXECUTION_ID", "exec-runner-1"},
           {"BATCH_TASK_INDEX", "0"},
           {"FORM_SENDER_ENV", "local"},
           {"JOB_EXECUTION_META", Base64Encode(R"({"run_index_base": 0, "shards": 4})")}});
  RunReport report = Run(Flags(SampleConfig(kTargeting)), clock, env);
  EXPECT_EQ(report.exit_code, kExitDone);
  auto row = repo.Get("exec-runner-1");
  ASSERT_TRUE(row.ok());
  EXPECT_EQ(row->status, "succeeded");
  const Json& m = row->metadata;
  EXPECT_EQ(m["empty_finish"], true);
  EXPECT_EQ(m["batch"]["last_attempt_status"], "succeeded");
  EXPECT_EQ(m["batch"]["current_run_index"], 1);
  EXPECT_EQ(m["batch"]["current_task_index"], 0);
  EXPECT_EQ(m["runner"]["tasks"]["ri1"]["state"], "finished");
  EXPECT_EQ(m["runner"]["tasks"]["ri1"]["sent"], 3);
  // The engine's figures ride on the heartbeat, for serve's /metrics.
  auto engine_stats = engine::EngineStats::FromJson(m["runner"]["tasks"]["ri1"]["engine"]);
  ASSERT_TRUE(engine_stats.ok()) << engine_stats.status().ToString();
  EXPECT_EQ(engine_stats->stages.at("total").count, 3);
  EXPECT_EQ(engine_stats->stages.at("fetch").count, 3);
  EXPECT_EQ(m["runner"]["tasks"]["ri1"]["stop_reason"], "queue_empty");
  // Batch mode: the monitor owns the status; one task ending changes nothing (Q-13).
  env.Set("JOB_EXECUTION_ID", "exec-runner-batch");
  RunReport batch = Run(Flags(SampleConfig(kTargeting)), clock, env);
  EXPECT_EQ(batch.exit_code, kExitDone);
  EXPECT_EQ(repo.Get("exec-runner-batch")->status, "running");
  EXPECT_EQ(repo.Get("exec-runner-batch")->metadata["runner"]["tasks"]["ri1"]["state"], "finished");
}

// A retried task attempt (after a preemption) takes back at once the rows its earlier attempts
// still held, instead of waiting out the stale timeout with them counted against the cap; the
// rows of another task of the same execution are not touched.
TEST_P(RunnerTest, ARetriedAttemptReleasesTheRowsOfItsEarlierAttempts) {
  SeedReplicas(3);
  auto hold = [&](int64_t company, const std::string& run_id) {
    ASSERT_TRUE(
        db().Execute("UPDATE send_queue SET status = 'assigned', assigned_by = $1, "
                     "assigned_at = $2 WHERE company_id = $3",
                     {run_id, store::SqlValue::Time(JstTimeOn(kTuesday, {9, 59, 0})), company})
            .ok());
  };
  hold(1, "exec-retry-ri1-a0-20250401T005900-aaaaaa");  // this task's killed attempt
  hold(2, "exec-retry-ri1-a0-20250401T005900-aaaaaa");
  hold(3, "exec-retry-ri10-a0-20250401T005900-bbbbbb");  // another task, still running
  FakeClock clock(JstTimeOn(kTuesday, {10, 0, 0}));
  MapEnvironment env(
      Vars{{"JOB_EXECUTION_ID", "exec-retry"},
           {"BATCH_TASK_INDEX", "0"},
           {"BATCH_TASK_ATTEMPT", "1"},
           {"FORM_SENDER_ENV", "local"},
           {"JOB_EXECUTION_META", Base64Encode(R"({"run_index_base": 0, "shards": 4})")}});
  RunReport report = Run(Flags(SampleConfig(kTargeting)), clock, env);
  EXPECT_EQ(report.exit_code, kExitDone) << report.ToJson().dump();
  EXPECT_EQ(report.totals.sent, 2) << report.ToJson().dump();
  EXPECT_EQ(server_->sink().FinalCount(ReplicaName(1)), 1);
  EXPECT_EQ(server_->sink().FinalCount(ReplicaName(2)), 1);
  EXPECT_EQ(server_->sink().FinalCount(ReplicaName(3)), 0);
  EXPECT_EQ(Count("SELECT count(*) AS n FROM send_queue WHERE company_id = 3 AND status = "
                  "'assigned' AND assigned_by LIKE 'exec-retry-ri10-%'"),
            1);
}

TEST_P(RunnerTest, Q35_TestModeSubmitsOnlyToTheSink) {
  std::string port = std::to_string(server_->port());
  // 0x7f000001 is 127.0.0.1, but not a sink by its name: run as a dry run.
  AddCompanies(db(), TableMode::kTest,
               {{1, "株式会社シンク", ReplicaUrl(*server_, 1)},
                {2, "株式会社実在",
                 "http://0x7f000001:" + port + "/_site/" + ReplicaName(2) + "/contact/"}});
  AddQueueRows(db(), TableMode::kTest, kTuesday, kTargeting, {1, 2});
  FakeClock clock(JstTimeOn(kTuesday, {10, 0, 0}));
  MapEnvironment env(Vars{{"FORM_SENDER_TEST_MODE", "1"}});
  RunReport report = Run(Flags(SampleConfig(kTargeting)), clock, env);
  EXPECT_EQ(report.exit_code, kExitDone) << report.ToJson().dump();
  auto types = ErrorTypes(TableMode::kTest);
  EXPECT_EQ(types["SUCCESS"], 1);
  EXPECT_EQ(types["DRY_RUN"], 1) << report.ToJson().dump();
  EXPECT_EQ(server_->sink().FinalCount(ReplicaName(1)), 1);
  // A dry run reads the real site's form but never submits it.
  EXPECT_EQ(server_->sink().FinalCount(ReplicaName(2)), 0);
  EXPECT_EQ(Count("SELECT count(*) AS n FROM submissions"), 0);
}

TEST_P(RunnerTest, DryRunClaimsAndWritesNothing) {
  SeedReplicas(3);
  FakeClock clock(JstTimeOn(kTuesday, {10, 0, 0}));
  RunnerFlags flags = Flags(SampleConfig(kTargeting));
  flags.dry_run = true;
  std::ostringstream out;
  RunReport report = Run(flags, clock, {}, nullptr, &out);
  EXPECT_EQ(report.exit_code, kExitDone);
  EXPECT_EQ(Count("SELECT count(*) AS n FROM send_queue WHERE status = 'pending'"), 3);
  EXPECT_EQ(Count("SELECT count(*) AS n FROM submissions"), 0);
  EXPECT_EQ(Count("SELECT count(*) AS n FROM send_claims"), 0);
  EXPECT_EQ(server_->sink().Counts()[ReplicaName(1)].final, 0);
  std::istringstream lines(out.str());
  std::string line;
  int n = 0;
  while (std::getline(lines, line)) {
    auto j = ParseJson(line);
    ASSERT_TRUE(j.ok()) << line;
    EXPECT_EQ((*j)["code"], "DRY_RUN") << line;
    ++n;
  }
  EXPECT_EQ(n, 3);
}

TEST_P(RunnerTest, BadConfigsAreFailuresNotEmptyRuns) {
  SeedReplicas(2);
  FakeClock clock(JstTimeOn(kTuesday, {10, 0, 0}));
  Json bad = SampleConfig(kTargeting);
  bad["targeting"].erase("send_start_time");
  RunReport r = Run(Flags(bad), clock);
  EXPECT_EQ(r.exit_code, kExitBadInput);
  EXPECT_THAT(r.failure.message(), HasSubstr("targeting.send_start_time"));
  RunReport cap = Run(Flags(SampleConfig(kTargeting, 10001)), clock);  // Q-21
  EXPECT_EQ(cap.exit_code, kExitBadInput);
  EXPECT_THAT(cap.failure.message(), HasSubstr("10000"));
  RunnerFlags other = Flags(SampleConfig(kTargeting));
  other.targeting_id = 7;
  EXPECT_EQ(Run(other, clock).exit_code, kExitBadInput);
  EXPECT_EQ(Count("SELECT count(*) AS n FROM send_queue WHERE status = 'pending'"), 2);
}

FS_INSTANTIATE_BACKEND_TEST(RunnerTest);

}  // namespace
}  // namespace formsender::runner
