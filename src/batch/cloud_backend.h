#pragma once
// CloudBatchBackend: jobs on Cloud Batch (Spot VMs first) through the gcp component's
// BatchClient. Submit builds the job of orchestration §4.6 (cloud_job.h) and, when Spot
// capacity or quota is refused and the plan allows on-demand, creates a STANDARD job instead
// (§4.6 step 10), recorded as spot_fallback. Get reads the job and its tasks' attempts
// (taskGroups.tasks.list); Delete is jobs.delete.

#include <mutex>
#include <optional>
#include <string>

#include "batch/backend.h"
#include "common/clock.h"
#include "common/env.h"
#include "common/log.h"
#include "gcp/batch_client.h"
#include "gcp/rest_client.h"

namespace formsender::batch {

struct CloudBatchOptions {
  std::string project;   // FORM_SENDER_BATCH_PROJECT_ID, else DISPATCHER_PROJECT_ID
  std::string location;  // FORM_SENDER_BATCH_LOCATION, else DISPATCHER_LOCATION
  // Root URL of the Batch API, for taskGroups.tasks.list (the BatchClient has no such call).
  std::string api_root = "https://batch.googleapis.com/";
  // Read per-task attempts with taskGroups.tasks.list; without it the attempts are what the
  // job's events report.
  bool list_tasks = true;

  std::string parent() const { return "projects/" + project + "/locations/" + location; }
};

// FORM_SENDER_BATCH_PROJECT_ID / DISPATCHER_PROJECT_ID, FORM_SENDER_BATCH_LOCATION /
// DISPATCHER_LOCATION (required: the error names them), FORMSENDER_BATCH_ENDPOINT.
Result<CloudBatchOptions> CloudBatchOptionsFromEnv(const Environment& env);

class CloudBatchBackend final : public BatchBackend {
 public:
  // `rest` is the client under `client` (for tasks.list).
  CloudBatchBackend(gcp::BatchClient& client, gcp::RestClient& rest, const Clock& clock,
                    CloudBatchOptions options, LoggerPtr log = nullptr);

  std::string_view backend_name() const override { return "gcp"; }
  Result<SubmittedJob> Submit(const JobSpec& spec) override;
  Result<JobStatus> Get(const std::string& job_name) override;
  Status Delete(const std::string& job_name, const std::string& reason) override;
  Result<std::vector<JobSummary>> List(const ListFilter& filter) override;
  Result<SubmittedJob> Resubmit(const std::string& job_name, ProvisioningModel model) override;

  const CloudBatchOptions& options() const { return options_; }

 private:
  // The job template (FORM_SENDER_BATCH_JOB_TEMPLATE), fetched once: nullopt when it does not
  // exist (a warning; the job is built without it).
  Result<std::optional<Json>> Template(const std::string& name);
  Result<SubmittedJob> Create(const std::string& job_id, const Json& job, ProvisioningModel model);
  Result<std::vector<Json>> ListTasks(const std::string& job_name);

  gcp::BatchClient& client_;
  gcp::RestClient& rest_;
  const Clock& clock_;
  CloudBatchOptions options_;
  LoggerPtr log_;
  std::mutex template_mu_;
  std::map<std::string, std::optional<Json>> templates_;
};

// Whether a jobs.create error is Spot capacity or quota refused (orchestration §4.6 step 10):
// RESOURCE_EXHAUSTED, FAILED_PRECONDITION or UNAVAILABLE whose text mentions spot,
// preemptible, capacity, quota, unavailable or exhausted.
bool IsSpotCapacityError(const Status& status);

}  // namespace formsender::batch
