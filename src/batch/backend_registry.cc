#include "batch/backend_registry.h"

#include "batch/cloud_backend.h"
#include "batch/cloud_run_backend.h"
#include "gcp/google_cloud.h"

namespace formsender::batch {

Result<std::string> ExecutionModeColumn(std::string_view mode) {
  if (mode == "batch") return std::string("batch");
  if (mode == "cloud_run" || mode == "serverless") return std::string("cloud_run");
  return Status::InvalidArgument("unknown execution mode '" + std::string(mode) +
                                 "': formsender runs 'batch' (Cloud Batch or local processes) "
                                 "and 'cloud_run'/'serverless' (Cloud Run Jobs)");
}

Result<std::string> BackendNameForMode(std::string_view mode, std::string_view batch_backend) {
  FS_ASSIGN_OR_RETURN(std::string column, ExecutionModeColumn(mode));
  if (column == "cloud_run") return column;
  if (batch_backend != "local" && batch_backend != "gcp") {
    return Status::InvalidArgument("batch.backend must be 'local' or 'gcp', got '" +
                                   std::string(batch_backend) + "'");
  }
  return std::string(batch_backend);
}

Result<Json> SubmissionPatch(std::string_view mode, const JobSpec& spec, const SubmittedJob& job,
                             const BatchBackend& backend, std::string_view batch_parent) {
  FS_ASSIGN_OR_RETURN(std::string column, ExecutionModeColumn(mode));
  if (column == "batch") {
    return Json{
        {"execution_mode", column},
        {"batch", BatchSubmissionMetadata(spec, job, backend.backend_name(), batch_parent)}};
  }
  // The Cloud Run section names the job the execution belongs to: only that backend knows it.
  const auto* run = dynamic_cast<const CloudRunJobsBackend*>(&backend);
  if (!run) {
    return Status::InvalidArgument("execution mode '" + std::string(mode) +
                                   "' needs the Cloud Run Jobs backend, got '" +
                                   std::string(backend.backend_name()) + "'");
  }
  return Json{{"execution_mode", column},
              {"cloud_run", CloudRunSubmissionMetadata(spec, job, run->options().job_name(),
                                                       backend.backend_name())}};
}

BackendRegistry::BackendRegistry(std::string batch_backend)
    : batch_backend_(std::move(batch_backend)) {}

void BackendRegistry::Add(BatchBackend& backend) {
  std::string name(backend.backend_name());
  unavailable_.erase(name);
  backends_[name] = &backend;
}

void BackendRegistry::Add(std::unique_ptr<BatchBackend> backend) {
  Add(*backend);
  owned_.push_back(std::move(backend));
}

void BackendRegistry::MarkUnavailable(std::string name, Status why) {
  unavailable_[std::move(name)] = std::move(why);
}

Result<BatchBackend*> BackendRegistry::ForMode(std::string_view mode) const {
  FS_ASSIGN_OR_RETURN(std::string name, BackendNameForMode(mode, batch_backend_));
  if (auto it = backends_.find(name); it != backends_.end()) return it->second;
  std::string what = name == "cloud_run" ? "Cloud Run Jobs (mode " + std::string(mode) + ")"
                     : name == "gcp"     ? "Cloud Batch (batch.backend = \"gcp\")"
                                         : "local processes (batch.backend = \"local\")";
  if (auto it = unavailable_.find(name); it != unavailable_.end()) {
    return Status::InvalidArgument(what + " is not available: " + it->second.message());
  }
  if (name == "cloud_run") {
    return Status::InvalidArgument(
        what +
        " is not configured: set FORM_SENDER_CLOUD_RUN_JOB, DISPATCHER_PROJECT_ID and "
        "DISPATCHER_LOCATION in the dispatcher's environment");
  }
  return Status::InvalidArgument(what + " is not configured in this process");
}

std::map<std::string, BatchBackend*> BackendRegistry::ByName() const { return backends_; }

void AddCloudBackends(BackendRegistry& registry, const Environment& env, gcp::GoogleCloud* cloud,
                      const Clock& clock, LoggerPtr log) {
  const Status no_cloud = Status::InvalidArgument(
      "Google Cloud credentials could not be set up (SERVICE_ACCOUNT_JSON, "
      "GOOGLE_APPLICATION_CREDENTIALS or the metadata server)");
  if (registry.batch_backend() == "gcp") {
    auto options = CloudBatchOptionsFromEnv(env);
    if (!options.ok()) {
      registry.MarkUnavailable("gcp", options.status());
    } else if (!cloud) {
      registry.MarkUnavailable("gcp", no_cloud);
    } else {
      registry.Add(std::make_unique<CloudBatchBackend>(cloud->batch(), cloud->rest(), clock,
                                                       std::move(*options), log));
    }
  }
  if (!env.GetNonBlank("FORM_SENDER_CLOUD_RUN_JOB")) return;
  auto options = CloudRunJobsOptionsFromEnv(env);
  if (!options.ok()) {
    registry.MarkUnavailable("cloud_run", options.status());
  } else if (!cloud) {
    registry.MarkUnavailable("cloud_run", no_cloud);
  } else {
    registry.Add(
        std::make_unique<CloudRunJobsBackend>(cloud->run(), clock, std::move(*options), log));
  }
}

}  // namespace formsender::batch
