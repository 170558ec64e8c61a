#pragma once
// The dashboard and /metrics on `formsender serve` (issue 12).
//
//   cli: app.AddRoutes(dashboard::AddDashboardRoutes);
//
// Routes (all under serve's request logging):
//   GET  /dashboard/login, POST /dashboard/login   token → session cookie (embedded mode only)
//   GET  /dashboard                                  overview
//   GET  /dashboard/campaigns/{targeting_id}         campaign
//   GET  /dashboard/submissions/{id}                 one submission
//   POST /dashboard/executions/{id}/cancel           CSRF-checked cancel of one execution
//   POST /dashboard/campaigns/{targeting_id}/cancel  every running execution of a targeting
//   GET  /dashboard/static/dashboard.css             the embedded stylesheet (public)
//   GET  /metrics                                    Prometheus text (bearer token or session)
// In the embedded-token mode a page without a valid session redirects to the login page; with
// OIDC (production, behind IAP) serve's own authentication guards the pages.

#include <memory>
#include <string>

#include "common/clock.h"
#include "common/http.h"
#include "common/log.h"
#include "common/metrics.h"
#include "dispatcher/dispatcher_service.h"
#include "settings/properties.h"
#include "store/database.h"
#include "web/auth.h"
#include "web/serve_app.h"
#include "web/web_server.h"

namespace formsender::dashboard {

struct DashboardDeps {
  store::Database* db = nullptr;
  const Clock* clock = nullptr;
  const settings::Properties* props = nullptr;
  dispatcher::DispatcherService* dispatcher = nullptr;
  MetricsRegistry* metrics = nullptr;
  std::string embedded_token;  // empty: OIDC mode, no login page
  bool secure_cookie = false;  // Secure flag on cookies (served over HTTPS)
  LoggerPtr log;
};

class Dashboard {
 public:
  explicit Dashboard(DashboardDeps deps);

  // Registers every route on `web`; the Dashboard must outlive it (the handlers share it).
  static void AddRoutes(const std::shared_ptr<Dashboard>& self, web::WebServer& web);

  HttpResponse Login(HttpRequest& request);
  HttpResponse LoginForm(HttpRequest& request);
  HttpResponse Overview(HttpRequest& request);
  HttpResponse CampaignPage(HttpRequest& request);
  HttpResponse SubmissionPage(HttpRequest& request);
  HttpResponse CancelExecution(HttpRequest& request);
  HttpResponse CancelTargeting(HttpRequest& request);
  HttpResponse Metrics(HttpRequest& request);

  // The CSRF token of the browser (or bearer) session that sent `request`.
  std::string CsrfToken(const HttpRequest& request) const;

 private:
  // Null when the request may see pages; otherwise the redirect to the login page.
  std::optional<HttpResponse> RequireSession(const HttpRequest& request);
  // Null when the form's csrf field matches and the Origin (if sent) is this host.
  std::optional<HttpResponse> CheckCsrf(const HttpRequest& request);
  HttpResponse Page(const HttpRequest& request, int status, std::string html);

  DashboardDeps deps_;
  std::unique_ptr<web::TokenAuthenticator> token_auth_;
  std::string csrf_key_;
};

// serve's RouteRegistrar: builds the Dashboard from serve's components and mounts it.
Status AddDashboardRoutes(web::WebServer& web, web::ServeComponents& components);

}  // namespace formsender::dashboard
