#include "sendqueue/company_import.h"

#include <sstream>

#include "sendqueue/test_fixture.h"

namespace formsender::sendqueue {
namespace {

class CompanyImportTest : public testing::QueueTest {
 protected:
  Result<ImportReport> Import(const std::string& csv, ImportOptions options = {}) {
    std::istringstream in(csv);
    return ImportCompanies(Db(), in, "companies.csv", options);
  }
};

TEST_P(CompanyImportTest, UpsertsByIdWithTypedValues) {
  auto first = Import(
      "\xEF\xBB\xBFid,company_name,prefecture,employee_count,average_age,black,"
      "analyzer_queued_at,form_url\r\n"
      "1,\"株式会社A, 本社\",東京都,50,41.5,,2025-04-01T09:00:00+09:00,https://a.localhost/\r\n"
      "2,株式会社B,大阪府,,,false,,\r\n");
  ASSERT_TRUE(first.ok()) << first.status().ToString();
  EXPECT_EQ(first->rows, 2);
  EXPECT_EQ(first->inserted, 2);
  EXPECT_EQ(first->updated, 0);
  auto rows = Db().Query("SELECT * FROM companies ORDER BY id");
  ASSERT_EQ(rows->size(), 2u);
  auto a = rows->row(0);
  EXPECT_EQ(a.Text("company_name"), "株式会社A, 本社");
  EXPECT_EQ(a.Int("employee_count"), 50);
  EXPECT_DOUBLE_EQ(*a.OptDouble("average_age"), 41.5);
  EXPECT_TRUE(a.IsNull("black"));
  EXPECT_EQ(a.OptTime("analyzer_queued_at"), JstTimeOn({2025, 4, 1}, {9, 0, 0}));
  auto b = rows->row(1);
  EXPECT_EQ(b.OptBool("black"), false);
  EXPECT_TRUE(b.IsNull("employee_count"));
  EXPECT_TRUE(b.IsNull("form_url"));

  // Columns absent from the file are left as they are; present ones are replaced.
  auto second = Import("prefecture,id\n北海道,2\n沖縄県,3\n");
  ASSERT_TRUE(second.ok()) << second.status().ToString();
  EXPECT_EQ(second->inserted, 1);
  EXPECT_EQ(second->updated, 1);
  auto b2 = Db().Query("SELECT company_name, prefecture, black FROM companies WHERE id = 2");
  EXPECT_EQ(b2->front().Text("company_name"), "株式会社B");
  EXPECT_EQ(b2->front().Text("prefecture"), "北海道");
  EXPECT_EQ(b2->front().OptBool("black"), false);
}

TEST_P(CompanyImportTest, BadValuesRollEverythingBackAndNameLineAndColumn) {
  auto bad = Import(
      "id,company_name,employee_count,black\n"
      "1,A,10,false\n"
      "2,B,lots,false\n"
      "3,C,5,maybe\n"
      "0,D,1,true\n");
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.status().code(), StatusCode::kInvalidArgument);
  const std::string& m = bad.status().message();
  EXPECT_NE(m.find("companies.csv line 3 column 5 (employee_count): \"lots\" is not a whole "
                   "number"),
            std::string::npos)
      << m;
  EXPECT_NE(m.find("companies.csv line 4 column 7 (black): \"maybe\" is not true or false"),
            std::string::npos)
      << m;
  EXPECT_NE(m.find("line 5 column 1 (id): id must be a positive whole number"), std::string::npos)
      << m;
  EXPECT_NE(m.find("nothing was imported"), std::string::npos);
  EXPECT_EQ(Count("SELECT count(*) AS n FROM companies"), 0);

  auto range = Import("id,established_month\n1,40000\n");
  EXPECT_NE(range.status().message().find("out of range for a smallint"), std::string::npos);
  auto fields = Import("id,company_name\n1,A,extra\n");
  EXPECT_NE(fields.status().message().find("line 2: 3 fields, but the header has 2"),
            std::string::npos)
      << fields.status().message();
  auto quote = Import("id,company_name\n1,\"A\n");
  EXPECT_NE(quote.status().message().find("line 2 column 3: quoted field is never closed"),
            std::string::npos)
      << quote.status().message();
  EXPECT_EQ(Count("SELECT count(*) AS n FROM companies"), 0);
}

TEST_P(CompanyImportTest, TheHeaderIsChecked) {
  auto unknown = Import("id,company_name,created_at\n1,A,2025\n");
  ASSERT_FALSE(unknown.ok());
  EXPECT_NE(unknown.status().message().find(
                "companies.csv line 1 column 17: \"created_at\" is not a column of companies"),
            std::string::npos)
      << unknown.status().message();
  auto skipped = Import("id,company_name,created_at\n1,A,2025\n", {.ignore_unknown_columns = true});
  ASSERT_TRUE(skipped.ok()) << skipped.status().ToString();
  EXPECT_EQ(skipped->ignored, std::vector<std::string>{"created_at"});
  EXPECT_NE(Import("company_name\nA\n").status().message().find("no \"id\" column"),
            std::string::npos);
  EXPECT_NE(Import("id,ID\n1,1\n").status().message().find("appears twice"), std::string::npos);
  EXPECT_NE(Import("").status().message().find("empty"), std::string::npos);
  // `client` exists only in companies_extra.
  EXPECT_FALSE(Import("id,client\n1,X\n").ok());
}

TEST_P(CompanyImportTest, ExtraModeWritesCompaniesExtra) {
  auto r =
      Import("id,company_name,client\n5,A,株式会社クライアント\n", {.mode = TableMode::kExtra});
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(Count("SELECT count(*) AS n FROM companies_extra WHERE client = "
                  "'株式会社クライアント'"),
            1);
  EXPECT_EQ(Count("SELECT count(*) AS n FROM companies"), 0);
  // A row inserted later without an id gets a fresh one (PostgreSQL's identity was moved on).
  auto next = Db().Query("INSERT INTO companies_extra (company_name) VALUES ('B') RETURNING id");
  ASSERT_TRUE(next.ok()) << next.status().ToString();
  EXPECT_GT(next->front().Int("id"), 5);
}

TEST_P(CompanyImportTest, RepeatedIdsAndManyBatches) {
  std::string csv = "id,company_name,capital\n";
  for (int i = 1; i <= 3000; ++i) {
    csv += std::to_string(i) + ",会社" + std::to_string(i) + "," + std::to_string(i * 1000) + "\n";
  }
  csv += "7,会社七,1\n7,会社七改,2\n";  // the later row wins, in and across batches
  std::vector<int64_t> progress;
  auto r = Import(csv, {.progress = [&](int64_t rows) { progress.push_back(rows); }});
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->rows, 3002);
  EXPECT_EQ(r->inserted, 3000);
  EXPECT_EQ(r->updated, 2);
  EXPECT_GE(progress.size(), 6u);
  EXPECT_EQ(progress.back(), 3002);
  auto seven = Db().Query("SELECT company_name, capital FROM companies WHERE id = 7");
  EXPECT_EQ(seven->front().Text("company_name"), "会社七改");
  EXPECT_EQ(seven->front().Int("capital"), 2);
}

FS_INSTANTIATE_BACKEND_TEST(CompanyImportTest);

}  // namespace
}  // namespace formsender::sendqueue
