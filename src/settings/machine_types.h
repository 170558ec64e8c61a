#pragma once
// GCP machine types: the predefined E2/N2/N2D/N1 shapes with their capacity, and the rules a
// custom shape must follow (anchors notes/machine-types.md): allowed vCPU counts per series,
// memory a multiple of 256 MiB within the per-vCPU bounds, "-ext" only beyond them and only in
// series that have extended memory. Names of other families are accepted with an unknown
// capacity; names in the four known families must be real shapes.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "common/status.h"

namespace formsender::settings {

struct MachineShape {
  std::string name;    // e.g. "n2d-custom-4-8192", "e2-standard-2"
  std::string series;  // "e2", "n2", "n2d", "n1", or the family prefix of another type
  bool is_custom = false;
  bool is_extended = false;
  // Capacity, when formsender knows the shape (shared-core e2 types have fractional vCPUs).
  std::optional<int64_t> cpu_milli;
  std::optional<int64_t> memory_mb;
  bool capacity_known() const { return cpu_milli.has_value() && memory_mb.has_value(); }
};

// Parses and validates `name` (trimmed, lower-cased). Errors say why the shape is not valid:
// "n2d-custom-6-8192: N2D custom vCPU count must be one of 2, 4, 8, 16, 32, 48, 64, 80, 96".
Result<MachineShape> ParseMachineType(std::string_view name);

// Whether (series, vCPUs, memory, -ext) is a valid custom shape; the error says which rule fails.
// `series` is "e2", "n2", "n2d" or "n1" (N1 custom types are named "custom-V-M").
Status ValidateCustomShape(std::string_view series, int64_t vcpus, int64_t memory_mb,
                           bool extended);

// The smallest valid custom shape of `series` with at least `cpu_milli` and `memory_mb`:
// the fewest vCPUs that hold the memory without extended memory, extended memory only when no
// vCPU count can. Errors when the series cannot hold it at all.
Result<MachineShape> SmallestCustomShape(std::string_view series, int64_t cpu_milli,
                                         int64_t memory_mb);

// "n2d-custom-4-8192" (with "-ext" when extended; N1: "custom-4-8192").
std::string CustomShapeName(std::string_view series, int64_t vcpus, int64_t memory_mb,
                            bool extended);

}  // namespace formsender::settings
