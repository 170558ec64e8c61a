#pragma once
// Calling a dispatcher as the orchestrator does (spec H3, H13): validate-config, list and cancel
// executions, and formsender's queued-task delete, against a local `serve` (its data directory's
// token) or the Cloud Run service (a Google ID token for the dispatcher's audience). The
// scheduler's start/stop/running commands use it.
//
//   auto endpoint = dispatcher::ResolveDispatcherEndpoint(props, data_dir, env, cloud);
//   dispatcher::DispatcherClient client(http, *endpoint);
//   auto running = client.ListExecutions("running", 12);

#include <filesystem>
#include <functional>
#include <optional>
#include <string>

#include "common/env.h"
#include "common/http_client.h"
#include "common/json.h"
#include "gcp/google_cloud.h"
#include "settings/properties.h"

namespace formsender::dispatcher {

struct DispatcherEndpoint {
  std::string api_base;  // "http://127.0.0.1:8080" or "https://fs-dispatcher-….run.app"
  // The Authorization header value for each call ("Bearer …").
  std::function<Result<std::string>()> authorization;
  std::string description;  // for messages: "local serve (data dir …)" / "…run.app (OIDC)"
};

// Where the dispatcher is and how to authenticate:
//   FORM_SENDER_DISPATCHER_URL / _BASE_URL set → that service; the token is
//     FORM_SENDER_DISPATCHER_TOKEN when set (a remote embedded serve), else an ID token of this
//     identity (SERVICE_ACCOUNT_JSON, GOOGLE_APPLICATION_CREDENTIALS or the metadata server)
//     with audience FORM_SENDER_DISPATCHER_AUDIENCE or the API base (needs `cloud`);
//   otherwise the local serve of `data_dir` (serve.json and keys/dispatcher.token).
Result<DispatcherEndpoint> ResolveDispatcherEndpoint(const settings::Properties& props,
                                                     const std::filesystem::path& data_dir,
                                                     const Environment& env,
                                                     gcp::GoogleCloud* cloud);

class DispatcherClient {
 public:
  DispatcherClient(HttpClient& http, DispatcherEndpoint endpoint);

  // {"status": "ok"}; a 400 is kInvalidArgument with the dispatcher's detail.
  Result<Json> ValidateConfig(const Json& client_config);
  // {"status": "ok", "executions": [...]}; `status` empty: every status.
  Result<Json> ListExecutions(std::optional<std::string> status,
                              std::optional<int64_t> targeting_id);
  // {"status": "cancelled" | "noop", "execution": {...}}.
  Result<Json> CancelExecution(const std::string& execution_id);
  // {"status": "ok", "deleted": [task names]}.
  Result<Json> DeleteQueuedTasks(int64_t targeting_id, std::optional<int64_t> run_index_base);
  Result<Json> Health();

 private:
  Result<Json> Call(const std::string& method, const std::string& path, const Json* body,
                    std::string_view what);

  HttpClient& http_;
  DispatcherEndpoint endpoint_;
};

}  // namespace formsender::dispatcher
