#include "settings/properties_environment.h"

#include <gtest/gtest.h>

namespace formsender::settings {
namespace {

TEST(PropertiesEnvironmentTest, CatalogNamesAnswerFromThePropertiesOthersFromTheFallback) {
  MapEnvironment process;
  process.Set("FORMSENDER_TASKS_MAX_CONCURRENT_DISPATCHES", "20");
  process.Set("GCE_METADATA_HOST", "127.0.0.1:9");
  auto props = Properties::Parse(
      "[tasks]\nmax_dispatches_per_second = 2.5\nmin_backoff_seconds = 10\n"
      "[batch.local]\ncommand = \"/bin/true runner\"\n",
      "formsender.toml", process);
  ASSERT_TRUE(props.ok()) << props.status().message();
  PropertiesEnvironment env(*props, process);
  // Both spellings of a catalog name.
  EXPECT_EQ(env.Get("tasks.max_dispatches_per_second"), "2.5");
  EXPECT_EQ(env.Get("FORMSENDER_TASKS_MAX_DISPATCHES_PER_SECOND"), "2.5");
  EXPECT_EQ(env.Get("tasks.min_backoff_seconds"), "10.0");
  EXPECT_EQ(env.Get("batch.local.command"), "/bin/true runner");
  EXPECT_EQ(env.Get("tasks.max_concurrent_dispatches"), "20");
  // A catalog name that is not set is unset, even if the process has something else.
  EXPECT_EQ(env.Get("tasks.max_attempts"), std::nullopt);
  // Names outside the catalog come from the process environment.
  EXPECT_EQ(env.Get("GCE_METADATA_HOST"), "127.0.0.1:9");
  EXPECT_EQ(env.Get("NOT_SET_ANYWHERE"), std::nullopt);
}

TEST(PropertiesEnvironmentTest, NumbersAreRangeChecked) {
  MapEnvironment process;
  process.Set("FORMSENDER_TASKS_MAX_DISPATCHES_PER_SECOND", "900");
  auto props = Properties::Parse("[tasks]\nmin_backoff_seconds = \"fast\"\n", "f.toml", process);
  ASSERT_FALSE(props.ok());
  // Every problem at once, each naming where it was written.
  EXPECT_NE(props.status().message().find("f.toml:2: tasks.min_backoff_seconds: \"fast\" is not "
                                          "a number"),
            std::string::npos)
      << props.status().message();
  EXPECT_NE(props.status().message().find(
                "environment FORMSENDER_TASKS_MAX_DISPATCHES_PER_SECOND: 900 is not in 0.001–500"),
            std::string::npos)
      << props.status().message();
}

}  // namespace
}  // namespace formsender::settings
