#include "settings/resolve.h"

#include "common/strings.h"
#include "settings/repositories.h"

namespace formsender::settings {

MachineRequest MachineRequestFor(const EffectiveSettings& s) {
  MachineRequest r;
  r.workers = s.batch_workers_per_workflow.value;
  r.vcpu_per_worker = s.batch_vcpu_per_worker.value;
  r.memory_per_worker_mb = s.batch_memory_per_worker_mb.value;
  r.memory_buffer_mb = s.batch_memory_buffer_mb.value;
  r.machine_type = s.batch_machine_type.value;
  return r;
}

Result<ResolvedTargeting> ResolveTargetingRows(Targeting targeting, std::optional<Client> client,
                                               const Properties& properties) {
  ResolvedTargeting out;
  FS_ASSIGN_OR_RETURN(out.settings, ResolveSettings(targeting, properties));
  out.plan = PlanExecution(out.settings);
  out.warnings = out.settings.warnings;
  out.warnings.insert(out.warnings.end(), out.plan.warnings.begin(), out.plan.warnings.end());
  if (out.plan.mode == ExecutionMode::kBatch) {
    auto machine = PlanMachine(MachineRequestFor(out.settings));
    if (!machine.ok()) {
      return machine.status().WithContext("targeting " + std::to_string(targeting.id));
    }
    out.warnings.insert(out.warnings.end(), machine->warnings.begin(), machine->warnings.end());
    out.machine = std::move(*machine);
  }
  if (!client) {
    out.warnings.push_back("client " + std::to_string(targeting.client_id) +
                           " is not in the client sheet");
  }
  out.targeting = std::move(targeting);
  out.client = std::move(client);
  return out;
}

Result<ResolvedTargeting> ResolveTargeting(store::Database& db, const Properties& properties,
                                           int64_t targeting_id) {
  FS_ASSIGN_OR_RETURN(Targeting targeting, TargetingRepository(db).Get(targeting_id));
  std::optional<Client> client;
  auto c = ClientRepository(db).Get(targeting.client_id);
  if (c.ok()) {
    client = std::move(*c);
  } else if (c.status().code() != StatusCode::kNotFound) {
    return c.status();
  }
  return ResolveTargetingRows(std::move(targeting), std::move(client), properties);
}

Status CheckRunnable(const ResolvedTargeting& r) {
  if (!r.targeting.active) {
    return Status::Conflict("targeting " + std::to_string(r.targeting.id) + " is not active");
  }
  if (!r.client) {
    return Status::NotFound("targeting " + std::to_string(r.targeting.id) + ": client " +
                            std::to_string(r.targeting.client_id) + " is not in the client sheet");
  }
  return Status::Ok();
}

OrderedJson PlanToJson(const ResolvedTargeting& r) {
  const ExecutionPlan& p = r.plan;
  OrderedJson plan = OrderedJson::object();
  plan["mode"] = ExecutionModeName(p.mode);
  plan["dispatcher_mode"] = DispatcherModeName(p.mode);
  plan["mode_reason"] = r.settings.execution_mode_reason;
  plan["task_count"] = p.task_count;
  plan["parallelism"] = p.parallelism;
  plan["instance_count"] = p.instance_count ? OrderedJson(*p.instance_count) : OrderedJson();
  plan["workers_per_workflow"] = p.workers_per_workflow;
  plan["shards"] = p.shards;
  plan["max_attempts"] = p.max_attempts;
  plan["prefer_spot"] = p.prefer_spot;
  plan["allow_on_demand_fallback"] = p.allow_on_demand_fallback;
  plan["signed_url_ttl_hours"] = p.signed_url_ttl_hours;
  plan["signed_url_refresh_threshold_seconds"] = p.signed_url_refresh_threshold_seconds;

  OrderedJson machine = OrderedJson::object();
  auto value_or_null = [&](auto get) {
    return r.machine ? OrderedJson(get(*r.machine)) : OrderedJson();
  };
  machine["machine_type"] = value_or_null([](const MachinePlan& m) { return m.machine_type; });
  machine["cpu_milli"] = value_or_null([](const MachinePlan& m) { return m.cpu_milli; });
  machine["memory_mb"] = value_or_null([](const MachinePlan& m) { return m.memory_mb; });
  machine["memory_warning"] = value_or_null([](const MachinePlan& m) { return m.memory_warning; });
  machine["computed_memory_mb"] =
      value_or_null([](const MachinePlan& m) { return m.computed_memory_mb; });

  OrderedJson out = OrderedJson::object();
  out["targeting_id"] = r.targeting.id;
  out["settings"] = r.settings.ToJson();
  out["plan"] = std::move(plan);
  out["machine"] = std::move(machine);
  out["warnings"] = r.warnings;
  return out;
}

std::string PlanToText(const ResolvedTargeting& r) {
  const ExecutionPlan& p = r.plan;
  std::string out = "targeting " + std::to_string(r.targeting.id);
  if (!r.targeting.description.empty()) out += " (" + r.targeting.description + ")";
  out += r.targeting.active ? ", active" : ", not active";
  out += ", client " + std::to_string(r.targeting.client_id);
  if (r.client) out += " " + r.client->company_name;
  out += "\n\nsettings (value, source):\n";
  for (const auto& line : r.settings.ToLines()) out += "  " + line + "\n";
  out += "\nplan (" + std::string(ExecutionModeName(p.mode)) + "):\n";
  out += "  mode " + std::string(ExecutionModeName(p.mode)) + " (dispatcher mode " +
         std::string(DispatcherModeName(p.mode)) + "): " + r.settings.execution_mode_reason + "\n";
  out +=
      "  tasks " + std::to_string(p.task_count) + ", " + std::to_string(p.parallelism) + " at once";
  if (p.instance_count) out += ", instance count " + std::to_string(*p.instance_count);
  out += "\n  " + std::to_string(p.workers_per_workflow) + " worker(s) per task, " +
         std::to_string(p.shards) + " shards, " + std::to_string(p.max_attempts) +
         " attempt(s) per task\n";
  if (p.mode == ExecutionMode::kBatch) {
    out += std::string("  ") + (p.prefer_spot ? "Spot VMs" : "on-demand VMs") +
           (p.prefer_spot ? (p.allow_on_demand_fallback ? ", on-demand when Spot is out"
                                                        : ", no on-demand fallback")
                          : "") +
           "\n";
  }
  out += "  signed URL valid " + std::to_string(p.signed_url_ttl_hours) +
         " h, refreshed with less than " + std::to_string(p.signed_url_refresh_threshold_seconds) +
         " s left\n";
  if (r.machine) {
    const MachinePlan& m = *r.machine;
    out += "\nmachine:\n  " + m.machine_type + ", task " + std::to_string(m.cpu_milli) +
           " mCPU / " + std::to_string(m.memory_mb) + " MiB";
    if (m.replaced) out += " (requested " + m.requested_machine_type + ")";
    out += m.memory_warning ? ", memory warning\n" : "\n";
  }
  if (!r.warnings.empty()) {
    out += "\nwarnings:\n";
    for (const auto& w : r.warnings) out += "  - " + w + "\n";
  }
  return out;
}

}  // namespace formsender::settings
