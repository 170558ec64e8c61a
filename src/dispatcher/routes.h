#pragma once
// The dispatcher's HTTP endpoints (spec §4.2): parse the request, call DispatcherService, answer
// with its status and body. Schema errors are 422 in FastAPI's shape (field_errors.h); unknown
// payload keys are dropped and logged.
//
//   POST /v1/form-sender/validate-config
//   POST /v1/form-sender/tasks
//   POST /v1/form-sender/signed-url/refresh
//   GET  /v1/form-sender/executions?status=&targeting_id=
//   POST /v1/form-sender/executions/{execution_id}/cancel
//   POST /v1/form-sender/queued-tasks/delete        (formsender's own: guide §10.3)
//
// GET /healthz and authentication belong to the web layer, which passes an `add` that wraps
// each handler with its checks.

#include <functional>
#include <string>

#include "common/http.h"
#include "common/log.h"
#include "dispatcher/dispatcher_service.h"

namespace formsender::dispatcher {

using RouteAdder =
    std::function<void(const std::string& method, const std::string& pattern, HttpHandler handler)>;

// `service` must outlive the routes.
void AddDispatcherRoutes(const RouteAdder& add, DispatcherService& service, LoggerPtr log);

// The body parsed as JSON, or the 422 FastAPI gives for a missing or malformed body.
Result<Json> ParseJsonBody(const HttpRequest& request, HttpResponse* error);

}  // namespace formsender::dispatcher
