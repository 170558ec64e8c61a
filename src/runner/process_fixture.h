#pragma once
// Test-only: a migrated database, the sample sites and N companies queued for the day, with
// `formsender runner` processes started against them and the checks every process test ends
// with (no company lost, none sent twice, unknowns only where a send was cut off).

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <map>
#include <set>

#include "common/crypto.h"
#include "runner/process_util.h"
#include "runner/test_util.h"
#include "store/testing.h"

namespace formsender::runner::testing {

inline constexpr int64_t kProcessTargeting = 301;

class RunnerProcessTest : public store::BackendTest {
 protected:
  void SetUpSites(int companies, int64_t latency_ms = 0) {
    sites::SiteServerOptions options;
    options.latency_ms = latency_ms;
    server_ = std::make_unique<sites::SiteServer>(options, clock_);
    LoadSites(*server_, companies);
    ASSERT_TRUE(server_->Start().ok());
    dir_ = std::filesystem::temp_directory_path() / ("fs-runner-proc-" + RandomHexToken(4));
    std::filesystem::create_directories(dir_);
    day_ = JstDateOf(clock_.Now());
    config_path_ =
        WriteTempFile(dir_, "client_config_test.json", DumpJson(SampleConfig(kProcessTargeting)));
    std::vector<CompanySeed> seeds;
    std::vector<int64_t> ids;
    for (int i = 1; i <= companies; ++i) {
      seeds.push_back({i, "株式会社プロセス" + std::to_string(i), ReplicaUrl(*server_, i)});
      ids.push_back(i);
    }
    AddCompanies(db(), sendqueue::TableMode::kDefault, seeds);
    AddQueueRows(db(), sendqueue::TableMode::kDefault, day_, kProcessTargeting, ids);
    companies_ = companies;
  }
  void TearDown() override {
    if (server_) server_->Stop();
    std::error_code ec;
    if (!dir_.empty()) std::filesystem::remove_all(dir_, ec);
  }

  // Fast timings for tests; `extra` overrides.
  std::map<std::string, std::string> Env(std::map<std::string, std::string> extra = {}) {
    std::map<std::string, std::string> env = {
        {"FORMSENDER_DATABASE_URL", test_db().url()},
        {"FORMSENDER_DATA_DIR", (dir_ / "data").string()},
        {"FORMSENDER_RUNNER_BACKOFF_INITIAL_MS", "100"},
        {"FORMSENDER_RUNNER_BACKOFF_MAX_MS", "400"},
        {"FORMSENDER_RUNNER_EMPTY_EXIT_ATTEMPTS", "3"},
        {"FORMSENDER_RUNNER_PROGRESS_INTERVAL_SECONDS", "1"},
        {"FORMSENDER_LOG_LEVEL", "info"},
        {"FORMSENDER_RUNNER_SKIP_HOLIDAYS", "false"},  // the tests run on any day
        {"FORM_SENDER_ENV", "local"}};
    for (auto& [k, v] : extra) env[k] = v;
    return env;
  }

  ChildProcess StartRunner(const std::string& name, std::map<std::string, std::string> env,
                           std::vector<std::string> extra_args = {}) {
    std::vector<std::string> argv = {
        FormsenderBinary(), "runner",        "--config-file",          config_path_,
        "--target-date",    day_.ToString(), "--allow-private-targets"};
    for (auto& a : extra_args) argv.push_back(a);
    ChildProcess p = ChildProcess::Start(argv, env, dir_ / (name + ".log"));
    EXPECT_TRUE(p.started());
    return p;
  }

  int64_t Count(const std::string& sql, const store::Params& p = {}) {
    return CountRows(db(), sql, p);
  }

  // The failed submissions, for a failure message.
  std::string FailedSubmissions() {
    auto rows = db().Query(
        "SELECT company_id, error_type, classify_detail FROM submissions WHERE NOT success "
        "ORDER BY company_id LIMIT 20");
    if (!rows.ok()) return rows.status().message();
    std::string out;
    for (auto r : *rows) {
      out += std::to_string(r.Int("company_id")) + " " + r.Text("error_type") + " " +
             r.Text("classify_detail").substr(0, 600) + "\n";
    }
    return out;
  }

  // The invariants after any run, however it ended:
  //  - every queue row is done, failed or pending (none left assigned);
  //  - no site received two final submissions;
  //  - a site that received one has a ledger entry sent, or intent/unknown (the process was
  //    cut off between the intent and the outcome); a sent entry means the site received it;
  //    a company without a ledger entry was never submitted.
  // Returns the number of intent/unknown entries.
  int64_t CheckInvariants(bool allow_assigned = false) {
    if (!allow_assigned) {
      EXPECT_EQ(Count("SELECT count(*) AS n FROM send_queue WHERE status = 'assigned'"), 0);
    }
    std::map<int64_t, std::string> ledger;
    auto rows = db().Query("SELECT company_id, state FROM send_ledger WHERE targeting_id = $1",
                           {kProcessTargeting});
    EXPECT_TRUE(rows.ok());
    for (auto r : *rows) ledger[r.Int("company_id")] = r.Text("state");
    int64_t cut_off = 0;
    for (int i = 1; i <= companies_; ++i) {
      int64_t finals = server_->sink().FinalCount(ReplicaName(i));
      EXPECT_LE(finals, 1) << "company " << i << " received " << finals << " submissions";
      auto it = ledger.find(i);
      if (it == ledger.end()) {
        EXPECT_EQ(finals, 0) << "company " << i << " was submitted without a ledger intent";
        continue;
      }
      if (it->second == "sent") {
        EXPECT_EQ(finals, 1) << "company " << i << " is sent in the ledger";
      } else if (it->second == "intent" || it->second == "unknown") {
        ++cut_off;
      }
    }
    // Every success recorded once.
    EXPECT_EQ(Count("SELECT count(*) AS n FROM (SELECT company_id FROM submissions WHERE success "
                    "GROUP BY company_id HAVING count(*) > 1) d"),
              0);
    return cut_off;
  }

  SystemClock clock_;
  std::unique_ptr<sites::SiteServer> server_;
  std::filesystem::path dir_;
  std::string config_path_;
  CivilDate day_;
  int companies_ = 0;
};

}  // namespace formsender::runner::testing
