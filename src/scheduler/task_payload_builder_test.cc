#include "scheduler/task_payload_builder.h"

#include <gtest/gtest.h>

#include "common/env.h"
#include "common/time.h"
#include "settings/sheet_import_db.h"
#include "settings/test_sheets.h"
#include "store/testing.h"

namespace formsender::scheduler {
namespace {

constexpr const char* kTargetingCsv =
    "id,active,client_id,description,subject,message,max_daily_sends,send_start_time,"
    "send_days_of_week,concurrent_workflow,batch_workers_per_workflow,use_serverless,"
    "session_max_hours\n"
    "1,TRUE,7,四並列,件名,本文,50,09:00,\"[0,1,2,3,4]\",3,4,,6\n"
    "3,TRUE,9,Cloud Run,件名,本文,50,09:00,\"[0]\",2,,TRUE,\n";

class PayloadTest : public store::BackendTest {
 protected:
  void SetUp() override {
    store::BackendTest::SetUp();
    if (IsSkipped()) return;
    FakeClock clock(TimePoint{});
    using settings::SheetKind;
    ASSERT_TRUE(settings::ImportSheet(db(), SheetKind::kClients,
                                      {settings::testing::kClientCsv, "c.csv", "c.csv"}, clock)
                    .ok());
    ASSERT_TRUE(
        settings::ImportSheet(db(), SheetKind::kTargeting, {kTargetingCsv, "t.csv", "t.csv"}, clock)
            .ok());
  }
  // No execution mode is an error; row 1 leaves it to the properties.
  static settings::Properties BatchProps() {
    MapEnvironment env;
    auto props = settings::Properties::Parse("USE_GCP_BATCH = true\n", "formsender.toml", env);
    EXPECT_TRUE(props.ok()) << props.status().message();
    return props.ok() ? *props : settings::Properties();
  }
  PayloadInputs Inputs() {
    PayloadInputs in;
    in.execution_id = "0b6f6c1e-1111-4222-8333-944455556666";
    in.run_index_base = 5;
    in.client_config_ref = "https://storage.googleapis.com/b/o?X-Goog-Signature=ab";
    in.client_config_object = "gs://b/20260507/targeting-1-x.json";
    in.now = JstTimeOn(CivilDate{2026, 5, 7}, TimeOfDay{9, 0, 0});
    return in;
  }
};

TEST_P(PayloadTest, BatchPayloadCarriesThePlanAndTheMachine) {
  auto r = settings::ResolveTargeting(db(), BatchProps(), 1);
  ASSERT_TRUE(r.ok()) << r.status().message();
  Json p = BuildTaskPayload(*r, Inputs());
  EXPECT_EQ(p["targeting_id"], 1);
  EXPECT_EQ(p["mode"], "batch");
  EXPECT_EQ(p["cpu_class"], "gcp_spot");
  EXPECT_EQ(p["execution"]["run_total"], 3);  // max(concurrent_workflow 3, instances 2)
  EXPECT_EQ(p["execution"]["run_index_base"], 5);
  EXPECT_EQ(p["execution"]["workers_per_workflow"], 4);
  EXPECT_LE(p["execution"]["parallelism"].get<int>(), p["batch"]["max_parallelism"].get<int>());
  EXPECT_EQ(p["batch"]["enabled"], true);
  EXPECT_EQ(p["batch"]["instance_count"], 2);
  EXPECT_FALSE(p["batch"]["machine_type"].get<std::string>().empty());
  EXPECT_EQ(p["tables"]["send_queue_table"], "send_queue");
  EXPECT_EQ(p["metadata"]["triggered_at_jst"], "2026-05-07T09:00:00+09:00");
  EXPECT_EQ(p["session_max_hours"], 6.0);
  EXPECT_TRUE(p["branch"].is_null());
}

TEST_P(PayloadTest, TestModeAndExtraChooseTheTables) {
  auto r = settings::ResolveTargeting(db(), BatchProps(), 1);
  ASSERT_TRUE(r.ok());
  PayloadInputs in = Inputs();
  in.test_mode = true;
  Json p = BuildTaskPayload(*r, in);
  EXPECT_EQ(p["tables"]["send_queue_table"], "send_queue_test");
  EXPECT_EQ(p["tables"]["submissions_table"], "submissions_test");
  EXPECT_EQ(p["test_mode"], true);
  in.test_mode = false;
  in.use_extra = true;
  in.branch = "feature/x";
  p = BuildTaskPayload(*r, in);
  EXPECT_EQ(p["tables"]["company_table"], "companies_extra");
  EXPECT_EQ(p["branch"], "feature/x");
}

TEST_P(PayloadTest, ServerlessPayloadHasNoBatchObject) {
  auto r = settings::ResolveTargeting(db(), BatchProps(), 3);
  ASSERT_TRUE(r.ok()) << r.status().message();
  Json p = BuildTaskPayload(*r, Inputs());
  EXPECT_EQ(p["mode"], "cloud_run");
  EXPECT_FALSE(p.contains("batch"));
  EXPECT_FALSE(p.contains("cpu_class"));
  EXPECT_EQ(p["session_max_hours"], 8.0);
}

FS_INSTANTIATE_BACKEND_TEST(PayloadTest);

}  // namespace
}  // namespace formsender::scheduler
