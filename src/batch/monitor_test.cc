// The monitor's decisions, with a scripted backend, on SQLite and PostgreSQL.
#include "batch/monitor.h"

#include <gtest/gtest.h>

#include "batch/testing/scripted_backend.h"
#include "common/process.h"
#include "common/time.h"
#include "store/script_state.h"
#include "store/testing.h"

namespace formsender::batch {
namespace {

using testing::ScriptedBackend;

class MonitorTest : public store::BackendTest {
 protected:
  void SetUp() override {
    store::BackendTest::SetUp();
    if (IsSkipped()) return;
    executions_ = std::make_unique<store::JobExecutionRepository>(db(), clock_);
    options_.default_backend = "gcp";
  }

  std::unique_ptr<BatchMonitor> Monitor() {
    return std::make_unique<BatchMonitor>(db(), clock_,
                                          std::map<std::string, BatchBackend*>{{"gcp", &backend_}},
                                          options_, nullptr, [this](const store::JobExecution& e) {
                                            hooked_.push_back(e.execution_id + ":" + e.status);
                                          });
  }

  // A running batch execution whose Spot job (2 tasks) was just submitted.
  std::string Start(bool allow_on_demand = true, Json payload = Json::object()) {
    JobSpec spec;
    spec.execution_id = "exec-" + std::to_string(++n_);
    spec.targeting_id = 5;
    spec.task_count = 2;
    spec.parallelism = 2;
    spec.attempts = 3;
    spec.machine = {"e2-standard-2", 2000,          8192, ProvisioningModel::kSpot,
                    allow_on_demand, Json::object()};
    auto job = backend_.Submit(spec);
    job->submitted_at = clock_.Now();
    store::JobExecution e;
    e.execution_id = spec.execution_id;
    e.targeting_id = 5;
    e.task_count = 2;
    e.parallelism = 2;
    e.execution_mode = "batch";
    e.metadata = {{"execution_mode", "batch"},
                  {"task_payload", payload},
                  {"batch", BatchSubmissionMetadata(spec, *job, "gcp")}};
    EXPECT_TRUE(executions_->Insert(e).ok());
    job_name_ = job->name;
    return spec.execution_id;
  }

  store::JobExecution Get(const std::string& id) { return *executions_->Get(id); }
  Json Batch(const std::string& id) { return Get(id).metadata["batch"]; }
  std::vector<store::JobExecutionAttempt> Attempts(const std::string& id) {
    return *store::JobExecutionAttemptRepository(db()).ListForExecution(id);
  }
  void Tick(BatchMonitor& m) {
    auto r = m.Tick();
    ASSERT_TRUE(r.ok()) << r.status().ToString();
    EXPECT_TRUE(r->errors.empty()) << r->errors.front();
  }

