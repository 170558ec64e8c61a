#pragma once
// Which batch backend runs an execution, by its execution mode (spec §4.3, §6.5):
//
//   mode "batch"                    → the `batch.backend` setting: "local" (LocalBatchBackend,
//                                      the embedded default) or "gcp" (CloudBatchBackend)
//   mode "cloud_run" / "serverless" → "cloud_run" (CloudRunJobsBackend)
//
// The dispatcher builds one registry at start-up, adds the local backend it owns and starts,
// lets AddCloudBackends build the cloud ones the environment configures, and then asks
// ForMode(task.mode) for each task. The same registry's ByName() is the monitor's backend map.
//
//   batch::BackendRegistry backends(props.String("batch.backend").value_or("local"));
//   backends.Add(local);                                        // LocalBatchBackend
//   FS_RETURN_IF_ERROR(batch::AddCloudBackends(backends, env, cloud.get(), clock, log));
//   FS_ASSIGN_OR_RETURN(batch::BatchBackend* backend, backends.ForMode("cloud_run"));
//   FS_ASSIGN_OR_RETURN(batch::SubmittedJob job, backend->Submit(spec));
//   FS_ASSIGN_OR_RETURN(Json patch, batch::SubmissionPatch("cloud_run", spec, job, *backend));
//   executions.MergeMetadata(execution_id, patch);
//   batch::BatchMonitor monitor(db, clock, backends.ByName(), …);

#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "batch/backend.h"
#include "common/clock.h"
#include "common/env.h"
#include "common/log.h"
#include "common/status.h"

namespace formsender::gcp {
class GoogleCloud;
}

namespace formsender::batch {

// The job_executions.execution_mode (and metadata section) of a mode: "batch" → "batch";
// "cloud_run" and the orchestrator's name "serverless" → "cloud_run". Anything else (the
// reference's "github") is kInvalidArgument.
Result<std::string> ExecutionModeColumn(std::string_view mode);
// The backend name for a mode: "batch" → `batch_backend` ("local" or "gcp"), cloud_run →
// "cloud_run".
Result<std::string> BackendNameForMode(std::string_view mode, std::string_view batch_backend);

// The job_executions.metadata patch a dispatcher writes after `backend` submitted `spec` for
// an execution of `mode`: {"execution_mode": ExecutionModeColumn(mode), "batch":
// BatchSubmissionMetadata(…, batch_parent)} or {"execution_mode": "cloud_run", "cloud_run":
// CloudRunSubmissionMetadata(…)}. kInvalidArgument for an unknown mode, and for a cloud_run
// mode whose backend is not a CloudRunJobsBackend.
Result<Json> SubmissionPatch(std::string_view mode, const JobSpec& spec, const SubmittedJob& job,
                             const BatchBackend& backend, std::string_view batch_parent = "");

class BackendRegistry {
 public:
  // `batch_backend`: the batch.backend setting (FORMSENDER_BATCH_BACKEND), "local" or "gcp".
  explicit BackendRegistry(std::string batch_backend = "local");

  // Registers a backend under its backend_name(); the caller keeps it alive.
  void Add(BatchBackend& backend);
  // Registers a backend the registry owns.
  void Add(std::unique_ptr<BatchBackend> backend);
  // Records why a backend could not be built, for ForMode's error.
  void MarkUnavailable(std::string name, Status why);

  // The backend of an execution mode. kInvalidArgument for an unknown mode, and when that
  // backend is not configured (the message names the missing settings).
  Result<BatchBackend*> ForMode(std::string_view mode) const;
  // name → backend, for BatchMonitor.
  std::map<std::string, BatchBackend*> ByName() const;
  const std::string& batch_backend() const { return batch_backend_; }

 private:
  std::string batch_backend_;
  std::map<std::string, BatchBackend*> backends_;
  std::map<std::string, Status> unavailable_;
  std::vector<std::unique_ptr<BatchBackend>> owned_;
};

// Builds and registers the cloud backends: CloudBatchBackend ("gcp") when batch.backend is
// "gcp", and CloudRunJobsBackend ("cloud_run") whenever FORM_SENDER_CLOUD_RUN_JOB is set. A
// backend whose settings are incomplete, or that needs Google Cloud while `cloud` is null, is
// marked unavailable with the reason (not an error here: a deployment may use one mode only).
void AddCloudBackends(BackendRegistry& registry, const Environment& env, gcp::GoogleCloud* cloud,
                      const Clock& clock, LoggerPtr log = nullptr);

}  // namespace formsender::batch
