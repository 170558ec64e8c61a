// Task intake (spec §4.2.3): duplicate check, signed-URL freshness, the job_executions row, the
// machine and the batch job (or the Cloud Run execution), and the metadata of §4.9.2.
#include <algorithm>

#include "batch/job_request.h"
#include "common/crypto.h"
#include "common/strings.h"
#include "common/time.h"
#include "dispatcher/dispatcher_service.h"
#include "settings/machine_planner.h"

namespace formsender::dispatcher {
namespace {

batch::TaskRequest ToTaskRequest(const FormSenderTask& t, const std::string& execution_id,
                                 const std::string& signed_url) {
  batch::TaskRequest r;
  r.execution_id = execution_id;
  r.targeting_id = t.targeting_id;
  r.client_config_ref = signed_url;
  r.client_config_object = t.client_config_object;
  r.use_extra_table = t.tables.use_extra_table;
  r.company_table = t.tables.company_table;
  r.send_queue_table = t.tables.send_queue_table;
  r.submissions_table = t.tables.submissions_table;
  r.run_total = t.execution.run_total;
  r.parallelism = t.execution.parallelism;
  r.run_index_base = t.execution.run_index_base;
  r.shards = t.execution.shards;
  r.workers_per_workflow = t.execution.workers_per_workflow;
  r.test_mode = t.test_mode;
  r.branch = t.branch;
  r.workflow_trigger = t.workflow_trigger;
  r.cpu_class = t.cpu_class;
  if (t.batch) {
    r.max_parallelism = t.batch->max_parallelism;
    r.instance_count = t.batch->instance_count;
    r.max_attempts = t.batch->max_attempts;
  }
  return r;
}

// §4.7.2 with the settings component's planner: the dispatcher has the final say, and only
// shapes GCP accepts come out.
Result<batch::MachinePlan> PlanTaskMachine(const FormSenderTask& t, const DispatcherConfig& c) {
  const std::optional<BatchOptions>& b = t.batch;
  settings::MachineRequest request;
  request.workers = std::max<int64_t>(1, t.execution.workers_per_workflow);
  request.vcpu_per_worker =
      b && b->vcpu_per_worker ? *b->vcpu_per_worker : c.vcpu_per_worker_default;
  request.memory_per_worker_mb =
      b && b->memory_per_worker_mb ? *b->memory_per_worker_mb : c.memory_per_worker_mb_default;
  request.memory_buffer_mb = std::max<int64_t>(
      0, b && b->memory_buffer_mb ? *b->memory_buffer_mb : c.memory_buffer_mb_default);
  bool from_payload = b && b->machine_type;
  request.machine_type = from_payload ? *b->machine_type : c.machine_type_default;
  FS_ASSIGN_OR_RETURN(settings::MachinePlan planned, settings::PlanMachine(request));
  batch::MachinePlan plan;
  plan.machine_type = planned.machine_type;
  plan.cpu_milli = planned.cpu_milli;
  plan.memory_mb = planned.memory_mb;
  bool prefer_spot = b ? b->prefer_spot : true;
  plan.provisioning_model =
      prefer_spot ? batch::ProvisioningModel::kSpot : batch::ProvisioningModel::kStandard;
  plan.allow_on_demand_fallback = b ? b->allow_on_demand_fallback : true;
  Json& m = plan.metadata;
  m["resolved_machine_type"] = planned.machine_type;
  m["memory_buffer_mb"] = request.memory_buffer_mb;
  if (planned.memory_warning) {
    m["memory_warning"] = true;
    m["computed_memory_mb"] = planned.computed_memory_mb;
  }
  if (from_payload) m["requested_machine_type"] = *b->machine_type;
  if (planned.recommended_memory_mb) m["recommended_memory_mb"] = *planned.recommended_memory_mb;
  return plan;
}

}  // namespace

std::optional<std::string> DispatcherService::LatestSignedUrl(const FormSenderTask& task) {
  // The newest 20 executions of the targeting; the first for the same object wins (§4.2.3
  // step 2). Errors only lose the hint.
  auto recent = executions_.List(std::string(), task.targeting_id, 20);
  if (!recent.ok()) {
    deps_.log->debug("latest signed URL lookup failed: {}", recent.status().message());
    return std::nullopt;
  }
  for (const store::JobExecution& e : *recent) {
    const Json& m = e.metadata;
    if (!m.is_object() || m.value("client_config_object", "") != task.client_config_object) {
      continue;
    }
    if (auto b = m.find("batch"); b != m.end() && b->is_object()) {
      if (auto u = b->find("latest_signed_url"); u != b->end() && u->is_string()) {
        return u->get<std::string>();
      }
    }
    if (auto u = m.find("client_config_ref"); u != m.end() && u->is_string()) {
      return u->get<std::string>();
    }
  }
  return std::nullopt;
}

Reply DispatcherService::HandleTask(const FormSenderTask& task) {
  auto active = executions_.FindActive(task.targeting_id, task.execution.run_index_base);
  if (!active.ok()) return Reply::Detail(500, active.status().message());
  if (*active) {
    return Reply::Ok({{"status", "duplicate"}, {"job_execution_id", (*active)->execution_id}});
  }
  // The machine before anything is written: a payload no machine can hold is refused as a
  // validation error, not half-started.
  std::optional<batch::MachinePlan> machine;
  if (task.batch_mode() || !deps_.cloud_run) {
    auto planned = PlanTaskMachine(task, config_);
    if (!planned.ok()) {
      FieldError e{Json::array({"body", "batch"}), planned.status().message(), "value_error",
                   nullptr};
      return Reply{422, Json{{"detail", Json::array({e.ToJson()})}}};
    }
    machine = *planned;
  }

  std::optional<std::string> latest;
  if (task.batch_mode()) latest = LatestSignedUrl(task);
  auto policy = objects::ResolvePolicy(
      config_.signed_urls, task.batch_mode(),
      task.batch ? task.batch->signed_url_ttl_hours : std::nullopt,
      task.batch ? task.batch->signed_url_refresh_threshold_seconds : std::nullopt);
  auto fresh = deps_.urls->EnsureFresh(task.client_config_object,
                                       latest.value_or(task.client_config_ref), policy);
  if (!fresh.ok()) {
    // The reference's ValueError → 422; a transient signing failure is worth a retry.
    int status = fresh.status().code() == StatusCode::kUnavailable ? 503 : 422;
    return Reply::Detail(status, fresh.status().message());
  }

  std::string execution_id = task.execution_id.value_or("");
  if (execution_id.empty()) execution_id = ReplaceAll(NewUuid(), "-", "");
  const bool run_as_batch = task.batch_mode() || !deps_.cloud_run;
  const std::string mode = run_as_batch ? "batch" : "cloud_run";
  Json payload = task.ToJson();
  payload["execution_id"] = execution_id;
  payload["client_config_ref"] = fresh->url;
  store::JobExecution row;
  row.execution_id = execution_id;
  row.targeting_id = task.targeting_id;
  row.run_index_base = task.execution.run_index_base;
  row.task_count = task.execution.run_total;
  row.parallelism = task.execution.parallelism;
  row.shards = task.execution.shards;
  row.workers_per_workflow = task.execution.workers_per_workflow;
  row.status = std::string(store::kExecutionRunning);
  row.execution_mode = mode;
  row.started_at = deps_.clock->Now();
  row.metadata = {{"workflow_trigger", task.workflow_trigger},
                  {"branch", task.branch ? Json(*task.branch) : Json(nullptr)},
                  {"test_mode", task.test_mode},
                  {"execution_mode", mode},
                  {"client_config_object", task.client_config_object},
                  {"client_config_ref", fresh->url},
                  {"task_payload", payload}};
  if (run_as_batch) row.metadata["batch"] = Json::object();
  if (!task.batch_mode() && run_as_batch) {
    // No Cloud Run Job here: the tasks run on the batch backend, which is the same contract.
    row.metadata["requested_mode"] = "cloud_run";
  }
  auto inserted = executions_.Insert(row);
  if (!inserted.ok()) return Reply::Detail(500, inserted.status().message());
  if (!inserted->inserted) {
    LogFields(*deps_.log, spdlog::level::info, "task re-submitted with an existing execution id",
              {{"execution_id", execution_id}});
  }
  if (run_as_batch) {
    if (!task.batch_mode()) {
      LogFields(*deps_.log, spdlog::level::info,
                "cloud_run task runs on the batch backend (no Cloud Run Job configured)",
                {{"execution_id", execution_id}, {"backend", config_.batch_backend}});
    }
    return SubmitBatch(task, inserted->execution, fresh->url, *machine);
  }
  return SubmitCloudRun(task, inserted->execution, fresh->url);
}

Reply DispatcherService::SubmitBatch(const FormSenderTask& task, const store::JobExecution& e,
                                     const std::string& signed_url,
                                     const batch::MachinePlan& machine) {
  const std::string& id = e.execution_id;
  if (!config_.missing_batch_settings.empty() && config_.batch_backend == "gcp") {
    return Fail(id, "Batch execution requires the following environment variables: " +
                        Join(config_.missing_batch_settings, ", "));
  }
  auto backend_it = deps_.batch_backends.find(config_.batch_backend);
  if (backend_it == deps_.batch_backends.end() || !backend_it->second) {
    return Fail(id, "batch backend \"" + config_.batch_backend + "\" is not available");
  }
  batch::BatchBackend& backend = *backend_it->second;
  batch::TaskRequest request = ToTaskRequest(task, id, signed_url);
  int64_t parallelism =
      batch::EffectiveParallelism(std::max<int64_t>(1, request.run_total), request.parallelism,
                                  request.max_parallelism, request.instance_count);
  if (parallelism != task.execution.parallelism) {
    Status s = executions_.UpdateParallelism(id, parallelism);  // best effort, as the reference
    if (!s.ok()) deps_.log->warn("parallelism update of {} failed: {}", id, s.message());
  }
  batch::JobSettings settings = config_.job_settings;
  if (task.branch && !config_.git_token_secret.empty() && deps_.secrets) {
    auto token = deps_.secrets->AccessSecretVersion(config_.git_token_secret);
    if (!token.ok()) return Fail(id, token.status().message());
    settings.git_token = *token;
  }
  auto spec = batch::MakeJobSpec(request, machine, settings);
  if (!spec.ok()) return Fail(id, spec.status().message());
  auto job = backend.Submit(*spec);
  if (!job.ok()) return Fail(id, job.status().message());
  Json meta =
      batch::BatchSubmissionMetadata(*spec, *job, backend.backend_name(), config_.batch_parent);
  meta["latest_signed_url"] = signed_url;
  if (task.batch && task.batch->memory_warning.value_or(false)) {
    meta["memory_warning"] = true;
    if (task.batch->computed_memory_mb)
      meta["computed_memory_mb"] = *task.batch->computed_memory_mb;
  }
  // One atomic merge: the monitor may already be writing its own keys.
  Status patched = executions_.MergeMetadata(id, {{"execution_mode", "batch"}, {"batch", meta}});
  if (!patched.ok()) {
    // The job runs and the monitor finds it by its execution_id label; the caller must know.
    deps_.log->error("metadata patch of {} failed after submit: {}", id, patched.message());
    return Reply::Detail(500, patched.message());
  }
  return Reply::Ok({{"status", "queued"},
                    {"job_execution_id", id},
                    {"batch", meta},
                    {"batch_job_name", job->name}});
}

Reply DispatcherService::SubmitCloudRun(const FormSenderTask& task, const store::JobExecution& e,
                                        const std::string& signed_url) {
  const std::string& id = e.execution_id;
  if (config_.cloud_run_job.empty()) {
    return Fail(id, "Cloud Run execution requires the following environment variables: " +
                        Join(config_.missing_cloud_run_settings, ", "));
  }
  batch::JobSettings settings = config_.job_settings;
  settings.form_sender_env = "cloud_run";
  if (task.branch && !config_.git_token_secret.empty() && deps_.secrets) {
    auto token = deps_.secrets->AccessSecretVersion(config_.git_token_secret);
    if (!token.ok()) return Fail(id, token.status().message());
    settings.git_token = *token;
  }
  // Cloud Run Jobs get only the plain variables; secrets are configured on the job itself.
  auto env = batch::TaskEnvironment(ToTaskRequest(task, id, signed_url), settings);
  auto started = deps_.cloud_run->Run(config_.cloud_run_job, task.execution.run_total, env);
  if (!started.ok()) return Fail(id, started.status().message());
  Json cloud_run = {
      {"operation", started->operation},
      {"execution", started->execution.empty() ? Json(nullptr) : Json(started->execution)}};
  Status patched =
      executions_.MergeMetadata(id, {{"execution_mode", "cloud_run"}, {"cloud_run", cloud_run}});
  if (!patched.ok()) return Reply::Detail(500, patched.message());
  return Reply::Ok({{"status", "queued"},
                    {"job_execution_id", id},
                    {"cloud_run", cloud_run},
                    {"cloud_run_operation", started->operation}});
}

Reply DispatcherService::Fail(const std::string& execution_id, const std::string& detail) {
  TimePoint now = deps_.clock->Now();
  auto updated = executions_.UpdateStatus(execution_id, store::kExecutionFailed, now);
  if (!updated.ok()) {
    deps_.log->error("could not mark {} failed: {}", execution_id, updated.status().message());
  }
  Status s = executions_.SetLastError(execution_id, detail);
  if (!s.ok()) deps_.log->warn("could not record the error of {}: {}", execution_id, s.message());
  LogFields(*deps_.log, spdlog::level::err, "task launch failed",
            {{"execution_id", execution_id}, {"detail", detail}});
  return Reply::Detail(500, detail);
}

}  // namespace formsender::dispatcher
