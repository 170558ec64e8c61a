#include "tasks/cloud_tasks_queue.h"

#include "common/strings.h"
#include "common/time.h"

namespace formsender::tasks {
namespace {

std::optional<TimePoint> TimeField(const Json& j, std::string_view key) {
  auto it = j.find(key);
  if (it == j.end() || !it->is_string()) return std::nullopt;
  auto t = ParseIsoTimestamp(it->get<std::string>());
  return t.ok() ? std::optional<TimePoint>(*t) : std::nullopt;
}

int64_t IntField(const Json& j, std::string_view key) {
  auto it = j.find(key);
  if (it == j.end()) return 0;
  if (it->is_number_integer()) return it->get<int64_t>();
  if (it->is_string()) return ParseInt64(it->get<std::string>()).value_or(0);
  return 0;
}

}  // namespace

TaskInfo TaskInfoFromCloudTask(const Json& task) {
  TaskInfo t;
  if (!task.is_object()) return t;
  t.name = task.value("name", "");
  t.task_id = t.name.substr(t.name.rfind('/') + 1);
  t.schedule_time = TimeField(task, "scheduleTime").value_or(TimePoint{});
  t.create_time = TimeField(task, "createTime").value_or(TimePoint{});
  t.dispatch_count = IntField(task, "dispatchCount");
  t.response_count = IntField(task, "responseCount");
  if (auto http = task.find("httpRequest"); http != task.end() && http->is_object()) {
    t.url = http->value("url", "");
    t.http_method = http->value("httpMethod", "POST");
  }
  auto attempt_time = [](const Json& task, std::string_view key) -> std::optional<TimePoint> {
    auto a = task.find(key);
    if (a == task.end() || !a->is_object()) return std::nullopt;
    return TimeField(*a, "dispatchTime");
  };
  t.first_attempt_at = attempt_time(task, "firstAttempt");
  t.last_attempt_at = attempt_time(task, "lastAttempt");
  if (auto last = task.find("lastAttempt"); last != task.end() && last->is_object()) {
    if (auto status = last->find("responseStatus"); status != last->end()) {
      if (status->is_object() && status->contains("code") && (*status)["code"].is_number()) {
        t.last_error = "rpc code " + std::to_string((*status)["code"].get<int>()) + ": " +
                       status->value("message", "");
      }
    }
  }
  return t;
}

CloudTasksQueue::CloudTasksQueue(gcp::CloudTasksClient& client, const Clock& clock,
                                 QueueConfig config)
    : client_(client), clock_(clock), config_(std::move(config)) {}

Result<TaskInfo> CloudTasksQueue::Create(const NewTask& task) {
  FS_RETURN_IF_ERROR(ValidateNewTask(task, clock_.Now()));
  if (task.auth.kind == TaskAuth::Kind::kEmbeddedToken) {
    return Status::InvalidArgument(
        "Cloud Tasks cannot send the embedded dispatcher token; use OIDC "
        "(FORM_SENDER_DISPATCHER_SERVICE_ACCOUNT)");
  }
  gcp::HttpTaskSpec spec;
  spec.task_id = task.task_id;
  spec.url = task.url;
  spec.http_method = task.http_method;
  spec.headers = task.headers;
  spec.body = task.body;
  spec.schedule_time = task.schedule_time;
  spec.dispatch_deadline = task.dispatch_deadline.value_or(config_.dispatch_deadline);
  if (task.auth.kind == TaskAuth::Kind::kOidc) {
    spec.headers.erase("Authorization");  // Cloud Tasks refuses both; the token is minted later
    spec.oidc_token = gcp::OidcToken{task.auth.service_account_email, task.auth.audience};
  }
  auto created = client_.CreateTask(config_.name, spec);
  if (!created.ok()) {
    if (created.status().code() == StatusCode::kConflict &&
        created.status().message().find("ALREADY_EXISTS") != std::string::npos) {
      return Status::Conflict("ALREADY_EXISTS: task " + config_.name + "/tasks/" + task.task_id +
                              " already exists: " + created.status().message());
    }
    return created.status();
  }
  return TaskInfoFromCloudTask(*created);
}

Status CloudTasksQueue::Delete(std::string_view task_id) {
  return client_.DeleteTask(config_.name + "/tasks/" + std::string(task_id));
}

Result<std::vector<TaskInfo>> CloudTasksQueue::List(const ListOptions& options) {
  std::vector<TaskInfo> out;
  std::string token;
  do {
    FS_ASSIGN_OR_RETURN(gcp::TaskPage page, client_.ListTasks(config_.name, 1000, token));
    for (const Json& t : page.tasks) {
      TaskInfo info = TaskInfoFromCloudTask(t);
      if (!info.task_id.starts_with(options.task_id_prefix)) continue;
      out.push_back(std::move(info));
      if (static_cast<int64_t>(out.size()) >= options.limit) return out;
    }
    token = page.next_page_token;
  } while (!token.empty());
  return out;
}

}  // namespace formsender::tasks
