#include "runner/progress.h"

namespace formsender::runner {

void WorkerStats::Add(const WorkerStats& o) {
  claimed += o.claimed;
  sent += o.sent;
  failed += o.failed;
  skipped += o.skipped;
  released += o.released;
  unknown += o.unknown;
  claim_lost += o.claim_lost;
  errors += o.errors;
  retried += o.retried;
  in_flight += o.in_flight;
  for (const auto& [k, v] : o.skipped_by_reason) skipped_by_reason[k] += v;
  for (const auto& [k, v] : o.failed_by_code) failed_by_code[k] += v;
  engine.Add(o.engine);
}

Json WorkerStats::ToJson() const {
  Json j = {{"claimed", claimed},
            {"sent", sent},
            {"failed", failed},
            {"skipped", skipped},
            {"released", released},
            {"unknown", unknown},
            {"claim_lost", claim_lost},
            {"errors", errors},
            {"retried", retried},
            {"in_flight", in_flight},
            {"skipped_by_reason", skipped_by_reason},
            {"failed_by_code", failed_by_code}};
  if (!engine.empty()) j["engine"] = engine.ToJson();
  return j;
}

}  // namespace formsender::runner
