#include "settings/machine_planner.h"

#include <algorithm>

#include "settings/machine_types.h"

namespace formsender::settings {
namespace {

// The reference's advisory (dispatcher _calculate_resources): 4+ workers below 8 GiB.
constexpr int64_t kAdvisoryWorkers = 4;
constexpr int64_t kRecommendedMemoryMb = 8192;

int64_t RoundUp256(int64_t mb) { return (mb + 255) / 256 * 256; }

}  // namespace

Result<MachinePlan> PlanMachine(const MachineRequest& r) {
  if (r.workers < 1 || r.vcpu_per_worker < 1 || r.memory_per_worker_mb < 1 ||
      r.memory_buffer_mb < 0) {
    return Status::InvalidArgument(
        "machine request needs workers, vCPU and memory per worker ≥ 1 "
        "and a buffer ≥ 0");
  }
  FS_ASSIGN_OR_RETURN(MachineShape requested, ParseMachineType(r.machine_type));
  MachinePlan plan;
  plan.requested_machine_type = requested.name;
  plan.cpu_milli = r.workers * r.vcpu_per_worker * 1000;
  plan.computed_memory_mb =
      RoundUp256(std::max<int64_t>(1024, r.workers * r.memory_per_worker_mb + r.memory_buffer_mb));
  plan.memory_mb = plan.computed_memory_mb;
  std::string need = std::to_string(r.workers) + " worker(s) need " +
                     std::to_string(plan.cpu_milli / 1000) + " vCPU and " +
                     std::to_string(plan.computed_memory_mb) + " MiB";

  if (!requested.capacity_known()) {
    plan.machine_type = requested.name;
    plan.warnings.push_back("the capacity of " + requested.name +
                            " is not known to formsender: check that it holds " + need);
  } else if (*requested.cpu_milli >= plan.cpu_milli &&
             *requested.memory_mb >= plan.computed_memory_mb) {
    plan.machine_type = requested.name;
  } else {
    // The guide: an n2 request falls back to n2-custom, everything else to n2d-custom. N2D
    // stops at 96 vCPUs; N2 goes to 128.
    std::string series = requested.series == "n2" ? "n2" : "n2d";
    auto shape = SmallestCustomShape(series, plan.cpu_milli, plan.computed_memory_mb);
    if (!shape.ok() && series == "n2d") {
      shape = SmallestCustomShape("n2", plan.cpu_milli, plan.computed_memory_mb);
    }
    if (!shape.ok()) {
      return Status::InvalidArgument(need + ": " + shape.status().message() +
                                     "; lower batch_workers_per_workflow, "
                                     "batch_vcpu_per_worker or batch_memory_per_worker_mb");
    }
    plan.machine_type = shape->name;
    plan.replaced = true;
    plan.memory_warning = true;
    plan.warnings.push_back(requested.name + " cannot hold them: " + need + "; using " +
                            shape->name);
  }
  if (r.workers >= kAdvisoryWorkers && plan.memory_mb < kRecommendedMemoryMb) {
    plan.memory_warning = true;
    plan.recommended_memory_mb = kRecommendedMemoryMb;
    plan.warnings.push_back(std::to_string(r.workers) + " workers get " +
                            std::to_string(plan.memory_mb) + " MiB; " +
                            std::to_string(kRecommendedMemoryMb) + " MiB or more is recommended");
  }
  return plan;
}

}  // namespace formsender::settings
