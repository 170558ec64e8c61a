#pragma once
// The form-sender tasks on the queue: the reference's task id rule (spec H6), the enqueue the
// scheduler's start/trigger call, and finding a campaign's tasks still waiting, to delete them
// when it is stopped (guide §10.3, beyond the reference).
//
//   tasks::EnqueueOptions options{tasks_url, auth};
//   auto r = tasks::EnqueueFormSenderTask(queue, payload, options, clock.Now());
//   if (r.ok() && r->duplicate) …   // ALREADY_EXISTS is success, as in the reference

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/clock.h"
#include "common/json.h"
#include "tasks/task_queue.h"

namespace formsender::tasks {

// fs-{YYYYMMDD}-{targeting_id}-{run_index_base} with every character outside [A-Za-z0-9-]
// replaced by '-'. YYYYMMDD: the first 10 characters of metadata.triggered_at_jst when they
// look like a date (yyyy-mm-dd), else `now`'s JST date. A missing targeting id is "unknown", a
// missing execution.run_index_base 0.
std::string FormSenderTaskId(const Json& payload, TimePoint now);

struct FormSenderTaskName {
  std::string date;       // YYYYMMDD
  std::string targeting;  // as it appears in the id ("12", "a-b", "unknown")
  int64_t run_index = 0;
};
// Reads an id written by FormSenderTaskId; nullopt for any other id.
std::optional<FormSenderTaskName> ParseFormSenderTaskId(std::string_view task_id);

struct EnqueueOptions {
  std::string target_url;         // the dispatcher's POST /v1/form-sender/tasks URL
  TaskAuth auth;                  // embedded token (local queue) or OIDC (Cloud Tasks)
  std::chrono::seconds delay{1};  // scheduleTime = now + delay, as the reference does
  std::optional<std::chrono::seconds> dispatch_deadline;
};

struct EnqueueResult {
  std::string name;  // full task name
  std::string task_id;
  bool duplicate = false;  // a task of this id already exists (ALREADY_EXISTS)
  std::string status;      // "CREATED" or "ALREADY_EXISTS"
  std::string detail;      // the queue's message for a duplicate
  Json ToJson() const;
};

// Creates the task for `payload` (the H7 body, sent as JSON). ALREADY_EXISTS is a success with
// duplicate = true; any other failure is an error.
Result<EnqueueResult> EnqueueFormSenderTask(TaskQueue& queue, const Json& payload,
                                            const EnqueueOptions& options, TimePoint now);

// Deletes the form-sender tasks of `targeting_id` still waiting in the queue (only those of
// `run_index` when given). Returns the names deleted; a task that finished meanwhile is skipped.
Result<std::vector<std::string>> DeleteQueuedFormSenderTasks(TaskQueue& queue, int64_t targeting_id,
                                                             std::optional<int64_t> run_index);

}  // namespace formsender::tasks
