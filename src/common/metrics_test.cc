#include "common/metrics.h"

#include <gtest/gtest.h>

#include "common/metrics_exposition.h"

namespace formsender {
namespace {

TEST(MetricsRegistryTest, RendersCountersGaugesAndHistogramsThatParse) {
  MetricsRegistry m;
  auto& forms =
      m.AddCounter("formsender_forms_processed_total", "Forms by outcome", {"outcome", "code"});
  forms.With({"success", "SUCCESS"}).Inc();
  forms.With({"success", "SUCCESS"}).Inc(2);
  forms.With({"failure", "NO_FORM"}).Inc();
  forms.With({"failure", "NO_FORM"}).Inc(-5);  // ignored: counters only go up
  auto& depth = m.AddGauge("formsender_queue_depth", "Tasks waiting", {"queue"});
  depth.With({"q\"1\\\n"}).Set(7);
  auto& stage =
      m.AddHistogram("formsender_engine_stage_seconds", "Stage latency", {"stage"}, {0.1, 1, 10});
  stage.With({"fetch"}).Observe(0.05);
  stage.With({"fetch"}).Observe(0.5);
  stage.With({"fetch"}).Observe(100);

  std::string text = m.Render();
  auto families = ParseExposition(text);
  ASSERT_TRUE(families.ok()) << families.status().ToString() << "\n" << text;
  EXPECT_NE(text.find("formsender_forms_processed_total{outcome=\"success\",code=\"SUCCESS\"} 3\n"),
            std::string::npos)
      << text;
  EXPECT_NE(text.find("formsender_forms_processed_total{outcome=\"failure\",code=\"NO_FORM\"} 1\n"),
            std::string::npos);
  EXPECT_NE(text.find("formsender_queue_depth{queue=\"q\\\"1\\\\\\n\"} 7\n"), std::string::npos)
      << text;
  EXPECT_NE(text.find("formsender_engine_stage_seconds_bucket{stage=\"fetch\",le=\"0.1\"} 1\n"),
            std::string::npos)
      << text;
  EXPECT_NE(text.find("formsender_engine_stage_seconds_bucket{stage=\"fetch\",le=\"1\"} 2\n"),
            std::string::npos);
  EXPECT_NE(text.find("formsender_engine_stage_seconds_bucket{stage=\"fetch\",le=\"+Inf\"} 3\n"),
            std::string::npos);
  EXPECT_NE(text.find("formsender_engine_stage_seconds_count{stage=\"fetch\"} 3\n"),
            std::string::npos);
  bool saw_label_with_escapes = false;
  for (const auto& f : *families) {
    if (f.name != "formsender_queue_depth") continue;
    EXPECT_EQ(f.type, "gauge");
    ASSERT_EQ(f.samples.size(), 1u);
    saw_label_with_escapes = f.samples[0].labels.at("queue") == "q\"1\\\n";
  }
  EXPECT_TRUE(saw_label_with_escapes);
}

TEST(MetricsRegistryTest, HistogramsAddObservationsMadeElsewhere) {
  MetricsRegistry m;
  auto& stage = m.AddHistogram("h_seconds", "Stage latency", {"stage"}, {0.1, 1, 10});
  stage.With({"fetch"}).Observe(0.5);
  // Counts per bound, the last one past every bound.
  stage.With({"fetch"}).AddObservations({1, 0, 2, 1}, 25.05, 4);
  std::string text = m.Render();
  EXPECT_NE(text.find("h_seconds_bucket{stage=\"fetch\",le=\"0.1\"} 1\n"), std::string::npos)
      << text;
  EXPECT_NE(text.find("h_seconds_bucket{stage=\"fetch\",le=\"1\"} 2\n"), std::string::npos);
  EXPECT_NE(text.find("h_seconds_bucket{stage=\"fetch\",le=\"10\"} 4\n"), std::string::npos);
  EXPECT_NE(text.find("h_seconds_bucket{stage=\"fetch\",le=\"+Inf\"} 5\n"), std::string::npos);
  EXPECT_NE(text.find("h_seconds_sum{stage=\"fetch\"} 25.55\n"), std::string::npos) << text;
  auto& counter = m.AddCounter("c_total", "not a histogram");
  counter.With({}).AddObservations({1}, 1, 1);  // ignored
  EXPECT_EQ(counter.With({}).value(), 0);
}

TEST(MetricsRegistryTest, CollectorsRunAtScrapeAndTheirFailuresAreCounted) {
  MetricsRegistry m;
  auto& depth = m.AddGauge("formsender_queue_depth", "Tasks waiting");
  int scrapes = 0;
  m.AddCollector("queue", [&](MetricsRegistry&) {
    depth.With({}).Set(++scrapes * 10);
    return Status::Ok();
  });
  m.AddCollector("broken", [](MetricsRegistry&) { return Status::Unavailable("store down"); });
  m.Render();
  std::string text = m.Render();
  EXPECT_NE(text.find("formsender_queue_depth 20\n"), std::string::npos) << text;
  EXPECT_NE(text.find("formsender_metrics_collector_errors_total{collector=\"broken\"} 2\n"),
            std::string::npos)
      << text;
  EXPECT_NE(text.find("formsender_metrics_collector_errors_total{collector=\"queue\"} 0\n"),
            std::string::npos);
  EXPECT_TRUE(ParseExposition(text).ok());
}

TEST(MetricsRegistryTest, RegisteringTwiceReturnsTheSameFamily) {
  MetricsRegistry m;
  auto& a = m.AddCounter("x_total", "x");
  auto& b = m.AddCounter("x_total", "x");
  EXPECT_EQ(&a, &b);
  EXPECT_EQ(m.Find("x_total"), &a);
  EXPECT_EQ(m.Find("y"), nullptr);
}

struct BadCase {
  const char* text;
  const char* message_part;
};

TEST(ParseExpositionTest, RejectsWhatTheFormatForbids) {
  const BadCase cases[] = {
      {"1bad 1\n", "bad metric name"},
      {"a{1x=\"v\"} 1\n", "bad label name"},
      {"a{x=v} 1\n", "not quoted"},
      {"a{x=\"v} 1\n", "unterminated"},
      {"a one\n", "not a number"},
      {"a 1", "no newline"},
      {"a 1\nb 1\na 2\n", "not contiguous"},
      {"a 1\na 2\n", "duplicate series"},
      {"# TYPE a counter\na -1\n", "negative"},
      {"# TYPE a gauge\n# TYPE a gauge\na 1\n", "second TYPE"},
      {"# TYPE a wibble\n", "unknown type"},
      {"a 1\n# TYPE a gauge\n", "after its samples"},
      {"# TYPE h histogram\nh_bucket{le=\"1\"} 2\nh_bucket{le=\"+Inf\"} 1\nh_count 1\nh_sum 1\n",
       "not cumulative"},
      {"# TYPE h histogram\nh_bucket{le=\"1\"} 1\nh_count 1\nh_sum 1\n", "+Inf"},
      {"# TYPE h histogram\nh_bucket{le=\"2\"} 1\nh_bucket{le=\"1\"} 1\nh_bucket{le=\"+Inf\"} "
       "1\nh_count 1\nh_sum 1\n",
       "not increasing"},
      {"# TYPE h histogram\nh_bucket{le=\"+Inf\"} 2\nh_count 1\nh_sum 1\n", "_count differs"},
  };
  for (const auto& c : cases) {
    auto parsed = ParseExposition(c.text);
    ASSERT_FALSE(parsed.ok()) << c.text;
    EXPECT_NE(parsed.status().message().find(c.message_part), std::string::npos)
        << c.text << " → " << parsed.status().ToString();
  }
}

TEST(ParseExpositionTest, AcceptsCommentsTimestampsAndSpecialValues) {
  auto parsed = ParseExposition(
      "# a comment\n# HELP g A gauge\n# TYPE g gauge\ng{a=\"1\"} NaN 1700000000000\n"
      "g{a=\"2\"} +Inf\n\n# TYPE c counter\nc_total 3\n");
  ASSERT_TRUE(parsed.ok()) << parsed.status().ToString();
  ASSERT_EQ(parsed->size(), 3u);  // g, then c (typed), then c_total (untyped)
  EXPECT_EQ((*parsed)[0].help, "A gauge");
  EXPECT_EQ((*parsed)[0].samples.size(), 2u);
}

}  // namespace
}  // namespace formsender
