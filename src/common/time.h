#pragma once
// Civil dates and times: JST (UTC+9, no DST), ISO-8601 formatting and parsing.
// All storage and wire formats go through these functions so the backends agree.

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "common/clock.h"
#include "common/status.h"

namespace formsender {

inline constexpr std::chrono::hours kJstOffset{9};

// A calendar date without a time zone.
struct CivilDate {
  int year = 1970;
  int month = 1;  // 1..12
  int day = 1;    // 1..31

  std::chrono::sys_days ToSysDays() const;
  static CivilDate FromSysDays(std::chrono::sys_days d);
  // 0 = Monday … 6 = Sunday (the reference's send_days_of_week convention).
  int WeekdayMondayZero() const;
  CivilDate AddDays(int days) const;
  std::string ToString() const;         // YYYY-MM-DD
  std::string ToCompactString() const;  // YYYYMMDD
  bool IsValid() const;
  // Parses exactly YYYY-MM-DD with a real calendar date.
  static Result<CivilDate> Parse(std::string_view text);

  friend auto operator<=>(const CivilDate&, const CivilDate&) = default;
};

// Hours, minutes, seconds of a day.
struct TimeOfDay {
  int hour = 0;
  int minute = 0;
  int second = 0;
  int MinutesOfDay() const { return hour * 60 + minute; }
  friend auto operator<=>(const TimeOfDay&, const TimeOfDay&) = default;
};

struct JstDateTime {
  CivilDate date;
  TimeOfDay time;
};

JstDateTime ToJst(TimePoint t);
CivilDate JstDateOf(TimePoint t);
// The instant at which the JST day `d` begins (d-1 15:00Z).
TimePoint JstMidnight(CivilDate d);
// The instant of `d` at `tod` JST.
TimePoint JstTimeOn(CivilDate d, TimeOfDay tod);

// "2026-11-29T08:43:30Z" (UTC, seconds); with micros "2026-11-29T08:43:30.123456Z".
std::string FormatUtcIso(TimePoint t, bool with_micros = false);
// "2026-11-29T17:43:30+09:00"
std::string FormatJstIso(TimePoint t);
// Accepts ISO-8601 / RFC 3339 with 'T' or ' ' separator, optional fraction, and 'Z', '+HH:MM',
// '+HHMM' or '+HH' offsets (PostgreSQL's text output included). A missing offset is an error.
Result<TimePoint> ParseIsoTimestamp(std::string_view text);

// Seconds since the epoch. A TimePoint counts nanoseconds in 64 bits (years 1678–2262):
// seconds beyond that (an expiry or a token's exp written by someone else) are clamped to its
// ends instead of overflowing.
int64_t ToUnixSeconds(TimePoint t);
TimePoint FromUnixSeconds(int64_t s);

}  // namespace formsender
