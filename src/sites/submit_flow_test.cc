// The submission flows the sample sites play: confirmation screens (by button, by field, by
// session), Contact Form 7 and Snow Monkey Forms JSON, a JSON API, and the checks on CSRF
// tokens, hidden inputs, CAPTCHA responses and honeypots.
#include <gtest/gtest.h>

#include "common/time.h"
#include "sites/server_test_util.h"

namespace formsender::sites {
namespace {

constexpr const char* kMwSite = R"({
  "forms": {"contact": {
    "fields": {"onamae": {"label": "お名前", "required": true},
               "email": {"label": "メールアドレス", "required": true, "format": "email"}},
    "csrf_field": "token", "hidden": {"form-id": "7"}, "honeypots": ["url2"],
    "exclude_from_echo": ["form-id"]}},
  "routes": [
    {"path": "/contact/", "page": "input.html"},
    {"path": "/contact/", "method": "POST", "submit": {"form": "contact",
      "step_buttons": {"submitConfirm": "confirm", "submitBack": "back", "submit": "final"},
      "default_step": "confirm", "on_input": "input.html", "on_error": "input.html",
      "on_confirm": "confirm.html", "on_final": {"redirect": "/contact/complete/"}}},
    {"path": "/contact/complete/", "page": "complete.html"}
  ]})";

std::map<std::string, std::string> MwFiles() {
  return {{"input.html",
           "<form method=\"post\">{{errors}}<input name=\"onamae\" value=\"{{value:onamae}}\">"
           "{{error:onamae}}<input name=\"email\" value=\"{{value:email}}\">"
           "<input type=\"hidden\" name=\"token\" value=\"{{csrf_token}}\">"
           "<input type=\"hidden\" name=\"form-id\" value=\"7\">"
           "<input type=\"submit\" name=\"submitConfirm\" value=\"確認\"></form>"},
          {"confirm.html",
           "<form method=\"post\"><p>{{value:onamae}}</p>{{hidden_all}}"
           "<input type=\"hidden\" name=\"token\" value=\"{{csrf_token}}\">"
           "<input type=\"hidden\" name=\"form-id\" value=\"7\">"
           "<input type=\"submit\" name=\"submitBack\" value=\"戻る\">"
           "<input type=\"submit\" name=\"submit\" value=\"送信する\"></form>"},
          {"complete.html", "送信が完了しました"}};
}

class SubmitFlowTest : public testing::ServerTest {
 protected:
  void SetUp() override {
    MakeServer();
    AddSite("mw", kMwSite, MwFiles());
    AddSite("session", R"({
      "forms": {"c": {"fields": {"name": {"required": true}}, "csrf_field": "token"}},
      "routes": [
        {"path": "/", "page": "input.html"},
        {"path": "/confirm.php", "method": "POST", "submit": {"form": "c", "step": "confirm",
          "values_from_session": true, "on_confirm": "confirm.html", "on_final": "done.html"}},
        {"path": "/send.php", "method": "POST", "submit": {"form": "c", "step": "final",
          "values_from_session": true, "on_final": "done.html"}}]})",
            {{"input.html", "<input name=\"token\" value=\"{{csrf_token}}\">"},
             {"confirm.html", "<input name=\"token\" value=\"{{csrf_token}}\">{{value:name}}"},
             {"done.html", "受付番号：{{submission_id}}"}});
    AddSite("eccube", R"({
      "forms": {"c": {"fields": {"contact[name]": {"required": true}}}},
      "routes": [{"path": "/contact", "method": "POST", "submit": {"form": "c",
        "step_field": "mode", "step_values": {"confirm": "confirm", "complete": "final",
        "back": "back"}, "on_input": "input.html", "on_confirm": "confirm.html",
        "on_final": {"redirect": "/contact/complete"}}}]})",
            {{"input.html", "input"}, {"confirm.html", "{{hidden_all}}"}});
    AddSite("cf7", R"({
      "forms": {"contact": {"fields": {"your-email": {"label": "メールアドレス",
        "required": true, "format": "email"}}, "hidden": {"_wpcf7": "5"},
        "honeypots": ["your-website"],
        "error_format": "<span class=\"wpcf7-not-valid-tip\">{message}</span>"}},
      "routes": [
        {"path": "/contact/", "page": "contact.html"},
        {"path": "/contact/", "method": "POST", "submit": {"form": "contact", "step": "final",
          "on_final": "contact.html", "on_error": "contact.html",
          "messages": {"sent": "ありがとうございます。メッセージは送信されました。"}}},
        {"path": "/wp-json/contact-form-7/v1/contact-forms/5/feedback", "method": "POST",
          "submit": {"form": "contact", "step": "final", "response": "cf7_json"}}]})",
            {{"contact.html",
              "<form class=\"wpcf7-form {{state}}\">{{error:your-email}}"
              "<div class=\"wpcf7-response-output\">{{message}}</div></form>"}});
    AddSite("smf", R"({
      "forms": {"f": {"fields": {"email": {"required": true, "format": "email"}}}},
      "routes": [{"path": "/wp-json/snow-monkey-form/v1/view", "method": "POST", "submit": {
        "form": "f", "step_field": "snow-monkey-forms-meta[method]",
        "step_values": {"confirm": "confirm", "complete": "final", "back": "back"},
        "response": "smf_json"}}]})",
            {});
    AddSite("api", R"({
      "forms": {"f": {"fields": {"email": {"required": true, "format": "email"}},
        "captcha_field": "cf-turnstile-response"}},
      "routes": [{"path": "/api/inquiry", "method": "POST", "submit": {"form": "f",
        "step": "final", "body": "json", "response": "json"}}]})",
            {});
    Start();
  }
};

