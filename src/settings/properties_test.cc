#include "settings/properties.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "common/crypto.h"

namespace formsender::settings {
namespace {

Result<Properties> Parse(const std::string& toml, MapEnvironment env = MapEnvironment()) {
  return Properties::Parse(toml, "formsender.toml", env);
}

TEST(PropertiesTest, FileThenEnvironmentWithOrigins) {
  MapEnvironment env;
  env.Set("FORM_SENDER_SHARD_COUNT", "12");
  env.Set("FORMSENDER_COMPANY_COOLDOWN_DAYS", "14");
  env.Set("UNRELATED", "x");
  auto p = Parse(
      "FORM_SENDER_SHARD_COUNT = 4\n"
      "USE_GCP_BATCH = \"TRUE\"\n"
      "FORM_SENDER_MAX_SESSION_HOURS_DEFAULT = 7.5\n"
      "FORM_SENDER_DEFAULT_SEND_END_TIME = \"7:30\"\n"
      "FORM_SENDER_BATCH_MACHINE_TYPE_DEFAULT = \"N2-Standard-4\"\n"
      "extra_closed_days = \"12-29..01-03\"\n"
      "[batch]\nbackend = \"GCP\"\n",
      env);
  ASSERT_TRUE(p.ok()) << p.status().message();
  EXPECT_EQ(p->Int("FORM_SENDER_SHARD_COUNT"), 12);
  EXPECT_EQ(p->Find("FORM_SENDER_SHARD_COUNT")->origin, "env FORM_SENDER_SHARD_COUNT");
  EXPECT_EQ(p->Bool("USE_GCP_BATCH"), true);
  EXPECT_EQ(p->Find("USE_GCP_BATCH")->origin, "formsender.toml:2");
  EXPECT_EQ(p->Double("FORM_SENDER_MAX_SESSION_HOURS_DEFAULT"), 7.5);
  EXPECT_EQ(p->String("FORM_SENDER_DEFAULT_SEND_END_TIME"), "07:30");
  EXPECT_EQ(p->String("FORM_SENDER_BATCH_MACHINE_TYPE_DEFAULT"), "n2-standard-4");
  EXPECT_EQ(p->Int("company_cooldown_days"), 14);
  EXPECT_EQ(p->String("batch.backend"), "gcp");
  EXPECT_TRUE(p->Calendar().extra_closed().Contains({2026, 1, 2}));
  EXPECT_EQ(p->String("SUPABASE_URL"), std::nullopt);
  EXPECT_EQ(p->All().size(), 8u);
}

TEST(PropertiesTest, UnknownKeysAreErrorsWithASuggestion) {
  auto p = Parse("FORM_SENDER_SHARDS_COUNT = 4\nuse_gcp_batch = true\nnothing_like_it = 1\n");
  ASSERT_FALSE(p.ok());
  EXPECT_EQ(p.status().message(),
            "formsender.toml:1: unknown key FORM_SENDER_SHARDS_COUNT (did you mean "
            "FORM_SENDER_SHARD_COUNT?)\n"
            "formsender.toml:2: unknown key use_gcp_batch (did you mean USE_GCP_BATCH?)\n"
            "formsender.toml:3: unknown key nothing_like_it");
  auto section = Parse("[batch]\nbackends = \"local\"\n");
  ASSERT_FALSE(section.ok());
  EXPECT_EQ(section.status().message(),
            "formsender.toml:2: unknown key batch.backends (did you mean batch.backend?)");
}

TEST(PropertiesTest, TypesAndRangesAreChecked) {
  struct Case {
    const char* toml;
    const char* message;
  };
  for (const Case& c : std::vector<Case>{
           {"FORM_SENDER_SHARD_COUNT = true",
            "formsender.toml:1: FORM_SENDER_SHARD_COUNT: must be a whole number, not boolean true"},
           {"FORM_SENDER_SHARD_COUNT = \"-1\"",
            "formsender.toml:1: FORM_SENDER_SHARD_COUNT: -1 is not in 1–256"},  // case C-34
           {"FORM_SENDER_GCS_BUCKET = 3",
            "formsender.toml:1: FORM_SENDER_GCS_BUCKET: must be a string, not integer 3"},
           {"USE_GCP_BATCH = \"y\"",
            "formsender.toml:1: USE_GCP_BATCH: \"y\" is not a boolean (true/false, 1/0, yes/no, "
            "on/off)"},
           {"USE_GCP_BATCH = 2",
            "formsender.toml:1: USE_GCP_BATCH: must be true or false, not integer 2"},
           {"FORM_SENDER_SIGNED_URL_TTL_HOURS_BATCH = 200",
            "formsender.toml:1: FORM_SENDER_SIGNED_URL_TTL_HOURS_BATCH: 200 is not in 1–168"},
           {"FORM_SENDER_SIGNED_URL_TTL_HOURS_BATCH = 0",
            "formsender.toml:1: FORM_SENDER_SIGNED_URL_TTL_HOURS_BATCH: 0 is not in 1–168"},
           {"FORM_SENDER_BATCH_MAX_PARALLELISM_DEFAULT = \"0\"",  // case D-55
            "formsender.toml:1: FORM_SENDER_BATCH_MAX_PARALLELISM_DEFAULT: 0 is not in 1–1000"},
           {"FORM_SENDER_BATCH_MAX_ATTEMPTS_DEFAULT = \"0\"",  // case D-57
            "formsender.toml:1: FORM_SENDER_BATCH_MAX_ATTEMPTS_DEFAULT: 0 is not in 1–11"},
           {"FORM_SENDER_BATCH_MEMORY_BUFFER_MB_DEFAULT = -1",
            "formsender.toml:1: FORM_SENDER_BATCH_MEMORY_BUFFER_MB_DEFAULT: -1 is not in 0–65536"},
           {"FORM_SENDER_BATCH_MEMORY_PER_WORKER_MB_DEFAULT = 512",
            "formsender.toml:1: FORM_SENDER_BATCH_MEMORY_PER_WORKER_MB_DEFAULT: 512 is not in "
            "1024–32768"},
           {"FORM_SENDER_BATCH_WORKERS_PER_WORKFLOW_OVERRIDE = 20",
            "formsender.toml:1: FORM_SENDER_BATCH_WORKERS_PER_WORKFLOW_OVERRIDE: 20 is not in "
            "1–16 (or 0 for none)"},
           {"FORM_SENDER_MAX_SESSION_HOURS_DEFAULT = \"abc\"",  // case A-11
            "formsender.toml:1: FORM_SENDER_MAX_SESSION_HOURS_DEFAULT: \"abc\" is not a number of "
            "hours"},
           {"FORM_SENDER_DEFAULT_SEND_END_TIME = \"bad\"",  // case A-9
            "formsender.toml:1: FORM_SENDER_DEFAULT_SEND_END_TIME: \"bad\" is not HH:MM"},
           {"FORM_SENDER_BATCH_MACHINE_TYPE_OVERRIDE = \"n2d-custom-3-8192\"",
            "formsender.toml:1: FORM_SENDER_BATCH_MACHINE_TYPE_OVERRIDE: \"n2d-custom-3-8192\" is "
            "not a valid machine type: N2D custom vCPU count must be one of 2, 4, 8, 16, 32, 48, "
            "64, 80, 96"},
           {"FORM_SENDER_CPU_CLASS_DEFAULT = \"high\"",
            "formsender.toml:1: FORM_SENDER_CPU_CLASS_DEFAULT: \"high\" is not one of standard, "
            "low, gcp_spot"},
           {"extra_closed_days = \"13-01\"",
            "formsender.toml:1: extra_closed_days: closed day \"13-01\": expected MM-DD or "
            "MM-DD..MM-DD"},
           {"DAILY_TRIGGER_HOUR = 24", "formsender.toml:1: DAILY_TRIGGER_HOUR: 24 is not in 0–23"},
       }) {
    auto p = Parse(c.toml);
    ASSERT_FALSE(p.ok()) << c.toml;
    EXPECT_EQ(p.status().message(), c.message);
  }
}

TEST(PropertiesTest, EnvironmentErrorsNameTheVariable) {
  MapEnvironment env;
  env.Set("FORM_SENDER_BATCH_INSTANCE_COUNT_DEFAULT", "0");  // case C-33 (reference: 2)
  env.Set("FORM_SENDER_BATCH_NO_EXTERNAL_IP", "maybe");
  auto p = Parse("", env);
  ASSERT_FALSE(p.ok());
  EXPECT_EQ(p.status().message(),
            "environment FORM_SENDER_BATCH_INSTANCE_COUNT_DEFAULT: 0 is not in 1–16\n"
            "environment FORM_SENDER_BATCH_NO_EXTERNAL_IP: \"maybe\" is not a boolean "
            "(true/false, 1/0, yes/no, on/off)");
}

// Case A-1 through the one parser: blank is "not set"; 2, "y", "ok" are errors (above).
TEST(PropertiesTest, BooleansAndBlanks) {
  for (const char* yes : {"true", "1", "TRUE", " TRUE ", "Yes", "on"}) {
    MapEnvironment env;
    env.Set("USE_GCP_BATCH", yes);
    EXPECT_EQ(Parse("", env)->Bool("USE_GCP_BATCH"), true) << yes;
  }
  for (const char* no : {"false", "0", "No", "OFF"}) {
    MapEnvironment env;
    env.Set("USE_GCP_BATCH", no);
    EXPECT_EQ(Parse("", env)->Bool("USE_GCP_BATCH"), false) << no;
  }
  MapEnvironment blank;
  blank.Set("FORM_SENDER_BATCH_PREFER_SPOT_DEFAULT", "");  // case D-58: blank = unset
  auto p = Parse("USE_GCP_BATCH = \"  \"\n", blank);
  ASSERT_TRUE(p.ok());
  EXPECT_EQ(p->Bool("USE_GCP_BATCH"), std::nullopt);
  EXPECT_EQ(p->Bool("FORM_SENDER_BATCH_PREFER_SPOT_DEFAULT"), std::nullopt);
  EXPECT_EQ(p->Bool("USE_GCP_BATCH"), std::nullopt);
  EXPECT_EQ(Parse("USE_GCP_BATCH = false")->Bool("USE_GCP_BATCH"), false);
}

TEST(PropertiesTest, ZeroMeansNoneForOverrides) {
  MapEnvironment env;
  env.Set("FORM_SENDER_BATCH_INSTANCE_COUNT_OVERRIDE", "0");
  auto p = Parse(
      "FORM_SENDER_BATCH_INSTANCE_COUNT_OVERRIDE = 3\nFORM_SENDER_WORKERS_OVERRIDE = 0\n", env);
  ASSERT_TRUE(p.ok()) << p.status().message();
  EXPECT_EQ(p->Int("FORM_SENDER_BATCH_INSTANCE_COUNT_OVERRIDE"), std::nullopt);
  EXPECT_EQ(p->Int("FORM_SENDER_WORKERS_OVERRIDE"), std::nullopt);
}

TEST(PropertiesTest, DailyTriggerAndSecrets) {
  EXPECT_EQ(Properties().DailyTriggerTime(), (TimeOfDay{9, 0, 0}));
  MapEnvironment env;
  env.Set("SUPABASE_SERVICE_ROLE_KEY", "eyJhbGciOiJIUzI1NiJ9.secret");
  auto p = Parse("DAILY_TRIGGER_HOUR = 7\nDAILY_TRIGGER_MINUTE = 30\n", env);
  ASSERT_TRUE(p.ok());
  EXPECT_EQ(p->DailyTriggerTime(), (TimeOfDay{7, 30, 0}));
  EXPECT_EQ(p->SecretValues(), std::vector<std::string>{"eyJhbGciOiJIUzI1NiJ9.secret"});
}

TEST(PropertiesTest, TheSampleConfigLoads) {
  const char* src = std::getenv("FORMSENDER_SOURCE_DIR");
  ASSERT_NE(src, nullptr) << "FORMSENDER_SOURCE_DIR not set";
  MapEnvironment env;
  auto p = Properties::Load(std::filesystem::path(src) / "docs/examples/formsender.toml", env);
  ASSERT_TRUE(p.ok()) << p.status().message();
  EXPECT_EQ(p->Bool("USE_GCP_BATCH"), true);
  EXPECT_EQ(p->String("batch.backend"), "local");
}

TEST(PropertiesTest, LoadsAFileAndRefusesAMissingOne) {
  auto dir = std::filesystem::temp_directory_path() / ("fs-props-" + RandomHexToken(6));
  std::filesystem::create_directories(dir);
  std::ofstream(dir / "formsender.toml") << "FORM_SENDER_SHARD_COUNT = 3\n";
  MapEnvironment env;
  auto p = Properties::Load(dir / "formsender.toml", env);
  ASSERT_TRUE(p.ok()) << p.status().message();
  EXPECT_EQ(p->Int("FORM_SENDER_SHARD_COUNT"), 3);
  EXPECT_EQ(p->Find("FORM_SENDER_SHARD_COUNT")->origin, (dir / "formsender.toml").string() + ":1");
  auto missing = Properties::Load(dir / "nope.toml", env);
  ASSERT_FALSE(missing.ok());
  EXPECT_NE(missing.status().message().find("nope.toml"), std::string::npos);
  EXPECT_TRUE(Properties::Load(std::nullopt, env).ok());
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace formsender::settings
