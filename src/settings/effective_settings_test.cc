// Precedence targeting → property OVERRIDE → property DEFAULT → built-in default for every
// setting, with the source of each value (spec §2.7, guide §7), and cases B, C, D of
// orchestration-cases.md.
#include "settings/effective_settings.h"

#include <gtest/gtest.h>

#include "settings/sheet_import.h"

namespace formsender::settings {
namespace {

constexpr const char* kHeader =
    "id,active,client_id,subject,message,max_daily_sends,send_start_time,send_days_of_week";
constexpr const char* kRow = "5,TRUE,7,s,m,50,09:00,\"[0,1,2,3,4]\"";

Targeting MakeTargeting(const std::string& header = "", const std::string& cells = "") {
  std::string csv = std::string(kHeader) + (header.empty() ? "" : "," + header) + "\n" + kRow +
                    (header.empty() ? "" : "," + cells) + "\n";
  auto r = ParseTargetingSheet(csv, "targeting.csv", TimePoint{});
  EXPECT_TRUE(r.ok()) << r.status().message();
  return r.ok() ? r->rows[0] : Targeting{};
}

// Exactly these properties.
Properties RawProperties(const std::map<std::string, std::string>& vars) {
  MapEnvironment env;
  for (const auto& [k, v] : vars) env.Set(k, v);
  auto p = Properties::Parse("", "formsender.toml", env);
  EXPECT_TRUE(p.ok()) << p.status().message();
  return p.ok() ? *p : Properties();
}

// These properties, with USE_GCP_BATCH = true unless they choose a mode themselves: every
// resolution needs a mode (spec §6.5; nothing set is an error, not GitHub Actions).
Properties MakeProperties(std::map<std::string, std::string> vars) {
  if (!vars.count("USE_GCP_BATCH") && !vars.count("USE_SERVERLESS_FORM_SENDER")) {
    vars["USE_GCP_BATCH"] = "true";
  }
  MapEnvironment env;
  for (const auto& [k, v] : vars) env.Set(k, v);
  auto p = Properties::Parse("", "formsender.toml", env);
  EXPECT_TRUE(p.ok()) << p.status().message();
  return p.ok() ? *p : Properties();
}

OrderedJson Resolve(const Targeting& t, const std::map<std::string, std::string>& vars = {}) {
  auto s = ResolveSettings(t, MakeProperties(vars));
  EXPECT_TRUE(s.ok()) << s.status().message();
  return s.ok() ? s->ToJson() : OrderedJson();
}

struct Level {
  std::string value;   // JSON text of the expected value
  std::string source;  // expected source label
};

struct PrecedenceCase {
  std::string setting;
  std::string column;         // targeting column ("" when the setting has none)
  std::string cell;           // its value in the targeting row
  std::string override_name;  // "" when the setting has no override property
  std::string override_value;
  std::string default_name;  // "" when the setting has no default property
  std::string default_value;
  Level builtin, by_default, by_override, by_targeting;
};

// Every setting of spec §2.7 and guide §7 at every level it has.
std::vector<PrecedenceCase> Cases() {
  return {
      {"batch_instance_count",
       "batch_instance_count",
       "5",
       "FORM_SENDER_BATCH_INSTANCE_COUNT_OVERRIDE",
       "3",
       "FORM_SENDER_BATCH_INSTANCE_COUNT_DEFAULT",
       "4",
       {"2", "default"},
       {"4", "property FORM_SENDER_BATCH_INSTANCE_COUNT_DEFAULT"},
       {"3", "property FORM_SENDER_BATCH_INSTANCE_COUNT_OVERRIDE"},
       {"5", "targeting"}},
      {"batch_workers_per_workflow",
       "batch_workers_per_workflow",
       "6",
       "FORM_SENDER_BATCH_WORKERS_PER_WORKFLOW_OVERRIDE",
       "3",
       "FORM_SENDER_BATCH_WORKERS_PER_WORKFLOW_DEFAULT",
       "4",
       {"2", "default"},
       {"4", "property FORM_SENDER_BATCH_WORKERS_PER_WORKFLOW_DEFAULT"},
       {"3", "property FORM_SENDER_BATCH_WORKERS_PER_WORKFLOW_OVERRIDE"},
       {"6", "targeting"}},
      {"batch_machine_type",
       "batch_machine_type",
       "e2-standard-4",
       "FORM_SENDER_BATCH_MACHINE_TYPE_OVERRIDE",
       "n2d-custom-8-32768",
       "FORM_SENDER_BATCH_MACHINE_TYPE_DEFAULT",
       "n2-standard-2",
       {"\"e2-standard-2\"", "default"},
       {"\"n2-standard-2\"", "property FORM_SENDER_BATCH_MACHINE_TYPE_DEFAULT"},
       {"\"n2d-custom-8-32768\"", "property FORM_SENDER_BATCH_MACHINE_TYPE_OVERRIDE"},
       {"\"e2-standard-4\"", "targeting"}},
      {"batch_max_parallelism",
       "batch_max_parallelism",
       "3",
       "",
       "",
       "FORM_SENDER_BATCH_MAX_PARALLELISM_DEFAULT",
       "50",
       {"100", "default"},
       {"50", "property FORM_SENDER_BATCH_MAX_PARALLELISM_DEFAULT"},
       {},
       {"3", "targeting"}},
      {"batch_prefer_spot",
       "batch_prefer_spot",
       "TRUE",
       "",
       "",
       "FORM_SENDER_BATCH_PREFER_SPOT_DEFAULT",
       "no",
       {"true", "default"},
       {"false", "property FORM_SENDER_BATCH_PREFER_SPOT_DEFAULT"},
       {},
       {"true", "targeting"}},
      {"batch_allow_on_demand_fallback",
       "batch_allow_on_demand_fallback",
       "FALSE",
       "",
       "",
       "FORM_SENDER_BATCH_ALLOW_ON_DEMAND_DEFAULT",
       "on",
       {"false", "default"},
       {"true", "property FORM_SENDER_BATCH_ALLOW_ON_DEMAND_DEFAULT"},
       {},
       {"false", "targeting"}},
      {"batch_vcpu_per_worker",
       "batch_vcpu_per_worker",
       "2",
       "",
       "",
       "FORM_SENDER_BATCH_VCPU_PER_WORKER_DEFAULT",
       "3",
       {"1", "default"},
       {"3", "property FORM_SENDER_BATCH_VCPU_PER_WORKER_DEFAULT"},
       {},
       {"2", "targeting"}},
      {"batch_memory_per_worker_mb",
       "batch_memory_per_worker_mb",
       "1500",
       "",
       "",
       "FORM_SENDER_BATCH_MEMORY_PER_WORKER_MB_DEFAULT",
       "3072",
       {"2048", "default"},
       {"3072", "property FORM_SENDER_BATCH_MEMORY_PER_WORKER_MB_DEFAULT"},
       {},
       {"1500", "targeting"}},
      {"batch_memory_buffer_mb",
       "batch_memory_buffer_mb",
       "0",
       "",
       "",
       "FORM_SENDER_BATCH_MEMORY_BUFFER_MB_DEFAULT",
       "4096",
       {"2048", "default"},
       {"4096", "property FORM_SENDER_BATCH_MEMORY_BUFFER_MB_DEFAULT"},
       {},
       {"0", "targeting"}},
      {"batch_max_attempts",
       "batch_max_attempts",
       "3",
       "",
       "",
       "FORM_SENDER_BATCH_MAX_ATTEMPTS_DEFAULT",
       "2",
       {"1", "default"},
       {"2", "property FORM_SENDER_BATCH_MAX_ATTEMPTS_DEFAULT"},
       {},
       {"3", "targeting"}},
      {"batch_signed_url_ttl_hours",
       "batch_signed_url_ttl_hours",
       "72",
       "",
       "",
       "FORM_SENDER_SIGNED_URL_TTL_HOURS_BATCH",
       "24",
       {"48", "default"},
       {"24", "property FORM_SENDER_SIGNED_URL_TTL_HOURS_BATCH"},
       {},
       {"72", "targeting"}},
      {"batch_signed_url_refresh_threshold_seconds",
       "batch_signed_url_refresh_threshold_seconds",
       "7200",
       "",
       "",
       "FORM_SENDER_SIGNED_URL_REFRESH_THRESHOLD_BATCH",
       "3600",
       {"21600", "default"},
       {"3600", "property FORM_SENDER_SIGNED_URL_REFRESH_THRESHOLD_BATCH"},
       {},
       {"7200", "targeting"}},
      {"session_max_hours",
       "session_max_hours",
       "2.5",
       "",
       "",
       "FORM_SENDER_MAX_SESSION_HOURS_DEFAULT",
       "10",
       {"8", "default"},
       {"10", "property FORM_SENDER_MAX_SESSION_HOURS_DEFAULT"},
       {},
       {"2.5", "targeting"}},
      {"send_end_time",
       "send_end_time",
       "9:30",
       "",
       "",
       "FORM_SENDER_DEFAULT_SEND_END_TIME",
       "17:00",
       {"\"18:00\"", "default"},
       {"\"17:00\"", "property FORM_SENDER_DEFAULT_SEND_END_TIME"},
       {},
       {"\"09:30\"", "targeting"}},
      {"concurrent_workflow",
       "concurrent_workflow",
       "3",
       "",
       "",
       "",
       "",
       {"1", "default"},
       {},
       {},
       {"3", "targeting"}},
      {"use_extra_table",
       "use_extra_table",
       "TRUE",
       "",
       "",
       "",
       "",
       {"false", "default"},
       {},
       {},
       {"true", "targeting"}},
      {"branch",
       "branch",
       "feature/x",
       "",
       "",
       "FORM_SENDER_GIT_REF_DEFAULT",
       "main",
       {"null", "default"},
       {"\"main\"", "property FORM_SENDER_GIT_REF_DEFAULT"},
       {},
       {"\"feature/x\"", "targeting"}},
      {"shards",
       "",
       "",
       "",
       "",
       "FORM_SENDER_SHARD_COUNT",
       "12",
       {"8", "default"},
       {"12", "property FORM_SENDER_SHARD_COUNT"},
       {},
       {}},
      {"workers_per_workflow",
       "",
       "",
       "",
       "",
       "FORM_SENDER_WORKERS_OVERRIDE",
       "9",
       {"4", "default"},
       {"9", "property FORM_SENDER_WORKERS_OVERRIDE"},
       {},
       {}},
      {"parallelism",
       "",
       "",
       "",
       "",
       "FORM_SENDER_PARALLELISM_OVERRIDE",
       "2",
       {"null", "default"},
       {"2", "property FORM_SENDER_PARALLELISM_OVERRIDE"},
       {},
       {}},
      {"signed_url_ttl_hours",
       "",
       "",
       "",
       "",
       "FORM_SENDER_SIGNED_URL_TTL_HOURS",
       "20",
       {"15", "default"},
       {"20", "property FORM_SENDER_SIGNED_URL_TTL_HOURS"},
       {},
       {}},
      {"signed_url_refresh_threshold_seconds",
       "",
       "",
       "",
       "",
       "FORM_SENDER_SIGNED_URL_REFRESH_THRESHOLD",
       "900",
       {"1800", "default"},
       {"900", "property FORM_SENDER_SIGNED_URL_REFRESH_THRESHOLD"},
       {},
       {}},
      {"company_cooldown_days",
       "",
       "",
       "",
       "",
       "FORMSENDER_COMPANY_COOLDOWN_DAYS",
       "7",
       {"30", "default"},
       {"7", "property company_cooldown_days"},
       {},
       {}},
  };
}

void ExpectLevel(const OrderedJson& settings, const std::string& name, const Level& want,
                 const std::string& level) {
  ASSERT_TRUE(settings.contains(name)) << name;
  EXPECT_EQ(settings[name]["value"].dump(), want.value) << name << " at " << level;
  EXPECT_EQ(settings[name]["source"], want.source) << name << " at " << level;
}

TEST(PrecedenceTest, EverySettingAtEveryLevel) {
  for (const auto& c : Cases()) {
    SCOPED_TRACE(c.setting);
    std::map<std::string, std::string> vars;
    ExpectLevel(Resolve(MakeTargeting(), vars), c.setting, c.builtin, "built-in");
    if (!c.default_name.empty()) {
      vars[c.default_name] = c.default_value;
      ExpectLevel(Resolve(MakeTargeting(), vars), c.setting, c.by_default, "default property");
    }
    if (!c.override_name.empty()) {
      vars[c.override_name] = c.override_value;
      ExpectLevel(Resolve(MakeTargeting(), vars), c.setting, c.by_override, "override property");
    }
    if (!c.column.empty()) {
      ExpectLevel(Resolve(MakeTargeting(c.column, c.cell), vars), c.setting, c.by_targeting,
                  "targeting");
    }
  }
}

TEST(PrecedenceTest, RowOnlySettings) {
  auto s = Resolve(MakeTargeting());
  EXPECT_EQ(s["send_start_time"]["value"], "09:00");
  EXPECT_EQ(s["send_start_time"]["source"], "targeting");
  EXPECT_EQ(s["send_days_of_week"]["value"], OrderedJson::parse("[0,1,2,3,4]"));
  EXPECT_EQ(s["max_daily_sends"]["value"], 50);
  // An inactive draft without them resolves to the defaults, with a warning.
  auto draft = ParseTargetingSheet(std::string(kHeader) + "\n9,FALSE,7,,,,,\n", "t.csv", {});
  ASSERT_TRUE(draft.ok());
  auto r = ResolveSettings(draft->rows[0], MakeProperties({}));
  ASSERT_TRUE(r.ok());
  OrderedJson d = r->ToJson();
  EXPECT_EQ(d["max_daily_sends"]["value"], 100);
  EXPECT_EQ(d["max_daily_sends"]["source"], "default");
  EXPECT_EQ(d["send_days_of_week"]["source"], "default");
  EXPECT_EQ(r->warnings, std::vector<std::string>{"targeting 9 is not active"});
}

TEST(PrecedenceTest, OriginsPointAtTheCell) {
  Targeting t = MakeTargeting("batch_instance_count", "3");
  auto s = ResolveSettings(t, MakeProperties({{"FORM_SENDER_SHARD_COUNT", "4"}}));
  ASSERT_TRUE(s.ok());
  EXPECT_EQ(s->batch_instance_count.source.origin, "targeting.csv:2");
  EXPECT_EQ(s->shards.source.origin, "env FORM_SENDER_SHARD_COUNT");
  EXPECT_EQ(s->batch_max_parallelism.source.origin, "");
  auto lines = s->ToLines();
  EXPECT_NE(std::find_if(lines.begin(), lines.end(),
                         [](const std::string& l) {
                           return l.starts_with("shards ") &&
                                  l.ends_with(
                                      "property FORM_SENDER_SHARD_COUNT (env "
                                      "FORM_SENDER_SHARD_COUNT)");
                         }),
            lines.end());
}

// Case: the column takes effect (the reference returned 2).
TEST(PrecedenceTest, WorkersColumnTakesEffect) {
  auto s = Resolve(MakeTargeting("batch_workers_per_workflow", "6"));
  EXPECT_EQ(s["batch_workers_per_workflow"]["value"], 6);
}

// Case C-31: 1–16 everywhere (the reference clamped FORM_SENDER_WORKERS_OVERRIDE to 4); the
// batch default follows min(2, non-batch workers).
TEST(PrecedenceTest, WorkerDefaults) {
  EXPECT_EQ(Resolve(MakeTargeting(),
                    {{"FORM_SENDER_WORKERS_OVERRIDE", "9"}})["workers_per_workflow"]["value"],
            9);
  EXPECT_EQ(Resolve(MakeTargeting(),
                    {{"FORM_SENDER_WORKERS_OVERRIDE", "0"}})["workers_per_workflow"]["value"],
            4);
  EXPECT_EQ(Resolve(MakeTargeting(),
                    {{"FORM_SENDER_WORKERS_OVERRIDE", "1"}})["batch_workers_per_workflow"]["value"],
            1);
}

// Case C-33: instance count (targeting 40 is refused at import; DEFAULT "0" at load).
TEST(PrecedenceTest, InstanceCountCase33) {
  EXPECT_EQ(Resolve(MakeTargeting())["batch_instance_count"]["value"], 2);
  EXPECT_EQ(Resolve(MakeTargeting(), {{"FORM_SENDER_BATCH_INSTANCE_COUNT_DEFAULT", "5"},
                                      {"FORM_SENDER_BATCH_INSTANCE_COUNT_OVERRIDE",
                                       "3"}})["batch_instance_count"]["value"],
            3);
}

// Case D-46 (corrected to the guide's order): the targeting beats the OVERRIDE property.
TEST(PrecedenceTest, MachineTypeTargetingBeatsOverride) {
  auto s = Resolve(MakeTargeting("batch_machine_type", "e2-standard-4"),
                   {{"FORM_SENDER_BATCH_MACHINE_TYPE_OVERRIDE", "n2d-custom-8-32768"}});
  EXPECT_EQ(s["batch_machine_type"]["value"], "e2-standard-4");
  EXPECT_EQ(s["batch_machine_type"]["source"], "targeting");
}

// Cases B-22 … B-27 (spec §6.5): execution_mode_test.cc has every case; here the mode as
// the settings JSON shows it.
TEST(ExecutionModeTest, InTheSettingsJson) {
  auto s = ResolveSettings(MakeTargeting("use_serverless", "TRUE"),
                           RawProperties({{"USE_GCP_BATCH", "true"}}));
  ASSERT_TRUE(s.ok()) << s.status().message();
  OrderedJson mode = s->ToJson()["execution_mode"];
  EXPECT_EQ(mode["value"], "serverless");
  EXPECT_EQ(mode["source"], "targeting");
  EXPECT_NE(mode["reason"].get<std::string>().find("use_serverless = TRUE"), std::string::npos);
  auto none = ResolveSettings(MakeTargeting(), RawProperties({}));
  ASSERT_FALSE(none.ok());
  EXPECT_NE(none.status().message().find("no execution mode is selected"), std::string::npos);
  // Dispatched through Cloud Tasks without the dispatcher's settings: an error naming them.
  auto half = ResolveSettings(
      MakeTargeting(),
      MakeProperties({{"FORM_SENDER_TASKS_QUEUE", "projects/p/locations/l/queues/q"}}));
  ASSERT_FALSE(half.ok());
  EXPECT_NE(
      half.status().message().find("targeting 5: the Cloud Tasks dispatcher is not configured: "
                                   "FORM_SENDER_DISPATCHER_SERVICE_ACCOUNT"),
      std::string::npos)
      << half.status().message();
}

// Case through the properties.
TEST(PrecedenceTest, SendEndTimeAndSessionHours) {
  EXPECT_EQ(Resolve(MakeTargeting())["send_end_time"]["value"], "18:00");
  EXPECT_EQ(Resolve(MakeTargeting("send_end_time", "9:30"))["send_end_time"]["value"], "09:30");
  EXPECT_EQ(Resolve(MakeTargeting(),
                    {{"FORM_SENDER_DEFAULT_SEND_END_TIME", "17:00"}})["send_end_time"]["value"],
            "17:00");
  EXPECT_EQ(Resolve(MakeTargeting("session_max_hours", "12"))["session_max_hours"]["value"], 12);
  EXPECT_EQ(Resolve(MakeTargeting(), {{"FORM_SENDER_MAX_SESSION_HOURS_DEFAULT",
                                       "10"}})["session_max_hours"]["value"],
            10);
}

TEST(ValidationTest, StartAfterEndIsAnError) {
  auto s = ResolveSettings(MakeTargeting("send_end_time", "08:30"), MakeProperties({}));
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(
      s.status().message(),
      "targeting 5: send_start_time 09:00 (targeting) is after send_end_time 08:30 (targeting)");
  auto prop = ResolveSettings(MakeTargeting(),
                              MakeProperties({{"FORM_SENDER_DEFAULT_SEND_END_TIME", "8:00"}}));
  ASSERT_FALSE(prop.ok());
  EXPECT_NE(prop.status().message().find("(property FORM_SENDER_DEFAULT_SEND_END_TIME)"),
            std::string::npos);
  EXPECT_TRUE(ResolveSettings(MakeTargeting("send_end_time", "09:00"), MakeProperties({})).ok());
}

TEST(ValidationTest, RefreshThresholdBelowTheTtl) {
  // Both in the row: the operator's conflict to fix.
  auto row = ResolveSettings(
      MakeTargeting("batch_signed_url_ttl_hours,batch_signed_url_refresh_threshold_seconds",
                    "1,3600"),
      MakeProperties({}));
  ASSERT_FALSE(row.ok());
  EXPECT_EQ(row.status().message(),
            "batch_signed_url_refresh_threshold_seconds 3600 s (targeting) is not below "
            "batch_signed_url_ttl_hours 1 h (targeting)");
  // An inherited threshold is lowered to 10 minutes before expiry, with a warning.
  auto inherited =
      ResolveSettings(MakeTargeting("batch_signed_url_ttl_hours", "1"), MakeProperties({}));
  ASSERT_TRUE(inherited.ok()) << inherited.status().message();
  EXPECT_EQ(inherited->batch_signed_url_refresh_threshold_seconds.value, 3000);
  ASSERT_EQ(inherited->warnings.size(), 1u);
  EXPECT_EQ(inherited->warnings[0],
            "batch_signed_url_refresh_threshold_seconds 21600 s (default) is not below "
            "batch_signed_url_ttl_hours 1 h (targeting): lowered to 3000 s");
  // Both properties: an error naming both.
  auto props = ResolveSettings(
      MakeTargeting(), MakeProperties({{"FORM_SENDER_SIGNED_URL_TTL_HOURS", "1"},
                                       {"FORM_SENDER_SIGNED_URL_REFRESH_THRESHOLD", "7200"}}));
  ASSERT_FALSE(props.ok());
  EXPECT_NE(props.status().message().find("property FORM_SENDER_SIGNED_URL_REFRESH_THRESHOLD"),
            std::string::npos);
}

// Case C-37: the TTL per mode.
TEST(PrecedenceTest, SignedUrlTtlCase37) {
  auto s = ResolveSettings(MakeTargeting(), MakeProperties({}));
  ASSERT_TRUE(s.ok());
  EXPECT_EQ(s->batch_signed_url_ttl_hours.value * 3600, 172800);
  EXPECT_EQ(s->signed_url_ttl_hours.value * 3600, 54000);
}

TEST(SettingsJsonTest, EverySettingInOrderWithValueAndSource) {
  auto s = Resolve(MakeTargeting());
  std::vector<std::string> names;
  for (const auto& [k, v] : s.items()) {
    names.push_back(k);
    EXPECT_EQ(v.size(), k == "execution_mode" ? 3u : 2u) << k;
    EXPECT_TRUE(v.contains("value") && v.contains("source")) << k;
  }
  EXPECT_EQ(names, (std::vector<std::string>{"execution_mode",
                                             "concurrent_workflow",
                                             "batch_instance_count",
                                             "parallelism",
                                             "batch_max_parallelism",
                                             "workers_per_workflow",
                                             "batch_workers_per_workflow",
                                             "shards",
                                             "batch_prefer_spot",
                                             "batch_allow_on_demand_fallback",
                                             "batch_machine_type",
                                             "batch_vcpu_per_worker",
                                             "batch_memory_per_worker_mb",
                                             "batch_memory_buffer_mb",
                                             "batch_max_attempts",
                                             "batch_signed_url_ttl_hours",
                                             "batch_signed_url_refresh_threshold_seconds",
                                             "signed_url_ttl_hours",
                                             "signed_url_refresh_threshold_seconds",
                                             "session_max_hours",
                                             "send_start_time",
                                             "send_end_time",
                                             "send_days_of_week",
                                             "max_daily_sends",
                                             "use_extra_table",
                                             "branch",
                                             "company_cooldown_days"}));
}

}  // namespace
}  // namespace formsender::settings
