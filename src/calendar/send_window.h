#pragma once
// The runner's sending window: a campaign sends only between send_start_time and
// send_end_time (JST, the end minute included as in the reference: with an end of 18:00 the
// window is open until 18:00:59), on the weekdays of send_days_of_week, and never on a national
// holiday or an extra closed day (the reference runner ignored holidays).

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "calendar/business_calendar.h"
#include "common/status.h"
#include "common/time.h"

namespace formsender::calendar {

// Parses a clock time "H:MM" or "HH:MM" (hour 0–23, minute 00–59); "HH:MM:00" is accepted too
// (a spreadsheet time cell exports seconds). Anything else is an error quoting the text.
Result<TimeOfDay> ParseHourMinute(std::string_view text);
// "09:05"
std::string FormatHourMinute(TimeOfDay t);

struct SendWindow {
  TimeOfDay start{9, 0, 0};
  TimeOfDay end{18, 0, 0};
  std::vector<int> days_of_week{0, 1, 2, 3, 4};  // Monday = 0 … Sunday = 6
};

struct WindowStatus {
  bool open = false;
  // Why it is closed: "Saturday is not in send_days_of_week", "holiday 元日", "before 09:00",
  // "after 18:00". Empty when open.
  std::string reason;
  // When open: the first instant after the window (end minute + 60 s) on this day.
  std::optional<TimePoint> closes_at;
};

Result<WindowStatus> CheckSendWindow(const SendWindow& window, const BusinessCalendar& calendar,
                                     TimePoint now);

}  // namespace formsender::calendar
