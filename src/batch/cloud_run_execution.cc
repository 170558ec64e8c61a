#include "batch/cloud_run_execution.h"

#include <algorithm>

#include "common/strings.h"
#include "common/time.h"

namespace formsender::batch {
namespace {

int64_t IntAt(const Json& obj, std::string_view key) {
  if (!obj.is_object()) return 0;
  auto it = obj.find(key);
  if (it == obj.end()) return 0;
  if (it->is_number_integer()) return it->get<int64_t>();
  if (it->is_string()) return ParseInt64(it->get<std::string>()).value_or(0);
  return 0;
}

Json Conditions(const Json& obj) {
  if (!obj.is_object()) return Json::array();
  auto it = obj.find("conditions");
  return it != obj.end() && it->is_array() ? *it : Json::array();
}

bool HasReason(const Json& obj, std::string_view reason) {
  for (const Json& c : Conditions(obj)) {
    if (c.is_object() && c.value("executionReason", "") == reason) return true;
  }
  return false;
}

std::optional<Json> CompletedCondition(const Json& obj) {
  for (const Json& c : Conditions(obj)) {
    if (c.is_object() && c.value("type", "") == "Completed") return c;
  }
  return std::nullopt;
}

JobState StateOf(const Json& e) {
  if (e.contains("completionTime")) {
    if (HasReason(e, "CANCELLED")) return JobState::kCancelled;
    if (auto c = CompletedCondition(e)) {
      return c->value("state", "") == "CONDITION_SUCCEEDED" ? JobState::kSucceeded
                                                            : JobState::kFailed;
    }
    // No condition (yet): the counts decide.
    if (IntAt(e, "cancelledCount") > 0) return JobState::kCancelled;
    if (IntAt(e, "failedCount") > 0) return JobState::kFailed;
    return IntAt(e, "succeededCount") >= std::max<int64_t>(1, IntAt(e, "taskCount"))
               ? JobState::kSucceeded
               : JobState::kFailed;
  }
  if (HasReason(e, "CANCELLING")) return JobState::kCancellationInProgress;
  if (e.contains("deleteTime")) return JobState::kDeletionInProgress;
  if (e.contains("startTime") || IntAt(e, "runningCount") > 0 || IntAt(e, "succeededCount") > 0 ||
      IntAt(e, "failedCount") > 0) {
    return JobState::kRunning;
  }
  return JobState::kQueued;
}

std::string ConditionText(const Json& c) {
  std::string text = c.value("type", "condition") + " " + c.value("state", "");
  for (const char* key : {"executionReason", "reason"}) {
    std::string reason = c.value(key, "");
    if (!reason.empty()) text += " (" + reason + ")";
  }
  std::string message = c.value("message", "");
  if (!message.empty()) text += ": " + message;
  return text;
}

}  // namespace

TaskInfo ParseRunTask(const Json& task) {
  TaskInfo t;
  t.index = IntAt(task, "index");
  int64_t retried = std::max<int64_t>(0, IntAt(task, "retried"));
  std::optional<TimePoint> started = TimeAt(task, "startTime");
  std::optional<TimePoint> completed = TimeAt(task, "completionTime");
  for (int64_t a = 0; a < retried; ++a) {
    TaskAttempt earlier;
    earlier.task_index = t.index;
    earlier.attempt = a;
    earlier.outcome = AttemptOutcome::kFailed;
    earlier.details = Json{{"retried", true}};
    t.attempts.push_back(std::move(earlier));
  }
  if (!started && !completed) {
    t.state = TaskState::kPending;
    return t;
  }
  TaskAttempt last;
  last.task_index = t.index;
  last.attempt = retried;
  last.started_at = started;
  last.ended_at = completed;
  if (!completed) {
    last.outcome = AttemptOutcome::kRunning;
    t.state = TaskState::kRunning;
  } else if (HasReason(task, "CANCELLED")) {
    last.outcome = AttemptOutcome::kCancelled;
    t.state = started ? TaskState::kFailed : TaskState::kUnexecuted;
  } else {
    Json result = task.value("lastAttemptResult", Json::object());
    int64_t code =
        result.is_object() && result.contains("exitCode") ? IntAt(result, "exitCode") : 0;
    last.exit_code = code;
    last.outcome = code == 0 ? AttemptOutcome::kSucceeded : AttemptOutcome::kFailed;
    t.state = code == 0 ? TaskState::kSucceeded : TaskState::kFailed;
    if (result.is_object() && result.contains("status") && result["status"].is_object()) {
      std::string message = result["status"].value("message", "");
      if (!message.empty()) last.details["message"] = message;
    }
  }
  std::string log_uri = task.value("logUri", "");
  if (!log_uri.empty()) last.details["log_uri"] = log_uri;
  t.attempts.push_back(std::move(last));
  return t;
}

std::map<std::string, std::string> RunExecutionEnv(const Json& execution) {
  std::map<std::string, std::string> env;
  if (!execution.is_object() || !execution.contains("template")) return env;
  const Json& tmpl = execution["template"];
  if (!tmpl.is_object() || !tmpl.contains("containers") || !tmpl["containers"].is_array() ||
      tmpl["containers"].empty() || !tmpl["containers"][0].is_object()) {
    return env;
  }
  for (const Json& v : tmpl["containers"][0].value("env", Json::array())) {
    if (v.is_object() && v.contains("value") && v["value"].is_string()) {
      env[v.value("name", "")] = v["value"].get<std::string>();
    }
  }
  return env;
}

JobStatus ParseRunExecution(const Json& e, const std::vector<Json>* tasks) {
  JobStatus s;
  s.name = e.value("name", "");
  s.uid = e.value("uid", "");
  s.state = StateOf(e);
  s.create_time = TimeAt(e, "createTime");
  if (e.contains("labels") && e["labels"].is_object()) {
    for (const auto& [k, v] : e["labels"].items()) {
      if (v.is_string()) s.labels[k] = v.get<std::string>();
    }
  }
  for (const Json& c : Conditions(e)) {
    if (!c.is_object()) continue;
    StatusEvent ev;
    ev.type = c.value("type", "");
    ev.description = ConditionText(c);
    ev.event_time = TimeAt(c, "lastTransitionTime");
    s.events.push_back(std::move(ev));
  }
  int64_t task_count = std::max<int64_t>(1, IntAt(e, "taskCount"));
  int64_t running = IntAt(e, "runningCount"), succeeded = IntAt(e, "succeededCount"),
          failed = IntAt(e, "failedCount"), cancelled = IntAt(e, "cancelledCount");
  s.task_counts = {
      {"RUNNING", running},
      {"SUCCEEDED", succeeded},
      {"FAILED", failed},
      {"CANCELLED", cancelled},
      {"PENDING", std::max<int64_t>(0, task_count - running - succeeded - failed - cancelled)}};
  if (tasks) {
    for (const Json& t : *tasks) {
      if (!t.is_object()) continue;
      TaskInfo info = ParseRunTask(t);
      const TaskAttempt* last = info.attempts.empty() ? nullptr : &info.attempts.back();
      if (last && last->outcome == AttemptOutcome::kFailed && last->exit_code) {
        StatusEvent ev;
        ev.type = "TASK_FAILED";
        ev.description = "Task " + std::to_string(info.index) + " failed with exit code " +
                         std::to_string(*last->exit_code);
        ev.event_time = last->ended_at;
        ev.task_state = TaskState::kFailed;
        ev.exit_code = last->exit_code;
        ev.task_index = info.index;
        s.events.push_back(std::move(ev));
      }
      s.tasks.push_back(std::move(info));
    }
    std::sort(s.tasks.begin(), s.tasks.end(),
              [](const TaskInfo& a, const TaskInfo& b) { return a.index < b.index; });
    std::stable_sort(
        s.events.begin(), s.events.end(), [](const StatusEvent& a, const StatusEvent& b) {
          return a.event_time.value_or(TimePoint{}) < b.event_time.value_or(TimePoint{});
        });
  }
  return s;
}

}  // namespace formsender::batch
