#include "tasks/form_sender_tasks.h"

#include <cctype>

#include "common/strings.h"
#include "common/time.h"

namespace formsender::tasks {
namespace {

bool LooksLikeDate(std::string_view s) {
  if (s.size() < 10) return false;
  for (size_t i = 0; i < 10; ++i) {
    bool digit = std::isdigit(static_cast<unsigned char>(s[i])) != 0;
    if ((i == 4 || i == 7) ? s[i] != '-' : !digit) return false;
  }
  return true;
}

// JavaScript's String(value) for the JSON values a payload may hold.
std::string JsString(const Json& v) {
  if (v.is_string()) return v.get<std::string>();
  if (v.is_number_integer()) return std::to_string(v.get<int64_t>());
  if (v.is_number_float()) {
    double d = v.get<double>();
    if (d == static_cast<double>(static_cast<int64_t>(d))) {
      return std::to_string(static_cast<int64_t>(d));
    }
    return v.dump();
  }
  if (v.is_boolean()) return v.get<bool>() ? "true" : "false";
  return v.dump();
}

}  // namespace

std::string FormSenderTaskId(const Json& payload, TimePoint now) {
  std::string date = JstDateOf(now).ToCompactString();
  std::string targeting = "unknown";
  std::string run_index = "0";
  if (payload.is_object()) {
    if (auto m = payload.find("metadata"); m != payload.end() && m->is_object()) {
      if (auto t = m->find("triggered_at_jst"); t != m->end() && t->is_string()) {
        std::string text = t->get<std::string>();
        if (LooksLikeDate(text)) date = text.substr(0, 4) + text.substr(5, 2) + text.substr(8, 2);
      }
    }
    if (auto t = payload.find("targeting_id"); t != payload.end() && !t->is_null()) {
      targeting = JsString(*t);
    }
    if (auto e = payload.find("execution"); e != payload.end() && e->is_object()) {
      if (auto r = e->find("run_index_base"); r != e->end() && !r->is_null()) {
        run_index = JsString(*r);
      }
    }
  }
  std::string id = "fs-" + date + "-" + targeting + "-" + run_index;
  for (char& c : id) {
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '-') c = '-';
  }
  return id;
}

std::optional<FormSenderTaskName> ParseFormSenderTaskId(std::string_view id) {
  if (!id.starts_with("fs-") || id.size() < 3 + 8 + 1 + 1 + 1 + 1) return std::nullopt;
  std::string_view date = id.substr(3, 8);
  for (char c : date) {
    if (!std::isdigit(static_cast<unsigned char>(c))) return std::nullopt;
  }
  if (id[11] != '-') return std::nullopt;
  std::string_view rest = id.substr(12);
  size_t last = rest.rfind('-');
  if (last == std::string_view::npos || last == 0 || last + 1 == rest.size()) return std::nullopt;
  auto run = ParseInt64(rest.substr(last + 1));
  if (!run.ok() || *run < 0) return std::nullopt;
  return FormSenderTaskName{std::string(date), std::string(rest.substr(0, last)), *run};
}

Json EnqueueResult::ToJson() const {
  Json j = {{"name", name}, {"task_id", task_id}, {"status", status}};
  if (duplicate) {
    j["duplicate"] = true;
    j["detail"] = detail;
  }
  return j;
}

Result<EnqueueResult> EnqueueFormSenderTask(TaskQueue& queue, const Json& payload,
                                            const EnqueueOptions& options, TimePoint now) {
  if (!payload.is_object()) return Status::InvalidArgument("task payload must be a JSON object");
  NewTask task;
  task.task_id = FormSenderTaskId(payload, now);
  task.url = options.target_url;
  task.http_method = "POST";
  task.headers["Content-Type"] = "application/json";
  task.body = DumpJson(payload);
  task.schedule_time = now + options.delay;
  task.dispatch_deadline = options.dispatch_deadline;
  task.auth = options.auth;
  EnqueueResult result;
  result.task_id = task.task_id;
  auto created = queue.Create(task);
  if (created.ok()) {
    result.name = created->name;
    result.status = "CREATED";
    return result;
  }
  if (created.status().code() == StatusCode::kConflict) {
    result.name = queue.config().name + "/tasks/" + task.task_id;
    result.duplicate = true;
    result.status = "ALREADY_EXISTS";
    result.detail = created.status().message();
    return result;
  }
  return created.status().WithContext("enqueue " + task.task_id);
}

Result<std::vector<std::string>> DeleteQueuedFormSenderTasks(TaskQueue& queue, int64_t targeting_id,
                                                             std::optional<int64_t> run_index) {
  ListOptions list;
  list.only_live = true;
  list.task_id_prefix = "fs-";
  list.limit = 100000;
  FS_ASSIGN_OR_RETURN(std::vector<TaskInfo> live, queue.List(list));
  std::vector<std::string> deleted;
  const std::string wanted = std::to_string(targeting_id);
  for (const TaskInfo& t : live) {
    auto parsed = ParseFormSenderTaskId(t.task_id);
    if (!parsed || parsed->targeting != wanted) continue;
    if (run_index && parsed->run_index != *run_index) continue;
    Status s = queue.Delete(t.task_id);
    if (s.ok()) {
      deleted.push_back(t.name);
    } else if (s.code() != StatusCode::kNotFound) {
      return s.WithContext("delete " + t.name);
    }
  }
  return deleted;
}

}  // namespace formsender::tasks
