// List, cancel, signed-URL refresh and validate-config (spec §4.2.2, §4.2.4–§4.2.6).
#include "dispatcher/dispatcher_service.h"

#include "common/strings.h"
#include "common/time.h"
#include "dispatcher/client_config_validator.h"
#include "tasks/form_sender_tasks.h"

namespace formsender::dispatcher {
namespace {

std::string MetaString(const Json& obj, std::string_view key) {
  if (!obj.is_object()) return "";
  auto it = obj.find(key);
  return it != obj.end() && it->is_string() ? it->get<std::string>() : "";
}

const Json& MetaObject(const Json& obj, std::string_view key) {
  static const Json kEmpty = Json::object();
  if (!obj.is_object()) return kEmpty;
  auto it = obj.find(key);
  return it != obj.end() && it->is_object() ? *it : kEmpty;
}

}  // namespace

Reply Reply::Detail(int status, std::string_view message) {
  return Reply{status, Json{{"detail", std::string(message)}}};
}

DispatcherService::DispatcherService(DispatcherDeps deps, DispatcherConfig config)
    : deps_(std::move(deps)), config_(std::move(config)), executions_(*deps_.db, *deps_.clock) {
  if (!deps_.log) deps_.log = MakeNullLogger();
}

PayloadRules DispatcherService::payload_rules() const {
  PayloadRules rules;
  if (deps_.objects->backend() == "local") {
    rules.object_ref_prefix = "local://objects/";
    rules.http_origin = config_.objects_public_url;
  }
  return rules;
}

Reply DispatcherService::ListExecutions(const std::string& status,
                                        std::optional<int64_t> targeting_id) {
  auto rows = executions_.List(status, targeting_id, 100);
  if (!rows.ok()) return Reply::Detail(500, rows.status().message());
  Json list = Json::array();
  for (const store::JobExecution& e : *rows) list.push_back(e.ToPublicJson());
  return Reply::Ok({{"status", "ok"}, {"executions", list}});
}

Reply DispatcherService::CancelExecution(const std::string& execution_id) {
  auto row = executions_.Get(execution_id);
  if (!row.ok()) {
    if (row.status().code() == StatusCode::kNotFound) {
      return Reply::Detail(404, "execution not found");
    }
    return Reply::Detail(500, row.status().message());
  }
  if (row->status != store::kExecutionRunning) {
    return Reply::Ok({{"status", "noop"}, {"execution", row->ToPublicJson()}});
  }
  // Beyond the reference (guide §10.3): a retry of this run still waiting in the queue would
  // start it again once it is no longer running.
  Json deleted_tasks = Json::array();
  if (deps_.queue) {
    auto deleted =
        tasks::DeleteQueuedFormSenderTasks(*deps_.queue, row->targeting_id, row->run_index_base);
    if (deleted.ok()) {
      for (const std::string& name : *deleted) deleted_tasks.push_back(name);
    } else {
      deps_.log->warn("queued tasks of {} not deleted: {}", execution_id,
                      deleted.status().message());
    }
  }
  std::string mode = MetaString(row->metadata, "execution_mode");
  if (mode.empty()) mode = row->execution_mode.empty() ? "cloud_run" : row->execution_mode;
  Reply platform = mode == "batch" ? CancelBatch(*row) : CancelCloudRun(*row);
  if (platform.status != 200) return platform;

  TimePoint now = deps_.clock->Now();
  auto updated = executions_.UpdateStatus(execution_id, store::kExecutionCancelled, now,
                                          {std::string(store::kExecutionRunning)});
  if (!updated.ok()) return Reply::Detail(500, updated.status().message());
  auto after = executions_.Get(execution_id);
  if (!after.ok()) return Reply::Detail(500, after.status().message());
  Json body = {{"status", "cancelled"}, {"execution", after->ToPublicJson()}};
  if (!deleted_tasks.empty()) body["deleted_tasks"] = deleted_tasks;
  return Reply::Ok(std::move(body));
}

Reply DispatcherService::CancelBatch(const store::JobExecution& e) {
  const Json& batch_meta = MetaObject(e.metadata, "batch");
  std::string job = MetaString(batch_meta, "job_name");
  if (job.empty()) job = MetaString(e.metadata, "batch_job_name");
  if (job.empty()) return Reply::Detail(400, "execution missing Batch identifiers");
  std::string state = ToUpperAscii(MetaString(MetaObject(batch_meta, "monitor"), "state"));
  for (const char* done : {"SUCCEEDED", "FAILED", "CANCELLED", "CANCELLATION_IN_PROGRESS"}) {
    if (state == done) return Reply::Ok(Json::object());  // the job has ended: nothing to delete
  }
  std::string backend_name = MetaString(batch_meta, "backend");
  if (backend_name.empty()) backend_name = config_.batch_backend;
  auto it = deps_.batch_backends.find(backend_name);
  if (it == deps_.batch_backends.end() || !it->second) {
    return Reply::Detail(
        502, "Failed to cancel batch job: batch backend \"" + backend_name + "\" is not available");
  }
  Status s = it->second->Delete(job, "cancelled");
  if (!s.ok() && s.code() != StatusCode::kNotFound && s.code() != StatusCode::kPermissionDenied) {
    return Reply::Detail(502, "Failed to cancel batch job: " + s.message());
  }
  return Reply::Ok(Json::object());
}

Reply DispatcherService::CancelCloudRun(const store::JobExecution& e) {
  const Json& cloud_run = MetaObject(e.metadata, "cloud_run");
  std::string execution = MetaString(cloud_run, "execution");
  if (execution.empty()) execution = MetaString(e.metadata, "cloud_run_execution");
  std::string operation = MetaString(cloud_run, "operation");
  if (operation.empty()) operation = MetaString(e.metadata, "cloud_run_operation");
  if (execution.empty() && operation.empty()) {
    return Reply::Detail(400, "execution missing Cloud Run identifiers");
  }
  if (!deps_.cloud_run) {
    return Reply::Detail(502,
                         "Failed to cancel execution: Cloud Run is not configured "
                         "(DISPATCHER_PROJECT_ID, DISPATCHER_LOCATION, "
                         "FORM_SENDER_CLOUD_RUN_JOB)");
  }
  Status s = deps_.cloud_run->Cancel(execution, operation);
  if (!s.ok()) return Reply::Detail(502, "Failed to cancel execution: " + s.message());
  return Reply::Ok(Json::object());
}

Reply DispatcherService::RefreshSignedUrl(const RefreshRequest& request) {
  if (request.execution_id) {
    auto row = executions_.Get(*request.execution_id);
    if (!row.ok()) {
      return row.status().code() == StatusCode::kNotFound
                 ? Reply::Detail(404, "execution not found")
                 : Reply::Detail(500, row.status().message());
    }
  }
  int64_t ttl = request.signed_url_ttl_hours.value_or(config_.signed_urls.batch_ttl_hours);
  auto url = deps_.urls->Refresh(request.client_config_object, ttl);
  if (!url.ok()) {
    int status = url.status().code() == StatusCode::kUnavailable ? 503 : 422;
    return Reply::Detail(status, url.status().message());
  }
  if (request.execution_id) {
    Status s = executions_.MergeMetadata(
        *request.execution_id, objects::SignedUrlRefreshMetadataPatch(*url, deps_.clock->Now()));
    if (!s.ok()) return Reply::Detail(500, s.message());
  }
  return Reply::Ok({{"status", "ok"}, {"signed_url", *url}});
}

Reply DispatcherService::ValidateConfig(const Json& body) {
  auto it = body.find("client_config");
  if (it == body.end() || it->is_null()) {
    return Reply::Detail(400, "client_config field is required");
  }
  Status s = ValidateClientConfig(*it);
  if (!s.ok()) return Reply::Detail(400, s.message());
  return Reply::Ok({{"status", "ok"}});
}

Reply DispatcherService::DeleteQueuedTasks(int64_t targeting_id,
                                           std::optional<int64_t> run_index_base) {
  if (!deps_.queue) return Reply::Detail(501, "no task queue is configured");
  auto deleted = tasks::DeleteQueuedFormSenderTasks(*deps_.queue, targeting_id, run_index_base);
  if (!deleted.ok()) return Reply::Detail(502, deleted.status().message());
  return Reply::Ok({{"status", "ok"}, {"deleted", *deleted}});
}

}  // namespace formsender::dispatcher
