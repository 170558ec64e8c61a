#include "calendar/send_window.h"

#include <algorithm>
#include <chrono>
#include <cstdio>

namespace formsender::calendar {
namespace {

bool AllDigits(std::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

}  // namespace

Result<TimeOfDay> ParseHourMinute(std::string_view text) {
  auto bad = [&] { return Status::InvalidArgument("\"" + std::string(text) + "\" is not HH:MM"); };
  std::string_view s = text;
  if (s.size() == 7 || s.size() == 8) {  // H:MM:SS or HH:MM:SS
    if (s.substr(s.size() - 3) != ":00") return bad();
    s = s.substr(0, s.size() - 3);
  }
  auto colon = s.find(':');
  if (colon == std::string_view::npos) return bad();
  std::string_view h = s.substr(0, colon), m = s.substr(colon + 1);
  if (h.size() < 1 || h.size() > 2 || m.size() != 2 || !AllDigits(h) || !AllDigits(m)) {
    return bad();
  }
  int hour = h.size() == 1 ? h[0] - '0' : (h[0] - '0') * 10 + (h[1] - '0');
  int minute = (m[0] - '0') * 10 + (m[1] - '0');
  if (hour > 23 || minute > 59) return bad();
  return TimeOfDay{hour, minute, 0};
}

std::string FormatHourMinute(TimeOfDay t) {
  char buf[24];
  std::snprintf(buf, sizeof buf, "%02d:%02d", t.hour, t.minute);
  return buf;
}

Result<WindowStatus> CheckSendWindow(const SendWindow& window, const BusinessCalendar& calendar,
                                     TimePoint now) {
  JstDateTime jst = ToJst(now);
  WindowStatus status;
  int weekday = jst.date.WeekdayMondayZero();
  if (std::find(window.days_of_week.begin(), window.days_of_week.end(), weekday) ==
      window.days_of_week.end()) {
    status.reason = std::string(WeekdayName(weekday)) + " is not in send_days_of_week";
    return status;
  }
  FS_ASSIGN_OR_RETURN(auto closed, calendar.HolidayOrClosed(jst.date));
  if (closed) {
    status.reason = closed->text;
    return status;
  }
  int minute_of_day = jst.time.MinutesOfDay();
  if (minute_of_day < window.start.MinutesOfDay()) {
    status.reason = "before " + FormatHourMinute(window.start);
    return status;
  }
  if (minute_of_day > window.end.MinutesOfDay()) {
    status.reason = "after " + FormatHourMinute(window.end);
    return status;
  }
  status.open = true;
  status.closes_at = JstTimeOn(jst.date, window.end) + std::chrono::minutes(1);
  return status;
}

}  // namespace formsender::calendar
