// The holiday rules against the two public datasets in ../shared/anchors/holidays-jp, read in
// full: every date of holidays.yml (1970–2050) and of the Cabinet Office's syukujitsu.csv
// (1955–2027, Shift_JIS), and every other date of those ranges as a negative.
#include "calendar/holidays.h"

#include <gtest/gtest.h>
#include <unicode/ucnv.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>

#include "common/strings.h"

namespace formsender::calendar {
namespace {

std::filesystem::path AnchorDir() {
  std::vector<std::filesystem::path> candidates;
  if (const char* src = std::getenv("FORMSENDER_SOURCE_DIR")) {
    candidates.push_back(std::filesystem::path(src) / ".." / "shared" / "anchors" / "holidays-jp");
  }
  candidates.push_back("/work/shared/anchors/holidays-jp");
  for (const auto& c : candidates) {
    if (std::filesystem::exists(c / "holidays.yml")) return c;
  }
  return {};
}

std::string ReadFile(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

// Shift_JIS → UTF-8 with ICU's one-shot converter.
std::string ShiftJisToUtf8(const std::string& bytes) {
  UErrorCode err = U_ZERO_ERROR;
  std::string out(bytes.size() * 3 + 16, '\0');
  int32_t n = ucnv_convert("UTF-8", "Shift_JIS", out.data(), static_cast<int32_t>(out.size()),
                           bytes.data(), static_cast<int32_t>(bytes.size()), &err);
  EXPECT_TRUE(U_SUCCESS(err)) << u_errorName(err);
  out.resize(U_SUCCESS(err) ? n : 0);
  return out;
}

using DateNames = std::map<std::string, std::string>;

DateNames Computed(int from, int to) {
  DateNames out;
  auto list = HolidaysBetweenYears(from, to);
  EXPECT_TRUE(list.ok()) << list.status().ToString();
  for (const auto& h : *list) out[h.date.ToString()] = h.name;
  return out;
}

class HolidayAnchorTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = AnchorDir();
    ASSERT_FALSE(dir_.empty()) << "holidays-jp anchors not found beside the checkout "
                                  "($FORMSENDER_SOURCE_DIR/../shared) or in /work/shared";
  }
  std::filesystem::path dir_;
};

TEST_F(HolidayAnchorTest, AgreesWithEveryDateOfHolidaysYml) {
  DateNames expected;
  std::istringstream in(ReadFile(dir_ / "holidays.yml"));
  std::string line;
  while (std::getline(in, line)) {
    if (line.size() < 12 || line[4] != '-' || line[10] != ':') continue;
    expected[line.substr(0, 10)] = std::string(Trim(line.substr(11)));
  }
  ASSERT_EQ(expected.size(), 1329u);  // the count the anchor notes give
  DateNames actual = Computed(1970, 2050);
  for (const auto& [date, name] : expected) {
    auto it = actual.find(date);
    if (it == actual.end()) {
      ADD_FAILURE() << date << " " << name << " missing";
    } else if (date.ends_with("-05-06") && name.ends_with(" 振替休日")) {
      // holiday_jp names a Golden Week substitute after こどもの日 in some years and after the
      // Sunday holiday in others (2020); we always name the Sunday holiday it replaces.
      EXPECT_TRUE(it->second.ends_with(" 振替休日")) << date << " " << it->second;
    } else {
      EXPECT_EQ(it->second, name) << date;
    }
  }
  for (const auto& [date, name] : actual) {
    EXPECT_TRUE(expected.count(date)) << date << " " << name << " is not in holidays.yml";
  }
}

TEST_F(HolidayAnchorTest, AgreesWithEveryDateOfTheCabinetOfficeCsv) {
  std::string text = ShiftJisToUtf8(ReadFile(dir_ / "syukujitsu.csv"));
  ASSERT_FALSE(text.empty());
  DateNames expected;
  std::istringstream in(text);
  std::string line;
  bool header = true;
  while (std::getline(in, line)) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (header) {
      EXPECT_EQ(line, "国民の祝日・休日月日,国民の祝日・休日名称");
      header = false;
      continue;
    }
    if (line.empty()) continue;
    auto comma = line.find(',');
    ASSERT_NE(comma, std::string::npos) << line;
    auto ymd = Split(line.substr(0, comma), '/');
    ASSERT_EQ(ymd.size(), 3u) << line;
    CivilDate d{static_cast<int>(*ParseInt64(ymd[0])), static_cast<int>(*ParseInt64(ymd[1])),
                static_cast<int>(*ParseInt64(ymd[2]))};
    expected[d.ToString()] = line.substr(comma + 1);
  }
  ASSERT_EQ(expected.size(), 1067u);
  DateNames actual = Computed(1955, 2027);
  for (const auto& [date, name] : expected) {
    auto it = actual.find(date);
    if (it == actual.end()) {
      ADD_FAILURE() << date << " " << name << " missing";
      continue;
    }
    // The CSV writes substitute holidays as plain 休日.
    std::string ours = it->second.ends_with(" 振替休日") ? "休日" : it->second;
    EXPECT_EQ(ours, name) << date;
  }
  for (const auto& [date, name] : actual) {
    EXPECT_TRUE(expected.count(date)) << date << " " << name << " is not in syukujitsu.csv";
  }
}

