#include "store/job_executions.h"

#include <gtest/gtest.h>

#include <thread>

#include "common/time.h"
#include "store/job_execution_attempts.h"
#include "store/script_state.h"
#include "store/testing.h"

namespace formsender::store {
namespace {

class JobExecutionsTest : public BackendTest {
 protected:
  JobExecution Make(std::string id, int64_t targeting = 7, int64_t base = 0) {
    JobExecution e;
    e.execution_id = std::move(id);
    e.targeting_id = targeting;
    e.run_index_base = base;
    e.task_count = 2;
    e.parallelism = 2;
    e.shards = 8;
    e.workers_per_workflow = 2;
    e.execution_mode = "batch";
    e.metadata = {{"execution_mode", "batch"}, {"batch", Json::object()}};
    return e;
  }
  FakeClock clock_{*ParseIsoTimestamp("2026-11-30T00:00:00Z")};
};

TEST_P(JobExecutionsTest, InsertGetAndDuplicateId) {
  JobExecutionRepository repo(db(), clock_);
  auto first = repo.Insert(Make("e-1"));
  ASSERT_TRUE(first.ok()) << first.status().ToString();
  EXPECT_TRUE(first->inserted);
  EXPECT_EQ(first->execution.started_at, clock_.Now());
  auto again = repo.Insert(Make("e-1", 99));
  ASSERT_TRUE(again.ok());
  EXPECT_FALSE(again->inserted);
  EXPECT_EQ(again->execution.targeting_id, 7);  // the existing row, unchanged
  auto got = repo.Get("e-1");
  ASSERT_TRUE(got.ok());
  Json pub = got->ToPublicJson();
  EXPECT_EQ(pub["execution_mode"], "batch");
  EXPECT_EQ(pub["status"], "running");
  EXPECT_TRUE(pub["ended_at"].is_null());
  EXPECT_EQ(repo.Get("nope").status().code(), StatusCode::kNotFound);
}

TEST_P(JobExecutionsTest, FindActiveAndList) {
  JobExecutionRepository repo(db(), clock_);
  ASSERT_TRUE(repo.Insert(Make("a", 7, 0)).ok());
  clock_.Advance(std::chrono::minutes(1));
  ASSERT_TRUE(repo.Insert(Make("b", 7, 2)).ok());
  clock_.Advance(std::chrono::minutes(1));
  ASSERT_TRUE(repo.Insert(Make("c", 8, 0)).ok());
  ASSERT_TRUE(*repo.UpdateStatus("a", "succeeded", clock_.Now()));
  EXPECT_FALSE(repo.FindActive(7, 0)->has_value());
  EXPECT_EQ((*repo.FindActive(7, 2))->execution_id, "b");
  auto running = repo.List(std::string("running"), std::nullopt);
  ASSERT_TRUE(running.ok());
  ASSERT_EQ(running->size(), 2u);
  EXPECT_EQ((*running)[0].execution_id, "c");  // newest first
  EXPECT_EQ(repo.List(std::string(""), int64_t{7})->size(), 2u);
  auto counts = repo.CountByStatusSince(clock_.Now() - std::chrono::hours(24));
  ASSERT_TRUE(counts.ok());
  EXPECT_EQ((*counts)["running"], 2);
  EXPECT_EQ((*counts)["succeeded"], 1);
}

TEST_P(JobExecutionsTest, GuardedStatusUpdates) {
  JobExecutionRepository repo(db(), clock_);
  ASSERT_TRUE(repo.Insert(Make("e")).ok());
  EXPECT_FALSE(*repo.UpdateStatus("e", "succeeded", clock_.Now(), {"failed", "cancelled"}));
  EXPECT_TRUE(*repo.UpdateStatus("e", "cancelled", clock_.Now(), {"running"}));
  EXPECT_FALSE(*repo.UpdateStatus("e", "failed", std::nullopt, {"running"}));
  auto e = repo.Get("e");
  EXPECT_EQ(e->status, "cancelled");
  EXPECT_EQ(e->ended_at, clock_.Now());
}

TEST_P(JobExecutionsTest, MetadataMergeFollowsTheReferenceSemantics) {
  JobExecutionRepository repo(db(), clock_);
  ASSERT_TRUE(repo.Insert(Make("e")).ok());
  ASSERT_TRUE(repo.MergeMetadata(
                      "e", {{"batch", {{"job_name", "j1"}, {"monitor", {{"state", "scheduled"}}}}}})
                  .ok());
  ASSERT_TRUE(repo.MergeMetadata(
                      "e", {{"batch", {{"monitor", {{"state", "RUNNING"}}}, {"job_name", nullptr}}},
                            {"execution_mode", "cloud_run"},
                            {"tags", Json::array({1, 2})}})
                  .ok());
  auto e = repo.Get("e");
  ASSERT_TRUE(e.ok());
  EXPECT_EQ(e->metadata["batch"]["job_name"], "j1");
  EXPECT_EQ(e->metadata["batch"]["monitor"]["state"], "RUNNING");
  EXPECT_EQ(e->metadata["tags"], Json::array({1, 2}));
  EXPECT_EQ(e->execution_mode, "cloud_run");
  EXPECT_EQ(repo.MergeMetadata("missing", {{"a", 1}}).code(), StatusCode::kNotFound);
  EXPECT_EQ(repo.MergeMetadata("e", Json::array()).code(), StatusCode::kInvalidArgument);
}

// concurrent patches from many writers must not lose keys.
TEST_P(JobExecutionsTest, ConcurrentMetadataPatchesLoseNothing) {
  JobExecutionRepository repo(db(), clock_);
  ASSERT_TRUE(repo.Insert(Make("e")).ok());
  std::vector<std::thread> threads;
  for (int t = 0; t < 6; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < 15; ++i) {
        Status s = repo.MergeMetadata(
            "e", {{"batch", {{"w" + std::to_string(t) + "_" + std::to_string(i), i}}}});
        EXPECT_TRUE(s.ok()) << s.ToString();
      }
    });
  }
  for (auto& th : threads) th.join();
  auto e = repo.Get("e");
  ASSERT_TRUE(e.ok());
  EXPECT_EQ(e->metadata["batch"].size(), 6u * 15u);
}

