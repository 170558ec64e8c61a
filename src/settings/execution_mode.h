#pragma once
// Execution-mode resolution (spec §6.5, orchestration-cases B): where a campaign's runner
// tasks go, and why.
//
//   1. a targeting flag explicitly TRUE: use_gcp_batch → batch, else use_serverless →
//      serverless (batch is always considered first);
//   2. otherwise a property, for a flag the row leaves blank: USE_GCP_BATCH → batch, else
//      USE_SERVERLESS_FORM_SENDER → serverless;
//   3. otherwise the reference ran the campaign on GitHub Actions. formsender has no such
//      path: it is an error that says which settings select a mode.
//
// The reference also fell back to GitHub Actions when the dispatcher was not configured. Here,
// when the campaign is dispatched through Cloud Tasks (tasks.backend = "cloudtasks", or
// FORM_SENDER_TASKS_QUEUE set), every dispatcher setting the orchestrator needs must be set
// (FORM_SENDER_TASKS_QUEUE, FORM_SENDER_DISPATCHER_SERVICE_ACCOUNT and FORM_SENDER_DISPATCHER_URL
// or FORM_SENDER_DISPATCHER_BASE_URL): a missing one is an error naming it. With the embedded
// task queue the dispatcher is `formsender serve` itself and always configured.

#include <string>
#include <vector>

#include "common/status.h"
#include "settings/models.h"
#include "settings/properties.h"

namespace formsender::settings {

// Where runner tasks go: Cloud Batch (or local processes, by batch.backend) or Cloud Run
// Jobs. The reference's third mode, GitHub Actions, does not exist here.
enum class ExecutionMode { kBatch, kServerless };
std::string_view ExecutionModeName(ExecutionMode mode);  // "batch" / "serverless"
// The dispatcher payload's `mode` and job_executions.execution_mode: "batch" / "cloud_run".
std::string_view DispatcherModeName(ExecutionMode mode);

struct ModeDecision {
  ExecutionMode mode = ExecutionMode::kBatch;
  bool from_targeting = false;  // else from `property`
  std::string property;         // USE_GCP_BATCH / USE_SERVERLESS_FORM_SENDER
  // One sentence for `formsender plan`: which value decided, and what it overrode.
  std::string reason;
};

// Steps 1–3 above. kInvalidArgument (naming the targeting and the settings) when nothing
// selects a mode.
Result<ModeDecision> ResolveExecutionMode(const Targeting& targeting, const Properties& properties);

// Whether campaigns are dispatched through Cloud Tasks (tasks.backend = "cloudtasks" or
// FORM_SENDER_TASKS_QUEUE set), and then the dispatcher settings that are missing, in the
// reference's order; empty when nothing is missing (or the embedded queue is used).
bool UsesCloudTasksDispatcher(const Properties& properties);
std::vector<std::string> MissingDispatcherSettings(const Properties& properties);
// An error naming the missing dispatcher settings (the reference's silent fall-back to
// GitHub Actions), or OK.
Status CheckDispatcherConfigured(const Properties& properties);

}  // namespace formsender::settings
