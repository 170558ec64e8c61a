#include "sendqueue/targeting_lookup.h"

namespace formsender::sendqueue {

Result<QueueTargeting> LookupQueueTargeting(store::Database& db, int64_t targeting_id) {
  FS_ASSIGN_OR_RETURN(
      store::QueryResult rows,
      db.Query("SELECT t.id, t.targeting_sql, t.ng_companies, t.max_daily_sends, "
               "t.use_extra_table, c.company_name FROM targeting t LEFT JOIN clients c ON "
               "c.id = t.client_id WHERE t.id = $1",
               {targeting_id}));
  if (rows.empty()) {
    return Status::NotFound("targeting " + std::to_string(targeting_id) +
                            " does not exist (import the targeting sheet first)");
  }
  auto row = rows.front();
  QueueTargeting t;
  t.id = row.Int("id");
  t.targeting_sql = row.Text("targeting_sql");
  t.ng_companies = row.Text("ng_companies");
  if (auto max = row.OptInt("max_daily_sends")) t.max_daily_sends = static_cast<int>(*max);
  t.use_extra_table = row.Bool("use_extra_table");
  t.client_company_name = row.Text("company_name");
  return t;
}

}  // namespace formsender::sendqueue
