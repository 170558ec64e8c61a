#include "common/csv.h"

#include <gtest/gtest.h>

#include <sstream>

namespace formsender {
namespace {

using Records = std::vector<std::vector<std::string>>;

Result<Records> ReadAll(const std::string& text, CsvOptions options = {}) {
  std::istringstream in(text);
  CsvReader reader(in, "t.csv", options);
  Records out;
  std::vector<std::string> fields;
  while (true) {
    auto more = reader.Next(fields);
    if (!more.ok()) return more.status();
    if (!*more) break;
    out.push_back(fields);
  }
  return out;
}

TEST(CsvTest, PlainQuotedAndEmptyFields) {
  auto r = ReadAll("id,name\r\n1,\"a, \"\"b\"\"\"\n2,\n3,\"\"\n");
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  Records want = {{"id", "name"}, {"1", "a, \"b\""}, {"2", ""}, {"3", ""}};
  EXPECT_EQ(*r, want);
}

TEST(CsvTest, FormattedRowsReadBackUnchanged) {
  std::vector<std::string> row = {"1", "a, \"b\"", "", "line\nbreak", "株式会社,テスト", "plain"};
  EXPECT_EQ(FormatCsvRow({"x", "y z"}), "x,y z");
  auto r = ReadAll(FormatCsvRow(row) + "\n", {.skip_blank_lines = true, .require_utf8 = true});
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  ASSERT_EQ(r->size(), 1u);
  EXPECT_EQ(r->front(), row);
}

TEST(CsvTest, QuotedFieldsHoldLineBreaksAndLinesAreCounted) {
  std::istringstream in("a,b\n\"x\ny\",z\nlast,row");
  CsvReader reader(in, "t.csv");
  std::vector<std::string> f;
  ASSERT_TRUE(*reader.Next(f));
  EXPECT_EQ(reader.record_line(), 1);
  ASSERT_TRUE(*reader.Next(f));
  EXPECT_EQ(f[0], "x\ny");
  EXPECT_EQ(reader.record_line(), 2);
  EXPECT_EQ(reader.field_position(1).line, 3);
  EXPECT_EQ(reader.field_position(1).column, 4);
  ASSERT_TRUE(*reader.Next(f));
  EXPECT_EQ(reader.record_line(), 4);
  EXPECT_EQ(f, (std::vector<std::string>{"last", "row"}));
  EXPECT_FALSE(*reader.Next(f));
}

// Found by fuzz/csv_fuzz (fuzz/regressions/csv/lone-cr-line-count): a lone CR ended the record
// but not the line, so every record of a CR-only file and its errors said "line 1".
TEST(CsvTest, LoneCarriageReturnEndsALine) {
  std::istringstream in("a,b\r1,2\r\n\"x\ry\",3\rbad\"");
  CsvReader reader(in, "t.csv");
  std::vector<std::string> f;
  ASSERT_TRUE(*reader.Next(f));
  EXPECT_EQ(reader.record_line(), 1);
  ASSERT_TRUE(*reader.Next(f));
  EXPECT_EQ(reader.record_line(), 2);
  ASSERT_TRUE(*reader.Next(f));
  EXPECT_EQ(reader.record_line(), 3);
  EXPECT_EQ(f, (std::vector<std::string>{"x\ry", "3"}));
  EXPECT_EQ(reader.field_position(1).line, 4);
  auto more = reader.Next(f);
  ASSERT_FALSE(more.ok());
  EXPECT_NE(more.status().message().find("t.csv line 5"), std::string::npos)
      << more.status().message();
}

TEST(CsvTest, BomIsSkippedAndBlankLinesIgnored) {
  auto r = ReadAll("\xEF\xBB\xBFid\n\n1\n\n");
  ASSERT_TRUE(r.ok());
  Records want = {{"id"}, {"1"}};
  EXPECT_EQ(*r, want);
  auto kept = ReadAll("id\n\n1\n", {.skip_blank_lines = false});
  ASSERT_TRUE(kept.ok());
  EXPECT_EQ(kept->size(), 3u);
}

TEST(CsvTest, ColumnsCountCharactersNotBytes) {
  std::istringstream in("東京都,\"x\"y\n");
  CsvReader reader(in, "jp.csv");
  std::vector<std::string> f;
  auto r = reader.Next(f);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(r.status().message(),
            "jp.csv line 1 column 8: unexpected character after a closing quote (expected , or "
            "end of line)");
}

TEST(CsvTest, ErrorsNameLineAndColumn) {
  auto unterminated = ReadAll("a,b\n1,\"open\n2,3\n");
  ASSERT_FALSE(unterminated.ok());
  EXPECT_NE(unterminated.status().message().find("t.csv line 2 column 3"), std::string::npos)
      << unterminated.status().message();
  EXPECT_NE(unterminated.status().message().find("never closed"), std::string::npos);

  auto stray = ReadAll("a,b\n1,x\"y\n");
  ASSERT_FALSE(stray.ok());
  EXPECT_NE(stray.status().message().find("line 2 column 4"), std::string::npos)
      << stray.status().message();

  auto sjis = ReadAll("a,b\n1,\x93\x8c\x8b\x9e\n");  // 東京 in Shift_JIS
  ASSERT_FALSE(sjis.ok());
  EXPECT_NE(sjis.status().message().find("line 2 column 3: not valid UTF-8"), std::string::npos)
      << sjis.status().message();
}

TEST(CsvTest, LargeInputIsReadAcrossChunks) {
  std::string text;
  for (int i = 0; i < 20000; ++i) text += std::to_string(i) + ",\"v" + std::to_string(i) + "\"\n";
  auto r = ReadAll(text);
  ASSERT_TRUE(r.ok());
  ASSERT_EQ(r->size(), 20000u);
  EXPECT_EQ((*r)[12345][1], "v12345");
}

TEST(CsvTest, Utf8Validation) {
  EXPECT_TRUE(IsValidUtf8("abc 東京 🍣"));
  size_t bad = 0;
  EXPECT_FALSE(IsValidUtf8("ab\xC0\x80", &bad));  // overlong NUL
  EXPECT_EQ(bad, 2u);
  EXPECT_FALSE(IsValidUtf8("\xED\xA0\x80"));  // surrogate
  EXPECT_FALSE(IsValidUtf8("\xE6\x9D"));      // truncated
}

}  // namespace
}  // namespace formsender
