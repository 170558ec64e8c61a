// EngineStats: what a runner's heartbeat carries to /metrics, and what serve accepts back.
#include "engine/stage_stats.h"

#include <gtest/gtest.h>

#include "common/metrics.h"

namespace formsender::engine {
namespace {

FormResult Form(std::map<std::string, double> stages, double total, std::string engine = "http") {
  FormResult r;
  r.stage_seconds = std::move(stages);
  r.elapsed_seconds = total;
  r.engine = std::move(engine);
  return r;
}

TEST(EngineStatsTest, ObservesStagesTotalsErrorsAndFallbacks) {
  EngineStats stats;
  FormResult failed = Form({{"fetch", 0.004}}, 0.004);
  failed.fetch_errors = {{"dns_error", 1}};
  stats.Observe(failed);
  stats.Observe(Form({{"fetch", 0.3}, {"browser", 200}}, 201, "browser"));
  ASSERT_EQ(stats.stages.at("fetch").count, 2);
  const auto& fetch = stats.stages.at("fetch").bucket_counts;
  ASSERT_EQ(fetch.size(), DefaultLatencyBuckets().size() + 1);
  EXPECT_EQ(fetch[0], 1);                                         // ≤ 5 ms
  EXPECT_EQ(fetch[6], 1);                                         // ≤ 0.5 s
  EXPECT_EQ(stats.stages.at("browser").bucket_counts.back(), 1);  // past 120 s
  EXPECT_EQ(stats.stages.at("total").count, 2);
  EXPECT_DOUBLE_EQ(stats.stages.at("total").sum, 201.004);
  EXPECT_EQ(stats.fetch_errors.at("dns_error"), 1);
  EXPECT_EQ(stats.browser_fallbacks, 1);
}

TEST(EngineStatsTest, JsonRoundTripsAndAddsUp) {
  EngineStats a;
  a.Observe(Form({{"fetch", 0.2}, {"submit", 0.7}}, 1));
  FormResult timeout = Form({{"fetch", 15}}, 15);
  timeout.fetch_errors = {{"timeout", 1}};
  a.Observe(timeout);
  auto back = EngineStats::FromJson(a.ToJson());
  ASSERT_TRUE(back.ok()) << back.status().ToString();
  EXPECT_EQ(back->ToJson(), a.ToJson());
  back->Add(a);
  EXPECT_EQ(back->stages.at("fetch").count, 4);
  EXPECT_DOUBLE_EQ(back->stages.at("fetch").sum, 30.4);
  EXPECT_EQ(back->fetch_errors.at("timeout"), 2);
  EXPECT_TRUE(EngineStats().empty());
  EXPECT_FALSE(a.empty());
}

TEST(EngineStatsTest, MalformedJsonIsRefusedWithWhatIsWrong) {
  EngineStats a;
  a.Observe(Form({{"fetch", 0.2}}, 0.3));
  Json good = a.ToJson();

  Json other_bounds = good;
  other_bounds["bounds"][0] = 0.001;
  auto r = EngineStats::FromJson(other_bounds);
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.status().message().find("bounds"), std::string::npos);

  Json short_buckets = good;
  short_buckets["stage_seconds"]["fetch"]["buckets"] = Json::array({1, 2});
  r = EngineStats::FromJson(short_buckets);
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.status().message().find("stage_seconds.fetch"), std::string::npos);

  Json negative = good;
  negative["stage_seconds"]["fetch"]["buckets"][0] = -1;
  EXPECT_FALSE(EngineStats::FromJson(negative).ok());

  Json bad_error = good;
  bad_error["fetch_errors"] = {{"timeout", "many"}};
  r = EngineStats::FromJson(bad_error);
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.status().message().find("fetch_errors.timeout"), std::string::npos);

  EXPECT_FALSE(EngineStats::FromJson(Json::array()).ok());
}

}  // namespace
}  // namespace formsender::engine
