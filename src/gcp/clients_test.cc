// Each typed client against the loopback fake, which checks every request against the
// discovery documents, with the error replays: 401 → token refresh, 429 + Retry-After,
// 500 then success, 409.
#include <gtest/gtest.h>

#include "common/crypto.h"
#include "common/strings.h"
#include "common/time.h"
#include "gcp/jwt.h"
#include "gcp/testing/fake_cloud.h"

namespace formsender::gcp {
namespace {

using testing::FakeCloud;
using testing::FakeResponse;

constexpr char kParent[] = "projects/test-project/locations/asia-northeast1";
constexpr char kQueue[] = "projects/test-project/locations/asia-northeast1/queues/form-sender";

Json SpotJob() {
  return Json::parse(R"({
    "taskGroups": [{
      "taskSpec": {
        "runnables": [{"container": {"imageUri": "asia-northeast1-docker.pkg.dev/p/r/sender:1",
                                     "entrypoint": "/usr/bin/formsender"}}],
        "computeResource": {"cpuMilli": "2000", "memoryMib": "4096"},
        "maxRunDuration": "14400s",
        "maxRetryCount": 3,
        "lifecyclePolicies": [{"action": "RETRY_TASK",
                               "actionCondition": {"exitCodes": [50001, 50002, 50003, 50004, 50006]}}],
        "environment": {"variables": {"FORM_SENDER_ENV": "gcp_batch"},
                        "secretVariables": {"SUPABASE_URL": "projects/p/secrets/url/versions/latest"}}
      },
      "taskCount": "4",
      "parallelism": "2"
    }],
    "allocationPolicy": {
      "instances": [{"policy": {"machineType": "e2-standard-2", "provisioningModel": "SPOT"}}],
      "location": {"allowedLocations": ["regions/asia-northeast1"]},
      "network": {"networkInterfaces": [{"network": "global/networks/default",
                                         "subnetwork": "regions/asia-northeast1/subnetworks/default",
                                         "noExternalIpAddress": true}]},
      "serviceAccount": {"email": "batch@test-project.iam.gserviceaccount.com"}
    },
    "labels": {"workload": "form_sender", "targeting_id": "12"},
    "logsPolicy": {"destination": "CLOUD_LOGGING"}
  })");
}

class ClientsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto env = FakeCloud::Create();
    ASSERT_TRUE(env.ok()) << env.status().ToString();
    env_ = std::move(*env);
  }
  void TearDown() override {
    if (env_) {
      for (const auto& v : env_->fake().violations()) ADD_FAILURE() << "fake: " << v;
    }
  }
  testing::FakeGoogleApis& fake() { return env_->fake(); }
  GoogleCloud& cloud() { return env_->cloud(); }
  Duration Elapsed() { return env_->clock().Now() - start_; }
  std::vector<testing::RecordedRequest> Requests(const std::string& id) {
    std::vector<testing::RecordedRequest> out;
    for (auto& r : fake().requests()) {
      if (r.method_id == id) out.push_back(r);
    }
    return out;
  }
  static std::string Query(const testing::RecordedRequest& r, std::string_view name) {
    for (const auto& [k, v] : r.query) {
      if (k == name) return v;
    }
    return "";
  }

  std::unique_ptr<FakeCloud> env_;
  TimePoint start_ =
      std::chrono::sys_days{std::chrono::year{2025} / 10 / 16} + std::chrono::hours(1);
};

// ------------------------------------------------------------------------------- Batch

