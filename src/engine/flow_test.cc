// End-to-end flows against a loopback site: fetch, submit, confirmation screens, judgment,
// hooks, dry run, charsets, cookies, SSRF guard, time limits and the multi-form loop.
#include <gtest/gtest.h>

#include <atomic>
#include <mutex>
#include <thread>

#include "common/http_router.h"
#include "common/http_server.h"
#include "common/text.h"
#include "engine/engine.h"
#include "engine/test_util.h"

namespace formsender::engine {
namespace {

const char* kContactForm =
    R"(<!doctype html><html><head><meta charset="utf-8"><title>お問い合わせ</title></head><body>
<h1>お問い合わせ</h1>
<form action="/contact/send" method="post">
<input type="hidden" name="token" value="tok123">
<p><label for="c">会社名</label><input id="c" name="company"></p>
<p><label for="n">お名前<span>必須</span></label><input id="n" name="name" required></p>
<p><label for="e">メールアドレス<span>必須</span></label><input id="e" type="email" name="email" required></p>
<p><label for="m">お問い合わせ内容<span>必須</span></label><textarea id="m" name="message" required></textarea></p>
<div style="display:none"><input name="website_hp"></div>
<button type="submit" name="send" value="1">送信する</button>
</form></body></html>)";

struct Site {
  Router router;
  std::unique_ptr<HttpServer> server;
  std::mutex mu;
  std::vector<std::pair<std::string, std::string>> posts;  // path → body
  std::atomic<int> active{0};
  std::atomic<int> max_active{0};

