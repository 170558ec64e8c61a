#include "batch/local_supervisor.h"

#include <poll.h>
#include <signal.h>
#include <sys/eventfd.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <fstream>

#include "batch/local_state.h"
#include "common/crypto.h"

namespace formsender::batch {
namespace {

constexpr std::string_view kTokenEnv = "FORMSENDER_BATCH_ATTEMPT_TOKEN";

std::string HostName() {
  char buf[256] = {};
  if (gethostname(buf, sizeof buf - 1) != 0) return "localhost";
  return buf;
}

std::vector<std::string> DefaultCommand() {
  std::error_code ec;
  std::filesystem::path self = std::filesystem::read_symlink("/proc/self/exe", ec);
  return {ec ? std::string("formsender") : self.string(), "runner"};
}

}  // namespace

LocalBatchBackend::Supervisor::Supervisor(LocalJobStore& store, const Clock& clock,
                                          const LocalBatchOptions& options, LoggerPtr log,
                                          OnChange on_change)
    : store_(store),
      clock_(clock),
      options_(options),
      log_(std::move(log)),
      on_change_(std::move(on_change)),
      command_(options.command.empty() ? DefaultCommand() : options.command),
      rng_(options.preemption_seed.value_or(std::random_device{}())) {
  owner_.id = RandomHexToken(8);
  owner_.host = HostName();
  owner_.pid = getpid();
  owner_.start = ProcessStartTime(getpid()).value_or("");
}

LocalBatchBackend::Supervisor::~Supervisor() { Stop(); }

Status LocalBatchBackend::Supervisor::Start() {
  if (thread_.joinable()) return Status::Conflict("the local batch supervisor is already running");
  wake_fd_ = UniqueFd(eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK));
  if (!wake_fd_.valid()) return Status::Internal(std::string("eventfd: ") + std::strerror(errno));
  std::error_code ec;
  std::filesystem::create_directories(options_.log_dir, ec);
  if (ec) {
    return Status::InvalidArgument("cannot create the task log directory " +
                                   options_.log_dir.string() + ": " + ec.message());
  }
  {
    std::lock_guard lock(mu_);
    stop_requested_ = false;
  }
  thread_ = std::thread([this] { Run(); });
  return Status::Ok();
}

void LocalBatchBackend::Supervisor::Stop() {
  if (!thread_.joinable()) return;
  {
    std::lock_guard lock(mu_);
    stop_requested_ = true;
  }
  Wake();
  thread_.join();
}

void LocalBatchBackend::Supervisor::Wake() {
  {
    std::lock_guard lock(mu_);
    scan_requested_ = true;
  }
  if (wake_fd_.valid()) {
    uint64_t one = 1;
    [[maybe_unused]] ssize_t n = write(wake_fd_.get(), &one, sizeof one);
  }
}

Status LocalBatchBackend::Supervisor::Preempt(const std::string& job_id, int64_t task_index) {
  if (!thread_.joinable()) return Status::NotFound("the local batch supervisor is not running");
  std::future<Status> result;
  {
    std::lock_guard lock(mu_);
    commands_.push_back(Command{job_id, task_index, {}});
    result = commands_.back().done.get_future();
  }
  Wake();
  return result.get();
}

void LocalBatchBackend::Supervisor::Run() {
  for (;;) {
    bool scan_now;
    {
      std::lock_guard lock(mu_);
      if (stop_requested_) break;
      scan_now = scan_requested_;
      scan_requested_ = false;
    }
    auto now = Steady::now();
    if (scan_now || now >= next_scan_) Scan();
    if (now >= next_heartbeat_) {
      if (Status s = store_.Heartbeat(owner_.id); !s.ok()) {
        log_->warn("local batch heartbeat failed: {}", s.ToString());
      }
      next_heartbeat_ = now + options_.heartbeat_interval;
    }
    RunCommands();
    Reap();
    HandleTimers();
    for (auto it = unsaved_.begin(); it != unsaved_.end();) {
      it = store_.FinishAttempt(*it).ok() ? unsaved_.erase(it) : std::next(it);
    }
    Schedule();
    FinishJobs();
    WaitForEvents();
  }
  Shutdown();
}

