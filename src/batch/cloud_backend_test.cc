// The Cloud Batch backend and the monitor against the loopback fake Google APIs, which checks
// every request against batch.v1.json; job states are scripted. On SQLite and PostgreSQL.
#include "batch/cloud_backend.h"

#include <gtest/gtest.h>

#include "batch/monitor.h"
#include "common/crypto.h"
#include "gcp/testing/discovery.h"
#include "gcp/testing/fake_cloud.h"
#include "store/testing.h"

namespace formsender::batch {
namespace {

using gcp::testing::FakeCloud;
using gcp::testing::FakeResponse;

constexpr char kParent[] = "projects/test-project/locations/asia-northeast1";
constexpr char kCreate[] = "batch.projects.locations.jobs.create";
constexpr char kListTasks[] = "batch.projects.locations.jobs.taskGroups.tasks.list";

Json TaskEvent(const std::string& to, int minute, int exit_code = -1) {
  char time[32];
  std::snprintf(time, sizeof time, "2025-10-16T02:%02d:00Z", minute);
  Json e = {
      {"type", "STATUS_CHANGED"},
      {"description",
       "Task state is updated to " + to + (exit_code == 50001 ? " due to Spot VM preemption" : "") +
           (exit_code >= 0 ? " with exit code " + std::to_string(exit_code) : std::string())},
      {"eventTime", time},
      {"taskState", to}};
  if (exit_code >= 0) e["taskExecution"] = {{"exitCode", exit_code}};
  return e;
}

class CloudBackendTest : public store::BackendTest {
 protected:
  void SetUp() override {
    store::BackendTest::SetUp();
    if (IsSkipped()) return;
    auto env = FakeCloud::Create();
    ASSERT_TRUE(env.ok()) << env.status().ToString();
    env_ = std::move(*env);
    CloudBatchOptions options;
    options.project = "test-project";
    options.location = "asia-northeast1";
    options.api_root = env_->cloud().endpoints().batch;
    backend_ = std::make_unique<CloudBatchBackend>(env_->cloud().batch(), env_->cloud().rest(),
                                                   env_->clock(), options);
    executions_ = std::make_unique<store::JobExecutionRepository>(db(), env_->clock());
    MonitorOptions monitor_options;
    monitor_options.default_backend = "gcp";
    monitor_ = std::make_unique<BatchMonitor>(
        db(), env_->clock(), std::map<std::string, BatchBackend*>{{"gcp", backend_.get()}},
        monitor_options, nullptr,
        [this](const store::JobExecution& e) { hooked_.push_back(e.status); });
  }
  void TearDown() override {
    if (env_) {
      for (const auto& v : fake().violations()) ADD_FAILURE() << "fake: " << v;
    }
  }

  gcp::testing::FakeGoogleApis& fake() { return env_->fake(); }

  JobSpec Spec(bool allow_on_demand, int64_t tasks = 2) {
    JobSpec s;
    s.execution_id = "exec-" + RandomHexToken(4);
    s.targeting_id = 12;
    s.task_count = tasks;
    s.parallelism = tasks;
    s.attempts = 3;
    s.machine = {"e2-standard-2",
                 2000,
                 6144,
                 ProvisioningModel::kSpot,
                 allow_on_demand,
                 Json{{"resolved_machine_type", "e2-standard-2"}}};
    s.env = {{"FORM_SENDER_ENV", "gcp_batch"}, {"JOB_EXECUTION_ID", s.execution_id}};
    s.secret_env = {{"SUPABASE_URL", "projects/test-project/secrets/url/versions/latest"}};
    s.gcp.container_image = "asia-northeast1-docker.pkg.dev/test-project/r/sender:1";
    s.gcp.service_account = "batch@test-project.iam.gserviceaccount.com";
    s.gcp.network = "projects/test-project/global/networks/form-sender-batch-vpc";
    s.gcp.subnetwork = "projects/test-project/regions/asia-northeast1/subnetworks/batch";
    return s;
  }

