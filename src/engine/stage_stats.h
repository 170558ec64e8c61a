#pragma once
// What the engine measured over many forms: latency per stage in the buckets of /metrics'
// histograms, transfers that failed by kind, and browser fallbacks. A runner adds every
// FormResult and writes the totals into its heartbeat (job_executions.metadata.runner.tasks.
// <task>.engine); serve's /metrics sums them over today's executions (docs/dashboard.md), since
// runner processes on Spot VMs cannot be scraped.

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "common/json.h"
#include "common/status.h"
#include "engine/engine.h"

namespace formsender::engine {

// One stage's observations: counts per bound of DefaultLatencyBuckets() (not cumulative), plus
// the count above the last bound, their sum and their number.
struct StageLatency {
  std::vector<int64_t> bucket_counts;  // size: bounds + 1 (the last is +Inf)
  double sum = 0;
  int64_t count = 0;

  void Observe(double seconds);
};

struct EngineStats {
  std::map<std::string, StageLatency> stages;  // "fetch", "analyze", … and "total"
  std::map<std::string, int64_t> fetch_errors;
  int64_t browser_fallbacks = 0;  // forms the browser finished (engine = browser)

  // One form: each stage it reached, its whole time as "total", its failed transfers.
  void Observe(const FormResult& result);
  void Add(const EngineStats& other);
  bool empty() const { return stages.empty() && fetch_errors.empty() && browser_fallbacks == 0; }
  // {"bounds": [...], "stage_seconds": {stage: {"buckets": [...], "sum": s, "count": n}},
  //  "fetch_errors": {kind: n}, "browser_fallbacks": n}
  Json ToJson() const;
  // The inverse; an error names what is malformed. Bounds other than DefaultLatencyBuckets()
  // (a runner of another version) are an error too: their buckets cannot be added up.
  static Result<EngineStats> FromJson(const Json& j);
};

}  // namespace formsender::engine
