#include "batch/noop_backend.h"

#include <gtest/gtest.h>

namespace formsender::batch {
namespace {

JobSpec NoopSpec() {
  JobSpec spec;
  spec.execution_id = "exec-1";
  spec.targeting_id = 12;
  spec.task_count = 3;
  spec.parallelism = 2;
  spec.machine.machine_type = "e2-standard-2";
  spec.machine.cpu_milli = 2000;
  spec.machine.memory_mb = 4096;
  return spec;
}

TEST(NoopBatchBackendTest, JobsSucceedAtOnceAndCanBeCancelled) {
  FakeClock clock(std::chrono::sys_days{std::chrono::year{2025} / 10 / 16});
  NoopBatchBackend backend(clock);
  auto job = backend.Submit(NoopSpec());
  ASSERT_TRUE(job.ok()) << job.status().ToString();
  EXPECT_TRUE(job->name.starts_with("noop/jobs/noop-"));
  EXPECT_EQ(job->parallelism, 2);
  auto status = backend.Get(job->name);
  ASSERT_TRUE(status.ok());
  EXPECT_EQ(status->state, JobState::kSucceeded);
  ASSERT_EQ(status->tasks.size(), 3u);
  EXPECT_EQ(status->AllAttempts().size(), 3u);
  EXPECT_EQ(status->labels.at("targeting_id"), "12");
  ASSERT_TRUE(backend.Delete(job->name, "cancelled").ok());
  EXPECT_EQ(backend.Get(job->name)->state, JobState::kCancelled);
  EXPECT_EQ(backend.Delete("noop/jobs/other", "x").code(), StatusCode::kNotFound);
  EXPECT_EQ(backend.List({{{"targeting_id", "12"}}, {}})->size(), 1u);
  EXPECT_TRUE(backend.List({{{"targeting_id", "13"}}, {}})->empty());
  JobSpec bad = NoopSpec();
  bad.task_count = 0;
  EXPECT_FALSE(backend.Submit(bad).ok());
}

}  // namespace
}  // namespace formsender::batch
