#pragma once
// Cloud Run Admin API v2 executions read as batch jobs: an Execution (and its Tasks, when they
// could be listed) becomes a JobStatus with Cloud Batch's state names, so the one monitor
// follows Cloud Run Jobs like Cloud Batch jobs (spec §4.10, §4.11).
//
// State: a finished execution (completionTime) is SUCCEEDED, FAILED or CANCELLED by its
// Completed condition (executionReason CANCELLED → CANCELLED; CONDITION_SUCCEEDED → SUCCEEDED;
// otherwise FAILED); an unfinished one is CANCELLATION_IN_PROGRESS when a condition says
// CANCELLING, DELETION_IN_PROGRESS when it has a deleteTime, RUNNING once a task started or
// ended, QUEUED before.
//
// Attempts: a Task reports its retry count and only its last attempt's result, so attempts
// 0 … retried−1 are failed attempts without an exit code and attempt `retried` carries the
// last result (exit code 0 → succeeded, other → failed, cancelled → cancelled).

#include <vector>

#include "batch/job_status.h"
#include "common/json.h"

namespace formsender::batch {

JobStatus ParseRunExecution(const Json& execution, const std::vector<Json>* tasks);
// One Task of executions.tasks.list.
TaskInfo ParseRunTask(const Json& task);
// The env the execution's first container runs with (template.containers[0].env), by name.
std::map<std::string, std::string> RunExecutionEnv(const Json& execution);

}  // namespace formsender::batch