  FakeClock clock_{*ParseIsoTimestamp("2026-12-01T00:00:00Z")};
  ScriptedBackend backend_;
  MonitorOptions options_;
  std::unique_ptr<store::JobExecutionRepository> executions_;
  std::vector<std::string> hooked_;
  std::string job_name_;
  int n_ = 0;
};

TEST_P(MonitorTest, SucceedsOnlyWhenEveryTaskHasSucceeded) {
  auto m = Monitor();
  std::string id = Start();
  backend_.SetJob(job_name_, JobState::kRunning, {{0}, {-1}});  // task 0 done first
  Tick(*m);
  EXPECT_EQ(Get(id).status, "running");
  EXPECT_EQ(Batch(id)["monitor"]["state"], "monitoring");
  EXPECT_EQ(Batch(id)["monitor"]["job_state"], "RUNNING");
  EXPECT_EQ(Batch(id)["monitor"]["task_counts"]["SUCCEEDED"], 1);
  auto attempts = Attempts(id);
  ASSERT_EQ(attempts.size(), 2u);
  EXPECT_EQ(attempts[0].status, "succeeded");
  EXPECT_EQ(attempts[1].status, "running");
  EXPECT_EQ(attempts[0].job_name, job_name_);
  EXPECT_EQ(attempts[0].provisioning_model, "spot");

  backend_.SetJob(job_name_, JobState::kSucceeded, {{0}, {0}});
  Tick(*m);
  store::JobExecution done = Get(id);
  EXPECT_EQ(done.status, "succeeded");
  EXPECT_TRUE(done.ended_at.has_value());
  EXPECT_EQ(done.metadata["batch"]["monitor"]["state"], "SUCCEEDED");
  EXPECT_TRUE(done.metadata["batch"]["monitor"].contains("finalized_at"));
  EXPECT_EQ(hooked_, std::vector<std::string>{id + ":succeeded"});
  int gets = backend_.gets;
  Tick(*m);  // nothing left to follow
  EXPECT_EQ(backend_.gets, gets);
  EXPECT_EQ(hooked_.size(), 1u);
}

TEST_P(MonitorTest, ApplicationFailureFailsWithoutFallback) {
  auto m = Monitor();
  std::string id = Start(/*allow_on_demand=*/true);
  backend_.SetJob(job_name_, JobState::kFailed, {{0}, {1}});
  Tick(*m);
  EXPECT_EQ(Get(id).status, "failed");
  Json monitor = Batch(id)["monitor"];
  EXPECT_EQ(monitor["state"], "FAILED");
  EXPECT_EQ(monitor["reason"], "batch_failed");
  EXPECT_EQ(monitor["failures"][0]["kind"], "application_failure");
  EXPECT_TRUE(backend_.resubmitted.empty());
  EXPECT_EQ(hooked_.size(), 1u);
}

TEST_P(MonitorTest, RepeatedPreemptionMovesTheRunToStandard) {
  auto m = Monitor();
  std::string id = Start(/*allow_on_demand=*/true);
  std::string spot_job = job_name_;
  backend_.SetJob(spot_job, JobState::kFailed, {{0}, {50001, 50001, 50001}});
  Tick(*m);
  ASSERT_EQ(backend_.resubmitted, std::vector<std::string>{spot_job});
  store::JobExecution e = Get(id);
  EXPECT_EQ(e.status, "running");
  Json batch = e.metadata["batch"];
  EXPECT_NE(batch["job_name"], spot_job);
  EXPECT_EQ(batch["effective_provisioning_model"], "standard");
  EXPECT_EQ(batch["prefer_spot"], false);
  EXPECT_EQ(batch["allow_on_demand"], false);
  EXPECT_EQ(batch["spot_fallback"]["applied"], true);
  EXPECT_EQ(batch["spot_fallback"]["trigger"], "monitor");
  EXPECT_EQ(batch["spot_fallback"]["original_job_name"], spot_job);
  EXPECT_EQ(batch["monitor"]["state"], "scheduled");
  EXPECT_EQ(batch["preemption_count"], 3);
  EXPECT_EQ(batch["preempted"], true);
  EXPECT_TRUE(batch.contains("last_preempted_at"));
  EXPECT_TRUE(hooked_.empty());

  std::string standard = batch["job_name"];
  backend_.SetJob(standard, JobState::kSucceeded, {{0}, {0}}, "standard");
  Tick(*m);
  EXPECT_EQ(Get(id).status, "succeeded");
  auto attempts = Attempts(id);
  EXPECT_EQ(attempts.size(), 6u);  // 4 on Spot, 2 on the standard job
  int standard_rows = 0;
  for (const auto& a : attempts) standard_rows += a.job_name == standard;
  EXPECT_EQ(standard_rows, 2);
  EXPECT_EQ(Batch(id)["preemption_count"], 3);
  EXPECT_EQ(hooked_.size(), 1u);
}

TEST_P(MonitorTest, PreemptionWithoutFallbackFailsAndAFallbackRunsOnce) {
  auto m = Monitor();
  std::string id = Start(/*allow_on_demand=*/false);
  backend_.SetJob(job_name_, JobState::kFailed, {{50001}, {0}});
  Tick(*m);
  EXPECT_EQ(Get(id).status, "failed");
  EXPECT_TRUE(backend_.resubmitted.empty());

  std::string twice = Start(/*allow_on_demand=*/true);
  backend_.SetJob(job_name_, JobState::kFailed, {{50001}, {0}});
  Tick(*m);
  std::string standard = Batch(twice)["job_name"];
  backend_.SetJob(standard, JobState::kFailed, {{50002}, {0}}, "standard");
  Tick(*m);  // the standard run also lost a VM: no second fallback
  EXPECT_EQ(Get(twice).status, "failed");
  EXPECT_EQ(backend_.resubmitted.size(), 1u);
}

TEST_P(MonitorTest, CapacityEventsTriggerTheFallback) {
  // orchestration-cases 203.
  auto m = Monitor();
  std::string id = Start(true);
  backend_.SetJob(job_name_, JobState::kFailed, {});
  backend_.jobs[job_name_].events.push_back(
      StatusEvent{"STATUS_CHANGED", "RESOURCE_EXHAUSTED: Spot capacity unavailable", clock_.Now(),
                  std::nullopt, std::nullopt, std::nullopt});
  Tick(*m);
  EXPECT_EQ(backend_.resubmitted.size(), 1u);
  EXPECT_EQ(Batch(id)["spot_fallback"]["reason"], "RESOURCE_EXHAUSTED: Spot capacity unavailable");
}

TEST_P(MonitorTest, ASpotJobThatNeverStartsMovesToStandard) {
  options_.spot_queue_timeout = std::chrono::minutes(20);
  auto m = Monitor();
  std::string id = Start(true);
  std::string spot_job = job_name_;
  backend_.SetJob(spot_job, JobState::kQueued, {});
  Tick(*m);
  clock_.Advance(std::chrono::minutes(19));
  Tick(*m);
  EXPECT_TRUE(backend_.resubmitted.empty());
  clock_.Advance(std::chrono::minutes(2));
  Tick(*m);
  ASSERT_EQ(backend_.resubmitted.size(), 1u);
  ASSERT_EQ(backend_.deleted.size(), 1u);
  EXPECT_TRUE(backend_.deleted[0].starts_with(spot_job));
  EXPECT_NE(Batch(id)["spot_fallback"]["reason"].get<std::string>().find("QUEUED"),
            std::string::npos);
  EXPECT_EQ(Get(id).status, "running");
}

TEST_P(MonitorTest, TimeoutFollowsSessionMaxHoursNotAFixedFiveHours) {
  // a 10-hour session is not cut at 5 h.
  auto m = Monitor();
  std::string id = Start(true, Json{{"session_max_hours", 10}});
  backend_.SetJob(job_name_, JobState::kRunning, {{-1}, {-1}});
  clock_.Advance(std::chrono::hours(10) + std::chrono::minutes(59));
  Tick(*m);
  EXPECT_EQ(Get(id).status, "running");
  clock_.Advance(std::chrono::minutes(2));  // past 10 h + the 1 h margin
  Tick(*m);
  EXPECT_EQ(Get(id).status, "failed");
  EXPECT_EQ(Batch(id)["monitor"]["state"], "TIMEOUT");
  EXPECT_EQ(Batch(id)["monitor"]["reason"], "batch_timeout");
  ASSERT_EQ(backend_.deleted.size(), 1u);  // the run is stopped, not left to cost money
  EXPECT_TRUE(hooked_.empty());            // the job is still being deleted
  backend_.jobs.erase(job_name_);
  Tick(*m);
  EXPECT_EQ(Get(id).status, "failed");  // a vanished job does not turn it into a cancel
  EXPECT_EQ(hooked_, std::vector<std::string>{id + ":failed"});

  // Without session_max_hours: 8 h (+ margin).
  std::string plain = Start(true);
  backend_.SetJob(job_name_, JobState::kRunning, {{-1}, {-1}});
  clock_.Advance(std::chrono::hours(8) + std::chrono::minutes(59));
  Tick(*m);
  EXPECT_EQ(Get(plain).status, "running");
  clock_.Advance(std::chrono::minutes(2));
  Tick(*m);
  EXPECT_EQ(Get(plain).status, "failed");
}

TEST_P(MonitorTest, VanishedJobIsACancellation) {
  auto m = Monitor();
  std::string id = Start();
  backend_.jobs.erase(job_name_);
  Tick(*m);
  EXPECT_EQ(Get(id).status, "cancelled");
  EXPECT_EQ(Batch(id)["monitor"]["reason"], "batch_job_not_found");
  EXPECT_EQ(Batch(id)["monitor"]["state"], "CANCELLED");
  EXPECT_EQ(hooked_.size(), 1u);
}

TEST_P(MonitorTest, UserCancelStaysACancelWhateverTheJobDoes) {
  // orchestration-cases 198, with Q-18: a later SUCCEEDED does not undo the user's cancel.
  auto m = Monitor();
  std::string id = Start();
  backend_.SetJob(job_name_, JobState::kRunning, {{-1}, {-1}});
  Tick(*m);
  ASSERT_TRUE(*executions_->UpdateStatus(id, "cancelled", clock_.Now(), {"running"}));
  backend_.SetJob(job_name_, JobState::kCancellationInProgress, {{-1}, {-1}});
  Tick(*m);
  EXPECT_EQ(Get(id).status, "cancelled");
  EXPECT_EQ(Batch(id)["monitor"]["state"], "CANCELLATION_IN_PROGRESS");
  EXPECT_TRUE(hooked_.empty());
  backend_.SetJob(job_name_, JobState::kSucceeded, {{0}, {0}});
  Tick(*m);
  EXPECT_EQ(Get(id).status, "cancelled");
  EXPECT_EQ(hooked_, std::vector<std::string>{id + ":cancelled"});
  EXPECT_EQ(Attempts(id)[0].status, "succeeded");
}

TEST_P(MonitorTest, ACancelThatMissedTheJobIsRepeated) {
  auto m = Monitor();
  std::string id = Start();
  backend_.SetJob(job_name_, JobState::kRunning, {{-1}, {-1}});
  ASSERT_TRUE(*executions_->UpdateStatus(id, "cancelled", clock_.Now(), {"running"}));
  Tick(*m);
  ASSERT_EQ(backend_.deleted.size(), 1u);
  Tick(*m);
  EXPECT_EQ(backend_.deleted.size(), 1u);  // once
  EXPECT_EQ(Batch(id)["monitor"]["state"], "DELETION_IN_PROGRESS");
}

TEST_P(MonitorTest, DeletionInProgressKeepsPolling) {
  auto m = Monitor();
  std::string id = Start();
  backend_.SetJob(job_name_, JobState::kDeletionInProgress, {{-1}, {-1}});
  Tick(*m);
  Tick(*m);
  EXPECT_EQ(Get(id).status, "running");
  EXPECT_EQ(Batch(id)["monitor"]["state"], "DELETION_IN_PROGRESS");
  backend_.jobs.erase(job_name_);
  Tick(*m);
  EXPECT_EQ(Get(id).status, "cancelled");
}

TEST_P(MonitorTest, PermanentApiErrorFailsTransientErrorRetries) {
  auto m = Monitor();
  std::string id = Start();
  backend_.get_error = Status::Unavailable("HTTP 503");
  auto r = m->Tick();
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->errors.size(), 1u);
  EXPECT_EQ(Get(id).status, "running");
  backend_.get_error = Status::PermissionDenied("HTTP 403 PERMISSION_DENIED: batch.jobs.get");
  (void)m->Tick();
  EXPECT_EQ(Get(id).status, "failed");
  EXPECT_EQ(Batch(id)["monitor"]["reason"], "batch_monitor_permanent_error");
  EXPECT_EQ(Batch(id)["monitor"]["state"], "PERMISSION_DENIED");
}

TEST_P(MonitorTest, MissingJobNameIsFoundByLabelOrFails) {
  auto m = Monitor();
  // Submitted, but the dispatcher died before recording the job name.
  JobSpec spec;
  spec.execution_id = "lost-name";
  spec.targeting_id = 5;
  auto job = backend_.Submit(spec);
  store::JobExecution e;
  e.execution_id = "lost-name";
  e.targeting_id = 5;
  e.execution_mode = "batch";
  e.metadata = {{"execution_mode", "batch"}, {"batch", Json::object()}};
  ASSERT_TRUE(executions_->Insert(e).ok());
  e.execution_id = "never-submitted";
  ASSERT_TRUE(executions_->Insert(e).ok());
  Tick(*m);
  EXPECT_EQ(Get("lost-name").status, "running");  // within the grace
  clock_.Advance(std::chrono::minutes(11));
  Tick(*m);
  EXPECT_EQ(Batch("lost-name")["job_name"], job->name);
  EXPECT_EQ(Get("never-submitted").status, "failed");
  EXPECT_EQ(Batch("never-submitted")["monitor"]["reason"], "batch_job_missing");
}

TEST_P(MonitorTest, OnlyOneMonitorWorksAtATime) {
  auto a = Monitor();
  auto b = Monitor();
  std::string id = Start();
  backend_.SetJob(job_name_, JobState::kRunning, {{-1}, {-1}});
  ASSERT_TRUE(a->Tick()->lease_held);
  auto second = b->Tick();
  ASSERT_TRUE(second.ok());
  EXPECT_FALSE(second->lease_held);
  clock_.Advance(3 * options_.interval + std::chrono::seconds(1));  // a died: its lease expires
  EXPECT_TRUE(b->Tick()->lease_held);
  EXPECT_FALSE(a->Tick()->lease_held);
  b->ReleaseLease();
  EXPECT_TRUE(a->Tick()->lease_held);
}

// A serve that crashed leaves its lease behind; the restarted one on the same host sees the
// holder's process is gone and takes over at once instead of after three intervals.
TEST_P(MonitorTest, ALeaseOfADeadProcessOnThisHostIsTakenAtOnce) {
  ProcessIdentity gone = ProcessIdentity::Current();
  gone.start = "0";  // this pid, another start time: the holder no longer runs
  store::ScriptStateRepository state(db(), clock_);
  ASSERT_TRUE(
      state
          .Update(BatchMonitor::kLeaseKey,
                  [&](const std::optional<std::string>&) -> Result<std::string> {
                    return DumpJson(
                        Json{{"owner", "crashed"},
                             {"process", gone.ToString()},
                             {"expires_at", FormatUtcIso(clock_.Now() + std::chrono::hours(1))}});
                  })
          .ok());
  EXPECT_TRUE(Monitor()->Tick()->lease_held);
  // A live holder keeps its lease.
  EXPECT_FALSE(Monitor()->Tick()->lease_held);
}

TEST_P(MonitorTest, CloudRunExecutionsAreNotFollowed) {
  auto m = Monitor();
  store::JobExecution e;
  e.execution_id = "cr";
  e.targeting_id = 1;
  e.execution_mode = "cloud_run";
  ASSERT_TRUE(executions_->Insert(e).ok());
  auto r = m->Tick();
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->executions, 0);
  EXPECT_EQ(Get("cr").status, "running");
}

