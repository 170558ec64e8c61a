#include "scheduler/dispatcher_stopper.h"

namespace formsender::scheduler {

Result<std::vector<Json>> LiveExecutions(dispatcher::DispatcherClient& client,
                                         std::optional<int64_t> targeting_id) {
  std::vector<Json> out;
  for (const char* status : {"running", "queued"}) {
    FS_ASSIGN_OR_RETURN(Json listed, client.ListExecutions(std::string(status), targeting_id));
    if (!listed.contains("executions") || !listed["executions"].is_array()) {
      return Status::Internal("dispatcher list answered without executions: " + listed.dump());
    }
    for (const Json& e : listed["executions"]) out.push_back(e);
  }
  return out;
}

Result<StopOutcome> DispatcherStopper::Stop(std::optional<int64_t> targeting_id) {
  StopOutcome outcome;
  // Queued tasks first: a task delivered while the running ones are cancelled would start a new
  // execution behind the stop.
  std::vector<int64_t> ids;
  if (targeting_id) {
    ids.push_back(*targeting_id);
  } else {
    FS_ASSIGN_OR_RETURN(ids, targetings_());
  }
  for (int64_t id : ids) {
    FS_ASSIGN_OR_RETURN(Json deleted, client_.DeleteQueuedTasks(id, std::nullopt));
    if (deleted.contains("deleted") && deleted["deleted"].is_array()) {
      outcome.tasks_deleted += static_cast<int64_t>(deleted["deleted"].size());
      for (const Json& name : deleted["deleted"]) {
        if (progress_) progress_("deleted queued task " + name.get<std::string>());
      }
    }
  }
  FS_ASSIGN_OR_RETURN(std::vector<Json> live, LiveExecutions(client_, targeting_id));
  size_t n = 0;
  for (const Json& e : live) {
    ++n;
    std::string id = e.value("execution_id", "");
    Json detail = {{"execution_id", id},
                   {"targeting_id", e.value("targeting_id", Json(nullptr))},
                   {"status", e.value("status", "")},
                   {"execution_mode", e.value("execution_mode", "")}};
    auto cancelled = client_.CancelExecution(id);
    if (cancelled.ok()) {
      ++outcome.stopped;
      detail["cancel_result"] = *cancelled;
    } else {
      ++outcome.failed;
      detail["cancel_result"] = {{"error", cancelled.status().message()}};
    }
    if (progress_) {
      progress_("[" + std::to_string(n) + "/" + std::to_string(live.size()) + "] " + id + ": " +
                (cancelled.ok() ? cancelled->value("status", std::string("cancelled"))
                                : "failed: " + cancelled.status().message()));
    }
    outcome.details.push_back(std::move(detail));
  }
  return outcome;
}

}  // namespace formsender::scheduler
