// Layouts and conventions of real Japanese contact forms beyond the reference's cases: each
// test is one way sites write a form, with what a careful human would fill in.
#include <gtest/gtest.h>

#include "engine/analyze.h"
#include "engine/test_util.h"

namespace formsender::engine {
namespace {

using testing::AnalyzeBody;
using testing::CategoryOf;
using testing::ValueOf;

class Layouts : public ::testing::Test {
 protected:
  ClientProfile profile_ = testing::SampleProfile();
  Analysis Run(const std::string& body) { return AnalyzeBody(body, &profile_); }
};

TEST_F(Layouts, TwoColumnTableRows) {
  auto a = Run(R"(<form method="post"><table>
<tr><th>姓</th><td><input name="a1"></td><th>名</th><td><input name="a2"></td></tr>
<tr><th>セイ</th><td><input name="a3"></td><th>メイ</th><td><input name="a4"></td></tr>
<tr><th>メール</th><td colspan="3"><input name="a5"></td></tr>
<tr><th>ご相談内容</th><td colspan="3"><textarea name="a6"></textarea></td></tr></table>
<input type="submit" value="送信"></form>)");
  EXPECT_EQ(CategoryOf(a, "a1"), "last_name");
  EXPECT_EQ(CategoryOf(a, "a2"), "first_name");
  EXPECT_EQ(ValueOf(a, "a3"), "ヤマダ");
  EXPECT_EQ(ValueOf(a, "a4"), "タロウ");
  EXPECT_EQ(CategoryOf(a, "a5"), "email");
  EXPECT_EQ(CategoryOf(a, "a6"), "message");
}

TEST_F(Layouts, BootstrapFormGroupsAndFloatingLabels) {
  auto a = Run(R"(<form method="post" action="/inquiry">
<div class="form-group"><label for="c">貴社名 <span class="badge badge-danger">必須</span></label><input class="form-control" id="c" name="corp"></div>
<div class="form-floating"><input class="form-control" id="m" name="f2" placeholder="name@example.com"><label for="m">メールアドレス</label></div>
<div class="form-floating"><input class="form-control" id="t" name="f3" placeholder=" "><label for="t">電話番号（ハイフンなし）</label></div>
<div class="form-group"><label for="b">お問い合わせ内容</label><textarea class="form-control" id="b" name="f4"></textarea></div>
<button class="btn btn-primary" type="submit">送信する</button></form>)");
  EXPECT_EQ(CategoryOf(a, "corp"), "company_name");
  EXPECT_TRUE(testing::FieldNamed(a, "corp")->required);
  EXPECT_EQ(CategoryOf(a, "f2"), "email");
  EXPECT_EQ(ValueOf(a, "f3"), "0312345678");
  EXPECT_EQ(CategoryOf(a, "f4"), "message");
}

TEST_F(Layouts, ListItemsWithSpanLabels) {
  auto a = Run(R"(<form method="post"><ul class="contact-list">
<li><span class="item">会社名</span><input name="q1"></li>
<li><span class="item">ご担当者名</span><input name="q2"></li>
<li><span class="item">E-mail</span><input name="q3"></li>
<li><span class="item">内容</span><textarea name="q4"></textarea></li></ul>
<p><input type="image" src="/img/send.png" alt="送信"></p></form>)");
  EXPECT_EQ(CategoryOf(a, "q1"), "company_name");
  EXPECT_EQ(CategoryOf(a, "q2"), "full_name");
  EXPECT_EQ(CategoryOf(a, "q3"), "email");
  EXPECT_EQ(CategoryOf(a, "q4"), "message");
  EXPECT_GE(a.submit_button, 0);
}

TEST_F(Layouts, AriaLabelledByAndAriaLabel) {
  auto a =
      Run(R"(<form method="post"><span id="l1">御社名</span><input aria-labelledby="l1" name="x1">
<input aria-label="メールアドレス" name="x2"><textarea aria-label="お問い合わせ内容" name="x3"></textarea><button>送信</button></form>)");
  EXPECT_EQ(CategoryOf(a, "x1"), "company_name");
  EXPECT_EQ(CategoryOf(a, "x2"), "email");
  EXPECT_EQ(CategoryOf(a, "x3"), "message");
}

TEST_F(Layouts, JapaneseControlNames) {
  auto a = Run(R"(<form method="post" action="mail.php">
<input name="会社名" placeholder=""><input name="お名前"><input name="フリガナ"><input name="メールアドレス">
<input name="電話番号"><textarea name="お問い合わせ内容"></textarea><input type="submit" value="確認"></form>)");
  EXPECT_EQ(CategoryOf(a, "会社名"), "company_name");
  EXPECT_EQ(CategoryOf(a, "お名前"), "full_name");
  EXPECT_EQ(CategoryOf(a, "フリガナ"), "full_name_kana");
  EXPECT_EQ(CategoryOf(a, "メールアドレス"), "email");
  EXPECT_EQ(CategoryOf(a, "電話番号"), "phone");
  EXPECT_EQ(CategoryOf(a, "お問い合わせ内容"), "message");
}

TEST_F(Layouts, RomajiAndEnglishNamesWithoutLabels) {
  auto a = Run(
      R"(<form method="post"><input name="kaisha_mei"><input name="tantousha"><input name="mail_address">
<input name="denwa"><input name="yubin"><input name="jusho"><textarea name="naiyou"></textarea><button>送信</button></form>)");
  EXPECT_EQ(CategoryOf(a, "kaisha_mei"), "company_name");
  EXPECT_EQ(CategoryOf(a, "mail_address"), "email");
  EXPECT_EQ(CategoryOf(a, "denwa"), "phone");
  EXPECT_EQ(CategoryOf(a, "yubin"), "postal_code");
  EXPECT_EQ(CategoryOf(a, "jusho"), "address");
  EXPECT_EQ(ValueOf(a, "jusho"), "東京都千代田区千代田１ー１ー１\u3000テストビル３階");
  EXPECT_EQ(CategoryOf(a, "naiyou"), "message");
}

TEST_F(Layouts, AutocompleteAttributesDecide) {
  auto a = Run(
      R"(<form method="post"><input name="f1" autocomplete="organization"><input name="f2" autocomplete="family-name">
<input name="f3" autocomplete="given-name"><input name="f4" autocomplete="email"><input name="f5" autocomplete="tel">
<input name="f6" autocomplete="postal-code"><textarea name="f7"></textarea><button>送信</button></form>)");
  EXPECT_EQ(CategoryOf(a, "f1"), "company_name");
  EXPECT_EQ(CategoryOf(a, "f2"), "last_name");
  EXPECT_EQ(CategoryOf(a, "f3"), "first_name");
  EXPECT_EQ(CategoryOf(a, "f4"), "email");
  EXPECT_EQ(CategoryOf(a, "f5"), "phone");
  EXPECT_EQ(CategoryOf(a, "f6"), "postal_code");
  EXPECT_EQ(CategoryOf(a, "f7"), "message");
}

TEST_F(Layouts, HoneypotsHiddenByStyleSheetsAndUtilityClasses) {
  auto a = Run(R"(<style>.hp-wrap{display:none}</style><form method="post">
<label>お名前<input name="name"></label><label>メール<input type="email" name="email"></label>
<div class="hp-wrap"><input name="url_check"></div><p class="d-none"><input name="fax_dummy"></p>
<input name="website" tabindex="-1" autocomplete="off">
<label>内容<textarea name="body"></textarea></label><button>送信</button></form>)");
  EXPECT_EQ(CategoryOf(a, "url_check"), "honeypot");
  EXPECT_EQ(CategoryOf(a, "fax_dummy"), "honeypot");
  EXPECT_EQ(CategoryOf(a, "website"), "honeypot");
  EXPECT_EQ(ValueOf(a, "website"), "<none>");
}

TEST_F(Layouts, WidthAndKanaRequests) {
  auto a = Run(R"(<form method="post"><table>
<tr><th>フリガナ（全角カナ）</th><td><input name="k"></td></tr>
<tr><th>電話番号（半角数字）</th><td><input name="t"></td></tr>
<tr><th>ご住所（全角）</th><td><input name="a"></td></tr>
<tr><th>会社名（半角カナ）</th><td><input name="ck"></td></tr>
<tr><th>メール</th><td><input name="m"></td></tr><tr><th>内容（全角1000文字以内）</th><td><textarea name="b"></textarea></td></tr>
</table><button>送信</button></form>)");
  EXPECT_EQ(ValueOf(a, "k"), "ヤマダ\u3000タロウ");
  EXPECT_EQ(ValueOf(a, "t"), "03-1234-5678");
  EXPECT_EQ(ValueOf(a, "a"), "東京都千代田区千代田１ー１ー１\u3000テストビル３階");
  EXPECT_EQ(CategoryOf(a, "ck"), "company_name_kana");
  EXPECT_EQ(ValueOf(a, "ck"), "ｻﾝﾌﾟﾙｶﾌﾞｼｷｶﾞｲｼｬ");
  EXPECT_EQ(ValueOf(a, "b"), profile_.message);
}

TEST_F(Layouts, SearchBoxInTheHeaderIsNotTheForm) {
  auto a = Run(
      R"(<header><form action="/search"><input type="search" name="s" placeholder="サイト内検索"><button>検索</button></form></header>
<main><form action="/contact/post" method="post"><p>お名前<input name="n"></p><p>メール<input name="m" type="email"></p><p>お問い合わせ内容<textarea name="t"></textarea></p><button>送信</button></form></main>)");
  EXPECT_EQ(a.chosen, 1);
  EXPECT_EQ(a.verdict, "contact_form");
}

TEST_F(Layouts, RecruitmentOnlyPageIsNotAContactForm) {
  auto a = Run(
      R"(<h1>採用エントリー</h1><form method="post" enctype="multipart/form-data"><p>氏名<input name="n"></p><p>メール<input type="email" name="m"></p>
<p>最終学歴<input name="school"></p><p>履歴書<input type="file" name="cv"></p><p>志望動機<textarea name="why"></textarea></p><button>応募する</button></form>)");
  EXPECT_EQ(a.verdict, "not_a_contact_form");
}

TEST_F(Layouts, CommentFormIsNotAContactForm) {
  auto a = Run(
      R"(<form id="commentform" class="comment-form" method="post" action="/wp-comments-post.php"><p>コメント<textarea name="comment"></textarea></p>
<p>名前<input name="author"></p><p>メール<input name="email"></p><input type="submit" value="コメントを送信"></form>)");
  EXPECT_EQ(a.verdict, "not_a_contact_form");
}

}  // namespace
}  // namespace formsender::engine
