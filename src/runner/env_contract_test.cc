// The task environment: orchestration-cases.md K-149…K-155 and L-186, with Q-30 and Q-32.
#include "runner/env_contract.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "common/strings.h"
#include "common/time.h"

namespace formsender::runner {
namespace {

using sendqueue::TableMode;
using ::testing::HasSubstr;
using Vars = std::map<std::string, std::string, std::less<>>;

std::string Meta(const std::string& json) { return Base64Encode(json); }

TEST(EnvContractTest, RunEnvironment) {
  MapEnvironment env;
  EXPECT_EQ(*ResolveRunEnvironment(env), RunEnvironment::kLocal);
  env.Set("BATCH_TASK_INDEX", "0");  // L-186
  EXPECT_EQ(*ResolveRunEnvironment(env), RunEnvironment::kGcpBatch);
  env.Set("FORM_SENDER_ENV", "local");  // the local batch backend keeps it
  EXPECT_EQ(*ResolveRunEnvironment(env), RunEnvironment::kLocal);
  MapEnvironment run;
  run.Set("CLOUD_RUN_TASK_INDEX", "1");  // K-154: stays cloud_run
  EXPECT_EQ(*ResolveRunEnvironment(run), RunEnvironment::kCloudRun);
  run.Set("FORM_SENDER_ENV", "batch");
  EXPECT_THAT(ResolveRunEnvironment(run).status().message(), HasSubstr("FORM_SENDER_ENV"));
}

TEST(EnvContractTest, ExecutionMetaAsTheDispatcherWritesIt) {
  auto m = DecodeExecutionMeta(
      Meta(R"({"run_index_base": 10, "shards": 8, "workers_per_workflow": 3, "test_mode": true})"));
  ASSERT_TRUE(m.ok()) << m.status().message();
  EXPECT_EQ(m->run_index_base, 10);
  EXPECT_EQ(m->shards, 8);
  EXPECT_EQ(m->workers_per_workflow, 3);
  EXPECT_TRUE(m->test_mode);
  auto coerced = DecodeExecutionMeta(Meta(R"({"run_index_base": "4", "shards": null})"));
  ASSERT_TRUE(coerced.ok());
  EXPECT_EQ(coerced->run_index_base, 4);
  EXPECT_FALSE(coerced->shards.has_value());
  EXPECT_THAT(DecodeExecutionMeta("%%%").status().message(), HasSubstr("base64"));
  EXPECT_THAT(DecodeExecutionMeta(Meta("[1]")).status().message(), HasSubstr("not an object"));
  EXPECT_THAT(DecodeExecutionMeta(Meta(R"({"shards": "x"})")).status().message(),
              HasSubstr("JOB_EXECUTION_META.shards"));
}

TEST(EnvContractTest, Case155_TaskIdentity) {
  MapEnvironment env(
      Vars{{"BATCH_TASK_INDEX", "3"}, {"BATCH_TASK_ATTEMPT", "2"}, {"BATCH_TASK_COUNT", "8"}});
  auto t = ReadTaskIdentity(env);
  ASSERT_TRUE(t.ok());
  EXPECT_EQ(t->task_index, 3);
  EXPECT_EQ(t->attempt, 2);
  EXPECT_EQ(t->task_count, 8);
  MapEnvironment run(Vars{{"CLOUD_RUN_TASK_INDEX", "5"}, {"CLOUD_RUN_TASK_ATTEMPT", "4"}});
  t = ReadTaskIdentity(run);
  EXPECT_EQ(t->task_index, 5);
  EXPECT_EQ(t->attempt, 4);
  EXPECT_FALSE(t->task_count.has_value());
  // Q-32: Cloud Batch's documented name first.
  MapEnvironment both(Vars{{"BATCH_TASK_RETRY_ATTEMPT", "1"}, {"BATCH_TASK_ATTEMPT", "7"}});
  EXPECT_EQ(ReadTaskIdentity(both)->attempt, 1);
  MapEnvironment bad(Vars{{"BATCH_TASK_INDEX", "x"}});
  EXPECT_THAT(ReadTaskIdentity(bad).status().message(), HasSubstr("BATCH_TASK_INDEX"));
}

TEST(EnvContractTest, Case154_RunIndexAndShard) {
  ExecutionMeta meta;
  meta.run_index_base = 10;
  TaskIdentity task;
  task.task_index = 4;
  MapEnvironment env;
  EXPECT_EQ(*ResolveRunIndex(meta, task, env), 15);
  EXPECT_EQ(ShardOfRunIndex(15, 8), 6);
  meta.run_index_base = 0;
  task.task_index = 1;
  EXPECT_EQ(*ResolveRunIndex(meta, task, env), 2);
  EXPECT_EQ(ShardOfRunIndex(2, 8), 1);
  EXPECT_EQ(*ResolveRunIndex(meta, TaskIdentity{}, env), 1);
  env.Set("FORM_SENDER_RUN_INDEX", "9");
  EXPECT_EQ(*ResolveRunIndex(std::nullopt, TaskIdentity{}, env), 9);
  EXPECT_FALSE(ResolveRunIndex(std::nullopt, TaskIdentity{}, MapEnvironment())->has_value());
}

TEST(EnvContractTest, Case153_RunId) {
  TimePoint at = *ParseIsoTimestamp("2025-10-17T01:02:03Z");
  MapEnvironment env(Vars{{"JOB_EXECUTION_ID", "exec 123"}});
  EXPECT_EQ(BuildRunId(env, 3, 0, at, ""), "exec_123-ri3-a0-20251017T010203");
  EXPECT_EQ(BuildRunId(MapEnvironment(), std::nullopt, std::nullopt, at, "ab12"),
            "local-20251017T010203-ab12");
}

TEST(EnvContractTest, Case149_TestModeForcesItsTables) {
  MapEnvironment env(Vars{{"FORM_SENDER_TEST_MODE", "1"},
                          {"COMPANY_TABLE", "companies_extra"},
                          {"SEND_QUEUE_TABLE", "send_queue"},
                          {"SUBMISSIONS_TABLE", "submissions"}});
  auto c = ResolveTableMode(std::nullopt, env, std::nullopt);
  ASSERT_TRUE(c.ok()) << c.status().message();
  EXPECT_EQ(c->mode, TableMode::kTest);
  EXPECT_EQ(c->warnings.size(), 3u);
  ExecutionMeta meta;
  meta.test_mode = true;  // K-151: the meta alone means test
  EXPECT_EQ(ResolveTableMode(std::nullopt, MapEnvironment(), meta)->mode, TableMode::kTest);
}

TEST(EnvContractTest, Case150_ModeResolution) {
  EXPECT_EQ(ResolveTableMode(std::nullopt,
                             MapEnvironment(Vars{{"SUBMISSIONS_TABLE", "submissions_test"}}),
                             std::nullopt)
                ->mode,
            TableMode::kTest);
  EXPECT_EQ(
      ResolveTableMode(std::nullopt, MapEnvironment(Vars{{"COMPANY_TABLE", "companies_extra"}}),
                       std::nullopt)
          ->mode,
      TableMode::kExtra);
  EXPECT_EQ(
      ResolveTableMode(std::string("extra"),
                       MapEnvironment(Vars{{"FORM_SENDER_TABLE_MODE", "default"}}), std::nullopt)
          ->mode,
      TableMode::kExtra);
  EXPECT_EQ(ResolveTableMode(std::nullopt, MapEnvironment(), std::nullopt)->mode,
            TableMode::kDefault);
  // The reference skipped invalid values (CLI foo + env bar → default); they are errors here.
  EXPECT_THAT(
      ResolveTableMode(std::string("foo"), MapEnvironment(Vars{{"FORM_SENDER_TABLE_MODE", "bar"}}),
                       std::nullopt)
          .status()
          .message(),
      HasSubstr("--table-mode \"foo\""));
}

TEST(EnvContractTest, Q30_TablesMustBelongToTheMode) {
  auto c = ResolveTableMode(std::nullopt,
                            MapEnvironment(Vars{{"FORM_SENDER_TABLE_MODE", "default"},
                                                {"COMPANY_TABLE", "companies_extra"}}),
                            std::nullopt);
  ASSERT_FALSE(c.ok());
  EXPECT_THAT(c.status().message(),
              HasSubstr("COMPANY_TABLE=companies_extra does not belong to table mode default"));
  // The dispatcher's consistent extra set, with the reference's Q-5 workaround tolerated.
  auto extra = ResolveTableMode(std::nullopt,
                                MapEnvironment(Vars{{"FORM_SENDER_TABLE_MODE", "extra"},
                                                    {"COMPANY_TABLE", "companies_extra"},
                                                    {"SEND_QUEUE_TABLE", "send_queue_extra"},
                                                    {"SUBMISSIONS_TABLE", "submissions"}}),
                                std::nullopt);
  ASSERT_TRUE(extra.ok()) << extra.status().message();
  EXPECT_EQ(extra->mode, TableMode::kExtra);
  EXPECT_THAT(extra->warnings, ::testing::ElementsAre(HasSubstr("Q-5")));
  EXPECT_TRUE(ResolveTableMode(std::nullopt,
                               MapEnvironment(Vars{{"COMPANY_TABLE", "companies"},
                                                   {"SEND_QUEUE_TABLE", "send_queue"}}),
                               std::nullopt)
                  .ok());
}

}  // namespace
}  // namespace formsender::runner
