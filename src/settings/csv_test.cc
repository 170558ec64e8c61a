#include "settings/csv.h"

#include <gtest/gtest.h>

namespace formsender::settings {
namespace {

std::vector<std::vector<std::string>> Fields(const std::vector<CsvRecord>& records) {
  std::vector<std::vector<std::string>> out;
  for (const auto& r : records) out.push_back(r.fields);
  return out;
}

TEST(CsvTest, QuotesCommasNewlinesAndCrlf) {
  auto r = ParseCsv(
      "id,message,note\r\n"
      "1,\"Hello, \"\"world\"\"\r\nsecond line\",x\r\n"
      "2,,\r\n"
      "3,plain,\"\"\r\n",
      "t.csv");
  ASSERT_TRUE(r.ok()) << r.status().message();
  EXPECT_EQ(Fields(*r),
            (std::vector<std::vector<std::string>>{{"id", "message", "note"},
                                                   {"1", "Hello, \"world\"\nsecond line", "x"},
                                                   {"2", "", ""},
                                                   {"3", "plain", ""}}));
  EXPECT_EQ((*r)[1].line, 2);
  EXPECT_EQ((*r)[2].line, 4);  // the quoted line break moved it down
  EXPECT_TRUE((*r)[2].IsBlank() == false);
}

TEST(CsvTest, LfOnlyNoFinalNewlineAndBlankLines) {
  auto r = ParseCsv("a,b\n1,2\n\n3,4", "t.csv");
  ASSERT_TRUE(r.ok());
  ASSERT_EQ(r->size(), 4u);
  EXPECT_TRUE((*r)[2].IsBlank());
  EXPECT_EQ((*r)[3].fields, (std::vector<std::string>{"3", "4"}));
  EXPECT_EQ((*r)[3].line, 4);
  EXPECT_TRUE(ParseCsv("", "t.csv")->empty());
}

TEST(CsvTest, MalformedQuotesAreErrorsWithLines) {
  auto open = ParseCsv("a,b\n1,\"never closed\n2,3\n", "t.csv");
  ASSERT_FALSE(open.ok());
  EXPECT_EQ(open.status().message(), "t.csv:2: unterminated quoted field (opened on this line)");
  auto after = ParseCsv("a,b\n1,\"x\"y\n", "t.csv");
  ASSERT_FALSE(after.ok());
  EXPECT_EQ(after.status().message(),
            "t.csv:2: unexpected text after the closing quote of field 2");
  auto inner = ParseCsv("a,b\n1,x\"y\n", "t.csv");
  ASSERT_FALSE(inner.ok());
  EXPECT_NE(inner.status().message().find("t.csv:2: a quote inside unquoted field 2"),
            std::string::npos);
}

}  // namespace
}  // namespace formsender::settings
