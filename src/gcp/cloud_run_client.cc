#include "gcp/cloud_run_client.h"

#include "gcp/resource_names.h"

namespace formsender::gcp {

Json BuildRunJobRequest(const RunJobOverrides& overrides) {
  Json body = Json::object();
  Json o = Json::object();
  if (!overrides.container_overrides.empty()) {
    Json list = Json::array();
    for (const auto& c : overrides.container_overrides) {
      Json item = Json::object();
      if (!c.name.empty()) item["name"] = c.name;
      if (!c.args.empty()) item["args"] = c.args;
      if (!c.env.empty()) {
        Json env = Json::array();
        for (const auto& e : c.env) env.push_back({{"name", e.name}, {"value", e.value}});
        item["env"] = std::move(env);
      }
      if (c.clear_args) item["clearArgs"] = true;
      list.push_back(std::move(item));
    }
    o["containerOverrides"] = std::move(list);
  }
  if (overrides.task_count) o["taskCount"] = *overrides.task_count;
  if (overrides.timeout) o["timeout"] = std::to_string(overrides.timeout->count()) + "s";
  if (!o.empty()) body["overrides"] = std::move(o);
  return body;
}

std::string ExecutionNameFromRunOperation(const Operation& operation) {
  if (operation.metadata.is_object()) return operation.metadata.value("name", "");
  return "";
}

CloudRunClient::CloudRunClient(RestClient& rest, std::string base_url)
    : rest_(rest), base_url_(std::move(base_url)) {}

Result<Operation> CloudRunClient::RunJob(std::string_view job_name,
                                         const RunJobOverrides& overrides) {
  FS_RETURN_IF_ERROR(CheckResourceName(job_name, "projects/*/locations/*/jobs/*", "Cloud Run job"));
  if (overrides.task_count && *overrides.task_count < 1) {
    return Status::InvalidArgument("Cloud Run taskCount must be at least 1");
  }
  RestRequest request;
  request.method = "POST";
  request.url = JoinUrl(base_url_, "v2/" + EncodeResourceName(job_name) + ":run");
  request.json_body = BuildRunJobRequest(overrides);
  request.is_idempotent = false;
  request.operation = "run.jobs.run " + std::string(job_name);
  FS_ASSIGN_OR_RETURN(Json body, rest_.Call(request));
  return ParseOperation(body, request.operation);
}

namespace {

Status CheckExecutionName(std::string_view name) {
  return CheckResourceName(name, "projects/*/locations/*/jobs/*/executions/*",
                           "Cloud Run execution");
}

}  // namespace

Result<Json> CloudRunClient::GetExecution(std::string_view name) {
  FS_RETURN_IF_ERROR(CheckExecutionName(name));
  RestRequest request;
  request.url = JoinUrl(base_url_, "v2/" + EncodeResourceName(name));
  request.operation = "run.executions.get " + std::string(name);
  return rest_.Call(request);
}

Result<Operation> CloudRunClient::CancelExecution(std::string_view name) {
  FS_RETURN_IF_ERROR(CheckExecutionName(name));
  RestRequest request;
  request.method = "POST";
  request.url = JoinUrl(base_url_, "v2/" + EncodeResourceName(name) + ":cancel");
  request.json_body = Json::object();
  request.operation = "run.executions.cancel " + std::string(name);
  FS_ASSIGN_OR_RETURN(Json body, rest_.Call(request));
  return ParseOperation(body, request.operation);
}

Result<Operation> CloudRunClient::GetOperation(std::string_view name) {
  FS_RETURN_IF_ERROR(
      CheckResourceName(name, "projects/*/locations/*/operations/*", "Cloud Run operation"));
  RestRequest request;
  request.url = JoinUrl(base_url_, "v2/" + EncodeResourceName(name));
  request.operation = "run.operations.get " + std::string(name);
  FS_ASSIGN_OR_RETURN(Json body, rest_.Call(request));
  return ParseOperation(body, request.operation);
}

namespace {

// Every page of a v2 list method; `field` is the array in each page.
Result<std::vector<Json>> ListAll(RestClient& rest, const std::string& url,
                                  const std::string& field, const std::string& operation) {
  std::vector<Json> out;
  std::string page_token;
  // A runaway pager (a server repeating its token) must not loop forever.
  for (int page = 0; page < 100; ++page) {
    RestRequest request;
    request.url = url;
    request.query.emplace_back("pageSize", "500");
    if (!page_token.empty()) request.query.emplace_back("pageToken", page_token);
    request.operation = operation;
    FS_ASSIGN_OR_RETURN(Json body, rest.Call(request));
    if (!body.is_object()) return Status::Internal(operation + ": the answer is not an object");
    if (auto it = body.find(field); it != body.end() && it->is_array()) {
      for (const Json& item : *it) out.push_back(item);
    }
    page_token = body.value("nextPageToken", "");
    if (page_token.empty()) return out;
  }
  return Status::ResourceExhausted(operation + ": more than 100 pages");
}

}  // namespace

Result<std::vector<Json>> CloudRunClient::ListExecutions(std::string_view job_name) {
  FS_RETURN_IF_ERROR(CheckResourceName(job_name, "projects/*/locations/*/jobs/*", "Cloud Run job"));
  return ListAll(rest_, JoinUrl(base_url_, "v2/" + EncodeResourceName(job_name) + "/executions"),
                 "executions", "run.executions.list " + std::string(job_name));
}

Result<std::vector<Json>> CloudRunClient::ListTasks(std::string_view execution_name) {
  FS_RETURN_IF_ERROR(CheckExecutionName(execution_name));
  return ListAll(rest_, JoinUrl(base_url_, "v2/" + EncodeResourceName(execution_name) + "/tasks"),
                 "tasks", "run.tasks.list " + std::string(execution_name));
}

}  // namespace formsender::gcp
