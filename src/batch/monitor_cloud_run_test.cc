// The monitor following Cloud Run Jobs executions (spec §4.10 had none: statuses changed only
// through the runner and cancel), through the Cloud Run backend and the loopback fake of the
// Cloud Run Admin API v2. On SQLite and PostgreSQL.
#include <gtest/gtest.h>

#include "batch/cloud_run_backend.h"
#include "batch/monitor.h"
#include "gcp/testing/fake_cloud.h"
#include "store/testing.h"

namespace formsender::batch {
namespace {

using gcp::testing::FakeCloud;

constexpr char kRunJob[] =
    "projects/test-project/locations/asia-northeast1/jobs/form-sender-runner";

class MonitorCloudRunTest : public store::BackendTest {
 protected:
  void SetUp() override {
    store::BackendTest::SetUp();
    if (IsSkipped()) return;
    auto env = FakeCloud::Create();
    ASSERT_TRUE(env.ok()) << env.status().ToString();
    env_ = std::move(*env);
    env_->fake().AddRunJob(kRunJob, 1, 0);
    CloudRunJobsOptions options;
    options.job = kRunJob;
    backend_ = std::make_unique<CloudRunJobsBackend>(env_->cloud().run(), env_->clock(), options);
    executions_ = std::make_unique<store::JobExecutionRepository>(db(), env_->clock());
    monitor_ = std::make_unique<BatchMonitor>(
        db(), env_->clock(), std::map<std::string, BatchBackend*>{{"cloud_run", backend_.get()}},
        MonitorOptions{}, nullptr, [this](const store::JobExecution& e) {
          hooked_.push_back(e.execution_id + ":" + e.status);
        });
  }
  void TearDown() override {
    if (env_) {
      for (const auto& v : env_->fake().violations()) ADD_FAILURE() << "fake: " << v;
    }
  }
  gcp::testing::FakeGoogleApis& fake() { return env_->fake(); }

  // What the dispatcher does in cloud_run mode: run the job, then record the execution with
  // metadata.cloud_run (spec §4.2.3 step 8). Returns the execution id.
  std::string Dispatch(int64_t tasks, Json metadata_override = Json()) {
    JobSpec spec;
    spec.execution_id = "cr-" + std::to_string(++n_);
    spec.targeting_id = 7;
    spec.task_count = tasks;
    spec.parallelism = tasks;
    spec.env = {{"FORM_SENDER_ENV", "cloud_run"}, {"JOB_EXECUTION_ID", spec.execution_id}};
    auto job = backend_->Submit(spec);
    EXPECT_TRUE(job.ok()) << job.status().ToString();
    store::JobExecution e;
    e.execution_id = spec.execution_id;
    e.targeting_id = 7;
    e.task_count = tasks;
    e.parallelism = job->parallelism;
    e.execution_mode = "cloud_run";
    e.metadata =
        metadata_override.is_object()
            ? metadata_override
            : Json{{"execution_mode", "cloud_run"},
                   {"cloud_run", CloudRunSubmissionMetadata(spec, *job, kRunJob, "cloud_run")}};
    EXPECT_TRUE(executions_->Insert(e).ok());
    execution_ = job->name;
    operation_ = job->operation;
    return spec.execution_id;
  }
  store::JobExecution Get(const std::string& id) { return *executions_->Get(id); }
  Json CloudRun(const std::string& id) { return Get(id).metadata["cloud_run"]; }
  std::vector<store::JobExecutionAttempt> Attempts(const std::string& id) {
    return *store::JobExecutionAttemptRepository(db()).ListForExecution(id);
  }
  void Tick() {
    auto r = monitor_->Tick();
    ASSERT_TRUE(r.ok()) << r.status().ToString();
    for (const auto& e : r->errors) ADD_FAILURE() << e;
  }

