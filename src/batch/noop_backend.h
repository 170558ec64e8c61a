#pragma once
// NoopBatchBackend: a batch backend that runs nothing, for benchmarks and tests only
// (`batch.backend = "noop"`). Submit records the job in memory and returns at once; the job
// reports SUCCEEDED with every task succeeded the first time it is read, so the monitor ends
// the execution normally. It measures what the dispatcher itself costs (bench/), never use it
// to send anything: no runner is ever started.

#include <map>
#include <mutex>
#include <string>

#include "batch/backend.h"
#include "common/clock.h"

namespace formsender::batch {

class NoopBatchBackend final : public BatchBackend {
 public:
  explicit NoopBatchBackend(const Clock& clock) : clock_(clock) {}

  std::string_view backend_name() const override { return "noop"; }
  Result<SubmittedJob> Submit(const JobSpec& spec) override;
  Result<JobStatus> Get(const std::string& job_name) override;
  Status Delete(const std::string& job_name, const std::string& reason) override;
  Result<std::vector<JobSummary>> List(const ListFilter& filter) override;
  Result<SubmittedJob> Resubmit(const std::string& job_name, ProvisioningModel model) override;

  size_t submitted() const;

 private:
  struct Job {
    JobSpec spec;
    SubmittedJob submitted;
    bool deleted = false;
  };
  Result<SubmittedJob> Add(const JobSpec& spec, ProvisioningModel model);

  const Clock& clock_;
  mutable std::mutex mu_;
  std::map<std::string, Job> jobs_;
};

}  // namespace formsender::batch
