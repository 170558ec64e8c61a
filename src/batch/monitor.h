#pragma once
// The batch monitor (orchestration §4.11, with fixed): follows every batch
// execution's job — and every Cloud Run Jobs execution (§4.10: the reference had no monitor
// for those) — through its backend and writes what it sees to job_executions (status,
// ended_at, metadata.batch.monitor or metadata.cloud_run.monitor, preemptions) and
// job_execution_attempts (one row per task attempt).
//
// It keeps no state of its own: everything it needs is in those rows, so any process can run
// it (`serve`, or `formsender scheduler tick` from cron) and a new one resumes where a dead one
// stopped. A lease in script_state keeps two monitors from working at the same time.
//
// An execution ends `succeeded` only when every task succeeded, `failed` when a task failed
// for good (or the run timed out), `cancelled` when the job was cancelled or vanished. A run
// that failed only because Spot capacity was lost (preemptions, platform failures, capacity
// events), or that waited too long in the queue for Spot capacity, is resubmitted once as
// STANDARD when the execution allows on-demand fallback (§4.8). The terminal hook runs once
// per execution after its job has finished (the dispatcher deletes the client_config there:
//

#include <chrono>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "batch/backend.h"
#include "common/clock.h"
#include "common/env.h"
#include "common/log.h"
#include "store/database.h"
#include "store/job_execution_attempts.h"
#include "store/job_executions.h"
#include "store/script_state.h"

namespace formsender::batch {

struct MonitorOptions {
  // FORM_SENDER_BATCH_MONITOR_INTERVAL_SECONDS (default 60, at least 30).
  std::chrono::seconds interval{60};
  // A run times out after the execution's session_max_hours plus this margin (queueing,
  // start-up, the runner's own shutdown): FORM_SENDER_BATCH_MONITOR_TIMEOUT_MARGIN_SECONDS.
  std::chrono::seconds timeout_margin{3600};
  // FORM_SENDER_BATCH_MONITOR_TIMEOUT_SECONDS, when set: the timeout is never shorter.
  std::optional<std::chrono::seconds> timeout_floor;
  // session_max_hours when the execution does not say (FORM_SENDER_MAX_RUNTIME_HOURS, else 8).
  double default_session_max_hours = 8.0;
  // A Spot job still QUEUED/SCHEDULED after this long is moved to STANDARD when the execution
  // allows on-demand fallback (no Spot capacity shows as a job that never starts); 0 = never.
  // FORM_SENDER_BATCH_SPOT_QUEUE_TIMEOUT_SECONDS.
  std::chrono::seconds spot_queue_timeout{1800};
  // A running batch execution without a job name this long after it started is looked up by
  // its execution_id label, then failed (the dispatcher died between submit and record).
  std::chrono::seconds missing_job_grace{600};
  // Finished executions started within this window are followed until their job ends.
  std::chrono::hours follow_window{48};
  // The backend of executions whose metadata names none.
  std::string default_backend = "local";
};

// Reads the FORM_SENDER_BATCH_MONITOR_* variables named above; a malformed value is an error
// naming the variable.
Result<MonitorOptions> MonitorOptionsFromEnv(const Environment& env);

class BatchMonitor {
 public:
  // Called once per execution when its job has finished and its status is final, with the
  // execution as stored then. Must be idempotent: after a crash between the hook and its
  // record, the next monitor calls it again.
  using TerminalHook = std::function<void(const store::JobExecution& execution)>;

  BatchMonitor(store::Database& db, const Clock& clock,
               std::map<std::string, BatchBackend*> backends, MonitorOptions options,
               LoggerPtr log = nullptr, TerminalHook hook = {});

  struct TickReport {
    bool lease_held = false;          // false: another monitor is active, nothing was done
    int executions = 0;               // looked at
    int finished = 0;                 // reached their final status in this pass
    std::vector<std::string> errors;  // per-execution problems (the pass went on)
  };
  // One pass over every execution to follow.
  Result<TickReport> Tick();
  // One execution only (the local backend's change notifications).
  Result<TickReport> TickExecution(const std::string& execution_id);
  // Gives the lease up so another monitor can start at once.
  void ReleaseLease();

  const MonitorOptions& options() const { return options_; }
  // The lease key in script_state.
  static constexpr std::string_view kLeaseKey = "batch_monitor.lease";

 private:
  Result<bool> AcquireLease();
  // Batch executions, and Cloud Run executions when a "cloud_run" backend is configured.
  bool Follows(const store::JobExecution& e);
  Status Process(const store::JobExecution& e, TickReport& report);
  Status ProcessWithoutJobName(const store::JobExecution& e, const Json& batch);
  Status RecordAttempts(const store::JobExecution& e, const std::string& job_name,
                        const JobStatus& status);
  Status RecordTerminal(const store::JobExecution& e, std::string_view status,
                        std::string_view state, std::string_view reason, const JobStatus* job,
                        Json extra, TickReport& report);
  Result<bool> TryFallback(const store::JobExecution& e, BatchBackend& backend,
                           const std::string& job_name, const std::string& reason, bool delete_old);
  Status Finalize(const store::JobExecution& e);
  TimePoint Deadline(const store::JobExecution& e) const;
  // The backend of an execution: metadata.<section>.backend, else the job name's form, else
  // the default ("cloud_run" for Cloud Run executions).
  BatchBackend* BackendFor(std::string_view section, const Json& section_json);

  store::Database& db_;
  const Clock& clock_;
  std::map<std::string, BatchBackend*> backends_;
  MonitorOptions options_;
  LoggerPtr log_;
  TerminalHook hook_;
  store::JobExecutionRepository executions_;
  store::JobExecutionAttemptRepository attempts_;
  store::ScriptStateRepository state_;
  std::string owner_id_;
};

}  // namespace formsender::batch
