#include "web/jwks.h"

#include <algorithm>

#include "common/json.h"
#include "common/strings.h"

namespace formsender::web {
namespace {

constexpr std::chrono::seconds kDefaultMaxAge{3600};

// max-age of a Cache-Control header, when there is one.
std::optional<std::chrono::seconds> MaxAge(const HttpHeaders& headers) {
  auto value = headers.Get("Cache-Control");
  if (!value) return std::nullopt;
  for (const std::string& part : Split(*value, ',')) {
    std::string_view p = Trim(part);
    if (!p.starts_with("max-age=")) continue;
    auto n = ParseInt64(p.substr(8));
    // At most a day: keys are looked at again daily whatever the header says, and a huge
    // max-age would overflow the clock's nanoseconds when added to now.
    if (n.ok() && *n >= 0) return std::chrono::seconds(std::min<int64_t>(*n, 86400));
  }
  return std::nullopt;
}

}  // namespace

Result<std::map<std::string, RsaPublicKey>> ParseJwks(std::string_view json) {
  FS_ASSIGN_OR_RETURN(Json doc, ParseJson(json, "JWKS"));
  if (!doc.is_object() || !doc.contains("keys") || !doc["keys"].is_array()) {
    return Status::InvalidArgument("JWKS has no \"keys\" array");
  }
  std::map<std::string, RsaPublicKey> keys;
  for (const Json& k : doc["keys"]) {
    if (!k.is_object() || k.value("kty", "") != "RSA") continue;
    if (k.contains("alg") && k.value("alg", "") != "RS256") continue;
    if (k.contains("use") && k.value("use", "") != "sig") continue;
    std::string kid = k.value("kid", "");
    auto n = Base64Decode(k.value("n", ""));
    auto e = Base64Decode(k.value("e", ""));
    if (kid.empty() || !n.ok() || !e.ok() || n->empty() || e->empty()) continue;
    keys[kid] = RsaPublicKey{*n, *e};
  }
  return keys;
}

JwksCache::JwksCache(HttpClient& http, std::string url, const Clock& clock,
                     std::chrono::seconds min_refetch_interval)
    : http_(http),
      url_(std::move(url)),
      clock_(clock),
      min_refetch_interval_(min_refetch_interval) {}

Status JwksCache::Fetch() {
  last_fetch_ = clock_.Now();
  HttpClientRequest req;
  req.url = url_;
  req.timeout = std::chrono::seconds(10);
  req.max_response_bytes = 1024 * 1024;
  auto response = http_.Send(req);
  if (!response.ok())
    return Status::Unavailable("JWKS " + url_ + ": " + response.status().message());
  if (response->status != 200) {
    return Status::Unavailable("JWKS " + url_ + ": HTTP " + std::to_string(response->status));
  }
  auto keys = ParseJwks(response->body);
  if (!keys.ok()) return Status::Unavailable("JWKS " + url_ + ": " + keys.status().message());
  keys_ = std::move(*keys);
  expires_ = clock_.Now() + MaxAge(response->headers).value_or(kDefaultMaxAge);
  return Status::Ok();
}

Result<RsaPublicKey> JwksCache::Find(const std::string& kid) {
  std::lock_guard lock(mu_);
  TimePoint now = clock_.Now();
  bool stale = now >= expires_;
  bool may_refetch = !last_fetch_ || now - *last_fetch_ >= min_refetch_interval_;
  auto it = keys_.find(kid);
  if ((stale || it == keys_.end()) && may_refetch) {
    Status fetched = Fetch();
    // Google rotates keys with overlap: a stale copy still verifies while the fetch fails.
    if (!fetched.ok() && keys_.empty()) return fetched;
    it = keys_.find(kid);
  }
  if (keys_.empty()) return Status::Unavailable("no signing keys from " + url_ + " yet");
  if (it == keys_.end()) return Status::NotFound("no signing key \"" + kid + "\" in " + url_);
  return it->second;
}

}  // namespace formsender::web
