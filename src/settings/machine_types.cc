#include "settings/machine_types.h"

#include <algorithm>
#include <cctype>
#include <vector>

#include "common/strings.h"

namespace formsender::settings {
namespace {

struct CustomRules {
  std::string_view series;
  std::string_view label;  // "N2D"
  std::vector<int64_t> vcpus;
  int64_t min_mb_per_vcpu;
  int64_t max_mb_per_vcpu;
  int64_t extended_limit_mb;  // 0: no extended memory
};

std::vector<int64_t> Steps(int64_t from, int64_t to, int64_t step) {
  std::vector<int64_t> v;
  for (int64_t x = from; x <= to; x += step) v.push_back(x);
  return v;
}

std::vector<CustomRules> MakeCustomRules() {
  std::vector<int64_t> n2 = Steps(2, 32, 2);
  for (int64_t v : Steps(36, 128, 4)) n2.push_back(v);
  std::vector<int64_t> n1 = {1};
  for (int64_t v : Steps(2, 96, 2)) n1.push_back(v);
  return {
      {"n2d", "N2D", {2, 4, 8, 16, 32, 48, 64, 80, 96}, 512, 8192, 768 * 1024},
      {"n2", "N2", n2, 512, 8192, 624 * 1024},
      {"e2", "E2", Steps(2, 32, 2), 512, 8192, 0},
      {"n1", "N1", n1, 922, 6656, 624 * 1024},
  };
}

const std::vector<CustomRules>& AllCustomRules() {
  static const std::vector<CustomRules> kRules = MakeCustomRules();
  return kRules;
}

const CustomRules* FindRules(std::string_view series) {
  for (const auto& r : AllCustomRules()) {
    if (r.series == series) return &r;
  }
  return nullptr;
}

struct PredefinedTier {
  std::string_view series;
  std::string_view tier;
  std::vector<int64_t> sizes;
  int64_t mb_per_vcpu_times_10;  // N1 highcpu has 0.9 GB per vCPU
};

const std::vector<PredefinedTier>& AllPredefined() {
  static const std::vector<PredefinedTier> kTiers{
      {"e2", "standard", {2, 4, 8, 16, 32}, 40960},
      {"e2", "highmem", {2, 4, 8, 16}, 81920},
      {"e2", "highcpu", {2, 4, 8, 16, 32}, 10240},
      {"n2", "standard", {2, 4, 8, 16, 32, 48, 64, 80, 96, 128}, 40960},
      {"n2", "highmem", {2, 4, 8, 16, 32, 48, 64, 80, 96, 128}, 81920},
      {"n2", "highcpu", {2, 4, 8, 16, 32, 48, 64, 80, 96}, 10240},
      {"n2d", "standard", {2, 4, 8, 16, 32, 48, 64, 80, 96, 128, 224}, 40960},
      {"n2d", "highmem", {2, 4, 8, 16, 32, 48, 64, 80, 96}, 81920},
      {"n2d", "highcpu", {2, 4, 8, 16, 32, 48, 64, 80, 96, 128, 224}, 10240},
      {"n1", "standard", {1, 2, 4, 8, 16, 32, 64, 96}, 38400},
      {"n1", "highmem", {2, 4, 8, 16, 32, 64, 96}, 66560},
      {"n1", "highcpu", {2, 4, 8, 16, 32, 64, 96}, 9216},
  };
  return kTiers;
}

std::string JoinInts(const std::vector<int64_t>& v) {
  std::vector<std::string> parts;
  for (int64_t x : v) parts.push_back(std::to_string(x));
  return Join(parts, ", ");
}

bool IsKnownSeries(std::string_view s) { return FindRules(s) != nullptr; }

Result<int64_t> PositiveNumber(std::string_view text) {
  auto v = ParseInt64(text);
  if (!v.ok() || *v <= 0 || text.starts_with("+") || text.starts_with("0")) {
    return Status::InvalidArgument("not a number");
  }
  return *v;
}

}  // namespace

std::string CustomShapeName(std::string_view series, int64_t vcpus, int64_t memory_mb,
                            bool extended) {
  std::string prefix = series == "n1" ? "custom" : std::string(series) + "-custom";
  return prefix + "-" + std::to_string(vcpus) + "-" + std::to_string(memory_mb) +
         (extended ? "-ext" : "");
}

Status ValidateCustomShape(std::string_view series, int64_t vcpus, int64_t memory_mb,
                           bool extended) {
  const CustomRules* r = FindRules(series);
  std::string name = CustomShapeName(series, vcpus, memory_mb, extended);
  if (!r)
    return Status::InvalidArgument(name + ": no custom machine types in series " +
                                   std::string(series));
  auto bad = [&](std::string why) { return Status::InvalidArgument(name + ": " + why); };
  if (std::find(r->vcpus.begin(), r->vcpus.end(), vcpus) == r->vcpus.end()) {
    return bad(std::string(r->label) + " custom vCPU count must be one of " + JoinInts(r->vcpus));
  }
  if (memory_mb % 256 != 0) return bad("memory must be a multiple of 256 MiB");
  if (memory_mb < vcpus * r->min_mb_per_vcpu) {
    return bad("memory must be at least " + std::to_string(r->min_mb_per_vcpu) + " MiB per vCPU (" +
               std::to_string(vcpus * r->min_mb_per_vcpu) + " MiB)");
  }
  bool needs_ext = memory_mb > vcpus * r->max_mb_per_vcpu;
  if (needs_ext && r->extended_limit_mb == 0) {
    return bad(std::string(r->label) + " allows at most " + std::to_string(r->max_mb_per_vcpu) +
               " MiB per vCPU (" + std::to_string(vcpus * r->max_mb_per_vcpu) +
               " MiB) and has no extended memory");
  }
  if (needs_ext && !extended) {
    return bad("more than " + std::to_string(r->max_mb_per_vcpu) +
               " MiB per vCPU needs extended memory (the -ext suffix)");
  }
  if (!needs_ext && extended) {
    return bad("-ext is only for memory above " + std::to_string(r->max_mb_per_vcpu) +
               " MiB per vCPU");
  }
  if (needs_ext && memory_mb > r->extended_limit_mb) {
    return bad(std::string(r->label) + " extended memory is limited to " +
               std::to_string(r->extended_limit_mb) + " MiB");
  }
  return Status::Ok();
}

Result<MachineShape> ParseMachineType(std::string_view raw) {
  std::string name = ToLowerAscii(Trim(raw));
  auto bad = [&](std::string why) {
    return Status::InvalidArgument("\"" + std::string(raw) +
                                   "\" is not a valid machine type: " + why);
  };
  if (name.empty()) return bad("empty");
  for (char c : name) {
    if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '-'))
      return bad("unexpected character");
  }
  std::vector<std::string> parts = Split(name, '-');
  for (const auto& p : parts) {
    if (p.empty()) return bad("empty part between '-'");
  }
  if (!std::isalpha(static_cast<unsigned char>(name[0])) || parts.size() < 2) {
    return bad("expected <series>-<type>, e.g. e2-standard-2 or n2d-custom-4-8192");
  }
  MachineShape shape;
  shape.name = name;
  // N1 custom types have no series prefix: custom-V-M[-ext].
  std::string series = parts[0] == "custom" ? "n1" : parts[0];
  shape.series = series;
  bool custom = parts[0] == "custom" || parts[1] == "custom";
  if (!IsKnownSeries(series)) {
    // Another family (c3, t2d, n4 …): accepted, capacity unknown to the planner.
    shape.is_custom = custom;
    return shape;
  }
  if (custom) {
    size_t first = parts[0] == "custom" ? 1 : 2;
    // E2 shared-core custom types: e2-custom-micro|small|medium-<MB>.
    if (series == "e2" && parts.size() == 4 &&
        (parts[2] == "micro" || parts[2] == "small" || parts[2] == "medium")) {
      auto mb = PositiveNumber(parts[3]);
      if (!mb.ok()) return bad("memory is not a number");
      int64_t lo = parts[2] == "micro" ? 1024 : parts[2] == "small" ? 2048 : 4096;
      if (*mb % 256 != 0 || *mb < lo || *mb > lo * 2) {
        return bad("e2-custom-" + parts[2] + " memory must be " + std::to_string(lo) + "–" +
                   std::to_string(lo * 2) + " MiB in 256 MiB steps");
      }
      shape.is_custom = true;
      shape.cpu_milli = parts[2] == "micro" ? 250 : parts[2] == "small" ? 500 : 1000;
      shape.memory_mb = *mb;
      return shape;
    }
    bool ext = parts.size() == first + 3 && parts.back() == "ext";
    if (parts.size() != first + 2 + (ext ? 1 : 0)) {
      return bad("a custom type is <series>-custom-<vCPUs>-<MiB>[-ext]");
    }
    auto vcpus = PositiveNumber(parts[first]);
    auto mb = PositiveNumber(parts[first + 1]);
    if (!vcpus.ok() || !mb.ok()) return bad("vCPUs and memory must be numbers");
    Status valid = ValidateCustomShape(series, *vcpus, *mb, ext);
    if (!valid.ok()) return bad(valid.message().substr(valid.message().find(": ") + 2));
    shape.is_custom = true;
    shape.is_extended = ext;
    shape.cpu_milli = *vcpus * 1000;
    shape.memory_mb = *mb;
    return shape;
  }
  if (series == "e2" && parts.size() == 2 &&
      (parts[1] == "micro" || parts[1] == "small" || parts[1] == "medium")) {
    shape.cpu_milli = parts[1] == "micro" ? 250 : parts[1] == "small" ? 500 : 1000;
    shape.memory_mb = parts[1] == "micro" ? 1024 : parts[1] == "small" ? 2048 : 4096;
    return shape;
  }
  if (parts.size() != 3) return bad("expected " + series + "-<standard|highmem|highcpu>-<vCPUs>");
  for (const auto& tier : AllPredefined()) {
    if (tier.series != series || tier.tier != parts[1]) continue;
    auto size = PositiveNumber(parts[2]);
    if (!size.ok() || std::find(tier.sizes.begin(), tier.sizes.end(), *size) == tier.sizes.end()) {
      return bad(series + "-" + parts[1] + " comes in " + JoinInts(tier.sizes) + " vCPUs");
    }
    shape.cpu_milli = *size * 1000;
    shape.memory_mb = *size * tier.mb_per_vcpu_times_10 / 10;
    return shape;
  }
  return bad("series " + series + " has no \"" + parts[1] +
             "\" type (standard, highmem, highcpu, custom)");
}

