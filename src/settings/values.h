#pragma once
// The value rules shared by the sheet columns and the properties, so a targeting column and
// the property that backs it are checked the same way: integer ranges, weekday lists, the
// one boolean parser (common/strings.h ParseBool), clock times (calendar ParseHourMinute).

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"

namespace formsender::settings {

struct IntRange {
  int64_t min;
  int64_t max;
};

// Ranges (guide §7, spec §2.7, §4.2.3 and the GCP limits).
inline constexpr IntRange kWorkersRange{1, 16};
inline constexpr IntRange kInstanceCountRange{1, 16};
inline constexpr IntRange kMaxParallelismRange{1, 1000};
inline constexpr IntRange kConcurrentWorkflowRange{1, 1000};
inline constexpr IntRange kShardCountRange{1, 256};
inline constexpr IntRange kVcpuPerWorkerRange{1, 8};
inline constexpr IntRange kMemoryPerWorkerMbRange{1024, 32768};
inline constexpr IntRange kMemoryBufferMbRange{0, 65536};
// Cloud Batch maxRetryCount is 0–10.
inline constexpr IntRange kMaxAttemptsRange{1, 11};
// GCS V4 signed URLs live at most 7 days.
inline constexpr IntRange kSignedUrlTtlHoursRange{1, 168};
inline constexpr IntRange kRefreshThresholdSecondsRange{60, 604800};
// claim_next_batch refuses p_max_daily above 10000.
inline constexpr IntRange kMaxDailySendsRange{1, 10000};
inline constexpr IntRange kCooldownDaysRange{0, 3650};
inline constexpr double kMaxSessionHours = 24.0;

// An integer as a sheet shows it: optional sign, digits, optionally grouped with commas
// ("1,000"). Errors quote the text: "\"2.7\" is not a whole number".
Result<int64_t> ParseWholeNumber(std::string_view text);
// ParseWholeNumber, then the range: "\"40\" is not in 1–16".
Result<int64_t> ParseIntInRange(std::string_view text, IntRange range);
Status CheckIntRange(int64_t value, IntRange range);
std::string RangeText(IntRange range);  // "1–16"

// A positive number of hours, at most kMaxSessionHours.
Result<double> ParseSessionHours(std::string_view text);

// Weekdays, Monday = 0 … Sunday = 6: a JSON array ("[0,1,2,3,4]") or a plain list
// ("0,1,2,3,4"). Sorted, duplicates removed; empty lists and other values are errors.
Result<std::vector<int>> ParseDaysOfWeek(std::string_view text);
// "[0,1,2,3,4]" (the form the reference stores and sends).
std::string FormatDaysOfWeek(const std::vector<int>& days);

// Literal \n, \t and \r sequences become the characters (the reference's subject/message
// processing, spec §2.3).
std::string ExpandEscapes(std::string_view text);

}  // namespace formsender::settings
