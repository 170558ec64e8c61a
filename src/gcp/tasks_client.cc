#include "gcp/tasks_client.h"

#include <cctype>

#include "common/strings.h"
#include "common/time.h"
#include "gcp/resource_names.h"

namespace formsender::gcp {
namespace {

constexpr std::chrono::seconds kMinDispatchDeadline{15};
constexpr std::chrono::seconds kMaxDispatchDeadline{1800};
constexpr size_t kMaxUrlLength = 2083;

bool IsAllowedMethod(std::string_view method) {
  for (std::string_view m : {"POST", "GET", "HEAD", "PUT", "DELETE", "PATCH", "OPTIONS"}) {
    if (m == method) return true;
  }
  return false;
}

}  // namespace

Status ValidateQueueName(std::string_view queue) {
  FS_RETURN_IF_ERROR(
      CheckResourceName(queue, "projects/*/locations/*/queues/*", "Cloud Tasks queue"));
  std::string_view queue_id = queue.substr(queue.rfind('/') + 1);
  if (queue_id.size() > 100) {
    return Status::InvalidArgument("Cloud Tasks queue id \"" + std::string(queue_id) +
                                   "\" is longer than 100 characters");
  }
  for (char c : queue_id) {
    if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '-')) {
      return Status::InvalidArgument("Cloud Tasks queue id \"" + std::string(queue_id) +
                                     "\" may contain only letters, digits and '-'");
    }
  }
  return Status::Ok();
}

Status ValidateTaskId(std::string_view task_id) {
  if (task_id.empty() || task_id.size() > 500) {
    return Status::InvalidArgument("Cloud Tasks task id must be 1-500 characters long");
  }
  for (char c : task_id) {
    if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_')) {
      return Status::InvalidArgument("Cloud Tasks task id \"" + std::string(task_id) +
                                     "\" may contain only letters, digits, '-' and '_'");
    }
  }
  return Status::Ok();
}

Result<Json> BuildHttpTask(std::string_view queue, const HttpTaskSpec& spec) {
  FS_RETURN_IF_ERROR(ValidateQueueName(queue));
  if (!spec.url.starts_with("http://") && !spec.url.starts_with("https://")) {
    return Status::InvalidArgument("Cloud Tasks target URL must start with http:// or https://");
  }
  if (spec.url.size() > kMaxUrlLength) {
    return Status::InvalidArgument("Cloud Tasks target URL is longer than 2083 characters");
  }
  std::string method = ToUpperAscii(spec.http_method);
  if (!IsAllowedMethod(method)) {
    return Status::InvalidArgument("Cloud Tasks HTTP method \"" + spec.http_method +
                                   "\" is not supported");
  }
  if (!spec.body.empty() && method != "POST" && method != "PUT" && method != "PATCH") {
    return Status::InvalidArgument("Cloud Tasks allows a body only with POST, PUT or PATCH");
  }
  Json http = {{"url", spec.url}, {"httpMethod", method}};
  if (!spec.headers.empty()) http["headers"] = spec.headers;
  if (!spec.body.empty()) http["body"] = Base64Encode(spec.body);
  if (spec.oidc_token) {
    if (spec.oidc_token->service_account_email.empty()) {
      return Status::InvalidArgument("Cloud Tasks OIDC token needs a service-account email");
    }
    Json oidc = {{"serviceAccountEmail", spec.oidc_token->service_account_email}};
    if (!spec.oidc_token->audience.empty()) oidc["audience"] = spec.oidc_token->audience;
    http["oidcToken"] = oidc;
  }
  Json task = {{"httpRequest", http}};
  if (!spec.task_id.empty()) {
    FS_RETURN_IF_ERROR(ValidateTaskId(spec.task_id));
    task["name"] = std::string(queue) + "/tasks/" + spec.task_id;
  }
  if (spec.schedule_time) task["scheduleTime"] = FormatUtcIso(*spec.schedule_time, true);
  if (spec.dispatch_deadline) {
    if (*spec.dispatch_deadline < kMinDispatchDeadline ||
        *spec.dispatch_deadline > kMaxDispatchDeadline) {
      return Status::InvalidArgument("Cloud Tasks dispatch deadline must be 15-1800 s, got " +
                                     std::to_string(spec.dispatch_deadline->count()) + " s");
    }
    task["dispatchDeadline"] = std::to_string(spec.dispatch_deadline->count()) + "s";
  }
  return task;
}

CloudTasksClient::CloudTasksClient(RestClient& rest, std::string base_url)
    : rest_(rest), base_url_(std::move(base_url)) {}

Result<Json> CloudTasksClient::CreateTask(std::string_view queue, const HttpTaskSpec& spec) {
  FS_ASSIGN_OR_RETURN(Json task, BuildHttpTask(queue, spec));
  RestRequest request;
  request.method = "POST";
  request.url = JoinUrl(base_url_, "v2/" + EncodeResourceName(queue) + "/tasks");
  request.json_body = Json{{"task", std::move(task)}};
  // A named task is de-duplicated by the server; an unnamed one would be created twice.
  request.is_idempotent = !spec.task_id.empty();
  request.operation = "cloudtasks.tasks.create " + std::string(queue) +
                      (spec.task_id.empty() ? "" : "/tasks/" + spec.task_id);
  return rest_.Call(request);
}

Status CloudTasksClient::DeleteTask(std::string_view name) {
  FS_RETURN_IF_ERROR(
      CheckResourceName(name, "projects/*/locations/*/queues/*/tasks/*", "Cloud Tasks task"));
  RestRequest request;
  request.method = "DELETE";
  request.url = JoinUrl(base_url_, "v2/" + EncodeResourceName(name));
  request.operation = "cloudtasks.tasks.delete " + std::string(name);
  auto response = rest_.Send(request);
  return response.ok() ? Status::Ok() : response.status();
}

Result<TaskPage> CloudTasksClient::ListTasks(std::string_view queue, int page_size,
                                             std::string_view page_token) {
  FS_RETURN_IF_ERROR(ValidateQueueName(queue));
  if (page_size < 1 || page_size > 1000) {
    return Status::InvalidArgument("Cloud Tasks list page size must be 1-1000");
  }
  RestRequest request;
  request.method = "GET";
  request.url = JoinUrl(base_url_, "v2/" + EncodeResourceName(queue) + "/tasks");
  request.query.emplace_back("pageSize", std::to_string(page_size));
  if (!page_token.empty()) request.query.emplace_back("pageToken", std::string(page_token));
  request.operation = "cloudtasks.tasks.list " + std::string(queue);
  FS_ASSIGN_OR_RETURN(Json body, rest_.Call(request));
  TaskPage page;
  if (body.is_object()) {
    if (auto it = body.find("tasks"); it != body.end() && it->is_array()) {
      for (const Json& t : *it) page.tasks.push_back(t);
    }
    if (auto it = body.find("nextPageToken"); it != body.end() && it->is_string()) {
      page.next_page_token = it->get<std::string>();
    }
  }
  return page;
}

}  // namespace formsender::gcp
