#include "web/client_limiter.h"

#include <algorithm>

#include "common/strings.h"

namespace formsender::web {

std::string PeerHost(std::string_view remote_address) {
  // The port changes with every connection.
  size_t colon = remote_address.rfind(':');
  std::string_view host =
      colon == std::string_view::npos ? remote_address : remote_address.substr(0, colon);
  if (host.size() >= 2 && host.front() == '[' && host.back() == ']') {
    host = host.substr(1, host.size() - 2);
  }
  return std::string(host);
}

ClientLimiter::ClientLimiter(ClientLimits limits, const Clock& clock)
    : limits_(limits), clock_(clock) {}

std::string ClientLimiter::ClientOf(const HttpRequest& request) const {
  if (limits_.trust_forwarded_for) {
    if (auto forwarded = request.headers.Get("X-Forwarded-For")) {
      std::string_view list = *forwarded;
      size_t comma = list.rfind(',');
      std::string_view last = Trim(comma == std::string_view::npos ? list : list.substr(comma + 1));
      if (!last.empty()) return std::string(last);
    }
  }
  std::string host = PeerHost(request.remote_address);
  return host.empty() ? "unknown" : host;
}

std::optional<Duration> ClientLimiter::Throttled(const std::string& client) {
  if (!enabled()) return std::nullopt;
  std::lock_guard lock(mu_);
  auto it = buckets_.find(client);
  if (it == buckets_.end() || it->second.Available() >= 1) return std::nullopt;
  return it->second.TimeToNextToken();
}

void ClientLimiter::Charge(const std::string& client) {
  if (!enabled()) return;
  std::lock_guard lock(mu_);
  if (buckets_.size() >= kMaxClients && !buckets_.contains(client)) {
    for (auto it = buckets_.begin(); it != buckets_.end();) {
      it = static_cast<double>(it->second.Available()) >= limits_.burst ? buckets_.erase(it)
                                                                        : std::next(it);
    }
    // Still full (refusals from more addresses than that within one refill): start over rather
    // than grow without bound.
    if (buckets_.size() >= kMaxClients) buckets_.clear();
  }
  auto it = buckets_.find(client);
  if (it == buckets_.end()) {
    it = buckets_
             .try_emplace(client, limits_.refusals_per_second, std::max(1.0, limits_.burst), clock_)
             .first;
  }
  it->second.Take(1);
}

size_t ClientLimiter::clients_tracked() {
  std::lock_guard lock(mu_);
  return buckets_.size();
}

}  // namespace formsender::web
