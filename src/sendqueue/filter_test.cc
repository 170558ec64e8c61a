#include "sendqueue/filter.h"

#include <gtest/gtest.h>

#include "common/time.h"
#include "store/testing.h"

namespace formsender::sendqueue {
namespace {

std::string Canon(std::string_view text, TableMode mode = TableMode::kDefault) {
  auto f = Filter::Parse(text, mode);
  EXPECT_TRUE(f.ok()) << text << ": " << f.status().ToString();
  return f.ok() ? f->ToString() : "";
}

std::string ErrorOf(std::string_view text, TableMode mode = TableMode::kDefault) {
  auto f = Filter::Parse(text, mode);
  EXPECT_FALSE(f.ok()) << text << " was accepted as " << (f.ok() ? f->ToString() : "");
  return f.ok() ? "" : f.status().message();
}

TEST(FilterTest, AcceptsWhatOperatorsWrite) {
  EXPECT_EQ(Canon("prefecture = '東京都' and employee_count >= 50"),
            "(c.prefecture = '東京都' AND c.employee_count >= 50)");
  EXPECT_EQ(Canon("c.prefecture IN ('東京都','大阪府') OR capital BETWEEN 1000 AND 5e7"),
            "(c.prefecture IN ('東京都', '大阪府') OR c.capital BETWEEN 1000 AND 5e7)");
  EXPECT_EQ(Canon("NOT (industry_category_major LIKE '%情報%') AND tel IS NOT NULL"),
            "(NOT c.industry_category_major LIKE '%情報%' AND c.tel IS NOT NULL)");
  EXPECT_EQ(Canon("\"prefecture\" <> 'O''Neil'"), "c.prefecture <> 'O''Neil'");
  EXPECT_EQ(Canon("50 <= employee_count"), "c.employee_count >= 50");
  EXPECT_EQ(Canon("established_year != -1"), "c.established_year <> -1");
  EXPECT_EQ(Canon("form_found AND NOT instruction_valid IS FALSE"),
            "(c.form_found AND NOT c.instruction_valid IS FALSE)");
  EXPECT_EQ(Canon("employee_count >= '50'"), "c.employee_count >= 50");
  EXPECT_EQ(Canon("average_age < 40.5"), "c.average_age < 40.5");
  EXPECT_EQ(Canon("company_name NOT ILIKE '%test%'"), "c.company_name NOT ILIKE '%test%'");
  EXPECT_EQ(Canon("prefecture\u3000=\u3000'京都府'"), "c.prefecture = '京都府'");
  EXPECT_EQ(Canon("   "), "");
  EXPECT_EQ(Canon("client = '株式会社X'", TableMode::kExtra), "c.client = '株式会社X'");
  EXPECT_EQ(Canon("analyzer_queued_at >= '2025-04-01'"),
            "c.analyzer_queued_at >= '2025-03-31T15:00:00.000000Z'");
}

TEST(FilterTest, RejectsWithThePositionOfTheProblem) {
  EXPECT_EQ(ErrorOf("prefecture = '東京都'; drop table x"),
            "targeting_sql position 19: ';' is not allowed: a filter is one condition, not "
            "statements");
  EXPECT_EQ(ErrorOf("industry = 'IT'"),
            "targeting_sql position 1: unknown column \"industry\" (the columns a filter may use "
            "are listed in docs/targeting-filter.md)");
  EXPECT_EQ(ErrorOf("prefecture = '東京都' union select 1"),
            "targeting_sql position 20: expected AND, OR or the end of the filter, found 'union'");
  // Found by fuzz/targeting_filter_fuzz (fuzz/regressions/targeting_filter/far-date): a far
  // date overflowed the TimePoint (UBSan) instead of being refused.
  EXPECT_NE(ErrorOf("analyzer_queued_at >= '9379-04-01'")
                .find("position 23: '9379-04-01' is outside the years 1900–2200"),
            std::string::npos)
      << ErrorOf("analyzer_queued_at >= '9379-04-01'");
  EXPECT_NE(ErrorOf("prefecture = 'x' -- hi").find("position 18: comments"), std::string::npos);
  EXPECT_NE(ErrorOf("prefecture = 'x' /* hi */").find("position 18: comments"), std::string::npos);
  EXPECT_NE(ErrorOf("prefecture = 'open").find("position 14: string is never closed"),
            std::string::npos);
  EXPECT_NE(ErrorOf("(prefecture = 'x'").find("position 18: expected ')'"), std::string::npos);
  EXPECT_NE(ErrorOf("prefecture = 'x')").find("position 17: unbalanced ')'"), std::string::npos);
  EXPECT_NE(ErrorOf("employee_count >= 'many'").find("position 19: 'many' is not a whole number"),
            std::string::npos);
  EXPECT_NE(ErrorOf("prefecture = 13").find("position 14: prefecture is text"), std::string::npos);
  EXPECT_NE(ErrorOf("prefecture = NULL").find("IS NULL"), std::string::npos);
  EXPECT_NE(ErrorOf("lower(prefecture) = 'x'").find("position 1: functions are not allowed"),
            std::string::npos);
  EXPECT_NE(ErrorOf("prefecture = location").find("comparing two columns"), std::string::npos);
  EXPECT_NE(ErrorOf("x.prefecture = 'a'").find("only the alias c."), std::string::npos);
  EXPECT_NE(ErrorOf("prefecture IN (SELECT 1)").find("position 16"), std::string::npos);
  EXPECT_NE(ErrorOf("capital LIKE '1%'").find("needs a text column"), std::string::npos);
  EXPECT_NE(ErrorOf("prefecture LIKE 'a\\'").find("escape character"), std::string::npos);
  EXPECT_NE(ErrorOf("black > true").find("only = and <>"), std::string::npos);
  EXPECT_NE(ErrorOf("prefecture").find("expected a comparison"), std::string::npos);
  EXPECT_NE(ErrorOf("client = 'x'").find("unknown column \"client\""), std::string::npos);
  EXPECT_NE(ErrorOf("WHERE prefecture = 'x'").find("unknown column \"WHERE\""), std::string::npos);
  EXPECT_NE(ErrorOf("prefecture ＝ 'x'").find("position 12: unexpected character '＝'"),
            std::string::npos);
  EXPECT_NE(
      ErrorOf(std::string(100, '(') + "black" + std::string(100, ')')).find("nested too deeply"),
      std::string::npos);
  EXPECT_NE(ErrorOf("prefecture = '\xFF'").find("not valid UTF-8"), std::string::npos);
}

TEST(FilterTest, CompilesToParameterisedSqlPerDialect) {
  auto f = Filter::Parse(
      "prefecture IN ('東京都', '大阪府') AND employee_count >= 50 AND "
      "company_name LIKE '%商事\\_%' AND NOT black");
  ASSERT_TRUE(f.ok()) << f.status().ToString();
  CompiledFilter pg = f->Compile(store::Dialect::kPostgres, 3);
  EXPECT_EQ(pg.sql,
            "((c.prefecture IN ($3::text, $4::text) AND c.employee_count >= $5::bigint AND "
            "c.company_name LIKE $6::text AND (NOT c.black)))");
  ASSERT_EQ(pg.params.size(), 4u);
  EXPECT_EQ(std::get<std::string>(pg.params[0].get()), "東京都");
  EXPECT_EQ(std::get<int64_t>(pg.params[2].get()), 50);
  EXPECT_EQ(std::get<std::string>(pg.params[3].get()), "%商事\\_%");
  CompiledFilter lite = f->Compile(store::Dialect::kSqlite, 1);
  EXPECT_EQ(lite.sql,
            "((c.prefecture IN ($1, $2) AND c.employee_count >= $3 AND c.company_name GLOB $4 "
            "AND (NOT c.black)))");
  EXPECT_EQ(std::get<std::string>(lite.params[3].get()), "*商事_*");
  EXPECT_EQ(Filter::Parse("")->Compile(store::Dialect::kSqlite, 1).sql, "TRUE");
}

// The compiled filters select the same companies on both backends.
class FilterBackendTest : public store::BackendTest {};

TEST_P(FilterBackendTest, SelectsTheSameRowsOnEveryBackend) {
  auto& db = this->db();
  ASSERT_TRUE(db.Execute("INSERT INTO companies (id, company_name, prefecture, employee_count, "
                         "capital, average_age, black, form_found, analyzer_queued_at) VALUES "
                         "(1, 'Alpha 商事', '東京都', 10, 1000, 35.5, NULL, true, $1::timestamptz),"
                         "(2, 'alpha 商事', '大阪府', 60, 50000000, 41.0, true, false, NULL),"
                         "(3, 'Beta_Inc', NULL, NULL, NULL, NULL, NULL, NULL, NULL),"
                         "(4, 'Gamma%', '東京都', 500, 100, 29.0, false, true, NULL)",
                         store::Params{store::SqlValue::Time(JstMidnight({2025, 4, 2}))})
                  .ok());
  auto ids = [&](std::string_view text) {
    auto f = Filter::Parse(text);
    EXPECT_TRUE(f.ok()) << f.status().ToString();
    if (!f.ok()) return std::string("error");
    CompiledFilter c = f->Compile(db.dialect(), 1);
    auto rows =
        db.Query("SELECT c.id FROM companies c WHERE " + c.sql + " ORDER BY c.id", c.params);
    EXPECT_TRUE(rows.ok()) << rows.status().ToString();
    std::string out;
    if (!rows.ok()) return out;
    for (auto r : *rows) out += (out.empty() ? "" : ",") + std::to_string(r.Int("id"));
    return out;
  };
  EXPECT_EQ(ids("prefecture = '東京都'"), "1,4");
  EXPECT_EQ(ids("prefecture <> '東京都'"), "2");      // NULL is neither
  EXPECT_EQ(ids("company_name LIKE 'Alpha%'"), "1");  // case-sensitive on both
  EXPECT_EQ(ids("company_name ILIKE 'alpha%'"), "1,2");
  EXPECT_EQ(ids("company_name LIKE 'Beta\\_%'"), "3");
  EXPECT_EQ(ids("company_name LIKE '%\\%'"), "4");
  EXPECT_EQ(ids("company_name LIKE '_eta%'"), "3");
  EXPECT_EQ(ids("employee_count BETWEEN 10 AND 60"), "1,2");
  EXPECT_EQ(ids("employee_count NOT IN (10, 60)"), "4");
  EXPECT_EQ(ids("capital >= 1.5e3"), "2");
  EXPECT_EQ(ids("average_age > 35.5"), "2");
  EXPECT_EQ(ids("black IS NULL"), "1,3");
  EXPECT_EQ(ids("black = false OR black IS TRUE"), "2,4");
  EXPECT_EQ(ids("form_found"), "1,4");
  EXPECT_EQ(ids("NOT form_found"), "2");
  EXPECT_EQ(ids("form_found IS NOT TRUE"), "2,3");
  EXPECT_EQ(ids("analyzer_queued_at >= '2025-04-02'"), "1");
  EXPECT_EQ(ids("analyzer_queued_at < '2025-04-01T15:00:00Z'"), "");
  EXPECT_EQ(ids("(prefecture = '東京都' OR prefecture = '大阪府') AND NOT employee_count > 100"),
            "1,2");
  EXPECT_EQ(ids("c.id IN (2, 3)"), "2,3");
}

FS_INSTANTIATE_BACKEND_TEST(FilterBackendTest);

}  // namespace
}  // namespace formsender::sendqueue
