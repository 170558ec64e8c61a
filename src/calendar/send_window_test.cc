#include "calendar/send_window.h"

#include <gtest/gtest.h>

namespace formsender::calendar {
namespace {

WindowStatus Check(const SendWindow& w, const char* iso,
                   const BusinessCalendar& cal = BusinessCalendar()) {
  auto s = CheckSendWindow(w, cal, *ParseIsoTimestamp(iso));
  EXPECT_TRUE(s.ok()) << s.status().ToString();
  return s.ok() ? *s : WindowStatus{};
}

// Case K-161: days [0..4], 09:00–18:00, the end minute included.
TEST(SendWindowTest, OrchestrationCase161) {
  SendWindow w;                                              // 09:00–18:00, Monday–Friday
  EXPECT_FALSE(Check(w, "2025-10-16T08:59:00+09:00").open);  // Thursday
  EXPECT_EQ(Check(w, "2025-10-16T08:59:00+09:00").reason, "before 09:00");
  EXPECT_TRUE(Check(w, "2025-10-16T09:00:00+09:00").open);
  EXPECT_TRUE(Check(w, "2025-10-16T18:00:59+09:00").open);
  EXPECT_FALSE(Check(w, "2025-10-16T18:01:00+09:00").open);
  EXPECT_EQ(Check(w, "2025-10-16T18:01:00+09:00").reason, "after 18:00");
  auto sat = Check(w, "2025-10-18T10:00:00+09:00");
  EXPECT_FALSE(sat.open);
  EXPECT_EQ(sat.reason, "Saturday is not in send_days_of_week");
  SendWindow weekend = w;
  weekend.days_of_week = {5, 6};
  EXPECT_TRUE(Check(weekend, "2025-10-18T10:00:00+09:00").open);
  // The reference treated an empty list, a missing end or an unparsable end as "open"; here
  // those never reach the window: settings validation rejects them (docs/compatibility.md).
}

TEST(SendWindowTest, HolidaysAndClosedDaysAreClosedUnlikeTheReference) {
  SendWindow w;
  auto holiday = Check(w, "2025-11-03T10:00:00+09:00");  // Monday, 文化の日
  EXPECT_FALSE(holiday.open);
  EXPECT_EQ(holiday.reason, "holiday 文化の日");
  BusinessCalendar cal(*ClosedDays::Parse("12-29..01-03"));
  auto closed = Check(w, "2025-12-29T10:00:00+09:00", cal);
  EXPECT_FALSE(closed.open);
  EXPECT_EQ(closed.reason, "closed day (extra_closed_days)");
}

TEST(SendWindowTest, ClosesAtTheEndOfTheLastMinute) {
  SendWindow w;
  w.end = {17, 30, 0};
  auto s = Check(w, "2025-10-16T12:00:00+09:00");
  ASSERT_TRUE(s.open);
  EXPECT_EQ(FormatJstIso(*s.closes_at), "2025-10-16T17:31:00+09:00");
}

TEST(ParseHourMinuteTest, AcceptsAndNormalises) {
  EXPECT_EQ(FormatHourMinute(*ParseHourMinute("7:30")), "07:30");
  EXPECT_EQ(FormatHourMinute(*ParseHourMinute("09:00")), "09:00");
  EXPECT_EQ(FormatHourMinute(*ParseHourMinute("9:00:00")), "09:00");
  EXPECT_EQ(FormatHourMinute(*ParseHourMinute("23:59")), "23:59");
  EXPECT_EQ(FormatHourMinute(*ParseHourMinute("0:00")), "00:00");
  for (const char* bad : {"25:00", "24:00", "9AM", "9:0", "09:60", "", " 9:00", "09:00:30",
                          "123:00", "9:00pm", "-1:00"}) {
    auto r = ParseHourMinute(bad);
    ASSERT_FALSE(r.ok()) << bad;
    EXPECT_EQ(r.status().message(), "\"" + std::string(bad) + "\" is not HH:MM");
  }
}

}  // namespace
}  // namespace formsender::calendar
