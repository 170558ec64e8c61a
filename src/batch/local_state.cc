#include "batch/local_state.h"

#include <algorithm>

namespace formsender::batch {
namespace {

std::string EndDescription(const LocalAttemptRow& a, TaskState to) {
  std::string text = "Task " + std::to_string(a.task_index) + " attempt " +
                     std::to_string(a.attempt) + " state is updated from RUNNING to " +
                     std::string(TaskStateName(to)) + " on local";
  std::string reason = a.reason.value_or("");
  if (a.outcome == AttemptOutcome::kPreempted) {
    text += " due to Spot VM preemption";
  } else if (a.outcome == AttemptOutcome::kCancelled) {
    text += " due to job deletion";
  } else if (!reason.empty() && reason != "exited") {
    text += " due to " + reason;
  }
  if (a.exit_code) text += " with exit code " + std::to_string(*a.exit_code);
  return text + ".";
}

}  // namespace

std::string LocalJobName(std::string_view job_id) {
  return std::string(kLocalJobNamePrefix) + std::string(job_id);
}

Result<std::string> LocalJobIdFromName(std::string_view name) {
  if (!name.starts_with(kLocalJobNamePrefix) || name.size() == kLocalJobNamePrefix.size()) {
    return Status::InvalidArgument("'" + std::string(name) + "' is not a local batch job name");
  }
  return std::string(name.substr(kLocalJobNamePrefix.size()));
}

namespace {

// An attempt cut short because its supervisor (the serve process) stopped or died: this
// machine's failure, neither the task's nor a Spot preemption's.
bool LostWithSupervisor(const TaskAttempt& a) {
  std::string reason = a.details.value("reason", "");
  return reason == "supervisor_lost" || reason == "supervisor_stopped";
}

}  // namespace

std::vector<TaskInfo> DeriveTasks(const LocalJobRow& job,
                                  const std::vector<LocalAttemptRow>& attempts) {
  std::vector<TaskInfo> tasks(static_cast<size_t>(std::max<int64_t>(0, job.spec.task_count)));
  for (size_t i = 0; i < tasks.size(); ++i) tasks[i].index = static_cast<int64_t>(i);
  std::vector<const LocalAttemptRow*> sorted;
  for (const auto& a : attempts) sorted.push_back(&a);
  std::sort(sorted.begin(), sorted.end(), [](const auto* x, const auto* y) {
    return std::tie(x->task_index, x->attempt) < std::tie(y->task_index, y->attempt);
  });
  for (const LocalAttemptRow* a : sorted) {
    if (a->task_index < 0 || a->task_index >= job.spec.task_count) continue;
    TaskAttempt t;
    t.task_index = a->task_index;
    t.attempt = a->attempt;
    t.outcome = a->outcome;
    t.exit_code = a->exit_code;
    t.started_at = a->started_at;
    t.ended_at = a->ended_at;
    t.provisioning_model = a->provisioning_model;
    t.machine_type = a->machine_type;
    t.details = Json{{"stdout_path", a->stdout_path}, {"stderr_path", a->stderr_path}};
    if (a->reason) t.details["reason"] = *a->reason;
    if (a->process_exit_code) t.details["process_exit_code"] = *a->process_exit_code;
    if (a->task_pid) t.details["pid"] = *a->task_pid;
    tasks[static_cast<size_t>(a->task_index)].attempts.push_back(std::move(t));
  }
  bool deleting = job.delete_requested_at.has_value() || job.state == JobState::kCancelled;
  for (TaskInfo& task : tasks) {
    if (task.attempts.empty()) {
      task.state = job.state == JobState::kCancelled ? TaskState::kUnexecuted : TaskState::kPending;
      continue;
    }
    const TaskAttempt& last = task.attempts.back();
    switch (last.outcome) {
      case AttemptOutcome::kRunning:
        task.state = TaskState::kRunning;
        break;
      case AttemptOutcome::kSucceeded:
        task.state = TaskState::kSucceeded;
        break;
      default: {
        // Attempts lost with the supervisor do not use up the task's attempts: a serve crash
        // or restart must not fail a campaign whose policy allows one attempt (the default).
        // They are bounded, so a supervisor that keeps dying cannot loop forever.
        int64_t lost = std::count_if(task.attempts.begin(), task.attempts.end(),
                                     [](const TaskAttempt& a) { return LostWithSupervisor(a); });
        int64_t counted = static_cast<int64_t>(task.attempts.size()) - lost;
        bool retry = false;
        if (deleting || last.outcome == AttemptOutcome::kCancelled) {
          retry = false;
        } else if (LostWithSupervisor(last)) {
          retry = lost <= kMaxSupervisorLosses;
        } else {
          retry = ShouldRetry(job.spec, counted, last.exit_code.value_or(1));
        }
        task.state = retry ? TaskState::kPending : TaskState::kFailed;
        break;
      }
    }
  }
  return tasks;
}

JobState DeriveJobState(const LocalJobRow& job, const std::vector<TaskInfo>& tasks) {
  bool any_running = false, all_succeeded = true, all_finished = true;
  for (const TaskInfo& t : tasks) {
    any_running |= t.state == TaskState::kRunning;
    all_succeeded &= t.state == TaskState::kSucceeded;
    all_finished &= t.state == TaskState::kSucceeded || t.state == TaskState::kFailed ||
                    t.state == TaskState::kUnexecuted;
  }
  if (job.state == JobState::kCancelled) return JobState::kCancelled;
  if (job.delete_requested_at) {
    return any_running ? JobState::kDeletionInProgress : JobState::kCancelled;
  }
  if (all_succeeded) return JobState::kSucceeded;
  if (all_finished) return JobState::kFailed;
  if (any_running) return JobState::kRunning;
  // Retries waiting for a slot keep a job that has started RUNNING, as Cloud Batch does.
  bool started = false;
  for (const TaskInfo& t : tasks) started |= !t.attempts.empty();
  return started ? JobState::kRunning : JobState::kQueued;
}

JobStatus DeriveJobStatus(const LocalJobRow& job, const std::vector<LocalAttemptRow>& attempts) {
  JobStatus s;
  s.name = LocalJobName(job.job_id);
  s.uid = job.job_id;
  s.tasks = DeriveTasks(job, attempts);
  s.state = IsTerminal(job.state) ? job.state : DeriveJobState(job, s.tasks);
  if (s.state == JobState::kCancelled) {
    for (TaskInfo& t : s.tasks) {
      if (t.state == TaskState::kPending) t.state = TaskState::kUnexecuted;
    }
  }
  s.labels = job.labels;
  s.provisioning_model =
      std::string(ProvisioningModelMetadataName(job.spec.machine.provisioning_model));
  s.machine_type = job.spec.machine.machine_type;
  s.create_time = job.created_at;
  for (const TaskInfo& t : s.tasks) s.task_counts[std::string(TaskStateName(t.state))]++;
  for (const LocalAttemptRow& a : attempts) {
    s.events.push_back(StatusEvent{"STATUS_CHANGED",
                                   "Task " + std::to_string(a.task_index) + " attempt " +
                                       std::to_string(a.attempt) +
                                       " state is updated from ASSIGNED to RUNNING on local.",
                                   a.started_at, TaskState::kRunning, std::nullopt, a.task_index});
    if (a.outcome == AttemptOutcome::kRunning) continue;
    TaskState to =
        a.outcome == AttemptOutcome::kSucceeded ? TaskState::kSucceeded : TaskState::kFailed;
    s.events.push_back(StatusEvent{"STATUS_CHANGED", EndDescription(a, to), a.ended_at, to,
                                   a.exit_code, a.task_index});
  }
  if (job.delete_requested_at) {
    s.events.push_back(
        StatusEvent{"STATUS_CHANGED", "Job deletion requested: " + job.delete_reason.value_or(""),
                    job.delete_requested_at, std::nullopt, std::nullopt, std::nullopt});
  }
  std::stable_sort(s.events.begin(), s.events.end(), [](const auto& a, const auto& b) {
    return a.event_time.value_or(TimePoint{}) < b.event_time.value_or(TimePoint{});
  });
  return s;
}

}  // namespace formsender::batch
