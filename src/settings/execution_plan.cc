#include "settings/execution_plan.h"

#include <algorithm>

namespace formsender::settings {

int64_t BatchParallelism(int64_t task_count, int64_t parallelism,
                         std::optional<int64_t> instance_count,
                         std::optional<int64_t> max_parallelism) {
  int64_t desired =
      max_parallelism ? std::max<int64_t>(1, std::min(parallelism, *max_parallelism)) : parallelism;
  if (instance_count) {
    desired = std::max(desired, std::min(task_count, *instance_count));
    if (max_parallelism) desired = std::min(desired, *max_parallelism);
  }
  return std::max<int64_t>(1, std::min(task_count, desired));
}

ExecutionPlan PlanExecution(const EffectiveSettings& s) {
  ExecutionPlan plan;
  plan.mode = s.execution_mode.value;
  bool batch = plan.mode == ExecutionMode::kBatch;
  int64_t requested = std::max<int64_t>(1, s.concurrent_workflow.value);
  int64_t instances = s.batch_instance_count.value;
  plan.task_count = batch ? std::max(requested, instances) : requested;
  // FORM_SENDER_PARALLELISM_OVERRIDE only ever lowers the parallelism.
  int64_t parallelism = plan.task_count;
  if (s.parallelism.value) parallelism = std::min(plan.task_count, *s.parallelism.value);
  plan.shards = s.shards.value;
  plan.max_attempts = s.batch_max_attempts.value;
  plan.prefer_spot = s.batch_prefer_spot.value;
  plan.allow_on_demand_fallback = s.batch_allow_on_demand_fallback.value;
  if (!batch) {
    plan.parallelism = std::max<int64_t>(1, parallelism);
    plan.workers_per_workflow = s.workers_per_workflow.value;
    plan.signed_url_ttl_hours = s.signed_url_ttl_hours.value;
    plan.signed_url_refresh_threshold_seconds = s.signed_url_refresh_threshold_seconds.value;
    plan.payload_max_parallelism = plan.parallelism;
    return plan;
  }
  int64_t max_parallelism = s.batch_max_parallelism.value;
  plan.instance_count = instances;
  plan.parallelism = BatchParallelism(plan.task_count, parallelism, instances, max_parallelism);
  plan.payload_max_parallelism = std::max<int64_t>(
      1, std::max(std::min(max_parallelism, parallelism), std::min(max_parallelism, instances)));
  plan.workers_per_workflow = s.batch_workers_per_workflow.value;
  plan.signed_url_ttl_hours = s.batch_signed_url_ttl_hours.value;
  plan.signed_url_refresh_threshold_seconds = s.batch_signed_url_refresh_threshold_seconds.value;
  if (instances > max_parallelism) {
    plan.warnings.push_back("batch_instance_count " + std::to_string(instances) +
                            " is above batch_max_parallelism " + std::to_string(max_parallelism) +
                            ": at most " + std::to_string(max_parallelism) + " tasks run at once");
  }
  if (plan.allow_on_demand_fallback && !plan.prefer_spot) {
    plan.warnings.push_back(
        "batch_allow_on_demand_fallback has no effect: batch_prefer_spot is false, so the "
        "tasks run on on-demand VMs from the start");
  }
  return plan;
}

}  // namespace formsender::settings
