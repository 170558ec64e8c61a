#include "common/time.h"

#include <algorithm>
#include <cstdio>

#include "common/strings.h"

namespace formsender {
namespace {

using std::chrono::days;
using std::chrono::sys_days;

bool ParseDigits(std::string_view s, size_t pos, size_t n, int& out) {
  if (pos + n > s.size()) return false;
  int v = 0;
  for (size_t i = pos; i < pos + n; ++i) {
    if (s[i] < '0' || s[i] > '9') return false;
    v = v * 10 + (s[i] - '0');
  }
  out = v;
  return true;
}

}  // namespace

sys_days CivilDate::ToSysDays() const {
  return sys_days(std::chrono::year(year) / std::chrono::month(static_cast<unsigned>(month)) /
                  std::chrono::day(static_cast<unsigned>(day)));
}

CivilDate CivilDate::FromSysDays(sys_days d) {
  std::chrono::year_month_day ymd(d);
  return CivilDate{static_cast<int>(ymd.year()),
                   static_cast<int>(static_cast<unsigned>(ymd.month())),
                   static_cast<int>(static_cast<unsigned>(ymd.day()))};
}

int CivilDate::WeekdayMondayZero() const {
  std::chrono::weekday wd(ToSysDays());
  return static_cast<int>((wd.c_encoding() + 6) % 7);  // c_encoding: Sunday = 0
}

CivilDate CivilDate::AddDays(int n) const { return FromSysDays(ToSysDays() + days(n)); }

bool CivilDate::IsValid() const {
  if (month < 1 || month > 12 || day < 1 || day > 31) return false;
  return std::chrono::year_month_day(std::chrono::year(year) /
                                     std::chrono::month(static_cast<unsigned>(month)) /
                                     std::chrono::day(static_cast<unsigned>(day)))
      .ok();
}

std::string CivilDate::ToString() const {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", year, month, day);
  return buf;
}

std::string CivilDate::ToCompactString() const {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d%02d%02d", year, month, day);
  return buf;
}

Result<CivilDate> CivilDate::Parse(std::string_view text) {
  CivilDate d;
  if (text.size() != 10 || text[4] != '-' || text[7] != '-' || !ParseDigits(text, 0, 4, d.year) ||
      !ParseDigits(text, 5, 2, d.month) || !ParseDigits(text, 8, 2, d.day) || !d.IsValid()) {
    return Status::InvalidArgument("\"" + std::string(text) + "\" is not a date (YYYY-MM-DD)");
  }
  return d;
}

JstDateTime ToJst(TimePoint t) {
  auto local = std::chrono::floor<std::chrono::seconds>(t) + kJstOffset;
  auto day = std::chrono::floor<days>(local);
  std::chrono::hh_mm_ss hms(local - day);
  return JstDateTime{
      CivilDate::FromSysDays(day),
      TimeOfDay{static_cast<int>(hms.hours().count()), static_cast<int>(hms.minutes().count()),
                static_cast<int>(hms.seconds().count())}};
}

CivilDate JstDateOf(TimePoint t) { return ToJst(t).date; }

TimePoint JstMidnight(CivilDate d) {
  return TimePoint(
      std::chrono::duration_cast<Duration>(d.ToSysDays().time_since_epoch() - kJstOffset));
}

TimePoint JstTimeOn(CivilDate d, TimeOfDay tod) {
  return JstMidnight(d) + std::chrono::hours(tod.hour) + std::chrono::minutes(tod.minute) +
         std::chrono::seconds(tod.second);
}

std::string FormatUtcIso(TimePoint t, bool with_micros) {
  auto secs = std::chrono::floor<std::chrono::seconds>(t);
  auto day = std::chrono::floor<days>(secs);
  CivilDate d = CivilDate::FromSysDays(day);
  std::chrono::hh_mm_ss hms(secs - day);
  char buf[48];
  if (with_micros) {
    auto micros = std::chrono::duration_cast<std::chrono::microseconds>(t - secs).count();
    std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02d.%06lldZ", d.year, d.month, d.day,
                  static_cast<int>(hms.hours().count()), static_cast<int>(hms.minutes().count()),
                  static_cast<int>(hms.seconds().count()), static_cast<long long>(micros));
  } else {
    std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02dZ", d.year, d.month, d.day,
                  static_cast<int>(hms.hours().count()), static_cast<int>(hms.minutes().count()),
                  static_cast<int>(hms.seconds().count()));
  }
  return buf;
}

