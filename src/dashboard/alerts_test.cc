// deploy/alerts.yml against a real /metrics output: every rule is complete and every metric
// its expression names is exported (an alert on a metric that does not exist never fires).
#include <gtest/gtest.h>

#include <cctype>
#include <cstdlib>
#include <fstream>
#include <regex>
#include <set>
#include <sstream>

#include "common/metrics_exposition.h"
#include "common/time.h"
#include "dashboard/store_metrics.h"
#include "store/testing.h"
#include "web/web_server.h"

namespace formsender::dashboard {
namespace {

struct Rule {
  std::string alert;
  std::string expr;
  bool has_for = false;
  bool has_severity = false;
  bool has_summary = false;
};

std::vector<Rule> ReadRules(const std::string& path) {
  std::ifstream in(path);
  std::vector<Rule> rules;
  std::string line;
  while (std::getline(in, line)) {
    std::string t = line.substr(std::min(line.find_first_not_of(' '), line.size()));
    if (t.starts_with("- alert: ")) rules.push_back(Rule{t.substr(9), "", false, false, false});
    if (rules.empty()) continue;
    if (t.starts_with("expr: ")) rules.back().expr = t.substr(6);
    if (t.starts_with("for: ")) rules.back().has_for = true;
    if (t.starts_with("severity: ")) rules.back().has_severity = true;
    if (t.starts_with("summary: ")) rules.back().has_summary = true;
  }
  return rules;
}

// The metric names of a PromQL expression: identifiers that are not functions (followed by
// "("), keywords, label names (inside {} or by/without (...)), strings or range durations.
std::set<std::string> MetricNames(std::string expr) {
  expr = std::regex_replace(expr, std::regex(R"("[^"]*")"), "\"\"");
  expr = std::regex_replace(expr, std::regex(R"(\{[^}]*\})"), "");
  expr = std::regex_replace(expr, std::regex(R"(\[[^\]]*\])"), "");
  expr = std::regex_replace(
      expr, std::regex(R"(\b(by|without|on|ignoring|group_left|group_right)\s*\([^)]*\))"), "");
  static const std::set<std::string> kKeywords = {"and",    "or", "unless",  "bool",
                                                  "offset", "by", "without", "e"};
  std::set<std::string> names;
  std::regex ident(R"([a-zA-Z_:][a-zA-Z0-9_:]*)");
  for (auto it = std::sregex_iterator(expr.begin(), expr.end(), ident);
       it != std::sregex_iterator(); ++it) {
    size_t end = static_cast<size_t>(it->position() + it->length());
    size_t next = expr.find_first_not_of(' ', end);
    bool is_function = next != std::string::npos && expr[next] == '(';
    bool in_number =
        it->position() > 0 &&
        std::isdigit(static_cast<unsigned char>(expr[static_cast<size_t>(it->position()) - 1]));
    if (is_function || in_number || kKeywords.contains(it->str())) continue;
    names.insert(it->str());
  }
  return names;
}

class AlertsTest : public store::BackendTest {};

TEST_P(AlertsTest, EveryRuleIsCompleteAndNamesExportedMetrics) {
  const char* source = std::getenv("FORMSENDER_SOURCE_DIR");
  std::string root = source ? source : FS_SOURCE_DIR;
  std::vector<Rule> rules = ReadRules(root + "/deploy/alerts.yml");
  ASSERT_GE(rules.size(), 5u);

  // /metrics of an empty store: families exist before any work was done.
  MetricsRegistry metrics;
  FakeClock clock(ParseIsoTimestamp("2026-06-01T03:00:00Z").value());
  AddStoreCollectors(metrics, db(), clock);
  web::WebServer server({}, nullptr, nullptr);
  server.SetMetrics(metrics);
  auto families = ParseExposition(metrics.Render());
  ASSERT_TRUE(families.ok()) << families.status().ToString();
  std::set<std::string> exported;
  for (const auto& f : *families) {
    exported.insert(f.name);
    if (f.type == "histogram") {
      for (const char* suffix : {"_bucket", "_sum", "_count"}) exported.insert(f.name + suffix);
    }
  }

  std::set<std::string> guide_topics;
  for (const Rule& r : rules) {
    SCOPED_TRACE(r.alert);
    EXPECT_FALSE(r.expr.empty());
    EXPECT_TRUE(r.has_for);
    EXPECT_TRUE(r.has_severity);
    EXPECT_TRUE(r.has_summary);
    std::set<std::string> names = MetricNames(r.expr);
    EXPECT_FALSE(names.empty()) << r.expr;
    for (const std::string& name : names) {
      EXPECT_TRUE(exported.contains(name))
          << "alert " << r.alert << " names " << name << ", which /metrics does not export";
    }
    guide_topics.insert(r.alert);
  }
  // The guide §5 table, one rule each.
  for (const char* alert :
       {"FormsenderConsecutiveFailedJobs", "FormsenderDispatcherErrorRate",
        "FormsenderDispatcher5xx", "FormsenderQueueLatency", "FormsenderPendingExecutions"}) {
    EXPECT_TRUE(guide_topics.contains(alert)) << alert;
  }
}

TEST(AlertsMetricNamesTest, SkipsFunctionsLabelsAndKeywords) {
  EXPECT_EQ(MetricNames("max by (queue) (a_seconds{q=\"x y\"}) > 300 or sum(rate(b_total[5m])) "
                        "/ clamp_min(c, 1e-9) > 0.1"),
            (std::set<std::string>{"a_seconds", "b_total", "c"}));
}

FS_INSTANTIATE_BACKEND_TEST(AlertsTest);

}  // namespace
}  // namespace formsender::dashboard
