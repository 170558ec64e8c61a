// Choosing the backend of an execution by its mode (spec §4.3), and building the cloud
// backends from the dispatcher's environment.
#include "batch/backend_registry.h"

#include <gtest/gtest.h>

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

}  // namespace
}  // namespace formsender::batch
