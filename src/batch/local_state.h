#pragma once
// Pure rules of the local backend: from a job's spec and its attempt rows to task and job
// states with Cloud Batch's names, the retry policy applied, and status events worded like
// Cloud Batch's. The supervisor decides with these; Get reports with them.

#include <vector>

#include "batch/job_status.h"
#include "batch/local_store.h"

namespace formsender::batch {

// The state of every task (index 0..task_count−1) given its attempts. A failed attempt whose
// exit code the policy retries, with attempts left, leaves the task PENDING; an attempt lost
// with its supervisor (serve stopped or crashed) is run again without using up the policy's
// attempts, up to kMaxSupervisorLosses times per task; a job being deleted retries nothing,
// and its never-started tasks are UNEXECUTED once it is cancelled.
std::vector<TaskInfo> DeriveTasks(const LocalJobRow& job,
                                  const std::vector<LocalAttemptRow>& attempts);

// The job state from its tasks: DELETION_IN_PROGRESS / CANCELLED once deletion was requested,
// SUCCEEDED when every task succeeded, FAILED when every task is finished and one failed,
// RUNNING while an attempt runs, else QUEUED.
JobState DeriveJobState(const LocalJobRow& job, const std::vector<TaskInfo>& tasks);

// The full report for Get (name = "local/jobs/<job_id>").
JobStatus DeriveJobStatus(const LocalJobRow& job, const std::vector<LocalAttemptRow>& attempts);

inline constexpr int64_t kMaxSupervisorLosses = 3;

inline constexpr std::string_view kLocalJobNamePrefix = "local/jobs/";
std::string LocalJobName(std::string_view job_id);
// The job id of a local job name; kInvalidArgument when `name` is not one (another backend's).
Result<std::string> LocalJobIdFromName(std::string_view name);

}  // namespace formsender::batch
