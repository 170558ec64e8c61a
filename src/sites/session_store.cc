#include "sites/session_store.h"

#include "common/crypto.h"

namespace formsender::sites {

std::optional<Session> SessionStore::Get(const std::string& site, const std::string& id) const {
  std::lock_guard lock(mu_);
  auto it = sessions_.find(Key(site, id));
  if (it == sessions_.end()) return std::nullopt;
  return it->second;
}

std::string SessionStore::Create(const std::string& site) {
  std::string id = RandomHexToken(16);
  Session session;
  session.csrf_token = RandomHexToken(20);
  std::lock_guard lock(mu_);
  // A load test opens a session per form; beyond the cap the oldest are not worth keeping.
  if (sessions_.size() >= max_sessions_) sessions_.clear();
  sessions_[Key(site, id)] = std::move(session);
  return id;
}

void SessionStore::StoreValues(const std::string& site, const std::string& id, FieldList values) {
  std::lock_guard lock(mu_);
  auto it = sessions_.find(Key(site, id));
  if (it == sessions_.end()) return;
  it->second.stored_values = std::move(values);
  it->second.has_stored_values = true;
}

void SessionStore::ClearValues(const std::string& site, const std::string& id) {
  std::lock_guard lock(mu_);
  auto it = sessions_.find(Key(site, id));
  if (it == sessions_.end()) return;
  it->second.stored_values.clear();
  it->second.has_stored_values = false;
}

void SessionStore::Clear() {
  std::lock_guard lock(mu_);
  sessions_.clear();
}

}  // namespace formsender::sites