TEST_F(ClientsTest, BatchCreateGetListDelete) {
  auto job = cloud().batch().CreateJob(kParent, "form-sender-0123456789abcdef", SpotJob());
  ASSERT_TRUE(job.ok()) << job.status().ToString();
  std::string name = std::string(kParent) + "/jobs/form-sender-0123456789abcdef";
  EXPECT_EQ((*job)["name"], name);
  EXPECT_EQ((*job)["status"]["state"], "QUEUED");
  auto create = Requests("batch.projects.locations.jobs.create");
  ASSERT_EQ(create.size(), 1u);
  EXPECT_EQ(create[0].http_method, "POST");
  EXPECT_EQ(create[0].path, "v1/projects/test-project/locations/asia-northeast1/jobs");
  EXPECT_EQ(Query(create[0], "jobId"), "form-sender-0123456789abcdef");
  EXPECT_EQ(Query(create[0], "requestId").size(), 36u);  // a UUID

  auto got = cloud().batch().GetJob(name);
  ASSERT_TRUE(got.ok());
  EXPECT_EQ((*got)["labels"]["targeting_id"], "12");

  ASSERT_TRUE(
      cloud()
          .batch()
          .CreateJob(kParent, "other-job",
                     Json{{"taskGroups", SpotJob()["taskGroups"]}, {"labels", {{"workload", "x"}}}})
          .ok());
  ListJobsOptions options;
  options.filter = "labels.workload=\"form_sender\"";
  auto list = cloud().batch().ListJobs(kParent, options);
  ASSERT_TRUE(list.ok()) << list.status().ToString();
  ASSERT_EQ(list->jobs.size(), 1u);
  EXPECT_EQ(list->jobs[0]["name"], name);
  ListJobsOptions paged;
  paged.page_size = 1;
  paged.order_by = "name";
  auto all = cloud().batch().ListAllJobs(kParent, paged);
  ASSERT_TRUE(all.ok());
  EXPECT_EQ(all->size(), 2u);

  auto op = cloud().batch().DeleteJob(name, "cancelled by operator");
  ASSERT_TRUE(op.ok()) << op.status().ToString();
  EXPECT_TRUE(op->done);
  EXPECT_EQ(Query(Requests("batch.projects.locations.jobs.delete")[0], "reason"),
            "cancelled by operator");
  EXPECT_EQ(cloud().batch().GetJob(name).status().code(), StatusCode::kNotFound);
}

TEST_F(ClientsTest, BatchCreateRetriesWithTheSameRequestId) {
  fake().Script("batch.projects.locations.jobs.create",
                {FakeResponse::Error(500), FakeResponse::Error(503)});
  auto job = cloud().batch().CreateJob(kParent, "job-a", SpotJob());
  ASSERT_TRUE(job.ok()) << job.status().ToString();
  auto create = Requests("batch.projects.locations.jobs.create");
  ASSERT_EQ(create.size(), 3u);
  EXPECT_EQ(Query(create[0], "requestId"), Query(create[2], "requestId"));
  EXPECT_EQ(Elapsed(), std::chrono::milliseconds(1500));
}

TEST_F(ClientsTest, BatchSpotCapacityErrorKeepsTheApiWording) {
  fake().Script("batch.projects.locations.jobs.create",
                {FakeResponse::Error(429, "RESOURCE_EXHAUSTED",
                                     "Spot VM capacity is not available in asia-northeast1",
                                     {{"Retry-After", "600"}})});
  auto job = cloud().batch().CreateJob(kParent, "job-b", SpotJob());
  EXPECT_EQ(job.status().code(), StatusCode::kResourceExhausted);
  EXPECT_NE(job.status().message().find("RESOURCE_EXHAUSTED"), std::string::npos);
  EXPECT_NE(job.status().message().find("Spot VM capacity"), std::string::npos);
}

TEST_F(ClientsTest, BatchRejectsBadNamesBeforeSending) {
  EXPECT_EQ(cloud().batch().CreateJob(kParent, "Bad_ID", SpotJob()).status().code(),
            StatusCode::kInvalidArgument);
  EXPECT_EQ(cloud().batch().CreateJob(kParent, "job-", SpotJob()).status().code(),
            StatusCode::kInvalidArgument);
  EXPECT_EQ(cloud().batch().CreateJob(kParent, std::string(64, 'a'), SpotJob()).status().code(),
            StatusCode::kInvalidArgument);
  EXPECT_EQ(cloud().batch().GetJob("projects/p/jobs/j").status().code(),
            StatusCode::kInvalidArgument);
  EXPECT_TRUE(fake().requests().empty());
}

