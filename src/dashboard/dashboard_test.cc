// The dashboard's pages, login, CSRF-checked cancel and /metrics, through Dashboard's handlers
// (no network) on SQLite and PostgreSQL with seeded data.
#include "dashboard/dashboard.h"

#include <gtest/gtest.h>

#include "batch/noop_backend.h"
#include "common/metrics_exposition.h"
#include "dashboard/store_metrics.h"
#include "dashboard/test_seed.h"
#include "store/testing.h"

namespace formsender::dashboard {
namespace {

constexpr const char* kToken = "0123456789abcdef0123456789abcdef";

class DashboardTest : public store::BackendTest {
 protected:
  void SetUp() override {
    store::BackendTest::SetUp();
    if (IsSkipped()) return;
    testing::Seed(db(), clock_);
    dispatcher::DispatcherDeps deps;
    deps.db = &db();
    deps.clock = &clock_;
    deps.log = MakeNullLogger();
    deps.batch_backends = {{"noop", &noop_}};
    dispatcher_ =
        std::make_unique<dispatcher::DispatcherService>(deps, dispatcher::DispatcherConfig{});
    AddStoreCollectors(metrics_, db(), clock_);
    dashboard_ = std::make_unique<Dashboard>(DashboardDeps{
        &db(), &clock_, &props_, dispatcher_.get(), &metrics_, kToken, false, MakeNullLogger()});
  }

  HttpRequest Get(std::string path, bool signed_in = true) {
    HttpRequest r;
    r.method = "GET";
    size_t q = path.find('?');
    r.path = path.substr(0, q);
    if (q != std::string::npos) r.query = path.substr(q + 1);
    r.target = path;
    r.headers.Add("Host", "127.0.0.1:8080");
    if (signed_in) {
      r.headers.Add("Cookie", "a=b; " + std::string(web::kSessionCookie) + "=" +
                                  web::SessionCookieValue(kToken));
    }
    return r;
  }

  HttpRequest Post(std::string path, std::string body, bool signed_in = true) {
    HttpRequest r = Get(std::move(path), signed_in);
    r.method = "POST";
    r.body = std::move(body);
    r.headers.Add("Content-Type", "application/x-www-form-urlencoded");
    return r;
  }

  std::string ExecutionStatus(const std::string& id) {
    auto rows = db().Query("SELECT status FROM job_executions WHERE execution_id = $1", {id});
    return rows.ok() && !rows->empty() ? rows->front().Text("status") : "?";
  }

