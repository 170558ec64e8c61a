#pragma once
// The cloud_run path of the dispatcher (spec §4.3, §4.10, §4.2.6): one Cloud Run Job execution
// per task, and its cancellation. An interface so the service is tested without the API.

#include <cstdint>
#include <map>
#include <string>

#include "common/status.h"
#include "gcp/cloud_run_client.h"

namespace formsender::dispatcher {

struct CloudRunStart {
  std::string operation;  // the RunJob long-running operation
  std::string execution;  // the execution it started ("" when not known yet)
};

class CloudRunLauncher {
 public:
  virtual ~CloudRunLauncher() = default;
  // Runs `job` (projects/P/locations/L/jobs/J) with `task_count` tasks and `env` for its
  // container. The reference also asked for a parallelism, which the v2 API does not take per
  // execution (the job's own setting applies).
  virtual Result<CloudRunStart> Run(const std::string& job, int64_t task_count,
                                    const std::map<std::string, std::string>& env) = 0;
  // Cancels the execution, or the one `operation` started when only that is known.
  virtual Status Cancel(const std::string& execution, const std::string& operation) = 0;
};

// Over the Cloud Run Admin API v2 client of the gcp component.
class GcpCloudRunLauncher final : public CloudRunLauncher {
 public:
  explicit GcpCloudRunLauncher(gcp::CloudRunClient& client) : client_(client) {}
  Result<CloudRunStart> Run(const std::string& job, int64_t task_count,
                            const std::map<std::string, std::string>& env) override;
  Status Cancel(const std::string& execution, const std::string& operation) override;

 private:
  gcp::CloudRunClient& client_;
};

}  // namespace formsender::dispatcher
