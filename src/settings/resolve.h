#pragma once
// The entry point for the scheduler, the dispatcher and `formsender plan`: a targeting's
// effective settings, execution plan and machine, with every warning, from the store and the
// properties.
//
//   settings::Properties props = …;                       // Properties::Load
//   auto resolved = settings::ResolveTargeting(db, props, 42);
//   if (!resolved.ok()) return resolved.status();         // NotFound / InvalidArgument
//   FS_RETURN_IF_ERROR(settings::CheckRunnable(*resolved)); // active, client complete
//   resolved->plan.task_count; resolved->machine.machine_type;
//   settings::ClientConfigText(resolved->targeting, *resolved->client, resolved->settings);

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "common/json.h"
#include "common/status.h"
#include "settings/effective_settings.h"
#include "settings/execution_plan.h"
#include "settings/machine_planner.h"
#include "settings/models.h"
#include "settings/properties.h"
#include "store/database.h"

namespace formsender::settings {

struct ResolvedTargeting {
  Targeting targeting;
  std::optional<Client> client;  // nullopt when the client sheet has no row for client_id
  EffectiveSettings settings;
  ExecutionPlan plan;
  // Batch mode: the planned machine; serverless mode: nullopt.
  std::optional<MachinePlan> machine;
  // Every warning of the settings, the plan and the machine, in that order.
  std::vector<std::string> warnings;
};

// The pure part: settings, plan and machine for rows already loaded.
Result<ResolvedTargeting> ResolveTargetingRows(Targeting targeting, std::optional<Client> client,
                                               const Properties& properties);
// Loads targeting `id` and its client from the store, then ResolveTargetingRows. NotFound when
// the targeting does not exist; a missing client is a warning here and an error in
// CheckRunnable.
Result<ResolvedTargeting> ResolveTargeting(store::Database& db, const Properties& properties,
                                           int64_t targeting_id);

// Whether the campaign may be started: active, its client present. (Required fields were
// checked at import.)
Status CheckRunnable(const ResolvedTargeting& resolved);

// The machine request of a targeting's settings (workers, vCPU, memory, buffer, machine type).
MachineRequest MachineRequestFor(const EffectiveSettings& settings);

// `formsender plan --json`: {"targeting_id", "settings": {name: {"value", "source"}}, "plan":
// {…}, "machine": {…}, "warnings": […]}.
OrderedJson PlanToJson(const ResolvedTargeting& resolved);
// The same for people: settings with their origin, the plan, the machine, the warnings.
std::string PlanToText(const ResolvedTargeting& resolved);

}  // namespace formsender::settings
