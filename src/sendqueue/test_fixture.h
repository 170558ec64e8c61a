#pragma once
// Test-only: a migrated database (SQLite or PostgreSQL) with helpers to seed companies and
// submissions and to read the queue back, shared by the sendqueue test files.

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "common/clock.h"
#include "common/time.h"
#include "sendqueue/queue_builder.h"
#include "sendqueue/send_ledger.h"
#include "sendqueue/send_queue.h"
#include "store/testing.h"

namespace formsender::sendqueue::testing {

inline constexpr CivilDate kDay{2025, 4, 1};  // a Tuesday
inline constexpr int64_t kTargeting = 7;

struct QueueRow {
  int64_t id = 0;
  int64_t company_id = 0;
  int priority = 0;
  int shard_id = 0;
  std::string status;
  std::string assigned_by;
  int attempts = 0;
};

class QueueTest : public store::BackendTest {
 protected:
  QueueTest() : clock_(JstTimeOn(kDay, {10, 0, 0})) {}

  store::Database& Db() { return db(); }
  FakeClock& clock() { return clock_; }
  SendQueue& queue() {
    if (!queue_) queue_ = std::make_unique<SendQueue>(db(), clock_);
    return *queue_;
  }
  SendLedger& ledger() {
    if (!ledger_) ledger_ = std::make_unique<SendLedger>(db(), clock_);
    return *ledger_;
  }
  QueueBuilder& builder() {
    if (!builder_) builder_ = std::make_unique<QueueBuilder>(db(), clock_);
    return *builder_;
  }

  // A company that every base rule accepts unless the caller changes it.
  void AddCompany(int64_t id, std::string name = "", TableMode mode = TableMode::kDefault,
                  std::string extra_sql_columns = "", store::Params extra_values = {}) {
    if (name.empty()) name = "株式会社サンプル" + std::to_string(id);
    std::string table(TablesFor(mode).companies);
    std::string columns = "id, company_name, form_url, prefecture, employee_count";
    std::string values = "$1, $2, $3, $4, $5";
    store::Params params = {id, name, "https://example.localhost/contact/" + std::to_string(id),
                            "東京都", static_cast<int64_t>(10 + id % 100)};
    if (mode == TableMode::kExtra) {
      columns += ", client";
      values += ", $6";
      params.push_back("株式会社クライアント");
    }
    if (!extra_sql_columns.empty()) {
      columns += ", " + extra_sql_columns;
      for (auto& v : extra_values) {
        values += ", $" + std::to_string(params.size() + 1);
        params.push_back(std::move(v));
      }
    }
    auto r =
        db().Execute("INSERT INTO " + table + " (" + columns + ") VALUES (" + values + ")", params);
    ASSERT_TRUE(r.ok()) << r.status().ToString();
  }

  void AddCompanies(int64_t first, int64_t last, TableMode mode = TableMode::kDefault) {
    for (int64_t id = first; id <= last; ++id) AddCompany(id, "", mode);
  }

  void AddSubmission(int64_t targeting, int64_t company, std::optional<bool> success, TimePoint at,
                     TableMode mode = TableMode::kDefault) {
    auto r = db().Execute("INSERT INTO " + std::string(TablesFor(mode).submissions) +
                              " (targeting_id, company_id, success, submitted_at) VALUES ($1, "
                              "$2, $3, $4::timestamptz)",
                          {targeting, company, success, store::SqlValue::Time(at)});
    ASSERT_TRUE(r.ok()) << r.status().ToString();
  }

  BuildRequest Request(TableMode mode = TableMode::kDefault) {
    BuildRequest r;
    r.mode = mode;
    r.date = kDay;
    r.targeting_id = kTargeting;
    r.shards = 4;
    if (mode == TableMode::kExtra) r.client_name = "株式会社クライアント";
    return r;
  }

  BuildResult Build(const BuildRequest& r) {
    auto built = builder().Build(r);
    EXPECT_TRUE(built.ok()) << built.status().ToString();
    return built.ok() ? *built : BuildResult();
  }

  std::vector<QueueRow> Rows(TableMode mode = TableMode::kDefault, CivilDate date = kDay,
                             int64_t targeting = kTargeting) {
    auto rows = db().Query(
        "SELECT id, company_id, priority, shard_id, status, assigned_by, "
        "attempts FROM " +
            std::string(TablesFor(mode).send_queue) +
            " WHERE target_date_jst = $1::date AND targeting_id = $2 ORDER BY "
            "priority, id",
        {date.ToString(), targeting});
    EXPECT_TRUE(rows.ok()) << rows.status().ToString();
    std::vector<QueueRow> out;
    if (!rows.ok()) return out;
    for (auto r : *rows) {
      out.push_back({r.Int("id"), r.Int("company_id"), static_cast<int>(r.Int("priority")),
                     static_cast<int>(r.Int("shard_id")), r.Text("status"), r.Text("assigned_by"),
                     static_cast<int>(r.Int("attempts"))});
    }
    return out;
  }

  std::vector<int64_t> QueuedCompanies(TableMode mode = TableMode::kDefault) {
    std::vector<int64_t> ids;
    for (const auto& r : Rows(mode)) ids.push_back(r.company_id);
    return ids;
  }

  int64_t Count(const std::string& sql, const store::Params& params = {}) {
    auto r = db().Query(sql, params);
    EXPECT_TRUE(r.ok()) << r.status().ToString();
    return r.ok() && !r->empty() ? r->front().Int("n") : -1;
  }

  ClaimRequest Req(std::string run, int limit = 1) {
    return {.date = kDay, .targeting_id = kTargeting, .run_id = std::move(run), .limit = limit};
  }
  Result<ClaimResult> ClaimOne(ClaimRequest r) { return queue().Claim(r); }

  // Inserts a queue row directly (claim tests control priority, shard and assignment).
  int64_t AddQueueRow(int64_t company, int priority, int shard, std::string status = "pending",
                      std::optional<std::string> assigned_by = std::nullopt,
                      std::optional<TimePoint> assigned_at = std::nullopt,
                      TableMode mode = TableMode::kDefault, CivilDate date = kDay,
                      int64_t targeting = kTargeting) {
    auto r = db().Query(
        "INSERT INTO " + std::string(TablesFor(mode).send_queue) +
            " (target_date_jst, targeting_id, company_id, priority, shard_id, status, "
            "assigned_by, assigned_at, created_at) VALUES ($1::date, $2, $3, $4, $5, $6, $7, "
            "$8::timestamptz, $9::timestamptz) RETURNING id",
        {date.ToString(), targeting, company, priority, shard, status, assigned_by,
         assigned_at ? store::SqlValue::Time(*assigned_at) : store::SqlValue(),
         store::SqlValue::Time(clock_.Now())});
    EXPECT_TRUE(r.ok()) << r.status().ToString();
    return r.ok() ? r->front().Int("id") : 0;
  }

 private:
  FakeClock clock_;
  std::unique_ptr<SendQueue> queue_;
  std::unique_ptr<SendLedger> ledger_;
  std::unique_ptr<QueueBuilder> builder_;
};

}  // namespace formsender::sendqueue::testing
