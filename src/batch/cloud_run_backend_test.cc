// The Cloud Run Jobs backend against the loopback fake of the Cloud Run Admin API v2, which
// checks every request and answer against the v2 schemas (src/gcp/testing/schemas/run.v2.json).
#include "batch/cloud_run_backend.h"

#include <gtest/gtest.h>

#include "batch/cloud_run_execution.h"
#include "gcp/testing/fake_cloud.h"

namespace formsender::batch {
namespace {

using gcp::testing::FakeCloud;

constexpr char kJob[] = "projects/test-project/locations/asia-northeast1/jobs/form-sender-runner";
constexpr char kRun[] = "run.projects.locations.jobs.run";
constexpr char kCancel[] = "run.projects.locations.jobs.executions.cancel";
constexpr char kGetOperation[] = "run.projects.locations.operations.get";

class CloudRunBackendTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto env = FakeCloud::Create();
    ASSERT_TRUE(env.ok()) << env.status().ToString();
    env_ = std::move(*env);
    fake().AddRunJob(kJob, /*task_count=*/1, /*parallelism=*/2);
    CloudRunJobsOptions options;
    options.project = "test-project";
    options.location = "asia-northeast1";
    options.job = "form-sender-runner";
    backend_ = std::make_unique<CloudRunJobsBackend>(env_->cloud().run(), env_->clock(), options);
  }
  void TearDown() override {
    for (const auto& v : fake().violations()) ADD_FAILURE() << "fake: " << v;
  }
  gcp::testing::FakeGoogleApis& fake() { return env_->fake(); }

  JobSpec Spec(int64_t tasks = 3) {
    JobSpec s;
    s.execution_id = "0f8c2a6e-cloud-run";
    s.targeting_id = 42;
    s.task_count = tasks;
    s.parallelism = tasks;
    s.env = {{"FORM_SENDER_ENV", "cloud_run"},
             {"JOB_EXECUTION_ID", s.execution_id},
             {"FORM_SENDER_TARGETING_ID", "42"},
             {"FORM_SENDER_CLIENT_CONFIG_URL",
              "https://storage.googleapis.com/b/o?X-Goog-Signature=ab"}};
    s.secret_env = {{"SUPABASE_URL", "projects/test-project/secrets/url/versions/latest"}};
    s.max_run_duration = std::chrono::seconds(3600);
    return s;
  }
  Json SentBody(const std::string& method_id, size_t i = 0) {
    std::vector<Json> bodies;
    for (const auto& r : fake().requests()) {
      if (r.method_id == method_id) bodies.push_back(r.body.empty() ? Json() : *ParseJson(r.body));
    }
    return i < bodies.size() ? bodies[i] : Json();
  }

  std::unique_ptr<FakeCloud> env_;
  std::unique_ptr<CloudRunJobsBackend> backend_;
};

TEST_F(CloudRunBackendTest, SubmitRunsTheJobWithOverridesAndNamesTheExecution) {
  JobSpec spec = Spec();
  auto job = backend_->Submit(spec);
  ASSERT_TRUE(job.ok()) << job.status().ToString();
  EXPECT_TRUE(job->name.starts_with(std::string(kJob) + "/executions/form-sender-runner-"));
  EXPECT_EQ(job->job_id, job->name.substr(job->name.rfind('/') + 1));
  EXPECT_TRUE(
      job->operation.starts_with("projects/test-project/locations/asia-northeast1/operations/"));
  // The job's own parallelism (2), not the spec's 3: Cloud Run cannot override it.
  EXPECT_EQ(job->parallelism, 2);
  EXPECT_EQ(job->provisioning_model, ProvisioningModel::kStandard);
  // The execution name came with the RunJob answer: no operations.get was needed.
  EXPECT_EQ(fake().CountRequests(kGetOperation), 0);

  Json sent = SentBody(kRun);
  ASSERT_TRUE(sent.contains("overrides"));
  Json overrides = sent["overrides"];
  EXPECT_EQ(overrides["taskCount"], 3);
  EXPECT_EQ(overrides["timeout"], "3600s");
  ASSERT_EQ(overrides["containerOverrides"].size(), 1u);
  Json env = overrides["containerOverrides"][0]["env"];
  std::map<std::string, std::string> sent_env;
  for (const Json& v : env) sent_env[v["name"]] = v["value"];
  EXPECT_EQ(sent_env, spec.env);
  // Only plain env: secrets live on the job (spec §4.4).
  EXPECT_EQ(sent.dump().find("SUPABASE_URL"), std::string::npos);
  EXPECT_FALSE(overrides.contains("parallelism"));

  Json meta = CloudRunSubmissionMetadata(spec, *job, kJob, backend_->backend_name());
  EXPECT_EQ(meta["operation"], job->operation);
  EXPECT_EQ(meta["execution"], job->name);
  EXPECT_EQ(meta["job"], kJob);
  EXPECT_EQ(meta["backend"], "cloud_run");
  EXPECT_EQ(meta["monitor"]["state"], "scheduled");
}

