// Process-level tests of import companies, queue and ledger commands.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "common/crypto.h"
#include "common/http_server.h"
#include "common/json.h"
#include "common/subprocess.h"
#include "store/testing.h"

namespace formsender::cli {
namespace {

class SendqueueCliTest : public ::testing::TestWithParam<store::TestBackend> {
 protected:
  void SetUp() override {
    const char* bin = std::getenv("FORMSENDER_BINARY");
    ASSERT_NE(bin, nullptr) << "FORMSENDER_BINARY not set";
    binary_ = bin;
    dir_ = std::filesystem::temp_directory_path() / ("fs-sqcli-" + RandomHexToken(6));
    std::filesystem::create_directories(dir_);
    auto db = store::TestDatabase::Create(GetParam());
    if (!db.ok()) {
      if (GetParam() == store::TestBackend::kPostgres && !store::PostgresRequired()) {
        GTEST_SKIP() << "PostgreSQL not configured";
      }
      FAIL() << db.status().ToString();
    }
    db_ = std::move(*db);
    ASSERT_TRUE(db_->db()
                    .Execute("INSERT INTO clients (id, company_name, imported_at) VALUES (1, "
                             "'株式会社クライアント', '2025-01-01T00:00:00Z')")
                    .ok());
    ASSERT_TRUE(db_->db()
                    .Execute("INSERT INTO targeting (id, active, client_id, targeting_sql, "
                             "ng_companies, max_daily_sends, imported_at) VALUES (7, true, 1, "
                             "'prefecture = ''東京都'' AND employee_count >= 20', '株式会社 C', "
                             "100, '2025-01-01T00:00:00Z')")
                    .ok());
  }
  void TearDown() override {
    if (!dir_.empty()) std::filesystem::remove_all(dir_);
  }

  CommandResult Run(std::vector<std::string> args) {
    args.insert(args.begin(), binary_);
    CommandOptions options;
    options.env["FORMSENDER_DATA_DIR"] = (dir_ / "data").string();
    options.env["FORMSENDER_DATABASE_URL"] = db_->url();
    options.env["FORM_SENDER_SHARD_COUNT"] = kUnsetEnv;
    auto r = RunCommand(args, options);
    EXPECT_TRUE(r.ok());
    return r.ok() ? *r : CommandResult{};
  }

  std::string WriteFile(const std::string& name, const std::string& text) {
    std::filesystem::path p = dir_ / name;
    std::ofstream(p) << text;
    return p.string();
  }

  static constexpr const char* kCsv =
      "id,company_name,form_url,prefecture,employee_count\n"
      "1,株式会社A,https://a.localhost/,東京都,50\n"
      "2,B総合病院,https://b.localhost/,東京都,30\n"
      "3,株式会社C,https://c.localhost/,東京都,70\n"
      "4,株式会社D,https://d.localhost/,大阪府,90\n"
      "5,株式会社E,https://e.localhost/,東京都,25\n";

