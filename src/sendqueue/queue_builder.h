#pragma once
// Building a targeting's queue for a day (orchestration §3.3 with the corrections):
//
// Stage 1, companies never tried by this targeting; stage 2 (only while the queue is short of
// the cap), companies whose every attempt by this targeting failed, none in the last 14 days.
// Both stages take companies in id order that have a form_url, are not prohibition_detected,
// black or duplication, match the targeting filter (filter.h, never raw SQL), are not in
// ng_companies nor caught by the name policy (NFKC + whitespace-normalised names), have no
// failed submission by any targeting in the last `recent_failure_days` (30, all modes: Q-6),
// no send_ledger entry for this targeting, and no contact by any campaign within
// `company_cooldown_days`. Rows get priority in order after the day's current maximum and
// shard_id = company id mod shards.
//
// Rebuilding the same (date, targeting) is idempotent: rows already assigned, done or failed
// stay as they are and count toward the cap; pending rows still wanted keep their id and
// priority; pending rows no longer wanted are removed. Rows of earlier dates of the targeting
// are removed (as the reference's clear step did) and their claims released.

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "common/clock.h"
#include "common/json.h"
#include "common/status.h"
#include "common/time.h"
#include "sendqueue/company_names.h"
#include "sendqueue/tables.h"
#include "store/database.h"

namespace formsender::sendqueue {

inline constexpr int kDefaultShards = 8;

// The targeting values a build needs, as plain values (the settings component resolves them).
struct BuildRequest {
  TableMode mode = TableMode::kDefault;
  CivilDate date{};  // target_date_jst
  int64_t targeting_id = 0;
  std::string targeting_sql{};  // the filter language of docs/targeting-filter.md
  std::string ng_companies{};   // comma list of names never to contact
  // Extra mode: only companies_extra rows whose `client` equals this (trimmed) name; required.
  std::string client_name{};
  std::optional<int> shards{};  // FORM_SENDER_SHARD_COUNT; unset or 0 → 8 as the reference
  int queue_cap = 10000;        // rows per (date, targeting), 1..10000
  int company_cooldown_days = 30;
  int recent_failure_days = 30;
  std::vector<std::string> name_policy_keywords = DefaultNamePolicyKeywords();
  bool clear_earlier_dates = true;
  // Called as the build goes (after each page of 2,000 companies scanned and each 500 rows
  // written) with one line such as "stage 1: 6000 companies read, 2400 of 10000 chosen", so
  // an operator sees a build of thousands move. May be empty.
  std::function<void(const std::string& line)> progress{};
};

struct BuildResult {
  int shards = kDefaultShards;
  int64_t kept_in_progress = 0;  // assigned/done/failed rows of the day, untouched
  int64_t kept_pending = 0;      // pending rows still wanted
  int64_t inserted_stage1 = 0;
  int64_t inserted_stage2 = 0;
  int64_t removed_pending = 0;        // pending rows no longer wanted
  int64_t removed_earlier_dates = 0;  // rows of the targeting's earlier days
  int64_t excluded_by_name = 0;       // candidates dropped by ng_companies or the name policy
  int64_t total = 0;                  // rows of the day after the build
  bool cap_reached = false;
  Json ToJson() const;
};

class QueueBuilder {
 public:
  QueueBuilder(store::Database& db, const Clock& clock) : db_(db), clock_(clock) {}

  // Validates everything (the filter included) before touching the database; then builds in
  // one transaction.
  Result<BuildResult> Build(const BuildRequest& request);

 private:
  store::Database& db_;
  const Clock& clock_;
};

}  // namespace formsender::sendqueue
