#include "settings/client_config_check.h"

#include <string>

#include "common/strings.h"

namespace formsender::settings {
namespace {

constexpr const char* kBlankAllowedClientFields[] = {"postal_code_2", "address_4", "phone_2",
                                                     "phone_3", "email_2"};

constexpr const char* kRequiredTargetingFields[] = {"subject",         "message",
                                                    "max_daily_sends", "send_start_time",
                                                    "send_end_time",   "send_days_of_week"};

bool IsTwoDigitHourMinute(const std::string& s) {
  // ^([01]\d|2[0-3]):([0-5]\d)$
  if (s.size() != 5 || s[2] != ':') return false;
  auto digit = [](char c) { return c >= '0' && c <= '9'; };
  if (!digit(s[0]) || !digit(s[1]) || !digit(s[3]) || !digit(s[4])) return false;
  int hour = (s[0] - '0') * 10 + (s[1] - '0');
  return hour <= 23 && s[3] <= '5';
}

std::string Quote(const Json& v) { return DumpJson(v); }

}  // namespace

std::span<const char* const> RequiredClientFields() {
  static const char* const kRequiredClientFields[] = {"company_name",
                                                      "company_name_kana",
                                                      "form_sender_name",
                                                      "last_name",
                                                      "first_name",
                                                      "last_name_kana",
                                                      "first_name_kana",
                                                      "last_name_hiragana",
                                                      "first_name_hiragana",
                                                      "position",
                                                      "gender",
                                                      "email_1",
                                                      "postal_code_1",
                                                      "address_1",
                                                      "address_2",
                                                      "address_3",
                                                      "phone_1"};
  return kRequiredClientFields;
}

Status ValidateClientConfig(const Json& config) {
  if (!config.is_object()) return Status::InvalidArgument("client_config is not a JSON object");
  for (const char* key : {"targeting_id", "client_id"}) {
    if (!config.contains(key) || config[key].is_null()) {
      return Status::InvalidArgument(std::string("client_config.") + key + " is missing");
    }
  }
  if (!config.contains("client") || !config["client"].is_object()) {
    return Status::InvalidArgument("client_config.client is missing or not an object");
  }
  if (!config.contains("targeting") || !config["targeting"].is_object()) {
    return Status::InvalidArgument("client_config.targeting is missing or not an object");
  }
  const Json& client = config["client"];
  for (const char* key : RequiredClientFields()) {
    if (!client.contains(key) || client[key].is_null()) {
      return Status::InvalidArgument(std::string("client.") + key + " is missing");
    }
    if (!client[key].is_string()) {
      return Status::InvalidArgument(std::string("client.") + key + " is not a string");
    }
    if (Trim(client[key].get<std::string>()).empty()) {
      return Status::InvalidArgument(std::string("client.") + key + " is blank");
    }
  }
  for (const char* key : kBlankAllowedClientFields) {
    if (client.contains(key) && !client[key].is_null() && !client[key].is_string()) {
      return Status::InvalidArgument(std::string("client.") + key + " is not a string");
    }
  }
  const Json& targeting = config["targeting"];
  for (const char* key : kRequiredTargetingFields) {
    if (!targeting.contains(key) || targeting[key].is_null()) {
      return Status::InvalidArgument(std::string("targeting.") + key + " is missing");
    }
  }
  for (const char* key : {"send_start_time", "send_end_time"}) {
    const Json& v = targeting[key];
    if (!v.is_string() || !IsTwoDigitHourMinute(v.get<std::string>())) {
      return Status::InvalidArgument(std::string("targeting.") + key + " " + Quote(v) +
                                     " is not HH:MM (two-digit hour)");
    }
  }
  const Json& days = targeting["send_days_of_week"];
  if (!days.is_array()) {
    return Status::InvalidArgument("targeting.send_days_of_week " + Quote(days) +
                                   " is not a list of weekdays 0-6");
  }
  for (const Json& d : days) {
    if (!d.is_number_integer() || d.get<int64_t>() < 0 || d.get<int64_t>() > 6) {
      return Status::InvalidArgument("targeting.send_days_of_week " + Quote(days) +
                                     " is not a list of weekdays 0-6 (Monday = 0)");
    }
  }
  if (!targeting["max_daily_sends"].is_number_integer()) {
    return Status::InvalidArgument("targeting.max_daily_sends " +
                                   Quote(targeting["max_daily_sends"]) + " is not an integer");
  }
  for (const char* key : {"subject", "message"}) {
    if (!targeting[key].is_string()) {
      return Status::InvalidArgument(std::string("targeting.") + key + " is not a string");
    }
  }
  if (config.contains("active") && !config["active"].is_null()) {
    const Json& a = config["active"];
    if (a.is_string()) {
      auto parsed = ParseBool(a.get<std::string>(), "client_config.active");
      if (!parsed.ok()) return parsed.status();
    } else if (!a.is_boolean() && !a.is_number_integer()) {
      return Status::InvalidArgument("client_config.active " + Quote(a) + " is not a boolean");
    }
  }
  return Status::Ok();
}

}  // namespace formsender::settings
