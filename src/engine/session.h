#pragma once
// One form's HTTP session: a libcurl easy handle with its own cookie jar, configured per
// request (browser-like headers, compression, timeouts, size cap, TLS verification, no
// automatic redirects), the SSRF guard on the socket actually opened, and the decoding of
// the response into UTF-8. The multi loop (engine.cc) drives it; nothing here blocks.

#include <chrono>
#include <string>
#include <vector>

#include "common/handles.h"
#include "common/http.h"
#include "common/status.h"

namespace formsender::engine {

struct HttpResult {
  int status = 0;
  std::string url;  // of this hop
  std::string location;
  std::string content_type;
  std::string body;        // raw bytes (capped)
  std::string error_code;  // engine code when the transfer failed ("" = got a response)
  std::string error_message;
  std::string remote_ip;
};

struct SessionOptions {
  std::string user_agent =
      "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
      "Chrome/124.0.0.0 Safari/537.36";
  size_t max_body_bytes = 5 * 1024 * 1024;
  std::chrono::milliseconds connect_timeout{10'000};
  bool allow_private_targets = false;
  std::vector<std::string> allowed_private_addresses;  // FormTask::allowed_private_addresses
};

// True for addresses a public fetch must not reach (loopback, RFC 1918, link-local and the
// metadata address, CGNAT, multicast, unspecified, IPv6 ULA/link-local, v4-mapped forms).
bool IsPrivateAddress(const std::string& ip);

class Session {
 public:
  explicit Session(SessionOptions options);
  Session(const Session&) = delete;
  Session& operator=(const Session&) = delete;

  // Prepares the handle for one request (no redirect following). `timeout` bounds the whole
  // transfer. Returns the handle to add to a multi handle.
  Result<CURL*> Prepare(const std::string& method, const std::string& url, const std::string& body,
                        const std::string& content_type, const std::string& referer,
                        std::chrono::milliseconds timeout);
  // Collects the outcome after the multi handle reported `code` for this handle.
  HttpResult Finish(CURLcode code);

  CURL* handle() const { return curl_.get(); }

 private:
  static size_t OnBody(char* data, size_t size, size_t n, void* self);
  static size_t OnHeader(char* data, size_t size, size_t n, void* self);
  static curl_socket_t OnOpenSocket(void* self, curlsocktype purpose, curl_sockaddr* address);

  SessionOptions options_;
  CurlPtr curl_;
  CurlSlistPtr headers_;
  CurlSlistPtr resolve_;
  std::string url_;
  std::string body_;
  std::string request_body_;
  std::string location_;
  std::string content_type_;
  bool too_large_ = false;
  bool cookie_engine_ = false;
  bool blocked_ = false;
  std::string blocked_ip_;
};

// Decodes an HTML/text body to UTF-8: charset from the Content-Type header, a BOM, a <meta>
// declaration in the first 4 KiB, else detection. Returns the charset used.
std::string DecodeBody(const std::string& raw, const std::string& content_type, std::string* utf8);

}  // namespace formsender::engine