TEST_F(ClientsTest, FakeRejectsUnknownAndMistypedJobFields) {
  Json unknown = SpotJob();
  unknown["taskGroups"][0]["taskSpec"]["maxRuntime"] = "10s";
  auto a = cloud().batch().CreateJob(kParent, "job-c", unknown);
  EXPECT_EQ(a.status().code(), StatusCode::kInvalidArgument);
  EXPECT_NE(a.status().message().find("taskGroups[0].taskSpec.maxRuntime: unknown field"),
            std::string::npos)
      << a.status().message();
  Json mistyped = SpotJob();
  mistyped["taskGroups"][0]["taskCount"] = 4;  // int64 must be a string
  EXPECT_EQ(cloud().batch().CreateJob(kParent, "job-d", mistyped).status().code(),
            StatusCode::kInvalidArgument);
  Json bad_enum = SpotJob();
  bad_enum["allocationPolicy"]["instances"][0]["policy"]["provisioningModel"] = "CHEAP";
  EXPECT_FALSE(cloud().batch().CreateJob(kParent, "job-e", bad_enum).ok());
  Json output_only = SpotJob();
  output_only["status"] = {{"state", "RUNNING"}};
  EXPECT_FALSE(cloud().batch().CreateJob(kParent, "job-f", output_only).ok());
  EXPECT_EQ(fake().violations().size(), 4u);
  fake().ClearRequests();
}

// ------------------------------------------------------------------------------- Tasks

TEST_F(ClientsTest, TasksCreateWithOidcTokenAndDelete) {
  HttpTaskSpec spec;
  spec.task_id = "fs-20251016-12-4";
  spec.url = "https://dispatcher-abc-an.a.run.app/v1/form-sender/tasks";
  spec.headers = {{"Content-Type", "application/json"}};
  spec.body = R"({"targeting_id":12})";
  spec.oidc_token =
      OidcToken{std::string(testing::kOtherServiceAccount), "https://dispatcher-abc-an.a.run.app"};
  spec.schedule_time = env_->clock().Now() + std::chrono::seconds(1);
  spec.dispatch_deadline = std::chrono::seconds(1800);
  auto task = cloud().tasks().CreateTask(kQueue, spec);
  ASSERT_TRUE(task.ok()) << task.status().ToString();
  std::string name = std::string(kQueue) + "/tasks/fs-20251016-12-4";
  EXPECT_EQ((*task)["name"], name);
  auto stored = fake().Task(name);
  ASSERT_TRUE(stored.has_value());
  const Json& http = (*stored)["httpRequest"];
  EXPECT_EQ(http["oidcToken"]["serviceAccountEmail"], testing::kOtherServiceAccount);
  EXPECT_EQ(http["oidcToken"]["audience"], "https://dispatcher-abc-an.a.run.app");
  EXPECT_EQ(*Base64Decode(http["body"].get<std::string>()), spec.body);
  EXPECT_EQ(http["httpMethod"], "POST");
  EXPECT_EQ((*stored)["dispatchDeadline"], "1800s");

  ASSERT_TRUE(cloud().tasks().DeleteTask(name).ok());
  EXPECT_EQ(cloud().tasks().DeleteTask(name).code(), StatusCode::kNotFound);
}

TEST_F(ClientsTest, TasksDuplicateNameIsAConflict) {
  HttpTaskSpec spec;
  spec.task_id = "fs-20251016-12-5";
  spec.url = "https://dispatcher.example/v1/form-sender/tasks";
  ASSERT_TRUE(cloud().tasks().CreateTask(kQueue, spec).ok());
  auto again = cloud().tasks().CreateTask(kQueue, spec);
  EXPECT_EQ(again.status().code(), StatusCode::kConflict);
  EXPECT_NE(again.status().message().find("ALREADY_EXISTS"), std::string::npos);
}

TEST_F(ClientsTest, TasksHonourRetryAfter) {
  fake().Script(
      "cloudtasks.projects.locations.queues.tasks.create",
      {FakeResponse::Error(429, "RESOURCE_EXHAUSTED", "Quota exceeded", {{"Retry-After", "12"}})});
  HttpTaskSpec spec;
  spec.task_id = "fs-20251016-12-6";
  spec.url = "https://dispatcher.example/v1/form-sender/tasks";
  ASSERT_TRUE(cloud().tasks().CreateTask(kQueue, spec).ok());
  EXPECT_EQ(Elapsed(), std::chrono::seconds(12));
}

