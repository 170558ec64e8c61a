#pragma once
// From a dispatcher task (the H7 payload, orchestration §1.3) and a machine plan to a JobSpec:
// the task environment of §4.4 (with JOB_EXECUTION_META byte for byte as the reference wrote
// it), the Supabase secrets of a Batch job, task count, effective parallelism (§4.2.3 step 7)
// and attempts (§4.6 step 2). The dispatcher parses and validates the payload; this only maps.

#include <cstdint>
#include <map>
#include <optional>
#include <string>

#include "batch/job_spec.h"

namespace formsender::batch {

// The fields of a validated task payload that reach the job.
struct TaskRequest {
  std::string execution_id;
  int64_t targeting_id = 0;
  std::string client_config_ref;     // the (freshened) signed URL
  std::string client_config_object;  // gs://bucket/object (or the local object URI)
  // tables
  bool use_extra_table = false;
  std::string company_table = "companies";
  std::string send_queue_table = "send_queue";
  std::optional<std::string> submissions_table;
  // execution
  int64_t run_total = 1;
  int64_t parallelism = 1;
  int64_t run_index_base = 0;
  int64_t shards = 1;
  int64_t workers_per_workflow = 1;
  bool test_mode = false;
  std::optional<std::string> branch;
  std::string workflow_trigger = "automated";
  std::optional<std::string> cpu_class;
  // batch options
  std::optional<int64_t> max_parallelism;
  std::optional<int64_t> instance_count;
  std::optional<int64_t> max_attempts;
};

// The dispatcher's configuration that shapes every job (orchestration §4.1).
struct JobSettings {
  std::string form_sender_env = "gcp_batch";  // FORM_SENDER_ENV of the tasks ("local" locally)
  std::string client_config_path = "/tmp/client_config_default.json";
  std::string cpu_class_default = "standard";  // FORM_SENDER_CPU_CLASS_DEFAULT
  std::string dispatcher_base_url;             // FORM_SENDER_DISPATCHER_BASE_URL
  std::string dispatcher_audience;             // FORM_SENDER_DISPATCHER_AUDIENCE
  int64_t max_attempts_default = 1;            // FORM_SENDER_BATCH_MAX_ATTEMPTS_DEFAULT
  std::optional<std::string> git_token;        // resolved FORM_SENDER_GIT_TOKEN_SECRET
  // Env name → secret (Secret Manager version for Cloud Batch, the value locally):
  // SUPABASE_URL, SUPABASE_SERVICE_ROLE_KEY, SUPABASE_URL_TEST,
  // SUPABASE_SERVICE_ROLE_KEY_TEST — only the configured ones are passed.
  std::map<std::string, std::string> secrets;
  std::map<std::string, std::string> extra_env;  // added to every task (local: data dir, DB URL)
  std::optional<std::chrono::seconds> max_run_duration;
  CloudBatchSettings gcp;
};

// base64 of {"run_index_base": n, "shards": n, "workers_per_workflow": n, "test_mode": b}
// with Python's json.dumps separators, as the reference's runner decodes it.
std::string JobExecutionMeta(const TaskRequest& task);

// The environment of §4.4 for every task of the job.
std::map<std::string, std::string> TaskEnvironment(const TaskRequest& task,
                                                   const JobSettings& settings);

// The whole spec: task_count = max(1, run_total), the effective parallelism, attempts =
// max_attempts or the default (at least 1), the plan, env, secrets and labels.
Result<JobSpec> MakeJobSpec(const TaskRequest& task, const MachinePlan& plan,
                            const JobSettings& settings);

}  // namespace formsender::batch
