#pragma once
// script_state: the key/value state the reference kept in Script Properties (run-index
// counters per targeting and JST day, the auto-stop schedule, the active session).

#include <functional>
#include <optional>
#include <string>

#include "common/clock.h"
#include "store/database.h"

namespace formsender::store {

class ScriptStateRepository {
 public:
  ScriptStateRepository(Database& db, const Clock& clock) : db_(db), clock_(clock) {}

  Result<std::optional<std::string>> Get(std::string_view key);
  Status Set(std::string_view key, std::string_view value);
  Status Delete(std::string_view key);
  // Reads the value, computes the new one and writes it in one transaction; concurrent
  // callers are serialised, so counters never hand out the same value twice.
  using Updater = std::function<Result<std::string>(const std::optional<std::string>& current)>;
  Result<std::string> Update(std::string_view key, const Updater& update);

 private:
  Database& db_;
  const Clock& clock_;
};

}  // namespace formsender::store
