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
