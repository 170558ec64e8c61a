#include "settings/values.h"

#include <gtest/gtest.h>

namespace formsender::settings {
namespace {

TEST(ValuesTest, WholeNumbersAsSheetsShowThem) {
  EXPECT_EQ(*ParseWholeNumber("3"), 3);
  EXPECT_EQ(*ParseWholeNumber(" 7 "), 7);
  EXPECT_EQ(*ParseWholeNumber("1,000"), 1000);
  EXPECT_EQ(*ParseWholeNumber("12,345,678"), 12345678);
  EXPECT_EQ(*ParseWholeNumber("-5"), -5);
  for (const char* bad : {"2.7", "abc", "", "1,00", "1,0000", ",100", "1,", "3 4", "--1", "0x10"}) {
    auto r = ParseWholeNumber(bad);
    ASSERT_FALSE(r.ok()) << bad;
    EXPECT_EQ(r.status().message(), "\"" + std::string(bad) + "\" is not a whole number");
  }
}

TEST(ValuesTest, RangesNameTheBounds) {
  EXPECT_EQ(*ParseIntInRange("16", kWorkersRange), 16);
  auto r = ParseIntInRange("40", kInstanceCountRange);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().message(), "\"40\" is not in 1–16");
  EXPECT_FALSE(ParseIntInRange("0", kMaxDailySendsRange).ok());
  EXPECT_FALSE(ParseIntInRange("10001", kMaxDailySendsRange).ok());
  EXPECT_TRUE(ParseIntInRange("10000", kMaxDailySendsRange).ok());
}

// Case A-10 (corrected: invalid lists are errors, not the default).
TEST(ValuesTest, DaysOfWeek) {
  EXPECT_EQ(*ParseDaysOfWeek("[0,1,2,3,4]"), (std::vector<int>{0, 1, 2, 3, 4}));
  EXPECT_EQ(*ParseDaysOfWeek("[5,6]"), (std::vector<int>{5, 6}));
  EXPECT_EQ(*ParseDaysOfWeek("4, 0, 4"), (std::vector<int>{0, 4}));
  EXPECT_EQ(*ParseDaysOfWeek("3"), (std::vector<int>{3}));
  EXPECT_EQ(*ParseDaysOfWeek("[ 1 , 2 ]"), (std::vector<int>{1, 2}));
  for (const char* bad :
       {"[7,8]", "\"x\"", "{\"a\":1}", "bad json", "[]", "[1,\"2\",3]", "[1,2", "-1"}) {
    auto r = ParseDaysOfWeek(bad);
    EXPECT_FALSE(r.ok()) << bad;
  }
  EXPECT_NE(ParseDaysOfWeek("[7,8]").status().message().find("\"7\" is not a weekday"),
            std::string::npos);
  EXPECT_EQ(FormatDaysOfWeek({0, 1, 2, 3, 4}), "[0,1,2,3,4]");
}

// Case A-11 (corrected: 0 and text are errors).
TEST(ValuesTest, SessionHours) {
  EXPECT_DOUBLE_EQ(*ParseSessionHours("12"), 12);
  EXPECT_DOUBLE_EQ(*ParseSessionHours("2.5"), 2.5);
  EXPECT_FALSE(ParseSessionHours("0").ok());
  EXPECT_FALSE(ParseSessionHours("-1").ok());
  EXPECT_FALSE(ParseSessionHours("abc").ok());
  EXPECT_FALSE(ParseSessionHours("25").ok());
  EXPECT_FALSE(ParseSessionHours("nan").ok());
}

TEST(ValuesTest, ExpandEscapesLikeTheReference) {
  EXPECT_EQ(ExpandEscapes("a\\nb\\tc\\rd"), "a\nb\tc\rd");
  EXPECT_EQ(ExpandEscapes("keep \\x and \\"), "keep \\x and \\");
  EXPECT_EQ(ExpandEscapes("real\nnewline"), "real\nnewline");
}

}  // namespace
}  // namespace formsender::settings
