#pragma once
// Business days and the daily trigger time. A business day is a weekday that is neither a
// national holiday nor one of the extra closed days an operator configures (for example the
// year-end break 12-29..01-03).

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/clock.h"
#include "common/status.h"
#include "common/time.h"

namespace formsender::calendar {

// Days an operator closes on top of weekends and holidays. The text form is a comma-separated
// list of items:
//   MM-DD                    that day every year             (12-31)
//   MM-DD..MM-DD             every year, may wrap the year   (12-29..01-03)
//   YYYY-MM-DD               one date                        (2026-08-14)
//   YYYY-MM-DD..YYYY-MM-DD   a range of dates                (2026-08-13..2026-08-16)
class ClosedDays {
 public:
  ClosedDays() = default;
  // Blank text means no extra closed days. Errors name the item that is wrong.
  static Result<ClosedDays> Parse(std::string_view text);
  bool Contains(CivilDate date) const;
  bool empty() const { return yearly_.empty() && dated_.empty(); }
  // The canonical text form (what Parse accepted, normalised).
  std::string ToString() const;

 private:
  struct YearlyRange {
    int from_month_day;  // month*100+day
    int to_month_day;
  };
  struct DateRange {
    CivilDate from;
    CivilDate to;
  };
  std::vector<YearlyRange> yearly_;
  std::vector<DateRange> dated_;
};

// Why a day is not a business day, or nullopt when it is one.
struct ClosedReason {
  enum class Kind { kWeekend, kHoliday, kClosedDay };
  Kind kind;
  std::string text;  // "Saturday", "holiday 元日", "closed day (extra_closed_days)"
};

class BusinessCalendar {
 public:
  explicit BusinessCalendar(ClosedDays extra_closed = {})
      : extra_closed_(std::move(extra_closed)) {}

  // Errors only for dates past the last year the holiday rules cover.
  Result<bool> IsBusinessDay(CivilDate date) const;
  Result<std::optional<ClosedReason>> WhyClosed(CivilDate date) const;
  // Whether `date` is a holiday or an extra closed day (weekends aside): the days the runner
  // never sends on, whatever send_days_of_week allows.
  Result<std::optional<ClosedReason>> HolidayOrClosed(CivilDate date) const;
  // The first business day on or after `date`. There is no skip limit (the reference gave up
  // after 10 days); an error only if none is found within two years.
  Result<CivilDate> NextBusinessDayFrom(CivilDate date) const;
  // The daily trigger: today at `at` (JST) if that is still in the future and today is a
  // business day, otherwise the next business day at `at`.
  Result<TimePoint> NextTriggerTime(TimePoint now, TimeOfDay at) const;

  const ClosedDays& extra_closed() const { return extra_closed_; }

 private:
  ClosedDays extra_closed_;
};

// "Monday" … "Sunday" for 0 … 6 (CivilDate::WeekdayMondayZero); "?" otherwise.
const char* WeekdayName(int monday_zero);

// The default daily trigger time of the reference (CONFIG.DAILY_TRIGGER_HOUR/MINUTE).
inline constexpr TimeOfDay kDefaultDailyTrigger{9, 0, 0};

}  // namespace formsender::calendar
