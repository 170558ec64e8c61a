#include "common/text.h"

#include <gtest/gtest.h>

namespace formsender::text {
namespace {

TEST(TextTest, NfkcFoldsWidthAndCompatibility) {
  EXPECT_EQ(Nfkc("ＡＢＣ１２３"), "ABC123");
  EXPECT_EQ(Nfkc("ｶﾀｶﾅﾃﾞｽ"), "カタカナデス");
  EXPECT_EQ(Nfkc("㈱サンプル"), "(株)サンプル");
  EXPECT_EQ(NfkcLower("Ｅ－ＭＡＩＬ"), "e-mail");
}

TEST(TextTest, WidthConversion) {
  EXPECT_EQ(ToFullWidth("Tel 03-1234"), "Ｔｅｌ　０３－１２３４");
  EXPECT_EQ(ToFullWidth("ｻﾝﾌﾟﾙ"), "サンプル");
  EXPECT_EQ(ToHalfWidth("０３－１２３４－５６７８"), "03-1234-5678");
  EXPECT_EQ(ToHalfWidth("１ー１ー１　テストビル"), "1-1-1 テストビル");
  // A long-vowel mark between letters is kept.
  EXPECT_EQ(ToHalfWidth("コーポ１"), "コーポ1");
  EXPECT_EQ(ToHalfWidthKatakana("ガイシャ"), "ｶﾞｲｼｬ");
}

TEST(TextTest, KanaScripts) {
  EXPECT_EQ(KatakanaToHiragana("ヤマダ　タロウ"), "やまだ　たろう");
  EXPECT_EQ(HiraganaToKatakana("やまだ"), "ヤマダ");
  EXPECT_TRUE(IsKatakana("ヤマダ　タロー"));
  EXPECT_FALSE(IsKatakana("やまだ"));
  EXPECT_TRUE(IsHiragana("やまだ たろう"));
  EXPECT_FALSE(IsHiragana(""));
  EXPECT_TRUE(HasCjk("東京都"));
  EXPECT_TRUE(HasCjk("カタカナ"));
  EXPECT_FALSE(HasCjk("email"));
}

TEST(TextTest, WhitespaceAndLengths) {
  EXPECT_EQ(CollapseWhitespace("  a\u3000\n b\t"), "a b");
  EXPECT_EQ(CodePointCount("山田a"), 3u);
  EXPECT_EQ(Utf16Length("𠮷a"), 3u);
  EXPECT_EQ(TruncateUtf16("山田太郎", 2), "山田");
  EXPECT_EQ(TruncateUtf16("𠮷a", 1), "");
}

TEST(TextTest, CharsetLabels) {
  EXPECT_EQ(*CanonicalCharset("x-sjis"), "Shift_JIS");
  EXPECT_EQ(*CanonicalCharset("Windows-31J"), "Shift_JIS");
  EXPECT_EQ(*CanonicalCharset("\"euc-jp\""), "EUC-JP");
  EXPECT_EQ(*CanonicalCharset("utf8"), "UTF-8");
  EXPECT_EQ(*CanonicalCharset("ISO-2022-JP"), "ISO-2022-JP");
  auto bad = CanonicalCharset("no-such-charset");
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(bad.status().message().find("no-such-charset"), std::string::npos);
}

TEST(TextTest, JapaneseCharsetsRoundTrip) {
  for (const char* cs : {"Shift_JIS", "EUC-JP", "ISO-2022-JP"}) {
    // ① and 髙 are Windows-31J extensions; ISO-2022-JP has neither.
    const std::string text =
        std::string(cs) == "ISO-2022-JP" ? "お問い合わせ高橋ー" : "お問い合わせ①髙橋～ー";
    auto encoded = FromUtf8(text, cs);
    ASSERT_TRUE(encoded.ok()) << cs << encoded.status().ToString();
    EXPECT_NE(*encoded, text) << cs;
    auto decoded = ToUtf8(*encoded, cs);
    ASSERT_TRUE(decoded.ok()) << cs;
    EXPECT_EQ(*decoded, text) << cs;
  }
  // Shift_JIS bytes of お問い合わせ.
  EXPECT_EQ(*FromUtf8("お問", "Shift_JIS"), "\x82\xA8\x96\xE2");
}

TEST(TextTest, UnmappableCharactersBecomeNumericReferences) {
  EXPECT_EQ(*FromUtf8("a😀b", "Shift_JIS"), "a&#128512;b");
  EXPECT_EQ(*FromUtf8("髙", "ISO-2022-JP"), "&#39641;");
}

TEST(TextTest, DetectsUndeclaredCharsets) {
  const std::string sample =
      "<html><body><p>お問い合わせフォームです。会社名、お名前、メールアドレスをご入力ください。"
      "担当者より折り返しご連絡いたします。</p></body></html>";
  EXPECT_EQ(DetectCharset(sample), "UTF-8");
  EXPECT_EQ(DetectCharset(*FromUtf8(sample, "Shift_JIS")), "Shift_JIS");
  EXPECT_EQ(DetectCharset(*FromUtf8(sample, "EUC-JP")), "EUC-JP");
  EXPECT_EQ(DetectCharset(*FromUtf8(sample, "ISO-2022-JP")), "ISO-2022-JP");
  EXPECT_EQ(DetectCharset("plain ascii"), "UTF-8");
}

TEST(TextTest, InvalidUtf8IsRepaired) {
  EXPECT_FALSE(IsValidUtf8("a\xff"));
  EXPECT_EQ(*ToUtf8("a\xff", "utf-8"), "a\xEF\xBF\xBD");
}

}  // namespace
}  // namespace formsender::text