TEST_F(ClientsTest, TasksValidateBeforeSending) {
  HttpTaskSpec spec;
  spec.url = "https://d.example/";
  spec.task_id = "bad id!";
  EXPECT_EQ(cloud().tasks().CreateTask(kQueue, spec).status().code(), StatusCode::kInvalidArgument);
  spec.task_id = "ok";
  spec.dispatch_deadline = std::chrono::seconds(5);
  EXPECT_EQ(cloud().tasks().CreateTask(kQueue, spec).status().code(), StatusCode::kInvalidArgument);
  spec.dispatch_deadline.reset();
  spec.http_method = "GET";
  spec.body = "x";
  EXPECT_EQ(cloud().tasks().CreateTask(kQueue, spec).status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(cloud().tasks().CreateTask("projects/p/queues/q", HttpTaskSpec{}).status().code(),
            StatusCode::kInvalidArgument);
  EXPECT_TRUE(fake().requests().empty());
}

TEST_F(ClientsTest, UnnamedTaskIsNotResentAfterAServerError) {
  fake().Script("cloudtasks.projects.locations.queues.tasks.create", {FakeResponse::Error(500)});
  HttpTaskSpec spec;
  spec.url = "https://dispatcher.example/v1/form-sender/tasks";
  EXPECT_EQ(cloud().tasks().CreateTask(kQueue, spec).status().code(), StatusCode::kUnavailable);
  EXPECT_EQ(fake().CountRequests("cloudtasks.projects.locations.queues.tasks.create"), 1);
  EXPECT_TRUE(fake().Tasks().empty());
}

// ------------------------------------------------------------------------------- Storage

TEST_F(ClientsTest, StorageUploadReadMetadataDelete) {
  std::string object = "20251016/targeting-12-7f1c.json";
  std::string data = R"({"targeting_id":12,"client":{"company_name":"株式会社テスト"}})";
  InsertObjectOptions options;
  options.content_type = "application/json; charset=utf-8";
  auto inserted = cloud().storage().InsertObject("fs-bucket", object, data, options);
  ASSERT_TRUE(inserted.ok()) << inserted.status().ToString();
  EXPECT_EQ(inserted->name, object);
  EXPECT_EQ(inserted->size_bytes, data.size());
  auto insert = Requests("storage.objects.insert");
  ASSERT_EQ(insert.size(), 1u);
  EXPECT_EQ(insert[0].path, "upload/storage/v1/b/fs-bucket/o");
  EXPECT_EQ(Query(insert[0], "uploadType"), "media");
  EXPECT_EQ(Query(insert[0], "name"), object);
  EXPECT_EQ(insert[0].headers.Get("Content-Type").value_or(""), options.content_type);
  EXPECT_EQ(*fake().ObjectData("fs-bucket", object), data);

  auto meta = cloud().storage().GetObjectMetadata("fs-bucket", object);
  ASSERT_TRUE(meta.ok());
  EXPECT_EQ(meta->generation, inserted->generation);
  EXPECT_EQ(Requests("storage.objects.get")[0].path,
            "storage/v1/b/fs-bucket/o/20251016%2Ftargeting-12-7f1c.json");
  EXPECT_EQ(*cloud().storage().ReadObject("fs-bucket", object), data);
  ASSERT_TRUE(cloud().storage().DeleteObject("fs-bucket", object).ok());
  EXPECT_EQ(cloud().storage().DeleteObject("fs-bucket", object).code(), StatusCode::kNotFound);
  EXPECT_EQ(cloud().storage().ReadObject("fs-bucket", object).status().code(),
            StatusCode::kNotFound);
}

TEST_F(ClientsTest, StorageUploadSurvives500ThenSucceeds) {
  fake().Script("storage.objects.insert", {FakeResponse::Error(500), FakeResponse::Error(502)});
  ASSERT_TRUE(cloud().storage().InsertObject("fs-bucket", "a.json", "{}").ok());
  EXPECT_EQ(fake().CountRequests("storage.objects.insert"), 3);
}

TEST_F(ClientsTest, StorageCreateOnlyPrecondition) {
  InsertObjectOptions options;
  options.if_generation_match = 0;
  ASSERT_TRUE(cloud().storage().InsertObject("fs-bucket", "once.json", "1", options).ok());
  EXPECT_EQ(cloud().storage().InsertObject("fs-bucket", "once.json", "2", options).status().code(),
            StatusCode::kConflict);
  EXPECT_EQ(*fake().ObjectData("fs-bucket", "once.json"), "1");
  EXPECT_EQ(cloud().storage().InsertObject("Bad_Bucket", "x", "1").status().code(),
            StatusCode::kInvalidArgument);
}

// ------------------------------------------------------------------------------- IAM

TEST_F(ClientsTest, IamSignBlobMatchesTheLocalKey) {
  std::string blob = "GOOG4-RSA-SHA256\n20190201T090000Z\n...";
  auto signed_blob = cloud().iam().SignBlob(env_->key().client_email, blob);
  ASSERT_TRUE(signed_blob.ok()) << signed_blob.status().ToString();
  EXPECT_EQ(signed_blob->key_id, env_->key().private_key_id);
  EXPECT_EQ(signed_blob->signature, *RsaSha256Sign(env_->key().private_key, blob));
  EXPECT_EQ(Requests("iamcredentials.projects.serviceAccounts.signBlob")[0].path,
            "v1/projects/-/serviceAccounts/"
            "test-iam-credentials%40dummy-project-id.iam.gserviceaccount.com:signBlob");
  auto denied = cloud().iam().SignBlob("nobody@p.iam.gserviceaccount.com", blob);
  EXPECT_EQ(denied.status().code(), StatusCode::kPermissionDenied);
}

TEST_F(ClientsTest, IamGenerateIdTokenForAnotherAccount) {
  auto token = cloud().iam().GenerateIdToken(testing::kOtherServiceAccount, "https://aud.example");
  ASSERT_TRUE(token.ok()) << token.status().ToString();
  auto claims = DecodeJwtUnverified(*token);
  ASSERT_TRUE(claims.ok());
  EXPECT_EQ(claims->claims["aud"], "https://aud.example");
  EXPECT_EQ(claims->claims["email"], testing::kOtherServiceAccount);
}

// ------------------------------------------------------------------------------- Secret Manager

TEST_F(ClientsTest, SecretManagerAccessesLatestVersion) {
  fake().AddSecretVersion("projects/test-project/secrets/git-token/versions/1", "old");
  fake().AddSecretVersion("projects/test-project/secrets/git-token/versions/2", "ghp_secret");
  auto name = NormalizeSecretVersionName("git-token", "test-project");
  ASSERT_TRUE(name.ok());
  EXPECT_EQ(*name, "projects/test-project/secrets/git-token/versions/latest");
  auto data = cloud().secrets().AccessSecretVersion(*name);
  ASSERT_TRUE(data.ok()) << data.status().ToString();
  EXPECT_EQ(*data, "ghp_secret");
  EXPECT_EQ(cloud()
                .secrets()
                .AccessSecretVersion("projects/test-project/secrets/none/versions/1")
                .status()
                .code(),
            StatusCode::kNotFound);
  EXPECT_EQ(*NormalizeSecretVersionName("projects/p/secrets/s/", "x"),
            "projects/p/secrets/s/versions/latest");
  EXPECT_EQ(*NormalizeSecretVersionName("projects/p/secrets/s/versions/3", "x"),
            "projects/p/secrets/s/versions/3");
  EXPECT_EQ(Crc32c("123456789"), 0xE3069283u);
}

// ------------------------------------------------------------------------------- Cloud Run

TEST_F(ClientsTest, CloudRunRunGetCancelOperation) {
  std::string job = "projects/test-project/locations/asia-northeast1/jobs/form-sender";
  RunJobOverrides overrides;
  overrides.task_count = 3;
  overrides.timeout = std::chrono::seconds(3600);
  overrides.container_overrides.push_back(RunContainerOverride{
      "", {}, {{"FORM_SENDER_ENV", "cloud_run"}, {"JOB_EXECUTION_ID", "e1"}}, false});
  auto op = cloud().run().RunJob(job, overrides);
  ASSERT_TRUE(op.ok()) << op.status().ToString();
  std::string execution = ExecutionNameFromRunOperation(*op);
  ASSERT_FALSE(execution.empty());
  auto run_request = Requests("run.projects.locations.jobs.run");
  ASSERT_EQ(run_request.size(), 1u);
  Json sent = *ParseJson(run_request[0].body);
  EXPECT_EQ(sent["overrides"]["taskCount"], 3);
  EXPECT_EQ(sent["overrides"]["containerOverrides"][0]["env"][1]["value"], "e1");

  auto got = cloud().run().GetExecution(execution);
  ASSERT_TRUE(got.ok());
  EXPECT_EQ((*got)["taskCount"], 3);
  auto polled = cloud().run().GetOperation(op->name);
  ASSERT_TRUE(polled.ok());
  EXPECT_FALSE(polled->done);
  auto cancelled = cloud().run().CancelExecution(execution);
  ASSERT_TRUE(cancelled.ok()) << cancelled.status().ToString();
  EXPECT_TRUE(cancelled->done);
  EXPECT_EQ((*fake().Execution(execution))["cancelledCount"], 3);
}

TEST_F(ClientsTest, CloudRunJobsRunIsNotResentAfter500) {
  fake().Script("run.projects.locations.jobs.run", {FakeResponse::Error(500)});
  auto op = cloud().run().RunJob("projects/test-project/locations/l/jobs/j", {});
  EXPECT_EQ(op.status().code(), StatusCode::kUnavailable);
  EXPECT_EQ(fake().CountRequests("run.projects.locations.jobs.run"), 1);
}

// ------------------------------------------------------------------------------- auth

TEST_F(ClientsTest, RevokedTokenIsRefreshedOnceOn401) {
  ASSERT_TRUE(cloud().storage().InsertObject("fs-bucket", "a.json", "{}").ok());
  EXPECT_EQ(fake().CountRequests("oauth2.token"), 1);
  fake().RevokeTokens();
  ASSERT_TRUE(cloud().storage().GetObjectMetadata("fs-bucket", "a.json").ok());
  EXPECT_EQ(fake().CountRequests("oauth2.token"), 2);
  auto gets = Requests("storage.objects.get");
  ASSERT_EQ(gets.size(), 2u);
  EXPECT_EQ(gets[0].response_status, 401);
  EXPECT_EQ(gets[1].response_status, 200);
  EXPECT_NE(gets[0].headers.Get("Authorization"), gets[1].headers.Get("Authorization"));
}

TEST_F(ClientsTest, ScriptedUnauthenticatedThenSuccess) {
  fake().Script("secretmanager.projects.secrets.versions.access",
                {FakeResponse::Error(401, "UNAUTHENTICATED", "token expired")});
  fake().AddSecretVersion("projects/test-project/secrets/s/versions/1", "v");
  EXPECT_EQ(*cloud().secrets().AccessSecretVersion("projects/test-project/secrets/s/versions/1"),
            "v");
  EXPECT_EQ(fake().CountRequests("oauth2.token"), 2);
}

TEST_F(ClientsTest, AccessTokensAreCachedAndRefreshedBeforeExpiry) {
  for (int i = 0; i < 5; ++i)
    ASSERT_TRUE(cloud().storage().InsertObject("fs-bucket", "a", "1").ok());
  EXPECT_EQ(fake().CountRequests("oauth2.token"), 1);
  env_->clock().Advance(std::chrono::minutes(56));  // 3599 s tokens: inside the 5-minute margin
  ASSERT_TRUE(cloud().storage().InsertObject("fs-bucket", "a", "1").ok());
  EXPECT_EQ(fake().CountRequests("oauth2.token"), 2);
}

TEST_F(ClientsTest, GoogleCloudSignerPrefersTheKey) {
  auto local = cloud().Signer();
  ASSERT_TRUE(local.ok());
  EXPECT_EQ((*local)->ServiceAccountEmail(), env_->key().client_email);
  ASSERT_TRUE((*local)->Sign("x").ok());
  EXPECT_EQ(fake().CountRequests("iamcredentials.projects.serviceAccounts.signBlob"), 0);
  auto remote = cloud().Signer(testing::kOtherServiceAccount);
  ASSERT_TRUE(remote.ok());
  auto sig = (*remote)->Sign("x");
  ASSERT_TRUE(sig.ok()) << sig.status().ToString();
  EXPECT_EQ(*sig, *RsaSha256Sign(env_->key().private_key, "x"));
  EXPECT_EQ(fake().CountRequests("iamcredentials.projects.serviceAccounts.signBlob"), 1);
}

}  // namespace
}  // namespace formsender::gcp
