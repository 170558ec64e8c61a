// Choosing the backend of an execution by its mode (spec §4.3), and building the cloud
// backends from the dispatcher's environment.
#include "batch/backend_registry.h"

#include <gtest/gtest.h>

#include "batch/cloud_run_backend.h"
#include "batch/testing/scripted_backend.h"
#include "gcp/testing/fake_cloud.h"

namespace formsender::batch {
namespace {

using testing::ScriptedBackend;

TEST(BackendRegistryTest, ModesMapToBackends) {
  EXPECT_EQ(*ExecutionModeColumn("batch"), "batch");
  EXPECT_EQ(*ExecutionModeColumn("serverless"), "cloud_run");
  EXPECT_EQ(*ExecutionModeColumn("cloud_run"), "cloud_run");
  auto github = ExecutionModeColumn("github");
  ASSERT_FALSE(github.ok());
  EXPECT_NE(github.status().message().find("'github'"), std::string::npos);

  EXPECT_EQ(*BackendNameForMode("batch", "local"), "local");
  EXPECT_EQ(*BackendNameForMode("batch", "gcp"), "gcp");
  EXPECT_EQ(*BackendNameForMode("serverless", "local"), "cloud_run");
  EXPECT_FALSE(BackendNameForMode("batch", "k8s").ok());
}

TEST(BackendRegistryTest, ForModeReturnsTheRegisteredBackendOrSaysWhatIsMissing) {
  ScriptedBackend local("local"), gcp("gcp");
  BackendRegistry registry("local");
  registry.Add(local);
  registry.Add(gcp);
  EXPECT_EQ(*registry.ForMode("batch"), &local);
  auto serverless = registry.ForMode("serverless");
  ASSERT_FALSE(serverless.ok());
  EXPECT_NE(serverless.status().message().find("FORM_SENDER_CLOUD_RUN_JOB"), std::string::npos);
  auto run = std::make_unique<ScriptedBackend>("cloud_run");
  BatchBackend* run_ptr = run.get();
  registry.Add(std::move(run));
  EXPECT_EQ(*registry.ForMode("cloud_run"), run_ptr);
  EXPECT_EQ(registry.ByName().size(), 3u);

  BackendRegistry cloud("gcp");
  cloud.MarkUnavailable("gcp",
                        Status::InvalidArgument("Cloud Batch needs FORM_SENDER_BATCH_LOCATION"));
  auto missing = cloud.ForMode("batch");
  ASSERT_FALSE(missing.ok());
  EXPECT_NE(missing.status().message().find("Cloud Batch (batch.backend = \"gcp\") is not "
                                            "available: Cloud Batch needs "
                                            "FORM_SENDER_BATCH_LOCATION"),
            std::string::npos);
}

TEST(BackendRegistryTest, AddCloudBackendsBuildsWhatTheEnvironmentConfigures) {
  auto env = gcp::testing::FakeCloud::Create();
  ASSERT_TRUE(env.ok());
  MapEnvironment vars;
  vars.Set("DISPATCHER_PROJECT_ID", "test-project");
  vars.Set("DISPATCHER_LOCATION", "asia-northeast1");
  vars.Set("FORM_SENDER_CLOUD_RUN_JOB", "form-sender-runner");
  BackendRegistry registry("gcp");
  AddCloudBackends(registry, vars, &(*env)->cloud(), (*env)->clock());
  ASSERT_TRUE(registry.ForMode("batch").ok());
  EXPECT_EQ((*registry.ForMode("batch"))->backend_name(), "gcp");
  ASSERT_TRUE(registry.ForMode("serverless").ok());
  EXPECT_EQ((*registry.ForMode("serverless"))->backend_name(), "cloud_run");

  // Without Google Cloud credentials both are unavailable, with the reason.
  BackendRegistry offline("gcp");
  AddCloudBackends(offline, vars, nullptr, (*env)->clock());
  EXPECT_NE(offline.ForMode("cloud_run").status().message().find("credentials"), std::string::npos);
  EXPECT_NE(offline.ForMode("batch").status().message().find("credentials"), std::string::npos);

  // A local deployment builds no Cloud Batch backend; a half-configured Cloud Run one says
  // what is missing.
  MapEnvironment partial;
  partial.Set("FORM_SENDER_CLOUD_RUN_JOB", "form-sender-runner");
  BackendRegistry local("local");
  AddCloudBackends(local, partial, &(*env)->cloud(), (*env)->clock());
  EXPECT_EQ(local.ByName().size(), 0u);
  EXPECT_NE(local.ForMode("cloud_run")
                .status()
                .message()
                .find("DISPATCHER_PROJECT_ID, DISPATCHER_LOCATION"),
            std::string::npos);
}

TEST(BackendRegistryTest, SubmissionPatchHasTheModeAndItsSection) {
  JobSpec spec;
  spec.execution_id = "exec-1";
  spec.targeting_id = 7;
  spec.task_count = 2;
  spec.parallelism = 2;
  SubmittedJob job;
  job.name = "projects/p/locations/l/jobs/form-sender-runner/executions/form-sender-runner-1";
  job.job_id = "form-sender-runner-1";
  job.operation = "projects/p/locations/l/operations/op-1";
  job.parallelism = 2;

  ScriptedBackend local("local");
  auto batch = SubmissionPatch("batch", spec, job, local);
  ASSERT_TRUE(batch.ok()) << batch.status().ToString();
  EXPECT_EQ((*batch)["execution_mode"], "batch");
  EXPECT_EQ((*batch)["batch"]["backend"], "local");
  EXPECT_FALSE(batch->contains("cloud_run"));

  auto cloud = gcp::testing::FakeCloud::Create();
  ASSERT_TRUE(cloud.ok());
  CloudRunJobsOptions options;
  options.project = "p";
  options.location = "l";
  options.job = "form-sender-runner";
  CloudRunJobsBackend run((*cloud)->cloud().run(), (*cloud)->clock(), options);
  auto serverless = SubmissionPatch("serverless", spec, job, run);
  ASSERT_TRUE(serverless.ok()) << serverless.status().ToString();
  EXPECT_EQ((*serverless)["execution_mode"], "cloud_run");
  EXPECT_EQ((*serverless)["cloud_run"]["execution"], job.name);
  EXPECT_EQ((*serverless)["cloud_run"]["operation"], job.operation);
  EXPECT_EQ((*serverless)["cloud_run"]["backend"], "cloud_run");

  // The wrong backend for the mode, and the reference's GitHub mode, are errors.
  EXPECT_EQ(SubmissionPatch("cloud_run", spec, job, local).status().code(),
            StatusCode::kInvalidArgument);
  EXPECT_EQ(SubmissionPatch("github", spec, job, local).status().code(),
            StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace formsender::batch
