#pragma once
// The body of POST /v1/form-sender/tasks (spec H7), parsed and checked like the reference's
// pydantic models, with the reference's messages. Unknown keys are dropped (and reported, for
// the log); `batch` present forces batch mode.
//
// Beyond the reference: the client_config_object/ref rules follow the object store in use (the
// embedded store issues local://objects/ refs and http:// URLs on FORMSENDER_PUBLIC_URL),
// workers_per_workflow is at most 16 and batch.instance_count 1–16 (what a task and a machine
// can hold), and an optional `session_max_hours` (0 < h ≤ 24) is kept for the batch monitor.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "common/json.h"
#include "dispatcher/field_errors.h"

namespace formsender::dispatcher {

struct TablesConfig {
  bool use_extra_table = false;
  std::string company_table = "companies";
  std::string send_queue_table = "send_queue";
  std::optional<std::string> submissions_table;
};

struct ExecutionConfig {
  int64_t run_total = 1;
  int64_t parallelism = 1;
  int64_t run_index_base = 0;
  int64_t shards = 1;
  int64_t workers_per_workflow = 1;
};

struct BatchOptions {
  bool enabled = false;
  std::optional<int64_t> max_parallelism;
  std::optional<int64_t> instance_count;
  bool prefer_spot = true;
  bool allow_on_demand_fallback = true;
  std::optional<std::string> machine_type;
  std::optional<int64_t> signed_url_ttl_hours;
  std::optional<int64_t> signed_url_refresh_threshold_seconds;
  std::optional<int64_t> vcpu_per_worker;
  std::optional<int64_t> memory_per_worker_mb;
  std::optional<int64_t> memory_buffer_mb;
  std::optional<int64_t> max_attempts;
  std::optional<bool> memory_warning;
  std::optional<int64_t> computed_memory_mb;
};

struct FormSenderTask {
  std::optional<std::string> execution_id;  // trimmed
  int64_t targeting_id = 0;
  std::string client_config_ref;
  std::string client_config_object;
  TablesConfig tables;
  ExecutionConfig execution;
  bool test_mode = false;
  std::optional<std::string> branch;
  std::string workflow_trigger = "automated";
  std::optional<std::string> triggered_at_jst;
  std::optional<std::string> gas_trigger;
  std::optional<std::string> cpu_class;  // trimmed, lower-cased
  std::string mode = "cloud_run";        // "batch" whenever `batch` is present
  std::optional<BatchOptions> batch;
  std::optional<double> session_max_hours;

  bool batch_mode() const { return mode == "batch"; }
  // The payload as the reference stores it in metadata.task_payload (every field, defaults
  // included), with `execution_id` and the freshened `client_config_ref` given.
  Json ToJson() const;
};

// What the deployment's object store issues, for the ref and object rules.
struct PayloadRules {
  std::string object_ref_prefix = "gs://";
  // An origin ("http://127.0.0.1:8080") whose http:// URLs are accepted as client_config_ref
  // (the embedded store's signed URLs); empty: https only, as in the reference.
  std::string http_origin;
};

struct TaskParse {
  std::optional<FormSenderTask> task;  // set when there are no errors
  std::vector<FieldError> errors;
  std::vector<std::string> unknown_keys;  // dropped, for the log
};

TaskParse ParseFormSenderTask(const Json& body, const PayloadRules& rules);

// POST /v1/form-sender/signed-url/refresh (spec §4.2.4).
struct RefreshRequest {
  std::string client_config_object;
  std::optional<std::string> execution_id;
  std::optional<int64_t> signed_url_ttl_hours;
};
struct RefreshParse {
  std::optional<RefreshRequest> request;
  std::vector<FieldError> errors;
  std::vector<std::string> unknown_keys;
};
RefreshParse ParseRefreshRequest(const Json& body);

}  // namespace formsender::dispatcher