TEST_F(CloudRunBackendTest, ExecutionNameFromGetOperationWhenTheAnswerHasNone) {
  // The RunJob answer names no execution; the first operations.get does.
  fake().SetRunOperationNameDelay(1);
  auto job = backend_->Submit(Spec(1));
  ASSERT_TRUE(job.ok()) << job.status().ToString();
  EXPECT_EQ(fake().CountRequests(kGetOperation), 1);
  EXPECT_FALSE(IsRunOperationName(job->name));
  EXPECT_NE(job->name.find("/executions/"), std::string::npos);
  EXPECT_TRUE(IsRunOperationName(job->operation));
}

TEST_F(CloudRunBackendTest, AnUnresolvedOperationIsRecordedAndResolvedLater) {
  // Neither the answer nor the first operations.get names the execution: the submit keeps the
  // operation (the execution runs regardless) and Get resolves it on a later poll.
  fake().SetRunOperationNameDelay(2);
  auto job = backend_->Submit(Spec(1));
  ASSERT_TRUE(job.ok()) << job.status().ToString();
  EXPECT_EQ(job->name, job->operation);
  EXPECT_TRUE(IsRunOperationName(job->name));
  Json meta = CloudRunSubmissionMetadata(Spec(1), *job, kJob, "cloud_run");
  EXPECT_EQ(meta["operation"], job->operation);
  EXPECT_FALSE(meta.contains("execution"));
  auto status = backend_->Get(job->name);
  ASSERT_TRUE(status.ok()) << status.status().ToString();
  EXPECT_NE(status->name.find("/executions/"), std::string::npos) << status->name;
  EXPECT_EQ(status->state, JobState::kQueued);
  // An operation Cloud Run does not know is kNotFound.
  EXPECT_EQ(backend_->Get("projects/test-project/locations/asia-northeast1/operations/nope")
                .status()
                .code(),
            StatusCode::kNotFound);
}

TEST_F(CloudRunBackendTest, PollsToSuccess) {
  auto job = backend_->Submit(Spec(2));
  ASSERT_TRUE(job.ok());
  auto queued = backend_->Get(job->name);
  ASSERT_TRUE(queued.ok()) << queued.status().ToString();
  EXPECT_EQ(queued->state, JobState::kQueued);
  EXPECT_EQ(queued->task_counts.at("PENDING"), 2);
  ASSERT_EQ(queued->tasks.size(), 2u);
  EXPECT_EQ(queued->tasks[0].state, TaskState::kPending);

  ASSERT_TRUE(fake().StartRunTask(job->name, 0));
  ASSERT_TRUE(fake().FinishRunTask(job->name, 1, 0));
  auto running = backend_->Get(job->name);
  ASSERT_TRUE(running.ok());
  EXPECT_EQ(running->state, JobState::kRunning);
  EXPECT_EQ(running->task_counts.at("RUNNING"), 1);
  EXPECT_EQ(running->task_counts.at("SUCCEEDED"), 1);
  EXPECT_EQ(running->tasks[0].attempts.back().outcome, AttemptOutcome::kRunning);
  EXPECT_EQ(running->tasks[1].attempts.back().outcome, AttemptOutcome::kSucceeded);

  ASSERT_TRUE(fake().FinishRunTask(job->name, 0, 0));
  auto done = backend_->Get(job->name);
  ASSERT_TRUE(done.ok());
  EXPECT_EQ(done->state, JobState::kSucceeded);
  EXPECT_EQ(done->tasks[0].state, TaskState::kSucceeded);
  EXPECT_EQ(done->tasks[0].attempts.back().exit_code, 0);
}

