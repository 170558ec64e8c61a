// The monitor's writes: task attempts, preemption counts, terminal states, the monitor-time
// Spot → STANDARD fallback and the once-only terminal hook.
#include <map>
#include <tuple>

#include "batch/monitor.h"
#include "batch/monitor_util.h"
#include "common/time.h"

namespace formsender::batch {

using namespace monitor_internal;

namespace {

bool SameAttempt(const store::JobExecutionAttempt& stored, const TaskAttempt& a) {
  return stored.status == AttemptOutcomeName(a.outcome) && stored.exit_code == a.exit_code &&
         stored.ended_at.has_value() == a.ended_at.has_value();
}

}  // namespace

Status BatchMonitor::RecordAttempts(const store::JobExecution& e, const std::string& job_name,
                                    const JobStatus& status) {
  FS_ASSIGN_OR_RETURN(auto stored, attempts_.ListForExecution(e.execution_id));
  std::map<std::tuple<std::string, int64_t, int64_t>, const store::JobExecutionAttempt*> by_key;
  for (const auto& row : stored) by_key[{row.job_name, row.task_index, row.attempt}] = &row;
  bool changed = false;
  for (const TaskAttempt& a : status.AllAttempts()) {
    auto it = by_key.find({job_name, a.task_index, a.attempt});
    if (it != by_key.end() && SameAttempt(*it->second, a)) continue;
    store::JobExecutionAttempt row;
    row.execution_id = e.execution_id;
    row.job_name = job_name;
    row.task_index = a.task_index;
    row.attempt = a.attempt;
    row.status = std::string(AttemptOutcomeName(a.outcome));
    std::string machine = a.machine_type.empty() ? status.machine_type : a.machine_type;
    if (!machine.empty()) row.machine_type = machine;
    std::string model =
        a.provisioning_model.empty() ? status.provisioning_model : a.provisioning_model;
    if (!model.empty()) row.provisioning_model = model;
    row.preempted = a.preempted();
    row.exit_code = a.exit_code;
    row.started_at = a.started_at;
    row.ended_at = a.ended_at;
    row.metadata = a.details.is_object() ? a.details : Json::object();
    FS_RETURN_IF_ERROR(attempts_.Upsert(row).status());
    changed = true;
  }
  if (!changed) return Status::Ok();

  // Preemptions over every job of the execution (a fallback job keeps the earlier ones).
  FS_ASSIGN_OR_RETURN(stored, attempts_.ListForExecution(e.execution_id));
  int64_t count = 0;
  std::optional<TimePoint> last;
  for (const auto& row : stored) {
    if (!row.preempted) continue;
    ++count;
    TimePoint t = row.ended_at.value_or(row.started_at.value_or(clock_.Now()));
    if (!last || t > *last) last = t;
  }
  std::string_view section = SectionOf(e);
  Json batch = SectionJson(e, section);
  int64_t recorded = batch.value("preemption_count", Json(0)).is_number_integer()
                         ? batch.value("preemption_count", Json(0)).get<int64_t>()
                         : 0;
  if (count > recorded) {
    FS_RETURN_IF_ERROR(executions_.MergeMetadata(
        e.execution_id, SectionPatch(section, {{"preempted", true},
                                               {"preemption_count", count},
                                               {"last_preempted_at", FormatUtcIso(*last)}})));
  }
  return Status::Ok();
}

Status BatchMonitor::RecordTerminal(const store::JobExecution& e, std::string_view status,
                                    std::string_view state, std::string_view reason,
                                    const JobStatus* job, Json extra, TickReport& report) {
  TimePoint now = clock_.Now();
  Json monitor = extra.is_object() ? std::move(extra) : Json::object();
  monitor["state"] = state;
  monitor["reason"] = reason;
  monitor["recorded_at"] = FormatJstIso(now);
  if (job) monitor["events"] = EventsJson(*job);
  FS_RETURN_IF_ERROR(executions_.MergeMetadata(e.execution_id,
                                               SectionPatch(SectionOf(e), {{"monitor", monitor}})));
  // succeeded/failed only replace an active status (a user's cancel stays a cancel, Q-18);
  // cancelled also re-stamps an execution already cancelled.
  std::vector<std::string> guard = ActiveStatuses();
  if (status == store::kExecutionCancelled)
    guard.push_back(std::string(store::kExecutionCancelled));
  FS_ASSIGN_OR_RETURN(bool changed, executions_.UpdateStatus(e.execution_id, status, now, guard));
  if (changed) {
    ++report.finished;
    LogFields(*log_, spdlog::level::info, "batch execution finished",
              {{"execution_id", e.execution_id},
               {"status", status},
               {"state", state},
               {"reason", reason}});
  }
  return Status::Ok();
}

Result<bool> BatchMonitor::TryFallback(const store::JobExecution& e, BatchBackend& backend,
                                       const std::string& job_name, const std::string& reason,
                                       bool delete_old) {
  // Spot → STANDARD exists only for Cloud Batch jobs (and their local stand-in).
  if (SectionOf(e) != kBatchSection) return false;
  Json batch = BatchOf(e);
  Json earlier = batch.value("spot_fallback", Json::object());
  bool applied = earlier.is_object() && Truthy(earlier.value("applied", Json()), false);
  bool allowed = Truthy(batch.value("allow_on_demand", Json()), false) &&
                 Truthy(batch.value("prefer_spot", Json()), true) && !applied &&
                 batch.value("effective_provisioning_model", "spot") == "spot";
  if (!allowed) return false;
  auto next = backend.Resubmit(job_name, ProvisioningModel::kStandard);
  if (!next.ok()) {
    LogFields(*log_, spdlog::level::warn, "Spot fallback failed: the execution fails",
              {{"execution_id", e.execution_id},
               {"job_name", job_name},
               {"error", next.status().ToString()}});
    return false;
  }
  if (delete_old) {
    if (Status s = backend.Delete(job_name, "replaced by an on-demand job");
        !s.ok() && s.code() != StatusCode::kNotFound) {
      log_->warn("could not delete the Spot job {} after the fallback: {}", job_name, s.ToString());
    }
  }
  TimePoint now = clock_.Now();
  Json previous = batch.value("previous_job_names", Json::array());
  if (!previous.is_array()) previous = Json::array();
  previous.push_back(job_name);
  Json patch = {
      {"batch",
       {{"job_name", next->name},
        {"job_id", next->job_id},
        {"backend", backend.backend_name()},
        {"task_group", next->name + "/taskGroups/group0"},
        {"effective_provisioning_model", "standard"},
        {"prefer_spot", false},
        {"allow_on_demand", false},
        {"submitted_at", FormatUtcIso(next->submitted_at)},
        {"previous_job_names", previous},
        {"spot_fallback",
         {{"applied", true},
          {"trigger", "monitor"},
          {"original_job_name", job_name},
          {"reason", ShortReason(reason)},
          {"recorded_at", FormatUtcIso(now)}}},
        {"monitor",
         {{"state", "scheduled"}, {"recorded_at", FormatJstIso(now)}, {"job_state", "QUEUED"}}}}}};
  FS_RETURN_IF_ERROR(executions_.MergeMetadata(e.execution_id, patch));
  LogFields(*log_, spdlog::level::info, "Spot job replaced by an on-demand job",
            {{"execution_id", e.execution_id},
             {"original_job_name", job_name},
             {"job_name", next->name},
             {"reason", ShortReason(reason)}});
  return true;
}

Status BatchMonitor::Finalize(const store::JobExecution& e) {
  FS_ASSIGN_OR_RETURN(store::JobExecution current, executions_.Get(e.execution_id));
  std::string_view section = SectionOf(current);
  if (MonitorOf(SectionJson(current, section)).contains("finalized_at")) return Status::Ok();
  if (hook_) hook_(current);
  return executions_.MergeMetadata(
      e.execution_id,
      SectionPatch(section, {{"monitor", {{"finalized_at", FormatUtcIso(clock_.Now())}}}}));
}

}  // namespace formsender::batch
