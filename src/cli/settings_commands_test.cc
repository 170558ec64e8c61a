// formsender import / plan on the sample sheets of docs/examples, run as a process.
#include <fstream>

#include "cli/cli_test_support.h"
#include "common/json.h"
#include "store/testing.h"

namespace formsender::cli {
namespace {

class SettingsCommandsTest : public BinaryTest {
 protected:
  std::string Example(const char* name) {
    return (source_dir_ / "docs" / "examples" / name).string();
  }
  void ImportExamples(const std::map<std::string, std::string>& env = {}) {
    ASSERT_EQ(Run({"db", "migrate"}, env).exit_code, 0);
    auto clients = Run({"import", "clients", Example("clients.csv")}, env);
    ASSERT_EQ(clients.exit_code, 0) << clients.err;
    auto targeting = Run({"import", "targeting", Example("targeting.csv")}, env);
    ASSERT_EQ(targeting.exit_code, 0) << targeting.err;
    EXPECT_NE(targeting.out.find("imported 3 targeting row(s) (2 active) from "), std::string::npos)
        << targeting.out;
    EXPECT_NE(targeting.out.find(": 3 new, 0 replaced, 0 removed\n"), std::string::npos);
  }
};

TEST_F(SettingsCommandsTest, ImportThenPlanTheExamples) {
  ImportExamples();
  auto text = Run({"plan", "1"});
  ASSERT_EQ(text.exit_code, 0) << text.err;
  EXPECT_NE(text.out.find("targeting 1 (東京のIT企業向け), active, client 1 株式会社サンプル"),
            std::string::npos)
      << text.out;
  EXPECT_NE(text.out.find("targeting (" + Example("targeting.csv") + ":2)"), std::string::npos)
      << text.out;
  EXPECT_NE(text.out.find("n2d-custom-4-10240"), std::string::npos);

  auto json = Run({"plan", "1", "--json"});
  ASSERT_EQ(json.exit_code, 0) << json.err;
  auto j = ParseOrderedJson(json.out);
  ASSERT_TRUE(j.ok()) << json.out;
  EXPECT_EQ((*j)["targeting_id"], 1);
  EXPECT_EQ((*j)["settings"]["batch_workers_per_workflow"].dump(),
            R"({"value":4,"source":"targeting"})");
  EXPECT_EQ((*j)["settings"]["execution_mode"]["value"], "batch");
  EXPECT_EQ((*j)["settings"]["execution_mode"]["source"], "targeting");
  EXPECT_NE(text.out.find("mode batch (dispatcher mode batch): use_gcp_batch = TRUE in the "
                          "targeting row"),
            std::string::npos)
      << text.out;
  EXPECT_EQ((*j)["settings"]["batch_instance_count"].dump(), R"({"value":2,"source":"default"})");
  EXPECT_EQ((*j)["plan"].dump(),
            R"({"mode":"batch","dispatcher_mode":"batch","mode_reason":"use_gcp_batch = TRUE in )"
            R"x(the targeting row (explicit values first, batch first)",)x"
            R"("task_count":4,"parallelism":4,"instance_count":2,"workers_per_workflow":4,)"
            R"("shards":8,"max_attempts":1,"prefer_spot":true,"allow_on_demand_fallback":true,)"
            R"("signed_url_ttl_hours":48,"signed_url_refresh_threshold_seconds":21600})");
  EXPECT_EQ((*j)["machine"].dump(),
            R"({"machine_type":"n2d-custom-4-10240","cpu_milli":4000,"memory_mb":10240,)"
            R"("memory_warning":true,"computed_memory_mb":10240})");

  // Row 2 leaves the mode to the properties: none set is an error naming them (the reference
  // would have run it on GitHub Actions).
  auto no_mode = Run({"plan", "2"});
  EXPECT_NE(no_mode.exit_code, 0);
  EXPECT_NE(no_mode.err.find("no execution mode is selected"), std::string::npos) << no_mode.err;
  EXPECT_NE(no_mode.err.find("USE_GCP_BATCH = true"), std::string::npos) << no_mode.err;
  auto two = Run({"--json", "plan", "2"}, {{"USE_GCP_BATCH", "true"}});
  ASSERT_EQ(two.exit_code, 0) << two.err;
  auto j2 = *ParseJson(two.out);
  EXPECT_EQ(j2["plan"]["task_count"], 6);
  EXPECT_EQ(j2["plan"]["parallelism"], 3);
  EXPECT_EQ(j2["machine"]["machine_type"], "e2-standard-4");
  EXPECT_EQ(j2["settings"]["send_end_time"], Json({{"value", "18:00"}, {"source", "default"}}));
}