TEST_P(MonitorTest, TheBackendIsInferredFromTheJobNameWhenNotRecorded) {
  ScriptedBackend local("local");
  options_.default_backend = "local";
  BatchMonitor m(db(), clock_, {{"local", &local}, {"gcp", &backend_}}, options_);
  std::string id = Start();
  // A row written without metadata.batch.backend.
  Json batch = Batch(id);
  batch.erase("backend");
  ASSERT_TRUE(
      db().Execute(
              "UPDATE job_executions SET metadata = $1 WHERE execution_id = $2",
              {store::SqlValue::JsonText(Json{{"execution_mode", "batch"}, {"batch", batch}}), id})
          .ok());
  backend_.SetJob(job_name_, JobState::kSucceeded, {{0}, {0}});
  Tick(m);
  EXPECT_EQ(Get(id).status, "succeeded");
  EXPECT_EQ(local.gets, 0);
}

FS_INSTANTIATE_BACKEND_TEST(MonitorTest);

using EnvMap = std::map<std::string, std::string, std::less<>>;

TEST(MonitorOptionsTest, ReadsTheReferenceVariables) {
  // orchestration-cases 194.
  auto o = MonitorOptionsFromEnv(
      MapEnvironment(EnvMap{{"FORM_SENDER_BATCH_MONITOR_INTERVAL_SECONDS", "10"}}));
  ASSERT_TRUE(o.ok());
  EXPECT_EQ(o->interval, std::chrono::seconds(30));
  o = MonitorOptionsFromEnv(
      MapEnvironment(EnvMap{{"FORM_SENDER_BATCH_MONITOR_INTERVAL_SECONDS", "60"},
                            {"FORM_SENDER_BATCH_MONITOR_TIMEOUT_SECONDS", "1800"},
                            {"FORM_SENDER_MAX_RUNTIME_HOURS", "6"}}));
  ASSERT_TRUE(o.ok());
  EXPECT_EQ(o->interval, std::chrono::seconds(60));
  EXPECT_EQ(o->timeout_floor, std::chrono::seconds(1800));
  EXPECT_EQ(o->default_session_max_hours, 6.0);
  auto bad = MonitorOptionsFromEnv(
      MapEnvironment(EnvMap{{"FORM_SENDER_BATCH_MONITOR_INTERVAL_SECONDS", "1m"}}));
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(bad.status().message().find("FORM_SENDER_BATCH_MONITOR_INTERVAL_SECONDS"),
            std::string::npos);
}

}  // namespace
}  // namespace formsender::batch
