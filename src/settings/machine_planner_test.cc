// The machine planner: cases D-41 … D-51 and E-61 … E-71 of orchestration-cases.md (corrected
// where the reference emitted an invalid shape, Q-31), and property-based checks.
#include "settings/machine_planner.h"

#include <gtest/gtest.h>

#include <random>

#include "settings/machine_types.h"

namespace formsender::settings {
namespace {

MachinePlan PlanFor(int64_t workers, std::string machine = "e2-standard-2",
                    int64_t memory_mb = 2048, int64_t buffer_mb = 2048, int64_t vcpu = 1) {
  auto p = PlanMachine({workers, vcpu, memory_mb, buffer_mb, machine});
  EXPECT_TRUE(p.ok()) << p.status().message();
  return p.ok() ? *p : MachinePlan{};
}

TEST(MachinePlannerTest, DefaultShapeHoldsUntilOutgrown) {
  // D-43 / E-63 (corrected: the reference dispatcher's e2-custom-1-4096 is not a GCP shape).
  auto one = PlanFor(1);
  EXPECT_EQ(one.machine_type, "e2-standard-2");
  EXPECT_EQ(one.cpu_milli, 1000);
  EXPECT_EQ(one.memory_mb, 4096);
  EXPECT_FALSE(one.memory_warning);
  // O-221: two workers on the default.
  auto two = PlanFor(2);
  EXPECT_EQ(two.machine_type, "e2-standard-2");
  EXPECT_EQ(two.cpu_milli, 2000);
  EXPECT_EQ(two.memory_mb, 6144);
  // E-66 (corrected): 8192 MiB fits e2-standard-2 exactly.
  auto buffer = PlanFor(2, "e2-standard-2", 2048, 4096);
  EXPECT_EQ(buffer.machine_type, "e2-standard-2");
  EXPECT_EQ(buffer.memory_mb, 8192);
  // E-70: 3000 MiB per worker fits; 3100 does not.
  EXPECT_EQ(PlanFor(2, "e2-standard-2", 3000).machine_type, "e2-standard-2");
  auto over = PlanFor(2, "e2-standard-2", 3100);
  EXPECT_EQ(over.machine_type, "n2d-custom-2-8448");  // D-50; the reference's E-70 said 4-10240
  EXPECT_EQ(over.computed_memory_mb, 8448);
  EXPECT_TRUE(over.memory_warning);
}

TEST(MachinePlannerTest, FallbackShapes) {
  // D-41 / E-61: four workers.
  auto four = PlanFor(4);
  EXPECT_EQ(four.machine_type, "n2d-custom-4-10240");
  EXPECT_EQ(four.cpu_milli, 4000);
  EXPECT_EQ(four.memory_mb, 10240);
  EXPECT_TRUE(four.memory_warning);
  EXPECT_EQ(four.computed_memory_mb, 10240);
  EXPECT_TRUE(four.replaced);
  EXPECT_EQ(four.requested_machine_type, "e2-standard-2");
  // D-42 / E-62: three vCPUs are not an N2D shape; 4 vCPUs, and no 10 GiB floor.
  auto three = PlanFor(3);
  EXPECT_EQ(three.machine_type, "n2d-custom-4-8192");
  EXPECT_EQ(three.cpu_milli, 3000);
  EXPECT_EQ(three.memory_mb, 8192);
  EXPECT_EQ(three.computed_memory_mb, 8192);
  // D-45: a too-small custom request becomes the smallest shape that holds the need.
  auto custom = PlanFor(2, "n2d-custom-2-4096");
  EXPECT_EQ(custom.machine_type, "n2d-custom-2-6144");
  EXPECT_TRUE(custom.memory_warning);
  EXPECT_EQ(custom.computed_memory_mb, 6144);
  EXPECT_EQ(custom.requested_machine_type, "n2d-custom-2-4096");
  // D-47: an explicit standard type is checked too (GAS kept e2-standard-4 for 8 workers).
  EXPECT_EQ(PlanFor(8, "e2-standard-4").machine_type, "n2d-custom-8-18432");
  // D-49: n2-highmem-2 holds 2 workers; 4 workers stay in the n2 series (GAS jumped to n2d).
  EXPECT_EQ(PlanFor(2, "n2-highmem-2").machine_type, "n2-highmem-2");
  EXPECT_EQ(PlanFor(4, "n2-highmem-2").machine_type, "n2-custom-4-10240");
  // D-51: two vCPUs per worker.
  EXPECT_EQ(PlanFor(2, "e2-standard-2", 2048, 2048, 2).machine_type, "n2d-custom-4-6144");
  // E-67: n2 standard outgrown → n2 custom.
  EXPECT_EQ(PlanFor(8, "n2-standard-4").machine_type, "n2-custom-8-18432");
  // E-69: n2-highmem-2 for 6 workers was kept by the reference (2 vCPUs for 6); not here.
  auto six = PlanFor(6, "n2-highmem-2");
  EXPECT_EQ(six.machine_type, "n2-custom-6-14336");
  EXPECT_EQ(six.cpu_milli, 6000);
  // D-46: an explicit custom type that holds the workers is kept.
  EXPECT_EQ(PlanFor(4, "n2d-custom-8-32768").machine_type, "n2d-custom-8-32768");
}

// E-65 (corrected): 4 workers × 1024 MiB; e2-standard-2 cannot hold 4 vCPUs, and 6144 MiB is
// below the 8 GiB the reference recommends for 4+ workers.
TEST(MachinePlannerTest, AdvisoryForFourWorkersBelowEightGiB) {
  auto p = PlanFor(4, "e2-standard-2", 1024);
  EXPECT_EQ(p.machine_type, "n2d-custom-4-6144");
  EXPECT_EQ(p.memory_mb, 6144);
  EXPECT_TRUE(p.memory_warning);
  EXPECT_EQ(p.computed_memory_mb, 6144);
  EXPECT_EQ(p.recommended_memory_mb, 8192);
  ASSERT_EQ(p.warnings.size(), 2u);
  EXPECT_EQ(p.warnings[1], "4 workers get 6144 MiB; 8192 MiB or more is recommended");
  auto roomy = PlanFor(4, "n2d-standard-8", 1024);
  EXPECT_EQ(roomy.machine_type, "n2d-standard-8");
  EXPECT_TRUE(roomy.memory_warning);
  EXPECT_FALSE(roomy.replaced);
}

TEST(MachinePlannerTest, UnknownFamiliesAndImpossibleNeeds) {
  auto c3 = PlanFor(4, "c3-standard-8");
  EXPECT_EQ(c3.machine_type, "c3-standard-8");
  ASSERT_FALSE(c3.warnings.empty());
  EXPECT_NE(c3.warnings[0].find("not known to formsender"), std::string::npos);
  // 16 workers × 8 vCPUs = 128 vCPUs: beyond N2D, within N2.
  EXPECT_EQ(PlanFor(16, "e2-standard-2", 2048, 2048, 8).machine_type, "n2-custom-128-65536");
  auto invalid = PlanMachine({2, 1, 2048, 2048, "e2-standard-2x"});
  ASSERT_FALSE(invalid.ok());  // E-71: the reference emitted n2d-custom-5-12288
  EXPECT_FALSE(PlanMachine({0, 1, 2048, 2048, "e2-standard-2"}).ok());
}

// Property-based: over random workloads within the validated ranges and every kind of request,
// every emitted shape is valid on GCP and never smaller than the need.
TEST(MachinePlannerTest, EveryEmittedShapeIsValidAndLargeEnough) {
  std::mt19937_64 rng(20261129);
  const std::vector<std::string> requests = {
      "e2-standard-2",         "e2-standard-4",    "e2-standard-32",   "e2-highmem-2",
      "e2-highcpu-16",         "e2-medium",        "n2-standard-2",    "n2-highmem-2",
      "n2-highcpu-8",          "n2d-standard-2",   "n2d-highmem-4",    "n1-standard-1",
      "n2d-custom-2-4096",     "n2-custom-6-6144", "e2-custom-4-8192", "custom-1-1024",
      "n2d-custom-2-16640-ext"};
  auto pick = [&](int64_t lo, int64_t hi) {
    return std::uniform_int_distribution<int64_t>(lo, hi)(rng);
  };
  int replaced = 0;
  for (int i = 0; i < 20000; ++i) {
    MachineRequest r;
    r.workers = pick(1, 16);
    r.vcpu_per_worker = pick(1, 8);
    r.memory_per_worker_mb = pick(1024, 32768);
    r.memory_buffer_mb = pick(0, 65536);
    r.machine_type = requests[pick(0, requests.size() - 1)];
    auto plan = PlanMachine(r);
    ASSERT_TRUE(plan.ok()) << r.workers << "×" << r.vcpu_per_worker << " "
                           << plan.status().message();
    auto shape = ParseMachineType(plan->machine_type);
    ASSERT_TRUE(shape.ok()) << plan->machine_type << ": " << shape.status().message();
    ASSERT_TRUE(shape->capacity_known());
    int64_t need_mb =
        std::max<int64_t>(1024, r.workers * r.memory_per_worker_mb + r.memory_buffer_mb);
    EXPECT_GE(*shape->cpu_milli, r.workers * r.vcpu_per_worker * 1000) << plan->machine_type;
    EXPECT_GE(*shape->memory_mb, need_mb) << plan->machine_type;
    EXPECT_EQ(plan->cpu_milli, r.workers * r.vcpu_per_worker * 1000);
    EXPECT_EQ(plan->memory_mb % 256, 0);
    EXPECT_GE(plan->memory_mb, need_mb);
    EXPECT_LE(plan->memory_mb, *shape->memory_mb);  // the task fits on its VM
    EXPECT_LE(plan->cpu_milli, *shape->cpu_milli);
    EXPECT_EQ(plan->memory_warning, plan->replaced || plan->recommended_memory_mb.has_value());
    replaced += plan->replaced ? 1 : 0;
  }
  EXPECT_GT(replaced, 1000);  // the fallback path was exercised
}

}  // namespace
}  // namespace formsender::settings