  std::unique_ptr<FakeCloud> env_;
  std::unique_ptr<CloudRunJobsBackend> backend_;
  std::unique_ptr<store::JobExecutionRepository> executions_;
  std::unique_ptr<BatchMonitor> monitor_;
  std::vector<std::string> hooked_;
  std::string execution_, operation_;
  int n_ = 0;
};

TEST_P(MonitorCloudRunTest, FollowsAnExecutionToSuccess) {
  std::string id = Dispatch(2);
  Tick();
  EXPECT_EQ(Get(id).status, "running");
  EXPECT_EQ(CloudRun(id)["monitor"]["state"], "monitoring");
  EXPECT_EQ(CloudRun(id)["monitor"]["job_state"], "QUEUED");

  ASSERT_TRUE(fake().FinishRunTask(execution_, 0, 0));  // one task done first
  ASSERT_TRUE(fake().StartRunTask(execution_, 1));
  Tick();
  EXPECT_EQ(Get(id).status, "running");
  EXPECT_EQ(CloudRun(id)["monitor"]["job_state"], "RUNNING");
  EXPECT_EQ(CloudRun(id)["monitor"]["task_counts"]["SUCCEEDED"], 1);
  auto attempts = Attempts(id);
  ASSERT_EQ(attempts.size(), 2u);
  EXPECT_EQ(attempts[0].job_name, execution_);
  EXPECT_EQ(attempts[0].status, "succeeded");
  EXPECT_EQ(attempts[1].status, "running");

  ASSERT_TRUE(fake().FinishRunTask(execution_, 1, 0));
  Tick();
  store::JobExecution done = Get(id);
  EXPECT_EQ(done.status, "succeeded");
  EXPECT_TRUE(done.ended_at.has_value());
  Json monitor = done.metadata["cloud_run"]["monitor"];
  EXPECT_EQ(monitor["state"], "SUCCEEDED");
  EXPECT_EQ(monitor["reason"], "cloud_run_succeeded");
  EXPECT_TRUE(monitor.contains("finalized_at"));
  EXPECT_FALSE(done.metadata.contains("batch"));
  EXPECT_EQ(hooked_, std::vector<std::string>{id + ":succeeded"});
}

TEST_P(MonitorCloudRunTest, FollowsAnExecutionToFailure) {
  std::string id = Dispatch(2);
  ASSERT_TRUE(fake().FinishRunTask(execution_, 0, 0));
  ASSERT_TRUE(fake().FinishRunTask(execution_, 1, 1, /*retried=*/1));
  Tick();
  store::JobExecution e = Get(id);
  EXPECT_EQ(e.status, "failed");
  Json monitor = e.metadata["cloud_run"]["monitor"];
  EXPECT_EQ(monitor["state"], "FAILED");
  EXPECT_EQ(monitor["reason"], "cloud_run_failed");
  EXPECT_EQ(monitor["failures"][0]["task_index"], 1);
  EXPECT_EQ(monitor["failures"][0]["exit_code"], 1);
  EXPECT_EQ(Attempts(id).size(), 3u);  // task 0, and task 1's two attempts
  EXPECT_EQ(hooked_.size(), 1u);
}

TEST_P(MonitorCloudRunTest, AUserCancelReachesTheExecution) {
  std::string id = Dispatch(2);
  ASSERT_TRUE(fake().StartRunTask(execution_, 0));
  Tick();
  // The dispatcher's cancel: status first (its own write), then the execution.
  ASSERT_TRUE(*executions_->UpdateStatus(id, "cancelled", env_->clock().Now(), {"running"}));
  ASSERT_TRUE(backend_->Delete(execution_, "execution cancelled").ok());
  Tick();
  store::JobExecution e = Get(id);
  EXPECT_EQ(e.status, "cancelled");
  EXPECT_EQ(e.metadata["cloud_run"]["monitor"]["state"], "CANCELLED");
  EXPECT_EQ(e.metadata["cloud_run"]["monitor"]["reason"], "cloud_run_cancelled");
  EXPECT_EQ(hooked_, std::vector<std::string>{id + ":cancelled"});
}

TEST_P(MonitorCloudRunTest, ACancelThatMissedTheExecutionIsRepeated) {
  std::string id = Dispatch(1);
  ASSERT_TRUE(fake().StartRunTask(execution_, 0));
  ASSERT_TRUE(*executions_->UpdateStatus(id, "cancelled", env_->clock().Now(), {"running"}));
  Tick();  // the execution still runs: the monitor cancels it
  EXPECT_EQ(fake().CountRequests("run.projects.locations.jobs.executions.cancel"), 1);
  Tick();
  EXPECT_EQ(CloudRun(id)["monitor"]["state"], "CANCELLED");
  EXPECT_EQ(Get(id).status, "cancelled");
}

TEST_P(MonitorCloudRunTest, OnlyTheOperationKnownAndLegacyKeys) {
  // A row that recorded the operation alone, under the reference's legacy top-level key.
  fake().SetRunOperationNameDelay(2);
  std::string id = Dispatch(1, Json{{"execution_mode", "cloud_run"}});
  fake().SetRunOperationNameDelay(0);
  ASSERT_TRUE(executions_
                  ->MergeMetadata(id, Json{{"cloud_run_operation", operation_},
                                           {"cloud_run", {{"backend", "cloud_run"}}}})
                  .ok());
  Tick();
  // The operation now names its execution: the monitor records it and follows it.
  std::string execution = CloudRun(id).value("execution", "");
  ASSERT_NE(execution.find("/executions/"), std::string::npos) << CloudRun(id).dump();
  ASSERT_TRUE(fake().FinishRunTask(execution, 0, 0));
  Tick();
  EXPECT_EQ(Get(id).status, "succeeded");

  // The legacy metadata.cloud_run_execution alone.
  std::string legacy = Dispatch(1, Json{{"execution_mode", "cloud_run"}});
  ASSERT_TRUE(executions_->MergeMetadata(legacy, Json{{"cloud_run_execution", execution_}}).ok());
  ASSERT_TRUE(fake().FinishRunTask(execution_, 0, 2));
  Tick();
  EXPECT_EQ(Get(legacy).status, "failed");
}

TEST_P(MonitorCloudRunTest, TimeoutCancelsTheExecutionAndAVanishedOneIsACancellation) {
  std::string slow = Dispatch(1);
  std::string slow_execution = execution_;
  ASSERT_TRUE(fake().StartRunTask(slow_execution, 0));
  std::string vanished = Dispatch(1);
  ASSERT_TRUE(fake().DeleteExecution(execution_));
  Tick();
  EXPECT_EQ(Get(vanished).status, "cancelled");
  EXPECT_EQ(CloudRun(vanished)["monitor"]["reason"], "cloud_run_job_not_found");
  EXPECT_EQ(Get(slow).status, "running");
  env_->clock().Advance(std::chrono::hours(8) + std::chrono::hours(1) + std::chrono::minutes(1));
  Tick();
  EXPECT_EQ(Get(slow).status, "failed");
  EXPECT_EQ(CloudRun(slow)["monitor"]["state"], "TIMEOUT");
  EXPECT_EQ(CloudRun(slow)["monitor"]["reason"], "cloud_run_timeout");
  EXPECT_TRUE(fake().Execution(slow_execution)->contains("completionTime"));  // cancelled
}

TEST_P(MonitorCloudRunTest, WithoutACloudRunBackendCloudRunRowsAreLeftAlone) {
  std::string id = Dispatch(1);
  BatchMonitor batch_only(db(), env_->clock(), {}, MonitorOptions{});
  auto r = batch_only.Tick();
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->executions, 0);
  EXPECT_EQ(Get(id).status, "running");
}

FS_INSTANTIATE_BACKEND_TEST(MonitorCloudRunTest);

}  // namespace
}  // namespace formsender::batch
