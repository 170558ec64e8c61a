#include "batch/cloud_job.h"

#include <algorithm>
#include <regex>

#include "common/strings.h"
#include "common/time.h"

namespace formsender::batch {
namespace {

Json ObjectAt(const Json& obj, std::string_view key) {
  if (!obj.is_object()) return Json::object();
  auto it = obj.find(key);
  return it != obj.end() && it->is_object() ? *it : Json::object();
}

Json ArrayAt(const Json& obj, std::string_view key) {
  if (!obj.is_object()) return Json::array();
  auto it = obj.find(key);
  return it != obj.end() && it->is_array() ? *it : Json::array();
}

std::optional<int64_t> IntValue(const Json& v) {
  if (v.is_number_integer()) return v.get<int64_t>();
  if (v.is_string()) {
    auto n = ParseInt64(v.get<std::string>());
    if (n.ok()) return *n;
  }
  return std::nullopt;
}

StatusEvent ParseEvent(const Json& e) {
  static const std::regex kExitCode("exit code (\\d+)");
  static const std::regex kTaskIndex("task with index (\\d+)|[Tt]ask (\\d+)\\b|/tasks/(\\d+)");
  StatusEvent ev;
  ev.type = e.value("type", "");
  ev.description = e.value("description", "");
  ev.event_time = TimeAt(e, "eventTime");
  if (e.contains("taskState") && e["taskState"].is_string()) {
    ev.task_state = ParseTaskState(e["taskState"].get<std::string>());
  }
  Json execution = ObjectAt(e, "taskExecution");
  if (execution.contains("exitCode")) ev.exit_code = IntValue(execution["exitCode"]);
  std::smatch m;
  if (!ev.exit_code && std::regex_search(ev.description, m, kExitCode)) {
    ev.exit_code = ParseInt64(m[1].str()).value_or(0);
  }
  if (std::regex_search(ev.description, m, kTaskIndex)) {
    for (size_t i = 1; i < m.size(); ++i) {
      if (m[i].matched) ev.task_index = ParseInt64(m[i].str()).value_or(0);
    }
  }
  return ev;
}

std::vector<StatusEvent> ParseEvents(const Json& status) {
  std::vector<StatusEvent> out;
  for (const Json& e : ArrayAt(status, "statusEvents")) {
    if (e.is_object()) out.push_back(ParseEvent(e));
  }
  std::stable_sort(out.begin(), out.end(), [](const StatusEvent& a, const StatusEvent& b) {
    return a.event_time.value_or(TimePoint{}) < b.event_time.value_or(TimePoint{});
  });
  return out;
}

// Whether an event moves a task to `state` (the field, or the description's "to STATE").
bool MovesTo(const StatusEvent& e, TaskState state) {
  if (e.task_state) return *e.task_state == state;
  return e.description.find(" to " + std::string(TaskStateName(state))) != std::string::npos;
}

AttemptOutcome OutcomeOf(int64_t exit_code) {
  if (exit_code == 0) return AttemptOutcome::kSucceeded;
  if (exit_code == kExitPreempted) return AttemptOutcome::kPreempted;
  return AttemptOutcome::kFailed;
}

}  // namespace

Result<Json> BuildCloudBatchJob(const JobSpec& spec, const Json* template_job,
                                ProvisioningModel model) {
  FS_RETURN_IF_ERROR(ValidateJobSpec(spec));
  if (Trim(spec.gcp.container_image).empty()) {
    return Status::InvalidArgument(
        "Cloud Batch job: the container image is not set (FORM_SENDER_BATCH_CONTAINER_IMAGE)");
  }
  Json tmpl = template_job && template_job->is_object() ? *template_job : Json::object();
  Json groups = ArrayAt(tmpl, "taskGroups");
  Json group = !groups.empty() && groups[0].is_object() ? groups[0] : Json::object();
  group.erase("name");  // output only
  Json task_spec = ObjectAt(group, "taskSpec");

  Json runnables = ArrayAt(task_spec, "runnables");
  if (runnables.empty() || !runnables[0].is_object() || !runnables[0].contains("container")) {
    runnables.insert(runnables.begin(), Json{{"container", Json::object()}});
  }
  Json& container = runnables[0]["container"];
  container["imageUri"] = spec.gcp.container_image;
  if (!Trim(spec.gcp.entrypoint).empty()) container["entrypoint"] = spec.gcp.entrypoint;
  task_spec["runnables"] = runnables;

  Json environment = ObjectAt(task_spec, "environment");
  Json variables = ObjectAt(environment, "variables");
  for (const auto& [k, v] : spec.env) variables[k] = v;
  environment["variables"] = variables;
  if (!spec.secret_env.empty()) {
    Json secrets = ObjectAt(environment, "secretVariables");
    for (const auto& [k, v] : spec.secret_env) secrets[k] = v;
    environment["secretVariables"] = secrets;
  }
  task_spec["environment"] = environment;

  Json compute = ObjectAt(task_spec, "computeResource");
  if (spec.machine.cpu_milli > 0) compute["cpuMilli"] = std::to_string(spec.machine.cpu_milli);
  if (spec.machine.memory_mb > 0) compute["memoryMib"] = std::to_string(spec.machine.memory_mb);
  if (!compute.empty()) task_spec["computeResource"] = compute;
  task_spec["maxRetryCount"] = spec.max_retry_count();
  Json codes = Json::array();
  for (int64_t c : spec.retry_exit_codes) codes.push_back(c);
  task_spec["lifecyclePolicies"] =
      Json::array({Json{{"action", "RETRY_TASK"}, {"actionCondition", {{"exitCodes", codes}}}}});
  if (spec.max_run_duration) {
    task_spec["maxRunDuration"] = std::to_string(spec.max_run_duration->count()) + "s";
  }
  group["taskSpec"] = task_spec;
  group["taskCount"] = std::to_string(spec.task_count);
  group["parallelism"] = std::to_string(spec.effective_parallelism());

  Json tmpl_allocation = ObjectAt(tmpl, "allocationPolicy");
  Json tmpl_instances = ArrayAt(tmpl_allocation, "instances");
  Json policy = !tmpl_instances.empty() ? ObjectAt(tmpl_instances[0], "policy") : Json::object();
  if (!Trim(spec.machine.machine_type).empty()) policy["machineType"] = spec.machine.machine_type;
  policy["provisioningModel"] = ProvisioningModelName(model);
  Json allocation = {{"instances", Json::array({Json{{"policy", policy}}})}};
  if (tmpl_allocation.contains("location")) allocation["location"] = tmpl_allocation["location"];
  if (!Trim(spec.gcp.service_account).empty()) {
    allocation["serviceAccount"] = {{"email", spec.gcp.service_account}};
  }
  if (!Trim(spec.gcp.network).empty() && !Trim(spec.gcp.subnetwork).empty()) {
    allocation["network"] = {
        {"networkInterfaces",
         Json::array({Json{{"network", spec.gcp.network},
                           {"subnetwork", spec.gcp.subnetwork},
                           {"noExternalIpAddress", spec.gcp.no_external_ip}}})}};
  }

  Json job = {{"taskGroups", Json::array({group})},
              {"allocationPolicy", allocation},
              {"labels", JobLabels(spec)}};
  if (tmpl.contains("logsPolicy") && tmpl["logsPolicy"].is_object()) {
    job["logsPolicy"] = tmpl["logsPolicy"];
  } else {
    job["logsPolicy"] = {{"destination", "CLOUD_LOGGING"}};
  }
  return job;
}

Json ResubmittableJob(const Json& job, ProvisioningModel model) {
  Json copy = job.is_object() ? job : Json::object();
  for (const char* output : {"name", "uid", "status", "createTime", "updateTime"}) {
    copy.erase(output);
  }
  if (copy.contains("taskGroups") && copy["taskGroups"].is_array()) {
    for (Json& g : copy["taskGroups"]) {
      if (g.is_object()) g.erase("name");
    }
  }
  Json& allocation = copy["allocationPolicy"];
  if (!allocation.is_object()) allocation = Json::object();
  if (!allocation.contains("instances") || !allocation["instances"].is_array() ||
      allocation["instances"].empty()) {
    allocation["instances"] = Json::array({Json{{"policy", Json::object()}}});
  }
  allocation["instances"][0]["policy"]["provisioningModel"] = ProvisioningModelName(model);
  return copy;
}

TaskInfo ParseCloudTask(const Json& task, const std::string& provisioning_model,
                        const std::string& machine_type) {
  TaskInfo t;
  std::string name = task.value("name", "");
  t.index = ParseInt64(name.substr(name.rfind('/') + 1)).value_or(0);
  Json status = ObjectAt(task, "status");
  t.state = ParseTaskState(status.value("state", ""));
  auto new_attempt = [&](std::optional<TimePoint> started) {
    TaskAttempt a;
    a.task_index = t.index;
    a.attempt = static_cast<int64_t>(t.attempts.size());
    a.started_at = started;
    a.provisioning_model = provisioning_model;
    a.machine_type = machine_type;
    t.attempts.push_back(a);
  };
  for (const StatusEvent& e : ParseEvents(status)) {
    bool open = !t.attempts.empty() && t.attempts.back().outcome == AttemptOutcome::kRunning &&
                !t.attempts.back().ended_at;
    if (MovesTo(e, TaskState::kRunning)) {
      if (!open) new_attempt(e.event_time);
      continue;
    }
    bool ends = MovesTo(e, TaskState::kFailed) || MovesTo(e, TaskState::kSucceeded);
    if (!ends) continue;
    if (!open) new_attempt(std::nullopt);  // failed before it ran (e.g. preempted while assigned)
    TaskAttempt& a = t.attempts.back();
    int64_t code = e.exit_code.value_or(MovesTo(e, TaskState::kSucceeded) ? 0 : 50000);
    a.exit_code = code;
    a.outcome = OutcomeOf(code);
    a.ended_at = e.event_time;
    a.details = Json{{"description", e.description}};
  }
  if (t.attempts.empty() && t.state == TaskState::kSucceeded) {
    new_attempt(std::nullopt);
    t.attempts.back().exit_code = 0;
    t.attempts.back().outcome = AttemptOutcome::kSucceeded;
  }
  return t;
}

JobStatus ParseCloudJob(const Json& job, const std::vector<Json>* tasks) {
  JobStatus s;
  s.name = job.value("name", "");
  s.uid = job.value("uid", "");
  Json status = ObjectAt(job, "status");
  s.state = ParseJobState(status.value("state", ""));
  s.events = ParseEvents(status);
  // (The objects are named: iterating items() of a temporary would dangle.)
  Json groups = ObjectAt(status, "taskGroups");
  for (const auto& [group, group_status] : groups.items()) {
    Json counts = ObjectAt(group_status, "counts");
    for (const auto& [state, count] : counts.items()) {
      s.task_counts[state] += IntValue(count).value_or(0);
    }
  }
  Json labels = ObjectAt(job, "labels");
  for (const auto& [k, v] : labels.items()) {
    if (v.is_string()) s.labels[k] = v.get<std::string>();
  }
  s.create_time = TimeAt(job, "createTime");
  Json instances = ArrayAt(ObjectAt(job, "allocationPolicy"), "instances");
  Json policy = !instances.empty() ? ObjectAt(instances[0], "policy") : Json::object();
  s.machine_type = policy.value("machineType", "");
  s.provisioning_model = ToLowerAscii(policy.value("provisioningModel", ""));
  if (s.provisioning_model == "preemptible") s.provisioning_model = "spot";

  if (tasks) {
    for (const Json& task : *tasks) {
      if (task.is_object())
        s.tasks.push_back(ParseCloudTask(task, s.provisioning_model, s.machine_type));
    }
    std::sort(s.tasks.begin(), s.tasks.end(),
              [](const TaskInfo& a, const TaskInfo& b) { return a.index < b.index; });
    return s;
  }
  // Job-level view: the failures the job's events report, one attempt per event.
  std::map<int64_t, TaskInfo> by_index;
  for (const StatusEvent& e : s.events) {
    if (!e.task_index || !e.exit_code || *e.exit_code == 0) continue;
    TaskInfo& t = by_index[*e.task_index];
    t.index = *e.task_index;
    TaskAttempt a;
    a.task_index = t.index;
    a.attempt = static_cast<int64_t>(t.attempts.size());
    a.exit_code = e.exit_code;
    a.outcome = OutcomeOf(*e.exit_code);
    a.ended_at = e.event_time;
    a.provisioning_model = s.provisioning_model;
    a.machine_type = s.machine_type;
    a.details = Json{{"description", e.description}};
    t.attempts.push_back(a);
    // A job that SUCCEEDED ran every task to success, retries included.
    t.state = s.state == JobState::kFailed      ? TaskState::kFailed
              : s.state == JobState::kSucceeded ? TaskState::kSucceeded
                                                : TaskState::kPending;
  }
  for (auto& [index, t] : by_index) s.tasks.push_back(std::move(t));
  return s;
}

}  // namespace formsender::batch
