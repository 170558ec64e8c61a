#pragma once
// LocalBatchBackend: Cloud Batch on this machine. A job's tasks are child processes (the
// runner, by default `formsender runner`), at most `parallelism` alive per job, each with the
// job's env plus BATCH_TASK_INDEX, BATCH_TASK_COUNT, BATCH_JOB_ID and BATCH_TASK_RETRY_ATTEMPT,
// stdout/stderr captured per attempt under the log directory. Failed attempts are retried per
// the job's policy (maxRetryCount and the retried exit codes), Spot tasks can be preempted on
// purpose (SIGTERM, a grace period, SIGKILL, reported as exit code 50001), and a dead supervisor
// leaves no process behind (see process_guard.h).
//
// All state is in the store (local_store.h): Submit writes a job row, the supervisor thread
// (Start) adopts it, spawns and reaps processes and writes every transition. A supervisor that
// starts after another died adopts its jobs: attempts that died with it are failed with exit
// code 50002 (retried per policy, like a VM Cloud Batch lost) once their processes are gone.
// Submit, Get, Delete and List work from any process; only a process that called Start runs
// tasks.

#include <condition_variable>
#include <filesystem>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "batch/backend.h"
#include "batch/local_store.h"
#include "common/clock.h"
#include "common/env.h"
#include "common/log.h"
#include "store/database.h"

namespace formsender::batch {

struct LocalBatchOptions {
  // The task program and its arguments; empty = {this binary (/proc/self/exe), "runner"}.
  std::vector<std::string> command;
  std::filesystem::path log_dir;      // task output: <log_dir>/<job_id>/task-<i>-attempt-<a>.*
  std::filesystem::path working_dir;  // empty: the supervisor's
  // Simulated Spot preemptions per task-hour (0 = never): each Spot attempt draws an
  // exponentially distributed time to preemption.
  double preemption_rate_per_hour = 0;
  std::optional<uint64_t> preemption_seed;             // for reproducible simulations
  std::chrono::milliseconds preemption_grace{30'000};  // SIGTERM → SIGKILL on preemption
  std::chrono::milliseconds cancel_grace{30'000};      // SIGTERM → SIGKILL on Delete / Stop
  // After the supervisor dies, the guard's SIGTERM → SIGKILL delay: as long as a preemption's,
  // so a runner has its whole drain (runner.shutdown_grace_seconds, 25 s) to finish the forms
  // in flight and give the rest back, instead of being killed mid-submission.
  std::chrono::milliseconds orphan_grace{30'000};
  int max_running_tasks = 0;  // over all jobs; 0 = no limit beyond each job's parallelism
  // Variables of the supervisor's environment passed on (the job's env comes on top); the
  // FORMSENDER_* ones let a local `formsender runner` find the same store and config.
  std::vector<std::string> inherit_env = {"PATH", "HOME", "LANG", "LC_ALL", "TZ", "TMPDIR", "USER",
                                          "FORMSENDER_DATABASE_URL", "FORMSENDER_DATA_DIR",
                                          "FORMSENDER_CONFIG", "FORMSENDER_LOG_LEVEL",
                                          // one time for every process of a run (demo, tests)
                                          "FORMSENDER_CLOCK",
                                          // loopback sample sites (demo, tests)
                                          "FORMSENDER_ALLOW_PRIVATE_TARGETS"};
  std::map<std::string, std::string> extra_env;  // given to every task
  // How often the store is read for new jobs, jobs to adopt and delete requests.
  std::chrono::milliseconds scan_interval{1'000};
  std::chrono::seconds heartbeat_interval{10};
  // A job whose owner stopped heart-beating this long is adopted (a dead owner on this host
  // is noticed at once).
  std::chrono::seconds lease_timeout{60};
};

// Reads `batch.local.*` keys (docs/batch.md) from `config` (e.g. formsender.toml flattened to
// dotted names); unset keys keep their defaults; bad values are errors naming the key.
Result<LocalBatchOptions> LocalBatchOptionsFromConfig(const Environment& config,
                                                      const std::filesystem::path& data_dir);

class LocalBatchBackend final : public BatchBackend {
 public:
  using ChangeListener =
      std::function<void(const std::string& job_name, const std::string& execution_id)>;

  LocalBatchBackend(store::Database& db, const Clock& clock, LocalBatchOptions options,
                    LoggerPtr log = nullptr);
  ~LocalBatchBackend() override;  // Stop()s
  LocalBatchBackend(const LocalBatchBackend&) = delete;
  LocalBatchBackend& operator=(const LocalBatchBackend&) = delete;

  // Starts the supervisor thread of this process: it adopts unowned and orphaned jobs and
  // runs their tasks.
  Status Start();
  // Stops the supervisor: running tasks get SIGTERM, then SIGKILL after cancel_grace, and are
  // recorded as lost (exit 50002) so the next supervisor retries them per policy; its jobs are
  // released for adoption.
  void Stop();

  std::string_view backend_name() const override { return "local"; }
  Result<SubmittedJob> Submit(const JobSpec& spec) override;
  Result<JobStatus> Get(const std::string& job_name) override;
  Status Delete(const std::string& job_name, const std::string& reason) override;
  Result<std::vector<JobSummary>> List(const ListFilter& filter) override;
  Result<SubmittedJob> Resubmit(const std::string& job_name, ProvisioningModel model) override;

  // Simulates a Spot preemption of the running attempt of `task_index` (the test hook of
  // `batch.local.preemption_rate`). kNotFound when the task is not running here; kConflict when
  // the job is STANDARD.
  Status Preempt(const std::string& job_name, int64_t task_index);
  // Blocks until the job is finished (or `timeout` passes: kDeadlineExceeded).
  Result<JobStatus> WaitForJob(const std::string& job_name, std::chrono::milliseconds timeout);
  // Called on the supervisor thread after each change of a job (attempt started or ended, job
  // finished): `serve` uses it to poke the monitor. Set before Start.
  void SetChangeListener(ChangeListener listener);

  const LocalBatchOptions& options() const { return options_; }

 private:
  class Supervisor;
  Result<SubmittedJob> Insert(JobSpec spec, std::map<std::string, std::string> secret_env);

  store::Database& db_;
  const Clock& clock_;
  LocalBatchOptions options_;
  LoggerPtr log_;
  LocalJobStore store_;
  ChangeListener listener_;
  std::unique_ptr<Supervisor> supervisor_;
  std::mutex wait_mu_;
  std::condition_variable wait_cv_;
};

}  // namespace formsender::batch
