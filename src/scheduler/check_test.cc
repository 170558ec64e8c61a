#include "scheduler/check.h"

#include <gtest/gtest.h>

#include "common/time.h"
#include "store/testing.h"

namespace formsender::scheduler {
namespace {

CheckInputs Healthy() {
  CheckInputs in;
  in.executions = ExecutionFacts{};
  in.queue_latency = std::optional<std::chrono::seconds>(std::chrono::seconds(12));
  in.dispatcher_health = Json{{"status", "ok"}};
  in.dispatcher_description = "local serve";
  return in;
}

std::string StatusOf(const CheckReport& r, const std::string& name) {
  for (const auto& i : r.items) {
    if (i.name == name) return i.status;
  }
  return "missing";
}

TEST(EvaluateChecksTest, EachThresholdFailsOnItsOwn) {
  CheckThresholds t;
  EXPECT_FALSE(EvaluateChecks(Healthy(), t).failed());

  CheckInputs in = Healthy();
  in.queue_latency = std::optional<std::chrono::seconds>(std::chrono::seconds(301));
  EXPECT_EQ(StatusOf(EvaluateChecks(in, t), "queue_latency"), "fail");
  in.queue_latency = std::optional<std::chrono::seconds>(std::chrono::seconds(300));
  EXPECT_EQ(StatusOf(EvaluateChecks(in, t), "queue_latency"), "ok");

  in = Healthy();
  in.executions->consecutive_failures = 2;
  EXPECT_EQ(StatusOf(EvaluateChecks(in, t), "consecutive_failures"), "fail");
  in.executions->consecutive_failures = 1;
  in.executions->failed_24h = {Json{{"execution_id", "x"}}};
  auto report = EvaluateChecks(in, t);
  EXPECT_EQ(StatusOf(report, "failed_24h"), "warn");
  EXPECT_FALSE(report.failed());  // one failure is worth a look, not an alert

  in = Healthy();
  in.executions->stuck = {Json{{"execution_id", "y"}}};
  EXPECT_TRUE(EvaluateChecks(in, t).failed());
  in = Healthy();
  in.executions->queued_over_grace = 11;
  EXPECT_EQ(StatusOf(EvaluateChecks(in, t), "queued_executions"), "fail");
  in = Healthy();
  in.dispatcher_health = Json{{"status", "degraded"}};
  EXPECT_EQ(StatusOf(EvaluateChecks(in, t), "dispatcher_health"), "fail");
  in = Healthy();
  in.dispatcher_health = Status::Unavailable("connection refused");
  report = EvaluateChecks(in, t);
  EXPECT_EQ(StatusOf(report, "dispatcher_health"), "fail");
  EXPECT_NE(report.ToText().find("connection refused"), std::string::npos);
  in = Healthy();
  in.executions = Status::Unavailable("db down");
  EXPECT_EQ(StatusOf(EvaluateChecks(in, t), "database"), "fail");
}

class ExecutionFactsTest : public store::BackendTest {};

TEST_P(ExecutionFactsTest, CountsFailuresInARowStuckAndQueued) {
  TimePoint now = JstTimeOn(CivilDate{2026, 5, 7}, TimeOfDay{15, 0, 0});
  auto insert = [&](const std::string& id, const std::string& status, std::chrono::minutes ago) {
    ASSERT_TRUE(db().Execute("INSERT INTO job_executions (execution_id, targeting_id, status, "
                             "started_at, ended_at) VALUES ($1, 1, $2, $3, $4)",
                             {id, status, store::SqlValue::Time(now - ago),
                              status == "running" || status == "queued"
                                  ? store::SqlValue()
                                  : store::SqlValue::Time(now - ago + std::chrono::minutes(5))})
                    .ok());
  };
  insert("old-ok", "succeeded", std::chrono::minutes(60 * 30));
  insert("a", "succeeded", std::chrono::minutes(300));
  insert("b", "failed", std::chrono::minutes(200));
  insert("c", "failed", std::chrono::minutes(100));
  insert("long", "running", std::chrono::minutes(60 * 10));
  insert("q", "queued", std::chrono::minutes(30));
  insert("q-new", "queued", std::chrono::minutes(2));
  auto facts = GatherExecutionFacts(db(), now, CheckThresholds{});
  ASSERT_TRUE(facts.ok()) << facts.status().message();
  EXPECT_EQ(facts->consecutive_failures, 2);
  EXPECT_EQ(facts->counts_24h.at("failed"), 2);
  EXPECT_EQ(facts->counts_24h.at("succeeded"), 1);
  EXPECT_EQ(facts->failed_24h.size(), 2u);
  ASSERT_EQ(facts->stuck.size(), 1u);
  EXPECT_EQ(facts->stuck[0]["execution_id"], "long");
  EXPECT_EQ(facts->queued_over_grace, 1);
}

FS_INSTANTIATE_BACKEND_TEST(ExecutionFactsTest);

}  // namespace
}  // namespace formsender::scheduler