bool LocalBatchBackend::Supervisor::IsAdoptable(const LocalJobRow& row) const {
  if (!row.owner_id) return true;
  if (*row.owner_id == owner_.id) return true;
  if (row.owner_host && *row.owner_host == owner_.host && row.owner_pid) {
    auto start = ProcessStartTime(static_cast<pid_t>(*row.owner_pid));
    if (!start || *start != row.owner_start.value_or("")) return true;  // the owner is dead
  }
  return !row.heartbeat_at || *row.heartbeat_at + options_.lease_timeout < clock_.Now();
}

void LocalBatchBackend::Supervisor::Scan() {
  next_scan_ = Steady::now() + options_.scan_interval;
  auto rows = store_.ListJobs(/*only_active=*/true);
  if (!rows.ok()) {
    log_->warn("local batch scan failed: {}", rows.status().ToString());
    return;
  }
  for (const LocalJobRow& row : *rows) {
    auto it = jobs_.find(row.job_id);
    if (it != jobs_.end()) {
      if (row.delete_requested_at && !it->second.deleting) {
        it->second.row.delete_requested_at = row.delete_requested_at;
        it->second.row.delete_reason = row.delete_reason;
        StartDelete(it->second);
      }
      continue;
    }
    if (IsAdoptable(row)) Adopt(row);
  }
}

void LocalBatchBackend::Supervisor::Adopt(const LocalJobRow& row) {
  auto claimed = store_.ClaimJob(row.job_id, row.owner_id, owner_);
  if (!claimed.ok() || !*claimed) return;  // another supervisor was faster
  auto attempts = store_.ListAttempts(row.job_id);
  if (!attempts.ok()) {
    log_->warn("cannot load attempts of local job {}: {}", row.job_id,
               attempts.status().ToString());
    (void)store_.Release(owner_.id);
    return;
  }
  Job& job = jobs_[row.job_id];
  job.row = row;
  job.row.owner_id = owner_.id;
  job.attempts = std::move(attempts).value();
  for (const LocalAttemptRow& a : job.attempts) {
    if (a.outcome != AttemptOutcome::kRunning) continue;
    // Its supervisor died: the guard is killing it (or already has); wait for it to be gone.
    job.orphans[a.task_index] = OrphanAttempt{a, Steady::now() + options_.orphan_grace};
  }
  if (row.owner_id) {
    LogFields(*log_, spdlog::level::info, "adopted local batch job",
              {{"job_id", row.job_id},
               {"previous_owner", *row.owner_id},
               {"orphaned_attempts", job.orphans.size()}});
  }
  if (job.row.delete_requested_at) StartDelete(job);
}

void LocalBatchBackend::Supervisor::RunCommands() {
  std::deque<Command> commands;
  {
    std::lock_guard lock(mu_);
    commands.swap(commands_);
  }
  for (Command& c : commands) {
    auto job = jobs_.find(c.job_id);
    auto attempt = job == jobs_.end() ? nullptr : [&]() -> RunningAttempt* {
      auto it = job->second.running.find(c.task_index);
      return it == job->second.running.end() ? nullptr : &it->second;
    }();
    if (!attempt) {
      c.done.set_value(Status::NotFound("task " + std::to_string(c.task_index) + " of job " +
                                        c.job_id + " is not running here"));
    } else if (job->second.row.spec.machine.provisioning_model != ProvisioningModel::kSpot) {
      c.done.set_value(Status::Conflict("job " + c.job_id + " is STANDARD: nothing to preempt"));
    } else {
      BeginKill(*attempt, Intent::kPreempt, options_.preemption_grace);
      c.done.set_value(Status::Ok());
    }
  }
}

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
          FindProcessesWithEnv(std::string(kTokenEnv) + "=" + it->second.row.token);
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
  env[std::string(kTokenEnv)] = token;
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

