// formsender calendar holidays|next-trigger, run as a process.
#include <fstream>

#include "cli/cli_test_support.h"
#include "common/json.h"

namespace formsender::cli {
namespace {

class CalendarCommandsTest : public BinaryTest {};

TEST_F(CalendarCommandsTest, ListsHolidays) {
  auto r = Run({"calendar", "holidays", "--from", "2019", "--to", "2019"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("2019-05-01 休日（祝日扱い）\n"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("2019-04-30 休日\n"), std::string::npos);
  EXPECT_EQ(std::count(r.out.begin(), r.out.end(), '\n'), 22);
  auto j = Run({"calendar", "holidays", "--from", "2026", "--to", "2026", "--json"});
  ASSERT_EQ(j.exit_code, 0) << j.err;
  Json list = *ParseJson(j.out);
  ASSERT_TRUE(list.is_array());
  EXPECT_EQ(list[0], Json({{"date", "2026-01-01"}, {"name", "元日"}}));
  auto bad = Run({"calendar", "holidays", "--from", "2200", "--to", "2201"});
  EXPECT_EQ(bad.exit_code, 2);
  EXPECT_NE(bad.err.find("1948–2150"), std::string::npos) << bad.err;
}

TEST_F(CalendarCommandsTest, NextTriggerFromPropertiesAndEnvironment) {
  auto r = Run({"calendar", "next-trigger", "--now", "2025-12-26T09:05:00+09:00"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out, "2025-12-29T09:00:00+09:00\n");
  std::filesystem::create_directories(dir_ / "data");
  std::ofstream(dir_ / "data" / "formsender.toml") << "extra_closed_days = \"12-29..01-03\"\n";
  auto closed = Run({"calendar", "next-trigger", "--now", "2025-12-26T09:05:00+09:00", "--json"},
                    {{"DAILY_TRIGGER_HOUR", "7"}, {"DAILY_TRIGGER_MINUTE", "30"}});
  ASSERT_EQ(closed.exit_code, 0) << closed.err;
  Json j = *ParseJson(closed.out);
  EXPECT_EQ(j["next_trigger"], "2026-01-05T07:30:00+09:00");
  EXPECT_EQ(j["trigger_time"], "07:30");
  EXPECT_EQ(j["skipped"][0], Json({{"date", "2025-12-27"}, {"reason", "Saturday"}}));
  EXPECT_EQ(j["skipped"].size(), 9u);
  auto bad = Run({"calendar", "next-trigger", "--now", "yesterday"});
  EXPECT_EQ(bad.exit_code, 2);
  EXPECT_NE(bad.err.find("--now"), std::string::npos);
}

TEST_F(CalendarCommandsTest, BadConfigIsReportedWithItsLine) {
  std::ofstream(dir_ / "bad.toml") << "# ok\nDAILY_TRIGGER_HOURS = 7\n";
  auto r = Run({"--config", (dir_ / "bad.toml").string(), "calendar", "next-trigger"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("bad.toml:2: unknown key DAILY_TRIGGER_HOURS (did you mean "
                       "DAILY_TRIGGER_HOUR?)"),
            std::string::npos)
      << r.err;
}

}  // namespace
}  // namespace formsender::cli
