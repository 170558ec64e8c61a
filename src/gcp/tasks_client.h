#pragma once
// Cloud Tasks API v2 (cloudtasks.googleapis.com): tasks.create with an HTTP target and an OIDC
// token, and tasks.delete.
//
// A named task (task_id set) is idempotent: Cloud Tasks answers ALREADY_EXISTS (kConflict) to a
// second create, so the tasks component treats that as "already enqueued" (spec H6). An
// unnamed create is never resent after a failure that may have reached the server.

#include <chrono>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/clock.h"
#include "gcp/rest_client.h"

namespace formsender::gcp {

struct OidcToken {
  std::string service_account_email;
  std::string audience;  // empty: Cloud Tasks uses the target URL
};

struct HttpTaskSpec {
  std::string task_id;  // [A-Za-z0-9_-]{1,500}; empty = server-assigned id
  std::string url;      // http:// or https://, at most 2083 characters
  std::string http_method = "POST";
  std::map<std::string, std::string> headers;
  std::string body;  // raw bytes; base64-encoded on the wire (POST/PUT/PATCH only)
  std::optional<OidcToken> oidc_token;
  std::optional<TimePoint> schedule_time;
  // HTTP targets: 15 s … 30 min (Cloud Tasks' default is 10 min).
  std::optional<std::chrono::seconds> dispatch_deadline;
};

// One page of tasks.list.
struct TaskPage {
  std::vector<Json> tasks;      // Task resources (BASIC view: no body)
  std::string next_page_token;  // empty on the last page
};

class CloudTasksClient {
 public:
  explicit CloudTasksClient(RestClient& rest,
                            std::string base_url = "https://cloudtasks.googleapis.com/");

  // POST v2/{queue}/tasks {"task": {...}}; queue = "projects/P/locations/L/queues/Q".
  // Returns the created Task.
  Result<Json> CreateTask(std::string_view queue, const HttpTaskSpec& spec);
  // DELETE v2/{name}; name = ".../queues/Q/tasks/T". A missing task is kNotFound.
  Status DeleteTask(std::string_view name);
  // GET v2/{queue}/tasks: the tasks still in the queue (not yet succeeded or deleted), in any
  // order. `page_size` 1–1000.
  Result<TaskPage> ListTasks(std::string_view queue, int page_size = 1000,
                             std::string_view page_token = "");

 private:
  RestClient& rest_;
  std::string base_url_;
};

// The "task" object of a CreateTaskRequest (exposed for tests and for callers that log it).
Result<Json> BuildHttpTask(std::string_view queue, const HttpTaskSpec& spec);

Status ValidateQueueName(std::string_view queue);
Status ValidateTaskId(std::string_view task_id);

}  // namespace formsender::gcp
