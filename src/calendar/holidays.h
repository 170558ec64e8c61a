#pragma once
// Japanese national holidays (国民の祝日・休日) computed from the law, with no network and no
// table: fixed days, the Happy Monday days, the equinox formulas, substitute holidays (振替休日),
// citizens' holidays (国民の休日), the one-off days fixed by separate laws and the 2019–2021
// special years. Checked against the Cabinet Office list (1955–2027) and holiday_jp (1970–2050).
//
// Names follow holiday_jp: a substitute holiday is "<祝日名> 振替休日", a citizens' holiday
// "休日". (The Cabinet Office CSV writes both as "休日".)

#include <optional>
#include <string>
#include <vector>

#include "common/status.h"
#include "common/time.h"

namespace formsender::calendar {

// The holiday law took effect on 1948-07-20: nothing before it is a holiday. The equinox
// formulas are published for years up to 2150; later years are refused, not guessed.
inline constexpr int kFirstHolidayYear = 1948;
inline constexpr int kLastHolidayYear = 2150;

struct Holiday {
  CivilDate date;
  std::string name;
  friend bool operator==(const Holiday&, const Holiday&) = default;
};

// The holidays of `year` in date order. Years outside [kFirstHolidayYear, kLastHolidayYear]
// are an error naming the supported range.
Result<std::vector<Holiday>> HolidaysOfYear(int year);
// The holidays of every year from `from_year` to `to_year` inclusive, in date order.
Result<std::vector<Holiday>> HolidaysBetweenYears(int from_year, int to_year);

// The holiday's name, or nullopt when `date` is not a holiday. Dates before 1948-07-20 are
// never holidays; dates after kLastHolidayYear are an error.
Result<std::optional<std::string>> HolidayName(CivilDate date);

// Equinox days by the standard approximation of the 国立天文台 formulas (valid 1900–2150).
int VernalEquinoxDay(int year);
int AutumnalEquinoxDay(int year);

}  // namespace formsender::calendar
