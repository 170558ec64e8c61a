// Sales-refusal cases of form-engine-cases.md §B with the corrected expectations.
#include "engine/refusal.h"

#include <gtest/gtest.h>

namespace formsender::engine {
namespace {

bool Detects(const std::string& body) {
  Document doc("<html><body>" + body + "</body></html>");
  return DetectRefusal(doc.root()).detected;
}

struct Case {
  const char* id;
  const char* html;
  bool expected;
};

class RefusalCases : public ::testing::TestWithParam<Case> {};

TEST_P(RefusalCases, MatchesCorrectedExpectation) {
  EXPECT_EQ(Detects(GetParam().html), GetParam().expected)
      << GetParam().id << ": " << GetParam().html;
}

INSTANTIATE_TEST_SUITE_P(
    B, RefusalCases,
    ::testing::Values(
        Case{"B01", "<form><p>営業目的のお問い合わせはご遠慮ください。</p><input name=a></form>",
             true},
        Case{"B02", "<footer><p>※営業電話・営業メールはお断りしております。</p></footer>", true},
        Case{"B03", "<div><p>営業・勧誘はお断りいたします。</p></div>", true},
        Case{"B05",
             "<div "
             "class=contact><p>営業日以外のお問い合わせは翌営業日にご連絡いたします。</p></div>",
             false},
        Case{"B06", "<div class=contact><p>担当営業よりご連絡差し上げます。</p></div>", false},
        Case{"B07", "<form><p>スパム対策のためreCAPTCHAを利用しています。</p></form>", false},
        Case{"B09", "<form><p>セールス目的でのご連絡はお控えください。</p></form>", true},
        Case{"B10", "<form><p>No solicitations, please.</p></form>", true},
        Case{"B11",
             "<div class=contact><p>We do not accept sales inquiries through this form.</p></div>",
             true},
        Case{"B13",
             "<form><p>営業時間外のお問い合わせ、営業目的のご連絡はご遠慮ください。</p></form>",
             true},
        Case{"B14", "<form><p>勧誘のお電話は固くお断りいたします。</p></form>", true},
        Case{"B15", "<form><p>取材・営業等のお電話はお受けできません。</p></form>", true},
        Case{"B17",
             "<form><p>お気軽にお問い合わせください。担当者より折り返しご連絡いたします。</p></"
             "form>",
             false},
        Case{"B18", "<form><p>営業お断り</p></form>", true},
        Case{"B19", "<form><p>営業のご案内はお断りしています。</p></form>", true},
        Case{"B21", "<div><p>弊社では積極的な営業活動を行っております。</p></div>", false},
        Case{"B22", "<div><p>営業サービスに関するお問い合わせはこちら。</p></div>", false},
        Case{"B23",
             "<form><p>個人情報の取り扱いについて。営業目的のお問い合わせはご遠慮ください。</p></"
             "form>",
             true},
        Case{"B25",
             "<form><p>営業電話はお断りします。</p><p>勧誘メールはお断りします。</"
             "p><p>売り込みはご遠慮ください。</p></form>",
             true},
        Case{"B26", "<form><p>営業目的のお問い合わせも歓迎しております。</p></form>", false},
        Case{"B27", "<form><p>営業電話お断り</p></form>", true},
        Case{"B29", "<div>弊社への営業電話はお断りしております。</div>", true},
        Case{"B30", "<ul><li>営業・セールスのご連絡はご遠慮ください</li></ul>", true},
        Case{"B31", "<h2>営業のお電話・メールはお断りいたします</h2>", true},
        Case{"B33", "<form><p>Please do not use this form for sales pitches.</p></form>", true},
        Case{"B34", "<footer><p>No cold calls or vendor solicitations.</p></footer>", true},
        Case{"B35", "<form><p>Unsolicited sales offers are not accepted.</p></form>", true},
        Case{"B37", "<div><p>掲載内容の商業利用はご遠慮ください。</p></div>", false},
        Case{"B38", "<form><p>営業担当者からのご連絡はご遠慮ください。</p></form>", true},
        Case{"B39", "<form><p>同業者からのお問い合わせはご遠慮ください。</p></form>", true},
        Case{"B41", "<form><p>営業目的の</p><p>お問い合わせはご遠慮ください。</p></form>", true},
        // Issue 9: the personal-data and outside-hours near misses, and attestations.
        Case{"N1", "<p>販売目的での個人情報の利用はいたしません。</p>", false},
        Case{"N2", "<p>迷惑行為と判断した場合は対応いたしかねます。</p>", false},
        Case{"N3", "<p>営業時間：平日9:00〜18:00（土日祝を除く）</p>", false},
        Case{"N4",
             "<label><input type=checkbox name=c>営業目的のお問い合わせではありません</label>",
             true},
        Case{"N5", "<p>We never sell your personal information for marketing.</p>", false},
        Case{"N6", "<p>お問い合わせ内容によってはご返答いたしかねる場合がございます。</p>", false},
        Case{"N7", "<select><option>営業のご提案はお断り</option></select>", false}));

TEST(RefusalTest, PhrasesAreReported) {
  Document doc("<body><p>お気軽にどうぞ。</p><p>※営業電話はお断りしております。</p></body>");
  RefusalResult r = DetectRefusal(doc.root());
  ASSERT_TRUE(r.detected);
  ASSERT_EQ(r.phrases.size(), 1u);
  EXPECT_EQ(r.phrases[0], "※営業電話はお断りしております。");
}

}  // namespace
}  // namespace formsender::engine
