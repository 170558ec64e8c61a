#pragma once
// Every property formsender knows: the Script Properties of the reference (spec §2.8), the
// dispatcher's environment variables (spec §4.1) and formsender's own settings. A property is
// set in formsender.toml under its name and overridden by the environment variable `env`
// (the same name for the reference's properties). A key that is not in this catalog is an
// error, so a typo never turns into a silent default.
//
// Components that add a setting add one entry here (and a row to docs/settings.md).

#include <cstdint>
#include <string_view>
#include <vector>

#include "settings/values.h"

namespace formsender::settings {

enum class PropertyType {
  kString,
  kSecret,       // a string that is never printed (keys, tokens)
  kInt,          // whole number within `range`
  kDouble,       // session hours: more than 0, at most 24
  kNumber,       // a decimal number within `number_range` (rates, durations in seconds)
  kBool,         // ParseBool
  kHourMinute,   // H:MM or HH:MM
  kClosedDays,   // calendar::ClosedDays text
  kMachineType,  // a valid GCP machine type
  kChoice,       // one of `choices`
};

enum class PropertyOrigin {
  kReference,   // a Script Property of the reference (spec §2.8)
  kDispatcher,  // an environment variable of the reference dispatcher (spec §4.1)
  kFormsender,  // formsender's own
};

struct NumberRange {
  double min;
  double max;
};

struct PropertySpec {
  std::string_view name;  // key in formsender.toml
  std::string_view env;   // environment variable that overrides it
  PropertyType type = PropertyType::kString;
  PropertyOrigin origin = PropertyOrigin::kFormsender;
  IntRange range{0, 0};            // kInt
  NumberRange number_range{0, 0};  // kNumber
  // kInt: 0 means "not set" (the reference's *_OVERRIDE convention).
  bool zero_means_unset = false;
  std::vector<std::string_view> choices;  // kChoice
  std::string_view default_text;          // for documentation; "" = none
  std::string_view meaning;
};

const std::vector<PropertySpec>& PropertyCatalog();
// Exact name match; null if unknown.
const PropertySpec* FindProperty(std::string_view name);
// The catalog names closest to `name` (for "did you mean" in errors); empty if none is close.
std::string_view ClosestPropertyName(std::string_view name);

}  // namespace formsender::settings