Result<MachineShape> SmallestCustomShape(std::string_view series, int64_t cpu_milli,
                                         int64_t memory_mb) {
  const CustomRules* r = FindRules(series);
  if (!r)
    return Status::InvalidArgument("no custom machine types in series " + std::string(series));
  int64_t need_vcpus = (cpu_milli + 999) / 1000;
  int64_t need_mb = (std::max<int64_t>(memory_mb, 1) + 255) / 256 * 256;
  auto make = [&](int64_t v, int64_t mb, bool ext) {
    MachineShape s;
    s.name = CustomShapeName(series, v, mb, ext);
    s.series = std::string(series);
    s.is_custom = true;
    s.is_extended = ext;
    s.cpu_milli = v * 1000;
    s.memory_mb = mb;
    return s;
  };
  // The fewest vCPUs whose normal memory range holds the need (raised to the series minimum).
  for (int64_t v : r->vcpus) {
    if (v < need_vcpus) continue;
    int64_t mb = std::max(need_mb, (v * r->min_mb_per_vcpu + 255) / 256 * 256);
    if (mb <= v * r->max_mb_per_vcpu) return make(v, mb, false);
  }
  // Otherwise extended memory (its limit is a total, whatever the vCPU count).
  if (r->extended_limit_mb > 0 && need_mb <= r->extended_limit_mb) {
    for (int64_t v : r->vcpus) {
      if (v >= need_vcpus) return make(v, need_mb, true);
    }
  }
  return Status::InvalidArgument("no " + std::string(r->label) + " custom machine type has " +
                                 std::to_string(need_vcpus) + " vCPUs and " +
                                 std::to_string(need_mb) + " MiB");
}

}  // namespace formsender::settings
