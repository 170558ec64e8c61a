#pragma once
// The body of the dispatcher task a campaign run sends (spec H7, §4.7.1, §6.4 step 8), built
// from the resolved settings: what the reference's WorkflowOrchestrator put on Cloud Tasks.

#include <cstdint>
#include <optional>
#include <string>

#include "common/clock.h"
#include "common/json.h"
#include "settings/resolve.h"

namespace formsender::scheduler {

struct PayloadInputs {
  std::string execution_id;
  int64_t run_index_base = 0;
  std::string client_config_ref;     // the signed URL
  std::string client_config_object;  // gs://… or local://objects/…
  bool test_mode = false;
  bool use_extra = false;  // already false in test mode
  std::optional<std::string> branch;
  std::string workflow_trigger = "automated";
  std::string gas_trigger = "startFormSenderFromTrigger";
  TimePoint now{};
};

// Batch mode adds `batch` (machine, parallelism cap, Spot, TTLs …), `cpu_class: gcp_spot` and
// `execution.parallelism = min(parallelism, batch.max_parallelism)`; serverless mode sends
// `mode: cloud_run`.
Json BuildTaskPayload(const settings::ResolvedTargeting& resolved, const PayloadInputs& in);

}  // namespace formsender::scheduler
