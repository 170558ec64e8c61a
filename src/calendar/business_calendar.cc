#include "calendar/business_calendar.h"

#include <cstdio>

#include "calendar/holidays.h"
#include "common/strings.h"

namespace formsender::calendar {
namespace {

// Two years of closed days in a row means the configuration closes everything.
constexpr int kMaxSearchDays = 366 * 2;

bool IsDigits(std::string_view s) {
  if (s.empty()) return false;
  for (char c : s) {
    if (c < '0' || c > '9') return false;
  }
  return true;
}

// "MM-DD" → month*100+day (checked against a leap year so 02-29 is accepted).
std::optional<int> ParseMonthDay(std::string_view s) {
  if (s.size() != 5 || s[2] != '-' || !IsDigits(s.substr(0, 2)) || !IsDigits(s.substr(3, 2))) {
    return std::nullopt;
  }
  int month = (s[0] - '0') * 10 + (s[1] - '0');
  int day = (s[3] - '0') * 10 + (s[4] - '0');
  if (!CivilDate{2000, month, day}.IsValid()) return std::nullopt;
  return month * 100 + day;
}

std::string FormatMonthDay(int md) {
  char buf[24];
  std::snprintf(buf, sizeof buf, "%02d-%02d", md / 100, md % 100);
  return buf;
}

}  // namespace

const char* WeekdayName(int monday_zero) {
  static constexpr const char* kNames[] = {"Monday", "Tuesday",  "Wednesday", "Thursday",
                                           "Friday", "Saturday", "Sunday"};
  return monday_zero >= 0 && monday_zero < 7 ? kNames[monday_zero] : "?";
}

Result<ClosedDays> ClosedDays::Parse(std::string_view text) {
  ClosedDays out;
  if (Trim(text).empty()) return out;
  for (const std::string& raw : Split(text, ',')) {
    std::string_view item = Trim(raw);
    if (item.empty()) continue;
    std::string_view from = item, to = item;
    if (auto dots = item.find(".."); dots != std::string_view::npos) {
      from = Trim(item.substr(0, dots));
      to = Trim(item.substr(dots + 2));
    }
    auto bad = [&](std::string why) {
      return Status::InvalidArgument("closed day \"" + std::string(item) + "\": " + why);
    };
    if (from.size() == 5 && to.size() == 5) {
      auto a = ParseMonthDay(from), b = ParseMonthDay(to);
      if (!a || !b) return bad("expected MM-DD or MM-DD..MM-DD");
      out.yearly_.push_back(YearlyRange{*a, *b});
    } else if (from.size() == 10 && to.size() == 10) {
      auto a = CivilDate::Parse(from), b = CivilDate::Parse(to);
      if (!a.ok()) return bad(a.status().message());
      if (!b.ok()) return bad(b.status().message());
      if (*b < *a) return bad("the range ends before it starts");
      out.dated_.push_back(DateRange{*a, *b});
    } else {
      return bad("expected MM-DD, MM-DD..MM-DD, YYYY-MM-DD or YYYY-MM-DD..YYYY-MM-DD");
    }
  }
  return out;
}

bool ClosedDays::Contains(CivilDate date) const {
  int md = date.month * 100 + date.day;
  for (const auto& r : yearly_) {
    bool inside = r.from_month_day <= r.to_month_day
                      ? (md >= r.from_month_day && md <= r.to_month_day)
                      : (md >= r.from_month_day || md <= r.to_month_day);  // wraps the year
    if (inside) return true;
  }
  for (const auto& r : dated_) {
    if (date >= r.from && date <= r.to) return true;
  }
  return false;
}

std::string ClosedDays::ToString() const {
  std::vector<std::string> parts;
  for (const auto& r : yearly_) {
    parts.push_back(r.from_month_day == r.to_month_day
                        ? FormatMonthDay(r.from_month_day)
                        : FormatMonthDay(r.from_month_day) + ".." + FormatMonthDay(r.to_month_day));
  }
  for (const auto& r : dated_) {
    parts.push_back(r.from == r.to ? r.from.ToString()
                                   : r.from.ToString() + ".." + r.to.ToString());
  }
  return Join(parts, ",");
}

Result<std::optional<ClosedReason>> BusinessCalendar::HolidayOrClosed(CivilDate date) const {
  FS_ASSIGN_OR_RETURN(auto holiday, HolidayName(date));
  if (holiday)
    return std::optional<ClosedReason>(
        ClosedReason{ClosedReason::Kind::kHoliday, "holiday " + *holiday});
  if (extra_closed_.Contains(date)) {
    return std::optional<ClosedReason>(
        ClosedReason{ClosedReason::Kind::kClosedDay, "closed day (extra_closed_days)"});
  }
  return std::optional<ClosedReason>();
}

Result<std::optional<ClosedReason>> BusinessCalendar::WhyClosed(CivilDate date) const {
  int weekday = date.WeekdayMondayZero();
  if (weekday >= 5) {
    // A weekend check needs no holiday rules, but dates past the rules are still refused so
    // that every answer of this class has the same range.
    FS_ASSIGN_OR_RETURN(auto ignored, HolidayName(date));
    (void)ignored;
    return std::optional<ClosedReason>(
        ClosedReason{ClosedReason::Kind::kWeekend, WeekdayName(weekday)});
  }
  return HolidayOrClosed(date);
}

Result<bool> BusinessCalendar::IsBusinessDay(CivilDate date) const {
  FS_ASSIGN_OR_RETURN(auto why, WhyClosed(date));
  return !why.has_value();
}

Result<CivilDate> BusinessCalendar::NextBusinessDayFrom(CivilDate date) const {
  CivilDate d = date;
  for (int i = 0; i < kMaxSearchDays; ++i, d = d.AddDays(1)) {
    FS_ASSIGN_OR_RETURN(bool open, IsBusinessDay(d));
    if (open) return d;
  }
  return Status::InvalidArgument("no business day within two years after " + date.ToString() +
                                 ": extra_closed_days closes every weekday");
}

Result<TimePoint> BusinessCalendar::NextTriggerTime(TimePoint now, TimeOfDay at) const {
  CivilDate today = JstDateOf(now);
  CivilDate first = JstTimeOn(today, at) > now ? today : today.AddDays(1);
  FS_ASSIGN_OR_RETURN(CivilDate day, NextBusinessDayFrom(first));
  return JstTimeOn(day, at);
}

}  // namespace formsender::calendar
