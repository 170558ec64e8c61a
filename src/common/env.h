#pragma once
// Read access to environment variables behind an interface, so configuration code is tested
// with a map instead of the process environment.

#include <map>
#include <optional>
#include <string>
#include <string_view>

namespace formsender {

class Environment {
 public:
  virtual ~Environment() = default;
  // nullopt when unset. An empty string is returned as set-but-empty.
  virtual std::optional<std::string> Get(std::string_view name) const = 0;
  // Unset or only whitespace → nullopt; otherwise the trimmed value.
  std::optional<std::string> GetNonBlank(std::string_view name) const;
};

class ProcessEnvironment final : public Environment {
 public:
  std::optional<std::string> Get(std::string_view name) const override;
};

class MapEnvironment final : public Environment {
 public:
  MapEnvironment() = default;
  explicit MapEnvironment(std::map<std::string, std::string, std::less<>> vars)
      : vars_(std::move(vars)) {}
  std::optional<std::string> Get(std::string_view name) const override;
  void Set(std::string name, std::string value) { vars_[std::move(name)] = std::move(value); }
  void Unset(std::string_view name) {
    if (auto it = vars_.find(name); it != vars_.end()) vars_.erase(it);
  }

 private:
  std::map<std::string, std::string, std::less<>> vars_;
};

}  // namespace formsender
