#include "settings/values.h"

#include <algorithm>
#include <cmath>

#include "common/strings.h"

namespace formsender::settings {

std::string RangeText(IntRange range) {
  return std::to_string(range.min) + "–" + std::to_string(range.max);
}

Result<int64_t> ParseWholeNumber(std::string_view text) {
  std::string_view t = Trim(text);
  std::string digits;
  size_t group = 0;  // digits since the last comma
  bool seen_comma = false;
  for (size_t i = 0; i < t.size(); ++i) {
    char c = t[i];
    if ((c == '-' || c == '+') && i == 0) {
      digits += c;
    } else if (c >= '0' && c <= '9') {
      digits += c;
      ++group;
    } else if (c == ',' && group >= 1 && group <= 3 && (seen_comma ? group == 3 : true)) {
      seen_comma = true;
      group = 0;
    } else {
      digits.clear();
      break;
    }
  }
  if (seen_comma && group != 3) digits.clear();
  auto v = digits.empty() ? Result<int64_t>(Status::InvalidArgument("")) : ParseInt64(digits);
  if (!v.ok()) {
    return Status::InvalidArgument("\"" + std::string(text) + "\" is not a whole number");
  }
  return *v;
}

Status CheckIntRange(int64_t value, IntRange range) {
  if (value < range.min || value > range.max) {
    return Status::InvalidArgument(std::to_string(value) + " is not in " + RangeText(range));
  }
  return Status::Ok();
}

Result<int64_t> ParseIntInRange(std::string_view text, IntRange range) {
  FS_ASSIGN_OR_RETURN(int64_t v, ParseWholeNumber(text));
  if (v < range.min || v > range.max) {
    return Status::InvalidArgument("\"" + std::string(text) + "\" is not in " + RangeText(range));
  }
  return v;
}

Result<double> ParseSessionHours(std::string_view text) {
  auto v = ParseDouble(Trim(text));
  if (!v.ok() || !std::isfinite(*v)) {
    return Status::InvalidArgument("\"" + std::string(text) + "\" is not a number of hours");
  }
  if (*v <= 0 || *v > kMaxSessionHours) {
    return Status::InvalidArgument("\"" + std::string(text) + "\" is not more than 0 and at most " +
                                   std::to_string(static_cast<int>(kMaxSessionHours)) + " hours");
  }
  return *v;
}

Result<std::vector<int>> ParseDaysOfWeek(std::string_view text) {
  std::string_view t = Trim(text);
  auto bad = [&](std::string why) {
    return Status::InvalidArgument("\"" + std::string(text) + "\" " + why);
  };
  if (t.starts_with("[")) {
    if (!t.ends_with("]")) return bad("is not a list of weekdays 0–6 (Monday = 0)");
    t = t.substr(1, t.size() - 2);
  }
  std::vector<int> days;
  for (const std::string& part : Split(t, ',')) {
    std::string_view p = Trim(part);
    if (p.empty() && Trim(t).empty()) break;
    auto v = ParseInt64(p);
    if (!v.ok() || *v < 0 || *v > 6) {
      return bad("is not a list of weekdays 0–6 (Monday = 0): \"" + std::string(p) +
                 "\" is not a weekday");
    }
    days.push_back(static_cast<int>(*v));
  }
  if (days.empty()) return bad("lists no weekday (Monday = 0 … Sunday = 6)");
  std::sort(days.begin(), days.end());
  days.erase(std::unique(days.begin(), days.end()), days.end());
  return days;
}

std::string FormatDaysOfWeek(const std::vector<int>& days) {
  std::string out = "[";
  for (size_t i = 0; i < days.size(); ++i) {
    if (i) out += ',';
    out += std::to_string(days[i]);
  }
  return out + "]";
}

std::string ExpandEscapes(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '\\' && i + 1 < text.size()) {
      char n = text[i + 1];
      if (n == 'n' || n == 't' || n == 'r') {
        out += n == 'n' ? '\n' : (n == 't' ? '\t' : '\r');
        ++i;
        continue;
      }
    }
    out += text[i];
  }
  return out;
}

}  // namespace formsender::settings
