#pragma once
// Internal helpers shared by the sendqueue operations: SQL over a mode's table set, bound
// parameter lists, the daily-cap usage query and claim release.

#include <string>
#include <string_view>

#include "common/time.h"
#include "sendqueue/send_queue.h"
#include "sendqueue/tables.h"
#include "store/database.h"

namespace formsender::sendqueue::internal {

// Replaces {companies}, {queue} and {submissions} by the mode's table names (fixed names from
// TablesFor, never input).
std::string QueueSql(std::string_view sql, const TableSet& tables);

// Parameters and their placeholders, numbered in the order they are added.
class ParamList {
 public:
  explicit ParamList(int first = 1) : next_(first) {}
  // "$N::cast" (the cast is dropped on SQLite by the store).
  std::string Add(store::SqlValue value, std::string_view pg_cast = "");
  int next() const { return next_; }
  store::Params& params() { return params_; }
  void Append(store::Params more) {
    for (auto& p : more) params_.push_back(std::move(p));
    next_ += static_cast<int>(more.size());
  }

 private:
  int next_;
  store::Params params_;
};

// The instants that bound the JST day `date`: [start, end).
struct JstDay {
  TimePoint start;
  TimePoint end;
};
JstDay DayOf(CivilDate date);

// What counts against max_daily_sends for a (mode, date, targeting).
struct CapUsage {
  int64_t successes = 0;  // sent according to the ledger (or a success without ledger entry)
  int64_t in_flight = 0;  // claimed rows before their intent, and intents without outcome
  int64_t unknown = 0;    // intents whose outcome never came: they may have been sent
  int64_t used() const { return successes + in_flight + unknown; }
};

// `q` is a store::Database or a store::Connection (inside a transaction).
template <typename Queryable>
Result<CapUsage> ReadCapUsage(Queryable& q, const QueueKey& key);

// Releases the live claims of one company (or of every company when company_id is unset) of
// a targeting (every date when date is unset).
Status ReleaseClaims(store::Connection& conn, TableMode mode, std::optional<CivilDate> date,
                     std::optional<int64_t> targeting_id, std::optional<int64_t> company_id,
                     std::string_view reason, TimePoint now);

// A stable 63-bit key for pg_advisory_xact_lock.
int64_t AdvisoryLockKey(std::string_view text);

// Locks `text` for the rest of the transaction on PostgreSQL; a no-op on SQLite, whose write
// transactions are already serialised.
Status LockForTransaction(store::Connection& conn, std::string_view text);

}  // namespace formsender::sendqueue::internal