TEST_F(SubmitFlowTest, ConfirmationByButtonWithTokenAndEchoedHiddenInputs) {
  auto page = Send("mw", "GET", "/contact/");
  ASSERT_TRUE(page.ok());
  std::string token = TokenIn(page->body, "token");
  ASSERT_EQ(token.size(), 40u);
  EXPECT_NE(cookie_.find("PHPSESSID="), std::string::npos);

  auto confirm = Post("mw", "/contact/",
                      {{"onamae", "佐藤　健一"},
                       {"email", "k.sato@example.co.jp"},
                       {"token", token},
                       {"form-id", "7"},
                       {"submitConfirm", "確認"}});
  ASSERT_TRUE(confirm.ok());
  EXPECT_EQ(confirm->status, 200);
  EXPECT_NE(confirm->body.find("<p>佐藤　健一</p>"), std::string::npos);
  // Echoed: the fields, not the button, the token or the excluded form id.
  EXPECT_NE(confirm->body.find("<input type=\"hidden\" name=\"onamae\" value=\"佐藤　健一\">"),
            std::string::npos);
  EXPECT_EQ(confirm->body.find("name=\"submitConfirm\""), std::string::npos);
  EXPECT_EQ(server_->sink().FinalCount("mw"), 0);

  auto back = Post("mw", "/contact/",
                   {{"onamae", "佐藤"},
                    {"email", "x"},
                    {"token", token},
                    {"form-id", "7"},
                    {"submitBack", "戻る"}});
  EXPECT_NE(back->body.find("value=\"佐藤\""), std::string::npos);

  auto done = Post("mw", "/contact/",
                   {{"onamae", "佐藤　健一"},
                    {"email", "k.sato@example.co.jp"},
                    {"token", token},
                    {"form-id", "7"},
                    {"submit", "送信する"}});
  ASSERT_TRUE(done.ok());
  EXPECT_EQ(done->status, 302);
  EXPECT_EQ(done->headers.Get("Location"), "/contact/complete/");
  EXPECT_EQ(server_->sink().FinalCount("mw"), 1);
  auto all = server_->sink().List("mw");
  ASSERT_EQ(all.size(), 3u);
  EXPECT_EQ(all[0].step, "confirm");
  EXPECT_EQ(all[1].step, "input");
  EXPECT_EQ(all[2].step, "final");
  EXPECT_TRUE(all[2].is_final);
  EXPECT_EQ(all[2].time, clock_.Now());
}

TEST_F(SubmitFlowTest, MissingOrForeignTokensAndChangedHiddenInputsAreRefused) {
  auto no_token =
      Post("mw", "/contact/",
           {{"onamae", "a"}, {"email", "a@b.jp"}, {"form-id", "7"}, {"submit", "送信"}});
  EXPECT_EQ(no_token->status, 403);
  auto page = Send("mw", "GET", "/contact/");
  std::string token = TokenIn(page->body, "token");
  cookie_.clear();  // a token without its session cookie
  auto foreign = Post("mw", "/contact/",
                      {{"onamae", "a"},
                       {"email", "a@b.jp"},
                       {"token", token},
                       {"form-id", "7"},
                       {"submit", "送信"}});
  EXPECT_EQ(foreign->status, 403);
  page = Send("mw", "GET", "/contact/");
  token = TokenIn(page->body, "token");
  auto changed = Post("mw", "/contact/",
                      {{"onamae", "a"},
                       {"email", "a@b.jp"},
                       {"token", token},
                       {"form-id", "8"},
                       {"submit", "送信"}});
  EXPECT_EQ(changed->status, 400);
  auto list = server_->sink().List("mw");
  ASSERT_EQ(list.size(), 3u);
  EXPECT_EQ(list[0].rejection, "csrf");
  EXPECT_EQ(list[1].rejection, "csrf");
  EXPECT_EQ(list[2].rejection, "hidden");
  EXPECT_EQ(server_->sink().FinalCount("mw"), 0);
}

