#pragma once
// The HTTP front of `formsender serve`: one server, one router, and around every request an id,
// the authentication its route asks for, a body limit, and one JSON log line with Cloud
// Logging's httpRequest fields (secrets in the URL redacted).
//
// Components add their routes before Start:
//   web.AddRoute("GET", "/healthz", handler, Access::kPublic);
//   dispatcher::AddDispatcherRoutes(web.ApiRoutes(), service, log);      // kAuthenticated
//   objects::… web.AddPrefixRoute("GET", "/objects/", handler, Access::kPublic);  // signed URLs
// The dashboard (a later issue) adds its pages with Access::kAuthenticatedOrSession and logs a
// browser in with SessionCookieHeader (auth.h).

#include <atomic>
#include <chrono>
#include <memory>
#include <string>

#include "common/http_router.h"
#include "common/http_server.h"
#include "common/log.h"
#include "common/metrics.h"
#include "dispatcher/routes.h"
#include "web/auth.h"
#include "web/client_limiter.h"

namespace formsender::web {

enum class Access {
  kPublic,                  // no credentials (health, signed object URLs)
  kAuthenticated,           // bearer token (embedded) or OIDC ID token (production)
  kAuthenticatedOrSession,  // the same, or the dashboard's session cookie
};

struct WebServerOptions {
  std::string host = "127.0.0.1";
  int port = 8080;
  size_t max_body_bytes = 1024 * 1024;
  std::chrono::milliseconds shutdown_grace{10'000};
  // Clients refused too often are answered 429 until they may try again (client_limiter.h).
  ClientLimits client_limits;
  const Clock* clock = nullptr;  // null: the system clock
};

class WebServer {
 public:
  // `auth` may be null only when no route asks for authentication.
  WebServer(WebServerOptions options, std::shared_ptr<Authenticator> auth, LoggerPtr log);
  ~WebServer();

  void AddRoute(const std::string& method, const std::string& pattern, HttpHandler handler,
                Access access);
  void AddPrefixRoute(const std::string& method, const std::string& prefix, HttpHandler handler,
                      Access access);
  // A RouteAdder whose routes need authentication (the dispatcher API).
  dispatcher::RouteAdder ApiRoutes();
  // Counts every answer in `metrics` (before Start; `metrics` must outlive this server):
  //   formsender_http_requests_total{area,code}        answers by area and HTTP status
  //   formsender_http_request_duration_seconds{area}   how long the answers took
  // The area is "dispatcher" (/v1/form-sender/…), "objects", "health", "metrics" or
  // "dashboard" (every other page), so raw paths never become labels.
  void SetMetrics(MetricsRegistry& metrics);

  // Listens at once; until SetReady, every request is answered 503 ("starting"), so routes
  // that depend on the bound address can still be added.
  Status Start();
  void SetReady() { ready_.store(true, std::memory_order_release); }
  // Stops accepting, lets requests in flight finish (up to the grace period), then stops.
  void Shutdown();
  int port() const;
  std::string base_url() const;
  int64_t requests_served() const { return requests_.load(); }

  // One request through the middleware and the router, without the network (tests, benches).
  HttpResponse Handle(HttpRequest& request);

 private:
  HttpHandler Guard(HttpHandler handler, Access access);

  WebServerOptions options_;
  std::shared_ptr<Authenticator> auth_;
  LoggerPtr log_;
  Router router_;
  std::unique_ptr<HttpServer> server_;
  std::atomic<int64_t> requests_{0};
  SystemClock system_clock_;
  ClientLimiter limiter_;
  MetricFamily* requests_metric_ = nullptr;
  MetricFamily* duration_metric_ = nullptr;
  std::atomic<bool> ready_{false};
};

// The metrics label of a request path (SetMetrics).
std::string_view HttpMetricsArea(std::string_view path);

// The Cloud Logging httpRequest object of a request and its answer.
Json HttpRequestLogFields(const HttpRequest& request, const HttpResponse& response,
                          std::chrono::microseconds latency);

}  // namespace formsender::web
