#include "engine/session.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>

#include <algorithm>
#include <cstring>

#include "common/net_policy.h"
#include "common/strings.h"
#include "common/text.h"
#include "engine/url.h"

namespace formsender::engine {
namespace {

std::string CharsetParam(const std::string& content_type) {
  std::string ct = ToLowerAscii(content_type);
  size_t p = ct.find("charset=");
  if (p == std::string::npos) return "";
  std::string v = content_type.substr(p + 8);
  size_t end = v.find_first_of("; ");
  return std::string(Trim(v.substr(0, end)));
}

std::string MetaCharset(std::string_view head) {
  std::string h = ToLowerAscii(head.substr(0, 4096));
  size_t pos = 0;
  while ((pos = h.find("<meta", pos)) != std::string::npos) {
    size_t end = h.find('>', pos);
    if (end == std::string::npos) break;
    std::string tag = h.substr(pos, end - pos);
    size_t c = tag.find("charset=");
    if (c != std::string::npos) {
      size_t s = c + 8;
      while (s < tag.size() && (tag[s] == '"' || tag[s] == '\'' || tag[s] == ' ')) ++s;
      size_t e = s;
      while (e < tag.size() && tag[e] != '"' && tag[e] != '\'' && tag[e] != ';' && tag[e] != ' ' &&
             tag[e] != '/')
        ++e;
      if (e > s) return tag.substr(s, e - s);
    }
    pos = end;
  }
  return "";
}

}  // namespace

bool IsPrivateAddress(const std::string& ip) {
  // One address policy for the HTTP engine and the browser (common/net_policy).
  std::optional<IpAddress> address = IpAddress::Parse(ip);
  return !address || ClassifyAddress(*address) != AddressKind::kPublic;  // unparseable: refuse
}

Session::Session(SessionOptions options) : options_(std::move(options)), curl_(curl_easy_init()) {}

size_t Session::OnBody(char* data, size_t size, size_t n, void* self) {
  auto* s = static_cast<Session*>(self);
  size_t len = size * n;
  if (s->body_.size() + len > s->options_.max_body_bytes) {
    s->too_large_ = true;
    return 0;  // aborts the transfer
  }
  s->body_.append(data, len);
  return len;
}

size_t Session::OnHeader(char* data, size_t size, size_t n, void* self) {
  auto* s = static_cast<Session*>(self);
  std::string_view line(data, size * n);
  if (line.starts_with("HTTP/")) {
    s->location_.clear();
    s->content_type_.clear();
  }
  size_t colon = line.find(':');
  if (colon != std::string_view::npos) {
    std::string name = ToLowerAscii(Trim(line.substr(0, colon)));
    std::string value(Trim(line.substr(colon + 1)));
    if (name == "location") s->location_ = value;
    if (name == "content-type") s->content_type_ = value;
  }
  return size * n;
}

curl_socket_t Session::OnOpenSocket(void* self, curlsocktype purpose, curl_sockaddr* address) {
  auto* s = static_cast<Session*>(self);
  if (purpose != CURLSOCKTYPE_IPCXN) return CURL_SOCKET_BAD;
  char buf[INET6_ADDRSTRLEN] = {};
  if (address->family == AF_INET) {
    inet_ntop(AF_INET, &reinterpret_cast<sockaddr_in*>(&address->addr)->sin_addr, buf, sizeof(buf));
  } else if (address->family == AF_INET6) {
    inet_ntop(AF_INET6, &reinterpret_cast<sockaddr_in6*>(&address->addr)->sin6_addr, buf,
              sizeof(buf));
  } else {
    s->blocked_ = true;
    return CURL_SOCKET_BAD;
  }
  // The check runs on the address actually connected to, for every connection, redirects
  // included, so DNS rebinding cannot slip a private address past it.
  const auto& allowed = s->options_.allowed_private_addresses;
  if (!s->options_.allow_private_targets && IsPrivateAddress(buf) &&
      std::find(allowed.begin(), allowed.end(), std::string(buf)) == allowed.end()) {
    s->blocked_ = true;
    s->blocked_ip_ = buf;
    return CURL_SOCKET_BAD;
  }
  return socket(address->family, address->socktype, address->protocol);
}

Result<CURL*> Session::Prepare(const std::string& method, const std::string& url,
                               const std::string& body, const std::string& content_type,
                               const std::string& referer, std::chrono::milliseconds timeout) {
  if (!curl_) return Status::Internal("curl_easy_init failed");
  FS_ASSIGN_OR_RETURN(std::string host, UrlHost(url));
  FS_ASSIGN_OR_RETURN(int port, UrlPort(url));
  CURL* c = curl_.get();
  // Every option a request depends on is set below (GET resets POST, RESOLVE is cleared), so
  // the handle is reused without curl_easy_reset: the cookie jar is the form's session.
  body_.clear();
  location_.clear();
  content_type_.clear();
  too_large_ = false;
  blocked_ = false;
  blocked_ip_.clear();
  url_ = url;
  request_body_ = body;
  curl_easy_setopt(c, CURLOPT_URL, url_.c_str());
  curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "http,https");
  curl_easy_setopt(c, CURLOPT_FOLLOWLOCATION, 0L);
  curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(c, CURLOPT_HTTP_VERSION, CURL_HTTP_VERSION_1_1);
  curl_easy_setopt(c, CURLOPT_ACCEPT_ENCODING, "");
  curl_easy_setopt(c, CURLOPT_USERAGENT, options_.user_agent.c_str());
  // The cookie engine is started once: the jar lives in the handle and survives
  // curl_easy_reset, and setting the option again would leak curl's cookie-file list.
  if (!cookie_engine_) {
    curl_easy_setopt(c, CURLOPT_COOKIEFILE, "");
    cookie_engine_ = true;
  }
  curl_easy_setopt(c, CURLOPT_SSL_VERIFYPEER, 1L);
  curl_easy_setopt(c, CURLOPT_SSL_VERIFYHOST, 2L);
  curl_easy_setopt(c, CURLOPT_PROXY, "");  // environment proxies would defeat the SSRF guard
  curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT_MS,
                   static_cast<long>(options_.connect_timeout.count()));
  curl_easy_setopt(c, CURLOPT_TIMEOUT_MS, static_cast<long>(std::max<int64_t>(1, timeout.count())));
  curl_easy_setopt(c, CURLOPT_MAXFILESIZE_LARGE, static_cast<curl_off_t>(options_.max_body_bytes));
  curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, &Session::OnBody);
  curl_easy_setopt(c, CURLOPT_WRITEDATA, this);
  curl_easy_setopt(c, CURLOPT_HEADERFUNCTION, &Session::OnHeader);
  curl_easy_setopt(c, CURLOPT_HEADERDATA, this);
  curl_easy_setopt(c, CURLOPT_OPENSOCKETFUNCTION, &Session::OnOpenSocket);
  curl_easy_setopt(c, CURLOPT_OPENSOCKETDATA, this);
  curl_easy_setopt(c, CURLOPT_PRIVATE, this);
  // RFC 6761: names under .localhost are loopback, as browsers resolve them.
  curl_easy_setopt(c, CURLOPT_RESOLVE, nullptr);
  resolve_.reset();
  if (host == "localhost" || host.ends_with(".localhost")) {
    std::string entry = host + ":" + std::to_string(port) + ":127.0.0.1";
    resolve_.reset(curl_slist_append(nullptr, entry.c_str()));
    curl_easy_setopt(c, CURLOPT_RESOLVE, resolve_.get());
  }
  curl_slist* h = nullptr;
  h = curl_slist_append(h,
                        "Accept: text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8");
  h = curl_slist_append(h, "Accept-Language: ja,en-US;q=0.8,en;q=0.7");
  h = curl_slist_append(h, "Expect:");
  if (!referer.empty()) h = curl_slist_append(h, ("Referer: " + referer).c_str());
  if (method == "POST") {
    if (!referer.empty()) {
      auto rh = UrlHost(referer);
      auto rp = UrlPort(referer);
      if (rh.ok() && rp.ok()) {
        std::string scheme = referer.starts_with("https") ? "https" : "http";
        bool default_port = (scheme == "https" && *rp == 443) || (scheme == "http" && *rp == 80);
        h = curl_slist_append(
            h, ("Origin: " + scheme + "://" + *rh + (default_port ? "" : ":" + std::to_string(*rp)))
                   .c_str());
      }
    }
    h = curl_slist_append(h, ("Content-Type: " + content_type).c_str());
    curl_easy_setopt(c, CURLOPT_POST, 1L);
    curl_easy_setopt(c, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(request_body_.size()));
    curl_easy_setopt(c, CURLOPT_POSTFIELDS, request_body_.data());
  } else {
    curl_easy_setopt(c, CURLOPT_HTTPGET, 1L);
  }
  headers_.reset(h);
  curl_easy_setopt(c, CURLOPT_HTTPHEADER, headers_.get());
  return c;
}

