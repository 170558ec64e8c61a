#pragma once
// CloudRunJobsBackend: the reference's serverless mode (spec §4.3, §4.10) behind the batch
// interface. Submit runs the Cloud Run job projects/{project}/locations/{location}/jobs/{job}
// with overrides — taskCount, the per-task timeout and the §4.4 env as the container's env —
// and names the job by the execution the RunJob operation started (its metadata, else
// operations.get). Get reads the execution and its tasks; Delete cancels the execution. The
// batch monitor follows these executions like Cloud Batch jobs (metadata.cloud_run).
//
// What a Cloud Run execution cannot be told per run, and comes from the job itself
// (deploy/gcp/setup.sh sets it): secrets (the spec's secret_env is not sent: plain env only,
// as in the reference), parallelism, and max retries. SubmittedJob::parallelism reports the
// parallelism the execution really got.

#include <optional>
#include <string>

#include "batch/backend.h"
#include "common/clock.h"
#include "common/env.h"
#include "common/log.h"
#include "gcp/cloud_run_client.h"

namespace formsender::batch {

struct CloudRunJobsOptions {
  std::string project;   // DISPATCHER_PROJECT_ID
  std::string location;  // DISPATCHER_LOCATION
  std::string job;       // FORM_SENDER_CLOUD_RUN_JOB: a job id, or its full resource name
  // Read per-task attempts with executions.tasks.list; without it, the execution's counts.
  bool list_tasks = true;

  // projects/{project}/locations/{location}/jobs/{job} (job as given when already full).
  std::string job_name() const;
};

// DISPATCHER_PROJECT_ID, DISPATCHER_LOCATION and FORM_SENDER_CLOUD_RUN_JOB (required: the
// error names each one missing). A full resource name in FORM_SENDER_CLOUD_RUN_JOB needs
// neither of the other two.
Result<CloudRunJobsOptions> CloudRunJobsOptionsFromEnv(const Environment& env);

// The RunJob overrides of a spec: taskCount, timeout (max_run_duration) and the spec's env
// (sorted by name) as the only container's env.
gcp::RunJobOverrides RunOverridesFor(const JobSpec& spec);

class CloudRunJobsBackend final : public BatchBackend {
 public:
  CloudRunJobsBackend(gcp::CloudRunClient& client, const Clock& clock, CloudRunJobsOptions options,
                      LoggerPtr log = nullptr);

  std::string_view backend_name() const override { return "cloud_run"; }
  Result<SubmittedJob> Submit(const JobSpec& spec) override;
  // `job_name` is an execution, or the RunJob operation while its execution is unknown: then
  // the state is QUEUED and `name` the operation until operations.get names the execution.
  Result<JobStatus> Get(const std::string& job_name) override;
  // executions.cancel. An operation is resolved first; one whose execution is still unknown is
  // kUnavailable (cancel again later: the monitor does). A finished execution is a no-op.
  Status Delete(const std::string& job_name, const std::string& reason) override;
  // The job's executions whose env matches: label execution_id ↔ JOB_EXECUTION_ID,
  // targeting_id ↔ FORM_SENDER_TARGETING_ID, workload=form_sender (every execution of the
  // job); other labels are matched against the execution's labels.
  Result<std::vector<JobSummary>> List(const ListFilter& filter) override;
  // Cloud Run has no provisioning models: always kInvalidArgument.
  Result<SubmittedJob> Resubmit(const std::string& job_name, ProvisioningModel model) override;

  const CloudRunJobsOptions& options() const { return options_; }

 private:
  // The execution an operation started; "" while it is unknown. kNotFound when the operation
  // does not exist.
  Result<std::string> ExecutionOf(const std::string& operation_name);
  // `name` itself when it is an execution, else ExecutionOf(name).
  Result<std::string> Resolve(const std::string& name);

  gcp::CloudRunClient& client_;
  const Clock& clock_;
  CloudRunJobsOptions options_;
  LoggerPtr log_;
};

// Whether `name` is a Cloud Run long-running operation (…/operations/…).
bool IsRunOperationName(std::string_view name);

// metadata.cloud_run as the dispatcher patches it after a submission: the reference's
// {operation, execution} (execution omitted while unknown) plus job, backend, task_count,
// parallelism, submitted_at and monitor {state: "scheduled"}.
Json CloudRunSubmissionMetadata(const JobSpec& spec, const SubmittedJob& job,
                                std::string_view job_name, std::string_view backend_name);

}  // namespace formsender::batch
