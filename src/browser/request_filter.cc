#include "browser/request_filter.h"

#include <algorithm>

#include "common/handles.h"
#include "common/strings.h"

namespace formsender::browser {
namespace {

constexpr std::chrono::seconds kHostCacheTtl{60};
constexpr size_t kHostCacheMax = 4096;

bool HostMatches(std::string_view host, std::string_view blocked) {
  if (host == blocked) return true;
  return host.size() > blocked.size() && host.ends_with(blocked) &&
         host[host.size() - blocked.size() - 1] == '.';
}

std::string CurlUrlPart(CURLU* u, CURLUPart part) {
  char* value = nullptr;
  if (curl_url_get(u, part, &value, 0) != CURLUE_OK || value == nullptr) return "";
  std::string out(value);
  curl_free(value);
  return out;
}

}  // namespace

Result<UrlParts> ParseUrlParts(std::string_view url) {
  CurlUrlPtr u(curl_url());
  if (!u) return Status::Internal("curl_url: out of memory");
  std::string text(url);
  // Any scheme: the filter must see ftp:, file:, ws: URLs to refuse them.
  if (curl_url_set(u.get(), CURLUPART_URL, text.c_str(), CURLU_NON_SUPPORT_SCHEME) != CURLUE_OK) {
    return Status::InvalidArgument("not a valid absolute URL: " + text);
  }
  UrlParts parts;
  parts.scheme = ToLowerAscii(CurlUrlPart(u.get(), CURLUPART_SCHEME));
  parts.host = NormalizeHost(CurlUrlPart(u.get(), CURLUPART_HOST));
  std::string port = CurlUrlPart(u.get(), CURLUPART_PORT);
  if (!port.empty()) {
    auto p = ParseInt64(port, "port");
    if (p.ok()) parts.port = static_cast<int>(*p);
  } else if (parts.scheme == "https" || parts.scheme == "wss") {
    parts.port = 443;
  } else if (parts.scheme == "http" || parts.scheme == "ws") {
    parts.port = 80;
  }
  if (parts.host.empty()) return Status::InvalidArgument("URL has no host: " + text);
  return parts;
}

const std::vector<std::string>& DefaultBlockedHosts() {
  static const std::vector<std::string> kHosts = {
      // analytics, tag managers, ads
      "google-analytics.com", "googletagmanager.com", "doubleclick.net", "googlesyndication.com",
      "googleadservices.com", "adservice.google.com", "connect.facebook.net", "facebook.net",
      "analytics.tiktok.com", "bat.bing.com", "clarity.ms", "hotjar.com", "hotjar.io",
      "static.ads-twitter.com", "analytics.twitter.com", "ads-twitter.com", "yjtag.jp",
      "b92.yahoo.co.jp", "mixpanel.com", "cdn.segment.com", "api.segment.io",
      "js-agent.newrelic.com", "bam.nr-data.net", "criteo.com", "criteo.net", "ptengine.jp",
      "ptengine.com", "assets.adobedtm.com", "omtrdc.net", "adroll.com", "taboola.com",
      "outbrain.com", "snap.licdn.com", "px.ads.linkedin.com", "i-mobile.co.jp", "microad.jp",
      "ladsp.com", "logly.co.jp", "socdm.com", "adingo.jp", "fout.jp", "karte.io",
      // consent managers (the reference's cookie blocker list): their banners cover forms
      "onetrust.com", "cookielaw.org", "cookiebot.com", "cookiebot.eu", "trustarc.com",
      "truste.com", "quantcast.com", "consensu.org", "usercentrics.eu", "usercentrics.com",
      "osano.com", "cookieyes.com", "cdn-cookieyes.com", "iubenda.com", "axept.io", "axeptio.eu"};
  return kHosts;
}

RequestFilter::RequestFilter(RequestFilterOptions options, Resolver resolver)
    : options_(std::move(options)), resolver_(std::move(resolver)) {
  if (!resolver_)
    resolver_ = [](std::string_view h, const NetPolicy& p) { return ResolveAllowed(h, p); };
  for (auto& h : options_.extra_blocked_hosts) h = NormalizeHost(h);
}

bool RequestFilter::IsBlockedHost(std::string_view host) const {
  if (!options_.block_trackers) return false;
  for (const auto& blocked : DefaultBlockedHosts()) {
    if (HostMatches(host, blocked)) return true;
  }
  return std::any_of(options_.extra_blocked_hosts.begin(), options_.extra_blocked_hosts.end(),
                     [&](const std::string& b) { return HostMatches(host, b); });
}

Status RequestFilter::CheckResolvedHost(const std::string& host) {
  auto now = std::chrono::steady_clock::now();
  {
    std::lock_guard lock(mu_);
    auto it = host_cache_.find(host);
    if (it != host_cache_.end() && it->second.expires > now) return it->second.status;
  }
  auto resolved = resolver_(host, options_.net_policy);
  Status status = resolved.ok() ? Status::Ok() : resolved.status();
  std::lock_guard lock(mu_);
  if (host_cache_.size() >= kHostCacheMax) host_cache_.clear();
  host_cache_[host] = CacheEntry{status, now + kHostCacheTtl};
  return status;
}

RequestDecision RequestFilter::Decide(std::string_view url, std::string_view resource_type) {
  RequestDecision d;
  if (url.starts_with("data:") || url.starts_with("blob:") || url.starts_with("about:")) return d;
  auto parts = ParseUrlParts(url);
  if (!parts.ok()) {
    return {false, true, parts.status().message(), "AccessDenied"};
  }
  if (parts->scheme != "http" && parts->scheme != "https") {
    return {false, true, "scheme " + parts->scheme, "AccessDenied"};
  }
  if (Status host = CheckHost(parts->host, options_.net_policy); !host.ok()) {
    return {false, true, "address policy: " + host.message(), "AccessDenied"};
  }
  // Cheap refusals before any DNS lookup.
  std::string type(resource_type);
  if (std::find(options_.blocked_resource_types.begin(), options_.blocked_resource_types.end(),
                type) != options_.blocked_resource_types.end()) {
    return {false, false, "resource type " + type, "BlockedByClient"};
  }
  if (IsBlockedHost(parts->host)) {
    return {false, false, "tracker " + parts->host, "BlockedByClient"};
  }
  if (options_.net_policy.allow_private_targets) return d;
  Status resolved = CheckResolvedHost(parts->host);
  if (resolved.code() == StatusCode::kPermissionDenied) {
    return {false, true, "address policy: " + resolved.message(), "AccessDenied"};
  }
  if (!resolved.ok()) return {false, false, resolved.message(), "NameNotResolved"};
  return d;
}

Status RequestFilter::CheckRemoteAddress(std::string_view url, std::string_view remote_ip) const {
  if (remote_ip.empty() || options_.net_policy.allow_private_targets) return Status::Ok();
  auto address = IpAddress::Parse(remote_ip);
  if (!address) return Status::Ok();
  auto parts = ParseUrlParts(url);
  std::string host = parts.ok() ? parts->host : std::string(url);
  return CheckAddress(host, *address, options_.net_policy);
}

}  // namespace formsender::browser