TEST_F(SubmitFlowTest, ValidationErrorsAreShownAndNothingIsSent) {
  std::string token = TokenIn(Send("mw", "GET", "/contact/")->body, "token");
  auto r = Post("mw", "/contact/",
                {{"onamae", "\u3000"},
                 {"email", "k.sato@"},
                 {"token", token},
                 {"form-id", "7"},
                 {"submit", "送信"}});
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->status, 200);
  EXPECT_NE(r->body.find("<span class=\"error\">お名前は必須項目です。</span>"), std::string::npos);
  EXPECT_NE(r->body.find("<li>メールアドレスの形式が正しくありません。</li>"), std::string::npos);
  auto list = server_->sink().List("mw");
  ASSERT_EQ(list.size(), 1u);
  EXPECT_EQ(list[0].rejection, "validation");
  EXPECT_EQ(list[0].errors.size(), 2u);
}

TEST_F(SubmitFlowTest, HoneypotSubmissionsPretendSuccessButAreNotFinal) {
  std::string token = TokenIn(Send("mw", "GET", "/contact/")->body, "token");
  auto r = Post("mw", "/contact/",
                {{"onamae", "a"},
                 {"email", "a@b.jp"},
                 {"token", token},
                 {"form-id", "7"},
                 {"url2", "http://x"},
                 {"submit", "送信"}});
  EXPECT_EQ(r->status, 302);
  EXPECT_EQ(server_->sink().FinalCount("mw"), 0);
  auto list = server_->sink().List("mw");
  ASSERT_EQ(list.size(), 1u);
  EXPECT_TRUE(list[0].spam);
  EXPECT_EQ(list[0].honeypots_filled, std::vector<std::string>{"url2"});
  EXPECT_EQ(server_->sink().Counts()["mw"].spam, 1);
}

TEST_F(SubmitFlowTest, SessionFlowFinalUsesStoredValuesOnce) {
  std::string token = TokenIn(Send("session", "GET", "/")->body, "token");
  auto confirm = Post("session", "/confirm.php", {{"name", "佐藤"}, {"token", token}});
  EXPECT_NE(confirm->body.find("佐藤"), std::string::npos);
  auto done = Post("session", "/send.php", {{"token", token}, {"send", "送信"}});
  ASSERT_TRUE(done.ok());
  EXPECT_EQ(done->status, 200);
  auto finals = server_->sink().List("session", true);
  ASSERT_EQ(finals.size(), 1u);
  EXPECT_EQ(done->body, "受付番号：" + std::to_string(finals[0].id));
  EXPECT_EQ(finals[0].fields.size(), 2u);  // only the token and the button arrived
  EXPECT_EQ(*FirstValue(finals[0].effective_fields, "name"), "佐藤");
  EXPECT_EQ(*FirstValue(finals[0].effective_fields, "send"), "送信");
  auto again = Post("session", "/send.php", {{"token", token}, {"send", "送信"}});
  EXPECT_EQ(again->status, 403);
  EXPECT_EQ(server_->sink().List("session").back().rejection, "session");
  EXPECT_EQ(server_->sink().FinalCount("session"), 1);
}

TEST_F(SubmitFlowTest, StepChosenByFieldValue) {
  auto confirm = Post("eccube", "/contact", {{"contact[name]", "佐藤"}, {"mode", "confirm"}});
  EXPECT_EQ(confirm->body, "<input type=\"hidden\" name=\"contact[name]\" value=\"佐藤\">");
  EXPECT_EQ(Post("eccube", "/contact", {{"contact[name]", "佐藤"}, {"mode", "back"}})->body,
            "input");
  auto done = Post("eccube", "/contact", {{"contact[name]", "佐藤"}, {"mode", "complete"}});
  EXPECT_EQ(done->status, 302);
  EXPECT_EQ(done->headers.Get("Location"), "/contact/complete");
  EXPECT_EQ(server_->sink().FinalCount("eccube"), 1);
}

