// Run sizing: guide §8, spec §6.4 / §4.2.3, cases C-35, D-43, D-53, D-54, D-59, F-97, O-221.
#include "settings/execution_plan.h"

#include <gtest/gtest.h>

namespace formsender::settings {
namespace {

// Settings with everything at its built-in default (batch mode) and then adjusted.
EffectiveSettings Defaults() {
  Targeting t;
  t.id = 1;
  t.use_gcp_batch = true;
  auto s = ResolveSettings(t, Properties());
  EXPECT_TRUE(s.ok());
  return *s;
}

constexpr std::optional<int64_t> kNoOverride;

ExecutionPlan Plan(int64_t concurrent_workflow = 1, int64_t instance_count = 2,
                   std::optional<int64_t> parallelism_override = kNoOverride,
                   int64_t max_parallelism = 100, ExecutionMode mode = ExecutionMode::kBatch) {
  EffectiveSettings s = Defaults();
  s.execution_mode.value = mode;
  s.concurrent_workflow.value = concurrent_workflow;
  s.batch_instance_count.value = instance_count;
  s.parallelism.value = parallelism_override;
  s.batch_max_parallelism.value = max_parallelism;
  return PlanExecution(s);
}

TEST(ExecutionPlanTest, TaskCountIsTheLargerOfRequestAndInstances) {
  EXPECT_EQ(Plan(1, 2, kNoOverride, 100).task_count, 2);
  EXPECT_EQ(Plan(5, 2, kNoOverride, 100).task_count, 5);
  EXPECT_EQ(Plan(5, 8, kNoOverride, 100).task_count, 8);
  // Serverless: the request alone (case C-35: resolveParallelism_(5) → 5).
  auto serverless = Plan(5, 8, kNoOverride, 100, ExecutionMode::kServerless);
  EXPECT_EQ(serverless.task_count, 5);
  EXPECT_EQ(serverless.parallelism, 5);
  EXPECT_EQ(serverless.instance_count, std::nullopt);  // case D-59: no instance count
  EXPECT_EQ(serverless.workers_per_workflow, 4);
  EXPECT_EQ(serverless.signed_url_ttl_hours, 15);
  EXPECT_EQ(serverless.signed_url_refresh_threshold_seconds, 1800);
}

// Case C-35: the override lowers, never raises.
TEST(ExecutionPlanTest, ParallelismOverride) {
  EXPECT_EQ(Plan(5, 1, 2, 100).parallelism, 2);
  EXPECT_EQ(Plan(5, 1, 9, 100).parallelism, 5);
  EXPECT_EQ(Plan(5, 8, kNoOverride, 100, ExecutionMode::kServerless).parallelism, 5);
}

// Cases D-53 and F-97: the instance count raises the parallelism above the override.
TEST(ExecutionPlanTest, InstanceCountRaisesParallelism) {
  auto p = Plan(1, 2, 1, 100);
  EXPECT_EQ(p.payload_max_parallelism, 2);
  EXPECT_EQ(p.parallelism, 2);
  auto f97 = Plan(3, 2, 1, 100);
  EXPECT_EQ(f97.task_count, 3);
  EXPECT_EQ(f97.parallelism, 2);
}

// Case D-54: the bound wins over the instance count, with a warning.
TEST(ExecutionPlanTest, MaxParallelismBounds) {
  auto p = Plan(10, 8, kNoOverride, 3);
  EXPECT_EQ(p.payload_max_parallelism, 3);
  EXPECT_EQ(p.parallelism, 3);
  EXPECT_EQ(p.instance_count, 8);
  ASSERT_EQ(p.warnings.size(), 1u);
  EXPECT_EQ(p.warnings[0],
            "batch_instance_count 8 is above batch_max_parallelism 3: at most 3 tasks run at once");
  // Case D-43: (workers 1, parallelism 1, instances 2) → max_parallelism 2.
  EXPECT_EQ(Plan(1, 2, 1, 100).payload_max_parallelism, 2);
}

// Guide §8 as a formula, over a grid.
TEST(ExecutionPlanTest, GuideFormulaHoldsEverywhere) {
  for (int64_t cw = 1; cw <= 12; ++cw) {
    for (int64_t inst = 1; inst <= 16; ++inst) {
      for (int64_t maxp : {1, 2, 3, 5, 8, 100}) {
        for (std::optional<int64_t> ov :
             {std::optional<int64_t>(), std::optional<int64_t>(1), std::optional<int64_t>(4)}) {
          auto p = Plan(cw, inst, ov, maxp);
          int64_t tasks = std::max(cw, inst);
          EXPECT_EQ(p.task_count, tasks);
          EXPECT_GE(p.parallelism, 1);
          EXPECT_LE(p.parallelism, tasks);
          EXPECT_LE(p.parallelism, maxp);
          // Raised to the instance count within the bound.
          EXPECT_GE(p.parallelism, std::min({inst, maxp, tasks}));
          if (!ov) {
            EXPECT_EQ(p.parallelism, std::min(tasks, maxp));
          }
        }
      }
    }
  }
}

// The dispatcher's function on payload values (case F-97, and absent values).
TEST(ExecutionPlanTest, BatchParallelismFromPayloadValues) {
  EXPECT_EQ(BatchParallelism(3, 1, 2, std::nullopt), 2);  // F-97
  EXPECT_EQ(BatchParallelism(2, 2, 2, 2), 2);             // F-98
  EXPECT_EQ(BatchParallelism(5, 5, std::nullopt, std::nullopt), 5);
  EXPECT_EQ(BatchParallelism(5, 5, std::nullopt, 2), 2);
  EXPECT_EQ(BatchParallelism(10, 1, 8, 3), 3);
  EXPECT_EQ(BatchParallelism(2, 0, std::nullopt, std::nullopt), 1);
}

// Case O-221: the setup guide's properties on an empty targeting.
TEST(ExecutionPlanTest, SetupGuideDefaults) {
  auto p = Plan();
  EXPECT_EQ(p.task_count, 2);
  EXPECT_EQ(p.parallelism, 2);
  EXPECT_EQ(p.shards, 8);
  EXPECT_EQ(p.workers_per_workflow, 2);
  EXPECT_EQ(p.max_attempts, 1);  // case E-73: maxRetryCount 0
  EXPECT_TRUE(p.prefer_spot);
  EXPECT_FALSE(p.allow_on_demand_fallback);
  EXPECT_EQ(p.signed_url_ttl_hours, 48);
  EXPECT_EQ(p.signed_url_refresh_threshold_seconds, 21600);
}

TEST(ExecutionPlanTest, FallbackWithoutSpotIsPointless) {
  EffectiveSettings s = Defaults();
  s.batch_prefer_spot.value = false;
  s.batch_allow_on_demand_fallback.value = true;
  s.batch_max_attempts.value = 3;
  auto p = PlanExecution(s);
  EXPECT_EQ(p.max_attempts, 3);  // case E-73: (3, maxRetryCount 2)
  ASSERT_EQ(p.warnings.size(), 1u);
  EXPECT_NE(p.warnings[0].find("has no effect"), std::string::npos);
}

}  // namespace
}  // namespace formsender::settings
