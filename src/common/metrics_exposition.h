#pragma once
// A strict reader of the Prometheus text exposition format (0.0.4), used to check our own
// /metrics output and to learn which metric names exist (deploy/alerts.yml is checked against
// them). Rules enforced: metric and label names, one HELP and one TYPE per family before its
// samples, a family's samples contiguous, no duplicate series, values that parse, histograms
// with increasing `le` bounds ending in +Inf, cumulative bucket counts, and _count equal to the
// +Inf bucket.

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"

namespace formsender {

struct ExpositionSample {
  std::string name;  // as written (with _bucket/_sum/_count)
  std::map<std::string, std::string> labels;
  double value = 0;
};

struct ExpositionFamily {
  std::string name;
  std::string type;  // counter, gauge, histogram, summary, untyped
  std::string help;
  std::vector<ExpositionSample> samples;
};

// The families in order, or kInvalidArgument naming the line and the rule it breaks.
Result<std::vector<ExpositionFamily>> ParseExposition(std::string_view text);

bool IsValidMetricName(std::string_view name);
bool IsValidLabelName(std::string_view name);

}  // namespace formsender
