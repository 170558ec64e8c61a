#pragma once
// What a batch backend reports about a job: its state with Cloud Batch's names, status events,
// and every task attempt (index × attempt) with its exit code.

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "batch/job_spec.h"
#include "common/clock.h"
#include "common/json.h"

namespace formsender::batch {

// JobStatus.state of Cloud Batch v1 (plus the newer cancel states, which jobs.cancel added).
enum class JobState {
  kUnspecified,
  kQueued,
  kScheduled,
  kRunning,
  kSucceeded,
  kFailed,
  kDeletionInProgress,
  kCancellationInProgress,
  kCancelled,
};
std::string_view JobStateName(JobState s);
// Unknown names map to kUnspecified (newer API values must not break a poll).
JobState ParseJobState(std::string_view name);
bool IsTerminal(JobState s);  // SUCCEEDED, FAILED, CANCELLED

// TaskStatus.state of Cloud Batch v1.
enum class TaskState {
  kUnspecified,
  kPending,
  kAssigned,
  kRunning,
  kFailed,
  kSucceeded,
  kUnexecuted
};
std::string_view TaskStateName(TaskState s);
TaskState ParseTaskState(std::string_view name);

// How one attempt of one task ended (or that it is still running).
enum class AttemptOutcome { kRunning, kSucceeded, kFailed, kPreempted, kCancelled };
std::string_view AttemptOutcomeName(AttemptOutcome o);  // the job_execution_attempts status

struct StatusEvent {
  std::string type;  // free-form ("STATUS_CHANGED")
  std::string description;
  std::optional<TimePoint> event_time;
  std::optional<TaskState> task_state;
  std::optional<int64_t> exit_code;
  std::optional<int64_t> task_index;
};

struct TaskAttempt {
  int64_t task_index = 0;
  int64_t attempt = 0;  // 0-based, = BATCH_TASK_RETRY_ATTEMPT
  AttemptOutcome outcome = AttemptOutcome::kRunning;
  std::optional<int64_t> exit_code;
  std::optional<TimePoint> started_at;
  std::optional<TimePoint> ended_at;
  std::string provisioning_model;  // "spot", "standard"
  std::string machine_type;
  // Backend details worth keeping (local: log file paths, pid, why it ended).
  Json details = Json::object();

  bool preempted() const {
    return outcome == AttemptOutcome::kPreempted || exit_code == kExitPreempted;
  }
};

struct TaskInfo {
  int64_t index = 0;
  TaskState state = TaskState::kPending;
  std::vector<TaskAttempt> attempts;  // in attempt order
};

struct JobStatus {
  std::string name;  // the backend's job name (Cloud Batch: projects/P/locations/L/jobs/J)
  std::string uid;
  JobState state = JobState::kUnspecified;
  std::vector<StatusEvent> events;
  std::vector<TaskInfo> tasks;                 // empty when the backend could not list tasks
  std::map<std::string, int64_t> task_counts;  // state name → count
  std::map<std::string, std::string> labels;
  std::string provisioning_model;  // "spot" / "standard"
  std::string machine_type;
  std::optional<TimePoint> create_time;

  // Every attempt of every task, ordered by task then attempt.
  std::vector<TaskAttempt> AllAttempts() const;
  // "Task 3 failed with exit code 2; …": the events as one text, for reasons and fallbacks.
  std::string EventText() const;
};

// A job as listed (jobs.list).
struct JobSummary {
  std::string name;
  JobState state = JobState::kUnspecified;
  std::map<std::string, std::string> labels;
  std::optional<TimePoint> create_time;
};

// Why a finished job did not succeed, from its tasks' final attempts.
struct FailureAnalysis {
  int64_t failed_tasks = 0;
  int64_t application_failures = 0;  // tasks whose last attempt failed on an app exit code
  int64_t preempted_tasks = 0;       // tasks whose last attempt was a preemption
  int64_t platform_failures = 0;     // other 5000x codes
  std::vector<Json> details;         // [{task_index, attempt, exit_code, kind}]
  // Failed only because Spot capacity was lost (preemption/platform), no application failure.
  bool only_capacity_failures() const { return failed_tasks > 0 && application_failures == 0; }
};
FailureAnalysis AnalyzeFailures(const JobStatus& status);

// Whitespace collapsed, cut to 512 bytes (on a UTF-8 boundary) with "...": the reference's
// format for spot_fallback.reason.
std::string ShortReason(std::string_view text);

// The RFC 3339 time at obj[key] (Cloud Batch and Cloud Run resources); nullopt when the
// member is absent, not a string or not a time.
std::optional<TimePoint> TimeAt(const Json& obj, std::string_view key);

}  // namespace formsender::batch
