#include "web/web_server.h"

#include <algorithm>
#include <cstdio>

#include "common/crypto.h"
#include "common/redact.h"

namespace formsender::web {

Json HttpRequestLogFields(const HttpRequest& request, const HttpResponse& response,
                          std::chrono::microseconds latency) {
  char seconds[32];
  std::snprintf(seconds, sizeof seconds, "%.6fs", static_cast<double>(latency.count()) / 1e6);
  std::string remote = PeerHost(request.remote_address);
  Json j = {{"requestMethod", request.method},
            {"requestUrl", RedactSecrets(request.target)},
            {"status", response.status},
            {"responseSize", std::to_string(response.body.size())},
            {"remoteIp", remote},
            {"latency", seconds},
            {"protocol", request.version}};
  if (auto ua = request.headers.Get("User-Agent")) j["userAgent"] = *ua;
  if (!request.body.empty()) j["requestSize"] = std::to_string(request.body.size());
  return j;
}

std::string_view HttpMetricsArea(std::string_view path) {
  if (path.starts_with("/v1/form-sender/")) return "dispatcher";
  if (path.starts_with("/objects/")) return "objects";
  if (path == "/healthz") return "health";
  if (path == "/metrics") return "metrics";
  return "dashboard";
}

WebServer::WebServer(WebServerOptions options, std::shared_ptr<Authenticator> auth, LoggerPtr log)
    : options_(std::move(options)),
      auth_(std::move(auth)),
      log_(log ? std::move(log) : MakeNullLogger()),
      limiter_(options_.client_limits, options_.clock ? *options_.clock : system_clock_) {}

WebServer::~WebServer() { Shutdown(); }

HttpHandler WebServer::Guard(HttpHandler handler, Access access) {
  if (access == Access::kPublic) return handler;
  return [this, handler = std::move(handler), access](HttpRequest& r) {
    if (!auth_) return HttpResponse::Detail(500, "no authenticator configured");
    auto principal = auth_->Authenticate(r, access == Access::kAuthenticatedOrSession);
    if (!principal.ok()) {
      LogFields(*log_, spdlog::level::warn, "request refused",
                {{"path", r.path}, {"reason", principal.status().message()}});
      return AuthFailureResponse(principal.status());
    }
    r.headers.Set("X-Formsender-Principal", principal->kind + ":" + principal->subject);
    return handler(r);
  };
}

void WebServer::AddRoute(const std::string& method, const std::string& pattern, HttpHandler handler,
                         Access access) {
  router_.Add(method, pattern, Guard(std::move(handler), access));
}

void WebServer::AddPrefixRoute(const std::string& method, const std::string& prefix,
                               HttpHandler handler, Access access) {
  router_.AddPrefix(method, prefix, Guard(std::move(handler), access));
}

void WebServer::SetMetrics(MetricsRegistry& metrics) {
  requests_metric_ =
      &metrics.AddCounter("formsender_http_requests_total",
                          "HTTP answers of serve by area and status code", {"area", "code"});
  duration_metric_ = &metrics.AddHistogram("formsender_http_request_duration_seconds",
                                           "Seconds serve took to answer, by area", {"area"},
                                           DefaultLatencyBuckets());
}

dispatcher::RouteAdder WebServer::ApiRoutes() {
  return [this](const std::string& method, const std::string& pattern, HttpHandler handler) {
    AddRoute(method, pattern, std::move(handler), Access::kAuthenticated);
  };
}

HttpResponse WebServer::Handle(HttpRequest& request) {
  auto started = std::chrono::steady_clock::now();
  std::string request_id = request.headers.Get("X-Request-Id").value_or(RandomHexToken(8));
  // A principal header can only come from Guard, never from the client.
  request.headers.Remove("X-Formsender-Principal");
  // A client refused too often gets 429 unless this request authenticates (client_limiter.h).
  std::string client;
  bool throttled = false;
  Duration wait = Duration::zero();
  if (limiter_.enabled() && request.path != "/healthz") {
    client = limiter_.ClientOf(request);
    if (auto w = limiter_.Throttled(client)) {
      wait = *w;
      throttled = !(auth_ && auth_->Authenticate(request, true).ok());
    }
  }
  HttpResponse response;
  if (!ready_.load(std::memory_order_acquire)) {
    response = HttpResponse::Detail(503, "starting");
  } else if (throttled) {
    auto seconds = std::chrono::ceil<std::chrono::seconds>(wait).count();
    response = HttpResponse::Detail(429, "too many refused requests from " + client +
                                             "; retry after " + std::to_string(seconds) + " s");
    response.headers.Set("Retry-After", std::to_string(std::max<int64_t>(1, seconds)));
  } else {
    response = router_.Handle(request);
    if (!client.empty() && response.status >= 400 && response.status < 500 &&
        !request.headers.Has("X-Formsender-Principal")) {
      limiter_.Charge(client);
    }
  }
  response.headers.Set("X-Request-Id", request_id);
  if (!response.headers.Has("Cache-Control")) response.headers.Set("Cache-Control", "no-store");
  ++requests_;
  auto latency = std::chrono::duration_cast<std::chrono::microseconds>(
      std::chrono::steady_clock::now() - started);
  if (requests_metric_) {
    std::string area(HttpMetricsArea(request.path));
    requests_metric_->With({area, std::to_string(response.status)}).Inc();
    duration_metric_->With({area}).Observe(static_cast<double>(latency.count()) / 1e6);
  }
  Json fields = {{"httpRequest", HttpRequestLogFields(request, response, latency)},
                 {"request_id", request_id}};
  if (auto principal = request.headers.Get("X-Formsender-Principal")) {
    fields["principal"] = *principal;
  }
  // A throttled client's requests are counted in the metrics, not logged one by one.
  auto level = response.status >= 500       ? spdlog::level::err
               : response.status == 429     ? spdlog::level::debug
               : response.status >= 400     ? spdlog::level::warn
               : request.path == "/healthz" ? spdlog::level::debug
                                            : spdlog::level::info;
  LogFields(*log_, level, request.method + " " + request.path, fields);
  return response;
}

Status WebServer::Start() {
  HttpServerOptions o;
  o.host = options_.host;
  o.port = options_.port;
  o.max_body_bytes = options_.max_body_bytes;
  server_ = std::make_unique<HttpServer>(
      o, [this](HttpRequest& r) { return Handle(r); }, log_);
  return server_->Start();
}

void WebServer::Shutdown() {
  if (server_) server_->Shutdown(options_.shutdown_grace);
}

int WebServer::port() const { return server_ ? server_->port() : 0; }

std::string WebServer::base_url() const { return server_ ? server_->base_url() : ""; }

}  // namespace formsender::web
