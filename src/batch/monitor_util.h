#pragma once
// Small readers of job_executions.metadata shared by the monitor's files (private to batch).

#include <optional>
#include <string>
#include <vector>

#include "batch/job_status.h"
#include "common/json.h"
#include "store/job_executions.h"

namespace formsender::batch::monitor_internal {

// The statuses of an execution still in progress: "running" (and "queued").
const std::vector<std::string>& ActiveStatuses();
// metadata.batch (an empty object when absent or not an object).
Json BatchOf(const store::JobExecution& e);
// metadata.batch.monitor.
Json MonitorOf(const Json& batch);
// metadata.batch.job_name, else the legacy metadata.batch_job_name; "" when neither.
std::string JobNameOf(const store::JobExecution& e, const Json& batch);
// execution_mode "batch" in the metadata, else in the column.
bool IsBatchExecution(const store::JobExecution& e);
// A JSON boolean, or a string the boolean parser accepts; `fallback` otherwise.
bool Truthy(const Json& v, bool fallback);
// session_max_hours of the execution (task_payload, then top-level metadata, then
// task_payload.targeting), when it is a positive number or numeric string.
std::optional<double> SessionMaxHours(const store::JobExecution& e);
// The job's status events as [{description, event_time (JST ISO)}], the last `max` of them.
Json EventsJson(const JobStatus& status, size_t max = 20);
// Whether `text` mentions a capacity problem (resource exhausted, capacity, quota, preempt,
// spot, unavailable), case-insensitively (orchestration §4.8).
bool MentionsCapacity(const std::string& text);

}  // namespace formsender::batch::monitor_internal
