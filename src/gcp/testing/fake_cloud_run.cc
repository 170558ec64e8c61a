// The Cloud Run Admin API v2 model of FakeGoogleApis: jobs.run starts an execution with its
// tasks, executions and tasks are listed and read, executions.cancel cancels what has not
// finished, and operations.get answers the RunJob operation. Tests move tasks along with
// StartRunTask / FinishRunTask; the execution's counts and its Completed condition follow, as
// the public REST reference describes them.
#include <algorithm>
#include <cstdio>

#include "common/crypto.h"
#include "common/strings.h"
#include "common/time.h"
#include "gcp/testing/fake_google_apis.h"

namespace formsender::gcp::testing {
namespace {

constexpr std::string_view kExecutionType = "type.googleapis.com/google.cloud.run.v2.Execution";

std::string LastSegment(const std::string& name) { return name.substr(name.rfind('/') + 1); }

std::string LocationOf(const std::string& name) { return name.substr(0, name.find("/jobs/")); }

bool IsFinished(const Json& execution) { return execution.contains("completionTime"); }

Json CompletedCondition(std::string_view state, std::string_view reason, std::string_view message,
                        const std::string& now) {
  Json c = {{"type", "Completed"}, {"state", state}, {"lastTransitionTime", now}};
  if (!reason.empty()) c["executionReason"] = reason;
  if (!message.empty()) c["message"] = message;
  return c;
}

}  // namespace

HttpResponse FakeGoogleApis::EmulateRun(const DiscoveryMatch& m, HttpRequest&, const Json* body) {
  if (m.id == "run.projects.locations.jobs.run")
    return RunJobLocked(m.path_params.at("name"), body);
  if (m.id == "run.projects.locations.jobs.executions.list") {
    std::string prefix = m.path_params.at("parent") + "/executions/";
    Json list = Json::array();
    // Newest first, as the API lists them.
    std::vector<const Json*> found;
    for (const auto& [name, execution] : executions_) {
      if (name.starts_with(prefix)) found.push_back(&execution);
    }
    std::sort(found.begin(), found.end(), [](const Json* a, const Json* b) {
      return a->value("createTime", "") > b->value("createTime", "") ||
             (a->value("createTime", "") == b->value("createTime", "") &&
              a->value("name", "") > b->value("name", ""));
    });
    for (const Json* e : found) list.push_back(*e);
    return HttpResponse::JsonBody(200, Json{{"executions", list}});
  }
  if (m.id == "run.projects.locations.jobs.executions.tasks.list") {
    auto it = run_tasks_.find(m.path_params.at("parent"));
    if (it == run_tasks_.end()) return GoogleErrorResponse(404, "NOT_FOUND", "Execution not found");
    Json list = Json::array();
    for (const Json& t : it->second) list.push_back(t);
    return HttpResponse::JsonBody(200, Json{{"tasks", list}});
  }
  const std::string& name = m.path_params.at("name");
  if (m.id == "run.projects.locations.jobs.executions.get") {
    auto it = executions_.find(name);
    if (it == executions_.end())
      return GoogleErrorResponse(404, "NOT_FOUND", "Execution not found");
    return HttpResponse::JsonBody(200, it->second);
  }
  if (m.id == "run.projects.locations.jobs.executions.cancel") {
    auto it = executions_.find(name);
    if (it == executions_.end())
      return GoogleErrorResponse(404, "NOT_FOUND", "Execution not found");
    if (IsFinished(it->second)) {
      return GoogleErrorResponse(400, "FAILED_PRECONDITION", "Execution has already completed");
    }
    std::string now = NowIso();
    for (Json& task : run_tasks_[name]) {
      if (task.contains("completionTime")) continue;
      task["completionTime"] = now;
      task["conditions"] = Json::array(
          {CompletedCondition("CONDITION_FAILED", "CANCELLED", "Task was cancelled", now)});
    }
    RecomputeExecutionLocked(name);
    return HttpResponse::JsonBody(
        200, OperationForExecutionLocked(LocationOf(name), executions_[name], true));
  }
  if (m.id == "run.projects.locations.operations.get") {
    auto it = operations_.find(name);
    if (it == operations_.end())
      return GoogleErrorResponse(404, "NOT_FOUND", "Operation not found");
    Json op = it->second;
    if (auto anon = anonymous_operations_.find(name); anon != anonymous_operations_.end()) {
      if (anon->second > 0) {
        --anon->second;
        op["metadata"] = Json{{"@type", kExecutionType}};
        return HttpResponse::JsonBody(200, op);
      }
      anonymous_operations_.erase(anon);
    }
    // The operation follows its execution: done when the execution has finished.
    std::string execution = op["metadata"].value("name", "");
    if (auto e = executions_.find(execution); e != executions_.end()) {
      op = OperationForExecutionLocked(LocationOf(execution), e->second, IsFinished(e->second));
      op["name"] = name;
    }
    return HttpResponse::JsonBody(200, op);
  }
  return GoogleErrorResponse(501, "UNIMPLEMENTED", "fake does not emulate " + m.id);
}

HttpResponse FakeGoogleApis::RunJobLocked(const std::string& job_name, const Json* body) {
  Json job = Json{{"taskCount", 1}, {"parallelism", 0}};
  if (!run_jobs_.empty()) {
    auto it = run_jobs_.find(job_name);
    if (it == run_jobs_.end()) {
      return GoogleErrorResponse(404, "NOT_FOUND", "Resource '" + job_name + "' was not found");
    }
    job = it->second;
  }
  Json overrides = body && body->contains("overrides") ? (*body)["overrides"] : Json::object();
  int task_count = overrides.value("taskCount", job.value("taskCount", 1));
  int parallelism = job.value("parallelism", 0);
  if (parallelism <= 0 || parallelism > task_count) parallelism = task_count;
  std::string job_id = LastSegment(job_name);
  char suffix[16];
  std::snprintf(suffix, sizeof(suffix), "%05d", ++execution_counter_);
  std::string execution_name = job_name + "/executions/" + job_id + "-" + suffix;
  Json env = Json::array();
  if (overrides.contains("containerOverrides") && !overrides["containerOverrides"].empty()) {
    env = overrides["containerOverrides"][0].value("env", Json::array());
  }
  std::string now = NowIso();
  Json execution = {{"name", execution_name},
                    {"uid", RandomHexToken(8)},
                    {"job", job_id},
                    {"createTime", now},
                    {"taskCount", task_count},
                    {"parallelism", parallelism},
                    {"template", {{"containers", Json::array({Json{{"env", env}}})}}},
                    {"runningCount", 0},
                    {"succeededCount", 0},
                    {"failedCount", 0},
                    {"cancelledCount", 0},
                    {"retriedCount", 0},
                    {"reconciling", true}};
  if (overrides.contains("timeout")) execution["template"]["timeout"] = overrides["timeout"];
  executions_[execution_name] = execution;
  std::vector<Json>& tasks = run_tasks_[execution_name];
  tasks.clear();
  for (int i = 0; i < task_count; ++i) {
    tasks.push_back(Json{
        {"name", execution_name + "/tasks/" + job_id + "-" + suffix + "-task-" + std::to_string(i)},
        {"job", job_id},
        {"execution", LastSegment(execution_name)},
        {"index", i},
        {"retried", 0},
        {"createTime", now}});
  }
  Json op = OperationForExecutionLocked(LocationOf(job_name), execution, false);
  operations_[op["name"]] = op;
  if (run_operation_name_delay_ > 0) {
    anonymous_operations_[op["name"]] = run_operation_name_delay_ - 1;
    op["metadata"] = Json{{"@type", kExecutionType}};
  }
  return HttpResponse::JsonBody(200, op);
}

Json FakeGoogleApis::OperationForExecutionLocked(const std::string& location, const Json& execution,
                                                 bool done) {
  Json metadata = execution;
  metadata["@type"] = kExecutionType;
  Json op = {
      {"name", location + "/operations/" + NewUuid()}, {"done", done}, {"metadata", metadata}};
  if (done) op["response"] = metadata;
  return op;
}

void FakeGoogleApis::RecomputeExecutionLocked(const std::string& name) {
  Json& e = executions_[name];
  int running = 0, succeeded = 0, failed = 0, cancelled = 0, retried = 0;
  std::string first_start;
  for (const Json& t : run_tasks_[name]) {
    retried += t.value("retried", 0);
    std::string start = t.value("startTime", "");
    if (!start.empty() && (first_start.empty() || start < first_start)) first_start = start;
    if (!t.contains("completionTime")) {
      if (!start.empty()) ++running;
      continue;
    }
    bool was_cancelled = false;
    for (const Json& c : t.value("conditions", Json::array())) {
      was_cancelled |= c.value("executionReason", "") == "CANCELLED";
    }
    if (was_cancelled) {
      ++cancelled;
    } else if (t.contains("lastAttemptResult") &&
               t["lastAttemptResult"].value("exitCode", 0) == 0) {
      ++succeeded;
    } else {
      ++failed;
    }
  }
  e["runningCount"] = running;
  e["succeededCount"] = succeeded;
  e["failedCount"] = failed;
  e["cancelledCount"] = cancelled;
  e["retriedCount"] = retried;
  if (!first_start.empty()) e["startTime"] = first_start;
  int task_count = e.value("taskCount", 1);
  if (succeeded + failed + cancelled < task_count) return;
  std::string now = NowIso();
  e["completionTime"] = now;
  e["reconciling"] = false;
  if (cancelled > 0) {
    e["conditions"] = Json::array(
        {CompletedCondition("CONDITION_FAILED", "CANCELLED", "The execution was cancelled.", now)});
  } else if (failed > 0) {
    e["conditions"] = Json::array(
        {CompletedCondition("CONDITION_FAILED", "NON_ZERO_EXIT_CODE",
                            std::to_string(failed) + " of " + std::to_string(task_count) +
                                " tasks failed: the container exited with a non-zero exit code.",
                            now)});
  } else {
    e["conditions"] = Json::array({CompletedCondition("CONDITION_SUCCEEDED", "", "", now)});
  }
}

// ---------------------------------------------------------------------------- state helpers

void FakeGoogleApis::AddRunJob(const std::string& job_name, int task_count, int parallelism) {
  std::lock_guard lock(mu_);
  run_jobs_[job_name] = Json{{"taskCount", task_count}, {"parallelism", parallelism}};
}

void FakeGoogleApis::SetRunOperationNameDelay(int polls) {
  std::lock_guard lock(mu_);
  run_operation_name_delay_ = polls;
}

std::optional<Json> FakeGoogleApis::Execution(const std::string& name) const {
  std::lock_guard lock(mu_);
  auto it = executions_.find(name);
  if (it == executions_.end()) return std::nullopt;
  return it->second;
}

std::vector<Json> FakeGoogleApis::RunTasks(const std::string& execution_name) const {
  std::lock_guard lock(mu_);
  auto it = run_tasks_.find(execution_name);
  return it == run_tasks_.end() ? std::vector<Json>{} : it->second;
}

bool FakeGoogleApis::StartRunTask(const std::string& execution_name, int index, int retried) {
  std::lock_guard lock(mu_);
  auto it = run_tasks_.find(execution_name);
  if (it == run_tasks_.end() || index < 0 || index >= static_cast<int>(it->second.size()))
    return false;
  Json& task = it->second[index];
  task["startTime"] = NowIso();
  task["retried"] = retried;
  task.erase("completionTime");
  RecomputeExecutionLocked(execution_name);
  return true;
}

bool FakeGoogleApis::FinishRunTask(const std::string& execution_name, int index, int exit_code,
                                   int retried) {
  std::lock_guard lock(mu_);
  auto it = run_tasks_.find(execution_name);
  if (it == run_tasks_.end() || index < 0 || index >= static_cast<int>(it->second.size()))
    return false;
  Json& task = it->second[index];
  std::string now = NowIso();
  if (!task.contains("startTime")) task["startTime"] = now;
  task["completionTime"] = now;
  task["retried"] = retried;
  Json result = {{"exitCode", exit_code}};
  if (exit_code != 0) {
    result["status"] = Json{
        {"code", 2},
        {"message", "Task " + std::to_string(index) + " failed: the container exited with code " +
                        std::to_string(exit_code)}};
  }
  task["lastAttemptResult"] = result;
  RecomputeExecutionLocked(execution_name);
  return true;
}

bool FakeGoogleApis::UpdateExecution(const std::string& name,
                                     const std::function<void(Json&)>& edit) {
  std::lock_guard lock(mu_);
  auto it = executions_.find(name);
  if (it == executions_.end()) return false;
  edit(it->second);
  return true;
}

bool FakeGoogleApis::DeleteExecution(const std::string& name) {
  std::lock_guard lock(mu_);
  run_tasks_.erase(name);
  return executions_.erase(name) > 0;
}

}  // namespace formsender::gcp::testing
