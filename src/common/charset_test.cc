#include "common/charset.h"

#include <gtest/gtest.h>

namespace formsender {
namespace {

TEST(CharsetTest, CanonicalNamesFollowBrowserLabels) {
  EXPECT_EQ(*CanonicalCharset("SJIS"), "Shift_JIS");
  EXPECT_EQ(*CanonicalCharset(" windows-31j "), "Shift_JIS");
  EXPECT_EQ(*CanonicalCharset("x-euc-jp"), "EUC-JP");
  EXPECT_EQ(*CanonicalCharset("utf8"), "UTF-8");
  EXPECT_EQ(*CanonicalCharset("csISO2022JP"), "ISO-2022-JP");
  auto bad = CanonicalCharset("klingon");
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(bad.status().message().find("klingon"), std::string::npos);
}

TEST(CharsetTest, ShiftJisRoundTrip) {
  // "お問い合わせ" in Shift_JIS.
  const std::string sjis = "\x82\xa8\x96\xe2\x82\xa2\x8d\x87\x82\xed\x82\xb9";
  EXPECT_EQ(*DecodeToUtf8(sjis, "Shift_JIS"), "お問い合わせ");
  EXPECT_EQ(*EncodeFromUtf8("お問い合わせ", "shift_jis"), sjis);
}

TEST(CharsetTest, WindowsExtensionsDecodeAsBrowsersDo) {
  // NEC row 13 "①" and the Windows full-width tilde exist in Windows-31J.
  EXPECT_EQ(*DecodeToUtf8("\x87\x40", "Shift_JIS"), "①");
  EXPECT_EQ(*EncodeFromUtf8("－", "Shift_JIS"), "\x81\x7c");
}

TEST(CharsetTest, EucJpRoundTrip) {
  const std::string euc = "\xa4\xaa\xcc\xe4\xa4\xa4\xb9\xe7\xa4\xef\xa4\xbb";
  EXPECT_EQ(*DecodeToUtf8(euc, "EUC-JP"), "お問い合わせ");
  EXPECT_EQ(*EncodeFromUtf8("お問い合わせ", "EUC-JP"), euc);
}

TEST(CharsetTest, UnmappableCharactersBecomeNumericReferences) {
  EXPECT_EQ(*EncodeFromUtf8("A😀B", "Shift_JIS"), "A&#128512;B");
}

TEST(CharsetTest, InvalidBytesBecomeReplacementCharacters) {
  auto text = DecodeToUtf8(
      "a\xff"
      "b",
      "UTF-8");
  ASSERT_TRUE(text.ok());
  EXPECT_EQ(*text,
            "a\xef\xbf\xbd"
            "b");
  EXPECT_FALSE(DecodeToUtf8("x", "nope").ok());
}

TEST(CharsetTest, Iso2022JpRoundTrip) {
  auto encoded = EncodeFromUtf8("営業時間", "ISO-2022-JP");
  ASSERT_TRUE(encoded.ok());
  EXPECT_EQ(encoded->substr(0, 3), "\x1b$B");
  EXPECT_EQ(*DecodeToUtf8(*encoded, "ISO-2022-JP"), "営業時間");
}

}  // namespace
}  // namespace formsender
