#include "settings/repositories.h"

#include <set>

#include "common/overloaded.h"
#include "common/strings.h"
#include "settings/sheet_columns.h"

namespace formsender::settings {
namespace {

using store::Params;
using store::SqlValue;

// Bookkeeping columns after the sheet's own.
constexpr const char* kTrailingColumns[] = {"extra_columns", "source", "sheet_row", "imported_at"};

std::vector<std::string> TargetingSqlColumns() {
  std::vector<std::string> cols;
  for (const auto& c : TargetingColumns()) cols.push_back(std::string(c.name));
  for (const char* c : kTrailingColumns) cols.push_back(c);
  return cols;
}

std::vector<std::string> ClientSqlColumns() {
  std::vector<std::string> cols = {"id"};
  for (const auto& c : ClientColumns()) cols.push_back(std::string(c.name));
  for (const char* c : kTrailingColumns) cols.push_back(c);
  return cols;
}

std::string InsertSql(std::string_view table, const std::vector<std::string>& cols) {
  std::vector<std::string> marks;
  for (size_t i = 1; i <= cols.size(); ++i) marks.push_back("$" + std::to_string(i));
  return "INSERT INTO " + std::string(table) + " (" + Join(cols, ", ") + ") VALUES (" +
         Join(marks, ", ") + ")";
}

std::string SelectSql(std::string_view table, const std::vector<std::string>& cols) {
  return "SELECT " + Join(cols, ", ") + " FROM " + std::string(table);
}

void AppendTrailing(Params& p, const Json& extra, const std::string& source, int sheet_row,
                    TimePoint imported_at) {
  p.push_back(SqlValue::JsonText(extra));
  p.push_back(SqlValue(source));
  p.push_back(SqlValue(sheet_row));
  p.push_back(SqlValue::Time(imported_at));
}

template <typename Row>
void ReadTrailing(const store::Row& r, Row& row) {
  Json extra = r.JsonValue("extra_columns");
  row.extra_columns = extra.is_object() ? extra : Json::object();
  row.source = r.Text("source");
  row.sheet_row = static_cast<int>(r.Int("sheet_row"));
  row.imported_at = r.OptTime("imported_at").value_or(TimePoint{});
}

Params TargetingParams(const Targeting& t) {
  Params p;
  for (const auto& c : TargetingColumns()) {
    p.push_back(std::visit(Overloaded{
                               [&](std::optional<std::vector<int>> Targeting::*m) -> SqlValue {
                                 return (t.*m) ? SqlValue(FormatDaysOfWeek(*(t.*m))) : SqlValue();
                               },
                               [&](auto m) -> SqlValue { return SqlValue(t.*m); },
                           },
                           c.member));
  }
  AppendTrailing(p, t.extra_columns, t.source, t.sheet_row, t.imported_at);
  return p;
}

Result<Targeting> TargetingFromRow(const store::Row& r) {
  Targeting t;
  for (const auto& c : TargetingColumns()) {
    std::string col(c.name);
    Status s = std::visit(
        Overloaded{
            [&](int64_t Targeting::*m) { return (t.*m = r.Int(col), Status::Ok()); },
            [&](bool Targeting::*m) { return (t.*m = r.Bool(col), Status::Ok()); },
            [&](std::string Targeting::*m) { return (t.*m = r.Text(col), Status::Ok()); },
            [&](std::optional<int64_t> Targeting::*m) {
              return (t.*m = r.OptInt(col), Status::Ok());
            },
            [&](std::optional<bool> Targeting::*m) {
              return (t.*m = r.OptBool(col), Status::Ok());
            },
            [&](std::optional<std::string> Targeting::*m) {
              return (t.*m = r.Get(col), Status::Ok());
            },
            [&](std::optional<double> Targeting::*m) {
              return (t.*m = r.OptDouble(col), Status::Ok());
            },
            [&](std::optional<std::vector<int>> Targeting::*m) -> Status {
              auto text = r.Get(col);
              if (!text) return (t.*m = std::nullopt, Status::Ok());
              auto days = ParseDaysOfWeek(*text);
              if (!days.ok()) return days.status().WithContext("stored " + col);
              t.*m = *days;
              return Status::Ok();
            },
        },
        c.member);
    FS_RETURN_IF_ERROR(s);
  }
  ReadTrailing(r, t);
  return t;
}

Params ClientParams(const Client& c) {
  Params p = {SqlValue(c.id)};
  for (const auto& col : ClientColumns()) p.push_back(SqlValue(c.*(col.member)));
  AppendTrailing(p, c.extra_columns, c.source, c.sheet_row, c.imported_at);
  return p;
}

Client ClientFromRow(const store::Row& r) {
  Client c;
  c.id = r.Int("id");
  for (const auto& col : ClientColumns()) c.*(col.member) = r.Text(col.name);
  ReadTrailing(r, c);
  return c;
}

// Deletes every row of `table` and inserts `params_per_row`, counting against the ids that were
// there before.
template <typename Row, typename ToParams>
Result<ReplaceCounts> Replace(store::Database& db, std::string_view table,
                              const std::vector<std::string>& cols, const std::vector<Row>& rows,
                              ToParams to_params) {
  ReplaceCounts counts;
  std::string insert = InsertSql(table, cols);
  Status s = db.Transaction([&](store::Connection& conn) -> Status {
    counts = ReplaceCounts{};
    FS_ASSIGN_OR_RETURN(auto existing, conn.Query("SELECT id FROM " + std::string(table)));
    std::set<int64_t> before;
    for (auto r : existing) before.insert(r.Int("id"));
    FS_RETURN_IF_ERROR(conn.Execute("DELETE FROM " + std::string(table)).status());
    for (const Row& row : rows) {
      FS_RETURN_IF_ERROR(conn.Execute(insert, to_params(row)).status());
      if (before.erase(row.id)) {
        ++counts.updated;
      } else {
        ++counts.inserted;
      }
    }
    counts.deleted = before.size();
    return Status::Ok();
  });
  if (!s.ok()) return s;
  return counts;
}

}  // namespace

Result<ReplaceCounts> TargetingRepository::ReplaceAll(const std::vector<Targeting>& rows) {
  return Replace(db_, "targeting", TargetingSqlColumns(), rows, TargetingParams);
}

Result<Targeting> TargetingRepository::Get(int64_t id) {
  FS_ASSIGN_OR_RETURN(
      auto r, db_.Query(SelectSql("targeting", TargetingSqlColumns()) + " WHERE id = $1", {id}));
  if (r.empty()) {
    return Status::NotFound("targeting " + std::to_string(id) +
                            " not found (import the targeting sheet: formsender import targeting "
                            "FILE|URL)");
  }
  return TargetingFromRow(r.front());
}

Result<std::vector<Targeting>> TargetingRepository::List(bool active_only) {
  std::string sql = SelectSql("targeting", TargetingSqlColumns());
  if (active_only) sql += " WHERE active = $1";
  sql += " ORDER BY id";
  FS_ASSIGN_OR_RETURN(auto r, active_only ? db_.Query(sql, {true}) : db_.Query(sql));
  std::vector<Targeting> out;
  for (auto row : r) {
    FS_ASSIGN_OR_RETURN(Targeting t, TargetingFromRow(row));
    out.push_back(std::move(t));
  }
  return out;
}

Result<ReplaceCounts> ClientRepository::ReplaceAll(const std::vector<Client>& rows) {
  return Replace(db_, "clients", ClientSqlColumns(), rows, ClientParams);
}

Result<Client> ClientRepository::Get(int64_t id) {
  FS_ASSIGN_OR_RETURN(auto r,
                      db_.Query(SelectSql("clients", ClientSqlColumns()) + " WHERE id = $1", {id}));
  if (r.empty()) {
    return Status::NotFound("client " + std::to_string(id) +
                            " not found (import the client sheet: formsender import clients "
                            "FILE|URL)");
  }
  return ClientFromRow(r.front());
}

Result<std::vector<Client>> ClientRepository::List() {
  FS_ASSIGN_OR_RETURN(auto r, db_.Query(SelectSql("clients", ClientSqlColumns()) + " ORDER BY id"));
  std::vector<Client> out;
  for (auto row : r) out.push_back(ClientFromRow(row));
  return out;
}

}  // namespace formsender::settings
