#pragma once
// The batch backend interface: the role Cloud Batch plays in the reference (orchestration
// §4.6–§4.11), with three implementations: LocalBatchBackend (child processes on this machine,
// the embedded default), CloudBatchBackend (Cloud Batch REST on Spot VMs) and
// CloudRunJobsBackend (Cloud Run Jobs executions, the reference's serverless mode, §4.10).
// backend_registry.h picks one per execution mode.

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "batch/job_spec.h"
#include "batch/job_status.h"
#include "common/clock.h"
#include "common/json.h"
#include "common/status.h"

namespace formsender::batch {

// What a submission produced.
struct SubmittedJob {
  std::string name;    // full job name, what Get/Delete take
  std::string job_id;  // its last path segment
  ProvisioningModel provisioning_model = ProvisioningModel::kSpot;  // effective
  // Set when Spot capacity was refused at submit time and a STANDARD job was created instead:
  // {applied, reason, error_type, original_job_id, status_code} (orchestration §4.6 step 10).
  std::optional<Json> spot_fallback;
  // The parallelism the job really got (≤ task_count).
  int64_t parallelism = 1;
  TimePoint submitted_at{};
  // The long-running operation that started the job, when the platform answers with one
  // (Cloud Run jobs.run). When the job's own name was not known yet, `name` is this operation
  // and Get/Delete resolve it.
  std::string operation;
};

struct ListFilter {
  // Jobs carrying every one of these labels.
  std::map<std::string, std::string> labels;
  // Only jobs in these states (any when empty).
  std::vector<JobState> states;
};

class BatchBackend {
 public:
  virtual ~BatchBackend() = default;
  // "local", "gcp" or "cloud_run": recorded in metadata.<batch|cloud_run>.backend so the
  // monitor finds the job again.
  virtual std::string_view backend_name() const = 0;

  // Creates the job. Errors: kInvalidArgument (bad spec), kResourceExhausted (capacity/quota,
  // after any allowed fallback), kUnavailable (retry), others from the platform.
  virtual Result<SubmittedJob> Submit(const JobSpec& spec) = 0;
  // The job's state, events and task attempts. kNotFound when the job does not exist (any
  // more).
  virtual Result<JobStatus> Get(const std::string& job_name) = 0;
  // Stops the job (Cloud Batch jobs.delete; locally SIGTERM, then SIGKILL after the grace
  // period). kNotFound when the job does not exist (any more): callers treat that as done.
  // Deleting a job that has already finished is a no-op.
  virtual Status Delete(const std::string& job_name, const std::string& reason) = 0;
  virtual Result<std::vector<JobSummary>> List(const ListFilter& filter) = 0;
  // Submits a copy of an existing job with `model` and a new job id: the monitor's Spot →
  // STANDARD fallback (orchestration §4.8). The copy keeps the original's tasks, env, secrets
  // and labels.
  virtual Result<SubmittedJob> Resubmit(const std::string& job_name, ProvisioningModel model) = 0;
};

// metadata.batch as the dispatcher patches it after a submission (orchestration §4.6 step 11,
// §4.9.2): machine_type, cpu_milli, memory_mb, prefer_spot, allow_on_demand, parallelism,
// array_size, task_count, attempts, max_retry_count, effective_provisioning_model, job_name,
// job_id, backend, job_template, configured_task_group(_id), task_group(_resource_hint),
// spot_fallback, the plan's own facts, and monitor {state: "scheduled"}.
Json BatchSubmissionMetadata(const JobSpec& spec, const SubmittedJob& job,
                             std::string_view backend_name, std::string_view job_parent = "");

}  // namespace formsender::batch
