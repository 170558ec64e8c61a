#include "batch/job_request.h"

#include <gtest/gtest.h>

#include "common/strings.h"

namespace formsender::batch {
namespace {

TaskRequest Task() {
  TaskRequest t;
  t.execution_id = "3f2a9c1e-1111-4222-8333-444455556666";
  t.targeting_id = 12;
  t.client_config_ref = "https://storage.googleapis.com/b/client_config_12.json?X-Goog-Signature=x";
  t.client_config_object = "gs://b/client_config_12.json";
  t.run_total = 3;
  t.parallelism = 1;
  t.shards = 8;
  t.workers_per_workflow = 4;
  return t;
}

TEST(JobRequestTest, JobExecutionMetaIsByteForByteTheReferences) {
  // orchestration-cases 95.
  TaskRequest t = Task();
  auto decoded = Base64Decode(JobExecutionMeta(t));
  ASSERT_TRUE(decoded.ok());
  EXPECT_EQ(*decoded,
            R"({"run_index_base": 0, "shards": 8, "workers_per_workflow": 4, "test_mode": false})");
}

TEST(JobRequestTest, EnvironmentOfSection44) {
  // orchestration-cases 102, 103.
  JobSettings settings;
  settings.dispatcher_base_url = "https://dispatcher-abc-an.a.run.app";
  TaskRequest t = Task();
  auto env = TaskEnvironment(t, settings);
  EXPECT_EQ(env["FORM_SENDER_MAX_WORKERS"], "4");
  EXPECT_EQ(env["FORM_SENDER_ENV"], "gcp_batch");
  EXPECT_EQ(env["FORM_SENDER_LOG_SANITIZE"], "1");
  EXPECT_EQ(env["FORM_SENDER_CPU_CLASS"], "standard");
  EXPECT_EQ(env["FORM_SENDER_TABLE_MODE"], "default");
  EXPECT_EQ(env["FORM_SENDER_TEST_MODE"], "0");
  EXPECT_EQ(env["FORM_SENDER_TOTAL_SHARDS"], "8");
  EXPECT_EQ(env["FORM_SENDER_TARGETING_ID"], "12");
  EXPECT_EQ(env["JOB_EXECUTION_ID"], t.execution_id);
  EXPECT_EQ(env["FORM_SENDER_CLIENT_CONFIG_PATH"], "/tmp/client_config_default.json");
  EXPECT_EQ(env["FORM_SENDER_DISPATCHER_BASE_URL"], "https://dispatcher-abc-an.a.run.app");
  EXPECT_EQ(env.count("FORM_SENDER_DISPATCHER_AUDIENCE"), 0u);
  EXPECT_EQ(env.count("SUBMISSIONS_TABLE"), 0u);
  EXPECT_EQ(env.count("FORM_SENDER_GIT_REF"), 0u);

  t.use_extra_table = true;
  t.test_mode = true;
  EXPECT_EQ(TaskEnvironment(t, settings)["FORM_SENDER_TABLE_MODE"], "extra");
  EXPECT_EQ(TaskEnvironment(t, settings)["FORM_SENDER_TEST_MODE"], "1");
  t.use_extra_table = false;
  t.submissions_table = "submissions_test";
  t.cpu_class = " LOW ";
  t.branch = "feature/serverless";
  settings.git_token = "ghp_secret";
  env = TaskEnvironment(t, settings);
  EXPECT_EQ(env["FORM_SENDER_TABLE_MODE"], "test");
  EXPECT_EQ(env["SUBMISSIONS_TABLE"], "submissions_test");
  EXPECT_EQ(env["FORM_SENDER_CPU_CLASS"], "low");
  EXPECT_EQ(env["FORM_SENDER_GIT_REF"], "feature/serverless");
  EXPECT_EQ(env["FORM_SENDER_GIT_TOKEN"], "ghp_secret");
}

TEST(JobRequestTest, SpecFromTaskAndPlan) {
  JobSettings settings;
  settings.secrets = {{"SUPABASE_URL", "projects/p/secrets/url/versions/latest"},
                      {"SUPABASE_URL_TEST", ""}};  // not configured: not passed
  settings.gcp.container_image = "img";
  settings.form_sender_env = "local";
  TaskRequest t = Task();
  t.instance_count = 2;  // orchestration-cases 97: parallelism 1 → 2
  MachinePlan plan{"e2-standard-2", 2000, 8192, ProvisioningModel::kSpot, true, Json::object()};
  auto spec = MakeJobSpec(t, plan, settings);
  ASSERT_TRUE(spec.ok()) << spec.status().ToString();
  EXPECT_EQ(spec->task_count, 3);
  EXPECT_EQ(spec->parallelism, 2);
  EXPECT_EQ(spec->attempts, 1);  // FORM_SENDER_BATCH_MAX_ATTEMPTS_DEFAULT
  EXPECT_EQ(spec->max_retry_count(), 0);
  EXPECT_EQ(spec->env["FORM_SENDER_ENV"], "local");
  EXPECT_EQ(spec->secret_env.size(), 1u);
  EXPECT_EQ(spec->secret_env["SUPABASE_URL"], "projects/p/secrets/url/versions/latest");
  EXPECT_EQ(spec->machine.metadata["instance_count"], 2);
  EXPECT_EQ(spec->gcp.container_image, "img");

  t.max_attempts = 3;  // orchestration-cases 73
  t.run_total = 0;
  EXPECT_EQ(MakeJobSpec(t, plan, settings)->attempts, 3);
  EXPECT_EQ(MakeJobSpec(t, plan, settings)->task_count, 1);
  t.max_attempts = 20;
  auto bad = MakeJobSpec(t, plan, settings);
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(bad.status().message().find("attempts"), std::string::npos);
}

}  // namespace
}  // namespace formsender::batch