HttpResult Session::Finish(CURLcode code) {
  HttpResult r;
  r.url = url_;
  long status = 0;
  curl_easy_getinfo(curl_.get(), CURLINFO_RESPONSE_CODE, &status);
  char* ip = nullptr;
  curl_easy_getinfo(curl_.get(), CURLINFO_PRIMARY_IP, &ip);
  if (ip != nullptr) r.remote_ip = ip;
  r.status = static_cast<int>(status);
  r.location = location_;
  r.content_type = content_type_;
  if (code == CURLE_OK) {
    r.body = std::move(body_);
    return r;
  }
  r.error_message = curl_easy_strerror(code);
  if (blocked_) {
    r.error_code = "SSRF_BLOCKED";
    r.error_message = "refused to connect to private address " + blocked_ip_;
  } else if (too_large_ || code == CURLE_FILESIZE_EXCEEDED) {
    r.error_code = "PAGE_TOO_LARGE";
    r.error_message = "response larger than " + std::to_string(options_.max_body_bytes) + " bytes";
  } else if (code == CURLE_OPERATION_TIMEDOUT) {
    r.error_code = "TIMEOUT";
  } else if (code == CURLE_COULDNT_RESOLVE_HOST) {
    r.error_code = "DNS_ERROR";
  } else if (code == CURLE_SSL_CONNECT_ERROR || code == CURLE_PEER_FAILED_VERIFICATION ||
             code == CURLE_SSL_CERTPROBLEM || code == CURLE_SSL_CIPHER ||
             code == CURLE_SSL_CACERT_BADFILE || code == CURLE_USE_SSL_FAILED) {
    r.error_code = "TLS_ERROR";
  } else if (code == CURLE_RECV_ERROR || code == CURLE_SEND_ERROR || code == CURLE_GOT_NOTHING ||
             code == CURLE_PARTIAL_FILE) {
    r.error_code = "CONNECTION_RESET";
  } else if (code == CURLE_COULDNT_CONNECT) {
    r.error_code = "ACCESS";
  } else {
    r.error_code = "SYSTEM";
  }
  return r;
}

std::string DecodeBody(const std::string& raw, const std::string& content_type, std::string* utf8) {
  std::string label = CharsetParam(content_type);
  if (raw.size() >= 3 && raw.compare(0, 3, "\xEF\xBB\xBF") == 0) label = "UTF-8";
  if (label.empty()) label = MetaCharset(raw);
  std::string canonical;
  if (!label.empty()) {
    auto c = text::CanonicalCharset(label);
    if (c.ok()) canonical = *c;
  }
  // A page declared UTF-8 whose bytes are not is usually a legacy page with a stale header.
  if (canonical == "UTF-8" && !text::IsValidUtf8(raw)) canonical = text::DetectCharset(raw);
  if (canonical.empty()) canonical = text::DetectCharset(raw);
  auto decoded = text::ToUtf8(raw, canonical);
  if (!decoded.ok()) {
    canonical = "UTF-8";
    decoded = text::ToUtf8(raw, canonical);
  }
  *utf8 = decoded.ok() ? std::move(*decoded) : raw;
  return canonical;
}

}  // namespace formsender::engine