std::string FormatJstIso(TimePoint t) {
  JstDateTime j = ToJst(t);
  char buf[40];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02d+09:00", j.date.year, j.date.month,
                j.date.day, j.time.hour, j.time.minute, j.time.second);
  return buf;
}

Result<TimePoint> ParseIsoTimestamp(std::string_view raw) {
  std::string_view s = Trim(raw);
  auto bad = [&](const char* why) {
    return Status::InvalidArgument("\"" + std::string(raw) + "\" is not an ISO-8601 timestamp (" +
                                   why + ")");
  };
  CivilDate d;
  if (s.size() < 19 || s[4] != '-' || s[7] != '-' || !ParseDigits(s, 0, 4, d.year) ||
      !ParseDigits(s, 5, 2, d.month) || !ParseDigits(s, 8, 2, d.day) || !d.IsValid()) {
    return bad("bad date");
  }
  // TimePoint counts nanoseconds in 64 bits (years 1678–2262); a year outside that would
  // overflow, and nothing this system stores is dated before 1900 or after 2200.
  if (d.year < 1900 || d.year > 2200) return bad("year outside 1900–2200");
  if (s[10] != 'T' && s[10] != 't' && s[10] != ' ') return bad("bad separator");
  int hh, mm, ss;
  if (!ParseDigits(s, 11, 2, hh) || s[13] != ':' || !ParseDigits(s, 14, 2, mm) || s[16] != ':' ||
      !ParseDigits(s, 17, 2, ss) || hh > 23 || mm > 59 || ss > 60) {
    return bad("bad time");
  }
  size_t pos = 19;
  int64_t nanos = 0;
  if (pos < s.size() && s[pos] == '.') {
    ++pos;
    int digits = 0;
    while (pos < s.size() && s[pos] >= '0' && s[pos] <= '9') {
      if (digits < 9) {
        nanos = nanos * 10 + (s[pos] - '0');
        ++digits;
      }
      ++pos;
    }
    if (digits == 0) return bad("empty fraction");
    for (int i = digits; i < 9; ++i) nanos *= 10;
  }
  int offset_minutes = 0;
  if (pos >= s.size()) return bad("missing time zone offset");
  if (s[pos] == 'Z' || s[pos] == 'z') {
    ++pos;
  } else if (s[pos] == '+' || s[pos] == '-') {
    int sign = s[pos] == '-' ? -1 : 1;
    ++pos;
    int oh = 0, om = 0;
    if (!ParseDigits(s, pos, 2, oh)) return bad("bad offset");
    pos += 2;
    if (pos < s.size() && s[pos] == ':') ++pos;
    if (pos < s.size()) {
      if (!ParseDigits(s, pos, 2, om)) return bad("bad offset");
      pos += 2;
    }
    if (oh > 23 || om > 59) return bad("bad offset");
    offset_minutes = sign * (oh * 60 + om);
  } else {
    return bad("missing time zone offset");
  }
  if (pos != s.size()) return bad("trailing characters");
  auto tp = d.ToSysDays() + std::chrono::hours(hh) + std::chrono::minutes(mm) +
            std::chrono::seconds(ss) - std::chrono::minutes(offset_minutes);
  return TimePoint(std::chrono::duration_cast<Duration>(tp.time_since_epoch() +
                                                        std::chrono::nanoseconds(nanos)));
}

int64_t ToUnixSeconds(TimePoint t) {
  return std::chrono::duration_cast<std::chrono::seconds>(t.time_since_epoch()).count();
}

TimePoint FromUnixSeconds(int64_t s) {
  constexpr int64_t kMax =
      std::chrono::duration_cast<std::chrono::seconds>(Duration::max()).count();
  constexpr int64_t kMin =
      std::chrono::duration_cast<std::chrono::seconds>(Duration::min()).count();
  return TimePoint(
      std::chrono::duration_cast<Duration>(std::chrono::seconds(std::clamp(s, kMin, kMax))));
}

}  // namespace formsender
