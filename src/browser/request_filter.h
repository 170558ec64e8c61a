#pragma once
// Decides, for every request a page makes, whether it may leave the browser: the SSRF policy
// of common/net_policy.h (the same one the HTTP engine applies), schemes, and the requests we
// block to save time (images, fonts, media, beacons, known trackers and consent-manager
// scripts, the list of the reference's cookie blocker).
//
// Thread-safe: one filter serves every page of a pool; host verdicts are cached briefly.

#include <chrono>
#include <functional>
#include <map>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include "common/net_policy.h"
#include "common/status.h"

namespace formsender::browser {

struct UrlParts {
  std::string scheme;  // lower case
  std::string host;    // lower case, IPv6 without brackets
  int port = 0;        // explicit or the scheme's default
};

// InvalidArgument naming the URL when it cannot be parsed or has no host.
Result<UrlParts> ParseUrlParts(std::string_view url);

struct RequestFilterOptions {
  NetPolicy net_policy;
  // CDP resource types refused to save time ("Image", "Font", "Media", "Ping" ...).
  std::vector<std::string> blocked_resource_types = {"Image", "Font", "Media", "Ping"};
  bool block_trackers = true;
  // Added to the built-in tracker list; a name blocks itself and its subdomains.
  std::vector<std::string> extra_blocked_hosts;
};

struct RequestDecision {
  bool allow = true;
  bool is_policy = false;  // refused by the SSRF policy or an unusable scheme
  std::string reason;
  // Fetch.failRequest's errorReason: "AccessDenied" (policy), "NameNotResolved" (the host does
  // not resolve), "BlockedByClient" (saving time).
  std::string cdp_error_reason;
};

// The built-in host list: analytics, ad and tag managers, and the consent managers whose
// banners would cover forms.
const std::vector<std::string>& DefaultBlockedHosts();

class RequestFilter {
 public:
  using Resolver =
      std::function<Result<std::vector<IpAddress>>(std::string_view host, const NetPolicy&)>;

  // `resolver` checks a host's addresses (ResolveAllowed when null; tests pass their own).
  explicit RequestFilter(RequestFilterOptions options, Resolver resolver = nullptr);

  // `resource_type` is CDP's (Document, Stylesheet, Image, Script, XHR, Fetch, ...).
  RequestDecision Decide(std::string_view url, std::string_view resource_type);
  // After the fact: the address a response actually came from (catches DNS rebinding between
  // our resolution and Chromium's). `remote_ip` may be "" (unknown: allowed).
  Status CheckRemoteAddress(std::string_view url, std::string_view remote_ip) const;

  const RequestFilterOptions& options() const { return options_; }

 private:
  bool IsBlockedHost(std::string_view host) const;
  Status CheckResolvedHost(const std::string& host);

  RequestFilterOptions options_;
  Resolver resolver_;
  std::mutex mu_;
  struct CacheEntry {
    Status status;
    std::chrono::steady_clock::time_point expires;
  };
  std::map<std::string, CacheEntry> host_cache_;
};

}  // namespace formsender::browser