TEST_F(CloudRunBackendTest, PollsToFailureWithRetriedAttemptsAndTheExitCode) {
  auto job = backend_->Submit(Spec(2));
  ASSERT_TRUE(job.ok());
  ASSERT_TRUE(fake().FinishRunTask(job->name, 0, 0));
  ASSERT_TRUE(fake().FinishRunTask(job->name, 1, 3, /*retried=*/2));
  auto failed = backend_->Get(job->name);
  ASSERT_TRUE(failed.ok());
  EXPECT_EQ(failed->state, JobState::kFailed);
  const TaskInfo& t = failed->tasks[1];
  EXPECT_EQ(t.state, TaskState::kFailed);
  ASSERT_EQ(t.attempts.size(), 3u);  // two retried attempts, then the last one
  EXPECT_EQ(t.attempts[0].outcome, AttemptOutcome::kFailed);
  EXPECT_FALSE(t.attempts[0].exit_code.has_value());
  EXPECT_EQ(t.attempts[2].attempt, 2);
  EXPECT_EQ(t.attempts[2].exit_code, 3);
  EXPECT_NE(failed->EventText().find("NON_ZERO_EXIT_CODE"), std::string::npos);
  EXPECT_NE(failed->EventText().find("Task 1 failed with exit code 3"), std::string::npos);
  FailureAnalysis analysis = AnalyzeFailures(*failed);
  EXPECT_EQ(analysis.application_failures, 1);
}

TEST_F(CloudRunBackendTest, DeleteCancelsTheExecutionAndAFinishedOneIsANoOp) {
  auto job = backend_->Submit(Spec(2));
  ASSERT_TRUE(job.ok());
  ASSERT_TRUE(fake().StartRunTask(job->name, 0));
  ASSERT_TRUE(backend_->Delete(job->name, "execution cancelled").ok());
  EXPECT_EQ(fake().CountRequests(kCancel), 1);
  EXPECT_EQ(SentBody(kCancel), Json::object());
  auto cancelled = backend_->Get(job->name);
  ASSERT_TRUE(cancelled.ok());
  EXPECT_EQ(cancelled->state, JobState::kCancelled);
  EXPECT_EQ(cancelled->task_counts.at("CANCELLED"), 2);
  // Cancelling again: Cloud Run refuses (already completed); the backend reads it as done.
  EXPECT_TRUE(backend_->Delete(job->name, "again").ok());
  // A vanished execution is kNotFound, which callers read as "already gone".
  ASSERT_TRUE(fake().DeleteExecution(job->name));
  EXPECT_EQ(backend_->Delete(job->name, "gone").code(), StatusCode::kNotFound);
  EXPECT_EQ(backend_->Get(job->name).status().code(), StatusCode::kNotFound);
}

TEST_F(CloudRunBackendTest, CancelWithOnlyTheOperationResolvesItsExecution) {
  fake().SetRunOperationNameDelay(2);
  auto job = backend_->Submit(Spec(1));
  ASSERT_TRUE(job.ok());
  ASSERT_EQ(job->name, job->operation);
  // The execution is named by the next operations.get: the cancel reaches it.
  ASSERT_TRUE(backend_->Delete(job->operation, "cancel from the dispatcher").ok());
  EXPECT_EQ(fake().CountRequests(kCancel), 1);
  auto status = backend_->Get(job->operation);
  ASSERT_TRUE(status.ok());
  EXPECT_EQ(status->state, JobState::kCancelled);

  // An operation that still does not name its execution: the cancel must be repeated later.
  fake().SetRunOperationNameDelay(6);
  auto pending = backend_->Submit(Spec(1));
  ASSERT_TRUE(pending.ok());
  Status s = backend_->Delete(pending->operation, "cancel");
  EXPECT_EQ(s.code(), StatusCode::kUnavailable);
  EXPECT_NE(s.message().find("has not named its execution"), std::string::npos);
}

TEST_F(CloudRunBackendTest, ListFindsAnExecutionByItsExecutionId) {
  JobSpec a = Spec(1);
  JobSpec b = Spec(1);
  b.execution_id = "other-execution";
  b.env["JOB_EXECUTION_ID"] = b.execution_id;
  auto ja = backend_->Submit(a);
  auto jb = backend_->Submit(b);
  ASSERT_TRUE(ja.ok() && jb.ok());
  auto found = backend_->List(ListFilter{{{"execution_id", "other-execution"}}, {}});
  ASSERT_TRUE(found.ok()) << found.status().ToString();
  ASSERT_EQ(found->size(), 1u);
  EXPECT_EQ((*found)[0].name, jb->name);
  EXPECT_EQ((*found)[0].labels.at("targeting_id"), "42");
  auto all = backend_->List(ListFilter{{{"workload", "form_sender"}}, {JobState::kQueued}});
  ASSERT_TRUE(all.ok());
  EXPECT_EQ(all->size(), 2u);
}

