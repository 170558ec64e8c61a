#pragma once
// Throttles the clients that keep getting refused: each client (its address, or with
// trust_forwarded_for the address the trusted front end appended to X-Forwarded-For) has a
// token bucket that every refused request without valid credentials empties by one (a 4xx
// answer to a caller that did not authenticate: bad or missing tokens, unknown routes, bad
// signed URLs, bodies over the cap). While a client's bucket is empty, its requests that do not
// authenticate are answered 429 with Retry-After before any route runs. Authenticated callers
// (Cloud Tasks, the scheduler, operators) are never throttled, so one abusive neighbour behind
// the same address cannot lock them out, and /healthz is never throttled.
//
//   ClientLimiter limiter({.refusals_per_second = 10, .burst = 50}, clock);
//   std::string who = limiter.ClientOf(request);
//   if (auto wait = limiter.Throttled(who)) → 429, Retry-After: ceil(*wait)
//   … after a refusal: limiter.Charge(who);

#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>

#include "common/clock.h"
#include "common/http.h"
#include "tasks/rate_limiter.h"

namespace formsender::web {

// The peer's address without its port: "203.0.113.7" of "203.0.113.7:53211", "::1" of
// "[::1]:53211" (the log's remoteIp and the limiter's default client).
std::string PeerHost(std::string_view remote_address);

struct ClientLimits {
  double refusals_per_second = 10;  // 0 = off
  double burst = 50;                // refusals a client may collect at once (≥ 1)
  // Behind a front end that appends the caller's address to X-Forwarded-For (Cloud Run, a load
  // balancer): the last address there is the client. Off, the peer address is, since anyone can
  // write the header.
  bool trust_forwarded_for = false;
};

class ClientLimiter {
 public:
  ClientLimiter(ClientLimits limits, const Clock& clock);

  bool enabled() const { return limits_.refusals_per_second > 0; }
  // The client a request comes from ("203.0.113.7"; "unknown" without an address).
  std::string ClientOf(const HttpRequest& request) const;
  // How long until `client` may be refused again, or nullopt when it may send now.
  std::optional<Duration> Throttled(const std::string& client);
  // One refusal of `client`.
  void Charge(const std::string& client);
  size_t clients_tracked();

 private:
  // Above this many clients, those whose buckets have refilled are forgotten (all of them when
  // none has), so memory stays bounded whatever the number of addresses.
  static constexpr size_t kMaxClients = 10'000;

  ClientLimits limits_;
  const Clock& clock_;
  std::mutex mu_;
  std::unordered_map<std::string, tasks::RateLimiter> buckets_;
};

}  // namespace formsender::web