  std::string binary_;
  std::filesystem::path dir_;
  std::unique_ptr<store::TestDatabase> db_;
};

TEST_P(SendqueueCliTest, ImportBuildStatusClear) {
  auto imported = Run({"--json", "import", "companies", WriteFile("c.csv", kCsv)});
  ASSERT_EQ(imported.exit_code, 0) << imported.err;
  EXPECT_EQ((*ParseJson(imported.out))["inserted"], 5);

  auto built = Run({"--json", "queue", "build", "7", "--date", "2025-04-01", "--shards", "2"});
  ASSERT_EQ(built.exit_code, 0) << built.err;
  Json b = *ParseJson(built.out);
  EXPECT_EQ(b["total"], 2);  // A and E: B is a hospital, C is on the NG list, D in Osaka
  EXPECT_EQ(b["excluded_by_name"], 2);
  EXPECT_EQ(b["shards"], 2);

  auto status = Run({"--json", "queue", "status", "7", "--date", "2025-04-01"});
  ASSERT_EQ(status.exit_code, 0) << status.err;
  Json s = *ParseJson(status.out);
  EXPECT_EQ(s["by_status"]["pending"], 2);
  EXPECT_EQ(s["max_daily_sends"], 100);
  ASSERT_EQ(s["by_shard"].size(), 1u);  // 1 % 2 == 5 % 2
  EXPECT_EQ(s["by_shard"][0]["shard_id"], 1);
  EXPECT_EQ(s["by_shard"][0]["pending"], 2);
  auto text = Run({"queue", "status", "7", "--date", "2025-04-01"});
  EXPECT_NE(text.out.find("pending  2"), std::string::npos) << text.out;

  auto cleared = Run({"queue", "clear", "7"});
  ASSERT_EQ(cleared.exit_code, 0) << cleared.err;
  EXPECT_NE(cleared.out.find("deleted 2 rows"), std::string::npos) << cleared.out;
  auto unknown = Run({"--json", "ledger", "unknown"});
  ASSERT_EQ(unknown.exit_code, 0) << unknown.err;
  EXPECT_EQ((*ParseJson(unknown.out))["unknown"].size(), 0u);
}

// Q-4 / case I-134: the reference's "all targetings, extra" builder failed every targeting.
// --all builds each active targeting in its own mode and reports one failure without
// stopping the others.
TEST_P(SendqueueCliTest, BuildAllBuildsEveryActiveTargetingInItsOwnMode) {
  ASSERT_EQ(Run({"import", "companies", WriteFile("c.csv", kCsv)}).exit_code, 0);
  ASSERT_TRUE(db_->db()
                  .Execute("INSERT INTO companies_extra (id, company_name, form_url, prefecture, "
                           "employee_count, client) VALUES (11, '株式会社X', "
                           "'https://x.localhost/', '大阪府', 40, '株式会社クライアント')")
                  .ok());
  ASSERT_TRUE(db_->db()
                  .Execute("INSERT INTO targeting (id, active, client_id, targeting_sql, "
                           "use_extra_table, imported_at) VALUES (8, true, 1, "
                           "'prefecture = ''大阪府''', true, '2025-01-01T00:00:00Z'), "
                           "(9, false, 1, '', false, '2025-01-01T00:00:00Z')")
                  .ok());
  auto all = Run({"--json", "queue", "build", "--all", "--date", "2025-04-01"});
  ASSERT_EQ(all.exit_code, 0) << all.err << all.out;
  Json j = *ParseJson(all.out);
  EXPECT_EQ(j["success"], true);
  EXPECT_EQ(j["processed"], 2);  // 9 is inactive
  EXPECT_EQ(j["failed"], 0);
  EXPECT_EQ(j["total_rows"], 3);
  ASSERT_EQ(j["details"].size(), 2u);
  EXPECT_EQ(j["details"][0]["table_mode"], "default");
  EXPECT_EQ(j["details"][1]["table_mode"], "extra");
  EXPECT_EQ(j["details"][1]["total"], 1);

  // A broken filter fails its targeting only; the exit code says something failed.
  ASSERT_TRUE(
      db_->db().Execute("UPDATE targeting SET targeting_sql = 'nonsense (' WHERE id = 8").ok());
  auto partial = Run({"queue", "build", "--all", "--date", "2025-04-01"});
  EXPECT_EQ(partial.exit_code, 1) << partial.out;
  EXPECT_NE(partial.out.find("targeting 8: "), std::string::npos) << partial.out;
  EXPECT_NE(partial.out.find("2 active targetings, 1 failed"), std::string::npos) << partial.out;

  auto neither = Run({"queue", "build"});
  EXPECT_EQ(neither.exit_code, 2);
  EXPECT_NE(neither.err.find("either a TARGETING_ID or --all"), std::string::npos) << neither.err;
  EXPECT_EQ(Run({"queue", "build", "7", "--all"}).exit_code, 2);
}

TEST_P(SendqueueCliTest, BadInputExitsTwoNamingWhere) {
  auto bad = Run({"import", "companies", WriteFile("bad.csv", "id,employee_count\n1,10\n2,ten\n")});
  EXPECT_EQ(bad.exit_code, 2);
  EXPECT_NE(bad.err.find("bad.csv line 3 column 3 (employee_count): \"ten\" is not a whole number"),
            std::string::npos)
      << bad.err;
  auto missing = Run({"import", "companies", (dir_ / "nope.csv").string()});
  EXPECT_EQ(missing.exit_code, 4);
  auto no_targeting = Run({"queue", "build", "8"});
  EXPECT_EQ(no_targeting.exit_code, 4);
  EXPECT_NE(no_targeting.err.find("targeting 8 does not exist"), std::string::npos);
  auto both = Run({"queue", "status", "7", "--test-mode", "--extra"});
  EXPECT_EQ(both.exit_code, 2);
  auto date = Run({"queue", "build", "7", "--date", "2025-02-30"});
  EXPECT_EQ(date.exit_code, 2);
  EXPECT_NE(date.err.find("--date"), std::string::npos) << date.err;
  ASSERT_TRUE(
      db_->db().Execute("UPDATE targeting SET targeting_sql = 'prefecture = ''x'' OR 1=1'").ok());
  auto filter = Run({"queue", "build", "7"});
  EXPECT_EQ(filter.exit_code, 2);
  EXPECT_NE(filter.err.find("targeting_sql position 23"), std::string::npos) << filter.err;
  auto reset = Run({"queue", "reset"});
  EXPECT_EQ(reset.exit_code, 2);
  EXPECT_NE(reset.err.find("--yes"), std::string::npos);
}

TEST_P(SendqueueCliTest, ImportsFromAUrl) {
  HttpServer server({}, [](HttpRequest& request) {
    if (request.path != "/export.csv") return HttpResponse::Text(404, "no");
    return HttpResponse::Text(200, kCsv);
  });
  ASSERT_TRUE(server.Start().ok());
  auto r = Run({"--json", "import", "companies", server.base_url() + "/export.csv"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ((*ParseJson(r.out))["rows"], 5);
  auto missing = Run({"import", "companies", server.base_url() + "/other.csv"});
  EXPECT_EQ(missing.exit_code, 3);
  EXPECT_NE(missing.err.find("HTTP 404"), std::string::npos) << missing.err;
  server.Stop();
}

INSTANTIATE_TEST_SUITE_P(Backends, SendqueueCliTest,
                         ::testing::Values(store::TestBackend::kSqlite,
                                           store::TestBackend::kPostgres),
                         store::TestBackendName);

}  // namespace
}  // namespace formsender::cli
