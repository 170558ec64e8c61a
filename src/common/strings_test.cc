#include "common/strings.h"

#include <gtest/gtest.h>

namespace formsender {
namespace {

TEST(StringsTest, TrimSplitJoin) {
  EXPECT_EQ(Trim("  a b \r\n"), "a b");
  EXPECT_EQ(Split("a,,b", ','), (std::vector<std::string>{"a", "", "b"}));
  EXPECT_EQ(Join({"a", "b"}, ", "), "a, b");
  EXPECT_TRUE(EqualsIgnoreCase("Content-Type", "content-type"));
}

TEST(StringsTest, ParseNumbers) {
  EXPECT_EQ(*ParseInt64("-42"), -42);
  EXPECT_EQ(*ParseInt64("9223372036854775807"), INT64_MAX);
  EXPECT_FALSE(ParseInt64("9223372036854775808").ok());
  EXPECT_FALSE(ParseInt64("12a").ok());
  EXPECT_FALSE(ParseInt64("").ok());
  EXPECT_FALSE(ParseInt64(" 1").ok());
  EXPECT_DOUBLE_EQ(*ParseDouble("1.5"), 1.5);
  EXPECT_FALSE(ParseDouble("1.5x").ok());
}

TEST(StringsTest, ParseBoolAcceptsGuideSpellings) {
  for (const char* t : {"TRUE", "true", "True", "1", "yes", "ON", " on "}) {
    EXPECT_TRUE(*ParseBool(t)) << t;
  }
  for (const char* f : {"FALSE", "false", "0", "no", "Off"}) EXPECT_FALSE(*ParseBool(f)) << f;
  auto bad = ParseBool("y", "column active");
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(bad.status().message().find("column active"), std::string::npos);
}

TEST(StringsTest, Encodings) {
  EXPECT_EQ(HexEncode("\x01\xff"), "01ff");
  EXPECT_EQ(*HexDecode("01ff"), "\x01\xff");
  EXPECT_EQ(Base64Encode("any carnal pleas"), "YW55IGNhcm5hbCBwbGVhcw==");
  EXPECT_EQ(Base64UrlEncode("\xfb\xff"), "-_8");
  EXPECT_EQ(*Base64Decode("YW55IGNhcm5hbCBwbGVhcw"), "any carnal pleas");
  EXPECT_FALSE(Base64Decode("@@").ok());
  EXPECT_EQ(PercentEncode("a b/é"), "a%20b%2F%C3%A9");
  EXPECT_EQ(PercentEncodePath("a b/c"), "a%20b/c");
  EXPECT_EQ(*PercentDecode("a+b%2F", true), "a b/");
  EXPECT_FALSE(PercentDecode("%zz").ok());
  EXPECT_FALSE(PercentDecode("%4").ok());
}

}  // namespace
}  // namespace formsender
