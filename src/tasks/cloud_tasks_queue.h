#pragma once
// The production task queue: Cloud Tasks REST through the gcp component (tasks.create with an
// HTTP target and httpRequest.oidcToken, tasks.delete, tasks.list). Cloud Tasks mints the ID
// token at each dispatch for the given service account, so retries hours later still
// authenticate (the reference froze a one-hour token into a static header: ).
//
// The queue's retry and rate settings live on the Cloud Tasks queue itself (terraform or
// gcloud); only the dispatch deadline is sent, per task.

#include "gcp/tasks_client.h"
#include "tasks/task_queue.h"

namespace formsender::tasks {

class CloudTasksQueue final : public TaskQueue {
 public:
  // config.name: projects/P/locations/L/queues/Q (validated by Create/Delete/List).
  CloudTasksQueue(gcp::CloudTasksClient& client, const Clock& clock, QueueConfig config);

  std::string_view backend_name() const override { return "cloudtasks"; }
  const QueueConfig& config() const override { return config_; }
  // TaskAuth::kEmbeddedToken is refused: Cloud Tasks can only present OIDC (or no) credentials.
  Result<TaskInfo> Create(const NewTask& task) override;
  Status Delete(std::string_view task_id) override;
  Result<std::vector<TaskInfo>> List(const ListOptions& options) override;

 private:
  gcp::CloudTasksClient& client_;
  const Clock& clock_;
  QueueConfig config_;
};

// A Cloud Tasks Task resource as a TaskInfo.
TaskInfo TaskInfoFromCloudTask(const Json& task);

}  // namespace formsender::tasks
