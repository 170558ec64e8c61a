#pragma once
// The TOML subset formsender.toml is written in:
//
//   # comment
//   KEY = "string" | 'literal string' | 123 | -4.5 | true | false   # comment
//   [section]          (keys below it are named "section.key")
//   section.key = "x"  (dotted keys)
//
// Arrays, inline tables, dates and multi-line strings are not part of the subset and are
// reported as errors, as are duplicate keys and anything malformed, each naming file:line.

#include <cstdint>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "common/status.h"

namespace formsender::settings {

using TomlValue = std::variant<std::string, int64_t, double, bool>;

struct TomlEntry {
  std::string key;  // "section.key" for keys under [section]
  TomlValue value;
  int line = 0;  // 1-based
};

// Parses `text`; `file_name` prefixes every error ("formsender.toml:7: …").
Result<std::vector<TomlEntry>> ParseToml(std::string_view text, std::string_view file_name);

// "string", "integer", "float" or "boolean".
std::string_view TomlTypeName(const TomlValue& v);
// The value as TOML would write it back (strings quoted), for messages.
std::string TomlValueText(const TomlValue& v);

}  // namespace formsender::settings
