#include "calendar/business_calendar.h"

#include <gtest/gtest.h>

namespace formsender::calendar {
namespace {

TimePoint Jst(const char* iso) { return *ParseIsoTimestamp(iso); }
std::string Next(const BusinessCalendar& cal, const char* now,
                 TimeOfDay at = kDefaultDailyTrigger) {
  auto t = cal.NextTriggerTime(Jst(now), at);
  EXPECT_TRUE(t.ok()) << t.status().ToString();
  return t.ok() ? FormatJstIso(*t) : "";
}

// Cases N-206 … N-213 of orchestration-cases.md. The reference took the holidays from Google
// Calendar; the real 2025 holidays happen to be the ones the cases stub in.
TEST(NextTriggerTest, OrchestrationCasesN) {
  BusinessCalendar cal;
  // 206: Thursday after 09:00 → Friday 09:00; 07:00 and 13:00 variants.
  EXPECT_EQ(Next(cal, "2025-10-16T09:05:00+09:00"), "2025-10-17T09:00:00+09:00");
  EXPECT_EQ(Next(cal, "2025-10-16T09:05:00+09:00", {7, 0, 0}), "2025-10-17T07:00:00+09:00");
  // The legacy 13:00 trigger of the case always started from tomorrow; a daily trigger at
  // 13:00 asked at 09:05 is today.
  EXPECT_EQ(Next(cal, "2025-10-16T09:05:00+09:00", {13, 0, 0}), "2025-10-16T13:00:00+09:00");
  EXPECT_TRUE(*cal.IsBusinessDay(CivilDate{2025, 10, 16}));
  // 207: Friday after 09:00 → Monday; Saturday → Monday; Sunday 08:00 → Monday.
  EXPECT_EQ(Next(cal, "2025-10-17T09:05:00+09:00"), "2025-10-20T09:00:00+09:00");
  EXPECT_EQ(Next(cal, "2025-10-18T10:00:00+09:00"), "2025-10-20T09:00:00+09:00");
  EXPECT_EQ(Next(cal, "2025-10-19T08:00:00+09:00"), "2025-10-20T09:00:00+09:00");
  EXPECT_FALSE(*cal.IsBusinessDay(CivilDate{2025, 10, 18}));
  // 209: Sunday before the 11-03 holiday → Tuesday.
  EXPECT_EQ(Next(cal, "2025-11-02T09:30:00+09:00"), "2025-11-04T09:00:00+09:00");
  // 210: Friday before 09-22 (not a holiday in reality) and 09-23 → the real calendar gives
  // Monday 09-22; with 09-22 closed as the case stubs it, Wednesday.
  EXPECT_EQ(Next(cal, "2025-09-19T09:05:00+09:00"), "2025-09-22T09:00:00+09:00");
  BusinessCalendar closed_22(*ClosedDays::Parse("2025-09-22"));
  EXPECT_EQ(Next(closed_22, "2025-09-19T09:05:00+09:00"), "2025-09-24T09:00:00+09:00");
  // 211: the year-end break as extra closed days → Monday 2026-01-05.
  BusinessCalendar year_end(*ClosedDays::Parse("12-29..01-02"));
  EXPECT_EQ(Next(year_end, "2025-12-26T09:05:00+09:00"), "2026-01-05T09:00:00+09:00");
  // 213 (corrected): every weekday from 10-20 to 11-09 closed. The reference stopped after 10
  // skips and returned Tuesday 10-28, a closed day; we return the first business day.
  BusinessCalendar long_break(*ClosedDays::Parse("2025-10-20..2025-11-09"));
  EXPECT_EQ(Next(long_break, "2025-10-17T09:05:00+09:00"), "2025-11-10T09:00:00+09:00");
}

TEST(NextTriggerTest, BeforeTheTriggerOnABusinessDayIsToday) {
  BusinessCalendar cal;
  EXPECT_EQ(Next(cal, "2025-10-16T08:59:59+09:00"), "2025-10-16T09:00:00+09:00");
  EXPECT_EQ(Next(cal, "2025-10-16T09:00:00+09:00"), "2025-10-17T09:00:00+09:00");  // not ≤ now
  // UTC input near midnight: 2025-10-16T23:30Z is Friday 08:30 JST.
  EXPECT_EQ(Next(cal, "2025-10-16T23:30:00Z"), "2025-10-17T09:00:00+09:00");
  // New Year's Day and the Monday holiday after it.
  EXPECT_EQ(Next(cal, "2025-12-31T10:00:00+09:00"), "2026-01-02T09:00:00+09:00");
  EXPECT_EQ(Next(cal, "2026-01-09T10:00:00+09:00"), "2026-01-13T09:00:00+09:00");  // 成人の日
}

TEST(NextTriggerTest, ClosingEveryDayIsAnError) {
  BusinessCalendar all(*ClosedDays::Parse("01-01..12-31"));
  auto t = all.NextTriggerTime(Jst("2025-10-16T10:00:00+09:00"), kDefaultDailyTrigger);
  ASSERT_FALSE(t.ok());
  EXPECT_NE(t.status().message().find("extra_closed_days"), std::string::npos);
}

TEST(ClosedDaysTest, ParsesEveryFormAndWraps) {
  auto c = ClosedDays::Parse(" 12-29..01-03 , 2026-08-13..2026-08-16,05-01, 2027-02-01");
  ASSERT_TRUE(c.ok()) << c.status().ToString();
  EXPECT_TRUE(c->Contains({2025, 12, 29}));
  EXPECT_TRUE(c->Contains({2026, 1, 3}));
  EXPECT_FALSE(c->Contains({2026, 1, 4}));
  EXPECT_FALSE(c->Contains({2025, 12, 28}));
  EXPECT_TRUE(c->Contains({2026, 8, 14}));
  EXPECT_FALSE(c->Contains({2027, 8, 14}));
  EXPECT_TRUE(c->Contains({2031, 5, 1}));
  EXPECT_TRUE(c->Contains({2027, 2, 1}));
  EXPECT_EQ(c->ToString(), "12-29..01-03,05-01,2026-08-13..2026-08-16,2027-02-01");
  EXPECT_TRUE(ClosedDays::Parse("")->empty());
  EXPECT_TRUE(ClosedDays::Parse("02-29").ok());
}

TEST(ClosedDaysTest, RejectsBadItemsNamingThem) {
  for (const char* bad : {"13-01", "12/29", "2026-02-30", "2026-08-16..2026-08-13",
                          "12-29..2026-01-03", "tomorrow"}) {
    auto c = ClosedDays::Parse(std::string("01-01,") + bad);
    ASSERT_FALSE(c.ok()) << bad;
    EXPECT_NE(c.status().message().find(bad), std::string::npos) << c.status().message();
  }
}

TEST(BusinessCalendarTest, ExplainsWhyADayIsClosed) {
  BusinessCalendar cal(*ClosedDays::Parse("12-31"));
  auto sat = *cal.WhyClosed({2025, 10, 18});
  ASSERT_TRUE(sat);
  EXPECT_EQ(sat->kind, ClosedReason::Kind::kWeekend);
  EXPECT_EQ(sat->text, "Saturday");
  auto holiday = *cal.WhyClosed({2025, 11, 3});
  ASSERT_TRUE(holiday);
  EXPECT_EQ(holiday->text, "holiday 文化の日");
  auto closed = *cal.WhyClosed({2025, 12, 31});
  ASSERT_TRUE(closed);
  EXPECT_EQ(closed->kind, ClosedReason::Kind::kClosedDay);
  EXPECT_FALSE(*cal.WhyClosed({2025, 12, 30}));
  EXPECT_FALSE(cal.IsBusinessDay({2151, 1, 3}).ok());
}

// A month's business-day count from the rules equals weekdays minus weekday holidays.
TEST(BusinessCalendarTest, CountsBusinessDaysPerMonth) {
  BusinessCalendar cal;
  auto count = [&](int y, int m) {
    int n = 0;
    for (CivilDate d{y, m, 1}; d.month == m; d = d.AddDays(1)) n += *cal.IsBusinessDay(d) ? 1 : 0;
    return n;
  };
  EXPECT_EQ(count(2019, 5), 19);  // the 10-day Golden Week
  EXPECT_EQ(count(2025, 1), 21);  // 元日 and 成人の日 on weekdays
  EXPECT_EQ(count(2025, 9), 20);
}

}  // namespace
}  // namespace formsender::calendar
