#include "dispatcher/client_config_validator.h"

#include <regex>
#include <string>
#include <vector>

#include "common/strings.h"
#include "settings/client_config_check.h"

namespace formsender::dispatcher {
namespace {

bool IsBlank(const Json& v) {
  if (v.is_null()) return true;
  return v.is_string() && Trim(v.get<std::string>()).empty();
}

// Python's str() of a list of field names: ['a', 'b'].
std::string PythonList(const std::vector<std::string>& names) {
  std::string out = "[";
  for (size_t i = 0; i < names.size(); ++i) out += (i ? ", '" : "'") + names[i] + "'";
  return out + "]";
}

// Python's str() of a JSON value, for the `active` message.
std::string PythonText(const Json& v) {
  if (v.is_string()) return v.get<std::string>();
  if (v.is_null()) return "None";
  if (v.is_boolean()) return v.get<bool>() ? "True" : "False";
  return DumpJson(v);
}

bool IsInteger(const Json& v) { return v.is_number_integer(); }

// The reference's boolean normalisation of `active`.
bool IsBooleanLike(const Json& v) {
  if (v.is_boolean() || v.is_number()) return true;
  if (!v.is_string()) return false;
  std::string s = ToLowerAscii(Trim(v.get<std::string>()));
  for (const char* ok : {"true", "1", "yes", "on", "false", "0", "no", "off", ""}) {
    if (s == ok) return true;
  }
  return false;
}

Status Invalid(std::string message) { return Status::InvalidArgument(std::move(message)); }

}  // namespace

Status ValidateClientConfig(const Json& config) {
  if (!config.is_object()) return Invalid("client_config must be a JSON object");
  if (!config.contains("client")) {
    return Invalid("2シート構造の 'client' セクションが見つかりません");
  }
  if (!config.contains("targeting")) {
    return Invalid("2シート構造の 'targeting' セクションが見つかりません");
  }
  const Json& client = config["client"];
  const Json& targeting = config["targeting"];
  if (!client.is_object()) return Invalid("'client' セクションが辞書型ではありません");
  if (!targeting.is_object()) return Invalid("'targeting' セクションが辞書型ではありません");
  if (!config.contains("targeting_id")) {
    return Invalid("必須フィールド 'targeting_id' が見つかりません");
  }
  if (!config.contains("client_id")) return Invalid("必須フィールド 'client_id' が見つかりません");

  std::vector<std::string> missing;
  for (const char* f : settings::RequiredClientFields()) {
    if (!client.contains(f) || IsBlank(client[f])) missing.emplace_back(f);
  }
  if (!missing.empty()) {
    return Invalid("client セクションの必須フィールドが不足: " + PythonList(missing));
  }
  missing.clear();
  for (const char* f : {"subject", "message", "max_daily_sends", "send_start_time", "send_end_time",
                        "send_days_of_week"}) {
    if (!targeting.contains(f) || targeting[f].is_null()) missing.emplace_back(f);
  }
  if (!missing.empty()) {
    return Invalid("targeting セクションの必須フィールドが不足: " + PythonList(missing));
  }
  if (!targeting["send_start_time"].is_string()) {
    return Invalid("targeting.send_start_time は文字列である必要があります");
  }
  if (!targeting["send_end_time"].is_string()) {
    return Invalid("targeting.send_end_time は文字列である必要があります");
  }
  if (!targeting["send_days_of_week"].is_array()) {
    return Invalid("targeting.send_days_of_week はリストである必要があります");
  }
  if (!IsInteger(targeting["max_daily_sends"])) {
    return Invalid("targeting.max_daily_sends は整数である必要があります");
  }
  for (const Json& day : targeting["send_days_of_week"]) {
    if (!IsInteger(day) || day.get<int64_t>() < 0 || day.get<int64_t>() > 6) {
      return Invalid("targeting.send_days_of_week は 0-6 の整数リストである必要があります");
    }
  }
  static const std::regex kTime("^([01]\\d|2[0-3]):([0-5]\\d)$");
  if (!std::regex_match(targeting["send_start_time"].get<std::string>(), kTime)) {
    return Invalid("targeting.send_start_time は 'HH:MM' 形式である必要があります");
  }
  if (!std::regex_match(targeting["send_end_time"].get<std::string>(), kTime)) {
    return Invalid("targeting.send_end_time は 'HH:MM' 形式である必要があります");
  }
  Json active = config.contains("active") ? config["active"] : Json(true);
  if (!IsBooleanLike(active)) {
    return Invalid("active フィールドの値が不正です: " + PythonText(active));
  }
  return Status::Ok();
}

}  // namespace formsender::dispatcher
