#pragma once
// Per-site sessions keyed by a cookie, as PHP and WordPress plugins keep them: a CSRF token
// issued with the form, and the values a confirmation step stored for the final step.
// Thread-safe.

#include <map>
#include <mutex>
#include <optional>
#include <string>

#include "sites/form_data.h"

namespace formsender::sites {

struct Session {
  std::string csrf_token;
  FieldList stored_values;
  bool has_stored_values = false;
};

class SessionStore {
 public:
  explicit SessionStore(size_t max_sessions = 200'000) : max_sessions_(max_sessions) {}

  // The session `id` of `site`, if it exists.
  std::optional<Session> Get(const std::string& site, const std::string& id) const;
  // Creates a session with a fresh id and token; returns the id.
  std::string Create(const std::string& site);
  void StoreValues(const std::string& site, const std::string& id, FieldList values);
  void ClearValues(const std::string& site, const std::string& id);
  void Clear();

 private:
  static std::string Key(const std::string& site, const std::string& id) {
    return site + '\n' + id;
  }
  size_t max_sessions_;
  mutable std::mutex mu_;
  std::map<std::string, Session> sessions_;
};

}  // namespace formsender::sites