  // What the dispatcher does: submit, then record the execution with metadata.batch.
  Result<SubmittedJob> Dispatch(const JobSpec& spec) {
    auto job = backend_->Submit(spec);
    if (!job.ok()) return job;
    store::JobExecution e;
    e.execution_id = spec.execution_id;
    e.targeting_id = spec.targeting_id;
    e.task_count = spec.task_count;
    e.parallelism = job->parallelism;
    e.execution_mode = "batch";
    e.metadata = {{"execution_mode", "batch"},
                  {"batch", BatchSubmissionMetadata(spec, *job, "gcp", kParent)}};
    auto inserted = executions_->Insert(e);
    if (!inserted.ok()) return inserted.status();
    return job;
  }

  // The next tasks.list answer, checked against the discovery document first.
  void ScriptTasks(const std::string& job_name, const std::vector<std::vector<Json>>& events,
                   const std::vector<std::string>& states) {
    Json tasks = Json::array();
    for (size_t i = 0; i < events.size(); ++i) {
      tasks.push_back(Json{{"name", job_name + "/taskGroups/group0/tasks/" + std::to_string(i)},
                           {"status", {{"state", states[i]}, {"statusEvents", events[i]}}}});
    }
    Json body = {{"tasks", tasks}};
    static const auto docs = gcp::testing::LoadGoogleApiDocuments();
    ASSERT_TRUE(docs.ok());
    const auto& doc = docs->at("batch");
    auto match = doc.FindMethod("GET", "v1/" + job_name + "/taskGroups/group0/tasks");
    ASSERT_TRUE(match.has_value());
    ASSERT_EQ(match->id, kListTasks);
    Status valid = doc.CheckResponseBody(*match, body);
    ASSERT_TRUE(valid.ok()) << valid.ToString();
    fake().Script(kListTasks, {FakeResponse::WithJson(200, body)});
  }

  void Tick() {
    auto r = monitor_->Tick();
    ASSERT_TRUE(r.ok()) << r.status().ToString();
    for (const auto& e : r->errors) ADD_FAILURE() << e;
  }
  store::JobExecution Exec(const std::string& id) { return *executions_->Get(id); }
  std::vector<store::JobExecutionAttempt> Attempts(const std::string& id) {
    return *store::JobExecutionAttemptRepository(db()).ListForExecution(id);
  }
  Json Created(size_t i) {
    std::vector<Json> bodies;
    for (const auto& r : fake().requests()) {
      if (r.method_id == kCreate && r.response_status == 200) bodies.push_back(*ParseJson(r.body));
    }
    return i < bodies.size() ? bodies[i] : Json();
  }

