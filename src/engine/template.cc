#include "engine/template.h"

#include <optional>

namespace formsender::engine {
namespace {

bool IsIdentChar(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
         c == '.';
}

std::optional<std::string> ScalarText(const Json& v) {
  if (v.is_string()) return v.get<std::string>();
  if (v.is_number_integer()) return std::to_string(v.get<int64_t>());
  if (v.is_number()) {
    std::string s = v.dump();
    return s;
  }
  if (v.is_boolean()) return v.get<bool>() ? "true" : "false";
  return std::nullopt;
}

struct Placeholder {
  size_t begin = 0;  // position of '{'
  size_t end = 0;    // one past '}'
  std::string key;
};

// The next {identifier} at or after `from`.
std::optional<Placeholder> NextPlaceholder(std::string_view s, size_t from) {
  for (size_t i = s.find('{', from); i != std::string_view::npos; i = s.find('{', i + 1)) {
    size_t j = i + 1;
    while (j < s.size() && IsIdentChar(s[j])) ++j;
    if (j < s.size() && s[j] == '}' && j > i + 1) {
      char first = s[i + 1];
      if ((first >= '0' && first <= '9') || first == '.') continue;
      return Placeholder{i, j + 1, std::string(s.substr(i + 1, j - i - 1))};
    }
  }
  return std::nullopt;
}

bool IsCompanyKey(const std::string& key) {
  return !key.starts_with("client.") && !key.starts_with("targeting.");
}

// nullopt = the key does not exist; "" = exists but empty/null.
std::optional<std::string> Lookup(const std::string& key, const Json& client, const Json& targeting,
                                  const Json& company) {
  const Json* obj = &company;
  std::string rest = key;
  if (key.starts_with("client.")) {
    obj = &client;
    rest = key.substr(7);
  } else if (key.starts_with("targeting.")) {
    obj = &targeting;
    rest = key.substr(10);
  }
  const Json* cur = obj;
  size_t pos = 0;
  while (true) {
    size_t dot = rest.find('.', pos);
    std::string part = rest.substr(pos, dot == std::string::npos ? std::string::npos : dot - pos);
    if (!cur->is_object() || !cur->contains(part)) return std::nullopt;
    cur = &(*cur)[part];
    if (dot == std::string::npos) break;
    pos = dot + 1;
  }
  if (cur->is_null()) return std::string();
  return ScalarText(*cur);
}

}  // namespace

Result<std::string> RenderTemplate(std::string_view tmpl, const Json& client, const Json& targeting,
                                   const Json& company) {
  std::string out;
  out.reserve(tmpl.size() + 64);
  size_t i = 0;
  while (i < tmpl.size()) {
    // Conditional block: "[" … exactly one company placeholder … "]" on one line.
    if (tmpl[i] == '[') {
      size_t close = tmpl.find(']', i + 1);
      size_t nl = tmpl.find('\n', i + 1);
      if (close != std::string_view::npos && (nl == std::string_view::npos || close < nl)) {
        std::string_view inner = tmpl.substr(i + 1, close - i - 1);
        auto p = NextPlaceholder(inner, 0);
        if (p && IsCompanyKey(p->key) && !NextPlaceholder(inner, p->end)) {
          auto v = Lookup(p->key, client, targeting, company);
          if (v && !v->empty()) {
            out.append(inner.substr(0, p->begin));
            out.append(*v);
            out.append(inner.substr(p->end));
          }
          i = close + 1;
          continue;
        }
      }
      out.push_back(tmpl[i++]);
      continue;
    }
    if (tmpl[i] == '{') {
      auto p = NextPlaceholder(tmpl, i);
      if (p && p->begin == i) {
        auto v = Lookup(p->key, client, targeting, company);
        if (!v) {
          return Status::InvalidArgument(
              "placeholder {" + p->key + "} has no value (" +
              (IsCompanyKey(p->key) ? "no such company column" : "no such field") + ")");
        }
        if (v->empty() && IsCompanyKey(p->key)) {
          return Status::InvalidArgument("placeholder {" + p->key +
                                         "} is empty for this company; wrap it in [ ] to make "
                                         "it optional");
        }
        out.append(*v);
        i = p->end;
        continue;
      }
    }
    out.push_back(tmpl[i++]);
  }
  return out;
}

}  // namespace formsender::engine
