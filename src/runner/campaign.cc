#include "runner/campaign.h"

#include <cmath>
#include <limits>

#include "common/strings.h"
#include "settings/client_config_check.h"

namespace formsender::runner {
namespace {

std::optional<double> NumberOf(const Json& value) {
  if (value.is_number()) return value.get<double>();
  if (value.is_string()) {
    auto d = ParseDouble(Trim(value.get<std::string>()));
    if (d.ok()) return *d;
  }
  return std::nullopt;
}

}  // namespace

std::optional<int> ExtractMaxDailySends(const Json& value) {
  std::optional<double> n = NumberOf(value);
  if (!n || !std::isfinite(*n)) return std::nullopt;
  double truncated = std::trunc(*n);
  if (truncated <= 0) return std::nullopt;
  if (truncated > std::numeric_limits<int>::max()) return std::numeric_limits<int>::max();
  return static_cast<int>(truncated);
}

std::optional<double> ExtractPositiveHours(const Json& value) {
  std::optional<double> n = NumberOf(value);
  if (!n || !std::isfinite(*n) || *n <= 0) return std::nullopt;
  return n;
}

Result<Campaign> ParseCampaign(const Json& config) {
  FS_RETURN_IF_ERROR(settings::ValidateClientConfig(config));
  Campaign c;
  auto id_of = [&](const Json& v, const char* what) -> Result<int64_t> {
    std::optional<double> n = NumberOf(v);
    if (!n || *n <= 0 || std::trunc(*n) != *n) {
      return Status::InvalidArgument(std::string("client_config.") + what + " " + DumpJson(v) +
                                     " is not a positive whole number");
    }
    return static_cast<int64_t>(*n);
  };
  FS_ASSIGN_OR_RETURN(c.targeting_id, id_of(config["targeting_id"], "targeting_id"));
  FS_ASSIGN_OR_RETURN(c.client_id, id_of(config["client_id"], "client_id"));
  const Json& t = config["targeting"];
  FS_ASSIGN_OR_RETURN(c.window.start,
                      calendar::ParseHourMinute(t["send_start_time"].get<std::string>()));
  FS_ASSIGN_OR_RETURN(c.window.end,
                      calendar::ParseHourMinute(t["send_end_time"].get<std::string>()));
  if (c.window.end < c.window.start) {
    return Status::InvalidArgument(
        "targeting.send_end_time " + t["send_end_time"].get<std::string>() +
        " is before send_start_time " + t["send_start_time"].get<std::string>());
  }
  c.window.days_of_week.clear();
  for (const Json& d : t["send_days_of_week"]) c.window.days_of_week.push_back(d.get<int>());
  if (c.window.days_of_week.empty()) c.window.days_of_week = {0, 1, 2, 3, 4, 5, 6};
  c.max_daily_sends = ExtractMaxDailySends(t["max_daily_sends"]);
  if (t.contains("session_max_hours")) {
    c.session_max_hours = ExtractPositiveHours(t["session_max_hours"]);
  }
  c.client_company_name = std::string(Trim(config["client"]["company_name"].get<std::string>()));
  c.config = config;
  return c;
}

}  // namespace formsender::runner
