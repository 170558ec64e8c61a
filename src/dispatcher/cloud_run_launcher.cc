#include "dispatcher/cloud_run_launcher.h"

namespace formsender::dispatcher {

Result<CloudRunStart> GcpCloudRunLauncher::Run(const std::string& job, int64_t task_count,
                                               const std::map<std::string, std::string>& env) {
  gcp::RunJobOverrides overrides;
  gcp::RunContainerOverride container;
  for (const auto& [name, value] : env) container.env.push_back({name, value});
  overrides.container_overrides.push_back(std::move(container));
  overrides.task_count = static_cast<int>(task_count);
  FS_ASSIGN_OR_RETURN(gcp::Operation op, client_.RunJob(job, overrides));
  CloudRunStart start{op.name, gcp::ExecutionNameFromRunOperation(op)};
  if (start.execution.empty() && !op.name.empty()) {
    // Not in the first answer: the operation's metadata names it once Cloud Run has it.
    auto again = client_.GetOperation(op.name);
    if (again.ok()) start.execution = gcp::ExecutionNameFromRunOperation(*again);
  }
  return start;
}

Status GcpCloudRunLauncher::Cancel(const std::string& execution, const std::string& operation) {
  std::string target = execution;
  if (target.empty()) {
    FS_ASSIGN_OR_RETURN(gcp::Operation op, client_.GetOperation(operation));
    target = gcp::ExecutionNameFromRunOperation(op);
    if (target.empty()) {
      return Status::NotFound("operation " + operation + " names no execution (nothing started)");
    }
  }
  auto cancelled = client_.CancelExecution(target);
  return cancelled.ok() ? Status::Ok() : cancelled.status();
}

}  // namespace formsender::dispatcher
