#include "sites/validation.h"

#include <gtest/gtest.h>

namespace formsender::sites {
namespace {

FieldRule Rule(std::string format, bool required = true) {
  FieldRule r;
  r.required = required;
  r.format = std::move(format);
  return r;
}

std::string ErrorOf(const FieldRule& rule, const std::string& value) {
  FormSpec form;
  form.fields.emplace_back("f", rule);
  auto result = Validate(form, {{"f", value}});
  return result.errors.empty() ? "" : result.errors[0].second;
}

TEST(ValidationTest, RequiredTreatsIdeographicSpaceAsEmpty) {
  FieldRule r = Rule("");
  r.label = "お名前";
  EXPECT_EQ(ErrorOf(r, ""), "お名前は必須項目です。");
  EXPECT_EQ(ErrorOf(r, "\u3000 "), "お名前は必須項目です。");
  EXPECT_EQ(ErrorOf(r, "佐藤"), "");
  FormSpec form;
  form.fields.emplace_back("agree", r);
  EXPECT_FALSE(Validate(form, {}).ok());  // an unchecked checkbox is not sent at all
}

TEST(ValidationTest, Formats) {
  EXPECT_EQ(ErrorOf(Rule("email"), "k.sato@example.co.jp"), "");
  EXPECT_NE(ErrorOf(Rule("email"), "k.sato@example"), "");
  EXPECT_NE(ErrorOf(Rule("email"), "k sato@example.com"), "");
  EXPECT_EQ(ErrorOf(Rule("tel"), "03-6451-7820"), "");
  EXPECT_EQ(ErrorOf(Rule("tel"), "0364517820"), "");
  EXPECT_NE(ErrorOf(Rule("tel"), "03-6451-782"), "");
  EXPECT_NE(ErrorOf(Rule("tel"), "０３６４５１７８２０"), "");
  EXPECT_NE(ErrorOf(Rule("tel_digits"), "03-6451-7820"), "");
  EXPECT_EQ(ErrorOf(Rule("tel_digits"), "09012345678"), "");
  EXPECT_EQ(ErrorOf(Rule("tel_hyphen"), "090-1234-5678"), "");
  EXPECT_NE(ErrorOf(Rule("tel_hyphen"), "09012345678"), "");
  EXPECT_EQ(ErrorOf(Rule("postal"), "150-0002"), "");
  EXPECT_EQ(ErrorOf(Rule("postal"), "1500002"), "");
  EXPECT_NE(ErrorOf(Rule("postal_digits"), "150-0002"), "");
  EXPECT_EQ(ErrorOf(Rule("katakana"), "サトウ　ケンイチ"), "");
  EXPECT_NE(ErrorOf(Rule("katakana"), "さとう"), "");
  EXPECT_NE(ErrorOf(Rule("katakana"), "ｻﾄｳ"), "");
  EXPECT_EQ(ErrorOf(Rule("hiragana"), "さとう けんいち"), "");
  EXPECT_NE(ErrorOf(Rule("hiragana"), "サトウ"), "");
  EXPECT_EQ(ErrorOf(Rule("zenkaku"), "渋谷区渋谷２－１５－１"), "");
  EXPECT_NE(ErrorOf(Rule("zenkaku"), "渋谷区渋谷2-15-1"), "");
  EXPECT_EQ(ErrorOf(Rule("hankaku"), "2-15-1"), "");
  EXPECT_EQ(ErrorOf(Rule("url"), "https://www.example.co.jp/"), "");
  EXPECT_NE(ErrorOf(Rule("url"), "www.example.co.jp"), "");
  EXPECT_EQ(ErrorOf(Rule("email", false), ""), "");  // optional and empty: fine
}

TEST(ValidationTest, LengthsCountCharactersNotBytes) {
  FieldRule r = Rule("");
  r.max_length = 5;
  EXPECT_EQ(ErrorOf(r, "あいうえお"), "");
  EXPECT_NE(ErrorOf(r, "あいうえおか"), "");
  FieldRule digits = Rule("digits");
  digits.length = 3;
  EXPECT_EQ(ErrorOf(digits, "150"), "");
  EXPECT_NE(ErrorOf(digits, "1500"), "");
  FieldRule custom = Rule("");
  custom.min_length = 10;
  custom.message = "10文字以上でご入力ください";
  EXPECT_EQ(ErrorOf(custom, "短い"), "10文字以上でご入力ください");
  EXPECT_EQ(CodePointCount("佐藤a"), 3u);
  EXPECT_EQ(TrimWide("\u3000 佐藤 健一\u3000"), "佐藤 健一");
}

TEST(ValidationTest, ConfirmationChoicesCaptchaHiddenAndHoneypots) {
  FormSpec form;
  form.fields.emplace_back("email", Rule("email"));
  FieldRule confirm = Rule("");
  confirm.equals = "email";
  confirm.label = "確認用";
  form.fields.emplace_back("email2", confirm);
  FieldRule type = Rule("");
  type.one_of = {"製品について", "その他"};
  form.fields.emplace_back("type", type);
  form.captcha_field = "g-recaptcha-response";
  form.hidden = {{"form_id", "12"}};
  form.honeypots = {"website"};

  FieldList good = {{"email", "a@b.jp"}, {"email2", "a@b.jp"},
                    {"type", "その他"},  {"g-recaptcha-response", "token"},
                    {"form_id", "12"},   {"website", ""}};
  auto ok = Validate(form, good);
  EXPECT_TRUE(ok.ok());
  EXPECT_TRUE(ok.honeypots_filled.empty());

  FieldList bad = {{"email", "a@b.jp"},
                   {"email2", "x@b.jp"},
                   {"type", "営業"},
                   {"form_id", "13"},
                   {"website", "http://spam"}};
  auto result = Validate(form, bad);
  ASSERT_EQ(result.errors.size(), 3u);
  EXPECT_EQ(result.errors[0].first, "email2");
  EXPECT_EQ(result.errors[0].second, "確認用が一致しません。");
  EXPECT_EQ(result.errors[1].first, "type");
  EXPECT_EQ(result.errors[2].first, "g-recaptcha-response");
  EXPECT_NE(result.hidden_problem.find("form_id"), std::string::npos);
  EXPECT_EQ(result.honeypots_filled, std::vector<std::string>{"website"});

  form.captcha_answer = "7KQ2";
  FieldList wrong = good;
  wrong[3].second = "ABCD";
  EXPECT_EQ(Validate(form, wrong).errors.size(), 1u);
}

}  // namespace
}  // namespace formsender::sites
