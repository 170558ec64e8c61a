#include "engine/stage_stats.h"

#include "common/metrics.h"

namespace formsender::engine {

namespace {

const std::vector<double>& Bounds() {
  static const std::vector<double> bounds = DefaultLatencyBuckets();
  return bounds;
}

}  // namespace

void StageLatency::Observe(double seconds) {
  const auto& bounds = Bounds();
  bucket_counts.resize(bounds.size() + 1, 0);
  size_t i = 0;
  while (i < bounds.size() && seconds > bounds[i]) ++i;
  ++bucket_counts[i];
  sum += seconds;
  ++count;
}

void EngineStats::Observe(const FormResult& result) {
  for (const auto& [stage, seconds] : result.stage_seconds) stages[stage].Observe(seconds);
  stages["total"].Observe(result.elapsed_seconds);
  for (const auto& [kind, n] : result.fetch_errors) fetch_errors[kind] += n;
  if (result.engine == "browser") ++browser_fallbacks;
}

void EngineStats::Add(const EngineStats& other) {
  for (const auto& [stage, latency] : other.stages) {
    StageLatency& mine = stages[stage];
    mine.bucket_counts.resize(std::max(mine.bucket_counts.size(), latency.bucket_counts.size()), 0);
    for (size_t i = 0; i < latency.bucket_counts.size(); ++i) {
      mine.bucket_counts[i] += latency.bucket_counts[i];
    }
    mine.sum += latency.sum;
    mine.count += latency.count;
  }
  for (const auto& [kind, n] : other.fetch_errors) fetch_errors[kind] += n;
  browser_fallbacks += other.browser_fallbacks;
}

Json EngineStats::ToJson() const {
  Json stage_json = Json::object();
  for (const auto& [stage, latency] : stages) {
    stage_json[stage] = {
        {"buckets", latency.bucket_counts}, {"sum", latency.sum}, {"count", latency.count}};
  }
  return Json{{"bounds", Bounds()},
              {"stage_seconds", stage_json},
              {"fetch_errors", fetch_errors},
              {"browser_fallbacks", browser_fallbacks}};
}

Result<EngineStats> EngineStats::FromJson(const Json& j) {
  if (!j.is_object()) return Status::InvalidArgument("engine stats: not an object");
  auto bounds = j.find("bounds");
  if (bounds == j.end() || !bounds->is_array() || bounds->size() != Bounds().size()) {
    return Status::InvalidArgument("engine stats: bounds differ from this version's buckets");
  }
  for (size_t i = 0; i < Bounds().size(); ++i) {
    if (!(*bounds)[i].is_number() || (*bounds)[i].get<double>() != Bounds()[i]) {
      return Status::InvalidArgument("engine stats: bounds differ from this version's buckets");
    }
  }
  EngineStats stats;
  if (auto s = j.find("stage_seconds"); s != j.end()) {
    if (!s->is_object())
      return Status::InvalidArgument("engine stats: stage_seconds not an object");
    for (const auto& [stage, v] : s->items()) {
      const Json* buckets = v.is_object() && v.contains("buckets") ? &v["buckets"] : nullptr;
      if (!buckets || !buckets->is_array() || buckets->size() != Bounds().size() + 1 ||
          !v.value("sum", Json()).is_number() || !v.value("count", Json()).is_number_integer()) {
        return Status::InvalidArgument("engine stats: stage_seconds." + stage + " is malformed");
      }
      StageLatency latency;
      for (const Json& n : *buckets) {
        if (!n.is_number_integer() || n.get<int64_t>() < 0) {
          return Status::InvalidArgument("engine stats: stage_seconds." + stage +
                                         ".buckets holds a value that is not a count");
        }
        latency.bucket_counts.push_back(n.get<int64_t>());
      }
      latency.sum = v["sum"].get<double>();
      latency.count = v["count"].get<int64_t>();
      stats.stages[stage] = std::move(latency);
    }
  }
  if (auto f = j.find("fetch_errors"); f != j.end()) {
    if (!f->is_object()) return Status::InvalidArgument("engine stats: fetch_errors not an object");
    for (const auto& [kind, n] : f->items()) {
      if (!n.is_number_integer()) {
        return Status::InvalidArgument("engine stats: fetch_errors." + kind + " is not a count");
      }
      stats.fetch_errors[kind] = n.get<int64_t>();
    }
  }
  if (auto b = j.find("browser_fallbacks"); b != j.end()) {
    if (!b->is_number_integer()) {
      return Status::InvalidArgument("engine stats: browser_fallbacks is not a count");
    }
    stats.browser_fallbacks = b->get<int64_t>();
  }
  return stats;
}

}  // namespace formsender::engine