TEST_P(JobExecutionsTest, AttemptsUpsertKeepsKnownFields) {
  JobExecutionAttemptRepository repo(db());
  JobExecutionAttempt a;
  a.execution_id = "e";
  a.job_name = "projects/p/locations/l/jobs/j";
  a.task_index = 1;
  a.attempt = 0;
  a.machine_type = "e2-standard-2";
  a.provisioning_model = "spot";
  a.started_at = clock_.Now();
  a.metadata = {{"vm", "x"}};
  ASSERT_TRUE(repo.Upsert(a).ok());
  JobExecutionAttempt end;
  end.execution_id = "e";
  end.job_name = a.job_name;
  end.task_index = 1;
  end.attempt = 0;
  end.status = "preempted";
  end.preempted = true;
  end.exit_code = 50001;
  end.ended_at = clock_.Now() + std::chrono::minutes(5);
  end.metadata = {{"reason", "spot"}};
  auto r = repo.Upsert(end);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->machine_type, "e2-standard-2");
  EXPECT_EQ(r->started_at, clock_.Now());
  EXPECT_TRUE(r->preempted);
  EXPECT_EQ(r->exit_code, 50001);
  EXPECT_EQ(r->metadata["vm"], "x");
  EXPECT_EQ(r->metadata["reason"], "spot");
  auto list = repo.ListForExecution("e");
  ASSERT_TRUE(list.ok());
  EXPECT_EQ(list->size(), 1u);
}

TEST_P(JobExecutionsTest, ScriptStateCountersNeverRepeat) {
  ScriptStateRepository repo(db(), clock_);
  EXPECT_FALSE(repo.Get("k")->has_value());
  ASSERT_TRUE(repo.Set("k", "v").ok());
  EXPECT_EQ(**repo.Get("k"), "v");
  std::vector<std::thread> threads;
  std::mutex mu;
  std::vector<int> seen;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&] {
      for (int i = 0; i < 10; ++i) {
        auto v = repo.Update("counter",
                             [](const std::optional<std::string>& cur) -> Result<std::string> {
                               int n = cur ? std::stoi(*cur) : 0;
                               return std::to_string(n + 1);
                             });
        ASSERT_TRUE(v.ok()) << v.status().ToString();
        std::lock_guard lock(mu);
        seen.push_back(std::stoi(*v));
      }
    });
  }
  for (auto& th : threads) th.join();
  std::sort(seen.begin(), seen.end());
  for (int i = 0; i < 40; ++i) EXPECT_EQ(seen[static_cast<size_t>(i)], i + 1);
  ASSERT_TRUE(repo.Delete("k").ok());
  EXPECT_FALSE(repo.Get("k")->has_value());
}

FS_INSTANTIATE_BACKEND_TEST(JobExecutionsTest);

}  // namespace
}  // namespace formsender::store
