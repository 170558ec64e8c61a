// Process-level tests of the scheduler's commands.
#include <gtest/gtest.h>

#include "cli/cli_test_support.h"
#include "common/json.h"

namespace formsender::cli {
namespace {

class TriggerCommandsTest : public BinaryTest {
 protected:
  void SetUp() override {
    BinaryTest::SetUp();
    auto migrated = Run({"db", "migrate"});
    ASSERT_EQ(migrated.exit_code, 0) << migrated.err;
  }
  Json RunJson(std::vector<std::string> args, int want_exit = 0) {
    args.insert(args.begin(), "--json");
    auto r = Run(args);
    EXPECT_EQ(r.exit_code, want_exit) << r.err;
    auto j = ParseJson(r.out);
    EXPECT_TRUE(j.ok()) << r.out;
    return j.ok() ? *j : Json();
  }
};

TEST_F(TriggerCommandsTest, CreateListDeleteCurrentAndByHandler) {
  auto empty = Run({"triggers", "list"});
  ASSERT_EQ(empty.exit_code, 0) << empty.err;
  EXPECT_EQ(empty.out, "no triggers\n");

  Json created = RunJson({"triggers", "create-next-day"});
  EXPECT_EQ(created["handler"], "startFormSenderFromTrigger");
  std::string at = created["execute_at_jst"];
  EXPECT_EQ(at.substr(10), "T09:00:00+09:00") << at;
  RunJson({"triggers", "create-next-day"});

  Json list = RunJson({"triggers", "list"});
  EXPECT_EQ(list["trigger_count"], 2);
  EXPECT_EQ(list["triggers"][0]["details"]["type"], "specific_time");

  Json current = RunJson({"triggers", "delete-current"});
  EXPECT_EQ(current["deletedCount"], 1);
  auto bad = Run({"triggers", "delete", "--handler", "startSomethingElse"});
  EXPECT_EQ(bad.exit_code, 2);
  EXPECT_NE(bad.err.find("startSomethingElse"), std::string::npos) << bad.err;
  Json deleted = RunJson({"triggers", "delete"});
  EXPECT_EQ(deleted["deleted_count"], 1);
  Json legacy = RunJson({"triggers", "delete", "--handler", "startFormSenderFromTriggerAt7"});
  EXPECT_EQ(legacy["deleted_count"], 0);
  EXPECT_EQ(RunJson({"triggers", "list"})["trigger_count"], 0);
  Json history = RunJson({"triggers", "list", "--all"});
  ASSERT_EQ(history["trigger_count"], 2);
  EXPECT_EQ(history["triggers"][0]["state"], "deleted");
  auto none = Run({"triggers", "delete-current"});
  EXPECT_EQ(none.exit_code, 0);
  EXPECT_NE(none.out.find("no pending"), std::string::npos);
}

}  // namespace
}  // namespace formsender::cli
