#pragma once
// Cloud Run Admin API v2 (run.googleapis.com): jobs.run with overrides, executions.get,
// executions.list, executions.cancel, executions.tasks.list and operations.get — what the
// Cloud Run Jobs path of the dispatcher (spec §4.10, §4.2.6) and the batch monitor call.
// Request shapes follow the public v2 REST reference.

#include <chrono>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "gcp/operation.h"
#include "gcp/rest_client.h"

namespace formsender::gcp {

struct RunEnvVar {
  std::string name;
  std::string value;
};

struct RunContainerOverride {
  std::string name;  // empty: the job's only container
  std::vector<std::string> args;
  std::vector<RunEnvVar> env;
  bool clear_args = false;
};

// RunJobRequest.overrides. The v2 API overrides the task count, the per-task timeout and the
// containers' args and env; parallelism and retries stay what the job says.
struct RunJobOverrides {
  std::vector<RunContainerOverride> container_overrides;
  std::optional<int> task_count;
  std::optional<std::chrono::seconds> timeout;  // per task
};

class CloudRunClient {
 public:
  // Regional endpoints ("https://asia-northeast1-run.googleapis.com/") work as well.
  explicit CloudRunClient(RestClient& rest, std::string base_url = "https://run.googleapis.com/");

  // POST v2/{job}:run {"overrides": …}; job = "projects/P/locations/L/jobs/J". Not retried
  // after a failure that may have reached the server (each call starts an execution).
  Result<Operation> RunJob(std::string_view job_name, const RunJobOverrides& overrides);
  // GET v2/{execution}; execution = "projects/P/locations/L/jobs/J/executions/E".
  Result<Json> GetExecution(std::string_view execution_name);
  // POST v2/{execution}:cancel {}.
  Result<Operation> CancelExecution(std::string_view execution_name);
  // GET v2/{operation}; operation = "projects/P/locations/L/operations/O".
  Result<Operation> GetOperation(std::string_view operation_name);
  // GET v2/{job}/executions, every page (newest first, as the API lists them).
  Result<std::vector<Json>> ListExecutions(std::string_view job_name);
  // GET v2/{execution}/tasks, every page: one Task per index with its retry count and the
  // result of its last attempt.
  Result<std::vector<Json>> ListTasks(std::string_view execution_name);

 private:
  RestClient& rest_;
  std::string base_url_;
};

// The RunJobRequest body for `overrides` (exposed for tests).
Json BuildRunJobRequest(const RunJobOverrides& overrides);
// The execution a RunJob operation started (its metadata is the Execution); empty if absent.
std::string ExecutionNameFromRunOperation(const Operation& operation);

}  // namespace formsender::gcp
