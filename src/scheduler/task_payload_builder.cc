#include "scheduler/task_payload_builder.h"

#include <algorithm>

#include "common/time.h"

namespace formsender::scheduler {

Json BuildTaskPayload(const settings::ResolvedTargeting& resolved, const PayloadInputs& in) {
  const settings::ExecutionPlan& plan = resolved.plan;
  const settings::EffectiveSettings& s = resolved.settings;
  bool batch = plan.mode == settings::ExecutionMode::kBatch;
  Json tables;
  if (in.test_mode) {
    tables = {{"use_extra_table", false},
              {"company_table", "companies"},
              {"send_queue_table", "send_queue_test"},
              {"submissions_table", "submissions_test"}};
  } else if (in.use_extra) {
    tables = {{"use_extra_table", true},
              {"company_table", "companies_extra"},
              {"send_queue_table", "send_queue_extra"}};
  } else {
    tables = {{"use_extra_table", false},
              {"company_table", "companies"},
              {"send_queue_table", "send_queue"}};
  }
  Json payload = {
      {"execution_id", in.execution_id},
      {"targeting_id", resolved.targeting.id},
      {"client_config_ref", in.client_config_ref},
      {"client_config_object", in.client_config_object},
      {"tables", tables},
      {"execution",
       {{"run_total", plan.task_count},
        {"parallelism", plan.parallelism},
        {"run_index_base", in.run_index_base},
        {"shards", plan.shards},
        {"workers_per_workflow", plan.workers_per_workflow}}},
      {"test_mode", in.test_mode},
      {"branch", in.branch ? Json(*in.branch) : Json(nullptr)},
      {"workflow_trigger", in.workflow_trigger},
      {"metadata", {{"triggered_at_jst", FormatJstIso(in.now)}, {"gas_trigger", in.gas_trigger}}},
      {"mode", batch ? "batch" : "cloud_run"},
      {"session_max_hours", s.session_max_hours.value},
  };
  if (batch) {
    Json b = {{"enabled", true},
              {"max_parallelism", plan.payload_max_parallelism},
              {"prefer_spot", plan.prefer_spot},
              {"allow_on_demand_fallback", plan.allow_on_demand_fallback},
              {"signed_url_ttl_hours", plan.signed_url_ttl_hours},
              {"signed_url_refresh_threshold_seconds", plan.signed_url_refresh_threshold_seconds},
              {"vcpu_per_worker", s.batch_vcpu_per_worker.value},
              {"memory_per_worker_mb", s.batch_memory_per_worker_mb.value},
              {"memory_buffer_mb", s.batch_memory_buffer_mb.value},
              {"max_attempts", plan.max_attempts}};
    if (plan.instance_count) b["instance_count"] = *plan.instance_count;
    if (resolved.machine) {
      b["machine_type"] = resolved.machine->machine_type;
      if (resolved.machine->memory_warning) {
        b["memory_warning"] = true;
        b["computed_memory_mb"] = resolved.machine->computed_memory_mb;
      }
    }
    payload["batch"] = b;
    payload["cpu_class"] = "gcp_spot";
    payload["execution"]["parallelism"] = std::min(plan.parallelism, plan.payload_max_parallelism);
  }
  return payload;
}

}  // namespace formsender::scheduler
