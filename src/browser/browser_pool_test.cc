// The four script-dependent sample forms, rendered, filled and submitted through real Chromium;
// what reached the server is checked field by field.

#include "browser/browser_pool.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "browser/sample_forms.h"
#include "browser/testing.h"

namespace formsender::browser {
namespace {

class BrowserPoolTest : public ::testing::Test {
 protected:
  void SetUp() override {
    FS_REQUIRE_BROWSER();
    ASSERT_TRUE(sites_.Start().ok());
    pool_ = std::make_unique<BrowserPool>(LoopbackBrowserOptions(), nullptr);
  }
  std::unique_ptr<BrowserSession> Open(std::string label = "test") {
    auto session = pool_->OpenSession(SessionOptions{std::move(label)});
    EXPECT_TRUE(session.ok()) << session.status().ToString();
    return session.ok() ? std::move(*session) : nullptr;
  }

  SampleSites sites_;
  SampleSender sender_;
  std::unique_ptr<BrowserPool> pool_;
};

bool AllOk(const ExecuteResult& r) {
  bool ok = true;
  for (const auto& a : r.actions) {
    EXPECT_TRUE(a.ok) << a.element_id << " (" << FillKindName(a.kind) << "): " << a.error;
    ok = ok && a.ok;
  }
  return ok;
}

TEST_F(BrowserPoolTest, ReactLikeFormReceivesValuesThroughInputEvents) {
  auto session = Open("react");
  ASSERT_TRUE(session);
  auto page = session->Render(sites_.FormUrl(SampleForm::kReact), StepOptions{});
  ASSERT_TRUE(page.ok()) << page.status().ToString();
  EXPECT_EQ(page->http_status, 200);
  EXPECT_TRUE(page->settle.settled());
  ASSERT_EQ(page->frames.size(), 1u);
  // Built by script 150 ms after load: only a browser sees it.
  auto plan = SamplePlan(SampleForm::kReact, *page, sender_);
  ASSERT_TRUE(plan.ok()) << plan.status().ToString();

  auto result = session->Execute(*plan, StepOptions{});
  ASSERT_TRUE(result.ok()) << result.status().ToString();
  EXPECT_TRUE(AllOk(*result));
  EXPECT_TRUE(result->clicked);
  EXPECT_EQ(result->click_method, "mouse");
  EXPECT_FALSE(result->navigated);
  // The consent box is visually hidden: its label took the click.
  EXPECT_EQ(result->actions[6].method, "label");

  auto posted = sites_.Submissions(SampleSites::FinalPath(SampleForm::kReact));
  ASSERT_EQ(posted.size(), 1u);
  EXPECT_EQ(posted[0].content_type, "application/json");
  EXPECT_EQ(posted[0].Field("company"), sender_.company);
  EXPECT_EQ(posted[0].Field("name"), sender_.name);
  EXPECT_EQ(posted[0].Field("email"), sender_.email);
  EXPECT_EQ(posted[0].Field("category"), "sales");
  EXPECT_EQ(posted[0].Field("message"), sender_.message);
  EXPECT_EQ(posted[0].Field("contact"), "email");
  EXPECT_EQ(posted[0].Field("agree"), "true");

  EXPECT_NE(result->page.main_frame().html.find("送信完了"), std::string::npos);
  bool saw_api = false;
  for (const auto& x : result->page.network) {
    if (x.url.ends_with("/react/api/contact")) {
      saw_api = true;
      EXPECT_EQ(x.method, "POST");
      EXPECT_EQ(x.status, 200);
      EXPECT_EQ(x.resource_type, "Fetch");
      EXPECT_NE(x.request_body.find(sender_.email), std::string::npos);
      EXPECT_EQ(x.response_body, "{\"ok\":true}");
    }
  }
  EXPECT_TRUE(saw_api);
}

TEST_F(BrowserPoolTest, FormInsideSameSiteIframeWidget) {
  auto session = Open("widget");
  ASSERT_TRUE(session);
  auto page = session->Render(sites_.FormUrl(SampleForm::kWidget), StepOptions{});
  ASSERT_TRUE(page.ok()) << page.status().ToString();
  ASSERT_EQ(page->frames.size(), 2u);
  const FrameSnapshot& widget = page->frames[1];
  EXPECT_EQ(widget.parent_frame_id, page->main_frame().frame_id);
  EXPECT_NE(widget.url.find("/widget/form?id=w-42"), std::string::npos);
  // The frame's owner is the <iframe> the embed script inserted into the main document.
  auto title = AttributeOf(page->main_frame().html, widget.owner_element_id, "title");
  ASSERT_TRUE(title.ok()) << title.status().ToString();
  EXPECT_EQ(*title, "お問い合わせフォーム");
  EXPECT_FALSE(FindIdByAttribute(page->main_frame().html, "name", "email").ok());
  auto email = FindIdByAttribute(widget.html, "name", "email");
  ASSERT_TRUE(email.ok());
  EXPECT_EQ(page->FrameOf(*email), &page->frames[1]);

  auto plan = SamplePlan(SampleForm::kWidget, *page, sender_);
  ASSERT_TRUE(plan.ok()) << plan.status().ToString();
  auto result = session->Execute(*plan, StepOptions{});
  ASSERT_TRUE(result.ok()) << result.status().ToString();
  EXPECT_TRUE(AllOk(*result));
  EXPECT_FALSE(result->navigated);  // only the iframe moved on

  auto posted = sites_.Submissions(SampleSites::FinalPath(SampleForm::kWidget));
  ASSERT_EQ(posted.size(), 1u);
  EXPECT_EQ(posted[0].Field("widget_id"), "w-42");
  EXPECT_EQ(posted[0].Field("company"), sender_.company);
  EXPECT_EQ(posted[0].Field("name"), sender_.name);
  EXPECT_EQ(posted[0].Field("email"), sender_.email);
  EXPECT_EQ(posted[0].Field("tel"), sender_.tel);
  EXPECT_EQ(posted[0].Field("body"), "はじめまして。\r\n弊社サービスのご案内です。");
  EXPECT_EQ(posted[0].Field("privacy"), "agree");
  ASSERT_EQ(result->page.frames.size(), 2u);
  EXPECT_NE(result->page.frames[1].html.find("送信完了"), std::string::npos);
}

TEST_F(BrowserPoolTest, ScriptTokenAndConfirmationPage) {
  auto session = Open("token");
  ASSERT_TRUE(session);
  auto page = session->Render(sites_.FormUrl(SampleForm::kToken), StepOptions{});
  ASSERT_TRUE(page.ok()) << page.status().ToString();
  auto plan = SamplePlan(SampleForm::kToken, *page, sender_);
  ASSERT_TRUE(plan.ok()) << plan.status().ToString();

  auto confirm = session->Execute(*plan, StepOptions{});
  ASSERT_TRUE(confirm.ok()) << confirm.status().ToString();
  EXPECT_TRUE(AllOk(*confirm));
  EXPECT_TRUE(confirm->navigated);
  EXPECT_EQ(confirm->page.http_status, 200);  // 400 if the script's token were missing
  EXPECT_NE(confirm->page.main_frame().html.find("入力内容の確認"), std::string::npos);
  auto first = sites_.Submissions("/token/confirm");
  ASSERT_EQ(first.size(), 1u);
  EXPECT_FALSE(first[0].Field("token").empty());
  EXPECT_EQ(first[0].Field("mode"), "confirm");  // the clicked button's name/value

  // Ids of the replaced page no longer name anything.
  auto stale = session->Execute(*plan, StepOptions{});
  EXPECT_EQ(stale.status().code(), StatusCode::kNotFound) << stale.status().ToString();

  auto send_plan = SampleConfirmPlan(confirm->page);
  ASSERT_TRUE(send_plan.ok()) << send_plan.status().ToString();
  auto sent = session->Execute(*send_plan, StepOptions{});
  ASSERT_TRUE(sent.ok()) << sent.status().ToString();
  EXPECT_TRUE(sent->navigated);
  EXPECT_NE(sent->page.main_frame().html.find("送信完了"), std::string::npos);
  auto posted = sites_.Submissions(SampleSites::FinalPath(SampleForm::kToken));
  ASSERT_EQ(posted.size(), 1u);
  EXPECT_EQ(posted[0].Field("confirmed"), "1");
  EXPECT_EQ(posted[0].Field("company"), sender_.company);
  EXPECT_EQ(posted[0].Field("name"), sender_.name);
  EXPECT_EQ(posted[0].Field("email"), sender_.email);
  EXPECT_EQ(posted[0].Field("tel"), sender_.tel);
  EXPECT_EQ(posted[0].Field("subject"), sender_.subject);
  EXPECT_EQ(posted[0].Field("message"), "はじめまして。\r\n弊社サービスのご案内です。");
}

TEST_F(BrowserPoolTest, ContactForm7AjaxSubmitAnswersWithJson) {
  auto session = Open("cf7");
  ASSERT_TRUE(session);
  auto page = session->Render(sites_.FormUrl(SampleForm::kCf7), StepOptions{});
  ASSERT_TRUE(page.ok()) << page.status().ToString();
  auto plan = SamplePlan(SampleForm::kCf7, *page, sender_);
  ASSERT_TRUE(plan.ok()) << plan.status().ToString();
  auto result = session->Execute(*plan, StepOptions{});
  ASSERT_TRUE(result.ok()) << result.status().ToString();
  EXPECT_TRUE(AllOk(*result));
  EXPECT_FALSE(result->navigated);

  auto posted = sites_.Submissions(SampleSites::FinalPath(SampleForm::kCf7));
  ASSERT_EQ(posted.size(), 1u);
  EXPECT_TRUE(posted[0].content_type.starts_with("multipart/form-data"));
  EXPECT_EQ(posted[0].Field("_wpcf7"), "12");
  EXPECT_EQ(posted[0].Field("your-company"), sender_.company);
  EXPECT_EQ(posted[0].Field("your-name"), sender_.name);
  EXPECT_EQ(posted[0].Field("your-email"), sender_.email);
  EXPECT_EQ(posted[0].Field("your-subject"), sender_.subject);
  EXPECT_EQ(posted[0].Field("your-message"), "はじめまして。\r\n弊社サービスのご案内です。");
  EXPECT_EQ(posted[0].Field("acceptance-1"), "1");

  const NetworkExchange* feedback = nullptr;
  for (const auto& x : result->page.network) {
    if (x.url.ends_with("/feedback")) feedback = &x;
  }
  ASSERT_NE(feedback, nullptr);
  auto json = ParseJson(feedback->response_body);
  ASSERT_TRUE(json.ok()) << feedback->response_body;
  EXPECT_EQ((*json)["status"], "mail_sent");
  EXPECT_NE(result->page.main_frame().html.find("メッセージは送信されました"), std::string::npos);
}

TEST_F(BrowserPoolTest, FillOnlyPlanShowsLiveStateInSnapshotAndIdsStayStable) {
  auto session = Open("widget-fill");
  ASSERT_TRUE(session);
  auto page = session->Render(sites_.FormUrl(SampleForm::kWidget), StepOptions{});
  ASSERT_TRUE(page.ok()) << page.status().ToString();
  auto plan = SamplePlan(SampleForm::kWidget, *page, sender_);
  ASSERT_TRUE(plan.ok());
  plan->submit_element_id.clear();
  auto result = session->Execute(*plan, StepOptions{});
  ASSERT_TRUE(result.ok()) << result.status().ToString();
  EXPECT_TRUE(AllOk(*result));
  EXPECT_FALSE(result->clicked);
  EXPECT_TRUE(sites_.Submissions(SampleSites::FinalPath(SampleForm::kWidget)).empty());

  const std::string& html = result->page.frames.at(1).html;
  std::string email_id = plan->actions[2].element_id;
  EXPECT_EQ(*FindIdByAttribute(html, "name", "email"), email_id);  // same element, same id
  EXPECT_EQ(*AttributeOf(html, email_id, "value"), sender_.email);
  EXPECT_TRUE(AttributeOf(html, plan->actions[5].element_id, "checked").ok());
  EXPECT_NE(html.find("弊社サービスのご案内です。</textarea>"), std::string::npos);

  // Unchecking goes back the same way.
  FillPlan uncheck;
  uncheck.actions.push_back({plan->actions[5].element_id, FillKind::kUncheck});
  auto undone = session->Execute(uncheck, StepOptions{});
  ASSERT_TRUE(undone.ok()) << undone.status().ToString();
  EXPECT_TRUE(undone->actions[0].ok);
  EXPECT_FALSE(undone->actions[0].checked);
  EXPECT_FALSE(
      AttributeOf(undone->page.frames.at(1).html, plan->actions[5].element_id, "checked").ok());
}

TEST_F(BrowserPoolTest, PerKeyTypingAndReportedFailures) {
  auto session = Open("keys");
  ASSERT_TRUE(session);
  auto page = session->Render(sites_.FormUrl(SampleForm::kToken), StepOptions{});
  ASSERT_TRUE(page.ok()) << page.status().ToString();
  auto tel = FindInSnapshot(*page, "name", "tel");
  auto h1 = FindIdByText(page->main_frame().html, "h1", "お問い合わせフォーム");
  ASSERT_TRUE(tel.ok() && h1.ok());
  FillPlan plan;
  plan.actions.push_back({*tel, FillKind::kText, "03-9876-5432", "", true});
  plan.actions.push_back({*h1, FillKind::kText, "x"});
  plan.actions.push_back({*h1, FillKind::kCheck});
  auto result = session->Execute(plan, StepOptions{});
  ASSERT_TRUE(result.ok()) << result.status().ToString();
  ASSERT_EQ(result->actions.size(), 3u);
  EXPECT_TRUE(result->actions[0].ok) << result->actions[0].error;
  EXPECT_EQ(result->actions[0].method, "keys");
  EXPECT_EQ(result->actions[0].actual_value, "03-9876-5432");
  EXPECT_FALSE(result->actions[1].ok);
  EXPECT_NE(result->actions[1].error.find("does not take text"), std::string::npos);
  EXPECT_FALSE(result->actions[2].ok);
  EXPECT_NE(result->actions[2].error.find("not a checkbox"), std::string::npos);
}

TEST_F(BrowserPoolTest, BadPlansAreRefusedBeforeTyping) {
  auto session = Open("bad-plan");
  ASSERT_TRUE(session);
  auto page = session->Render(sites_.FormUrl(SampleForm::kToken), StepOptions{});
  ASSERT_TRUE(page.ok()) << page.status().ToString();
  auto email = FindInSnapshot(*page, "name", "email");
  ASSERT_TRUE(email.ok());
  FillPlan malformed;
  malformed.actions.push_back({*email, FillKind::kText, "a@b.jp"});
  malformed.actions.push_back({"#email", FillKind::kText, "x"});
  auto r = session->Execute(malformed, StepOptions{});
  EXPECT_EQ(r.status().code(), StatusCode::kInvalidArgument) << r.status().ToString();
  EXPECT_NE(r.status().message().find("plan action 1"), std::string::npos);
  EXPECT_EQ(session->Execute(FillPlan{}, StepOptions{}).status().code(),
            StatusCode::kInvalidArgument);
  FillPlan unknown;
  unknown.submit_element_id = "999.1";
  EXPECT_EQ(session->Execute(unknown, StepOptions{}).status().code(), StatusCode::kNotFound);
  // Nothing was typed by the refused plan.
  auto again = session->Snapshot(StepOptions{});
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(*AttributeOf(again->main_frame().html, *email, "value"), "");
  EXPECT_EQ(session->Render("file:///etc/passwd", StepOptions{}).status().code(),
            StatusCode::kInvalidArgument);
}

TEST_F(BrowserPoolTest, DialogsAreAcceptedAndReported) {
  auto session = Open("dialog");
  ASSERT_TRUE(session);
  auto page = session->Render(sites_.Url("/dialog/"), StepOptions{});
  ASSERT_TRUE(page.ok()) << page.status().ToString();
  FillPlan plan;
  plan.actions.push_back({*FindInSnapshot(*page, "name", "email"), FillKind::kText, sender_.email});
  plan.submit_element_id = *FindIdByText(page->main_frame().html, "button", "送信");
  auto result = session->Execute(plan, StepOptions{});
  ASSERT_TRUE(result.ok()) << result.status().ToString();
  EXPECT_TRUE(result->navigated);
  ASSERT_EQ(result->page.dialogs.size(), 1u);
  EXPECT_EQ(result->page.dialogs[0], "confirm: 送信してよろしいですか？");
  ASSERT_EQ(sites_.Submissions("/dialog/submit").size(), 1u);
}

TEST_F(BrowserPoolTest, SessionsAreIsolatedAndTakeCookies) {
  auto a = Open("company-a");
  ASSERT_TRUE(a);
  auto with_cookie = a->Render(sites_.Url("/cookie"), StepOptions{});
  ASSERT_TRUE(with_cookie.ok()) << with_cookie.status().ToString();
  ASSERT_EQ(with_cookie->cookies.size(), 1u);
  EXPECT_EQ(with_cookie->cookies[0].name, "sid");
  EXPECT_TRUE(with_cookie->cookies[0].http_only);

  auto b = Open("company-b");
  ASSERT_TRUE(b);
  auto clean = b->Render(sites_.Url("/thanks"), StepOptions{});
  ASSERT_TRUE(clean.ok()) << clean.status().ToString();
  EXPECT_TRUE(clean->cookies.empty());  // company A's cookie stays in A's context
  b.reset();

  Cookie handed{"from_http", "v1", "127.0.0.1", "/", -1, false, false, ""};
  auto c = pool_->OpenSession(SessionOptions{"company-c", {handed}});
  ASSERT_TRUE(c.ok()) << c.status().ToString();
  auto seeded = (*c)->Render(sites_.Url("/thanks"), StepOptions{});
  ASSERT_TRUE(seeded.ok()) << seeded.status().ToString();
  ASSERT_EQ(seeded->cookies.size(), 1u);
  EXPECT_EQ(seeded->cookies[0].name, "from_http");
}

TEST_F(BrowserPoolTest, ScreenshotIsWrittenAsEvidence) {
  auto session = Open("shot");
  ASSERT_TRUE(session);
  auto dir =
      std::filesystem::temp_directory_path() / ("fs-browser-shot-" + std::to_string(::getpid()));
  StepOptions step;
  step.screenshot_path = (dir / "evidence" / "confirm.png").string();
  auto page = session->Render(sites_.FormUrl(SampleForm::kCf7), step);
  ASSERT_TRUE(page.ok()) << page.status().ToString();
  EXPECT_EQ(page->screenshot_error, "");
  ASSERT_EQ(page->screenshot_path, step.screenshot_path);
  std::ifstream png(step.screenshot_path, std::ios::binary);
  char magic[8] = {};
  png.read(magic, 8);
  EXPECT_EQ(std::string(magic + 1, 3), "PNG");
  std::filesystem::remove_all(dir);
}

TEST_F(BrowserPoolTest, PageThatNeverStopsChangingIsReturnedUnsettled) {
  auto session = Open("restless");
  ASSERT_TRUE(session);
  StepOptions step;
  step.settle_timeout = std::chrono::milliseconds(1500);
  auto page = session->Render(sites_.Url("/restless"), step);
  ASSERT_TRUE(page.ok()) << page.status().ToString();
  EXPECT_TRUE(page->settle.load_event);
  EXPECT_FALSE(page->settle.dom_stable);
  EXPECT_FALSE(page->settle.settled());
  EXPECT_TRUE(FindIdByAttribute(page->main_frame().html, "name", "email").ok());
}

}  // namespace
}  // namespace formsender::browser
