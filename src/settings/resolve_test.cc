// ResolveTargeting from the store and the JSON of `formsender plan --json`.
#include "settings/resolve.h"

#include <gtest/gtest.h>

#include "settings/sheet_import_db.h"
#include "settings/test_sheets.h"
#include "store/testing.h"

namespace formsender::settings {
namespace {

constexpr const char* kTargetingCsv =
    "id,active,client_id,description,subject,message,max_daily_sends,send_start_time,"
    "send_days_of_week,concurrent_workflow,batch_workers_per_workflow,use_serverless\n"
    "1,TRUE,7,四並列,件名,本文,50,09:00,\"[0,1,2,3,4]\",3,4,\n"
    "2,FALSE,7,下書き,,,,,,,,\n"
    "3,TRUE,9,Cloud Run,件名,本文,50,09:00,\"[0]\",2,,TRUE\n";
using testing::kClientCsv;

// USE_GCP_BATCH = true: the rows without a mode flag run in batch mode.
Properties BatchByDefault() {
  MapEnvironment env;
  env.Set("USE_GCP_BATCH", "true");
  return *Properties::Parse("", "", env);
}

class ResolveTest : public store::BackendTest {
 protected:
  void SetUp() override {
    store::BackendTest::SetUp();
    if (IsSkipped()) return;
    FakeClock clock(TimePoint{});
    ASSERT_TRUE(
        ImportSheet(db(), SheetKind::kClients, {kClientCsv, "client.csv", "client.csv"}, clock)
            .ok());
    ASSERT_TRUE(ImportSheet(db(), SheetKind::kTargeting,
                            {kTargetingCsv, "targeting.csv", "targeting.csv"}, clock)
                    .ok());
  }
};

TEST_P(ResolveTest, PlansABatchTargeting) {
  auto r = ResolveTargeting(db(), BatchByDefault(), 1);
  ASSERT_TRUE(r.ok()) << r.status().message();
  EXPECT_TRUE(CheckRunnable(*r).ok());
  OrderedJson j = PlanToJson(*r);
  std::vector<std::string> keys;
  for (const auto& [k, v] : j.items()) keys.push_back(k);
  EXPECT_EQ(keys,
            (std::vector<std::string>{"targeting_id", "settings", "plan", "machine", "warnings"}));
  EXPECT_EQ(j["plan"].dump(),
            R"({"mode":"batch","dispatcher_mode":"batch","mode_reason":"USE_GCP_BATCH = true )"
            R"((env USE_GCP_BATCH) and the targeting row has use_gcp_batch blank, use_serverless )"
            R"(blank","task_count":3,"parallelism":3,"instance_count":2,"workers_per_workflow":4,)"
            R"("shards":8,"max_attempts":1,"prefer_spot":true,"allow_on_demand_fallback":false,)"
            R"("signed_url_ttl_hours":48,"signed_url_refresh_threshold_seconds":21600})");
  EXPECT_EQ(j["machine"].dump(),
            R"({"machine_type":"n2d-custom-4-10240","cpu_milli":4000,"memory_mb":10240,)"
            R"("memory_warning":true,"computed_memory_mb":10240})");
  EXPECT_EQ(j["settings"]["batch_workers_per_workflow"].dump(),
            R"({"value":4,"source":"targeting"})");
  EXPECT_EQ(j["warnings"].size(), 1u);
  EXPECT_NE(j["warnings"][0].get<std::string>().find("e2-standard-2 cannot hold them"),
            std::string::npos);
  std::string text = PlanToText(*r);
  EXPECT_NE(text.find("targeting 1 (四並列), active, client 7 株式会社サンプル"), std::string::npos)
      << text;
  EXPECT_NE(text.find("batch_workers_per_workflow"), std::string::npos);
  EXPECT_NE(text.find("targeting (targeting.csv:2)"), std::string::npos) << text;
  EXPECT_NE(text.find("n2d-custom-4-10240, task 4000 mCPU / 10240 MiB (requested e2-standard-2)"),
            std::string::npos)
      << text;
}

TEST_P(ResolveTest, ServerlessHasNoMachine) {
  auto r = ResolveTargeting(db(), Properties(), 3);
  ASSERT_TRUE(r.ok()) << r.status().message();
  OrderedJson j = PlanToJson(*r);
  EXPECT_EQ(j["settings"]["execution_mode"].dump(),
            R"({"value":"serverless","source":"targeting","reason":"use_serverless = TRUE in the )"
            R"x(targeting row (explicit values beat the properties)"})x");
  EXPECT_EQ(j["plan"]["dispatcher_mode"], "cloud_run");
  EXPECT_NE(PlanToText(*r).find("mode serverless (dispatcher mode cloud_run): use_serverless = "
                                "TRUE in the targeting row"),
            std::string::npos)
      << PlanToText(*r);
  EXPECT_EQ(j["plan"]["instance_count"], nullptr);
  EXPECT_EQ(j["plan"]["task_count"], 2);
  EXPECT_EQ(j["plan"]["workers_per_workflow"], 4);
  EXPECT_EQ(j["machine"].dump(),
            R"({"machine_type":null,"cpu_milli":null,"memory_mb":null,"memory_warning":null,)"
            R"("computed_memory_mb":null})");
  // Client 9 is missing: a warning here, an error before starting.
  EXPECT_EQ(j["warnings"].back(), "client 9 is not in the client sheet");
  EXPECT_EQ(CheckRunnable(*r).code(), StatusCode::kNotFound);
}

TEST_P(ResolveTest, InactiveAndMissing) {
  auto draft = ResolveTargeting(db(), BatchByDefault(), 2);
  ASSERT_TRUE(draft.ok()) << draft.status().message();
  EXPECT_EQ(CheckRunnable(*draft).code(), StatusCode::kConflict);
  EXPECT_EQ(ResolveTargeting(db(), Properties(), 42).status().code(), StatusCode::kNotFound);
  // No mode anywhere: the reference's GitHub Actions path, an error naming the settings.
  auto none = ResolveTargeting(db(), Properties(), 1);
  ASSERT_FALSE(none.ok());
  EXPECT_NE(none.status().message().find("USE_GCP_BATCH = true"), std::string::npos);
}

TEST_P(ResolveTest, PropertiesChangeThePlan) {
  MapEnvironment env;
  env.Set("USE_GCP_BATCH", "true");
  env.Set("FORM_SENDER_BATCH_INSTANCE_COUNT_DEFAULT", "5");
  env.Set("FORM_SENDER_BATCH_MACHINE_TYPE_DEFAULT", "n2d-standard-8");
  auto props = Properties::Parse("", "", env);
  ASSERT_TRUE(props.ok());
  auto r = ResolveTargeting(db(), *props, 1);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->plan.task_count, 5);
  EXPECT_EQ(r->machine->machine_type, "n2d-standard-8");
  EXPECT_FALSE(r->machine->memory_warning);
  EXPECT_EQ(PlanToJson(*r)["settings"]["batch_machine_type"]["source"],
            "property FORM_SENDER_BATCH_MACHINE_TYPE_DEFAULT");
}

FS_INSTANTIATE_BACKEND_TEST(ResolveTest);

}  // namespace
}  // namespace formsender::settings
