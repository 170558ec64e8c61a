// The Cloud Batch job body (checked against batch.v1.json) and the status parsers.
#include "batch/cloud_job.h"

#include <gtest/gtest.h>

#include "batch/cloud_backend.h"
#include "gcp/testing/discovery.h"

namespace formsender::batch {
namespace {

const gcp::testing::DiscoveryDocument& BatchDoc() {
  static const auto docs = gcp::testing::LoadGoogleApiDocuments();
  EXPECT_TRUE(docs.ok()) << docs.status().ToString();
  return docs->at("batch");
}

Status CheckCreateBody(const Json& job) {
  auto match = BatchDoc().FindMethod("POST", "v1/projects/p/locations/l/jobs");
  if (!match) return Status::Internal("jobs.create not found in the discovery document");
  return BatchDoc().CheckRequestBody(*match, &job);
}

JobSpec Spec() {
  JobSpec s;
  s.execution_id = "0f1e2d3c4b5a69788796a5b4c3d2e1f0";
  s.targeting_id = 12;
  s.task_count = 4;
  s.parallelism = 8;  // more than the tasks: clamped
  s.attempts = 3;
  s.machine = {"n2d-custom-4-10240", 4000, 10240, ProvisioningModel::kSpot, true, Json::object()};
  s.env = {{"FORM_SENDER_ENV", "gcp_batch"}, {"FORM_SENDER_TARGETING_ID", "12"}};
  s.secret_env = {{"SUPABASE_SERVICE_ROLE_KEY", "projects/p/secrets/key/versions/latest"}};
  s.gcp.job_template = "projects/p/locations/asia-northeast1/jobs/form-sender";
  s.gcp.task_group = "Group 0";
  s.gcp.container_image = "asia-northeast1-docker.pkg.dev/p/r/sender:1";
  s.gcp.entrypoint = "/usr/bin/formsender";
  s.gcp.service_account = "batch@p.iam.gserviceaccount.com";
  s.gcp.network = "projects/p/global/networks/form-sender-batch-vpc";
  s.gcp.subnetwork = "projects/p/regions/asia-northeast1/subnetworks/form-sender-batch-subnet";
  return s;
}

Json Template() {
  return Json::parse(R"({
    "name": "projects/p/locations/asia-northeast1/jobs/form-sender",
    "uid": "form-sender-1234",
    "taskGroups": [{
      "name": "projects/p/locations/asia-northeast1/jobs/form-sender/taskGroups/group0",
      "taskSpec": {
        "runnables": [{"script": {"text": "echo warm-up"}}],
        "computeResource": {"cpuMilli": "2000", "memoryMib": "6144"},
        "maxRunDuration": "14400s",
        "maxRetryCount": 4,
        "environment": {"variables": {"FORM_SENDER_ENV": "template", "TZ": "Asia/Tokyo"}},
        "volumes": [{"mountPath": "/mnt/share", "gcs": {"remotePath": "bucket/path"}}]
      },
      "taskCount": "1"
    }],
    "allocationPolicy": {
      "location": {"allowedLocations": ["regions/asia-northeast1"]},
      "instances": [{"policy": {"machineType": "e2-standard-2", "provisioningModel": "STANDARD",
                                "bootDisk": {"sizeGb": "50"}}}]
    },
    "logsPolicy": {"destination": "CLOUD_LOGGING"},
    "status": {"state": "SUCCEEDED"}
  })");
}

TEST(CloudJobTest, BuildsTheReferenceJobFromTheTemplateAndThePlan) {
  Json tmpl = Template();
  auto built = BuildCloudBatchJob(Spec(), &tmpl, ProvisioningModel::kSpot);
  ASSERT_TRUE(built.ok()) << built.status().ToString();
  const Json& job = *built;
  EXPECT_TRUE(CheckCreateBody(job).ok()) << CheckCreateBody(job).ToString();
  const Json& group = job["taskGroups"][0];
  EXPECT_FALSE(group.contains("name"));
  EXPECT_EQ(group["taskCount"], "4");
  EXPECT_EQ(group["parallelism"], "4");
  const Json& ts = group["taskSpec"];
  EXPECT_EQ(ts["runnables"][0]["container"]["imageUri"],
            "asia-northeast1-docker.pkg.dev/p/r/sender:1");
  EXPECT_EQ(ts["runnables"][0]["container"]["entrypoint"], "/usr/bin/formsender");
  EXPECT_EQ(ts["runnables"][1]["script"]["text"], "echo warm-up");  // the template's, kept
  EXPECT_EQ(ts["environment"]["variables"]["FORM_SENDER_ENV"], "gcp_batch");
  EXPECT_EQ(ts["environment"]["variables"]["TZ"], "Asia/Tokyo");
  EXPECT_EQ(ts["environment"]["secretVariables"]["SUPABASE_SERVICE_ROLE_KEY"],
            "projects/p/secrets/key/versions/latest");
  EXPECT_EQ(ts["computeResource"]["cpuMilli"], "4000");
  EXPECT_EQ(ts["computeResource"]["memoryMib"], "10240");
  EXPECT_EQ(ts["maxRetryCount"], 2);
  EXPECT_EQ(ts["maxRunDuration"], "14400s");
  EXPECT_EQ(ts["volumes"][0]["mountPath"], "/mnt/share");
  ASSERT_EQ(ts["lifecyclePolicies"].size(), 1u);
  EXPECT_EQ(ts["lifecyclePolicies"][0]["action"], "RETRY_TASK");
  EXPECT_EQ(ts["lifecyclePolicies"][0]["actionCondition"]["exitCodes"],
            Json::array({50001, 50002, 50003, 50004, 50006}));
  const Json& alloc = job["allocationPolicy"];
  EXPECT_EQ(alloc["instances"][0]["policy"]["provisioningModel"], "SPOT");
  EXPECT_EQ(alloc["instances"][0]["policy"]["machineType"], "n2d-custom-4-10240");
  EXPECT_EQ(alloc["instances"][0]["policy"]["bootDisk"]["sizeGb"], "50");
  EXPECT_EQ(alloc["location"]["allowedLocations"][0], "regions/asia-northeast1");
  EXPECT_EQ(alloc["serviceAccount"]["email"], "batch@p.iam.gserviceaccount.com");
  EXPECT_EQ(alloc["network"]["networkInterfaces"][0]["noExternalIpAddress"], true);
  EXPECT_EQ(alloc["network"]["networkInterfaces"][0]["subnetwork"],
            "projects/p/regions/asia-northeast1/subnetworks/form-sender-batch-subnet");
  EXPECT_EQ(job["labels"]["workload"], "form_sender");
  EXPECT_EQ(job["labels"]["targeting_id"], "12");
  EXPECT_EQ(job["labels"]["job_template"], "form-sender");
  EXPECT_EQ(job["labels"]["task_group"], "group-0");
  EXPECT_EQ(job["labels"]["execution_id"], "0f1e2d3c4b5a69788796a5b4c3d2e1f0");
  EXPECT_EQ(job["logsPolicy"]["destination"], "CLOUD_LOGGING");
  EXPECT_FALSE(job.contains("status"));
}

TEST(CloudJobTest, WithoutATemplateAndWithoutASubnetwork) {
  JobSpec spec = Spec();
  spec.gcp.subnetwork.clear();
  spec.gcp.entrypoint.clear();
  spec.max_run_duration = std::chrono::seconds(28800);
  auto built = BuildCloudBatchJob(spec, nullptr, ProvisioningModel::kStandard);
  ASSERT_TRUE(built.ok());
  EXPECT_TRUE(CheckCreateBody(*built).ok()) << CheckCreateBody(*built).ToString();
  const Json& ts = (*built)["taskGroups"][0]["taskSpec"];
  EXPECT_EQ(ts["runnables"].size(), 1u);
  EXPECT_FALSE(ts["runnables"][0]["container"].contains("entrypoint"));
  EXPECT_EQ(ts["maxRunDuration"], "28800s");
  EXPECT_EQ((*built)["allocationPolicy"]["instances"][0]["policy"]["provisioningModel"],
            "STANDARD");
  EXPECT_FALSE((*built)["allocationPolicy"].contains("network"));
  EXPECT_EQ((*built)["logsPolicy"]["destination"], "CLOUD_LOGGING");

  spec.gcp.container_image = " ";
  auto no_image = BuildCloudBatchJob(spec, nullptr, ProvisioningModel::kSpot);
  ASSERT_FALSE(no_image.ok());
  EXPECT_NE(no_image.status().message().find("FORM_SENDER_BATCH_CONTAINER_IMAGE"),
            std::string::npos);
}

TEST(CloudJobTest, ResubmittableCopyDropsOutputFields) {
  Json tmpl = Template();
  Json copy = ResubmittableJob(tmpl, ProvisioningModel::kStandard);
  EXPECT_FALSE(copy.contains("name"));
  EXPECT_FALSE(copy.contains("status"));
  EXPECT_FALSE(copy["taskGroups"][0].contains("name"));
  EXPECT_EQ(copy["allocationPolicy"]["instances"][0]["policy"]["provisioningModel"], "STANDARD");
  EXPECT_EQ(copy["allocationPolicy"]["instances"][0]["policy"]["bootDisk"]["sizeGb"], "50");
  EXPECT_TRUE(CheckCreateBody(copy).ok()) << CheckCreateBody(copy).ToString();
}

Json Event(const std::string& to, const std::string& time, int exit_code = -1,
           const std::string& extra = "") {
  Json e = {{"type", "STATUS_CHANGED"},
            {"description", "Task state is updated from X to " + to + extra},
            {"eventTime", time},
            {"taskState", to}};
  if (exit_code >= 0) e["taskExecution"] = {{"exitCode", exit_code}};
  return e;
}

TEST(CloudJobTest, TaskEventsBecomeAttempts) {
  Json task = {
      {"name", "projects/p/locations/l/jobs/j/taskGroups/group0/tasks/3"},
      {"status",
       {{"state", "SUCCEEDED"},
        {"statusEvents",
         Json::array(
             {Event("ASSIGNED", "2026-12-01T00:00:00Z"), Event("RUNNING", "2026-12-01T00:01:00Z"),
              Event("FAILED", "2026-12-01T00:30:00Z", 50001,
                    " due to Spot VM preemption with exit code 50001."),
              Event("PENDING", "2026-12-01T00:30:01Z"), Event("RUNNING", "2026-12-01T00:32:00Z"),
              Event("SUCCEEDED", "2026-12-01T02:00:00Z", 0)})}}}};
  TaskInfo t = ParseCloudTask(task, "spot", "e2-standard-2");
  EXPECT_EQ(t.index, 3);
  EXPECT_EQ(t.state, TaskState::kSucceeded);
  ASSERT_EQ(t.attempts.size(), 2u);
  EXPECT_EQ(t.attempts[0].outcome, AttemptOutcome::kPreempted);
  EXPECT_EQ(t.attempts[0].exit_code, 50001);
  EXPECT_TRUE(t.attempts[0].started_at.has_value());
  EXPECT_EQ(t.attempts[1].attempt, 1);
  EXPECT_EQ(t.attempts[1].outcome, AttemptOutcome::kSucceeded);
  EXPECT_EQ(t.attempts[1].provisioning_model, "spot");

  // Preempted before it ran; the code only in the text (the other wording).
  Json early = {{"name", "x/tasks/0"},
                {"status",
                 {{"state", "FAILED"},
                  {"statusEvents",
                   Json::array({Json{{"description",
                                      "Task state is updated from ASSIGNED to FAILED on zones/z/"
                                      "instances/1 due to Spot Preemption with exit code 50001."},
                                     {"eventTime", "2026-12-01T00:00:00Z"}}})}}}};
  TaskInfo e = ParseCloudTask(early, "spot", "");
  ASSERT_EQ(e.attempts.size(), 1u);
  EXPECT_TRUE(e.attempts[0].preempted());
  EXPECT_FALSE(e.attempts[0].started_at.has_value());
}

TEST(CloudJobTest, JobLevelEventsGiveTheFailedTasks) {
  Json job = {
      {"name", "projects/p/locations/l/jobs/j"},
      {"allocationPolicy",
       {{"instances", Json::array({{{"policy", {{"provisioningModel", "SPOT"}}}}})}}},
      {"status",
       {{"state", "FAILED"},
        {"taskGroups", {{"group0", {{"counts", {{"FAILED", "1"}, {"SUCCEEDED", "3"}}}}}}},
        {"statusEvents",
         Json::array({Json{{"type", "STATUS_CHANGED"},
                           {"eventTime", "2026-12-01T01:00:00.123456Z"},
                           {"description",
                            "Job state is set from RUNNING to FAILED for job "
                            "projects/p/locations/l/jobs/j. Job failed due to task failure. "
                            "Specifically, task with index 2 failed due to the following task "
                            "event: \"Task state is updated from RUNNING to FAILED on "
                            "zones/asia-northeast1-b/instances/123 due to Spot VM preemption "
                            "with exit code 50001.\""}}})}}}};
  JobStatus s = ParseCloudJob(job, nullptr);
  EXPECT_EQ(s.state, JobState::kFailed);
  EXPECT_EQ(s.provisioning_model, "spot");
  EXPECT_EQ(s.task_counts["SUCCEEDED"], 3);
  ASSERT_EQ(s.tasks.size(), 1u);
  EXPECT_EQ(s.tasks[0].index, 2);
  EXPECT_TRUE(s.tasks[0].attempts[0].preempted());
  EXPECT_TRUE(AnalyzeFailures(s).only_capacity_failures());
  EXPECT_EQ(ParseJobState("SOMETHING_NEW"), JobState::kUnspecified);
}

TEST(CloudJobTest, SpotCapacityErrorsAreRecognised) {
  EXPECT_TRUE(IsSpotCapacityError(Status::ResourceExhausted(
      "batch.jobs.create x: HTTP 429 RESOURCE_EXHAUSTED: Spot VM capacity is not available")));
  EXPECT_TRUE(IsSpotCapacityError(
      Status::Conflict("batch.jobs.create x: HTTP 400 FAILED_PRECONDITION: Quota 'SPOT_CPUS' "
                       "exceeded")));
  EXPECT_FALSE(IsSpotCapacityError(
      Status::Conflict("batch.jobs.create x: HTTP 409 ALREADY_EXISTS: job exists")));
  EXPECT_FALSE(IsSpotCapacityError(
      Status::InvalidArgument("batch.jobs.create x: HTTP 400 INVALID_ARGUMENT: bad quota field")));
  EXPECT_FALSE(IsSpotCapacityError(Status::ResourceExhausted("too many requests")));
}

}  // namespace
}  // namespace formsender::batch
