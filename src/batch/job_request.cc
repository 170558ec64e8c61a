#include "batch/job_request.h"

#include <algorithm>

#include "common/strings.h"

namespace formsender::batch {

std::string JobExecutionMeta(const TaskRequest& task) {
  // json.dumps({...}) with the default separators (", ", ": ") and this key order.
  std::string json = "{\"run_index_base\": " + std::to_string(task.run_index_base) +
                     ", \"shards\": " + std::to_string(task.shards) +
                     ", \"workers_per_workflow\": " + std::to_string(task.workers_per_workflow) +
                     ", \"test_mode\": " + (task.test_mode ? "true" : "false") + "}";
  return Base64Encode(json);
}

std::map<std::string, std::string> TaskEnvironment(const TaskRequest& task,
                                                   const JobSettings& settings) {
  std::map<std::string, std::string> env = settings.extra_env;
  std::string cpu_class = ToLowerAscii(Trim(task.cpu_class.value_or("")));
  if (cpu_class.empty()) cpu_class = ToLowerAscii(Trim(settings.cpu_class_default));
  if (cpu_class.empty()) cpu_class = "standard";
  std::string table_mode = task.use_extra_table ? "extra" : (task.test_mode ? "test" : "default");
  env["FORM_SENDER_CLIENT_CONFIG_URL"] = task.client_config_ref;
  env["FORM_SENDER_CLIENT_CONFIG_OBJECT"] = task.client_config_object;
  env["FORM_SENDER_CLIENT_CONFIG_PATH"] = settings.client_config_path;
  env["FORM_SENDER_ENV"] = settings.form_sender_env;
  env["FORM_SENDER_LOG_SANITIZE"] = "1";
  env["FORM_SENDER_WORKFLOW_TRIGGER"] = task.workflow_trigger;
  env["FORM_SENDER_TOTAL_SHARDS"] = std::to_string(task.shards);
  env["FORM_SENDER_MAX_WORKERS"] = std::to_string(task.workers_per_workflow);
  env["FORM_SENDER_TARGETING_ID"] = std::to_string(task.targeting_id);
  env["FORM_SENDER_TEST_MODE"] = task.test_mode ? "1" : "0";
  env["COMPANY_TABLE"] = task.company_table;
  env["SEND_QUEUE_TABLE"] = task.send_queue_table;
  env["FORM_SENDER_TABLE_MODE"] = table_mode;
  env["JOB_EXECUTION_ID"] = task.execution_id;
  env["JOB_EXECUTION_META"] = JobExecutionMeta(task);
  env["FORM_SENDER_CPU_CLASS"] = cpu_class;
  if (!settings.dispatcher_base_url.empty()) {
    env["FORM_SENDER_DISPATCHER_BASE_URL"] = settings.dispatcher_base_url;
  }
  if (!settings.dispatcher_audience.empty()) {
    env["FORM_SENDER_DISPATCHER_AUDIENCE"] = settings.dispatcher_audience;
  }
  if (task.submissions_table) env["SUBMISSIONS_TABLE"] = *task.submissions_table;
  if (task.branch) {
    env["FORM_SENDER_GIT_REF"] = *task.branch;
    if (settings.git_token) env["FORM_SENDER_GIT_TOKEN"] = *settings.git_token;
  }
  return env;
}

Result<JobSpec> MakeJobSpec(const TaskRequest& task, const MachinePlan& plan,
                            const JobSettings& settings) {
  JobSpec spec;
  spec.execution_id = task.execution_id;
  spec.targeting_id = task.targeting_id;
  spec.task_count = std::max<int64_t>(1, task.run_total);
  spec.parallelism = EffectiveParallelism(spec.task_count, task.parallelism, task.max_parallelism,
                                          task.instance_count);
  spec.attempts = std::max<int64_t>(1, task.max_attempts.value_or(settings.max_attempts_default));
  spec.machine = plan;
  if (task.instance_count && spec.machine.metadata.is_object()) {
    spec.machine.metadata["instance_count"] = *task.instance_count;
  }
  spec.env = TaskEnvironment(task, settings);
  for (const auto& [name, secret] : settings.secrets) {
    if (Trim(secret).empty()) continue;
    spec.env.erase(name);  // a secret wins over a plain variable of the same name
    spec.secret_env[name] = secret;
  }
  spec.max_run_duration = settings.max_run_duration;
  spec.gcp = settings.gcp;
  FS_RETURN_IF_ERROR(ValidateJobSpec(spec));
  return spec;
}

}  // namespace formsender::batch
