#pragma once
// Google's signing keys for ID tokens (a JWKS document, by default
// https://www.googleapis.com/oauth2/v3/certs), fetched over HTTP, cached for the document's
// Cache-Control max-age (1 hour when it gives none) and fetched again when a token names a key
// the cache does not have (at most once per `min_refetch_interval`, so bogus key ids cannot
// make us hammer the server). Thread-safe.

#include <chrono>
#include <map>
#include <mutex>
#include <optional>
#include <string>

#include "common/clock.h"
#include "common/http_client.h"
#include "common/status.h"

namespace formsender::web {

struct RsaPublicKey {
  std::string modulus;   // big-endian bytes (JWK "n", decoded)
  std::string exponent;  // big-endian bytes (JWK "e", decoded)
};

class JwksCache {
 public:
  JwksCache(HttpClient& http, std::string url, const Clock& clock,
            std::chrono::seconds min_refetch_interval = std::chrono::seconds(30));

  // The RS256 key `kid`. kNotFound when the (refreshed) set does not have it; kUnavailable when
  // the set cannot be fetched and no cached copy is usable.
  Result<RsaPublicKey> Find(const std::string& kid);

 private:
  Status Fetch();

  HttpClient& http_;
  std::string url_;
  const Clock& clock_;
  std::chrono::seconds min_refetch_interval_;
  std::mutex mu_;
  std::map<std::string, RsaPublicKey> keys_;
  TimePoint expires_{};
  std::optional<TimePoint> last_fetch_;
};

// Parses a JWKS document: its RSA keys by kid (keys of other types or algorithms are skipped).
Result<std::map<std::string, RsaPublicKey>> ParseJwks(std::string_view json);

}  // namespace formsender::web
