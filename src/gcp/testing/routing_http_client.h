#pragma once
// An HttpClient for tests that sends requests for real Google hosts to a loopback fake:
// "https://storage.googleapis.com/b/o?…" goes to "http://127.0.0.1:PORT/xml/b/o?…" with the
// original "Host: storage.googleapis.com" header, so a fake can check V4 signatures, which
// cover the host. Unrouted URLs go to `inner` unchanged (or fail, when `strict`).

#include <string>
#include <utility>
#include <vector>

#include "common/http_client.h"

namespace formsender::gcp::testing {

class RoutingHttpClient final : public HttpClient {
 public:
  explicit RoutingHttpClient(HttpClient& inner, bool strict = true)
      : inner_(inner), strict_(strict) {}
  // Requests whose URL starts with `from` ("https://storage.googleapis.com/") are sent to
  // `to` + the rest ("http://127.0.0.1:1234/xml/").
  void Route(std::string from, std::string to) {
    routes_.emplace_back(std::move(from), std::move(to));
  }
  Result<HttpClientResponse> Send(const HttpClientRequest& request) override;

 private:
  HttpClient& inner_;
  bool strict_;
  std::vector<std::pair<std::string, std::string>> routes_;
};

}  // namespace formsender::gcp::testing
