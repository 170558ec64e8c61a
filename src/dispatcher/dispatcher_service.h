#pragma once
// The dispatcher's operations (spec §4.2), each answering with the reference's status codes and
// bodies: task intake, executions list and cancel, signed-URL refresh, validate-config. The HTTP
// routes (routes.h) only parse and map; everything else is here.
//
//   DispatcherService service(deps, config);
//   Reply r = service.HandleTask(task);   // r.status 200/422/500, r.body as the reference

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "batch/backend.h"
#include "common/clock.h"
#include "common/json.h"
#include "common/log.h"
#include "dispatcher/cloud_run_launcher.h"
#include "dispatcher/dispatcher_config.h"
#include "dispatcher/task_payload.h"
#include "gcp/secret_manager_client.h"
#include "objects/object_store.h"
#include "objects/signed_url_manager.h"
#include "store/database.h"
#include "store/job_executions.h"
#include "tasks/task_queue.h"

namespace formsender::dispatcher {

// An HTTP answer: status and JSON body.
struct Reply {
  int status = 200;
  Json body;
  static Reply Ok(Json body) { return Reply{200, std::move(body)}; }
  // {"detail": message}
  static Reply Detail(int status, std::string_view message);
};

struct DispatcherDeps {
  store::Database* db = nullptr;
  const Clock* clock = nullptr;
  LoggerPtr log;
  objects::ObjectStore* objects = nullptr;
  objects::SignedUrlManager* urls = nullptr;
  // By backend name ("local", "gcp", "noop"); config.batch_backend receives new jobs, and a
  // cancel goes to the backend recorded in metadata.batch.backend.
  std::map<std::string, batch::BatchBackend*> batch_backends;
  CloudRunLauncher* cloud_run = nullptr;        // null: the cloud_run path is not configured
  tasks::TaskQueue* queue = nullptr;            // null: no queued tasks are deleted on cancel
  gcp::SecretManagerClient* secrets = nullptr;  // FORM_SENDER_GIT_TOKEN_SECRET
};

class DispatcherService {
 public:
  DispatcherService(DispatcherDeps deps, DispatcherConfig config);

  // What client_config_object / client_config_ref must look like for this object store.
  PayloadRules payload_rules() const;

  // POST /v1/form-sender/tasks (§4.2.3).
  Reply HandleTask(const FormSenderTask& task);
  // GET /v1/form-sender/executions (§4.2.5). An empty status lists every status.
  Reply ListExecutions(const std::string& status, std::optional<int64_t> targeting_id);
  // POST /v1/form-sender/executions/{id}/cancel (§4.2.6); the campaign's run is also taken off
  // the task queue (guide §10.3).
  Reply CancelExecution(const std::string& execution_id);
  // POST /v1/form-sender/signed-url/refresh (§4.2.4).
  Reply RefreshSignedUrl(const RefreshRequest& request);
  // POST /v1/form-sender/validate-config (§4.2.2): `body` is the whole request body.
  Reply ValidateConfig(const Json& body);
  // POST /v1/form-sender/queued-tasks/delete: the form-sender tasks of a targeting (and run
  // index) still waiting in the queue are deleted (formsender's own endpoint).
  Reply DeleteQueuedTasks(int64_t targeting_id, std::optional<int64_t> run_index_base);

  const DispatcherConfig& config() const { return config_; }

 private:
  Reply SubmitBatch(const FormSenderTask& task, const store::JobExecution& execution,
                    const std::string& signed_url, const batch::MachinePlan& machine);
  Reply SubmitCloudRun(const FormSenderTask& task, const store::JobExecution& execution,
                       const std::string& signed_url);
  // Marks the execution failed (ended now, with the error) and answers 500.
  Reply Fail(const std::string& execution_id, const std::string& detail);
  std::optional<std::string> LatestSignedUrl(const FormSenderTask& task);
  Reply CancelBatch(const store::JobExecution& e);
  Reply CancelCloudRun(const store::JobExecution& e);

  DispatcherDeps deps_;
  DispatcherConfig config_;
  store::JobExecutionRepository executions_;
};

}  // namespace formsender::dispatcher
