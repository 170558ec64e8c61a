#pragma once
// A blocking HTTP client on libcurl for control-plane calls (Google APIs, the dispatcher, the
// signed-URL download, Sheets CSV export). The form engine uses its own multi-handle fetcher.

#include <atomic>
#include <chrono>
#include <string>

#include "common/http.h"
#include "common/status.h"

namespace formsender {

struct HttpClientRequest {
  std::string method = "GET";
  std::string url;
  HttpHeaders headers;
  std::string body;
  std::chrono::milliseconds timeout{30'000};
  std::chrono::milliseconds connect_timeout{10'000};
  bool follow_redirects = false;
  int max_redirects = 5;
  size_t max_response_bytes = 64 * 1024 * 1024;
  // When set: the transfer is abandoned (kCancelled) within about a second of it turning true
  // (a service stopping while a long request is in flight).
  const std::atomic<bool>* cancel = nullptr;
};

struct HttpClientResponse {
  int status = 0;
  HttpHeaders headers;
  std::string body;
  std::string effective_url;
};

class HttpClient {
 public:
  virtual ~HttpClient() = default;
  // Transport failures are errors (kUnavailable, kDeadlineExceeded, kResourceExhausted); any
  // HTTP status, 4xx and 5xx included, is a successful Result for the caller to judge.
  virtual Result<HttpClientResponse> Send(const HttpClientRequest& request) = 0;
};

// Thread-safe: each call uses its own easy handle. HTTP/1.1 only (Debian's libcurl 7.88 has
// HTTP/2 crash reports). TLS verification is always on.
class CurlHttpClient final : public HttpClient {
 public:
  Result<HttpClientResponse> Send(const HttpClientRequest& request) override;
};

// Calls curl_global_init once for the process; construct one in main() before any thread.
class CurlGlobal {
 public:
  CurlGlobal();
  ~CurlGlobal();
  CurlGlobal(const CurlGlobal&) = delete;
  CurlGlobal& operator=(const CurlGlobal&) = delete;
};

}  // namespace formsender
