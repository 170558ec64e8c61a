#pragma once
// The columns of `companies` / `companies_extra` (orchestration §3.1) with their types: the
// company import validates values against them and the targeting filter language takes its
// column whitelist from them.

#include <span>
#include <string_view>

#include "sendqueue/tables.h"

namespace formsender::sendqueue {

enum class ColumnType { kBigint, kInteger, kSmallint, kReal, kText, kBoolean, kTimestamp };

std::string_view ColumnTypeName(ColumnType type);
bool IsNumeric(ColumnType type);

struct CompanyColumn {
  std::string_view name;
  ColumnType type;
};

// Every column of the mode's companies table, `id` first; extra mode adds `client`.
std::span<const CompanyColumn> CompanyColumns(TableMode mode);
// Case-insensitive lookup; null when the table has no such column.
const CompanyColumn* FindCompanyColumn(std::string_view name, TableMode mode);

}  // namespace formsender::sendqueue
