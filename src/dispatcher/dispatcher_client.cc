#include "dispatcher/dispatcher_client.h"

#include "common/strings.h"
#include "dispatcher/local_endpoint.h"
#include "settings/dispatcher_address.h"

namespace formsender::dispatcher {
namespace {

// The reference's error text: the JSON `detail` when there is one, else the body, else the
// status code.
std::string ErrorDetail(const HttpClientResponse& r) {
  auto body = ParseJson(r.body);
  if (body.ok() && body->is_object() && body->contains("detail")) {
    const Json& d = (*body)["detail"];
    return d.is_string() ? d.get<std::string>() : DumpJson(d);
  }
  if (!Trim(r.body).empty()) return std::string(Trim(r.body));
  return std::to_string(r.status);
}

Status StatusFor(int http_status, std::string message) {
  switch (http_status) {
    case 400:
    case 422:
      return Status::InvalidArgument(std::move(message));
    case 401:
      return Status::Unauthenticated(std::move(message));
    case 403:
      return Status::PermissionDenied(std::move(message));
    case 404:
      return Status::NotFound(std::move(message));
    case 409:
      return Status::Conflict(std::move(message));
    default:
      return http_status >= 500 || http_status == 429 ? Status::Unavailable(std::move(message))
                                                      : Status::Internal(std::move(message));
  }
}

}  // namespace

Result<DispatcherEndpoint> ResolveDispatcherEndpoint(const settings::Properties& props,
                                                     const std::filesystem::path& data_dir,
                                                     const Environment& env,
                                                     gcp::GoogleCloud* cloud) {
  DispatcherEndpoint endpoint;
  auto tasks_url = settings::DispatcherTasksUrl(props);
  if (tasks_url.ok()) {
    endpoint.api_base = settings::DispatcherApiBase(*tasks_url);
    if (auto token = env.GetNonBlank("FORM_SENDER_DISPATCHER_TOKEN")) {
      std::string header = "Bearer " + *token;
      endpoint.authorization = [header] { return Result<std::string>(header); };
      endpoint.description = endpoint.api_base + " (FORM_SENDER_DISPATCHER_TOKEN)";
      return endpoint;
    }
    if (!cloud) {
      return Status::InvalidArgument(
          "calling " + endpoint.api_base +
          " needs Google credentials (SERVICE_ACCOUNT_JSON, GOOGLE_APPLICATION_CREDENTIALS or "
          "the metadata server) or FORM_SENDER_DISPATCHER_TOKEN");
    }
    std::string audience =
        props.String("FORM_SENDER_DISPATCHER_AUDIENCE").value_or(endpoint.api_base);
    auto provider = cloud->credentials().IdTokens(audience);
    endpoint.authorization = [provider]() -> Result<std::string> {
      FS_ASSIGN_OR_RETURN(std::string token, provider->GetToken());
      return "Bearer " + token;
    };
    endpoint.description = endpoint.api_base + " (OIDC, audience " + audience + ")";
    return endpoint;
  }
  FS_ASSIGN_OR_RETURN(ServeInfo info, ReadServeInfo(data_dir));
  FS_ASSIGN_OR_RETURN(std::string token, ReadDispatcherToken(data_dir));
  endpoint.api_base = info.url;
  std::string header = "Bearer " + token;
  endpoint.authorization = [header] { return Result<std::string>(header); };
  endpoint.description = "local serve " + info.url + " (data dir " + data_dir.string() + ")";
  return endpoint;
}

DispatcherClient::DispatcherClient(HttpClient& http, DispatcherEndpoint endpoint)
    : http_(http), endpoint_(std::move(endpoint)) {
  while (endpoint_.api_base.ends_with("/")) endpoint_.api_base.pop_back();
}

Result<Json> DispatcherClient::Call(const std::string& method, const std::string& path,
                                    const Json* body, std::string_view what) {
  HttpClientRequest req;
  req.method = method;
  req.url = endpoint_.api_base + path;
  req.timeout = std::chrono::seconds(60);
  if (endpoint_.authorization) {
    FS_ASSIGN_OR_RETURN(std::string auth, endpoint_.authorization());
    req.headers.Set("Authorization", auth);
  }
  if (body) {
    req.headers.Set("Content-Type", "application/json");
    req.body = DumpJson(*body);
  }
  auto response = http_.Send(req);
  if (!response.ok()) {
    return Status(response.status().code(),
                  "dispatcher " + std::string(what) + " 失敗: " + response.status().message());
  }
  if (response->status >= 300) {
    return StatusFor(response->status,
                     "dispatcher " + std::string(what) + " 失敗: " + ErrorDetail(*response));
  }
  if (Trim(response->body).empty()) return Json(nullptr);
  return ParseJson(response->body, "dispatcher answer");
}

Result<Json> DispatcherClient::ValidateConfig(const Json& client_config) {
  Json body = {{"client_config", client_config}};
  return Call("POST", "/v1/form-sender/validate-config", &body, "validate-config");
}

Result<Json> DispatcherClient::ListExecutions(std::optional<std::string> status,
                                              std::optional<int64_t> targeting_id) {
  std::vector<std::pair<std::string, std::string>> query;
  if (status) query.emplace_back("status", *status);
  if (targeting_id) query.emplace_back("targeting_id", std::to_string(*targeting_id));
  std::string path = "/v1/form-sender/executions";
  if (!query.empty()) path += "?" + EncodeFormUrlEncoded(query);
  FS_ASSIGN_OR_RETURN(Json j, Call("GET", path, nullptr, "list executions"));
  if (j.is_null()) return Json{{"executions", Json::array()}};
  return j;
}

Result<Json> DispatcherClient::CancelExecution(const std::string& execution_id) {
  Json body = Json::object();
  FS_ASSIGN_OR_RETURN(
      Json j, Call("POST", "/v1/form-sender/executions/" + PercentEncode(execution_id) + "/cancel",
                   &body, "cancel execution"));
  if (j.is_null()) return Json{{"status", "cancelled"}, {"execution_id", execution_id}};
  return j;
}

Result<Json> DispatcherClient::DeleteQueuedTasks(int64_t targeting_id,
                                                 std::optional<int64_t> run_index_base) {
  Json body = {{"targeting_id", targeting_id}};
  if (run_index_base) body["run_index_base"] = *run_index_base;
  return Call("POST", "/v1/form-sender/queued-tasks/delete", &body, "delete queued tasks");
}

Result<Json> DispatcherClient::Health() { return Call("GET", "/healthz", nullptr, "healthz"); }

}  // namespace formsender::dispatcher