TEST_F(CloudRunBackendTest, ErrorsNameWhatIsWrong) {
  EXPECT_EQ(backend_->Resubmit("x", ProvisioningModel::kStandard).status().code(),
            StatusCode::kInvalidArgument);
  JobSpec huge = Spec(10001);
  EXPECT_NE(backend_->Submit(huge).status().message().find("at most 10000 tasks"),
            std::string::npos);
  // An unknown job is the API's 404, with the job's name.
  CloudRunJobsOptions other = backend_->options();
  other.job = "no-such-job";
  CloudRunJobsBackend missing(env_->cloud().run(), env_->clock(), other);
  auto r = missing.Submit(Spec(1));
  EXPECT_EQ(r.status().code(), StatusCode::kNotFound);
  EXPECT_NE(r.status().message().find("no-such-job"), std::string::npos);
}

TEST(CloudRunOptionsTest, FromTheDispatcherEnvironment) {
  MapEnvironment env;
  auto missing = CloudRunJobsOptionsFromEnv(env);
  ASSERT_FALSE(missing.ok());
  EXPECT_NE(missing.status().message().find(
                "FORM_SENDER_CLOUD_RUN_JOB, DISPATCHER_PROJECT_ID, DISPATCHER_LOCATION"),
            std::string::npos);
  env.Set("FORM_SENDER_CLOUD_RUN_JOB", "form-sender-runner");
  env.Set("DISPATCHER_PROJECT_ID", "p");
  env.Set("DISPATCHER_LOCATION", "asia-northeast1");
  auto ok = CloudRunJobsOptionsFromEnv(env);
  ASSERT_TRUE(ok.ok());
  EXPECT_EQ(ok->job_name(), "projects/p/locations/asia-northeast1/jobs/form-sender-runner");
  MapEnvironment full;
  full.Set("FORM_SENDER_CLOUD_RUN_JOB", "projects/q/locations/us-central1/jobs/j");
  ASSERT_TRUE(CloudRunJobsOptionsFromEnv(full).ok());
  EXPECT_EQ(CloudRunJobsOptionsFromEnv(full)->job_name(),
            "projects/q/locations/us-central1/jobs/j");
  full.Set("FORM_SENDER_CLOUD_RUN_JOB", "projects/q/jobs/j");
  EXPECT_NE(CloudRunJobsOptionsFromEnv(full).status().message().find("projects/q/jobs/j"),
            std::string::npos);
}

TEST(CloudRunExecutionTest, StatesFromConditionsAndCounts) {
  Json e = {{"name", std::string(kJob) + "/executions/e1"}, {"taskCount", 2}};
  EXPECT_EQ(ParseRunExecution(e, nullptr).state, JobState::kQueued);
  e["startTime"] = "2025-10-16T01:00:00Z";
  e["runningCount"] = 2;
  EXPECT_EQ(ParseRunExecution(e, nullptr).state, JobState::kRunning);
  e["conditions"] = Json::array({{{"type", "Completed"},
                                  {"state", "CONDITION_RECONCILING"},
                                  {"executionReason", "CANCELLING"}}});
  EXPECT_EQ(ParseRunExecution(e, nullptr).state, JobState::kCancellationInProgress);
  e["completionTime"] = "2025-10-16T01:10:00Z";
  e["conditions"][0]["executionReason"] = "CANCELLED";
  EXPECT_EQ(ParseRunExecution(e, nullptr).state, JobState::kCancelled);
  e["conditions"] = Json::array({{{"type", "Completed"}, {"state", "CONDITION_SUCCEEDED"}}});
  EXPECT_EQ(ParseRunExecution(e, nullptr).state, JobState::kSucceeded);
  e["conditions"][0]["state"] = "CONDITION_FAILED";
  EXPECT_EQ(ParseRunExecution(e, nullptr).state, JobState::kFailed);
  e.erase("conditions");
  e["succeededCount"] = 2;
  e["runningCount"] = 0;
  EXPECT_EQ(ParseRunExecution(e, nullptr).state, JobState::kSucceeded);
  Json deleting = {{"name", "n"}, {"deleteTime", "2025-10-16T01:10:00Z"}};
  EXPECT_EQ(ParseRunExecution(deleting, nullptr).state, JobState::kDeletionInProgress);
}

}  // namespace
}  // namespace formsender::batch
