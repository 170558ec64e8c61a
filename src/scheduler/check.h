#pragma once
// `formsender check`: the guide's daily checklist (§3.4) as one pass with the alert thresholds
// of §5. Gathering needs the store (job_executions), the task queue and the dispatcher; the
// verdict is a pure function of what was gathered, so every threshold is tested on its own.
//
//   queue latency        oldest due task still waiting          > 300 s            fail
//   consecutive failures the latest executions all failed       ≥ 2 in a row       fail
//   failed in 24 h       failed executions started in 24 h      reported           warn
//   stuck                running longer than the session max    > 8 h + 1 h grace  fail
//   queued backlog       executions queued (pending) > 10 min   > 10               fail
//   dispatcher health    GET /healthz == {"status": "ok"}       otherwise          fail
//   database             a query answers                        otherwise          fail

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "common/clock.h"
#include "common/json.h"
#include "common/status.h"
#include "store/database.h"

namespace formsender::scheduler {

struct CheckThresholds {
  std::chrono::seconds max_queue_latency{300};
  int64_t max_consecutive_failures = 1;  // 2 failures in a row cross it
  std::chrono::hours stuck_after{9};     // FORM_SENDER_MAX_SESSION_HOURS_DEFAULT + 1 h
  int64_t max_queued_executions = 10;
  std::chrono::minutes queued_grace{10};
};

// Facts about job_executions read from the store.
struct ExecutionFacts {
  std::map<std::string, int64_t> counts_24h;  // status → count (started in the last 24 h)
  int64_t consecutive_failures = 0;           // latest finished executions that failed
  std::vector<Json> failed_24h;  // {execution_id, targeting_id, started_at, last_error}
  std::vector<Json> stuck;       // running past the threshold
  int64_t queued_over_grace = 0;
};

struct CheckInputs {
  Result<ExecutionFacts> executions = Status::Unavailable("not gathered");
  // Oldest due, undelivered task's wait; nullopt when the queue is empty.
  Result<std::optional<std::chrono::seconds>> queue_latency = Status::Unavailable("not gathered");
  int64_t queue_live_tasks = 0;
  Result<Json> dispatcher_health = Status::Unavailable("not gathered");
  std::string dispatcher_description;
};

struct CheckItem {
  std::string name;
  std::string status;  // "ok", "warn", "fail"
  std::string message;
  Json value;
};

struct CheckReport {
  std::vector<CheckItem> items;
  bool failed() const;
  Json ToJson() const;  // {"ok": bool, "checks": [{name, status, message, value}]}
  std::string ToText() const;
};

// Reads job_executions at `now`.
Result<ExecutionFacts> GatherExecutionFacts(store::Database& db, TimePoint now,
                                            const CheckThresholds& thresholds);

CheckReport EvaluateChecks(const CheckInputs& inputs, const CheckThresholds& thresholds);

}  // namespace formsender::scheduler
