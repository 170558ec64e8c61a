#pragma once
// The supervisor thread of LocalBatchBackend (private to it): adopts jobs from the store, runs
// their tasks as guarded child processes, applies retries, preemptions, deadlines and deletes,
// and writes every transition back to the store.

#include <chrono>
#include <deque>
#include <future>
#include <map>
#include <random>

#include "batch/local_backend.h"
#include "batch/process_guard.h"

namespace formsender::batch {

// Every task process (and what it starts) carries "<this>=<attempt token>" in its environment,
// so a later supervisor can find the leftovers of an attempt whose supervisor died.
inline constexpr std::string_view kAttemptTokenEnv = "FORMSENDER_BATCH_ATTEMPT_TOKEN";

class LocalBatchBackend::Supervisor {
 public:
  using OnChange = std::function<void(const std::string& job_id, const std::string& execution_id)>;

  Supervisor(LocalJobStore& store, const Clock& clock, const LocalBatchOptions& options,
             LoggerPtr log, OnChange on_change);
  ~Supervisor();

  Status Start();
  void Stop();
  // Makes the thread read the store now (a job was submitted or a delete requested).
  void Wake();
  Status Preempt(const std::string& job_id, int64_t task_index);
  const LocalOwner& owner() const { return owner_; }

 private:
  using Steady = std::chrono::steady_clock;
  enum class Intent { kNone, kPreempt, kCancel, kMaxRunDuration, kStop };

  struct RunningAttempt {
    LocalAttemptRow row;
    GuardedProcess process;
    std::optional<Steady::time_point> preempt_at;
    std::optional<Steady::time_point> deadline;
    std::optional<Steady::time_point> kill_at;
    bool kill_sent = false;
    Intent intent = Intent::kNone;
  };
  // An attempt of a dead supervisor whose processes may still be alive.
  struct OrphanAttempt {
    LocalAttemptRow row;
    Steady::time_point kill_at;
  };
  struct Job {
    LocalJobRow row;
    std::vector<LocalAttemptRow> attempts;  // mirror of the store's rows
    std::map<int64_t, RunningAttempt> running;
    std::map<int64_t, OrphanAttempt> orphans;
    bool deleting = false;
    Steady::time_point retry_spawn_after{};
  };
  struct Command {
    std::string job_id;
    int64_t task_index = 0;
    std::promise<Status> done;
  };

  void Run();
  void Scan();
  void Adopt(const LocalJobRow& row);
  bool IsAdoptable(const LocalJobRow& row) const;
  void RunCommands();
  void Reap();
  void HandleTimers();
  void Schedule();
  void Spawn(Job& job, int64_t task_index, int64_t attempt);
  void BeginKill(RunningAttempt& a, Intent intent, std::chrono::milliseconds grace);
  void StartDelete(Job& job);
  void Finish(Job& job, LocalAttemptRow row);
  void FinishJobs();
  void Shutdown();
  void WaitForEvents();
  void SaveFinished(const LocalAttemptRow& row);
  std::vector<std::string> TaskEnv(const Job& job, int64_t task_index, int64_t attempt,
                                   const std::string& token) const;
  size_t AliveCount() const;
  void Notify(const Job& job);

  LocalJobStore& store_;
  const Clock& clock_;
  const LocalBatchOptions& options_;
  LoggerPtr log_;
  OnChange on_change_;
  LocalOwner owner_;
  std::vector<std::string> command_;
  std::mt19937_64 rng_;
  UniqueFd wake_fd_;
  std::thread thread_;

  std::mutex mu_;  // guards the fields below, shared with other threads
  bool stop_requested_ = false;
  bool scan_requested_ = true;
  std::deque<Command> commands_;

  // Supervisor thread only.
  std::map<std::string, Job> jobs_;
  std::vector<LocalAttemptRow> unsaved_;  // finished attempts the store refused; retried
  Steady::time_point next_scan_{};
  Steady::time_point next_heartbeat_{};
};

}  // namespace formsender::batch
