#pragma once
// Properties: the values of the property catalog (property_catalog.h), read from
// formsender.toml and overridden by environment variables of the same name. Everything is
// parsed and checked when loaded: an unknown key, a value of the wrong type or out of range
// is an error naming the file and line (or the environment variable), never a silent default.
// Blank values count as "not set", like a blank Script Property.
//
//   auto props = Properties::Load("/etc/formsender.toml", env);
//   int64_t shards = props->Int("FORM_SENDER_SHARD_COUNT").value_or(8);

#include <cstdint>
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "calendar/business_calendar.h"
#include "common/env.h"
#include "common/status.h"
#include "common/time.h"
#include "settings/property_catalog.h"

namespace formsender::settings {

struct PropertyValue {
  const PropertySpec* spec = nullptr;
  std::variant<std::string, int64_t, double, bool> value;
  // Where it came from: "env FORM_SENDER_SHARD_COUNT" or "formsender.toml:12".
  std::string origin;
  // The value as text (normalised: "07:30", "e2-standard-2", "true"); secrets included.
  std::string Text() const;
};

class Properties {
 public:
  Properties() = default;  // nothing set

  // Reads `file` when given (a missing file is an error) and then the environment.
  static Result<Properties> Load(const std::optional<std::filesystem::path>& file,
                                 const Environment& env);
  // The same from TOML text; `file_label` names it in errors and origins.
  static Result<Properties> Parse(std::string_view toml_text, std::string_view file_label,
                                  const Environment& env);
  // Load, but keeping every valid value and adding one line per problem to `errors` (for a
  // startup check that reports everything wrong at once, missing settings included).
  static Properties LoadReportingErrors(const std::optional<std::filesystem::path>& file,
                                        const Environment& env, std::vector<std::string>& errors);

  // The value set for `name`, or null. `name` must be in the catalog (asserted).
  const PropertyValue* Find(std::string_view name) const;
  std::optional<int64_t> Int(std::string_view name) const;
  std::optional<double> Double(std::string_view name) const;
  std::optional<bool> Bool(std::string_view name) const;
  // Text of string, secret, choice, machine type, clock-time and closed-days properties.
  std::optional<std::string> String(std::string_view name) const;

  // extra_closed_days as a calendar (already validated at load).
  calendar::BusinessCalendar Calendar() const;
  // DAILY_TRIGGER_HOUR:DAILY_TRIGGER_MINUTE, 09:00 by default.
  TimeOfDay DailyTriggerTime() const;

  // Every value set, in catalog order.
  std::vector<const PropertyValue*> All() const;
  // The values of secret properties (to register with a Redactor).
  std::vector<std::string> SecretValues() const;

 private:
  static Properties ParseReportingErrors(std::string_view toml_text, std::string_view file_label,
                                         const Environment& env, std::vector<std::string>& errors);

  std::map<std::string, PropertyValue, std::less<>> values_;
};

}  // namespace formsender::settings
