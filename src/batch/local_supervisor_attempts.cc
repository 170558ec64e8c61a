// The attempts of the local supervisor: spawning a task under its guard, reaping it, timers
// (preemption, max run duration, SIGKILL escalation) and recording how each attempt ended.
#include <signal.h>

#include <fstream>

#include "batch/local_state.h"
#include "batch/local_supervisor.h"
#include "common/crypto.h"

namespace formsender::batch {

void LocalBatchBackend::Supervisor::Reap() {
  for (auto& [job_id, job] : jobs_) {
    for (auto it = job.running.begin(); it != job.running.end();) {
      RunningAttempt& a = it->second;
      std::optional<int> code = TryReapGuard(a.process.guard_pid);
      if (!code) {
        ++it;
        continue;
      }
      LocalAttemptRow row = a.row;
      row.ended_at = clock_.Now();
      row.process_exit_code = *code;
      switch (a.intent) {
        case Intent::kPreempt:
          row.outcome = AttemptOutcome::kPreempted;
          row.exit_code = kExitPreempted;
          row.reason = "preempted";
          break;
        case Intent::kCancel:
          row.outcome = AttemptOutcome::kCancelled;
          row.exit_code = *code;
          row.reason = "cancelled";
          break;
        case Intent::kMaxRunDuration:
          row.outcome = AttemptOutcome::kFailed;
          row.exit_code = kExitMaxRunDuration;
          row.reason = "max_run_duration";
          break;
        case Intent::kStop:
          row.outcome = AttemptOutcome::kFailed;
          row.exit_code = kExitVmLost;
          row.reason = "supervisor_stopped";
          break;
        case Intent::kNone:
          row.outcome = *code == 0 ? AttemptOutcome::kSucceeded : AttemptOutcome::kFailed;
          row.exit_code = *code;
          row.reason = "exited";
          break;
      }
      it = job.running.erase(it);
      Finish(job, std::move(row));
    }
    for (auto it = job.orphans.begin(); it != job.orphans.end();) {
      std::vector<pid_t> left =
          FindProcessesWithEnv(std::string(kAttemptTokenEnv) + "=" + it->second.row.token);
      if (!left.empty()) {
        if (Steady::now() >= it->second.kill_at) {
          for (pid_t pid : left) kill(pid, SIGKILL);
        }
        ++it;
        continue;
      }
      LocalAttemptRow row = it->second.row;
      row.outcome = AttemptOutcome::kFailed;
      row.exit_code = kExitVmLost;
      row.reason = "supervisor_lost";
      row.ended_at = clock_.Now();
      it = job.orphans.erase(it);
      Finish(job, std::move(row));
    }
  }
}

void LocalBatchBackend::Supervisor::HandleTimers() {
  auto now = Steady::now();
  for (auto& [job_id, job] : jobs_) {
    for (auto& [index, a] : job.running) {
      if (a.intent == Intent::kNone && a.preempt_at && now >= *a.preempt_at) {
        LogFields(*log_, spdlog::level::info, "simulated Spot preemption",
                  {{"job_id", job_id}, {"task_index", index}, {"attempt", a.row.attempt}});
        BeginKill(a, Intent::kPreempt, options_.preemption_grace);
      }
      if (a.intent == Intent::kNone && a.deadline && now >= *a.deadline) {
        BeginKill(a, Intent::kMaxRunDuration, options_.cancel_grace);
      }
      if (a.kill_at && !a.kill_sent && now >= *a.kill_at) {
        SignalTaskGroup(a.process.task_pid, SIGKILL);
        a.kill_sent = true;
      }
    }
  }
}

void LocalBatchBackend::Supervisor::BeginKill(RunningAttempt& a, Intent intent,
                                              std::chrono::milliseconds grace) {
  if (a.intent == Intent::kNone || intent == Intent::kStop || intent == Intent::kCancel) {
    a.intent = intent;
  }
  SignalTaskGroup(a.process.task_pid, SIGTERM);
  auto kill_at = Steady::now() + grace;
  if (!a.kill_at || kill_at < *a.kill_at) a.kill_at = kill_at;
}

void LocalBatchBackend::Supervisor::StartDelete(Job& job) {
  job.deleting = true;
  for (auto& [index, a] : job.running) BeginKill(a, Intent::kCancel, options_.cancel_grace);
  if (Status s = store_.SetJobState(job.row.job_id, JobState::kDeletionInProgress, std::nullopt);
      !s.ok()) {
    log_->warn("local batch job {}: {}", job.row.job_id, s.ToString());
  }
  job.row.state = JobState::kDeletionInProgress;
  Notify(job);
}

size_t LocalBatchBackend::Supervisor::AliveCount() const {
  size_t n = 0;
  for (const auto& [id, job] : jobs_) n += job.running.size() + job.orphans.size();
  return n;
}

void LocalBatchBackend::Supervisor::Schedule() {
  auto now = Steady::now();
  for (auto& [job_id, job] : jobs_) {
    if (job.deleting || now < job.retry_spawn_after) continue;
    std::vector<TaskInfo> tasks = DeriveTasks(job.row, job.attempts);
    auto limit = static_cast<size_t>(job.row.spec.effective_parallelism());
    for (const TaskInfo& t : tasks) {
      if (job.running.size() + job.orphans.size() >= limit) break;
      if (options_.max_running_tasks > 0 &&
          AliveCount() >= static_cast<size_t>(options_.max_running_tasks)) {
        return;
      }
      if (t.state != TaskState::kPending) continue;
      Spawn(job, t.index, static_cast<int64_t>(t.attempts.size()));
      if (now < job.retry_spawn_after) break;  // the store refused: try later
    }
  }
}

std::vector<std::string> LocalBatchBackend::Supervisor::TaskEnv(const Job& job, int64_t task_index,
                                                                int64_t attempt,
                                                                const std::string& token) const {
  std::map<std::string, std::string> env;
  for (const std::string& name : options_.inherit_env) {
    if (const char* v = getenv(name.c_str())) env[name] = v;
  }
  for (const auto& [k, v] : options_.extra_env) env[k] = v;
  for (const auto& [k, v] : job.row.spec.env) env[k] = v;
  for (const auto& [k, v] : job.row.secret_env) env[k] = v;
  env["BATCH_TASK_INDEX"] = std::to_string(task_index);
  env["BATCH_TASK_COUNT"] = std::to_string(job.row.spec.task_count);
  env["BATCH_JOB_ID"] = job.row.job_id;
  env["BATCH_TASK_RETRY_ATTEMPT"] = std::to_string(attempt);
  env[std::string(kAttemptTokenEnv)] = token;
  std::vector<std::string> out;
  for (const auto& [k, v] : env) out.push_back(k + "=" + v);
  return out;
}

void LocalBatchBackend::Supervisor::Spawn(Job& job, int64_t task_index, int64_t attempt) {
  const JobSpec& spec = job.row.spec;
  std::filesystem::path dir = options_.log_dir / job.row.job_id;
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  std::string stem = "task-" + std::to_string(task_index) + "-attempt-" + std::to_string(attempt);

  LocalAttemptRow row;
  row.job_id = job.row.job_id;
  row.task_index = task_index;
  row.attempt = attempt;
  row.outcome = AttemptOutcome::kRunning;
  row.provisioning_model =
      std::string(ProvisioningModelMetadataName(spec.machine.provisioning_model));
  row.machine_type = spec.machine.machine_type;
  row.token = job.row.job_id + "/" + std::to_string(task_index) + "/" + std::to_string(attempt) +
              "/" + RandomHexToken(8);
  row.stdout_path = (dir / (stem + ".stdout.log")).string();
  row.stderr_path = (dir / (stem + ".stderr.log")).string();
  row.started_at = clock_.Now();
  // The row comes first: if this process dies right after the fork, the next supervisor finds
  // the attempt and, through its token, any process it left.
  if (Status s = store_.InsertAttempt(row); !s.ok()) {
    log_->warn("local batch job {}: cannot record attempt: {}", job.row.job_id, s.ToString());
    job.retry_spawn_after = Steady::now() + std::chrono::seconds(2);
    return;
  }
  job.attempts.push_back(row);
  if (job.row.state == JobState::kQueued) {
    if (store_.SetJobState(job.row.job_id, JobState::kRunning, std::nullopt).ok()) {
      job.row.state = JobState::kRunning;
    }
  }

  GuardedSpawnRequest request;
  request.argv = command_;
  request.env = TaskEnv(job, task_index, attempt, row.token);
  request.stdout_path = row.stdout_path;
  request.stderr_path = row.stderr_path;
  request.working_dir = options_.working_dir.string();
  request.orphan_grace = options_.orphan_grace;
  auto spawned = SpawnGuarded(request);
  if (!spawned.ok()) {
    std::ofstream(row.stderr_path, std::ios::app)
        << "formsender batch: " << spawned.status().message() << "\n";
    bool platform = spawned.status().code() == StatusCode::kUnavailable;
    row.outcome = AttemptOutcome::kFailed;
    row.exit_code = platform ? kExitVmLost : 127;
    row.reason = "spawn_failed: " + spawned.status().message();
    row.ended_at = clock_.Now();
    log_->error("local batch job {} task {}: {}", job.row.job_id, task_index,
                spawned.status().ToString());
    Finish(job, std::move(row));
    return;
  }
  row.guard_pid = spawned->guard_pid;
  row.task_pid = spawned->task_pid;
  (void)store_.SetAttemptProcess(row);
  job.attempts.back() = row;

  RunningAttempt running;
  running.row = row;
  running.process = std::move(spawned).value();
  auto now = Steady::now();
  if (spec.machine.provisioning_model == ProvisioningModel::kSpot &&
      options_.preemption_rate_per_hour > 0) {
    std::exponential_distribution<double> hours(options_.preemption_rate_per_hour);
    running.preempt_at = now + std::chrono::duration_cast<Steady::duration>(
                                   std::chrono::duration<double>(hours(rng_) * 3600.0));
  }
  if (spec.max_run_duration) running.deadline = now + *spec.max_run_duration;
  job.running[task_index] = std::move(running);
  LogFields(*log_, spdlog::level::info, "task attempt started",
            {{"job_id", job.row.job_id},
             {"execution_id", job.row.execution_id},
             {"task_index", task_index},
             {"attempt", attempt},
             {"pid", row.task_pid.value_or(0)}});
  Notify(job);
}

void LocalBatchBackend::Supervisor::Finish(Job& job, LocalAttemptRow row) {
  SaveFinished(row);
  for (LocalAttemptRow& a : job.attempts) {
    if (a.task_index == row.task_index && a.attempt == row.attempt) a = row;
  }
  LogFields(*log_, spdlog::level::info, "task attempt ended",
            {{"job_id", job.row.job_id},
             {"task_index", row.task_index},
             {"attempt", row.attempt},
             {"outcome", AttemptOutcomeName(row.outcome)},
             {"exit_code", row.exit_code ? Json(*row.exit_code) : Json()},
             {"reason", row.reason.value_or("")}});
  Notify(job);
}

void LocalBatchBackend::Supervisor::SaveFinished(const LocalAttemptRow& row) {
  if (Status s = store_.FinishAttempt(row); !s.ok()) {
    log_->warn("local batch job {}: cannot record the end of an attempt (will retry): {}",
               row.job_id, s.ToString());
    unsaved_.push_back(row);
  }
}

}  // namespace formsender::batch
