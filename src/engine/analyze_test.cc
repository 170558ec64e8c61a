// The mapping cases of form-engine-cases.md §A, corrected where the case records a defect.
#include "engine/analyze.h"

#include <gtest/gtest.h>

#include "engine/test_util.h"

namespace formsender::engine {
namespace {

using testing::AnalyzeBody;
using testing::CategoryOf;
using testing::SampleProfile;
using testing::ValueOf;

const std::string kFN = "山田\u3000太郎";
const std::string kFK = "ヤマダ\u3000タロウ";
const std::string kEM = "taro.yamada@example.com";

class AnalyzeCases : public ::testing::Test {
 protected:
  ClientProfile profile_ = SampleProfile();
  Analysis Run(const std::string& body) { return AnalyzeBody(body, &profile_); }
};

TEST_F(AnalyzeCases, A01LabelFor) {
  auto a = Run(R"(<form action="/send" method="post">
<p><label for="company">会社名</label><input type="text" id="company" name="company"></p>
<p><label for="name">お名前<span>必須</span></label><input type="text" id="name" name="name" required></p>
<p><label for="email">メールアドレス<span>必須</span></label><input type="email" id="email" name="email" required></p>
<p><label for="tel">電話番号</label><input type="tel" id="tel" name="tel"></p>
<p><label for="msg">お問い合わせ内容<span>必須</span></label><textarea id="msg" name="message" required></textarea></p>
<button type="submit">送信する</button></form>)");
  EXPECT_EQ(a.verdict, "contact_form");
  EXPECT_EQ(a.code, "");
  EXPECT_EQ(CategoryOf(a, "company"), "company_name");
  EXPECT_EQ(ValueOf(a, "company"), "サンプル株式会社");
  EXPECT_EQ(CategoryOf(a, "name"), "full_name");
  EXPECT_EQ(ValueOf(a, "name"), kFN);
  EXPECT_EQ(ValueOf(a, "email"), kEM);
  EXPECT_EQ(ValueOf(a, "tel"), "03-1234-5678");
  EXPECT_EQ(CategoryOf(a, "message"), "message");
  EXPECT_EQ(ValueOf(a, "message"), profile_.message);
  EXPECT_EQ(a.submit_kind, "submit");
}

TEST_F(AnalyzeCases, A02TableSplitNames) {
  auto a = Run(R"(<form><table>
<tr><th>会社名<span class="req">必須</span></th><td><input type="text" name="kaisha"></td></tr>
<tr><th>お名前<span class="req">必須</span></th><td>姓<input type="text" name="sei" placeholder="山田"> 名<input type="text" name="mei" placeholder="太郎"></td></tr>
<tr><th>フリガナ<span class="req">必須</span></th><td>セイ<input type="text" name="sei_kana" placeholder="ヤマダ"> メイ<input type="text" name="mei_kana" placeholder="タロウ"></td></tr>
<tr><th>メールアドレス<span class="req">必須</span></th><td><input type="text" name="mail"></td></tr>
<tr><th>お問い合わせ内容</th><td><textarea name="naiyou"></textarea></td></tr>
</table><input type="submit" value="確認画面へ"></form>)");
  EXPECT_EQ(CategoryOf(a, "kaisha"), "company_name");
  EXPECT_EQ(CategoryOf(a, "sei"), "last_name");
  EXPECT_EQ(ValueOf(a, "sei"), "山田");
  EXPECT_EQ(CategoryOf(a, "mei"), "first_name");
  EXPECT_EQ(ValueOf(a, "mei"), "太郎");
  EXPECT_EQ(CategoryOf(a, "sei_kana"), "last_name_kana");
  EXPECT_EQ(ValueOf(a, "sei_kana"), "ヤマダ");
  EXPECT_EQ(CategoryOf(a, "mei_kana"), "first_name_kana");
  EXPECT_EQ(ValueOf(a, "mei_kana"), "タロウ");
  EXPECT_EQ(CategoryOf(a, "mail"), "email");
  EXPECT_EQ(CategoryOf(a, "naiyou"), "message");
  EXPECT_TRUE(testing::FieldNamed(a, "kaisha")->required);
  EXPECT_EQ(a.submit_kind, "confirm");
}

TEST_F(AnalyzeCases, A03DefinitionListGenericNames) {
  auto a = Run(R"(<form><dl>
<dt>貴社名 <span>※必須</span></dt><dd><input type="text" name="f1"></dd>
<dt>ご担当者名 <span>※必須</span></dt><dd><input type="text" name="f2"></dd>
<dt>フリガナ</dt><dd><input type="text" name="f3"></dd>
<dt>E-mail <span>※必須</span></dt><dd><input type="text" name="f4"></dd>
<dt>電話番号</dt><dd><input type="text" name="f5"></dd>
<dt>ご用件</dt><dd><textarea name="f6"></textarea></dd>
</dl><button type="submit">送信</button></form>)");
  EXPECT_EQ(CategoryOf(a, "f1"), "company_name");
  EXPECT_EQ(CategoryOf(a, "f2"), "full_name");
  EXPECT_EQ(CategoryOf(a, "f3"), "full_name_kana") << AnalysisToJson(a).dump(1);
  EXPECT_EQ(ValueOf(a, "f3"), kFK) << AnalysisToJson(a)["fields"].dump(1);
  EXPECT_EQ(CategoryOf(a, "f4"), "email");
  EXPECT_EQ(CategoryOf(a, "f5"), "phone");
  EXPECT_EQ(CategoryOf(a, "f6"), "message");
}

TEST_F(AnalyzeCases, A05PostalPartsInOrderAndAddressAfterPrefecture) {
  auto a = Run(R"(<form><table>
<tr><th>郵便番号</th><td>〒<input type="text" name="zip1" size="3">-<input type="text" name="zip2" size="4"></td></tr>
<tr><th>都道府県</th><td><select name="pref"><option value="">選択してください</option><option>北海道</option><option>青森県</option><option>東京都</option><option>神奈川県</option><option>大阪府</option><option>福岡県</option></select></td></tr>
<tr><th>住所</th><td><input type="text" name="address" placeholder="市区町村・番地・建物名"></td></tr>
<tr><th>メールアドレス</th><td><input type="email" name="email"></td></tr>
<tr><th>お問い合わせ内容</th><td><textarea name="inquiry"></textarea></td></tr></table><button type="submit">送信</button></form>)");
  EXPECT_EQ(CategoryOf(a, "zip1"), "postal_code_1");
  EXPECT_EQ(ValueOf(a, "zip1"), "100");
  EXPECT_EQ(CategoryOf(a, "zip2"), "postal_code_2");
  EXPECT_EQ(ValueOf(a, "zip2"), "0001");
  EXPECT_EQ(CategoryOf(a, "pref"), "prefecture");
  EXPECT_EQ(ValueOf(a, "pref"), "東京都");
  EXPECT_EQ(ValueOf(a, "address"), "千代田区千代田１ー１ー１\u3000テストビル３階");
}

TEST_F(AnalyzeCases, A06EmailConfirmation) {
  auto a = Run(
      R"(<form><p><label for="em">メールアドレス*</label><input type="email" id="em" name="email" required></p>
<p><label for="em2">メールアドレス（確認用）*</label><input type="email" id="em2" name="email_confirm" required></p>
<p><label for="nm">お名前*</label><input type="text" id="nm" name="name" required></p>
<p><label for="tx">お問い合わせ内容*</label><textarea id="tx" name="content" required></textarea></p><button type="submit">送信</button></form>)");
  EXPECT_EQ(CategoryOf(a, "email"), "email");
  EXPECT_EQ(CategoryOf(a, "email_confirm"), "email_confirm");
  EXPECT_EQ(ValueOf(a, "email_confirm"), kEM);
  EXPECT_EQ(CategoryOf(a, "name"), "full_name");
  EXPECT_EQ(CategoryOf(a, "content"), "message");
}

TEST_F(AnalyzeCases, A07LegacyTdLabels) {
  auto a =
      Run(R"(<form><table><tr><td>メールアドレス</td><td><input type="text" name="mail"></td></tr>
<tr><td>メールアドレス(再入力)</td><td><input type="text" name="mail2"></td></tr>
<tr><td>お名前</td><td><input type="text" name="onamae"></td></tr>
<tr><td>内容</td><td><textarea name="comment"></textarea></td></tr></table><input type="submit" value="送信"></form>)");
  EXPECT_EQ(CategoryOf(a, "mail"), "email");
  EXPECT_EQ(CategoryOf(a, "mail2"), "email_confirm");
  EXPECT_EQ(CategoryOf(a, "onamae"), "full_name");
  EXPECT_EQ(CategoryOf(a, "comment"), "message");
}

TEST_F(AnalyzeCases, A09ConsentTickedNewsletterLeftAlone) {
  auto a = Run(R"(<form><p><label for="e">Email</label><input type="email" id="e" name="email"></p>
<p><label for="m">Message</label><textarea id="m" name="message"></textarea></p>
<p><label><input type="checkbox" name="agree" value="1"> 個人情報の取り扱いに同意する</label></p>
<p><label><input type="checkbox" name="mailmag" value="1"> メルマガを受け取る</label></p><button type="submit">送信</button></form>)");
  EXPECT_EQ(CategoryOf(a, "agree"), "consent");
  EXPECT_EQ(ValueOf(a, "agree"), "1");
  EXPECT_EQ(ValueOf(a, "mailmag"), "<none>");
}

TEST_F(AnalyzeCases, A10HoneypotAndHiddenUntouched) {
  auto a =
      Run(R"(<form><p><label for="nm">お名前</label><input type="text" id="nm" name="your-name"></p>
<p><label for="em">メールアドレス</label><input type="email" id="em" name="your-email"></p>
<div style="position:absolute;left:-9999px"><label for="hp">Leave empty</label><input type="text" id="hp" name="honeypot_email" tabindex="-1"></div>
<input type="hidden" name="token" value="abc"><input type="hidden" name="mail_hidden" value="">
<p><label for="ms">メッセージ</label><textarea id="ms" name="your-message"></textarea></p><input type="submit" value="送信"></form>)");
  EXPECT_EQ(CategoryOf(a, "your-name"), "full_name");
  EXPECT_EQ(CategoryOf(a, "your-email"), "email");
  EXPECT_EQ(CategoryOf(a, "your-message"), "message");
  EXPECT_EQ(CategoryOf(a, "honeypot_email"), "honeypot");
  EXPECT_EQ(ValueOf(a, "honeypot_email"), "<none>");
  EXPECT_EQ(CategoryOf(a, "token"), "<missing>");
}

TEST_F(AnalyzeCases, A11ContactForm7) {
  auto a = Run(R"(<form class="wpcf7-form" action="/contact/#wpcf7-f1" method="post">
<p>会社名<br><span class="wpcf7-form-control-wrap"><input type="text" name="your-company" class="wpcf7-form-control wpcf7-text"></span></p>
<p>お名前 (必須)<br><span class="wpcf7-form-control-wrap"><input type="text" name="your-name" class="wpcf7-form-control wpcf7-text wpcf7-validates-as-required" aria-required="true"></span></p>
<p>メールアドレス (必須)<br><span class="wpcf7-form-control-wrap"><input type="email" name="your-email" class="wpcf7-form-control wpcf7-text wpcf7-email wpcf7-validates-as-required wpcf7-validates-as-email" aria-required="true"></span></p>
<p>題名<br><span class="wpcf7-form-control-wrap"><input type="text" name="your-subject" class="wpcf7-form-control wpcf7-text"></span></p>
<p>メッセージ本文<br><span class="wpcf7-form-control-wrap"><textarea name="your-message" class="wpcf7-form-control wpcf7-textarea"></textarea></span></p>
<p><input type="submit" value="送信" class="wpcf7-form-control wpcf7-submit"></p></form>)");
  EXPECT_EQ(CategoryOf(a, "your-company"), "company_name");
  EXPECT_EQ(CategoryOf(a, "your-name"), "full_name");
  EXPECT_TRUE(testing::FieldNamed(a, "your-name")->required);
  EXPECT_EQ(CategoryOf(a, "your-email"), "email");
  EXPECT_EQ(CategoryOf(a, "your-subject"), "subject");
  EXPECT_EQ(ValueOf(a, "your-subject"), "お問い合わせ（テスト）");
  EXPECT_EQ(CategoryOf(a, "your-message"), "message");
}

TEST_F(AnalyzeCases, A13NewsletterFormSkippedAndQBodyIsTheMessage) {
  auto a = Run(
      R"(<form action="/newsletter/subscribe"><label for="nl">メルマガ登録</label><input type="email" id="nl" name="nl_email"><button type="submit">登録</button></form>
<form action="/inquiry"><label for="a">お名前</label><input id="a" type="text" name="name"><label for="b">メール</label><input id="b" type="email" name="mail">
<label for="c">ご質問</label><textarea id="c" name="q_body"></textarea><button type="submit">送信</button></form>)");
  ASSERT_EQ(a.chosen, 1);
  EXPECT_EQ(CategoryOf(a, "name"), "full_name");
  EXPECT_EQ(CategoryOf(a, "mail"), "email");
  EXPECT_EQ(CategoryOf(a, "q_body"), "message");
  EXPECT_EQ(a.code, "");
}

TEST_F(AnalyzeCases, A14ControlsWithoutFormNeedABrowser) {
  auto a = Run(
      R"(<div class="contact"><label for="n">お名前</label><input id="n" type="text" name="name"><label for="e">メール</label><input id="e" type="email" name="email">
<label for="t">内容</label><textarea id="t" name="body"></textarea><button id="send">送信</button></div>)");
  ASSERT_NE(a.form(), nullptr);
  EXPECT_TRUE(a.form()->is_pseudo);
  EXPECT_EQ(CategoryOf(a, "body"), "message");
  EXPECT_EQ(a.verdict, "needs_browser");
  EXPECT_EQ(a.code, "NEEDS_BROWSER");
}

TEST_F(AnalyzeCases, A15NoTextareaMeansNoMessageArea) {
  auto a = Run(
      R"(<form><label for="n">お名前</label><input id="n" type="text" name="name"><label for="e">メールアドレス</label><input id="e" type="email" name="email">
<label for="t">電話番号</label><input id="t" type="tel" name="tel"><button type="submit">送信</button></form>)");
  EXPECT_EQ(a.code, "NO_MESSAGE_AREA");
}

TEST_F(AnalyzeCases, A17PlaceholderOnly) {
  auto a = Run(
      R"(<form><input type="text" name="f_company" placeholder="会社名"><input type="text" name="f_name" placeholder="お名前">
<input type="text" name="f_mail" placeholder="example@example.com"><input type="text" name="f_tel" placeholder="03-1234-5678">
<textarea name="f_body" placeholder="お問い合わせ内容をご記入ください"></textarea><button type="submit">送信</button></form>)");
  EXPECT_EQ(CategoryOf(a, "f_company"), "company_name");
  EXPECT_EQ(CategoryOf(a, "f_name"), "full_name");
  EXPECT_EQ(CategoryOf(a, "f_mail"), "email");
  EXPECT_EQ(ValueOf(a, "f_tel"), "03-1234-5678");
  EXPECT_EQ(CategoryOf(a, "f_body"), "message");
}

TEST_F(AnalyzeCases, A18IndexedNamePairs) {
  auto a = Run(
      R"(<form><table><tr><th>お名前</th><td><input type="text" name="name1"><input type="text" name="name2"></td></tr>
<tr><th>フリガナ</th><td><input type="text" name="kana1"><input type="text" name="kana2"></td></tr>
<tr><th>メール</th><td><input type="email" name="email"></td></tr><tr><th>内容</th><td><textarea name="body"></textarea></td></tr></table><button type="submit">送信</button></form>)");
  EXPECT_EQ(ValueOf(a, "name1"), "山田");
  EXPECT_EQ(ValueOf(a, "name2"), "太郎");
  EXPECT_EQ(ValueOf(a, "kana1"), "ヤマダ");
  EXPECT_EQ(ValueOf(a, "kana2"), "タロウ");
}

TEST_F(AnalyzeCases, A19ArrayNames) {
  auto a = Run(
      R"(<form><p>お名前 <input type="text" name="name[0]" placeholder="姓"><input type="text" name="name[1]" placeholder="名"></p>
<p>フリガナ <input type="text" name="kana[0]" placeholder="セイ"><input type="text" name="kana[1]" placeholder="メイ"></p>
<p>メール <input type="email" name="email"></p><p>内容 <textarea name="body"></textarea></p><button type="submit">送信</button></form>)");
  EXPECT_EQ(CategoryOf(a, "name[0]"), "last_name");
  EXPECT_EQ(CategoryOf(a, "name[1]"), "first_name");
  EXPECT_EQ(CategoryOf(a, "kana[0]"), "last_name_kana");
  EXPECT_EQ(CategoryOf(a, "kana[1]"), "first_name_kana");
}

TEST_F(AnalyzeCases, A21SingleFurigana) {
  auto a = Run(
      R"(<form><p><label for="a">お名前</label><input id="a" type="text" name="name" placeholder="山田 太郎"></p>
<p><label for="b">フリガナ</label><input id="b" type="text" name="furigana" placeholder="ヤマダ タロウ"></p>
<p><label for="c">メール</label><input id="c" type="email" name="email"></p><p><label for="d">内容</label><textarea id="d" name="body"></textarea></p><button type="submit">送信</button></form>)");
  EXPECT_EQ(ValueOf(a, "name"), kFN);
  EXPECT_EQ(CategoryOf(a, "furigana"), "full_name_kana");
  EXPECT_EQ(ValueOf(a, "furigana"), kFK);
}

TEST_F(AnalyzeCases, A22AddressInFourInputs) {
  auto a = Run(
      R"(<form><table><tr><th>郵便番号</th><td><input type="text" name="zipcode" placeholder="123-4567"></td></tr>
<tr><th>都道府県</th><td><select name="pref"><option value="">選択</option><option value="13">東京都</option><option value="14">神奈川県</option><option value="27">大阪府</option><option value="1">北海道</option><option value="40">福岡県</option></select></td></tr>
<tr><th>市区町村</th><td><input type="text" name="city"></td></tr><tr><th>番地</th><td><input type="text" name="street"></td></tr>
<tr><th>建物名</th><td><input type="text" name="building"></td></tr><tr><th>メール</th><td><input type="email" name="email"></td></tr>
<tr><th>内容</th><td><textarea name="body"></textarea></td></tr></table><button type="submit">送信</button></form>)");
  EXPECT_EQ(ValueOf(a, "zipcode"), "100-0001");
  EXPECT_EQ(ValueOf(a, "pref"), "13");
  EXPECT_EQ(CategoryOf(a, "city"), "city");
  EXPECT_EQ(ValueOf(a, "city"), "千代田区千代田");
  EXPECT_EQ(ValueOf(a, "street"), "１ー１ー１");
  EXPECT_EQ(ValueOf(a, "building"), "テストビル３階");
  EXPECT_EQ(CategoryOf(a, "building"), "address_line");
}

TEST_F(AnalyzeCases, A23OptionalCompanyDetailsAreFilled) {
  auto a =
      Run(R"(<form><p><label for="a">会社名</label><input id="a" name="company" type="text"></p>
<p><label for="b">会社名（フリガナ）</label><input id="b" name="company_kana" type="text"></p>
<p><label for="c">部署名</label><input id="c" name="department" type="text"></p><p><label for="d">役職</label><input id="d" name="position" type="text"></p>
<p><label for="e">ホームページURL</label><input id="e" name="url" type="url"></p><p><label for="f">お名前</label><input id="f" name="name" type="text"></p>
<p><label for="g">メール</label><input id="g" name="email" type="email"></p><p><label for="h">お問い合わせ内容</label><textarea id="h" name="message"></textarea></p><button type="submit">送信</button></form>)");
  EXPECT_EQ(ValueOf(a, "company_kana"), "サンプルカブシキガイシャ");
  EXPECT_EQ(CategoryOf(a, "company_kana"), "company_name_kana");
  EXPECT_EQ(ValueOf(a, "department"), "営業部");
  EXPECT_EQ(ValueOf(a, "position"), "営業担当");
  EXPECT_EQ(ValueOf(a, "url"), "https://example.com");
}

TEST_F(AnalyzeCases, A25RadiosAndCheckboxesAddressedByOption) {
  auto a = Run(
      R"(<form><p>区分 <label><input type="radio" name="kubun" value="個人">個人</label><label><input type="radio" name="kubun" value="法人">法人</label></p>
<p>ご希望の連絡方法 <label><input type="checkbox" name="contact_method[]" value="電話">電話</label><label><input type="checkbox" name="contact_method[]" value="メール">メール</label></p>
<p>お名前 <input type="text" name="name"></p><p>メール <input type="email" name="email"></p><p>内容 <textarea name="body"></textarea></p><button type="submit">送信</button></form>)");
  EXPECT_EQ(ValueOf(a, "contact_method[]"), "メール");
  EXPECT_EQ(CategoryOf(a, "contact_method[]"), "contact_method");
}

TEST_F(AnalyzeCases, A26RequiredCheckboxGroupPrefersProposal) {
  auto a = Run(R"(<form><dl><dt>お問い合わせ項目<span class="required">必須</span></dt>
<dd><label><input type="checkbox" name="item[]" value="資料請求">資料請求</label><label><input type="checkbox" name="item[]" value="お見積り">お見積り</label><label><input type="checkbox" name="item[]" value="ご提案">ご提案</label><label><input type="checkbox" name="item[]" value="その他">その他</label></dd>
<dt>お名前</dt><dd><input type="text" name="name"></dd><dt>メール</dt><dd><input type="email" name="email"></dd><dt>内容</dt><dd><textarea name="body"></textarea></dd></dl><button type="submit">送信</button></form>)");
  EXPECT_EQ(CategoryOf(a, "item[]"), "inquiry_type");
  EXPECT_EQ(ValueOf(a, "item[]"), "ご提案");
}

TEST_F(AnalyzeCases, A27RequiredSelectGetsAnOption) {
  auto a = Run(
      R"(<form><p>ご用件 <select name="youken" required><option value="">--- 選択してください ---</option><option value="a">製品について</option><option value="b">営業のご提案</option><option value="c">その他</option></select></p>
<p>お名前 <input type="text" name="name"></p><p>メール <input type="email" name="email"></p><p>内容 <textarea name="body"></textarea></p><button type="submit">確認する</button></form>)");
  EXPECT_EQ(CategoryOf(a, "youken"), "inquiry_type");
  EXPECT_EQ(ValueOf(a, "youken"), "b");
}

TEST_F(AnalyzeCases, A29RefusalInsideTheForm) {
  auto a = Run(R"(<form><p class="note">※営業目的のお問い合わせはご遠慮ください。</p>
<p><label for="n">お名前</label><input id="n" type="text" name="name"></p><p><label for="e">メール</label><input id="e" type="email" name="email"></p><p><label for="b">内容</label><textarea id="b" name="body"></textarea></p><button type="submit">送信</button></form>)");
  EXPECT_EQ(a.verdict, "prohibited");
  EXPECT_EQ(a.code, "PROHIBITION_DETECTED");
  ASSERT_EQ(a.refusal.phrases.size(), 1u);
}

TEST_F(AnalyzeCases, A30EmailSplitAtTheAtSign) {
  auto a = Run(R"(<form><table><tr><th>お名前</th><td><input type="text" name="name"></td></tr>
<tr><th>メールアドレス</th><td><input type="text" name="email_user"> @ <input type="text" name="email_domain"></td></tr>
<tr><th>内容</th><td><textarea name="body"></textarea></td></tr></table><button type="submit">送信</button></form>)");
  EXPECT_EQ(ValueOf(a, "email_user"), "taro.yamada");
  EXPECT_EQ(testing::FieldNamed(a, "email_user")->part, "local");
  EXPECT_EQ(ValueOf(a, "email_domain"), "example.com");
  EXPECT_EQ(testing::FieldNamed(a, "email_domain")->part, "domain");
}

TEST_F(AnalyzeCases, A31CompanyOrPersonNameTakesTheCompany) {
  auto a = Run(
      R"(<form><p><label for="a">会社名または氏名</label><input id="a" name="cname" type="text"></p><p><label for="b">メール</label><input id="b" name="email" type="email"></p>
<p><label for="c">内容</label><textarea id="c" name="body"></textarea></p><button type="submit">送信</button></form>)");
  EXPECT_EQ(ValueOf(a, "cname"), "サンプル株式会社");
}

TEST_F(AnalyzeCases, A34UnknownRequiredFieldIsNeverGivenTheCompanyName) {
  auto a = Run(
      R"(<form><p><label for="a">お名前<span class="must">*</span></label><input id="a" name="name" type="text" required></p>
<p><label for="b">メール<span>*</span></label><input id="b" name="email" type="email" required></p>
<p><label for="c">ご来店予定日<span>*</span></label><input id="c" name="visit_date" type="text" required></p>
<p><label for="d">内容<span>*</span></label><textarea id="d" name="body" required></textarea></p><button type="submit">送信</button></form>)");
  EXPECT_EQ(CategoryOf(a, "visit_date"), "other");
  EXPECT_EQ(ValueOf(a, "visit_date"), "<none>");
  EXPECT_EQ(a.code, "REQUIRED_FIELD_UNFILLABLE");
}

TEST_F(AnalyzeCases, A35InquiryRadioPrefersOther) {
  auto a = Run(
      R"(<form><p>お問い合わせ種別<span>必須</span><br><label><input type="radio" name="type" value="1">商品について</label><label><input type="radio" name="type" value="2">採用について</label><label><input type="radio" name="type" value="3">その他</label></p>
<p>お名前 <input type="text" name="name"></p><p>メール <input type="email" name="email"></p><p>内容 <textarea name="body"></textarea></p><button type="submit">送信</button></form>)");
  EXPECT_EQ(CategoryOf(a, "type"), "inquiry_type");
  EXPECT_EQ(ValueOf(a, "type"), "3");
}

// A bare ふりがな label is the usual name of the reading field and is typed in katakana; a
// hiragana example or ひらがな asks for hiragana.
TEST_F(AnalyzeCases, A37FuriganaLabelKeepsKatakanaUnlessHiraganaIsAsked) {
  auto a = Run(
      R"(<form><table><tr><th>お名前</th><td><input type="text" name="onamae"></td></tr><tr><th>ふりがな</th><td><input type="text" name="furi"></td></tr>
<tr><th>メール</th><td><input type="email" name="email"></td></tr><tr><th>内容</th><td><textarea name="body"></textarea></td></tr></table><button type="submit">送信</button></form>)");
  EXPECT_EQ(CategoryOf(a, "furi"), "full_name_kana");
  EXPECT_EQ(testing::FieldNamed(a, "furi")->kana_script, "katakana");
  EXPECT_EQ(ValueOf(a, "furi"), kFK);
  auto h = Run(
      R"(<form><table><tr><th>お名前</th><td><input type="text" name="onamae"></td></tr><tr><th>ふりがな</th><td><input type="text" name="furi" placeholder="例）やまだ はなこ"></td></tr>
<tr><th>メール</th><td><input type="email" name="email"></td></tr><tr><th>内容</th><td><textarea name="body"></textarea></td></tr></table><button type="submit">送信</button></form>)");
  EXPECT_EQ(testing::FieldNamed(h, "furi")->kana_script, "hiragana");
  EXPECT_EQ(ValueOf(h, "furi"), "やまだ\u3000たろう");
}

TEST_F(AnalyzeCases, A38AddressAfterSeparatePrefecture) {
  auto a = Run(
      R"(<form><p><label for="p">都道府県</label><input id="p" name="pref" type="text"></p><p><label for="a">ご住所</label><input id="a" name="address" type="text"></p>
<p><label for="n">お名前</label><input id="n" name="name" type="text"></p><p><label for="e">メール</label><input id="e" name="email" type="email"></p><p><label for="m">内容</label><textarea id="m" name="message"></textarea></p><button type="submit">送信</button></form>)");
  EXPECT_EQ(ValueOf(a, "pref"), "東京都");
  EXPECT_EQ(ValueOf(a, "address"), "千代田区千代田１ー１ー１\u3000テストビル３階");
}

TEST_F(AnalyzeCases, A39SpanPrefixedSplitName) {
  auto a = Run(
      R"(<form><div class="row"><div class="label">お名前<span class="required">必須</span></div><div class="field"><span>姓</span><input type="text" name="lastname"><span>名</span><input type="text" name="firstname"></div></div>
<div class="row"><div class="label">メールアドレス<span class="required">必須</span></div><div class="field"><input type="email" name="email"></div></div>
<div class="row"><div class="label">お問い合わせ内容</div><div class="field"><textarea name="message"></textarea></div></div><button type="submit">送信</button></form>)");
  EXPECT_EQ(ValueOf(a, "lastname"), "山田");
  EXPECT_EQ(ValueOf(a, "firstname"), "太郎");
  EXPECT_TRUE(testing::FieldNamed(a, "lastname")->required);
}

TEST_F(AnalyzeCases, A41MessageGoesToTheInquiryTextarea) {
  auto a = Run(
      R"(<form><p><label for="n">お名前</label><input id="n" name="name" type="text"></p><p><label for="e">メール</label><input id="e" name="email" type="email"></p>
<p><label for="x">ご住所</label><textarea id="x" name="addr"></textarea></p><p><label for="m">お問い合わせ内容</label><textarea id="m" name="inq"></textarea></p>
<p><label for="o">その他ご要望</label><textarea id="o" name="other"></textarea></p><button type="submit">送信</button></form>)");
  EXPECT_EQ(CategoryOf(a, "inq"), "message");
  EXPECT_EQ(CategoryOf(a, "addr"), "address");
  EXPECT_EQ(ValueOf(a, "addr"), "<none>");
  EXPECT_EQ(CategoryOf(a, "other"), "other");
  EXPECT_EQ(ValueOf(a, "other"), "<none>");
}

TEST_F(AnalyzeCases, A42UnsubscribeFormIsNotChosen) {
  auto a = Run(
      R"(<form action="/mail/unsubscribe"><input type="email" name="email" placeholder="メールアドレス"><textarea name="reason" placeholder="配信停止理由"></textarea><button type="submit">配信停止</button></form>
<form action="/contact"><input type="text" name="name" placeholder="お名前"><input type="email" name="email2" placeholder="メールアドレス"><textarea name="message" placeholder="お問い合わせ内容"></textarea><button type="submit">送信</button></form>)");
  EXPECT_EQ(a.chosen, 1);
  EXPECT_EQ(ValueOf(a, "email2"), kEM);
}

TEST_F(AnalyzeCases, A43LoginFormIsNotChosen) {
  auto a = Run(
      R"(<form action="/login"><input type="text" name="login_id" placeholder="ログインID"><input type="password" name="password"><button>ログイン</button></form>
<form action="/contact"><label for="n">お名前</label><input id="n" type="text" name="name"><label for="e">メール</label><input id="e" type="email" name="email"><label for="m">内容</label><textarea id="m" name="message"></textarea><button type="submit">送信</button></form>)");
  EXPECT_EQ(a.chosen, 1);
  EXPECT_EQ(a.verdict, "contact_form");
}

TEST_F(AnalyzeCases, OnlyALoginFormIsNotAContactForm) {
  auto a = Run(
      R"(<form action="/login"><input type="text" name="login_id" placeholder="ログインID"><input type="password" name="password"><button>ログイン</button></form>)");
  EXPECT_EQ(a.verdict, "not_a_contact_form");
  EXPECT_EQ(a.code, "NO_FORM_FOUND");
}

TEST_F(AnalyzeCases, CaptchaKindsAreDetected) {
  const std::string form =
      R"(<form><label>お名前<input name="n"></label><label>メール<input type="email" name="e"></label><label>内容<textarea name="b"></textarea></label>)";
  for (auto [widget, kind] : std::vector<std::pair<std::string, std::string>>{
           {R"(<div class="g-recaptcha" data-sitekey="x"></div>)", "recaptcha_v2"},
           {R"(<div class="h-captcha" data-sitekey="x"></div>)", "hcaptcha"},
           {R"(<div class="cf-turnstile" data-sitekey="x"></div>)", "turnstile"},
           {R"(<script src="https://www.google.com/recaptcha/api.js?render=6Lc"></script>)",
            "recaptcha_v3"},
           {R"(<img src="/captcha/image.php"><label>画像の文字<input name="cap"></label>)",
            "image"}}) {
    auto a = Run(form + widget + "<button>送信</button></form>");
    EXPECT_EQ(a.verdict, "captcha") << widget;
    EXPECT_EQ(a.code, "BOT_DETECTED") << widget;
    EXPECT_EQ(a.captcha.kind, kind) << widget;
  }
}

TEST_F(AnalyzeCases, JsonShape) {
  auto a = Run(
      R"(<form action="/send" method="post"><label for="e">メール</label><input id="e" type="email" name="email"><label for="m">内容</label><textarea id="m" name="body"></textarea><button type="submit" name="go" value="1">送信</button></form>)");
  Json j = AnalysisToJson(a);
  EXPECT_EQ(j["verdict"], "contact_form");
  EXPECT_EQ(j["form"]["method"], "post");
  EXPECT_EQ(j["form"]["charset"], "UTF-8");
  EXPECT_EQ(j["fields"][0]["category"], "email");
  EXPECT_EQ(j["fields"][0]["value"], kEM);
  EXPECT_FALSE(j["fields"][0]["evidence"].empty());
  EXPECT_EQ(j["submit"]["name"], "go");
  EXPECT_EQ(j["refusal"]["detected"], false);
  EXPECT_EQ(j["captcha"]["detected"], false);
}

}  // namespace
}  // namespace formsender::engine
