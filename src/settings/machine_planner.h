#pragma once
// Chooses the Batch machine and the task's computeResource for W workers (spec §4.7, fixed):
// the requested shape (the e2-standard-2 default included) holds while the workers' vCPUs and
// memory fit in it; beyond that the smallest valid custom shape of the same series (n2 stays
// n2, everything else becomes n2d) takes over. Every name it returns is a valid GCP shape and
// never smaller than the need. The dispatcher and `formsender plan` both use it.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "common/status.h"

namespace formsender::settings {

struct MachineRequest {
  int64_t workers = 1;
  int64_t vcpu_per_worker = 1;
  int64_t memory_per_worker_mb = 2048;
  int64_t memory_buffer_mb = 2048;
  std::string machine_type = "e2-standard-2";  // the requested shape (after precedence)
};

struct MachinePlan {
  std::string machine_type;  // what the Batch job asks for
  int64_t cpu_milli = 0;     // the task's computeResource: workers × vCPU per worker
  int64_t memory_mb = 0;     // the task's computeResource: the computed need
  // The need: ceil256(max(1024, workers × memory per worker + buffer)).
  int64_t computed_memory_mb = 0;
  // The requested shape could not hold the workers (a custom shape replaced it), or 4 or more
  // workers get less than 8 GiB (the reference's advisory).
  bool memory_warning = false;
  bool replaced = false;  // the requested shape was replaced by a custom one
  std::string requested_machine_type;
  std::optional<int64_t> recommended_memory_mb;  // 8192 with the advisory
  std::vector<std::string> warnings;             // human-readable, one per finding
};

// Errors when the request is out of the validated ranges or no custom shape can hold it.
Result<MachinePlan> PlanMachine(const MachineRequest& request);

}  // namespace formsender::settings
