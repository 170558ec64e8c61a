#include "runner/company_store.h"

#include "common/strings.h"
#include "sendqueue/company_columns.h"

namespace formsender::runner {
namespace {

using sendqueue::ColumnType;

Json TypedValue(const store::Row& row, const sendqueue::CompanyColumn& column) {
  std::optional<std::string> text = row.Get(column.name);
  if (!text) return nullptr;
  switch (column.type) {
    case ColumnType::kBigint:
    case ColumnType::kInteger:
    case ColumnType::kSmallint:
      if (auto v = row.OptInt(column.name)) return *v;
      return *text;
    case ColumnType::kReal:
      if (auto v = row.OptDouble(column.name)) return *v;
      return *text;
    case ColumnType::kBoolean:
      if (auto v = row.OptBool(column.name)) return *v;
      return *text;
    case ColumnType::kTimestamp:
      if (auto v = row.OptTime(column.name)) return FormatUtcIso(*v);
      return *text;
    case ColumnType::kText:
      return *text;
  }
  return *text;
}

}  // namespace

Result<std::optional<CompanyRecord>> CompanyStore::Find(int64_t company_id) {
  const sendqueue::TableSet& t = sendqueue::TablesFor(mode_);
  FS_ASSIGN_OR_RETURN(
      store::QueryResult rows,
      db_.Query("SELECT * FROM " + std::string(t.companies) + " WHERE id = $1", {company_id}));
  if (rows.empty()) return std::optional<CompanyRecord>();
  auto row = rows.front();
  CompanyRecord c;
  c.id = company_id;
  for (const sendqueue::CompanyColumn& col : sendqueue::CompanyColumns(mode_)) {
    if (rows.ColumnIndex(col.name) < 0) continue;
    c.row[std::string(col.name)] = TypedValue(row, col);
  }
  c.company_name = row.Text("company_name");
  c.form_url = std::string(Trim(row.Text("form_url")));
  c.black = row.OptBool("black");
  c.prohibition_detected = row.OptBool("prohibition_detected").value_or(false);
  if (mode_ == sendqueue::TableMode::kExtra) c.client = row.Get("client");
  return std::optional<CompanyRecord>(std::move(c));
}

Result<int64_t> CompanyStore::CountSubmissionsOn(int64_t targeting_id, int64_t company_id,
                                                 CivilDate date) {
  const sendqueue::TableSet& t = sendqueue::TablesFor(mode_);
  TimePoint start = JstMidnight(date);
  TimePoint end = JstMidnight(date.AddDays(1));
  FS_ASSIGN_OR_RETURN(
      store::QueryResult rows,
      db_.Query(
          "SELECT count(*) AS n FROM " + std::string(t.submissions) +
              " WHERE targeting_id = $1 AND company_id = $2 AND submitted_at >= "
              "$3::timestamptz AND submitted_at < $4::timestamptz",
          {targeting_id, company_id, store::SqlValue::Time(start), store::SqlValue::Time(end)}));
  return rows.front().Int("n");
}

Status CompanyStore::FlagProhibition(int64_t company_id) {
  const sendqueue::TableSet& t = sendqueue::TablesFor(mode_);
  return db_
      .Query("UPDATE " + std::string(t.companies) + " SET prohibition_detected = $1 WHERE id = $2",
             {true, company_id})
      .status();
}

Status CompanyStore::FlagBlack(int64_t company_id) {
  const sendqueue::TableSet& t = sendqueue::TablesFor(mode_);
  return db_
      .Query("UPDATE " + std::string(t.companies) + " SET black = $1 WHERE id = $2",
             {true, company_id})
      .status();
}

}  // namespace formsender::runner
