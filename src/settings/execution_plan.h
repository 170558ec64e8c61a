#pragma once
// What one run of a campaign starts (guide §8, spec §6.4 and §4.2.3):
//   task_count  = max(concurrent_workflow, batch_instance_count)   (batch; serverless: the former)
//   parallelism = min(task_count, FORM_SENDER_PARALLELISM_OVERRIDE), bounded by
//                 batch_max_parallelism and raised to the instance count (still within the bound)
// plus workers per task, shards, attempts, Spot preference and fallback, and the signed-URL
// TTL and refresh threshold of the mode.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "settings/effective_settings.h"

namespace formsender::settings {

struct ExecutionPlan {
  ExecutionMode mode = ExecutionMode::kBatch;
  int64_t task_count = 1;
  int64_t parallelism = 1;
  std::optional<int64_t> instance_count;  // batch mode only
  int64_t workers_per_workflow = 1;
  int64_t shards = 8;
  int64_t max_attempts = 1;
  bool prefer_spot = true;
  bool allow_on_demand_fallback = false;
  int64_t signed_url_ttl_hours = 48;
  int64_t signed_url_refresh_threshold_seconds = 21600;
  // The batch payload's max_parallelism as the reference orchestrator sends it:
  // batch_max_parallelism capped to the requested parallelism, raised to the instance count.
  int64_t payload_max_parallelism = 1;
  std::vector<std::string> warnings;
};

ExecutionPlan PlanExecution(const EffectiveSettings& settings);

// The dispatcher's parallelism for a batch job (spec §4.2.3), for callers that start from a
// task payload: `parallelism` bounded by `max_parallelism`, raised to
// min(task_count, instance_count) within that bound, between 1 and `task_count`. An absent
// value does not constrain. PlanExecution uses the same function.
int64_t BatchParallelism(int64_t task_count, int64_t parallelism,
                         std::optional<int64_t> instance_count,
                         std::optional<int64_t> max_parallelism);

}  // namespace formsender::settings