TEST_F(SettingsCommandsTest, PropertiesFromTheConfigFileShowTheirName) {
  std::filesystem::create_directories(dir_ / "data");
  std::ofstream(dir_ / "data" / "formsender.toml")
      << "USE_GCP_BATCH = true\n"
      << "FORM_SENDER_BATCH_INSTANCE_COUNT_DEFAULT = 5\n"
      << "FORM_SENDER_DEFAULT_SEND_END_TIME = \"17:00\"\n";
  ImportExamples();
  auto r = Run({"plan", "2", "--json"}, {{"FORM_SENDER_SHARD_COUNT", "4"}});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  Json j = *ParseJson(r.out);
  EXPECT_EQ(j["settings"]["send_end_time"],
            Json({{"value", "17:00"}, {"source", "property FORM_SENDER_DEFAULT_SEND_END_TIME"}}));
  EXPECT_EQ(j["settings"]["shards"],
            Json({{"value", 4}, {"source", "property FORM_SENDER_SHARD_COUNT"}}));
  EXPECT_EQ(j["plan"]["shards"], 4);
  // The row's own instance count (2) wins over the property.
  EXPECT_EQ(j["settings"]["batch_instance_count"]["source"], "targeting");
  auto text = Run({"plan", "2"});
  EXPECT_NE(text.out.find("property FORM_SENDER_DEFAULT_SEND_END_TIME (" +
                          (dir_ / "data" / "formsender.toml").string() + ":3)"),
            std::string::npos)
      << text.out;
}

TEST_F(SettingsCommandsTest, ImportErrorsWriteNothing) {
  ImportExamples();
  std::ofstream(dir_ / "targeting.csv")
      << "id,active,client_id,subject,message,max_daily_sends,send_start_time,send_end_time,"
         "send_days_of_week\n"
      << "1,TRUE,1,s,m,10,09:00,18:00,0\n"
      << "9,TRUE,1,s,m,10,09:00,25:00,0\n";
  auto r = Run({"import", "targeting", (dir_ / "targeting.csv").string()});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_EQ(r.err, "formsender: " + (dir_ / "targeting.csv").string() +
                       ":3: column send_end_time: \"25:00\" is not HH:MM\n");
  EXPECT_EQ(Run({"plan", "2"}, {{"USE_GCP_BATCH", "true"}}).exit_code, 0);  // earlier import intact
  EXPECT_EQ(Run({"plan", "9"}).exit_code, 4);
  auto dry = Run({"import", "targeting", Example("targeting.csv"), "--dry-run", "--json"});
  ASSERT_EQ(dry.exit_code, 0) << dry.err;
  EXPECT_EQ((*ParseJson(dry.out))["dry_run"], true);
}

TEST_F(SettingsCommandsTest, UsageErrors) {
  EXPECT_EQ(Run({"import", "targets", "x.csv"}).exit_code, 2);
  EXPECT_EQ(Run({"plan", "abc"}).exit_code, 2);
  auto unmigrated = Run({"plan", "1"});
  EXPECT_EQ(unmigrated.exit_code, 5);
  EXPECT_NE(unmigrated.err.find("run formsender db migrate"), std::string::npos) << unmigrated.err;
  ASSERT_EQ(Run({"db", "migrate"}).exit_code, 0);
  auto missing = Run({"import", "clients", (dir_ / "nope.csv").string()});
  EXPECT_EQ(missing.exit_code, 4);
}

TEST_F(SettingsCommandsTest, WorksOnPostgres) {
  auto pg = store::TestDatabase::Create(store::TestBackend::kPostgres, /*migrate=*/false);
  if (!pg.ok()) {
    if (store::PostgresRequired()) FAIL() << pg.status().ToString();
    GTEST_SKIP() << pg.status().message();
  }
  std::map<std::string, std::string> env = {{"FORMSENDER_DATABASE_URL", (*pg)->url()}};
  ImportExamples(env);
  auto r = Run({"plan", "1", "--json"}, env);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ((*ParseJson(r.out))["machine"]["machine_type"], "n2d-custom-4-10240");
}

}  // namespace
}  // namespace formsender::cli