  void Record(const HttpRequest& r) {
    std::lock_guard<std::mutex> l(mu);
    posts.emplace_back(r.path, r.body);
  }
  std::string Field(size_t i, const std::string& name) {
    std::lock_guard<std::mutex> l(mu);
    for (const auto& [n, v] : ParseFormUrlEncoded(posts.at(i).second)) {
      if (n == name) return v;
    }
    return "<absent>";
  }
  size_t PostCount() {
    std::lock_guard<std::mutex> l(mu);
    return posts.size();
  }
  void Start() {
    HttpServerOptions o;
    server = std::make_unique<HttpServer>(o, [this](HttpRequest& r) {
      int now = ++active;
      int prev = max_active.load();
      while (now > prev && !max_active.compare_exchange_weak(prev, now)) {
      }
      HttpResponse resp = router.Handle(r);
      --active;
      return resp;
    });
    ASSERT_TRUE(server->Start().ok());
  }
  std::string Url(const std::string& host, const std::string& path) {
    return "http://" + host + ":" + std::to_string(server->port()) + path;
  }
};

class FlowTest : public ::testing::Test {
 protected:
  FormTask Task(const std::string& url) {
    FormTask t;
    t.id = "c1";
    t.url = url;
    t.client_config = testing::SampleClientConfig();
    t.allow_private_targets = true;
    t.time_limit = std::chrono::seconds(20);
    return t;
  }
  FormResult Run(const FormTask& t, Hooks hooks = {}) {
    return RunOne(t, options_, clock_, nullptr, std::move(hooks));
  }
  Site site_;
  EngineOptions options_;
  SystemClock clock_;
};

TEST_F(FlowTest, DirectSubmissionWithThanksRedirect) {
  site_.router.Add("GET", "/contact/",
                   [](HttpRequest&) { return HttpResponse::Html(200, kContactForm); });
  site_.router.Add("POST", "/contact/send", [&](HttpRequest& r) {
    site_.Record(r);
    return HttpResponse::Redirect(303, "/contact/thanks.html");
  });
  site_.router.Add("GET", "/contact/thanks.html", [](HttpRequest&) {
    return HttpResponse::Html(
        200,
        "<html><body><h1>送信が完了しました</h1><p>ありがとうございました。</p></body></html>");
  });
  site_.Start();
  std::vector<int> hook_steps;
  Hooks hooks;
  hooks.before_final = [&](const FinalSubmitInfo& i) {
    hook_steps.push_back(i.step);
    return Status::Ok();
  };
  std::string after_outcome;
  hooks.after_final = [&](const FinalSubmitInfo&, const FormResult& r) {
    after_outcome = r.outcome;
  };
  FormResult r = Run(Task(site_.Url("shop.localhost", "/contact/")), hooks);
  EXPECT_EQ(r.outcome, "success") << r.ToJson().dump(1);
  EXPECT_EQ(r.code, "SUCCESS");
  EXPECT_TRUE(r.submitted);
  ASSERT_EQ(site_.PostCount(), 1u);
  EXPECT_EQ(site_.Field(0, "token"), "tok123");
  EXPECT_EQ(site_.Field(0, "company"), "サンプル株式会社");
  EXPECT_EQ(site_.Field(0, "name"), "山田\u3000太郎");
  EXPECT_EQ(site_.Field(0, "send"), "1");
  EXPECT_EQ(site_.Field(0, "website_hp"), "");
  EXPECT_EQ(
      site_.Field(0, "message"),
      "はじめまして。\r\nサンプル株式会社の山田です。\r\nご提案の機会をいただけますと幸いです。");
  EXPECT_EQ(hook_steps, std::vector<int>{1});
  EXPECT_EQ(after_outcome, "success");
  ASSERT_EQ(r.steps.size(), 3u);
  EXPECT_EQ(r.steps[1].method, "POST");
  EXPECT_EQ(r.steps[1].status, 303);
  EXPECT_EQ(r.detail.code, "SUCCESS");
  EXPECT_EQ(r.detail.category, "SUBMISSION");
}

TEST_F(FlowTest, ConfirmationScreenThenSend) {
  site_.router.Add("GET", "/inquiry/", [](HttpRequest&) {
    return HttpResponse::Html(
        200, std::string(kContactForm)
                 .replace(std::string(kContactForm).find("送信する"), 12, "確認画面へ"));
  });
  site_.router.Add("POST", "/contact/send", [&](HttpRequest& r) {
    site_.Record(r);
    std::string hidden;
    bool final_step = false;
    for (const auto& [n, v] : ParseFormUrlEncoded(r.body)) {
      if (n == "confirmed") final_step = true;
      if (n == "send" || n == "confirmed" || n == "back") continue;
      hidden += "<input type=\"hidden\" name=\"" + n + "\" value=\"" + v + "\">";
    }
    if (final_step)
      return HttpResponse::Html(
          200, "<h2>お問い合わせありがとうございました</h2><p>担当者よりご連絡いたします。</p>");
    return HttpResponse::Html(
        200,
        "<h1>入力内容の確認</h1><p>以下の内容でよろしければ送信してください。</"
        "p><table><tr><th>メール</th><td>taro.yamada@example.com</td></tr></table>"
        "<form action=\"/contact/send\" method=\"post\">" +
            hidden +
            "<input type=\"submit\" name=\"back\" value=\"戻る\"><input type=\"submit\" "
            "name=\"confirmed\" value=\"送信する\"></form>");
  });
  site_.Start();
  std::vector<FinalSubmitInfo> calls;
  Hooks hooks;
  hooks.before_final = [&](const FinalSubmitInfo& i) {
    calls.push_back(i);
    return Status::Ok();
  };
  FormResult r = Run(Task(site_.Url("mw.localhost", "/inquiry/")), hooks);
  EXPECT_EQ(r.outcome, "success") << r.ToJson().dump(1);
  ASSERT_EQ(site_.PostCount(), 2u);
  EXPECT_EQ(site_.Field(1, "confirmed"), "送信する");
  EXPECT_EQ(site_.Field(1, "back"), "<absent>");
  EXPECT_EQ(site_.Field(1, "email"), "taro.yamada@example.com");
  ASSERT_EQ(calls.size(), 2u);
  EXPECT_EQ(calls[0].step, 1);
  EXPECT_TRUE(calls[0].expects_confirmation);
  EXPECT_EQ(calls[1].step, 2);
  // Every stage was reached and timed; nothing failed in transfer.
  for (const char* stage : {"fetch", "analyze", "submit", "confirm", "judge"}) {
    ASSERT_TRUE(r.stage_seconds.contains(stage)) << stage;
    EXPECT_GE(r.stage_seconds.at(stage), 0) << stage;
  }
  EXPECT_FALSE(r.stage_seconds.contains("browser"));
  EXPECT_TRUE(r.fetch_errors.empty());
}

TEST_F(FlowTest, ValidationErrorIsAFailureAndNotDelivered) {
  site_.router.Add("GET", "/c", [](HttpRequest&) { return HttpResponse::Html(200, kContactForm); });
  site_.router.Add("POST", "/contact/send", [&](HttpRequest& r) {
    site_.Record(r);
    return HttpResponse::Html(
        200, std::string("<p class=\"error\">電話番号は必須項目です</p>") + kContactForm);
  });
  site_.Start();
  FormResult r = Run(Task(site_.Url("v.localhost", "/c")));
  EXPECT_EQ(r.outcome, "failed");
  EXPECT_EQ(r.code, "FORM_VALIDATION_ERROR");
  EXPECT_FALSE(r.submitted);
}

TEST_F(FlowTest, UnchangedPageIsNeverASuccess) {
  site_.router.Add("GET", "/c", [](HttpRequest&) { return HttpResponse::Html(200, kContactForm); });
  site_.router.Add("POST", "/contact/send", [&](HttpRequest& r) {
    site_.Record(r);
    return HttpResponse::Html(200, kContactForm);
  });
  site_.Start();
  FormResult r = Run(Task(site_.Url("same.localhost", "/c")));
  EXPECT_EQ(r.outcome, "failed");
  EXPECT_NE(r.code, "SUCCESS");
}

TEST_F(FlowTest, ShiftJisPageIsReadAndAnsweredInShiftJis) {
  std::string page = *text::FromUtf8(
      std::string(kContactForm).replace(std::string(kContactForm).find("utf-8"), 5, "Shift_JIS"),
      "Shift_JIS");
  site_.router.Add("GET", "/sjis", [&](HttpRequest&) {
    HttpResponse h = HttpResponse::Html(200, page);
    h.headers.Set("Content-Type", "text/html");
    return h;
  });
  std::string company_bytes;
  site_.router.Add("POST", "/contact/send", [&](HttpRequest& r) {
    site_.Record(r);
    for (const auto& [n, v] : ParseFormUrlEncoded(r.body)) {
      if (n == "company") company_bytes = v;
    }
    return HttpResponse::Redirect(302, "/thanks");
  });
  site_.router.Add("GET", "/thanks",
                   [](HttpRequest&) { return HttpResponse::Html(200, "<p>送信完了</p>"); });
  site_.Start();
  FormResult r = Run(Task(site_.Url("sjis.localhost", "/sjis")));
  EXPECT_EQ(r.outcome, "success") << r.ToJson().dump(1);
  EXPECT_EQ(company_bytes, *text::FromUtf8("サンプル株式会社", "Shift_JIS"));
  EXPECT_EQ(r.analysis["form"]["charset"], "Shift_JIS");
}

TEST_F(FlowTest, CookiesAreKeptWithinAForm) {
  site_.router.Add("GET", "/c", [](HttpRequest&) {
    HttpResponse h = HttpResponse::Html(200, kContactForm);
    h.headers.Add("Set-Cookie", "sid=abc; Path=/");
    return h;
  });
  site_.router.Add("POST", "/contact/send", [&](HttpRequest& r) {
    site_.Record(r);
    if (r.headers.Get("cookie").value_or("").find("sid=abc") == std::string::npos) {
      return HttpResponse::Html(200,
                                "<p>不正なアクセスです。セッションの有効期限が切れました。</p>");
    }
    return HttpResponse::Html(200, "<h1>Thank you</h1><p>送信が完了しました。</p>");
  });
  site_.Start();
  FormResult r = Run(Task(site_.Url("cookie.localhost", "/c")));
  EXPECT_EQ(r.outcome, "success") << r.ToJson().dump(1);
}

TEST_F(FlowTest, HookVetoAndDryRunSendNothing) {
  site_.router.Add("GET", "/c", [](HttpRequest&) { return HttpResponse::Html(200, kContactForm); });
  site_.router.Add("POST", "/contact/send", [&](HttpRequest& r) {
    site_.Record(r);
    return HttpResponse::Html(200, "<p>送信が完了しました</p>");
  });
  site_.Start();
  Hooks veto;
  veto.before_final = [](const FinalSubmitInfo&) { return Status::Conflict("already contacted"); };
  FormResult r = Run(Task(site_.Url("veto.localhost", "/c")), veto);
  EXPECT_EQ(r.outcome, "skipped");
  EXPECT_EQ(r.code, "SKIPPED_BY_HOOK");
  EXPECT_EQ(r.message, "already contacted");
  FormTask dry = Task(site_.Url("veto.localhost", "/c"));
  dry.dry_run = true;
  FormResult d = Run(dry);
  EXPECT_EQ(d.outcome, "skipped");
  EXPECT_EQ(d.code, "DRY_RUN");
  EXPECT_FALSE(d.submitted);
  EXPECT_EQ(site_.PostCount(), 0u);
}

TEST_F(FlowTest, RefusalAndCaptchaAreSkippedWithoutSubmitting) {
  site_.router.Add("GET", "/no", [](HttpRequest&) {
    return HttpResponse::Html(200,
                              std::string(kContactForm)
                                  .replace(std::string(kContactForm).find("<h1>"), 4,
                                           "<p>※営業目的のご連絡はお断りしております。</p><h1>"));
  });
  site_.router.Add("GET", "/bot", [](HttpRequest&) {
    return HttpResponse::Html(
        200, std::string(kContactForm)
                 .replace(std::string(kContactForm).find("</form>"), 7,
                          "<div class=\"cf-turnstile\" data-sitekey=\"x\"></div></form>"));
  });
  site_.Start();
  FormResult no = Run(Task(site_.Url("no.localhost", "/no")));
  EXPECT_EQ(no.outcome, "skipped");
  EXPECT_EQ(no.code, "PROHIBITION_DETECTED");
  EXPECT_TRUE(no.prohibition_detected);
  EXPECT_EQ(no.detail.category, "BUSINESS");
  FormResult bot = Run(Task(site_.Url("bot.localhost", "/bot")));
  EXPECT_EQ(bot.code, "BOT_DETECTED");
  EXPECT_TRUE(bot.bot_protection_detected);
  EXPECT_EQ(site_.PostCount(), 0u);
}

TEST_F(FlowTest, PrivateAddressesAreRefusedUnlessAllowed) {
  site_.router.Add("GET", "/c", [](HttpRequest&) { return HttpResponse::Html(200, kContactForm); });
  site_.Start();
  FormTask t = Task(site_.Url("127.0.0.1", "/c"));
  t.allow_private_targets = false;
  FormResult r = Run(t);
  EXPECT_EQ(r.code, "SSRF_BLOCKED");
  EXPECT_EQ(r.detail.category, "SECURITY");
  EXPECT_EQ(r.fetch_errors, (std::map<std::string, int64_t>{{"ssrf_blocked", 1}}));
  t.url = site_.Url("private.localhost", "/c");
  EXPECT_EQ(Run(t).code, "SSRF_BLOCKED");
}

TEST_F(FlowTest, HttpErrorsMapToCodes) {
  site_.router.Add("GET", "/gone",
                   [](HttpRequest&) { return HttpResponse::Text(404, "not here"); });
  site_.router.Add("GET", "/busy", [](HttpRequest&) { return HttpResponse::Text(503, "busy"); });
  site_.router.Add("GET", "/wall", [](HttpRequest&) {
    return HttpResponse::Html(403, "<title>Just a moment...</title><p>Checking your browser</p>");
  });
  site_.Start();
  EXPECT_EQ(Run(Task(site_.Url("e.localhost", "/gone"))).code, "NOT_FOUND");
  FormResult busy = Run(Task(site_.Url("e.localhost", "/busy")));
  EXPECT_EQ(busy.code, "SERVER_ERROR");
  EXPECT_TRUE(busy.detail.retryable);
  EXPECT_EQ(busy.detail.cooldown_seconds, 60);
  EXPECT_EQ(Run(Task(site_.Url("e.localhost", "/wall"))).code, "WAF_CHALLENGE");
}

TEST_F(FlowTest, PlaceholderThatCannotBeResolvedFailsClosed) {
  site_.Start();
  FormTask t = Task(site_.Url("p.localhost", "/c"));
  t.client_config["targeting"]["message"] = "{company_name}御中";
  FormResult r = Run(t);
  EXPECT_EQ(r.outcome, "skipped");
  EXPECT_EQ(r.code, "PLACEHOLDER_UNRESOLVED");
  EXPECT_TRUE(r.steps.empty());
}

TEST_F(FlowTest, TimeLimitStopsAForm) {
  site_.router.Add("GET", "/slow", [](HttpRequest&) {
    std::this_thread::sleep_for(std::chrono::milliseconds(1500));
    return HttpResponse::Html(200, kContactForm);
  });
  site_.Start();
  FormTask t = Task(site_.Url("slow.localhost", "/slow"));
  t.time_limit = std::chrono::milliseconds(200);
  FormResult r = Run(t);
  EXPECT_EQ(r.code, "TIMEOUT");
  EXPECT_FALSE(r.submitted);
}

TEST_F(FlowTest, ManyFormsOnOneLoopOneRequestPerHost) {
  site_.router.Add("GET", "/c", [](HttpRequest&) {
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
    return HttpResponse::Html(200, kContactForm);
  });
  site_.router.Add("POST", "/contact/send", [&](HttpRequest& r) {
    site_.Record(r);
    return HttpResponse::Redirect(303, "/done/thanks");
  });
  site_.router.Add("GET", "/done/thanks",
                   [](HttpRequest&) { return HttpResponse::Html(200, "<p>送信完了しました</p>"); });
  site_.Start();
  EngineOptions o;
  o.forms_in_flight = 8;
  Engine engine(o, clock_, nullptr);
  std::vector<FormResult> results;
  int next = 0;
  engine.Run([&](Engine& e) {
    if (next >= 12) return false;
    FormTask t = Task(site_.Url("one.localhost", "/c"));
    t.id = std::to_string(next++);
    e.Add(t, [&](FormResult r) { results.push_back(std::move(r)); });
    return true;
  });
  ASSERT_EQ(results.size(), 12u);
  for (const FormResult& r : results) EXPECT_EQ(r.outcome, "success") << r.ToJson().dump(1);
  // All on one host: the engine never had two requests there at once.
  EXPECT_EQ(site_.max_active.load(), 1);
  EXPECT_EQ(site_.PostCount(), 12u);
}

}  // namespace
}  // namespace formsender::engine
