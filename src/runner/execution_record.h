#pragma once
// What a runner task writes into its job_executions row (orchestration §4.9.2–§4.9.4), through
// the store's atomic metadata merge:
//
//   metadata.batch.{batch_attempt, current_task_index, current_run_index,
//                   last_attempt_started_at, last_attempt_finished_at, last_attempt_status,
//                   preempted, last_preempted_at, preemption_count}      (reference keys)
//   metadata.{auto_stop_reason, auto_stop_at, business_end_deadline, max_runtime_deadline,
//             empty_finish, empty_finish_at}                             (reference keys)
//   metadata.runner.tasks.<task key>: {run_id, state, heartbeat_at, counters …}  (formsender's
//             heartbeat, one entry per task, read by the dashboard)
//
// Status: in batch mode the batch monitor owns the execution's status (one task ending never
// ends a multi-task execution, Q-13), so the runner writes none. Otherwise (Cloud Run, direct
// runs) it writes `failed` when it fails, `cancelled` at max_runtime (as the reference), and
// `succeeded` when every task of the execution has finished. A signal or a preemption of one
// task never cancels the execution.

#include <optional>
#include <string>

#include "common/clock.h"
#include "common/json.h"
#include "common/log.h"
#include "runner/progress.h"
#include "runner/run_gate.h"
#include "runner/runner_settings.h"
#include "store/database.h"
#include "store/job_executions.h"

namespace formsender::runner {

struct FinishInfo {
  StopReason reason = StopReason::kNone;
  std::string detail;
  bool failed = false;
  WorkerStats totals;
  std::optional<TimePoint> business_end_deadline;
  std::optional<TimePoint> max_runtime_deadline;
};

// The reference's last_attempt_status for a stop: succeeded, failed, cancelled (a signal) or
// preempted.
std::string_view AttemptStatusFor(StopReason reason, bool failed);

class ExecutionRecorder {
 public:
  ExecutionRecorder(store::Database& db, const Clock& clock, const RunnerSettings& settings,
                    LoggerPtr log);

  // Reads the execution named by JOB_EXECUTION_ID. Without one nothing is ever written; a row
  // that does not exist is a warning (a direct run with a stray id) and nothing is written.
  Status Open();
  bool enabled() const { return execution_.has_value(); }
  bool batch_mode() const { return batch_mode_; }
  // The key of this task under metadata.runner.tasks: "ri<run_index>", else "t<task_index>",
  // else the run id.
  const std::string& task_key() const { return task_key_; }

  void AttemptStarted(int workers, int forms_in_flight);
  void Heartbeat(const WorkerStats& totals, std::string_view state);
  void Preempted();
  void Finished(const FinishInfo& info);

 private:
  void Merge(const Json& patch, std::string_view what);

  store::Database& db_;
  const Clock& clock_;
  const RunnerSettings& settings_;
  LoggerPtr log_;
  store::JobExecutionRepository repo_;
  std::optional<store::JobExecution> execution_;
  bool batch_mode_ = false;
  std::string task_key_;
};

}  // namespace formsender::runner
