#include "common/env.h"

#include <cstdlib>

#include "common/strings.h"

namespace formsender {

std::optional<std::string> Environment::GetNonBlank(std::string_view name) const {
  auto v = Get(name);
  if (!v) return std::nullopt;
  std::string_view t = Trim(*v);
  if (t.empty()) return std::nullopt;
  return std::string(t);
}

std::optional<std::string> ProcessEnvironment::Get(std::string_view name) const {
  const char* v = std::getenv(std::string(name).c_str());
  if (!v) return std::nullopt;
  return std::string(v);
}

std::optional<std::string> MapEnvironment::Get(std::string_view name) const {
  auto it = vars_.find(name);
  if (it == vars_.end()) return std::nullopt;
  return it->second;
}

}  // namespace formsender
