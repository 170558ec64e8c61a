#include "settings/properties.h"

#include <cassert>
#include <fstream>
#include <sstream>

#include "calendar/send_window.h"
#include "common/json.h"
#include "common/strings.h"
#include "settings/machine_types.h"
#include "settings/toml.h"

namespace formsender::settings {
namespace {

using Value = std::variant<std::string, int64_t, double, bool>;

// Parses a property from its text (an environment variable, or a TOML string). nullopt:
// blank, or zero for a "0 = not set" property.
Result<std::optional<Value>> FromText(const PropertySpec& spec, std::string_view raw) {
  std::string_view text = Trim(raw);
  if (text.empty()) return std::optional<Value>();
  switch (spec.type) {
    case PropertyType::kString:
    case PropertyType::kSecret:
      return std::optional<Value>(std::string(text));
    case PropertyType::kInt: {
      FS_ASSIGN_OR_RETURN(int64_t v, ParseWholeNumber(text));
      if (v == 0 && spec.zero_means_unset) return std::optional<Value>();
      if (v < spec.range.min || v > spec.range.max) {
        return Status::InvalidArgument(std::to_string(v) + " is not in " + RangeText(spec.range) +
                                       (spec.zero_means_unset ? " (or 0 for none)" : ""));
      }
      return std::optional<Value>(v);
    }
    case PropertyType::kDouble: {
      FS_ASSIGN_OR_RETURN(double v, ParseSessionHours(text));
      return std::optional<Value>(v);
    }
    case PropertyType::kNumber: {
      auto v = ParseDouble(text);
      if (!v.ok()) return Status::InvalidArgument("\"" + std::string(text) + "\" is not a number");
      if (*v < spec.number_range.min || *v > spec.number_range.max) {
        return Status::InvalidArgument(std::string(text) + " is not in " +
                                       Json(spec.number_range.min).dump() + "–" +
                                       Json(spec.number_range.max).dump());
      }
      return std::optional<Value>(*v);
    }
    case PropertyType::kBool: {
      auto v = ParseBool(text);
      if (!v.ok()) {
        return Status::InvalidArgument("\"" + std::string(text) +
                                       "\" is not a boolean (true/false, 1/0, yes/no, on/off)");
      }
      return std::optional<Value>(*v);
    }
    case PropertyType::kHourMinute: {
      FS_ASSIGN_OR_RETURN(TimeOfDay t, calendar::ParseHourMinute(text));
      return std::optional<Value>(calendar::FormatHourMinute(t));
    }
    case PropertyType::kClosedDays: {
      FS_ASSIGN_OR_RETURN(auto days, calendar::ClosedDays::Parse(text));
      return std::optional<Value>(days.ToString());
    }
    case PropertyType::kMachineType: {
      FS_ASSIGN_OR_RETURN(MachineShape shape, ParseMachineType(text));
      return std::optional<Value>(shape.name);
    }
    case PropertyType::kChoice: {
      std::string v = ToLowerAscii(text);
      for (auto c : spec.choices) {
        if (c == v) return std::optional<Value>(v);
      }
      std::vector<std::string> names(spec.choices.begin(), spec.choices.end());
      return Status::InvalidArgument("\"" + std::string(text) + "\" is not one of " +
                                     Join(names, ", "));
    }
  }
  return Status::Internal("unhandled property type");
}

// A TOML value: strings go through FromText like the environment; typed TOML values must match.
Result<std::optional<Value>> FromToml(const PropertySpec& spec, const TomlValue& v) {
  if (auto* s = std::get_if<std::string>(&v)) return FromText(spec, *s);
  bool decimal = spec.type == PropertyType::kDouble || spec.type == PropertyType::kNumber;
  bool numeric = spec.type == PropertyType::kInt || decimal;
  if (auto* i = std::get_if<int64_t>(&v); i && numeric) return FromText(spec, std::to_string(*i));
  if (auto* d = std::get_if<double>(&v); d && decimal) {
    return FromText(spec, TomlValueText(v));
  }
  if (auto* b = std::get_if<bool>(&v); b && spec.type == PropertyType::kBool) {
    return std::optional<Value>(*b);
  }
  std::string_view want = numeric
                              ? (spec.type == PropertyType::kInt ? "a whole number" : "a number")
                          : spec.type == PropertyType::kBool ? "true or false"
                                                             : "a string";
  return Status::InvalidArgument("must be " + std::string(want) + ", not " +
                                 std::string(TomlTypeName(v)) + " " + TomlValueText(v));
}

}  // namespace

std::string PropertyValue::Text() const {
  if (auto* s = std::get_if<std::string>(&value)) return *s;
  if (auto* i = std::get_if<int64_t>(&value)) return std::to_string(*i);
  if (auto* d = std::get_if<double>(&value)) return Json(*d).dump();
  return std::get<bool>(value) ? "true" : "false";
}

Result<Properties> Properties::Load(const std::optional<std::filesystem::path>& file,
                                    const Environment& env) {
  std::vector<std::string> errors;
  Properties props = LoadReportingErrors(file, env, errors);
  if (!errors.empty()) return Status::InvalidArgument(Join(errors, "\n"));
  return props;
}

Properties Properties::LoadReportingErrors(const std::optional<std::filesystem::path>& file,
                                           const Environment& env,
                                           std::vector<std::string>& errors) {
  if (!file) return ParseReportingErrors("", "", env, errors);
  std::ifstream in(*file, std::ios::binary);
  if (!in) {
    errors.push_back("cannot read config file " + file->string());
    return ParseReportingErrors("", "", env, errors);
  }
  std::ostringstream text;
  text << in.rdbuf();
  return ParseReportingErrors(text.str(), file->string(), env, errors);
}

Result<Properties> Properties::Parse(std::string_view toml_text, std::string_view file_label,
                                     const Environment& env) {
  std::vector<std::string> errors;
  Properties props = ParseReportingErrors(toml_text, file_label, env, errors);
  if (!errors.empty()) return Status::InvalidArgument(Join(errors, "\n"));
  return props;
}

Properties Properties::ParseReportingErrors(std::string_view toml_text, std::string_view file_label,
                                            const Environment& env,
                                            std::vector<std::string>& errors) {
  Properties props;
  if (!toml_text.empty()) {
    auto entries = ParseToml(toml_text, file_label);
    if (!entries.ok()) {
      errors.push_back(entries.status().message());
    } else {
      for (const auto& e : *entries) {
        std::string where = std::string(file_label) + ":" + std::to_string(e.line);
        const PropertySpec* spec = FindProperty(e.key);
        if (!spec) {
          std::string_view near = ClosestPropertyName(e.key);
          errors.push_back(where + ": unknown key " + e.key +
                           (near.empty() ? "" : " (did you mean " + std::string(near) + "?)"));
          continue;
        }
        auto v = FromToml(*spec, e.value);
        if (!v.ok()) {
          errors.push_back(where + ": " + e.key + ": " + v.status().message());
        } else if (*v) {
          props.values_[std::string(spec->name)] = PropertyValue{spec, **v, where};
        }
      }
    }
  }
  for (const auto& spec : PropertyCatalog()) {
    auto raw = env.Get(spec.env);
    if (!raw || Trim(*raw).empty()) continue;
    auto v = FromText(spec, *raw);
    if (!v.ok()) {
      errors.push_back("environment " + std::string(spec.env) + ": " + v.status().message());
      continue;
    }
    if (*v) {
      props.values_[std::string(spec.name)] =
          PropertyValue{&spec, **v, "env " + std::string(spec.env)};
    } else {
      props.values_.erase(std::string(spec.name));  // "0 = none" in the environment wins too
    }
  }
  return props;
}

const PropertyValue* Properties::Find(std::string_view name) const {
  assert(FindProperty(name) && "property not in the catalog");
  auto it = values_.find(name);
  return it == values_.end() ? nullptr : &it->second;
}

std::optional<int64_t> Properties::Int(std::string_view name) const {
  const PropertyValue* v = Find(name);
  if (!v) return std::nullopt;
  if (auto* i = std::get_if<int64_t>(&v->value)) return *i;
  return std::nullopt;
}

std::optional<double> Properties::Double(std::string_view name) const {
  const PropertyValue* v = Find(name);
  if (!v) return std::nullopt;
  if (auto* d = std::get_if<double>(&v->value)) return *d;
  return std::nullopt;
}

std::optional<bool> Properties::Bool(std::string_view name) const {
  const PropertyValue* v = Find(name);
  if (!v) return std::nullopt;
  if (auto* b = std::get_if<bool>(&v->value)) return *b;
  return std::nullopt;
}

std::optional<std::string> Properties::String(std::string_view name) const {
  const PropertyValue* v = Find(name);
  if (!v) return std::nullopt;
  if (auto* s = std::get_if<std::string>(&v->value)) return *s;
  return std::nullopt;
}

calendar::BusinessCalendar Properties::Calendar() const {
  auto text = String("extra_closed_days");
  auto days = calendar::ClosedDays::Parse(text.value_or(""));
  // Validated at load; an empty set is the only other possibility.
  return calendar::BusinessCalendar(days.ok() ? *days : calendar::ClosedDays());
}

TimeOfDay Properties::DailyTriggerTime() const {
  return TimeOfDay{static_cast<int>(Int("DAILY_TRIGGER_HOUR").value_or(9)),
                   static_cast<int>(Int("DAILY_TRIGGER_MINUTE").value_or(0)), 0};
}

std::vector<const PropertyValue*> Properties::All() const {
  std::vector<const PropertyValue*> out;
  for (const auto& spec : PropertyCatalog()) {
    if (auto it = values_.find(spec.name); it != values_.end()) out.push_back(&it->second);
  }
  return out;
}

std::vector<std::string> Properties::SecretValues() const {
  std::vector<std::string> out;
  for (const auto& [name, v] : values_) {
    if (v.spec->type == PropertyType::kSecret) out.push_back(v.Text());
  }
  return out;
}

}  // namespace formsender::settings
