// Execution-mode resolution: every case of orchestration-cases.md section B, with the GitHub
// Actions outcomes of the reference replaced by errors that name the settings (spec §6.5).
#include "settings/execution_mode.h"

#include <gtest/gtest.h>

#include "settings/sheet_import.h"

namespace formsender::settings {
namespace {

Targeting Row(const std::string& header = "", const std::string& cells = "") {
  std::string csv =
      "id,active,client_id,subject,message,max_daily_sends,send_start_time,send_days_of_week" +
      (header.empty() ? "" : "," + header) + "\n5,TRUE,7,s,m,50,09:00,\"[0,1,2,3,4]\"" +
      (header.empty() ? "" : "," + cells) + "\n";
  auto r = ParseTargetingSheet(csv, "targeting.csv", TimePoint{});
  EXPECT_TRUE(r.ok()) << r.status().message();
  return r.ok() ? r->rows[0] : Targeting{};
}

Properties Props(const std::map<std::string, std::string>& vars) {
  MapEnvironment env;
  for (const auto& [k, v] : vars) env.Set(k, v);
  auto p = Properties::Parse("", "formsender.toml", env);
  EXPECT_TRUE(p.ok()) << p.status().message();
  return p.ok() ? *p : Properties();
}

std::string Mode(const Targeting& t, const std::map<std::string, std::string>& vars) {
  auto d = ResolveExecutionMode(t, Props(vars));
  if (!d.ok()) return "error: " + d.status().message();
  return std::string(ExecutionModeName(d->mode)) + " <- " +
         (d->from_targeting ? "targeting" : d->property);
}

// B-22: no properties, empty config → the reference: github. Here an error naming the
// settings that select a mode.
TEST(ExecutionModeTest, Case22NothingSetIsAnErrorNotGitHub) {
  auto d = ResolveExecutionMode(Row(), Props({}));
  ASSERT_FALSE(d.ok());
  EXPECT_EQ(d.status().code(), StatusCode::kInvalidArgument);
  const std::string& m = d.status().message();
  EXPECT_NE(m.find("targeting 5: no execution mode is selected"), std::string::npos) << m;
  EXPECT_NE(m.find("USE_GCP_BATCH is not set"), std::string::npos) << m;
  EXPECT_NE(m.find("USE_SERVERLESS_FORM_SENDER is not set"), std::string::npos) << m;
  EXPECT_NE(m.find("GitHub Actions, which formsender does not have"), std::string::npos) << m;
  EXPECT_NE(m.find("set USE_GCP_BATCH = true"), std::string::npos) << m;
  // Both properties explicitly false: the same.
  auto off = ResolveExecutionMode(
      Row(), Props({{"USE_GCP_BATCH", "false"}, {"USE_SERVERLESS_FORM_SENDER", "0"}}));
  ASSERT_FALSE(off.ok());
  EXPECT_NE(off.status().message().find("USE_GCP_BATCH is false"), std::string::npos);
}

// B-23: the properties alone; batch before serverless.
TEST(ExecutionModeTest, Case23Properties) {
  EXPECT_EQ(Mode(Row(), {{"USE_GCP_BATCH", "true"}}), "batch <- USE_GCP_BATCH");
  EXPECT_EQ(Mode(Row(), {{"USE_SERVERLESS_FORM_SENDER", "true"}}),
            "serverless <- USE_SERVERLESS_FORM_SENDER");
  EXPECT_EQ(Mode(Row(), {{"USE_GCP_BATCH", "true"}, {"USE_SERVERLESS_FORM_SENDER", "true"}}),
            "batch <- USE_GCP_BATCH");
  auto d = ResolveExecutionMode(
      Row(), Props({{"USE_GCP_BATCH", "yes"}, {"USE_SERVERLESS_FORM_SENDER", "TRUE"}}));
  ASSERT_TRUE(d.ok());
  EXPECT_EQ(d->reason,
            "USE_GCP_BATCH = true (env USE_GCP_BATCH) and the targeting row has use_gcp_batch "
            "blank, use_serverless blank (batch is considered before serverless)");
}

// B-25: an explicit serverless row beats the global batch property.
TEST(ExecutionModeTest, Case25ExplicitServerlessBeatsGlobalBatch) {
  EXPECT_EQ(Mode(Row("use_serverless", "TRUE"), {{"USE_GCP_BATCH", "true"}}),
            "serverless <- targeting");
  auto d = ResolveExecutionMode(Row("useServerless", "1"), Props({{"USE_GCP_BATCH", "true"}}));
  ASSERT_TRUE(d.ok());
  EXPECT_EQ(d->reason,
            "use_serverless = TRUE in the targeting row (explicit values beat the properties)");
  // Both explicit: batch first.
  EXPECT_EQ(Mode(Row("use_gcp_batch,use_serverless", "TRUE,TRUE"), {}), "batch <- targeting");
}

// B-26: USE_GCP_BATCH=true but the row turns batch off, no serverless → the reference:
// github. Here an error saying the row turned batch off.
TEST(ExecutionModeTest, Case26RowTurnsBatchOffWithNothingElse) {
  auto d = ResolveExecutionMode(Row("use_gcp_batch", "FALSE"), Props({{"USE_GCP_BATCH", "true"}}));
  ASSERT_FALSE(d.ok());
  const std::string& m = d.status().message();
  EXPECT_NE(m.find("use_gcp_batch = FALSE"), std::string::npos) << m;
  EXPECT_NE(m.find("USE_GCP_BATCH is true but the row turns batch off"), std::string::npos) << m;
  // An explicit false lets the other property decide.
  EXPECT_EQ(Mode(Row("use_gcp_batch", "FALSE"), {{"USE_SERVERLESS_FORM_SENDER", "on"}}),
            "serverless <- USE_SERVERLESS_FORM_SENDER");
  // A row that turns serverless off while the property enables it, with batch not enabled.
  EXPECT_EQ(
      Mode(Row("use_serverless", "FALSE"), {{"USE_SERVERLESS_FORM_SENDER", "true"}}).substr(0, 6),
      "error:");
}

// B-27: the row's batch flag (column aliases and boolean spellings of the sheet).
TEST(ExecutionModeTest, Case27RowBatchFlag) {
  EXPECT_EQ(Mode(Row("useGcpBatch", "yes"), {}), "batch <- targeting");
  EXPECT_EQ(Mode(Row("use gcp batch", "True"), {{"USE_SERVERLESS_FORM_SENDER", "true"}}),
            "batch <- targeting");
}

// B-29/30 are the dispatcher address (dispatcher_address_test.cc). The reference's other
// GitHub fall-back — batch/serverless without a configured dispatcher (§6.4 step 5) — is an
// error naming what is missing when campaigns go through Cloud Tasks.
TEST(ExecutionModeTest, DispatcherSettingsMissingAreNamed) {
  EXPECT_FALSE(UsesCloudTasksDispatcher(Props({})));
  EXPECT_TRUE(CheckDispatcherConfigured(Props({})).ok());  // the embedded queue: always there
  Properties queue_only = Props({{"FORM_SENDER_TASKS_QUEUE", "projects/p/locations/l/queues/q"}});
  EXPECT_EQ(
      MissingDispatcherSettings(queue_only),
      (std::vector<std::string>{"FORM_SENDER_DISPATCHER_SERVICE_ACCOUNT",
                                "FORM_SENDER_DISPATCHER_URL or FORM_SENDER_DISPATCHER_BASE_URL"}));
  Status s = CheckDispatcherConfigured(queue_only);
  EXPECT_EQ(s.code(), StatusCode::kInvalidArgument);
  EXPECT_NE(s.message().find("FORM_SENDER_DISPATCHER_SERVICE_ACCOUNT, FORM_SENDER_DISPATCHER_URL "
                             "or FORM_SENDER_DISPATCHER_BASE_URL are not set"),
            std::string::npos)
      << s.message();
  Properties cloudtasks = Props({{"FORMSENDER_TASKS_BACKEND", "cloudtasks"}});
  EXPECT_EQ(MissingDispatcherSettings(cloudtasks).size(), 3u);
  Properties complete =
      Props({{"FORMSENDER_TASKS_BACKEND", "cloudtasks"},
             {"FORM_SENDER_TASKS_QUEUE", "projects/p/locations/l/queues/q"},
             {"FORM_SENDER_DISPATCHER_SERVICE_ACCOUNT", "d@p.iam.gserviceaccount.com"},
             {"FORM_SENDER_DISPATCHER_BASE_URL", "https://d.example.run.app"}});
  EXPECT_TRUE(CheckDispatcherConfigured(complete).ok());
}

TEST(ExecutionModeTest, DispatcherModeNames) {
  EXPECT_EQ(DispatcherModeName(ExecutionMode::kBatch), "batch");
  EXPECT_EQ(DispatcherModeName(ExecutionMode::kServerless), "cloud_run");
  EXPECT_EQ(ExecutionModeName(ExecutionMode::kServerless), "serverless");
}

}  // namespace
}  // namespace formsender::settings