  std::unique_ptr<FakeCloud> env_;
  std::unique_ptr<CloudBatchBackend> backend_;
  std::unique_ptr<store::JobExecutionRepository> executions_;
  std::unique_ptr<BatchMonitor> monitor_;
  std::vector<std::string> hooked_;
};

TEST_P(CloudBackendTest, SpotJobRunsToSuccess) {
  JobSpec spec = Spec(false);
  auto job = Dispatch(spec);
  ASSERT_TRUE(job.ok()) << job.status().ToString();
  EXPECT_TRUE(job->name.starts_with(std::string(kParent) + "/jobs/form-sender-"));
  EXPECT_EQ(job->provisioning_model, ProvisioningModel::kSpot);
  Json body = Created(0);
  EXPECT_EQ(body["allocationPolicy"]["instances"][0]["policy"]["provisioningModel"], "SPOT");
  EXPECT_EQ(body["taskGroups"][0]["taskSpec"]["environment"]["secretVariables"]["SUPABASE_URL"],
            "projects/test-project/secrets/url/versions/latest");
  EXPECT_EQ(body["labels"]["targeting_id"], "12");

  ASSERT_TRUE(fake().SetJobState(job->name, "RUNNING"));
  ScriptTasks(job->name, {{TaskEvent("RUNNING", 1)}, {TaskEvent("RUNNING", 1)}},
              {"RUNNING", "RUNNING"});
  Tick();
  EXPECT_EQ(Exec(spec.execution_id).status, "running");
  EXPECT_EQ(Attempts(spec.execution_id).size(), 2u);

  ASSERT_TRUE(fake().SetJobState(job->name, "SUCCEEDED"));
  ScriptTasks(job->name,
              {{TaskEvent("RUNNING", 1), TaskEvent("SUCCEEDED", 40, 0)},
               {TaskEvent("RUNNING", 1), TaskEvent("SUCCEEDED", 50, 0)}},
              {"SUCCEEDED", "SUCCEEDED"});
  Tick();
  store::JobExecution done = Exec(spec.execution_id);
  EXPECT_EQ(done.status, "succeeded");
  EXPECT_EQ(done.metadata["batch"]["monitor"]["state"], "SUCCEEDED");
  for (const auto& a : Attempts(spec.execution_id)) {
    EXPECT_EQ(a.status, "succeeded");
    EXPECT_EQ(a.provisioning_model, "spot");
    EXPECT_EQ(a.machine_type, "e2-standard-2");
  }
  EXPECT_EQ(hooked_, std::vector<std::string>{"succeeded"});
}

TEST_P(CloudBackendTest, SpotRefusedAtSubmitCreatesAStandardJobWhenAllowed) {
  // orchestration-cases 77.
  fake().Script(kCreate,
                {FakeResponse::Error(429, "RESOURCE_EXHAUSTED",
                                     "Spot VM capacity is not available in asia-northeast1",
                                     {{"Retry-After", "600"}})});
  JobSpec spec = Spec(true);
  auto job = Dispatch(spec);
  ASSERT_TRUE(job.ok()) << job.status().ToString();
  EXPECT_EQ(job->provisioning_model, ProvisioningModel::kStandard);
  ASSERT_TRUE(job->spot_fallback.has_value());
  EXPECT_EQ(fake().CountRequests(kCreate), 2);
  Json body = Created(0);
  EXPECT_EQ(body["allocationPolicy"]["instances"][0]["policy"]["provisioningModel"], "STANDARD");
  Json batch = Exec(spec.execution_id).metadata["batch"];
  EXPECT_EQ(batch["effective_provisioning_model"], "standard");
  EXPECT_EQ(batch["prefer_spot"], true);
  EXPECT_EQ(batch["allow_on_demand"], true);
  EXPECT_EQ(batch["spot_fallback"]["applied"], true);
  EXPECT_EQ(batch["spot_fallback"]["status_code"], "RESOURCE_EXHAUSTED");
  EXPECT_NE(batch["spot_fallback"]["reason"].get<std::string>().find("Spot VM capacity"),
            std::string::npos);
  std::string first_id = batch["spot_fallback"]["original_job_id"];
  EXPECT_NE(first_id, job->job_id);
  EXPECT_TRUE(job->name.ends_with(job->job_id));
}

TEST_P(CloudBackendTest, SpotRefusedAtSubmitFailsClearlyWhenFallbackIsNotAllowed) {
  // orchestration-cases 78.
  fake().Script(kCreate, {FakeResponse::Error(400, "FAILED_PRECONDITION",
                                              "Quota 'PREEMPTIBLE_CPUS' exceeded. Limit: 8.0")});
  auto job = backend_->Submit(Spec(false));
  ASSERT_FALSE(job.ok());
  EXPECT_NE(job.status().message().find("on-demand fallback is not allowed"), std::string::npos);
  EXPECT_NE(job.status().message().find("batch_allow_on_demand_fallback"), std::string::npos);
  EXPECT_NE(job.status().message().find("PREEMPTIBLE_CPUS"), std::string::npos);
  EXPECT_EQ(fake().CountRequests(kCreate), 1);
  // Other errors are never a reason for on-demand.
  fake().Script(kCreate, {FakeResponse::Error(400, "INVALID_ARGUMENT", "bad network")});
  auto bad = backend_->Submit(Spec(true));
  EXPECT_EQ(bad.status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(fake().CountRequests(kCreate), 2);
}

TEST_P(CloudBackendTest, PreemptedTaskIsRetriedAndTheExecutionSucceeds) {
  JobSpec spec = Spec(false, 1);
  auto job = Dispatch(spec);
  ASSERT_TRUE(job.ok());
  Json ts = Created(0)["taskGroups"][0]["taskSpec"];
  EXPECT_EQ(ts["maxRetryCount"], 2);
  EXPECT_EQ(ts["lifecyclePolicies"][0]["actionCondition"]["exitCodes"][0], 50001);
  ASSERT_TRUE(fake().SetJobState(job->name, "RUNNING"));
  ScriptTasks(job->name,
              {{TaskEvent("RUNNING", 1), TaskEvent("FAILED", 20, 50001), TaskEvent("PENDING", 21),
                TaskEvent("RUNNING", 23)}},
              {"RUNNING"});
  Tick();
  Json batch = Exec(spec.execution_id).metadata["batch"];
  EXPECT_EQ(batch["preemption_count"], 1);
  EXPECT_EQ(batch["preempted"], true);
  EXPECT_EQ(Exec(spec.execution_id).status, "running");
  ASSERT_TRUE(fake().SetJobState(job->name, "SUCCEEDED"));
  ScriptTasks(job->name,
              {{TaskEvent("RUNNING", 1), TaskEvent("FAILED", 20, 50001), TaskEvent("PENDING", 21),
                TaskEvent("RUNNING", 23), TaskEvent("SUCCEEDED", 59, 0)}},
              {"SUCCEEDED"});
  Tick();
  EXPECT_EQ(Exec(spec.execution_id).status, "succeeded");
  auto attempts = Attempts(spec.execution_id);
  ASSERT_EQ(attempts.size(), 2u);
  EXPECT_EQ(attempts[0].status, "preempted");
  EXPECT_TRUE(attempts[0].preempted);
  EXPECT_EQ(attempts[0].exit_code, 50001);
  EXPECT_EQ(attempts[1].status, "succeeded");
}

TEST_P(CloudBackendTest, RepeatedPreemptionThenOnDemand) {
  JobSpec spec = Spec(true, 1);
  auto job = Dispatch(spec);
  ASSERT_TRUE(job.ok());
  std::vector<Json> preempted_thrice = {TaskEvent("RUNNING", 1),  TaskEvent("FAILED", 5, 50001),
                                        TaskEvent("RUNNING", 6),  TaskEvent("FAILED", 9, 50001),
                                        TaskEvent("RUNNING", 10), TaskEvent("FAILED", 14, 50001)};
  ASSERT_TRUE(fake().SetJobState(job->name, "FAILED",
                                 "Job state is set from RUNNING to FAILED for job " + job->name +
                                     ". Job failed due to task failure.",
                                 -1));
  ScriptTasks(job->name, {preempted_thrice}, {"FAILED"});
  Tick();
  store::JobExecution e = Exec(spec.execution_id);
  EXPECT_EQ(e.status, "running");
  std::string standard = e.metadata["batch"]["job_name"];
  ASSERT_NE(standard, job->name);
  EXPECT_EQ(e.metadata["batch"]["spot_fallback"]["trigger"], "monitor");
  EXPECT_EQ(e.metadata["batch"]["preemption_count"], 3);
  auto created = fake().Job(standard);
  ASSERT_TRUE(created.has_value());
  EXPECT_EQ((*created)["allocationPolicy"]["instances"][0]["policy"]["provisioningModel"],
            "STANDARD");
  EXPECT_EQ((*created)["labels"]["targeting_id"], "12");
  EXPECT_EQ((*created)["taskGroups"][0]["taskSpec"]["environment"]["variables"]["JOB_EXECUTION_ID"],
            spec.execution_id);

  ASSERT_TRUE(fake().SetJobState(standard, "SUCCEEDED"));
  ScriptTasks(standard, {{TaskEvent("RUNNING", 30), TaskEvent("SUCCEEDED", 50, 0)}}, {"SUCCEEDED"});
  Tick();
  EXPECT_EQ(Exec(spec.execution_id).status, "succeeded");
  EXPECT_EQ(Attempts(spec.execution_id).size(), 4u);
  EXPECT_EQ(hooked_.size(), 1u);
}

TEST_P(CloudBackendTest, ApplicationFailureIsNotRetriedOrMovedToOnDemand) {
  JobSpec spec = Spec(true, 2);
  auto job = Dispatch(spec);
  ASSERT_TRUE(job.ok());
  ASSERT_TRUE(fake().SetJobState(job->name, "FAILED"));
  ScriptTasks(job->name,
              {{TaskEvent("RUNNING", 1), TaskEvent("FAILED", 3, 1)},
               {TaskEvent("RUNNING", 1), TaskEvent("SUCCEEDED", 30, 0)}},
              {"FAILED", "SUCCEEDED"});
  Tick();
  store::JobExecution e = Exec(spec.execution_id);
  EXPECT_EQ(e.status, "failed");
  EXPECT_EQ(e.metadata["batch"]["monitor"]["failures"][0]["kind"], "application_failure");
  EXPECT_EQ(fake().CountRequests(kCreate), 1);
}

TEST_P(CloudBackendTest, DeleteDuringRunning) {
  JobSpec spec = Spec(false);
  auto job = Dispatch(spec);
  ASSERT_TRUE(job.ok());
  ASSERT_TRUE(fake().SetJobState(job->name, "RUNNING"));
  ScriptTasks(job->name, {{TaskEvent("RUNNING", 1)}, {TaskEvent("RUNNING", 1)}},
              {"RUNNING", "RUNNING"});
  Tick();
  // The dispatcher's cancel: status first, then jobs.delete.
  ASSERT_TRUE(
      *executions_->UpdateStatus(spec.execution_id, "cancelled", env_->clock().Now(), {"running"}));
  ASSERT_TRUE(backend_->Delete(job->name, "cancelled by operator").ok());
  EXPECT_FALSE(fake().Job(job->name).has_value());
  EXPECT_EQ(backend_->Delete(job->name, "again").code(), StatusCode::kNotFound);
  Tick();
  store::JobExecution e = Exec(spec.execution_id);
  EXPECT_EQ(e.status, "cancelled");
  EXPECT_TRUE(e.metadata["batch"]["monitor"].contains("finalized_at"));
  EXPECT_EQ(hooked_, std::vector<std::string>{"cancelled"});
}

TEST_P(CloudBackendTest, TemplateIsMergedAndAMissingOneIsTolerated) {
  Json tmpl = {
      {"taskGroups",
       Json::array({{{"taskSpec",
                      {{"runnables", Json::array({{{"container", {{"imageUri", "old"}}}}})},
                       {"maxRunDuration", "14400s"},
                       {"environment", {{"variables", {{"TZ", "Asia/Tokyo"}}}}}}}}})},
      {"logsPolicy", {{"destination", "CLOUD_LOGGING"}}}};
  ASSERT_TRUE(env_->cloud().batch().CreateJob(kParent, "form-sender-template", tmpl).ok());
  JobSpec spec = Spec(false);
  spec.gcp.job_template = std::string(kParent) + "/jobs/form-sender-template";
  auto job = backend_->Submit(spec);
  ASSERT_TRUE(job.ok()) << job.status().ToString();
  EXPECT_TRUE(job->job_id.starts_with("form-sender-template-"));
  Json body = Created(1);
  EXPECT_EQ(body["taskGroups"][0]["taskSpec"]["maxRunDuration"], "14400s");
  EXPECT_EQ(body["taskGroups"][0]["taskSpec"]["environment"]["variables"]["TZ"], "Asia/Tokyo");
  EXPECT_EQ(body["taskGroups"][0]["taskSpec"]["runnables"][0]["container"]["imageUri"],
            spec.gcp.container_image);
  EXPECT_EQ(body["labels"]["job_template"], "form-sender-template");
  ASSERT_TRUE(backend_->Submit(spec).ok());  // the template is read once
  EXPECT_EQ(fake().CountRequests("batch.projects.locations.jobs.get"), 1);

  spec.gcp.job_template = std::string(kParent) + "/jobs/no-such-template";
  EXPECT_TRUE(backend_->Submit(spec).ok());  // orchestration-cases 79
}

TEST_P(CloudBackendTest, ListsJobsByLabel) {
  JobSpec a = Spec(false);
  JobSpec b = Spec(false);
  b.targeting_id = 13;
  ASSERT_TRUE(backend_->Submit(a).ok());
  auto jb = backend_->Submit(b);
  ASSERT_TRUE(jb.ok());
  auto listed =
      backend_->List(ListFilter{{{"targeting_id", "13"}, {"workload", "form_sender"}}, {}});
  ASSERT_TRUE(listed.ok()) << listed.status().ToString();
  ASSERT_EQ(listed->size(), 1u);
  EXPECT_EQ((*listed)[0].name, jb->name);
  EXPECT_EQ((*listed)[0].state, JobState::kQueued);
  EXPECT_EQ(backend_->List(ListFilter{{{"workload", "form_sender"}}, {JobState::kRunning}})->size(),
            0u);
}

FS_INSTANTIATE_BACKEND_TEST(CloudBackendTest);

}  // namespace
}  // namespace formsender::batch