  FakeClock clock_{testing::SeedNow()};
  settings::Properties props_;
  batch::NoopBatchBackend noop_{clock_};
  std::unique_ptr<dispatcher::DispatcherService> dispatcher_;
  MetricsRegistry metrics_;
  std::unique_ptr<Dashboard> dashboard_;
};

TEST_P(DashboardTest, PagesNeedASessionAndTheLoginSetsIt) {
  HttpRequest anonymous = Get("/dashboard", false);
  HttpResponse r = dashboard_->Overview(anonymous);
  EXPECT_EQ(r.status, 303);
  EXPECT_EQ(r.headers.Get("Location").value_or(""), "/dashboard/login");
  HttpRequest forged = Get("/dashboard", false);
  forged.headers.Add("Cookie", std::string(web::kSessionCookie) + "=" + kToken);
  EXPECT_EQ(dashboard_->Overview(forged).status, 303);  // the raw token is not the cookie

  HttpRequest wrong = Post("/dashboard/login", "token=nope", false);
  HttpResponse denied = dashboard_->Login(wrong);
  EXPECT_EQ(denied.status, 401);
  EXPECT_FALSE(denied.headers.Has("Set-Cookie"));

  HttpRequest right = Post("/dashboard/login", std::string("token=") + kToken, false);
  HttpResponse ok = dashboard_->Login(right);
  EXPECT_EQ(ok.status, 303);
  std::string cookie = ok.headers.Get("Set-Cookie").value_or("");
  EXPECT_NE(cookie.find(web::SessionCookieValue(kToken)), std::string::npos);
  EXPECT_NE(cookie.find("HttpOnly"), std::string::npos);
  EXPECT_EQ(cookie.find(kToken + std::string(";")), std::string::npos);
}

TEST_P(DashboardTest, OverviewShowsExecutionsQueuesSendsAndHealthWithoutSecrets) {
  HttpRequest req = Get("/dashboard?lang=en");
  HttpResponse r = dashboard_->Overview(req);
  ASSERT_EQ(r.status, 200) << r.body;
  const std::string& html = r.body;
  EXPECT_NE(html.find("Running executions"), std::string::npos);
  EXPECT_NE(html.find("exec-alpha"), std::string::npos);
  EXPECT_NE(html.find("exec-beta"), std::string::npos);
  EXPECT_EQ(html.find("exec-old"), std::string::npos);                // failed: not running
  EXPECT_NE(html.find("<td>1 / 3</td>"), std::string::npos) << html;  // alpha: task 0 done
  EXPECT_NE(html.find("n2d-custom-4-8192"), std::string::npos);
  EXPECT_NE(html.find("SPOT"), std::string::npos);
  EXPECT_NE(html.find("/dashboard/executions/exec-alpha/cancel"), std::string::npos);
  EXPECT_NE(html.find("/dashboard/campaigns/1/cancel"), std::string::npos);
  EXPECT_NE(html.find("name=\"csrf\" value=\"" + dashboard_->CsrfToken(req) + "\""),
            std::string::npos);
  EXPECT_NE(html.find("form-sender"), std::string::npos);                             // the queue
  EXPECT_NE(html.find("<td class=\"num bad\">600</td>"), std::string::npos) << html;  // > 300 s
  EXPECT_NE(html.find("春の案内"), std::string::npos);
  EXPECT_NE(html.find("max=\"50\" value=\"1\""), std::string::npos);  // 1 sent of 50 today
  EXPECT_NE(html.find("database ("), std::string::npos);
  EXPECT_EQ(html.find(kToken), std::string::npos);
  EXPECT_EQ(html.find("<script"), std::string::npos);
  EXPECT_EQ(html.find("http://cdn"), std::string::npos);
  EXPECT_EQ(html.find("https://"), std::string::npos);  // no external asset
  EXPECT_NE(r.headers.Get("Set-Cookie").value_or("").find("formsender_lang=en"), std::string::npos);
}

TEST_P(DashboardTest, LanguageFollowsAcceptLanguageThenTheSwitch) {
  HttpRequest ja = Get("/dashboard");
  ja.headers.Add("Accept-Language", "en;q=0.5, ja-JP");
  EXPECT_NE(dashboard_->Overview(ja).body.find("実行中のジョブ"), std::string::npos);
  HttpRequest en = Get("/dashboard");
  en.headers.Add("Accept-Language", "fr, en-US;q=0.9, ja;q=0.8");
  std::string body = dashboard_->Overview(en).body;
  EXPECT_NE(body.find("Running executions"), std::string::npos);
  EXPECT_NE(body.find("<html lang=\"en\">"), std::string::npos);
  HttpRequest switched = Get("/dashboard");
  switched.headers.Add("Accept-Language", "en");
  switched.headers.Set("Cookie", std::string(web::kSessionCookie) + "=" +
                                     web::SessionCookieValue(kToken) + "; formsender_lang=ja");
  EXPECT_NE(dashboard_->Overview(switched).body.find("実行中のジョブ"), std::string::npos);
}

TEST_P(DashboardTest, CancelNeedsTheCsrfTokenOfThisSession) {
  HttpRequest page = Get("/dashboard");
  std::string csrf = dashboard_->CsrfToken(page);

  HttpRequest missing = Post("/dashboard/executions/exec-alpha/cancel", "");
  missing.path_params["id"] = "exec-alpha";
  EXPECT_EQ(dashboard_->CancelExecution(missing).status, 403);
  HttpRequest other_site = Post("/dashboard/executions/exec-alpha/cancel", "csrf=" + csrf);
  other_site.path_params["id"] = "exec-alpha";
  other_site.headers.Add("Origin", "http://evil.localhost");
  EXPECT_EQ(dashboard_->CancelExecution(other_site).status, 403);
  HttpRequest other_session = Post("/dashboard/executions/exec-alpha/cancel", "csrf=" + csrf);
  other_session.path_params["id"] = "exec-alpha";
  other_session.headers.Set("Cookie", "formsender_session=other");
  EXPECT_EQ(dashboard_->CancelExecution(other_session).status, 303);  // → login
  EXPECT_EQ(ExecutionStatus("exec-alpha"), "running");

  HttpRequest good = Post("/dashboard/executions/exec-alpha/cancel", "csrf=" + csrf);
  good.path_params["id"] = "exec-alpha";
  good.headers.Add("Origin", "http://127.0.0.1:8080");
  HttpResponse r = dashboard_->CancelExecution(good);
  EXPECT_EQ(r.status, 303) << r.body;
  EXPECT_EQ(r.headers.Get("Location").value_or(""), "/dashboard?done=cancel");
  EXPECT_EQ(ExecutionStatus("exec-alpha"), "cancelled");
  EXPECT_EQ(ExecutionStatus("exec-beta"), "running");

  HttpRequest all = Post("/dashboard/campaigns/1/cancel", "csrf=" + csrf);
  all.path_params["targeting_id"] = "1";
  EXPECT_EQ(dashboard_->CancelTargeting(all).status, 303);
  EXPECT_EQ(ExecutionStatus("exec-beta"), "cancelled");
  HttpRequest after = Get("/dashboard?done=cancel&lang=en");
  EXPECT_NE(dashboard_->Overview(after).body.find("Cancel requested."), std::string::npos);
}

TEST_P(DashboardTest, CampaignShowsProgressOutcomesFailuresSkipsAndSettings) {
  HttpRequest req = Get("/dashboard/campaigns/1?lang=en");
  req.path_params["targeting_id"] = "1";
  HttpResponse r = dashboard_->CampaignPage(req);
  ASSERT_EQ(r.status, 200) << r.body;
  const std::string& html = r.body;
  EXPECT_NE(html.find("25.0% (1 / 4)"), std::string::npos) << html;
  EXPECT_NE(html.find("<svg class=\"chart\""), std::string::npos);
  EXPECT_NE(html.find("<td>11:00</td><td>SUCCESS</td>"), std::string::npos) << html;
  EXPECT_NE(html.find("http://form103.localhost/confirm"), std::string::npos);
  EXPECT_NE(html.find("営業目的のお問い合わせはお断り"), std::string::npos);
  EXPECT_NE(html.find("PROHIBITION_DETECTED: 1"), std::string::npos);
  EXPECT_NE(html.find("BOT_DETECTED: 1"), std::string::npos);
  EXPECT_NE(html.find("/dashboard/submissions/3"), std::string::npos);
  EXPECT_NE(html.find("max_daily_sends"), std::string::npos) << html;  // resolved settings
  EXPECT_NE(html.find("task_count"), std::string::npos);

  HttpRequest missing = Get("/dashboard/campaigns/99");
  missing.path_params["targeting_id"] = "99";
  EXPECT_EQ(dashboard_->CampaignPage(missing).status, 404);
  HttpRequest junk = Get("/dashboard/campaigns/x");
  junk.path_params["targeting_id"] = "x";
  EXPECT_EQ(dashboard_->CampaignPage(junk).status, 404);
}

TEST_P(DashboardTest, SubmissionShowsTheFieldMappingEscaped) {
  HttpRequest req = Get("/dashboard/submissions/3?lang=en");
  req.path_params["id"] = "3";
  HttpResponse r = dashboard_->SubmissionPage(req);
  ASSERT_EQ(r.status, 200) << r.body;
  const std::string& html = r.body;
  EXPECT_NE(html.find("お名前 &lt;b&gt;必須&lt;/b&gt;"), std::string::npos) << html;
  EXPECT_EQ(html.find("<b>必須"), std::string::npos);
  EXPECT_NE(html.find("your-name"), std::string::npos);
  EXPECT_NE(html.find("0.92"), std::string::npos);
  EXPECT_NE(html.find("name=your-name"), std::string::npos);
  EXPECT_NE(html.find("FORM_VALIDATION_ERROR"), std::string::npos);
  EXPECT_NE(html.find("http_status"), std::string::npos);
  HttpRequest missing = Get("/dashboard/submissions/77");
  missing.path_params["id"] = "77";
  EXPECT_EQ(dashboard_->SubmissionPage(missing).status, 404);
}

// The value of the sample `name` with exactly `labels` in /metrics; -1 when absent.
double SampleValue(const std::vector<ExpositionFamily>& families, const std::string& name,
                   const std::map<std::string, std::string>& labels) {
  for (const auto& f : families) {
    for (const auto& s : f.samples) {
      if (s.name == name && s.labels == labels) return s.value;
    }
  }
  return -1.0;
}

TEST_P(DashboardTest, MetricsFromTheStoreParseAndCount) {
  HttpRequest req = Get("/metrics");
  HttpResponse r = dashboard_->Metrics(req);
  ASSERT_EQ(r.status, 200);
  auto families = ParseExposition(r.body);
  ASSERT_TRUE(families.ok()) << families.status().ToString() << "\n" << r.body;
  auto value = [&](const std::string& name, std::map<std::string, std::string> labels) {
    return SampleValue(*families, name, labels);
  };
  EXPECT_EQ(value("formsender_task_queue_depth", {{"queue", "form-sender"}}), 1);
  EXPECT_EQ(value("formsender_task_queue_oldest_age_seconds", {{"queue", "form-sender"}}), 600);
  EXPECT_EQ(value("formsender_task_dispatch_attempts_total", {{"queue", "form-sender"}}), 3);
  EXPECT_EQ(value("formsender_task_dispatch_failures_total", {{"queue", "form-sender"}}), 2);
  EXPECT_EQ(value("formsender_executions", {{"status", "running"}}), 2);
  EXPECT_EQ(value("formsender_executions", {{"status", "failed"}}), 1);
  EXPECT_EQ(value("formsender_batch_consecutive_failed_executions", {}), 1);
  EXPECT_EQ(value("formsender_batch_preemptions_total", {}), 1);
  EXPECT_EQ(value("formsender_batch_tasks", {{"state", "succeeded"}}), 1);
  EXPECT_EQ(
      value("formsender_forms_processed_total", {{"outcome", "success"}, {"code", "SUCCESS"}}), 1);
  EXPECT_EQ(value("formsender_forms_processed_total",
                  {{"outcome", "failure"}, {"code", "PROHIBITION_DETECTED"}}),
            1);
  EXPECT_EQ(value("formsender_send_queue_rows", {{"status", "pending"}}), 1);
  EXPECT_EQ(value("formsender_ledger_entries", {{"state", "unknown"}}), 1);
  // The engine's figures, from the runners' heartbeats of the two running executions.
  EXPECT_EQ(value("formsender_engine_stage_seconds_count", {{"stage", "fetch"}}), 3);
  EXPECT_EQ(value("formsender_engine_stage_seconds_bucket", {{"stage", "fetch"}, {"le", "0.25"}}),
            1);
  EXPECT_EQ(value("formsender_engine_stage_seconds_bucket", {{"stage", "fetch"}, {"le", "0.5"}}),
            2);
  EXPECT_EQ(value("formsender_engine_stage_seconds_bucket", {{"stage", "fetch"}, {"le", "10"}}), 2);
  EXPECT_EQ(value("formsender_engine_stage_seconds_bucket", {{"stage", "fetch"}, {"le", "30"}}), 3);
  EXPECT_DOUBLE_EQ(value("formsender_engine_stage_seconds_sum", {{"stage", "fetch"}}), 12.5);
  EXPECT_EQ(value("formsender_engine_stage_seconds_count", {{"stage", "total"}}), 3);
  EXPECT_EQ(value("formsender_engine_stage_seconds_count", {{"stage", "browser"}}), 1);
  EXPECT_EQ(value("formsender_engine_stage_seconds_count", {{"stage", "confirm"}}), 0);
  EXPECT_EQ(value("formsender_fetch_errors_total", {{"kind", "timeout"}}), 1);
  EXPECT_EQ(value("formsender_browser_fallbacks_total", {}), 1);
  EXPECT_EQ(value("formsender_metrics_collector_errors_total", {{"collector", "store"}}), 0);
}

TEST_P(DashboardTest, AMalformedHeartbeatIsNamedAndTheOthersStillCount) {
  ASSERT_TRUE(
      db().Query("UPDATE job_executions SET metadata = $1 WHERE execution_id = 'exec-beta'",
                 {store::SqlValue::JsonText(
                     Json{{"runner", {{"tasks", {{"0", {{"engine", {{"bounds", {1, 2}}}}}}}}}}})})
          .ok());
  HttpRequest req = Get("/metrics");
  HttpResponse r = dashboard_->Metrics(req);
  auto families = ParseExposition(r.body);
  ASSERT_TRUE(families.ok()) << families.status().ToString();
  double fetch_count =
      SampleValue(*families, "formsender_engine_stage_seconds_count", {{"stage", "fetch"}});
  double errors =
      SampleValue(*families, "formsender_metrics_collector_errors_total", {{"collector", "store"}});
  EXPECT_EQ(fetch_count, 2);  // alpha's two forms still count
  EXPECT_EQ(errors, 1);
}

FS_INSTANTIATE_BACKEND_TEST(DashboardTest);

}  // namespace
}  // namespace formsender::dashboard
