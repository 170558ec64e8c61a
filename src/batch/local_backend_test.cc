// The local backend with real child processes (testing/batch_test_child.cc), on SQLite and
// PostgreSQL.
#include "batch/local_backend.h"

#include <signal.h>

#include <gtest/gtest.h>

#include "batch/testing/local_test_util.h"
#include "store/testing.h"

namespace formsender::batch {
namespace {

using testing::IsAlive;
using testing::ReadFileText;
using testing::TempDir;
using testing::WaitUntil;

constexpr auto kWait = std::chrono::seconds(60);

class LocalBackendTest : public store::BackendTest {
 protected:
  JobSpec Spec(int64_t tasks, int64_t parallelism, int64_t attempts = 1) {
    JobSpec s;
    s.execution_id = "exec-" + RandomHexToken(4);
    s.targeting_id = 9;
    s.task_count = tasks;
    s.parallelism = parallelism;
    s.attempts = attempts;
    s.machine.machine_type = "local";
    return s;
  }
  std::unique_ptr<LocalBatchBackend> Backend(LocalBatchOptions options) {
    return std::make_unique<LocalBatchBackend>(db(), clock_, std::move(options));
  }
  const TaskInfo& Task(const JobStatus& s, int64_t i) { return s.tasks.at(static_cast<size_t>(i)); }

