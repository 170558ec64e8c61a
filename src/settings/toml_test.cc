#include "settings/toml.h"

#include <gtest/gtest.h>

namespace formsender::settings {
namespace {

TEST(TomlTest, ParsesTheSubset) {
  auto r = ParseToml(
      "\xEF\xBB\xBF# formsender\n"
      "USE_GCP_BATCH = true   # batch everywhere\n"
      "FORM_SENDER_SHARD_COUNT = 1_024\n"
      "FORM_SENDER_MAX_SESSION_HOURS_DEFAULT = 7.5\n"
      "FORM_SENDER_DEFAULT_SEND_END_TIME = \"17:30\" \r\n"
      "literal = 'C:\\path # not a comment'\n"
      "\"quoted key\" = \"a\\tb \\u00e9 \\\"q\\\"\"\n"
      "\n"
      "[batch]\n"
      "backend = \"gcp\"\n"
      "[objects] # trailing comment\n"
      "backend = \"local\"\n"
      "tasks.backend = \"local\"\n"
      "neg = -3\n",
      "formsender.toml");
  ASSERT_TRUE(r.ok()) << r.status().message();
  ASSERT_EQ(r->size(), 10u);
  EXPECT_EQ((*r)[0].key, "USE_GCP_BATCH");
  EXPECT_EQ(std::get<bool>((*r)[0].value), true);
  EXPECT_EQ((*r)[0].line, 2);
  EXPECT_EQ(std::get<int64_t>((*r)[1].value), 1024);
  EXPECT_DOUBLE_EQ(std::get<double>((*r)[2].value), 7.5);
  EXPECT_EQ(std::get<std::string>((*r)[3].value), "17:30");
  EXPECT_EQ(std::get<std::string>((*r)[4].value), "C:\\path # not a comment");
  EXPECT_EQ((*r)[5].key, "quoted key");
  EXPECT_EQ(std::get<std::string>((*r)[5].value), "a\tb é \"q\"");
  EXPECT_EQ((*r)[6].key, "batch.backend");
  EXPECT_EQ((*r)[7].key, "objects.backend");
  EXPECT_EQ((*r)[8].key, "objects.tasks.backend");
  EXPECT_EQ(std::get<int64_t>((*r)[9].value), -3);
}

TEST(TomlTest, ErrorsNameFileAndLine) {
  struct Case {
    const char* text;
    const char* message;
  };
  for (const Case& c : std::vector<Case>{
           {"a = 1\nb = \"x", "f.toml:2: unterminated string"},
           {"a = 1\na = 2", "f.toml:2: duplicate key a (first set on line 1)"},
           {"a = [1, 2]", "f.toml:1: arrays and inline tables are not supported"},
           {"a = \"\"\"x\"\"\"", "f.toml:1: multi-line strings are not supported"},
           {"a = yes",
            "f.toml:1: value yes is not a number, true or false (quote strings: \"yes\")"},
           {"a = 1 2", "f.toml:1: unexpected text after the value: \"2\""},
           {"a 1", "f.toml:1: expected '=' after a"},
           {"= 1", "f.toml:1: expected a key"},
           {"[sec", "f.toml:1: expected ']' after the table name"},
           {"[[arr]]", "f.toml:1: arrays of tables are not supported"},
           {"a = 1__0", "f.toml:1: malformed number \"1__0\""},
           {"a = .5", "f.toml:1: malformed number \".5\""},
           {"a = \"\\q\"", "f.toml:1: unknown escape \\q"},
           {"a =", "f.toml:1: missing value"},
       }) {
    auto r = ParseToml(c.text, "f.toml");
    ASSERT_FALSE(r.ok()) << c.text;
    EXPECT_EQ(r.status().message(), c.message) << c.text;
  }
}

TEST(TomlTest, DescribesValues) {
  EXPECT_EQ(TomlTypeName(TomlValue(int64_t{3})), "integer");
  EXPECT_EQ(TomlValueText(TomlValue(std::string("x"))), "\"x\"");
  EXPECT_EQ(TomlValueText(TomlValue(2.5)), "2.5");
  EXPECT_EQ(TomlValueText(TomlValue(false)), "false");
}

}  // namespace
}  // namespace formsender::settings
