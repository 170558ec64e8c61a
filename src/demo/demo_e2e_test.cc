// The whole system on one machine, as `make demo` runs it, on SQLite and on PostgreSQL: the
// sample sites, `formsender serve` (dispatcher, task queue, scheduler, local batch, monitor),
// runner processes with simulated Spot preemptions, and a SIGKILL of serve in the middle.
// Afterwards every company must be in exactly one final state, no site may have received a
// final submission twice, no refusal or CAPTCHA site may have received one at all, the closing
// window and the daily cap must have held, and test mode must have stayed in its tables.
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <regex>

#include "common/subprocess.h"
#include "store/testing.h"

namespace formsender::demo {
namespace {

class DemoEndToEndTest : public store::BackendTest {};

int64_t ReportNumber(const std::string& out, const std::string& label) {
  std::smatch m;
  std::regex re(label + R"(\s+(\d+))");
  if (!std::regex_search(out, m, re)) return -1;
  return std::stoll(m[1]);
}

// The issue's whole-system scenario: 1,000 companies over three targetings (one whose send
// window closes mid-run, one whose max_daily_sends is a quarter of its queue, one in test
// mode), local batch with simulated Spot preemptions, and a serve SIGKILL and restart.
TEST_P(DemoEndToEndTest, ThreeCampaignsSurvivePreemptionsAndAServeCrashWithoutSendingTwice) {
#if defined(__SANITIZE_ADDRESS__)
  GTEST_SKIP() << "runs in the release tree: minutes of runner processes under ASan do not fit "
                  "the CI budget, and the components are covered there by their own tests";
#endif
  const char* binary = std::getenv("FORMSENDER_BINARY");
  const char* source = std::getenv("FORMSENDER_SOURCE_DIR");
  ASSERT_NE(binary, nullptr);
  ASSERT_NE(source, nullptr);
  std::string data_dir = (std::filesystem::temp_directory_path() /
                          ("fs-e2e-" + std::to_string(::getpid()) + "-" +
                           (GetParam() == store::TestBackend::kSqlite ? "sqlite" : "pg")))
                             .string();
  std::filesystem::remove_all(data_dir);
  CommandOptions options;
  options.timeout = std::chrono::minutes(12);
  auto r = RunCommand({binary,
                       "--data-dir",
                       data_dir,
                       "--database-url",
                       test_db().url(),
                       "demo",
                       "--scenario",
                       "system",
                       "--forms",
                       std::string(source) + "/tests/forms",
                       "--companies",
                       "1000",
                       "--latency-ms",
                       "0",
                       "--duration",
                       "600",
                       "--window-seconds",
                       "5",
                       "--no-wait",
                       "--kill-serve-at",
                       "300",
                       "--preemptions-per-hour",
                       "60"},
                      options);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  std::string out = r->out;
  EXPECT_EQ(r->exit_code, 0) << out << "\n" << r->err;
  EXPECT_NE(out.find("SIGKILL formsender serve"), std::string::npos) << out;
  EXPECT_EQ(ReportNumber(out, "companies"), 1000) << out;
  // Every company is in exactly one final state.
  EXPECT_EQ(out.find("unfinished"), std::string::npos) << out;
  EXPECT_EQ(ReportNumber(out, "companies in two states"), 0) << out;
  EXPECT_EQ(ReportNumber(out, "sites sent twice"), 0) << out;
  EXPECT_EQ(ReportNumber(out, "refusal/CAPTCHA sites that received a submission"), 0) << out;
  // The window closed mid-run, on time; the cap held and stopped its targeting.
  EXPECT_GT(ReportNumber(out, "left by the closing window"), 0) << out;
  EXPECT_EQ(ReportNumber(out, "recorded after the window"), 0) << out;
  EXPECT_GT(ReportNumber(out, "left by max_daily_sends"), 0) << out;
  EXPECT_EQ(ReportNumber(out, "sends beyond the cap"), 0) << out;
  // Test mode wrote only to the _test tables (and the production campaigns never to them).
  EXPECT_EQ(ReportNumber(out, "test-mode rows out of place"), 0) << out;
  // The engine's verdicts through the whole system match the cases' answer keys.
  std::smatch m;
  ASSERT_TRUE(std::regex_search(out, m, std::regex(R"(as the sites expect\s+(\d+)/(\d+))")));
  EXPECT_GE(std::stoll(m[1]) * 100, std::stoll(m[2]) * 95) << out;  // >= 95 %
  // A failed run keeps its data directory (serve's log, each runner attempt's log, the store).
  if (HasFailure()) {
    std::cerr << "kept for inspection: " << data_dir << "\n";
  } else {
    std::filesystem::remove_all(data_dir);
  }
}

FS_INSTANTIATE_BACKEND_TEST(DemoEndToEndTest);

}  // namespace
}  // namespace formsender::demo