  TempDir dir_;
  SystemClock clock_;
};

TEST_P(LocalBackendTest, RunsEveryTaskWithTheBatchEnvAndKeepsItsOutput) {
  auto backend = Backend(testing::TestOptions(dir_));
  ASSERT_TRUE(backend->Start().ok());
  JobSpec spec = Spec(3, 3);
  spec.env["TEST_CHILD_ECHO"] = "plain";
  spec.secret_env["TEST_CHILD_SECRET"] = "s3cret-value";
  auto job = backend->Submit(spec);
  ASSERT_TRUE(job.ok()) << job.status().ToString();
  EXPECT_TRUE(job->name.starts_with("local/jobs/form-sender-"));
  auto done = backend->WaitForJob(job->name, kWait);
  ASSERT_TRUE(done.ok()) << done.status().ToString();
  EXPECT_EQ(done->state, JobState::kSucceeded);
  ASSERT_EQ(done->tasks.size(), 3u);
  for (int64_t i = 0; i < 3; ++i) {
    const TaskInfo& t = Task(*done, i);
    EXPECT_EQ(t.state, TaskState::kSucceeded);
    ASSERT_EQ(t.attempts.size(), 1u);
    EXPECT_EQ(t.attempts[0].exit_code, 0);
    std::string out = ReadFileText(t.attempts[0].details["stdout_path"].get<std::string>());
    EXPECT_NE(out.find("task " + std::to_string(i) + " attempt 0 of 3 job " + job->job_id +
                       " echo plain"),
              std::string::npos)
        << out;
    std::string err = ReadFileText(t.attempts[0].details["stderr_path"].get<std::string>());
    EXPECT_NE(err.find("stderr of task " + std::to_string(i)), std::string::npos);
  }
  // The secret reached no stored spec.
  auto rows = db().Query("SELECT spec FROM batch_local_jobs");
  ASSERT_TRUE(rows.ok());
  EXPECT_EQ(rows->front().Text("spec").find("s3cret-value"), std::string::npos);
  EXPECT_EQ(done->task_counts["SUCCEEDED"], 3);
}

TEST_P(LocalBackendTest, NeverRunsMoreThanParallelismTasksAtOnce) {
  auto backend = Backend(testing::TestOptions(dir_));
  ASSERT_TRUE(backend->Start().ok());
  JobSpec spec = Spec(6, 2);
  spec.env["TEST_CHILD_HOLD"] = "1";
  auto job = backend->Submit(spec);
  ASSERT_TRUE(job.ok());
  ASSERT_TRUE(WaitUntil([&] { return dir_.Counter().first == 2; }));
  // Held: nothing else may start until one of the two ends.
  auto status = backend->Get(job->name);
  ASSERT_TRUE(status.ok());
  EXPECT_EQ(status->state, JobState::kRunning);
  EXPECT_EQ(status->task_counts["RUNNING"], 2);
  EXPECT_EQ(status->task_counts["PENDING"], 4);
  dir_.Touch("release.all");
  auto done = backend->WaitForJob(job->name, kWait);
  ASSERT_TRUE(done.ok()) << done.status().ToString();
  EXPECT_EQ(done->state, JobState::kSucceeded);
  EXPECT_EQ(dir_.Counter(), std::make_pair(0, 2));  // six tasks, never more than two alive
}

TEST_P(LocalBackendTest, ApplicationFailureIsNotRetried) {
  auto backend = Backend(testing::TestOptions(dir_));
  ASSERT_TRUE(backend->Start().ok());
  JobSpec spec = Spec(2, 2, /*attempts=*/3);
  spec.env["TEST_CHILD_EXIT_CODES_1"] = "3";
  auto job = backend->Submit(spec);
  ASSERT_TRUE(job.ok());
  auto done = backend->WaitForJob(job->name, kWait);
  ASSERT_TRUE(done.ok());
  EXPECT_EQ(done->state, JobState::kFailed);
  EXPECT_EQ(Task(*done, 0).state, TaskState::kSucceeded);
  ASSERT_EQ(Task(*done, 1).attempts.size(), 1u);
  EXPECT_EQ(Task(*done, 1).attempts[0].exit_code, 3);
  EXPECT_EQ(Task(*done, 1).attempts[0].outcome, AttemptOutcome::kFailed);
  EXPECT_NE(done->EventText().find("with exit code 3"), std::string::npos);
}

TEST_P(LocalBackendTest, PreemptedSpotTaskIsRetriedAndSucceeds) {
  auto options = testing::TestOptions(dir_);
  options.preemption_grace = std::chrono::milliseconds(300);
  auto backend = Backend(options);
  ASSERT_TRUE(backend->Start().ok());
  JobSpec spec = Spec(1, 1, /*attempts=*/2);
  spec.env["TEST_CHILD_HOLD"] = "1";
  spec.env["TEST_CHILD_ON_SIGTERM"] = "ignore";  // the grace ends with SIGKILL
  auto job = backend->Submit(spec);
  ASSERT_TRUE(job.ok());
  ASSERT_TRUE(WaitUntil([&] { return dir_.Has("started.0.0"); }));
  pid_t first = *dir_.Pid("started.0.0");
  ASSERT_TRUE(backend->Preempt(job->name, 0).ok());
  ASSERT_TRUE(WaitUntil([&] { return dir_.Has("started.0.1"); }));
  EXPECT_FALSE(IsAlive(first));
  dir_.Touch("release.all");
  auto done = backend->WaitForJob(job->name, kWait);
  ASSERT_TRUE(done.ok());
  EXPECT_EQ(done->state, JobState::kSucceeded);
  const TaskInfo& t = Task(*done, 0);
  ASSERT_EQ(t.attempts.size(), 2u);
  EXPECT_EQ(t.attempts[0].outcome, AttemptOutcome::kPreempted);
  EXPECT_EQ(t.attempts[0].exit_code, 50001);
  EXPECT_EQ(t.attempts[0].details["process_exit_code"], 128 + SIGKILL);
  EXPECT_EQ(t.attempts[0].provisioning_model, "spot");
  EXPECT_EQ(t.attempts[1].outcome, AttemptOutcome::kSucceeded);
  EXPECT_NE(done->EventText().find("due to Spot VM preemption with exit code 50001"),
            std::string::npos);
}

TEST_P(LocalBackendTest, PreemptionEveryAttemptExhaustsMaxRetryCount) {
  auto options = testing::TestOptions(dir_);
  options.preemption_rate_per_hour = 360'000;  // a preemption within ~10 ms of each start
  options.preemption_seed = 7;
  auto backend = Backend(options);
  ASSERT_TRUE(backend->Start().ok());
  JobSpec spec = Spec(1, 1, /*attempts=*/3);
  spec.env["TEST_CHILD_SLEEP_MS"] = "forever";  // SIGTERM → exit 0, still a preemption
  auto job = backend->Submit(spec);
  ASSERT_TRUE(job.ok());
  auto done = backend->WaitForJob(job->name, kWait);
  ASSERT_TRUE(done.ok());
  EXPECT_EQ(done->state, JobState::kFailed);
  ASSERT_EQ(Task(*done, 0).attempts.size(), 3u);  // maxRetryCount 2 + the first run
  for (const TaskAttempt& a : Task(*done, 0).attempts) EXPECT_TRUE(a.preempted());
  EXPECT_TRUE(AnalyzeFailures(*done).only_capacity_failures());

  // STANDARD tasks are never preempted.
  JobSpec standard = Spec(1, 1);
  standard.machine.provisioning_model = ProvisioningModel::kStandard;
  standard.env["TEST_CHILD_SLEEP_MS"] = "200";
  auto on_demand = backend->Submit(standard);
  ASSERT_TRUE(on_demand.ok());
  auto ok = backend->WaitForJob(on_demand->name, kWait);
  ASSERT_TRUE(ok.ok());
  EXPECT_EQ(ok->state, JobState::kSucceeded);
  EXPECT_EQ(Task(*ok, 0).attempts[0].provisioning_model, "standard");
}

TEST_P(LocalBackendTest, DeleteStopsTasksWithSigtermThenSigkill) {
  auto options = testing::TestOptions(dir_);
  options.cancel_grace = std::chrono::milliseconds(300);
  auto backend = Backend(options);
  ASSERT_TRUE(backend->Start().ok());
  JobSpec spec = Spec(3, 2, /*attempts=*/3);
  spec.env["TEST_CHILD_SLEEP_MS"] = "forever";
  spec.env["TEST_CHILD_ON_SIGTERM"] = "ignore";
  spec.env["TEST_CHILD_GRANDCHILD"] = "1";
  auto job = backend->Submit(spec);
  ASSERT_TRUE(job.ok());
  ASSERT_TRUE(WaitUntil([&] { return dir_.Has("grandchild.0.0") && dir_.Has("grandchild.1.0"); }));
  std::vector<pid_t> pids = {*dir_.Pid("started.0.0"), *dir_.Pid("started.1.0"),
                             *dir_.Pid("grandchild.0.0"), *dir_.Pid("grandchild.1.0")};
  ASSERT_TRUE(backend->Delete(job->name, "user cancel").ok());
  auto done = backend->WaitForJob(job->name, kWait);
  ASSERT_TRUE(done.ok());
  EXPECT_EQ(done->state, JobState::kCancelled);
  for (pid_t pid : pids) EXPECT_TRUE(WaitUntil([&] { return !IsAlive(pid); })) << pid;
  EXPECT_EQ(Task(*done, 0).attempts.at(0).outcome, AttemptOutcome::kCancelled);
  EXPECT_EQ(Task(*done, 2).state, TaskState::kUnexecuted);  // never started, never retried
  EXPECT_EQ(Task(*done, 0).attempts.size(), 1u);
  EXPECT_NE(done->EventText().find("Job deletion requested: user cancel"), std::string::npos);
  // Deleting again, or a finished job, is a no-op; an unknown job is NotFound.
  EXPECT_TRUE(backend->Delete(job->name, "again").ok());
  EXPECT_EQ(backend->Delete("local/jobs/nope", "x").code(), StatusCode::kNotFound);
  EXPECT_EQ(backend->Get("projects/p/locations/l/jobs/x").status().code(),
            StatusCode::kInvalidArgument);  // another backend's name
}

TEST_P(LocalBackendTest, MaxRunDurationEndsTheTaskWith50005WithoutRetry) {
  auto options = testing::TestOptions(dir_);
  auto backend = Backend(options);
  ASSERT_TRUE(backend->Start().ok());
  JobSpec spec = Spec(1, 1, /*attempts=*/3);
  spec.env["TEST_CHILD_SLEEP_MS"] = "forever";
  spec.max_run_duration = std::chrono::seconds(1);
  auto job = backend->Submit(spec);
  ASSERT_TRUE(job.ok());
  auto done = backend->WaitForJob(job->name, kWait);
  ASSERT_TRUE(done.ok());
  EXPECT_EQ(done->state, JobState::kFailed);
  ASSERT_EQ(Task(*done, 0).attempts.size(), 1u);
  EXPECT_EQ(Task(*done, 0).attempts[0].exit_code, 50005);
}

TEST_P(LocalBackendTest, MissingProgramFailsTheAttemptClearly) {
  auto options = testing::TestOptions(dir_);
  options.command = {"/nonexistent/formsender-runner"};
  auto backend = Backend(options);
  ASSERT_TRUE(backend->Start().ok());
  auto job = backend->Submit(Spec(1, 1, 3));
  ASSERT_TRUE(job.ok());
  auto done = backend->WaitForJob(job->name, kWait);
  ASSERT_TRUE(done.ok());
  EXPECT_EQ(done->state, JobState::kFailed);
  const TaskAttempt& a = Task(*done, 0).attempts.at(0);
  EXPECT_EQ(a.exit_code, 127);
  std::string err = ReadFileText(a.details["stderr_path"].get<std::string>());
  EXPECT_NE(err.find("/nonexistent/formsender-runner"), std::string::npos) << err;
}

TEST_P(LocalBackendTest, ListsByLabelAndResubmitsAsStandard) {
  auto backend = Backend(testing::TestOptions(dir_));
  JobSpec a = Spec(1, 1);
  a.targeting_id = 11;
  JobSpec b = Spec(2, 1);
  b.targeting_id = 12;
  b.secret_env["TEST_CHILD_ECHO"] = "from-secret";
  auto ja = backend->Submit(a);
  auto jb = backend->Submit(b);
  ASSERT_TRUE(ja.ok() && jb.ok());
  auto listed =
      backend->List(ListFilter{{{"targeting_id", "12"}, {"workload", "form_sender"}}, {}});
  ASSERT_TRUE(listed.ok());
  ASSERT_EQ(listed->size(), 1u);
  EXPECT_EQ((*listed)[0].name, jb->name);
  EXPECT_EQ((*listed)[0].state, JobState::kQueued);  // no supervisor yet
  EXPECT_EQ(backend->List(ListFilter{{}, {JobState::kSucceeded}})->size(), 0u);

  auto again = backend->Resubmit(jb->name, ProvisioningModel::kStandard);
  ASSERT_TRUE(again.ok()) << again.status().ToString();
  EXPECT_NE(again->name, jb->name);
  EXPECT_EQ(again->provisioning_model, ProvisioningModel::kStandard);
  ASSERT_TRUE(backend->Delete(jb->name, "replaced").ok());  // no supervisor: cancelled at once
  EXPECT_EQ(backend->Get(jb->name)->state, JobState::kCancelled);

  ASSERT_TRUE(backend->Start().ok());
  auto done = backend->WaitForJob(again->name, kWait);
  ASSERT_TRUE(done.ok());
  EXPECT_EQ(done->state, JobState::kSucceeded);
  EXPECT_EQ(done->provisioning_model, "standard");
  std::string out =
      ReadFileText(Task(*done, 1).attempts[0].details["stdout_path"].get<std::string>());
  EXPECT_NE(out.find("echo from-secret"), std::string::npos) << out;  // secrets carried over
}

TEST_P(LocalBackendTest, PreemptNeedsARunningSpotTask) {
  auto backend = Backend(testing::TestOptions(dir_));
  JobSpec spec = Spec(1, 1);
  spec.machine.provisioning_model = ProvisioningModel::kStandard;
  spec.env["TEST_CHILD_HOLD"] = "1";
  auto job = backend->Submit(spec);
  ASSERT_TRUE(job.ok());
  EXPECT_EQ(backend->Preempt(job->name, 0).code(), StatusCode::kNotFound);  // not started
  ASSERT_TRUE(backend->Start().ok());
  ASSERT_TRUE(WaitUntil([&] { return dir_.Has("started.0.0"); }));
  EXPECT_EQ(backend->Preempt(job->name, 0).code(), StatusCode::kConflict);
  EXPECT_EQ(backend->Preempt(job->name, 5).code(), StatusCode::kNotFound);
  dir_.Touch("release.all");
  EXPECT_EQ(backend->WaitForJob(job->name, kWait)->state, JobState::kSucceeded);
}

FS_INSTANTIATE_BACKEND_TEST(LocalBackendTest);

using ConfigMap = std::map<std::string, std::string, std::less<>>;

TEST(LocalBatchOptionsTest, ReadsConfigKeys) {
  MapEnvironment config(ConfigMap{{"batch.local.preemption_rate", "0.5"},
                                  {"batch.local.preemption_grace_seconds", "30"},
                                  {"batch.local.cancel_grace_seconds", "2.5"},
                                  {"batch.local.max_running_tasks", "8"},
                                  {"batch.local.command", "/usr/bin/env formsender runner"}});
  auto o = LocalBatchOptionsFromConfig(config, "/data");
  ASSERT_TRUE(o.ok()) << o.status().ToString();
  EXPECT_EQ(o->preemption_rate_per_hour, 0.5);
  EXPECT_EQ(o->preemption_grace, std::chrono::seconds(30));
  EXPECT_EQ(o->cancel_grace, std::chrono::milliseconds(2500));
  EXPECT_EQ(o->max_running_tasks, 8);
  EXPECT_EQ(o->command, (std::vector<std::string>{"/usr/bin/env", "formsender", "runner"}));
  EXPECT_EQ(o->log_dir, std::filesystem::path("/data/batch/logs"));
  MapEnvironment bad(ConfigMap{{"batch.local.preemption_rate", "often"}});
  auto err = LocalBatchOptionsFromConfig(bad, "/data");
  ASSERT_FALSE(err.ok());
  EXPECT_NE(err.status().message().find("batch.local.preemption_rate"), std::string::npos);
  MapEnvironment negative(ConfigMap{{"batch.local.cancel_grace_seconds", "-1"}});
  EXPECT_FALSE(LocalBatchOptionsFromConfig(negative, "/data").ok());
}

}  // namespace
}  // namespace formsender::batch