TEST_F(SubmitFlowTest, ContactForm7FeedbackJsonAndNoJsFallback) {
  std::string body =
      "--b\r\nContent-Disposition: form-data; name=\"_wpcf7\"\r\n\r\n5\r\n"
      "--b\r\nContent-Disposition: form-data; name=\"_wpcf7_unit_tag\"\r\n\r\nwpcf7-f5-o1\r\n"
      "--b\r\nContent-Disposition: form-data; name=\"your-email\"\r\n\r\nk.sato@example.co.jp\r\n"
      "--b--\r\n";
  auto sent = Send("cf7", "POST", "/wp-json/contact-form-7/v1/contact-forms/5/feedback", body,
                   "multipart/form-data; boundary=b");
  ASSERT_TRUE(sent.ok());
  auto json = ParseJson(sent->body);
  ASSERT_TRUE(json.ok()) << sent->body;
  EXPECT_EQ((*json)["status"], "mail_sent");
  EXPECT_EQ((*json)["contact_form_id"], 5);
  EXPECT_EQ((*json)["into"], "#wpcf7-f5-o1");
  EXPECT_EQ((*json)["message"], "ありがとうございます。メッセージは送信されました。");

  auto invalid = ParseJson(Post("cf7", "/wp-json/contact-form-7/v1/contact-forms/5/feedback",
                                {{"_wpcf7", "5"}, {"your-email", "nope"}})
                               ->body);
  EXPECT_EQ((*invalid)["status"], "validation_failed");
  EXPECT_EQ((*invalid)["invalid_fields"][0]["field"], "your-email");

  auto wrong_form = Post("cf7", "/wp-json/contact-form-7/v1/contact-forms/5/feedback",
                         {{"_wpcf7", "6"}, {"your-email", "a@b.jp"}});
  EXPECT_EQ(wrong_form->status, 404);
  auto spam = ParseJson(Post("cf7", "/wp-json/contact-form-7/v1/contact-forms/5/feedback",
                             {{"_wpcf7", "5"}, {"your-email", "a@b.jp"}, {"your-website", "x"}})
                            ->body);
  EXPECT_EQ((*spam)["status"], "spam");

  auto fallback = Post("cf7", "/contact/", {{"_wpcf7", "5"}, {"your-email", "a@b.jp"}});
  EXPECT_NE(fallback->body.find("wpcf7-form sent"), std::string::npos);
  EXPECT_NE(fallback->body.find("メッセージは送信されました"), std::string::npos);
  auto fallback_invalid = Post("cf7", "/contact/", {{"_wpcf7", "5"}, {"your-email", ""}});
  EXPECT_NE(fallback_invalid->body.find("wpcf7-form invalid"), std::string::npos);
  EXPECT_NE(fallback_invalid->body.find("wpcf7-not-valid-tip\">メールアドレスは必須項目です。"),
            std::string::npos);
  EXPECT_EQ(Send("cf7", "GET", "/contact/")->body.find("wpcf7-form init") == std::string::npos,
            false);
  EXPECT_EQ(server_->sink().FinalCount("cf7"), 2);
}

TEST_F(SubmitFlowTest, SnowMonkeyFormsViewJson) {
  auto confirm =
      ParseJson(Post("smf", "/wp-json/snow-monkey-form/v1/view",
                     {{"email", "a@b.jp"}, {"snow-monkey-forms-meta[method]", "confirm"}})
                    ->body);
  ASSERT_TRUE(confirm.ok());
  EXPECT_EQ((*confirm)["method"], "confirm");
  EXPECT_NE((*confirm)["action"].get<std::string>().find("value=\"complete\""), std::string::npos);
  auto invalid = ParseJson(Post("smf", "/wp-json/snow-monkey-form/v1/view",
                                {{"email", ""}, {"snow-monkey-forms-meta[method]", "complete"}})
                               ->body);
  EXPECT_EQ((*invalid)["method"], "invalid");
  EXPECT_TRUE((*invalid)["controls"].contains("email"));
  auto complete =
      ParseJson(Post("smf", "/wp-json/snow-monkey-form/v1/view",
                     {{"email", "a@b.jp"}, {"snow-monkey-forms-meta[method]", "complete"}})
                    ->body);
  EXPECT_EQ((*complete)["method"], "complete");
  EXPECT_EQ((*complete)["data"]["email"], "a@b.jp");
  EXPECT_EQ(server_->sink().FinalCount("smf"), 1);
}

TEST_F(SubmitFlowTest, JsonApiWithCaptchaResponse) {
  auto missing = Send("api", "POST", "/api/inquiry", R"({"email":"a@b.jp"})", "application/json");
  EXPECT_EQ(missing->status, 422);
  auto errors = ParseJson(missing->body);
  EXPECT_TRUE((*errors)["errors"].contains("cf-turnstile-response"));
  auto ok = Send("api", "POST", "/api/inquiry",
                 R"({"email":"a@b.jp","cf-turnstile-response":"XXXX"})", "application/json");
  EXPECT_EQ(ok->status, 200);
  EXPECT_EQ((*ParseJson(ok->body))["ok"], true);
  auto malformed = Send("api", "POST", "/api/inquiry", "{", "application/json");
  EXPECT_EQ(malformed->status, 400);
  EXPECT_EQ(server_->sink().List("api").back().rejection, "malformed");
  EXPECT_EQ(server_->sink().FinalCount("api"), 1);
}

}  // namespace
}  // namespace formsender::sites
