// The catalog itself: complete for the reference's names, unique, and documented.
#include "settings/property_catalog.h"

#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

#include "settings/sheet_columns.h"

namespace formsender::settings {
namespace {

TEST(PropertyCatalogTest, EveryReferenceNameIsKnownOnce) {
  // Spec §2.8 and §4.1 names (a sample of each group) resolve, and no name is listed twice.
  for (const char* name :
       {"FORM_SENDER_SPREADSHEET_ID", "SUPABASE_URL", "SERVICE_ACCOUNT_JSON", "USE_GCP_BATCH",
        "FORM_SENDER_BATCH_WORKERS_PER_WORKFLOW_OVERRIDE", "FORM_SENDER_SIGNED_URL_TTL_HOURS",
        "GITHUB_REPO", "DISPATCHER_PROJECT_ID", "FORM_SENDER_CLOUD_RUN_JOB",
        "FORM_SENDER_BATCH_SUPABASE_SERVICE_ROLE_TEST_SECRET",
        "FORM_SENDER_BATCH_MONITOR_TIMEOUT_SECONDS", "company_cooldown_days",
        "DAILY_TRIGGER_HOUR"}) {
    EXPECT_NE(FindProperty(name), nullptr) << name;
  }
  std::set<std::string_view> names, envs;
  for (const auto& p : PropertyCatalog()) {
    EXPECT_TRUE(names.insert(p.name).second) << p.name;
    EXPECT_TRUE(envs.insert(p.env).second) << p.env;
    EXPECT_FALSE(p.meaning.empty()) << p.name;
  }
}

// docs/settings.md lists every property and every targeting column (a new entry without a
// documentation row fails here).
TEST(PropertyCatalogTest, DocsListEveryPropertyAndColumn) {
  const char* src = std::getenv("FORMSENDER_SOURCE_DIR");
  ASSERT_NE(src, nullptr) << "FORMSENDER_SOURCE_DIR not set";
  std::ifstream in(std::filesystem::path(src) / "docs" / "settings.md");
  ASSERT_TRUE(in) << "docs/settings.md missing";
  std::ostringstream text;
  text << in.rdbuf();
  std::string doc = text.str();
  for (const auto& p : PropertyCatalog()) {
    EXPECT_NE(doc.find("| `" + std::string(p.name) + "`"), std::string::npos) << p.name;
  }
  for (const auto& c : TargetingColumns()) {
    EXPECT_NE(doc.find("| `" + std::string(c.name) + "` |"), std::string::npos) << c.name;
  }
}

}  // namespace
}  // namespace formsender::settings
