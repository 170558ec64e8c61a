#include "demo/sample_data.h"

#include <gtest/gtest.h>

#include <sstream>

#include "common/csv.h"

namespace formsender::demo {
namespace {

std::string FormsDir() {
  const char* src = std::getenv("FORMSENDER_SOURCE_DIR");
  return std::string(src ? src : ".") + "/tests/forms";
}

std::vector<std::vector<std::string>> Rows(const std::string& csv) {
  std::istringstream in(csv);
  CsvReader reader(in, "x.csv");
  std::vector<std::vector<std::string>> rows;
  std::vector<std::string> fields;
  while (*reader.Next(fields)) rows.push_back(fields);
  return rows;
}

TEST(SampleDataTest, EveryCaseOfTheCorpusHasAnExpectation) {
  auto e = LoadCaseExpectations(FormsDir());
  ASSERT_TRUE(e.ok()) << e.status().ToString();
  EXPECT_GE(e->size(), 100u);
  EXPECT_EQ(e->at("cf7-basic").code, "SUCCESS");
  EXPECT_EQ(e->at("cf7-basic").entry_path, "/contact/");
}

TEST(SampleDataTest, CompaniesPointAtTheirSitesAndAlternateTargetings) {
  auto e = LoadCaseExpectations(FormsDir());
  ASSERT_TRUE(e.ok());
  std::vector<SampleSite> sites = {
      {"site-0001", "cf7-basic", "http://site-0001.localhost:8480/"},
      {"site-0002", "fail-timeout", "http://site-0002.localhost:8480/"},
      {"site-0003", "cf7-basic", "http://site-0003.localhost:8480/"},
  };
  SampleDataOptions options;
  options.companies = 2;
  options.excluded_cases = DefaultExcludedCases();
  auto data = BuildSampleData(sites, *e, options);
  ASSERT_TRUE(data.ok()) << data.status().ToString();
  auto rows = Rows(data->companies_csv);
  ASSERT_EQ(rows.size(), 3u);  // header + 2
  EXPECT_EQ(rows[1][3], "http://site-0001.localhost:8480/contact/");
  EXPECT_EQ(rows[2][3], "http://site-0003.localhost:8480/contact/");  // the timeout site skipped
  EXPECT_EQ(rows[1][4], "東京都");
  EXPECT_EQ(rows[2][4], "大阪府");
  EXPECT_EQ(data->companies[1].targeting_id, 2);
  auto targeting = Rows(data->targeting_csv);
  ASSERT_EQ(targeting.size(), 3u);
  EXPECT_EQ(targeting[1][6], "prefecture = '東京都'");
  EXPECT_NE(targeting[1][5].find("{company_name}"), std::string::npos);
}

TEST(SampleDataTest, TooFewSitesOrAnUnknownCaseIsAClearError) {
  auto e = LoadCaseExpectations(FormsDir());
  ASSERT_TRUE(e.ok());
  SampleDataOptions options;
  options.companies = 5;
  auto few = BuildSampleData({{"site-0001", "cf7-basic", "http://a/"}}, *e, options);
  ASSERT_FALSE(few.ok());
  EXPECT_NE(few.status().message().find("only 1 usable sample sites for 5"), std::string::npos);
  auto unknown = BuildSampleData({{"site-0001", "no-such-case", "http://a/"}}, *e, options);
  ASSERT_FALSE(unknown.ok());
  EXPECT_NE(unknown.status().message().find("no-such-case"), std::string::npos);
}

}  // namespace
}  // namespace formsender::demo
