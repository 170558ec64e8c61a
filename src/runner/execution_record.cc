#include "runner/execution_record.h"

#include <unistd.h>

namespace formsender::runner {

std::string_view AttemptStatusFor(StopReason reason, bool failed) {
  if (failed || reason == StopReason::kFailure) return "failed";
  if (reason == StopReason::kSignal) return "cancelled";
  if (reason == StopReason::kPreempted) return "preempted";
  return "succeeded";
}

ExecutionRecorder::ExecutionRecorder(store::Database& db, const Clock& clock,
                                     const RunnerSettings& settings, LoggerPtr log)
    : db_(db), clock_(clock), settings_(settings), log_(std::move(log)), repo_(db, clock) {
  if (settings.run_index) {
    task_key_ = "ri" + std::to_string(*settings.run_index);
  } else if (settings.task.task_index) {
    task_key_ = "t" + std::to_string(*settings.task.task_index);
  } else {
    task_key_ = settings.run_id;
  }
}

Status ExecutionRecorder::Open() {
  if (!settings_.execution_id) return Status::Ok();
  auto row = repo_.Get(*settings_.execution_id);
  if (!row.ok()) {
    if (row.status().code() == StatusCode::kNotFound) {
      LogFields(*log_, spdlog::level::warn,
                "JOB_EXECUTION_ID names no job_executions row: nothing is recorded there",
                {{"execution_id", *settings_.execution_id}});
      return Status::Ok();
    }
    return row.status().WithContext("job_executions " + *settings_.execution_id);
  }
  execution_ = std::move(*row);
  std::string mode = execution_->execution_mode;
  if (execution_->metadata.is_object() && execution_->metadata.contains("execution_mode") &&
      execution_->metadata["execution_mode"].is_string()) {
    mode = execution_->metadata["execution_mode"].get<std::string>();
  }
  batch_mode_ = mode == "batch";
  return Status::Ok();
}

void ExecutionRecorder::Merge(const Json& patch, std::string_view what) {
  if (!execution_) return;
  Status s = repo_.MergeMetadata(execution_->execution_id, patch);
  if (!s.ok()) {
    LogFields(*log_, spdlog::level::warn, "job_executions metadata not written",
              {{"what", what}, {"error", s.message()}});
  }
}

void ExecutionRecorder::AttemptStarted(int workers, int forms_in_flight) {
  if (!execution_) return;
  std::string now = FormatUtcIso(clock_.Now());
  Json batch = {{"last_attempt_started_at", now}};
  if (settings_.task.attempt) batch["batch_attempt"] = *settings_.task.attempt;
  if (settings_.task.task_index) batch["current_task_index"] = *settings_.task.task_index;
  if (settings_.run_index) batch["current_run_index"] = *settings_.run_index;
  char host[256] = {0};
  ::gethostname(host, sizeof host - 1);
  Json task = {{"run_id", settings_.run_id},
               {"state", "running"},
               {"started_at", now},
               {"heartbeat_at", now},
               {"workers", workers},
               {"forms_in_flight", forms_in_flight},
               {"pid", static_cast<int64_t>(::getpid())},
               {"host", host},
               {"environment", RunEnvironmentName(settings_.environment)}};
  if (settings_.task.task_index) task["task_index"] = *settings_.task.task_index;
  if (settings_.task.attempt) task["attempt"] = *settings_.task.attempt;
  if (settings_.run_index) task["run_index"] = *settings_.run_index;
  if (settings_.shard_id) task["shard_id"] = *settings_.shard_id;
  Merge({{"batch", batch}, {"runner", {{"tasks", {{task_key_, task}}}}}}, "attempt start");
}

void ExecutionRecorder::Heartbeat(const WorkerStats& totals, std::string_view state) {
  if (!execution_) return;
  Json task = totals.ToJson();
  task["state"] = state;
  task["heartbeat_at"] = FormatUtcIso(clock_.Now());
  Merge({{"runner", {{"tasks", {{task_key_, task}}}}}}, "heartbeat");
}

void ExecutionRecorder::Preempted() {
  if (!execution_) return;
  int64_t count = 0;
  if (auto row = repo_.Get(execution_->execution_id); row.ok()) {
    const Json& m = row->metadata;
    if (m.is_object() && m.contains("batch") && m["batch"].is_object() &&
        m["batch"].contains("preemption_count") && m["batch"]["preemption_count"].is_number()) {
      count = m["batch"]["preemption_count"].get<int64_t>();
    }
  }
  Merge({{"batch",
          {{"preempted", true},
           {"last_preempted_at", FormatUtcIso(clock_.Now())},
           {"preemption_count", count + 1}}}},
        "preemption");
}

void ExecutionRecorder::Finished(const FinishInfo& info) {
  if (!execution_) return;
  TimePoint now = clock_.Now();
  std::string at = FormatUtcIso(now);
  std::string_view status = AttemptStatusFor(info.reason, info.failed);
  Json batch = {{"last_attempt_finished_at", at}, {"last_attempt_status", status}};
  if (settings_.task.attempt) batch["batch_attempt"] = *settings_.task.attempt;
  if (settings_.run_index) batch["current_run_index"] = *settings_.run_index;
  Json task = info.totals.ToJson();
  task["state"] = "finished";
  task["finished_at"] = at;
  task["heartbeat_at"] = at;
  task["stop_reason"] = StopReasonName(info.reason);
  task["stop_detail"] = info.detail;
  task["status"] = status;
  Json patch = {{"batch", batch}, {"runner", {{"tasks", {{task_key_, task}}}}}};
  switch (info.reason) {
    case StopReason::kBusinessEnd:
    case StopReason::kMaxRuntime:
    case StopReason::kClosedDay:
    case StopReason::kDailyCap:
      patch["auto_stop_reason"] = StopReasonName(info.reason);
      patch["auto_stop_at"] = at;
      if (info.business_end_deadline) {
        patch["business_end_deadline"] = FormatUtcIso(*info.business_end_deadline);
      }
      if (info.max_runtime_deadline) {
        patch["max_runtime_deadline"] = FormatUtcIso(*info.max_runtime_deadline);
      }
      break;
    case StopReason::kQueueEmpty:
      patch["empty_finish"] = true;
      patch["empty_finish_at"] = at;
      break;
    default:
      break;
  }
  Merge(patch, "attempt finish");
  if (batch_mode_) return;  // the batch monitor decides the execution's status
  const std::string& id = execution_->execution_id;
  if (status == "failed") {
    auto r = repo_.UpdateStatus(id, store::kExecutionFailed, now, {"running", "queued"});
    if (!r.ok())
      LogFields(*log_, spdlog::level::warn, "status not written",
                {{"error", r.status().message()}});
    return;
  }
  if (status != "succeeded") return;  // a signal or a preemption does not end the execution
  if (info.reason == StopReason::kMaxRuntime) {
    (void)repo_.UpdateStatus(id, store::kExecutionCancelled, now, {"running", "queued"});
    return;
  }
  // succeeded once every task of the execution has finished (its entry says so).
  auto row = repo_.Get(id);
  if (!row.ok()) return;
  int64_t finished = 0;
  const Json& m = row->metadata;
  if (m.is_object() && m.contains("runner") && m["runner"].is_object() &&
      m["runner"].contains("tasks") && m["runner"]["tasks"].is_object()) {
    for (const auto& [key, t] : m["runner"]["tasks"].items()) {
      (void)key;
      if (t.is_object() && t.value("state", "") == "finished" &&
          t.value("status", "") != "failed") {
        ++finished;
      }
    }
  }
  if (finished >= std::max<int64_t>(1, row->task_count)) {
    (void)repo_.UpdateStatus(id, store::kExecutionSucceeded, now, {"running", "queued"});
  }
}

}  // namespace formsender::runner
