#include "dispatcher/routes.h"

#include "common/strings.h"
#include "dispatcher/field_errors.h"

namespace formsender::dispatcher {
namespace {

HttpResponse ToHttp(const Reply& reply) { return HttpResponse::JsonBody(reply.status, reply.body); }

void LogUnknownKeys(Logger& log, const HttpRequest& request, const std::vector<std::string>& keys) {
  if (keys.empty()) return;
  Json fields = {{"path", request.path}, {"keys", keys}};
  if (auto task = request.headers.Get("X-CloudTasks-TaskName")) fields["task"] = *task;
  LogFields(log, spdlog::level::info, "unknown payload keys ignored", fields);
}

}  // namespace

Result<Json> ParseJsonBody(const HttpRequest& request, HttpResponse* error) {
  if (Trim(request.body).empty()) {
    *error = ValidationErrorResponse({MissingError(Json::array({"body"}))});
    return Status::InvalidArgument("missing body");
  }
  auto body = ParseJson(request.body, "request body");
  if (!body.ok()) {
    *error = ValidationErrorResponse({JsonDecodeError(body.status())});
    return body.status();
  }
  return body;
}

void AddDispatcherRoutes(const RouteAdder& add, DispatcherService& service, LoggerPtr log) {
  if (!log) log = MakeNullLogger();

  add("POST", "/v1/form-sender/validate-config", [&service](HttpRequest& r) {
    HttpResponse error;
    auto body = ParseJsonBody(r, &error);
    if (!body.ok()) return error;
    if (!body->is_object()) return ValidationErrorResponse({NotADictError(Json::array({"body"}))});
    return ToHttp(service.ValidateConfig(*body));
  });

  add("POST", "/v1/form-sender/tasks", [&service, log](HttpRequest& r) {
    HttpResponse error;
    auto body = ParseJsonBody(r, &error);
    if (!body.ok()) return error;
    TaskParse parsed = ParseFormSenderTask(*body, service.payload_rules());
    LogUnknownKeys(*log, r, parsed.unknown_keys);
    if (!parsed.task) return ValidationErrorResponse(parsed.errors);
    Reply reply = service.HandleTask(*parsed.task);
    Json fields = {{"targeting_id", parsed.task->targeting_id},
                   {"run_index_base", parsed.task->execution.run_index_base},
                   {"status", reply.status},
                   {"outcome", reply.body.value("status", "")}};
    if (auto id = reply.body.find("job_execution_id"); id != reply.body.end()) {
      fields["execution_id"] = *id;
    }
    if (auto task = r.headers.Get("X-CloudTasks-TaskName")) fields["task"] = *task;
    LogFields(*log, reply.status < 400 ? spdlog::level::info : spdlog::level::warn,
              "form sender task", fields);
    return ToHttp(reply);
  });

  add("POST", "/v1/form-sender/signed-url/refresh", [&service, log](HttpRequest& r) {
    HttpResponse error;
    auto body = ParseJsonBody(r, &error);
    if (!body.ok()) return error;
    RefreshParse parsed = ParseRefreshRequest(*body);
    LogUnknownKeys(*log, r, parsed.unknown_keys);
    if (!parsed.request) return ValidationErrorResponse(parsed.errors);
    return ToHttp(service.RefreshSignedUrl(*parsed.request));
  });

  add("GET", "/v1/form-sender/executions", [&service](HttpRequest& r) {
    std::string status = r.QueryParam("status").value_or("running");
    std::optional<int64_t> targeting_id;
    if (auto text = r.QueryParam("targeting_id")) {
      auto id = ParseInt64(Trim(*text));
      if (!id.ok()) {
        return ValidationErrorResponse(
            {FieldError{Json::array({"query", "targeting_id"}), "value is not a valid integer",
                        "type_error.integer", nullptr}});
      }
      targeting_id = *id;
    }
    return ToHttp(service.ListExecutions(status, targeting_id));
  });

  add("POST", "/v1/form-sender/executions/{execution_id}/cancel", [&service, log](HttpRequest& r) {
    const std::string& id = r.path_params["execution_id"];
    Reply reply = service.CancelExecution(id);
    LogFields(*log, reply.status < 400 ? spdlog::level::info : spdlog::level::warn,
              "execution cancel", {{"execution_id", id}, {"status", reply.status}});
    return ToHttp(reply);
  });

  add("POST", "/v1/form-sender/queued-tasks/delete", [&service](HttpRequest& r) {
    HttpResponse error;
    auto body = ParseJsonBody(r, &error);
    if (!body.ok()) return error;
    if (!body->is_object()) return ValidationErrorResponse({NotADictError(Json::array({"body"}))});
    std::vector<FieldError> errors;
    std::vector<std::string> unknown;
    FieldReader reader(*body, Json::array({"body"}), errors, unknown);
    auto targeting = reader.Int("targeting_id", Presence::kRequired);
    auto run_index = reader.Int("run_index_base", Presence::kNullable, {.ge = 0});
    if (!errors.empty()) return ValidationErrorResponse(errors);
    return ToHttp(service.DeleteQueuedTasks(*targeting, run_index));
  });
}

}  // namespace formsender::dispatcher
