#include "gcp/testing/routing_http_client.h"

namespace formsender::gcp::testing {

Result<HttpClientResponse> RoutingHttpClient::Send(const HttpClientRequest& request) {
  for (const auto& [from, to] : routes_) {
    if (!request.url.starts_with(from)) continue;
    HttpClientRequest routed = request;
    routed.url = to + request.url.substr(from.size());
    size_t scheme_end = from.find("://");
    std::string authority = from.substr(scheme_end + 3);
    authority = authority.substr(0, authority.find('/'));
    routed.headers.Set("Host", authority);
    return inner_.Send(routed);
  }
  if (request.url.starts_with("http://127.") || request.url.starts_with("http://localhost") ||
      !strict_) {
    return inner_.Send(request);
  }
  return Status::Unavailable("RoutingHttpClient: no route for " + request.url +
                             " (tests never leave loopback)");
}

}  // namespace formsender::gcp::testing
