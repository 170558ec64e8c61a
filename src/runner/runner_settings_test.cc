// ResolveRunnerSettings: flags over the task environment, Q-1b (workers honoured 1–16),
// K-157/K-159 and the errors for bad values.
#include "runner/runner_settings.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "common/strings.h"

namespace formsender::runner {
namespace {

using Vars = std::map<std::string, std::string, std::less<>>;

using ::testing::HasSubstr;

const TimePoint kResolveNow = *ParseIsoTimestamp("2025-04-01T01:00:00Z");  // 10:00 JST

settings::Properties NoProps() { return *settings::Properties::Parse("", "", MapEnvironment()); }

Result<RunnerSettings> Resolve(const RunnerFlags& flags, const MapEnvironment& env,
                               const settings::Properties& props = NoProps()) {
  return ResolveRunnerSettings(flags, env, props, kResolveNow, "x1");
}

RunnerFlags Local() {
  RunnerFlags f;
  f.config_file = "/tmp/client_config.json";
  return f;
}

MapEnvironment BatchTask() {
  return MapEnvironment(Vars{
      {"FORM_SENDER_ENV", "gcp_batch"},
      {"FORM_SENDER_CLIENT_CONFIG_URL", "https://storage.googleapis.com/b/o"},
      {"FORM_SENDER_CLIENT_CONFIG_OBJECT", "gs://b/o"},
      {"FORM_SENDER_TARGETING_ID", "12"},
      {"JOB_EXECUTION_ID", "exec-1"},
      {"JOB_EXECUTION_META", Base64Encode(R"({"run_index_base": 2, "shards": 8, )"
                                          R"("workers_per_workflow": 12, "test_mode": false})")},
      {"FORM_SENDER_TOTAL_SHARDS", "8"},
      {"FORM_SENDER_MAX_WORKERS", "12"},
      {"BATCH_TASK_INDEX", "1"},
      {"BATCH_TASK_RETRY_ATTEMPT", "0"},
      {"BATCH_TASK_COUNT", "2"},
      {"FORM_SENDER_DISPATCHER_BASE_URL", "https://dispatcher.example/"}});
}

TEST(RunnerSettingsTest, ABatchTask) {
  auto s = Resolve(RunnerFlags{}, BatchTask());
  ASSERT_TRUE(s.ok()) << s.status().message();
  EXPECT_EQ(s->environment, RunEnvironment::kGcpBatch);
  EXPECT_EQ(s->targeting_id, 12);
  EXPECT_EQ(s->run_index, 4);  // O-222: base 2 + index 1 + 1
  EXPECT_EQ(s->shard_id, 3);
  EXPECT_EQ(s->total_shards, 8);
  EXPECT_EQ(s->workers, 12);  // Q-1b: no cap at 4
  EXPECT_EQ(s->run_id, "exec-1-ri4-a0-20250401T010000-x1");
  EXPECT_EQ(s->execution_id, "exec-1");
  EXPECT_EQ(s->target_date.ToString(), "2025-04-01");
  EXPECT_EQ(s->config_url, "https://storage.googleapis.com/b/o");
  EXPECT_EQ(s->dispatcher_base_url, "https://dispatcher.example");
  EXPECT_EQ(s->dispatcher_audience, "https://dispatcher.example");
  EXPECT_EQ(s->tuning.forms_in_flight, 32);
  EXPECT_EQ(s->cooldown_days, 30);
}

TEST(RunnerSettingsTest, WorkersAreTheSmallestGivenAndStayWithin16) {
  RunnerFlags f = Local();
  f.num_workers = 2;
  MapEnvironment env(Vars{{"FORM_SENDER_MAX_WORKERS", "6"}});
  auto s = Resolve(f, env);
  EXPECT_EQ(s->workers, 2);
  EXPECT_EQ(s->workers_source, "--num-workers");
  EXPECT_EQ(Resolve(Local(), MapEnvironment())->workers, 4);
  f.num_workers = 17;
  EXPECT_THAT(Resolve(f, env).status().message(), HasSubstr("outside workers_per_workflow 1–16"));
  MapEnvironment bad(Vars{{"FORM_SENDER_MAX_WORKERS", "0"}});
  EXPECT_THAT(Resolve(Local(), bad).status().message(), HasSubstr("FORM_SENDER_MAX_WORKERS"));
  RunnerFlags one = Local();
  one.company_id = 5;
  auto single = Resolve(one, env);
  EXPECT_EQ(single->workers, 1);
  EXPECT_EQ(single->tuning.forms_in_flight, 1);
}

TEST(RunnerSettingsTest, Case159_TotalShards) {
  EXPECT_EQ(Resolve(Local(), MapEnvironment())->total_shards, 8);
  MapEnvironment meta(Vars{{"JOB_EXECUTION_META", Base64Encode(R"({"shards": 12})")}});
  EXPECT_EQ(Resolve(Local(), meta)->total_shards, 12);
  meta.Set("FORM_SENDER_TOTAL_SHARDS", "5");
  EXPECT_EQ(Resolve(Local(), meta)->total_shards, 5);
}

TEST(RunnerSettingsTest, TheConfigMustComeFromSomewhere) {
  auto s = Resolve(RunnerFlags{}, MapEnvironment());
  ASSERT_FALSE(s.ok());
  EXPECT_THAT(s.status().message(), HasSubstr("no client_config"));
  MapEnvironment no_object = BatchTask();
  no_object.Unset("FORM_SENDER_CLIENT_CONFIG_OBJECT");
  EXPECT_THAT(Resolve(RunnerFlags{}, no_object).status().message(),
              HasSubstr("FORM_SENDER_CLIENT_CONFIG_OBJECT"));
}

TEST(RunnerSettingsTest, BadFlagsAndVariablesNameThemselves) {
  RunnerFlags f = Local();
  f.target_date = "2025-02-30";
  EXPECT_THAT(Resolve(f, MapEnvironment()).status().message(), HasSubstr("--target-date"));
  f = Local();
  f.engine = "chrome";
  EXPECT_THAT(Resolve(f, MapEnvironment()).status().message(), HasSubstr("--engine"));
  f = Local();
  f.max_processed = 0;
  EXPECT_THAT(Resolve(f, MapEnvironment()).status().message(), HasSubstr("--max-processed"));
  EXPECT_THAT(Resolve(Local(), MapEnvironment(Vars{{"FORM_SENDER_MAX_RUNTIME_HOURS", "-1"}}))
                  .status()
                  .message(),
              HasSubstr("FORM_SENDER_MAX_RUNTIME_HOURS"));
  EXPECT_THAT(
      Resolve(Local(), MapEnvironment(Vars{{"FORM_SENDER_BUSINESS_END_GRACE_MINUTES", "x"}}))
          .status()
          .message(),
      HasSubstr("FORM_SENDER_BUSINESS_END_GRACE_MINUTES"));
  EXPECT_THAT(Resolve(Local(), MapEnvironment(Vars{{"FORMSENDER_ALLOW_PRIVATE_TARGETS", "sure"}}))
                  .status()
                  .message(),
              HasSubstr("FORMSENDER_ALLOW_PRIVATE_TARGETS"));
}

TEST(RunnerSettingsTest, TuningFromProperties) {
  MapEnvironment env(Vars{{"FORMSENDER_RUNNER_FORMS_IN_FLIGHT", "8"},
                          {"FORMSENDER_RUNNER_BACKOFF_INITIAL_MS", "50"},
                          {"FORMSENDER_RUNNER_SHUTDOWN_GRACE_SECONDS", "5"},
                          {"FORMSENDER_COMPANY_COOLDOWN_DAYS", "0"}});
  auto props = settings::Properties::Parse("", "", env);
  ASSERT_TRUE(props.ok()) << props.status().message();
  auto s = Resolve(Local(), env, *props);
  ASSERT_TRUE(s.ok());
  EXPECT_EQ(s->tuning.forms_in_flight, 8);
  EXPECT_EQ(s->tuning.backoff_initial, std::chrono::milliseconds(50));
  EXPECT_EQ(s->tuning.shutdown_grace, std::chrono::seconds(5));
  EXPECT_EQ(s->cooldown_days, 0);
  RunnerFlags f = Local();
  f.forms_in_flight = 3;
  EXPECT_EQ(Resolve(f, env, *props)->tuning.forms_in_flight, 3);
  MapEnvironment inverted(Vars{{"FORMSENDER_RUNNER_BACKOFF_INITIAL_MS", "5000"},
                               {"FORMSENDER_RUNNER_BACKOFF_MAX_MS", "100"}});
  auto bad = settings::Properties::Parse("", "", inverted);
  EXPECT_THAT(Resolve(Local(), inverted, *bad).status().message(),
              HasSubstr("runner.backoff_max_ms"));
}

TEST(RunnerSettingsTest, Case157_RuntimeHoursFromTheEnvironment) {
  auto s = Resolve(Local(), MapEnvironment(Vars{{"FORM_SENDER_MAX_RUNTIME_HOURS", "3.5"}}));
  EXPECT_EQ(s->max_runtime_hours_env, 3.5);
  EXPECT_FALSE(Resolve(Local(), MapEnvironment())->max_runtime_hours_env.has_value());
}

}  // namespace
}  // namespace formsender::runner
