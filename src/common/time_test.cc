#include "common/time.h"

#include <gtest/gtest.h>

namespace formsender {
namespace {

TEST(TimeTest, JstConversion) {
  auto t = *ParseIsoTimestamp("2026-11-29T15:30:00Z");
  JstDateTime j = ToJst(t);
  EXPECT_EQ(j.date.ToString(), "2026-11-30");
  EXPECT_EQ(j.time.hour, 0);
  EXPECT_EQ(j.time.minute, 30);
  EXPECT_EQ(FormatJstIso(t), "2026-11-30T00:30:00+09:00");
  EXPECT_EQ(FormatUtcIso(t), "2026-11-29T15:30:00Z");
  EXPECT_EQ(JstMidnight(CivilDate{2026, 11, 30}), *ParseIsoTimestamp("2026-11-29T15:00:00Z"));
  EXPECT_EQ(JstTimeOn(CivilDate{2026, 11, 30}, TimeOfDay{18, 0, 0}),
            *ParseIsoTimestamp("2026-11-30T18:00:00+09:00"));
}

TEST(TimeTest, WeekdayMondayZero) {
  EXPECT_EQ((CivilDate{2026, 11, 30}).WeekdayMondayZero(), 0);  // Monday
  EXPECT_EQ((CivilDate{2026, 11, 29}).WeekdayMondayZero(), 6);  // Sunday
  EXPECT_EQ((CivilDate{2026, 12, 31}).AddDays(1).ToString(), "2027-01-01");
}

TEST(TimeTest, ParsesPostgresAndIsoForms) {
  auto a = ParseIsoTimestamp("2026-01-02 03:04:05.5+00");
  ASSERT_TRUE(a.ok()) << a.status().ToString();
  auto b = ParseIsoTimestamp("2026-01-02T12:04:05.500+09:00");
  ASSERT_TRUE(b.ok());
  EXPECT_EQ(*a, *b);
  EXPECT_EQ(FormatUtcIso(*a, true), "2026-01-02T03:04:05.500000Z");
  EXPECT_FALSE(ParseIsoTimestamp("2026-01-02T03:04:05").ok());  // no zone
  EXPECT_FALSE(ParseIsoTimestamp("2026-02-30T03:04:05Z").ok());
  EXPECT_FALSE(ParseIsoTimestamp("garbage").ok());
}

// Found by fuzz/values_fuzz (fuzz/regressions/values/year-6025-overflow): a far year
// overflowed the nanosecond count (UBSan: signed integer overflow).
TEST(TimeTest, YearsOutsideTheClockRangeAreErrors) {
  auto far = ParseIsoTimestamp("6025-12-31T23:59:59Z");
  ASSERT_FALSE(far.ok());
  EXPECT_NE(far.status().message().find("1900–2200"), std::string::npos);
  EXPECT_FALSE(ParseIsoTimestamp("0001-01-01T00:00:00Z").ok());
  EXPECT_TRUE(ParseIsoTimestamp("2200-12-31T23:59:59Z").ok());
  EXPECT_TRUE(ParseIsoTimestamp("1900-01-01T00:00:00Z").ok());
}

// Seconds written by someone else (a signed URL's expires, a token's exp) are clamped to what
// a TimePoint holds instead of overflowing (found by the signed_url fuzzer).
TEST(TimeTest, UnixSecondsBeyondTheClockAreClamped) {
  EXPECT_EQ(ToUnixSeconds(FromUnixSeconds(1'800'000'000)), 1'800'000'000);
  EXPECT_EQ(FromUnixSeconds(-30017950015999), FromUnixSeconds(INT64_MIN));
  EXPECT_EQ(FromUnixSeconds(INT64_MAX), FromUnixSeconds(60480004800));
  EXPECT_LT(FromUnixSeconds(INT64_MIN), FromUnixSeconds(0));
  EXPECT_GT(FromUnixSeconds(INT64_MAX), FromUnixSeconds(9'000'000'000));
}

TEST(TimeTest, CivilDateParse) {
  EXPECT_EQ(CivilDate::Parse("2024-02-29")->ToCompactString(), "20240229");
  EXPECT_FALSE(CivilDate::Parse("2023-02-29").ok());
  EXPECT_FALSE(CivilDate::Parse("2023-2-1").ok());
}

}  // namespace
}  // namespace formsender