void LocalBatchBackend::Supervisor::FinishJobs() {
  for (auto it = jobs_.begin(); it != jobs_.end();) {
    Job& job = it->second;
    if (!job.running.empty() || !job.orphans.empty()) {
      ++it;
      continue;
    }
    JobState state = job.deleting ? JobState::kCancelled
                                  : DeriveJobState(job.row, DeriveTasks(job.row, job.attempts));
    if (!IsTerminal(state)) {
      ++it;
      continue;
    }
    if (Status s = store_.SetJobState(job.row.job_id, state, clock_.Now()); !s.ok()) {
      log_->warn("local batch job {}: cannot record its end (will retry): {}", job.row.job_id,
                 s.ToString());
      ++it;
      continue;
    }
    job.row.state = state;
    LogFields(*log_, spdlog::level::info, "local batch job finished",
              {{"job_id", job.row.job_id},
               {"execution_id", job.row.execution_id},
               {"state", JobStateName(state)}});
    Notify(job);
    it = jobs_.erase(it);
  }
}

void LocalBatchBackend::Supervisor::Notify(const Job& job) {
  if (on_change_) on_change_(job.row.job_id, job.row.execution_id);
}

void LocalBatchBackend::Supervisor::WaitForEvents() {
  std::vector<pollfd> fds;
  fds.push_back({wake_fd_.get(), POLLIN, 0});
  bool all_pidfds = true;
  auto next = std::min(next_scan_, next_heartbeat_);
  for (const auto& [id, job] : jobs_) {
    for (const auto& [index, a] : job.running) {
      if (a.process.guard_pidfd.valid()) {
        fds.push_back({a.process.guard_pidfd.get(), POLLIN, 0});
      } else {
        all_pidfds = false;
      }
      for (const auto& t : {a.preempt_at, a.deadline}) {
        if (t && a.intent == Intent::kNone) next = std::min(next, *t);
      }
      if (a.kill_at && !a.kill_sent) next = std::min(next, *a.kill_at);
    }
    // Orphans are looked for in /proc: no descriptor tells when they are gone.
    if (!job.orphans.empty()) next = std::min(next, Steady::now() + std::chrono::milliseconds(100));
    if (job.retry_spawn_after > Steady::now()) next = std::min(next, job.retry_spawn_after);
  }
  if (!unsaved_.empty()) next = std::min(next, Steady::now() + std::chrono::seconds(2));
  auto wait = std::chrono::duration_cast<std::chrono::milliseconds>(next - Steady::now());
  int64_t timeout_ms = std::clamp<int64_t>(wait.count(), 0, all_pidfds ? 60'000 : 100);
  int rc = poll(fds.data(), fds.size(), static_cast<int>(timeout_ms));
  if (rc > 0 && (fds[0].revents & POLLIN)) {
    uint64_t count;
    [[maybe_unused]] ssize_t n = read(wake_fd_.get(), &count, sizeof count);
  }
}

void LocalBatchBackend::Supervisor::Shutdown() {
  for (auto& [id, job] : jobs_) {
    for (auto& [index, a] : job.running) BeginKill(a, Intent::kStop, options_.cancel_grace);
  }
  for (;;) {
    Reap();
    HandleTimers();
    bool any = false;
    for (const auto& [id, job] : jobs_) any |= !job.running.empty();
    if (!any) break;
    WaitForEvents();
  }
  for (const LocalAttemptRow& row : unsaved_) (void)store_.FinishAttempt(row);
  // Orphans of an earlier supervisor stay "running" in the store: the next one waits for them.
  if (Status s = store_.Release(owner_.id); !s.ok()) {
    log_->warn("cannot release local batch jobs: {}", s.ToString());
  }
  jobs_.clear();
}

}  // namespace formsender::batch
