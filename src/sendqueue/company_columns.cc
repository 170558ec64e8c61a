#include "sendqueue/company_columns.h"

#include <array>

#include "common/strings.h"

namespace formsender::sendqueue {
namespace {

using T = ColumnType;

// The reference's column order; `client` only exists in companies_extra.
constexpr std::array<CompanyColumn, 39> kColumns = {{
    {"id", T::kBigint},
    {"company_name", T::kText},
    {"company_name_kana", T::kText},
    {"listed", T::kText},
    {"industry_category_major", T::kText},
    {"industry_category_middle", T::kText},
    {"industry_category_minor", T::kText},
    {"industry_category_detail", T::kText},
    {"industry_category_id", T::kBigint},
    {"location", T::kText},
    {"representative", T::kText},
    {"established_year", T::kInteger},
    {"established_month", T::kSmallint},
    {"detail_page", T::kText},
    {"postal_code", T::kText},
    {"company_url", T::kText},
    {"tel", T::kText},
    {"closing_month", T::kSmallint},
    {"average_age", T::kReal},
    {"average_salary", T::kBigint},
    {"form_url", T::kText},
    {"batch_id", T::kText},
    {"prohibition_candidates", T::kText},
    {"instruction_json", T::kText},
    {"instruction_valid", T::kBoolean},
    {"form_found", T::kBoolean},
    {"form_finder_queued", T::kBoolean},
    {"form_analyzer_queued", T::kBoolean},
    {"prohibition_detected", T::kBoolean},
    {"prefecture", T::kText},
    {"employee_count", T::kBigint},
    {"capital", T::kBigint},
    {"bot_protection_detected", T::kBoolean},
    {"national_id", T::kText},
    {"analyzer_queued_at", T::kTimestamp},
    {"fetch_detail_queued", T::kBoolean},
    {"duplication", T::kBoolean},
    {"black", T::kBoolean},
    {"client", T::kText},
}};

}  // namespace

std::string_view ColumnTypeName(ColumnType type) {
  switch (type) {
    case T::kBigint:
      return "bigint";
    case T::kInteger:
      return "integer";
    case T::kSmallint:
      return "smallint";
    case T::kReal:
      return "real";
    case T::kText:
      return "text";
    case T::kBoolean:
      return "boolean";
    case T::kTimestamp:
      return "timestamptz";
  }
  return "text";
}

bool IsNumeric(ColumnType type) {
  return type == T::kBigint || type == T::kInteger || type == T::kSmallint || type == T::kReal;
}

std::span<const CompanyColumn> CompanyColumns(TableMode mode) {
  std::span<const CompanyColumn> all(kColumns);
  return mode == TableMode::kExtra ? all : all.first(all.size() - 1);
}

const CompanyColumn* FindCompanyColumn(std::string_view name, TableMode mode) {
  for (const CompanyColumn& c : CompanyColumns(mode)) {
    if (EqualsIgnoreCase(c.name, name)) return &c;
  }
  return nullptr;
}

}  // namespace formsender::sendqueue
