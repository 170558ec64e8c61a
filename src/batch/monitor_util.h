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
// The part of metadata that describes an execution's job, by its execution_mode (metadata
// first, then the column): "batch" (Cloud Batch or local processes) or "cloud_run" (Cloud
// Run Jobs, spec §4.10); "" for executions the monitor does not follow.
std::string_view SectionOf(const store::JobExecution& e);
inline constexpr std::string_view kBatchSection = "batch";
inline constexpr std::string_view kCloudRunSection = "cloud_run";
// metadata.<section> (an empty object when absent or not an object).
Json SectionJson(const store::JobExecution& e, std::string_view section);
// {"<section>": patch}, for MergeMetadata.
Json SectionPatch(std::string_view section, Json patch);
// "<section>_<what>": the monitor's reasons (batch_failed, cloud_run_failed …).
std::string Reason(std::string_view section, std::string_view what);
// metadata.batch (an empty object when absent or not an object).
inline Json BatchOf(const store::JobExecution& e) { return SectionJson(e, kBatchSection); }
// metadata.<section>.monitor.
Json MonitorOf(const Json& section_json);
// The job to follow. batch: metadata.batch.job_name, else the legacy metadata.batch_job_name.
// cloud_run: metadata.cloud_run.execution, else the legacy metadata.cloud_run_execution, else
// the operation that started it (metadata.cloud_run.operation / metadata.cloud_run_operation),
// which the Cloud Run backend resolves. "" when none is known.
std::string JobNameOf(const store::JobExecution& e, const Json& section_json,
                      std::string_view section = kBatchSection);
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
