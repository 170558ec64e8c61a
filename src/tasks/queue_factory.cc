#include "tasks/queue_factory.h"

#include <cctype>

#include "common/strings.h"
#include "gcp/tasks_client.h"
#include "settings/dispatcher_address.h"
#include "tasks/cloud_tasks_queue.h"
#include "tasks/store_task_queue.h"

namespace formsender::tasks {
namespace {

Duration Seconds(double s) {
  return std::chrono::duration_cast<Duration>(std::chrono::duration<double>(s));
}

}  // namespace

Result<QueueConfig> LocalQueueConfig(const settings::Properties& p) {
  QueueConfig c;
  if (auto v = p.String("tasks.queue_name")) c.name = *v;
  if (auto v = p.Int("tasks.max_attempts")) c.retry.max_attempts = *v;
  if (auto v = p.Double("tasks.min_backoff_seconds")) c.retry.min_backoff = Seconds(*v);
  if (auto v = p.Double("tasks.max_backoff_seconds")) c.retry.max_backoff = Seconds(*v);
  if (auto v = p.Int("tasks.max_doublings")) c.retry.max_doublings = *v;
  if (auto v = p.Int("tasks.max_retry_duration_seconds")) {
    c.retry.max_retry_duration = std::chrono::seconds(*v);
  }
  if (auto v = p.Double("tasks.max_dispatches_per_second")) {
    c.rate_limits.max_dispatches_per_second = *v;
  }
  if (auto v = p.Int("tasks.max_concurrent_dispatches")) {
    c.rate_limits.max_concurrent_dispatches = *v;
  }
  if (auto v = p.Int("tasks.dispatch_deadline_seconds")) {
    c.dispatch_deadline = std::chrono::seconds(*v);
  }
  if (auto v = p.Int("tasks.dedup_window_seconds")) c.dedup_window = std::chrono::seconds(*v);
  for (char ch : c.name) {
    if (!std::isalnum(static_cast<unsigned char>(ch)) && ch != '-') {
      return Status::InvalidArgument("tasks.queue_name \"" + c.name +
                                     "\" may contain only letters, digits and '-'");
    }
  }
  FS_RETURN_IF_ERROR(ValidateQueueConfig(c).WithContext("tasks.*"));
  return c;
}

Result<QueueConfig> CloudTasksQueueConfig(const settings::Properties& p) {
  QueueConfig c;
  auto queue = p.String("FORM_SENDER_TASKS_QUEUE");
  if (!queue) {
    return Status::InvalidArgument(
        "FORM_SENDER_TASKS_QUEUE is not set (tasks.backend = "
        "cloudtasks needs projects/<p>/locations/<l>/queues/<q>)");
  }
  std::string name = *queue;
  while (name.starts_with("/")) name.erase(0, 1);
  FS_RETURN_IF_ERROR(gcp::ValidateQueueName(name).WithContext("FORM_SENDER_TASKS_QUEUE"));
  c.name = name;
  if (auto v = p.Int("tasks.dispatch_deadline_seconds")) {
    c.dispatch_deadline = std::chrono::seconds(*v);
  }
  return c;
}

Result<std::unique_ptr<TaskQueue>> MakeTaskQueue(const settings::Properties& props,
                                                 store::Database& db, const Clock& clock,
                                                 gcp::GoogleCloud* cloud) {
  std::string backend = props.String("tasks.backend").value_or("local");
  if (backend == "cloudtasks") {
    if (!cloud)
      return Status::InvalidArgument("tasks.backend = cloudtasks needs Google credentials");
    FS_ASSIGN_OR_RETURN(QueueConfig config, CloudTasksQueueConfig(props));
    return std::unique_ptr<TaskQueue>(
        std::make_unique<CloudTasksQueue>(cloud->tasks(), clock, std::move(config)));
  }
  FS_ASSIGN_OR_RETURN(QueueConfig config, LocalQueueConfig(props));
  return std::unique_ptr<TaskQueue>(std::make_unique<StoreTaskQueue>(db, clock, std::move(config)));
}

Result<EnqueueOptions> FormSenderEnqueueOptions(const settings::Properties& props,
                                                std::string_view backend) {
  EnqueueOptions o;
  auto url = settings::DispatcherTasksUrl(props);
  if (url.ok()) {
    o.target_url = *url;
  } else if (backend == "local") {
    std::string base = props.String("objects.public_url").value_or("http://127.0.0.1:8080");
    while (base.ends_with("/")) base.pop_back();
    o.target_url = base + "/v1/form-sender/tasks";
  } else {
    return url.status();
  }
  if (auto deadline = props.Int("tasks.dispatch_deadline_seconds")) {
    o.dispatch_deadline = std::chrono::seconds(*deadline);
  }
  if (backend == "local") {
    o.auth.kind = TaskAuth::Kind::kEmbeddedToken;
    return o;
  }
  auto account = props.String("FORM_SENDER_DISPATCHER_SERVICE_ACCOUNT");
  if (!account) {
    return Status::InvalidArgument(
        "FORM_SENDER_DISPATCHER_SERVICE_ACCOUNT is not set: Cloud Tasks needs the account whose "
        "OIDC token it presents to the dispatcher");
  }
  o.auth.kind = TaskAuth::Kind::kOidc;
  o.auth.service_account_email = *account;
  o.auth.audience = props.String("FORM_SENDER_DISPATCHER_AUDIENCE")
                        .value_or(settings::DispatcherApiBase(o.target_url));
  return o;
}

}  // namespace formsender::tasks