TEST(HolidayTest, TargetedDaysOfTheSpecialYears) {
  auto name = [](int y, int m, int d) {
    auto n = HolidayName(CivilDate{y, m, d});
    EXPECT_TRUE(n.ok());
    return n.ok() ? n->value_or("") : "error";
  };
  EXPECT_EQ(name(2019, 4, 30), "休日");
  EXPECT_EQ(name(2019, 5, 1), "休日（祝日扱い）");
  EXPECT_EQ(name(2019, 5, 2), "休日");
  EXPECT_EQ(name(2019, 5, 6), "こどもの日 振替休日");
  EXPECT_EQ(name(2019, 10, 22), "休日（祝日扱い）");
  EXPECT_EQ(name(2019, 12, 23), "");  // no emperor's birthday in 2019
  EXPECT_EQ(name(2020, 7, 23), "海の日");
  EXPECT_EQ(name(2020, 7, 24), "スポーツの日");
  EXPECT_EQ(name(2020, 8, 10), "山の日");
  EXPECT_EQ(name(2020, 10, 12), "");
  EXPECT_EQ(name(2021, 7, 22), "海の日");
  EXPECT_EQ(name(2021, 7, 23), "スポーツの日");
  EXPECT_EQ(name(2021, 8, 8), "山の日");
  EXPECT_EQ(name(2021, 8, 9), "山の日 振替休日");
  EXPECT_EQ(name(2009, 5, 6), "憲法記念日 振替休日");
  EXPECT_EQ(name(2009, 9, 22), "休日");
  EXPECT_EQ(name(2026, 9, 22), "休日");
  EXPECT_EQ(name(1988, 5, 4), "休日");
  EXPECT_EQ(name(1973, 4, 30), "天皇誕生日 振替休日");
  EXPECT_EQ(name(1989, 2, 24), "大喪の礼");
  EXPECT_EQ(name(1959, 4, 10), "結婚の儀");
}

TEST(HolidayTest, LawStartAndSupportedRange) {
  auto y1948 = HolidaysOfYear(1948);
  ASSERT_TRUE(y1948.ok());
  ASSERT_EQ(y1948->size(), 3u);  // the law took effect on 1948-07-20
  EXPECT_EQ((*y1948)[0], (Holiday{{1948, 9, 23}, "秋分の日"}));
  EXPECT_EQ((*y1948)[1].name, "文化の日");
  EXPECT_EQ((*y1948)[2].name, "勤労感謝の日");
  EXPECT_EQ(*HolidayName(CivilDate{1900, 1, 1}), std::nullopt);

  auto y2150 = HolidaysOfYear(2150);
  ASSERT_TRUE(y2150.ok());
  EXPECT_GE(y2150->size(), 16u);
  auto after = HolidaysOfYear(2151);
  ASSERT_FALSE(after.ok());
  EXPECT_NE(after.status().message().find("1948–2150"), std::string::npos);
  EXPECT_FALSE(HolidayName(CivilDate{2151, 1, 1}).ok());
  auto reversed = HolidaysBetweenYears(2030, 2020);
  ASSERT_FALSE(reversed.ok());
  EXPECT_NE(reversed.status().message().find("after"), std::string::npos);
}

TEST(HolidayTest, EquinoxesStayInTheirWeekAcrossTheWholeRange) {
  for (int y = 1948; y <= 2150; ++y) {
    EXPECT_GE(VernalEquinoxDay(y), 19) << y;
    EXPECT_LE(VernalEquinoxDay(y), 22) << y;
    EXPECT_GE(AutumnalEquinoxDay(y), 21) << y;
    EXPECT_LE(AutumnalEquinoxDay(y), 24) << y;
  }
}

TEST(HolidayTest, EveryYearHasSortedUniqueDates) {
  for (int y = 1948; y <= 2150; ++y) {
    auto list = HolidaysOfYear(y);
    ASSERT_TRUE(list.ok());
    for (size_t i = 1; i < list->size(); ++i) {
      EXPECT_LT((*list)[i - 1].date, (*list)[i].date) << y;
    }
    for (const auto& h : *list) EXPECT_EQ(h.date.year, y);
  }
}

}  // namespace
}  // namespace formsender::calendar
