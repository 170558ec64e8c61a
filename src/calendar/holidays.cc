#include "calendar/holidays.h"

#include <algorithm>
#include <cmath>
#include <string>

namespace formsender::calendar {
namespace {

// 1973-04-12: the substitute-holiday amendment took effect (first case 1973-04-30).
constexpr CivilDate kSubstituteStart{1973, 4, 12};
// 1985-12-27: the citizens'-holiday amendment took effect (first case 1988-05-04).
constexpr CivilDate kCitizensHolidayStart{1985, 12, 27};
// 1948-07-20: the holiday law itself.
constexpr CivilDate kLawStart{1948, 7, 20};
// From 2007 a substitute holiday is the next day that is not a 祝日, and the citizens' holiday
// no longer excludes Sundays and substitute holidays.
constexpr int kRevision2007 = 2007;

int NthMonday(int year, int month, int nth) {
  CivilDate first{year, month, 1};
  int offset = (7 - first.WeekdayMondayZero()) % 7;  // days from the 1st to the first Monday
  return 1 + offset + 7 * (nth - 1);
}

// Equinox approximation: int(base + 0.242194*(Y-1980) - int((Y-leap_origin)/4)), where int
// truncates toward zero (matters for years before 1980).
int Equinox(int year, double base_1900, double base_1980, double base_2100) {
  double base = year < 1980 ? base_1900 : (year < 2100 ? base_1980 : base_2100);
  int leap_origin = year < 1980 ? 1983 : 1980;
  double value = base + 0.242194 * (year - 1980) - std::trunc((year - leap_origin) / 4.0);
  return static_cast<int>(std::trunc(value));
}

// The 国民の祝日 of a year (before substitute and citizens' holidays), including the one-off
// days that separate laws declared holidays.
std::vector<Holiday> NationalHolidays(int year) {
  std::vector<Holiday> out;
  auto add = [&](int month, int day, const char* name) {
    CivilDate d{year, month, day};
    if (d >= kLawStart) out.push_back(Holiday{d, name});
  };
  add(1, 1, "元日");
  if (year < 2000) {
    add(1, 15, "成人の日");
  } else {
    add(1, NthMonday(year, 1, 2), "成人の日");
  }
  if (year >= 1967) add(2, 11, "建国記念の日");
  if (year >= 2020) add(2, 23, "天皇誕生日");
  add(3, VernalEquinoxDay(year), "春分の日");
  if (year <= 1988) {
    add(4, 29, "天皇誕生日");
  } else if (year <= 2006) {
    add(4, 29, "みどりの日");
  } else {
    add(4, 29, "昭和の日");
  }
  add(5, 3, "憲法記念日");
  if (year >= 2007) add(5, 4, "みどりの日");
  add(5, 5, "こどもの日");
  if (year == 2020) {
    add(7, 23, "海の日");
    add(7, 24, "スポーツの日");
    add(8, 10, "山の日");
  } else if (year == 2021) {
    add(7, 22, "海の日");
    add(7, 23, "スポーツの日");
    add(8, 8, "山の日");
  } else {
    if (year >= 1996 && year <= 2002) add(7, 20, "海の日");
    if (year >= 2003) add(7, NthMonday(year, 7, 3), "海の日");
    if (year >= 2016) add(8, 11, "山の日");
  }
  if (year >= 1966 && year <= 2002) add(9, 15, "敬老の日");
  if (year >= 2003) add(9, NthMonday(year, 9, 3), "敬老の日");
  add(9, AutumnalEquinoxDay(year), "秋分の日");
  if (year >= 1966 && year <= 1999) add(10, 10, "体育の日");
  if (year >= 2000 && year <= 2018) add(10, NthMonday(year, 10, 2), "体育の日");
  // The law renaming it スポーツの日 passed in 2018 and took effect in 2020; the Cabinet Office
  // writes the 2019 day with both names.
  if (year == 2019) add(10, NthMonday(year, 10, 2), "体育の日（スポーツの日）");
  if (year >= 2022) add(10, NthMonday(year, 10, 2), "スポーツの日");
  add(11, 3, "文化の日");
  add(11, 23, "勤労感謝の日");
  if (year >= 1989 && year <= 2018) add(12, 23, "天皇誕生日");
  // One-off days declared by separate laws (the 2019 ones count as 祝日 for the other rules,
  // which is what made 2019-04-30 and 2019-05-02 citizens' holidays).
  switch (year) {
    case 1959:
      add(4, 10, "結婚の儀");
      break;
    case 1989:
      add(2, 24, "大喪の礼");
      break;
    case 1990:
      add(11, 12, "即位礼正殿の儀");
      break;
    case 1993:
      add(6, 9, "結婚の儀");
      break;
    case 2019:
      add(5, 1, "休日（祝日扱い）");
      add(10, 22, "休日（祝日扱い）");
      break;
    default:
      break;
  }
  std::sort(out.begin(), out.end(),
            [](const Holiday& a, const Holiday& b) { return a.date < b.date; });
  return out;
}

const Holiday* Find(const std::vector<Holiday>& list, CivilDate d) {
  for (const auto& h : list) {
    if (h.date == d) return &h;
  }
  return nullptr;
}

std::vector<Holiday> ComputeYear(int year) {
  std::vector<Holiday> national = NationalHolidays(year);
  std::vector<Holiday> all = national;
  constexpr int kSunday = 6;
  // 振替休日: a 祝日 on a Sunday gives the next day (from 2007: the next day that is not a 祝日).
  for (const auto& h : national) {
    if (h.date < kSubstituteStart || h.date.WeekdayMondayZero() != kSunday) continue;
    CivilDate next = h.date.AddDays(1);
    if (year >= kRevision2007) {
      while (Find(national, next)) next = next.AddDays(1);
    } else if (Find(national, next)) {
      continue;
    }
    if (next.year == year) all.push_back(Holiday{next, h.name + " 振替休日"});
  }
  // 国民の休日: a day that is not a 祝日 between two 祝日 (until 2006 not on a Sunday and not on a
  // substitute holiday).
  for (size_t i = 0; i + 1 < national.size(); ++i) {
    CivilDate between = national[i].date.AddDays(1);
    if (national[i + 1].date != between.AddDays(1)) continue;
    if (between < kCitizensHolidayStart) continue;
    if (year < kRevision2007) {
      if (between.WeekdayMondayZero() == kSunday || Find(all, between)) continue;
    } else if (Find(all, between)) {
      continue;
    }
    all.push_back(Holiday{between, "休日"});
  }
  std::sort(all.begin(), all.end(),
            [](const Holiday& a, const Holiday& b) { return a.date < b.date; });
  return all;
}

Status CheckYear(int year) {
  if (year < kFirstHolidayYear || year > kLastHolidayYear) {
    return Status::InvalidArgument(
        "year " + std::to_string(year) + " is outside the supported holiday range " +
        std::to_string(kFirstHolidayYear) + "–" + std::to_string(kLastHolidayYear));
  }
  return Status::Ok();
}

}  // namespace

int VernalEquinoxDay(int year) { return Equinox(year, 20.8357, 20.8431, 21.8510); }
int AutumnalEquinoxDay(int year) { return Equinox(year, 23.2588, 23.2488, 24.2488); }

Result<std::vector<Holiday>> HolidaysOfYear(int year) {
  FS_RETURN_IF_ERROR(CheckYear(year));
  return ComputeYear(year);
}

Result<std::vector<Holiday>> HolidaysBetweenYears(int from_year, int to_year) {
  FS_RETURN_IF_ERROR(CheckYear(from_year));
  FS_RETURN_IF_ERROR(CheckYear(to_year));
  if (from_year > to_year) {
    return Status::InvalidArgument("from year " + std::to_string(from_year) + " is after to year " +
                                   std::to_string(to_year));
  }
  std::vector<Holiday> out;
  for (int y = from_year; y <= to_year; ++y) {
    auto year = ComputeYear(y);
    out.insert(out.end(), year.begin(), year.end());
  }
  return out;
}

Result<std::optional<std::string>> HolidayName(CivilDate date) {
  if (date.year < kFirstHolidayYear) return std::optional<std::string>();
  FS_RETURN_IF_ERROR(CheckYear(date.year));
  for (auto& h : ComputeYear(date.year)) {
    if (h.date == date) return std::optional<std::string>(std::move(h.name));
  }
  return std::optional<std::string>();
}

}  // namespace formsender::calendar
