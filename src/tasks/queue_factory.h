#pragma once
// Builds the configured task queue and the options to enqueue form-sender tasks on it, from the
// properties (docs/dispatcher.md):
//
//   tasks.backend = local        the store's table; tasks.* settings shape the queue
//   tasks.backend = cloudtasks   FORM_SENDER_TASKS_QUEUE (projects/P/locations/L/queues/Q)
//
//   auto queue = tasks::MakeTaskQueue(props, db, clock, cloud);
//   auto options = tasks::FormSenderEnqueueOptions(props, (*queue)->backend_name());

#include <memory>

#include "common/clock.h"
#include "gcp/google_cloud.h"
#include "settings/properties.h"
#include "store/database.h"
#include "tasks/form_sender_tasks.h"
#include "tasks/task_queue.h"

namespace formsender::tasks {

// The embedded queue's config from tasks.* (defaults: Cloud Tasks' own), validated.
Result<QueueConfig> LocalQueueConfig(const settings::Properties& props);
// Cloud Tasks: the queue of FORM_SENDER_TASKS_QUEUE (a leading '/' removed, as the reference
// does), validated; tasks.dispatch_deadline_seconds is sent with each task.
Result<QueueConfig> CloudTasksQueueConfig(const settings::Properties& props);

// `cloud` is needed for cloudtasks (and must outlive the queue).
Result<std::unique_ptr<TaskQueue>> MakeTaskQueue(const settings::Properties& props,
                                                 store::Database& db, const Clock& clock,
                                                 gcp::GoogleCloud* cloud);

// Where form-sender tasks go and how they authenticate: the dispatcher's tasks URL
// (FORM_SENDER_DISPATCHER_URL, else FORM_SENDER_DISPATCHER_BASE_URL + /v1/form-sender/tasks,
// else, for the local queue, FORMSENDER_PUBLIC_URL + that path); the embedded token for the
// local queue, OIDC for Cloud Tasks (FORM_SENDER_DISPATCHER_SERVICE_ACCOUNT, audience
// FORM_SENDER_DISPATCHER_AUDIENCE or the dispatcher's API base). Errors name what is missing.
Result<EnqueueOptions> FormSenderEnqueueOptions(const settings::Properties& props,
                                                std::string_view backend);

}  // namespace formsender::tasks
