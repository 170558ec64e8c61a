#include "common/metrics_exposition.h"

#include <cmath>
#include <cstdlib>
#include <set>

namespace formsender {
namespace {

bool NameChar(char c, bool first, bool colon_ok) {
  bool alpha =
      (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || (colon_ok && c == ':');
  return first ? alpha : alpha || (c >= '0' && c <= '9');
}

bool ValidName(std::string_view name, bool colon_ok) {
  if (name.empty()) return false;
  for (size_t i = 0; i < name.size(); ++i) {
    if (!NameChar(name[i], i == 0, colon_ok)) return false;
  }
  return true;
}

bool ParseFloat(std::string_view text, double& out) {
  if (text == "+Inf" || text == "Inf") {
    out = INFINITY;
    return true;
  }
  if (text == "-Inf") {
    out = -INFINITY;
    return true;
  }
  if (text == "NaN") {
    out = NAN;
    return true;
  }
  std::string s(text);
  char* end = nullptr;
  out = std::strtod(s.c_str(), &end);
  return !s.empty() && end == s.c_str() + s.size();
}

// The family a sample belongs to: histogram samples drop their suffix.
std::string FamilyOf(const std::string& sample, const std::map<std::string, std::string>& types) {
  for (std::string_view suffix : {"_bucket", "_sum", "_count"}) {
    if (sample.size() > suffix.size() && sample.ends_with(suffix)) {
      std::string base = sample.substr(0, sample.size() - suffix.size());
      auto it = types.find(base);
      if (it != types.end() && (it->second == "histogram" || it->second == "summary")) return base;
    }
  }
  return sample;
}

Status LineError(size_t line, const std::string& what) {
  return Status::InvalidArgument("metrics exposition line " + std::to_string(line) + ": " + what);
}

// name{a="b",c="d"} value [timestamp]
Status ParseSample(std::string_view line, size_t line_no, ExpositionSample& out) {
  size_t i = 0;
  while (i < line.size() && line[i] != '{' && line[i] != ' ') ++i;
  out.name = std::string(line.substr(0, i));
  if (!ValidName(out.name, true)) return LineError(line_no, "bad metric name '" + out.name + "'");
  if (i < line.size() && line[i] == '{') {
    ++i;
    while (true) {
      if (i < line.size() && line[i] == '}') {
        ++i;
        break;
      }
      size_t eq = line.find('=', i);
      if (eq == std::string_view::npos) return LineError(line_no, "label without '='");
      std::string name(line.substr(i, eq - i));
      if (!IsValidLabelName(name)) return LineError(line_no, "bad label name '" + name + "'");
      if (eq + 1 >= line.size() || line[eq + 1] != '"') {
        return LineError(line_no, "label value of '" + name + "' is not quoted");
      }
      std::string value;
      size_t j = eq + 2;
      for (; j < line.size() && line[j] != '"'; ++j) {
        if (line[j] == '\\') {
          if (++j >= line.size()) break;
          char c = line[j];
          if (c == 'n') {
            value += '\n';
          } else if (c == '\\' || c == '"') {
            value += c;
          } else {
            return LineError(line_no, "bad escape in label '" + name + "'");
          }
        } else {
          value += line[j];
        }
      }
      if (j >= line.size()) return LineError(line_no, "unterminated label value");
      if (!out.labels.emplace(name, value).second) {
        return LineError(line_no, "label '" + name + "' repeated");
      }
      i = j + 1;
      if (i < line.size() && line[i] == ',') ++i;
    }
  }
  if (i >= line.size() || line[i] != ' ') return LineError(line_no, "no value");
  std::string_view rest = line.substr(i + 1);
  size_t space = rest.find(' ');
  std::string_view value = rest.substr(0, space);
  if (!ParseFloat(value, out.value)) {
    return LineError(line_no, "value '" + std::string(value) + "' is not a number");
  }
  if (space != std::string_view::npos) {
    double ts = 0;
    if (!ParseFloat(rest.substr(space + 1), ts)) return LineError(line_no, "bad timestamp");
  }
  return Status::Ok();
}

Status CheckHistogram(const ExpositionFamily& f) {
  // Per series (labels without le): bounds increasing, counts cumulative, +Inf == _count.
  std::map<std::map<std::string, std::string>, std::vector<std::pair<double, double>>> buckets;
  std::map<std::map<std::string, std::string>, double> counts;
  for (const auto& s : f.samples) {
    auto labels = s.labels;
    if (s.name == f.name + "_bucket") {
      auto le = labels.find("le");
      double bound = 0;
      if (le == labels.end() || !ParseFloat(le->second, bound)) {
        return Status::InvalidArgument("histogram " + f.name + ": a bucket without a numeric le");
      }
      labels.erase("le");
      buckets[labels].emplace_back(bound, s.value);
    } else if (s.name == f.name + "_count") {
      counts[labels] = s.value;
    } else if (s.name != f.name + "_sum") {
      return Status::InvalidArgument("histogram " + f.name + ": unexpected sample " + s.name);
    }
  }
  for (const auto& [labels, list] : buckets) {
    for (size_t i = 1; i < list.size(); ++i) {
      if (!(list[i].first > list[i - 1].first)) {
        return Status::InvalidArgument("histogram " + f.name + ": le bounds not increasing");
      }
      if (list[i].second < list[i - 1].second) {
        return Status::InvalidArgument("histogram " + f.name + ": bucket counts not cumulative");
      }
    }
    if (list.empty() || !std::isinf(list.back().first)) {
      return Status::InvalidArgument("histogram " + f.name + ": no le=\"+Inf\" bucket");
    }
    auto c = counts.find(labels);
    if (c == counts.end() || c->second != list.back().second) {
      return Status::InvalidArgument("histogram " + f.name + ": _count differs from +Inf bucket");
    }
  }
  return Status::Ok();
}

}  // namespace

bool IsValidMetricName(std::string_view name) { return ValidName(name, true); }
bool IsValidLabelName(std::string_view name) {
  return ValidName(name, false) && !name.starts_with("__");
}

Result<std::vector<ExpositionFamily>> ParseExposition(std::string_view text) {
  std::vector<ExpositionFamily> families;
  std::map<std::string, std::string> types;
  std::set<std::string> helps, finished, series;
  size_t line_no = 0;
  size_t pos = 0;
  if (!text.empty() && text.back() != '\n') {
    return Status::InvalidArgument("metrics exposition: the last line has no newline");
  }
  while (pos < text.size()) {
    size_t end = text.find('\n', pos);
    std::string_view line = text.substr(pos, end - pos);
    pos = end + 1;
    ++line_no;
    if (line.empty()) continue;
    if (line.starts_with("# HELP ") || line.starts_with("# TYPE ")) {
      bool is_type = line[2] == 'T';
      std::string_view rest = line.substr(7);
      size_t space = rest.find(' ');
      std::string name(rest.substr(0, space));
      std::string arg = space == std::string_view::npos ? "" : std::string(rest.substr(space + 1));
      if (!IsValidMetricName(name)) return LineError(line_no, "bad metric name '" + name + "'");
      if (finished.contains(name)) {
        return LineError(line_no, "family " + name + " is not contiguous");
      }
      if (families.empty() || families.back().name != name) {
        if (!families.empty()) finished.insert(families.back().name);
        families.push_back(ExpositionFamily{name, "untyped", "", {}});
      }
      if (!families.back().samples.empty()) {
        return LineError(line_no, "HELP/TYPE of " + name + " after its samples");
      }
      if (is_type) {
        static const std::set<std::string> kTypes = {"counter", "gauge", "histogram", "summary",
                                                     "untyped"};
        if (!kTypes.contains(arg)) return LineError(line_no, "unknown type '" + arg + "'");
        if (!types.emplace(name, arg).second) return LineError(line_no, "second TYPE for " + name);
        families.back().type = arg;
      } else {
        if (!helps.insert(name).second) return LineError(line_no, "second HELP for " + name);
        families.back().help = arg;
      }
      continue;
    }
    if (line.starts_with("#")) continue;  // a comment
    ExpositionSample sample;
    if (Status s = ParseSample(line, line_no, sample); !s.ok()) return s;
    std::string family = FamilyOf(sample.name, types);
    if (families.empty() || families.back().name != family) {
      if (finished.contains(family) || (!families.empty() && families.back().name == family)) {
        return LineError(line_no, "family " + family + " is not contiguous");
      }
      if (!families.empty()) finished.insert(families.back().name);
      families.push_back(ExpositionFamily{family, "untyped", "", {}});
    }
    std::string key = sample.name;
    for (const auto& [k, v] : sample.labels) key += "\x1f" + k + "=" + v;
    if (!series.insert(key).second) return LineError(line_no, "duplicate series " + sample.name);
    if (families.back().type == "counter" && sample.value < 0) {
      return LineError(line_no, "counter " + family + " is negative");
    }
    families.back().samples.push_back(std::move(sample));
  }
  for (const auto& f : families) {
    if (f.type == "histogram") {
      if (Status s = CheckHistogram(f); !s.ok()) return s;
    }
  }
  return families;
}

}  // namespace formsender
