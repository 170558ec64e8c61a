#pragma once
// What the runner reads from the client_config object (orchestration §2.5) once it has passed
// the validate-config checks: the targeting, the sending window, the daily cap and the session
// length. The whole object also goes to the engine (client values, subject and message).

#include <cstdint>
#include <optional>
#include <string>

#include "calendar/send_window.h"
#include "common/json.h"
#include "common/status.h"

namespace formsender::runner {

struct Campaign {
  int64_t targeting_id = 0;
  int64_t client_id = 0;
  // send_start_time–send_end_time JST on send_days_of_week (an empty list means every day, as
  // in the reference runner).
  calendar::SendWindow window;
  // targeting.max_daily_sends as the reference extracts it (case 158); nullopt = no cap. Values
  // above 10000 are kept: the claim refuses them and the runner stops with a failure.
  std::optional<int> max_daily_sends;
  // targeting.session_max_hours when it is a positive number (or numeric string), case 157.
  std::optional<double> session_max_hours;
  std::string client_company_name;  // trimmed client.company_name (extra mode's owner check)
  Json config;                      // the whole client_config, for the engine
};

// Validates `config` (settings::ValidateClientConfig) and reads it. Errors name the member.
Result<Campaign> ParseCampaign(const Json& config);

// Case 158: 100 → 100, "50" → 50, " 7 " → 7, 3.9 → 3, 10001 → 10001; 0, -1, "abc", null → none.
std::optional<int> ExtractMaxDailySends(const Json& value);
// Case 157: a positive number or numeric string; anything else → none.
std::optional<double> ExtractPositiveHours(const Json& value);

}  // namespace formsender::runner
