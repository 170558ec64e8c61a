// The engine's browser fallback with a real Chromium: the script-built corpus sites are
// skipped NEEDS_BROWSER over HTTP and sent by the browser in auto mode (checked on the site's
// side, field by field); a Chromium killed mid-page costs one retry, then PAGE_CLOSED; a page
// that never becomes usable is TIMEOUT.

#include <signal.h>

#include <atomic>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <thread>

#include <gtest/gtest.h>

#include "browser/sample_forms.h"
#include "browser/testing.h"
#include "common/http_router.h"
#include "common/http_server.h"
#include "engine/browser_path.h"
#include "engine/test_util.h"
#include "sites/expected_case.h"
#include "sites/site_server.h"
#include "sites/site_spec.h"

namespace formsender::engine {
namespace {

std::string FormsDir() { return std::string(FS_SOURCE_DIR) + "/tests/forms"; }

Json ReadJsonFile(const std::string& path) {
  std::ifstream in(path);
  std::stringstream ss;
  ss << in.rdbuf();
  auto j = ParseJson(ss.str(), path);
  EXPECT_TRUE(j.ok()) << path;
  return j.ok() ? *j : Json::object();
}

class BrowserPathTest : public ::testing::Test {
 protected:
  // One Chromium for the whole suite: starting it is most of a test's cost.
  static void SetUpTestSuite() {
    if (!browser::ChromiumAvailable()) return;
    pool_ = new browser::BrowserPool(browser::LoopbackBrowserOptions(), nullptr);
  }
  static void TearDownTestSuite() {
    delete pool_;
    pool_ = nullptr;
  }
  static browser::BrowserPool* pool_;
  SystemClock clock_;
};
browser::BrowserPool* BrowserPathTest::pool_ = nullptr;

class CorpusBrowserTest : public BrowserPathTest,
                          public ::testing::WithParamInterface<const char*> {};

TEST_P(CorpusBrowserTest, SkippedOverHttpSentByTheBrowser) {
  FS_REQUIRE_BROWSER();
  const std::string name = GetParam();
  auto expected = sites::LoadExpectedCase(FormsDir() + "/" + name);
  ASSERT_TRUE(expected.ok()) << expected.status().ToString();
  ASSERT_TRUE(expected->browser.has_value()) << name << " has no browser expectation";
  auto spec = sites::LoadSiteDir(FormsDir() + "/" + name);
  ASSERT_TRUE(spec.ok()) << spec.status().ToString();
  sites::SiteServer server({}, clock_);
  std::vector<sites::SiteSpec> specs;
  specs.push_back(std::move(*spec));
  ASSERT_TRUE(server.AddSites(std::move(specs)).ok());
  ASSERT_TRUE(server.Start().ok());

  FormTask task;
  task.id = name;
  task.url = server.HostUrl(name, expected->entry_path);
  task.client_config = ReadJsonFile(FormsDir() + "/client_config.json");
  task.company = ReadJsonFile(FormsDir() + "/company.json");
  task.allow_private_targets = true;
  std::filesystem::path shots =
      std::filesystem::temp_directory_path() / ("fs-shots-" + std::to_string(getpid()) + name);
  std::filesystem::create_directories(shots);
  task.evidence.screenshots = true;
  task.evidence.screenshot_dir = shots.string();

  BrowserPath path(*pool_, clock_, nullptr);
  EngineOptions options;
  options.browser = &path;

  // HTTP only: skipped, nothing reaches the site, even with a browser configured.
  task.mode = EngineMode::kHttp;
  FormResult http = RunOne(task, options, clock_, nullptr);
  EXPECT_EQ(http.outcome, "skipped");
  EXPECT_EQ(http.code, "NEEDS_BROWSER") << http.message;
  EXPECT_EQ(http.engine, "http");
  EXPECT_EQ(server.sink().List(name, true).size(), 0u);

  // Auto: the same verdict sends it to the browser, which sends it once.
  task.mode = EngineMode::kAuto;
  int before = 0;
  int after = 0;
  Hooks hooks;
  hooks.before_final = [&](const FinalSubmitInfo& info) {
    ++before;
    EXPECT_FALSE(info.fields.empty());
    return Status::Ok();
  };
  hooks.after_final = [&](const FinalSubmitInfo&, const FormResult& r) {
    ++after;
    EXPECT_EQ(r.outcome, "success");
  };
  FormResult r = RunOne(task, options, clock_, nullptr, hooks);
  EXPECT_EQ(r.engine, "browser");
  EXPECT_EQ(r.outcome, expected->browser->outcome) << r.code << ": " << r.message;
  EXPECT_EQ(r.code, expected->browser->code) << r.message;
  EXPECT_TRUE(r.submitted);
  EXPECT_EQ(before, 1);
  EXPECT_EQ(after, 1);
  auto finals = server.sink().List(name, true);
  ASSERT_EQ(finals.size(), 1u);
  for (const std::string& p :
       sites::CompareFinalFields(expected->browser->final_fields, finals[0].effective_fields))
    ADD_FAILURE() << name << ": " << p;
  // The completion page is in the evidence.
  ASSERT_EQ(r.screenshots.size(), 1u);
  EXPECT_NE(r.screenshots[0].find("-complete.png"), std::string::npos);
  std::ifstream png(r.screenshots[0], std::ios::binary);
  char magic[4] = {};
  png.read(magic, 4);
  EXPECT_EQ(std::string(magic + 1, 3), "PNG");
  EXPECT_EQ(r.ToJson()["engine"], "browser");
  std::filesystem::remove_all(shots);
}

INSTANTIATE_TEST_SUITE_P(ScriptBuiltForms, CorpusBrowserTest,
                         ::testing::Values("script-react-spa", "script-vue-form",
                                           "script-hubspot-embed", "script-formrun-embed",
                                           "cf7-ajax-script-token", "formless-script-only"),
                         [](const auto& info) {
                           std::string n = info.param;
                           for (char& c : n)
                             if (c == '-') c = '_';
                           return n;
                         });

FormTask SampleTask(const browser::SampleSites& sites, std::string_view path) {
  FormTask task;
  task.id = std::string(path);
  task.url = sites.Url(path);
  task.client_config = ReadJsonFile(FormsDir() + "/client_config.json");
  task.company = ReadJsonFile(FormsDir() + "/company.json");
  task.allow_private_targets = true;
  task.mode = EngineMode::kBrowser;
  return task;
}

TEST_F(BrowserPathTest, ChromiumKilledMidPageIsRetriedOnceThenPageClosed) {
  FS_REQUIRE_BROWSER();
  browser::SampleSites sites;
  ASSERT_TRUE(sites.Start().ok());
  // Kill the browser each time the page is being loaded (the server holds /hold open).
  std::atomic<bool> stop{false};
  std::atomic<int> kills{0};
  std::thread killer([&] {
    auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
    while (!stop && kills < 2 && std::chrono::steady_clock::now() < deadline) {
      if (sites.Hits("/hold") > kills) {
        pid_t pid = pool_->Stats().pid;
        if (pid > 0 && ::kill(pid, SIGKILL) == 0) ++kills;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(20));  // polling another process
    }
  });
  BrowserPath path(*pool_, clock_, nullptr);
  EngineOptions options;
  options.browser = &path;
  FormResult r = RunOne(SampleTask(sites, "/hold"), options, clock_, nullptr);
  stop = true;
  killer.join();
  sites.ReleaseHeld();
  EXPECT_EQ(kills, 2);
  EXPECT_EQ(r.outcome, "failed");
  EXPECT_EQ(r.code, "PAGE_CLOSED") << r.message;
  EXPECT_FALSE(r.submitted);
  EXPECT_FALSE(r.detail.retryable && r.submitted);
  bool retried = false;
  for (const auto& s : r.judge_signals) retried |= s.find("retried") != std::string::npos;
  EXPECT_TRUE(retried);
  // The pool recovers: the next company is served by a new Chromium.
  FormResult next = RunOne(SampleTask(sites, "/react/"), options, clock_, nullptr);
  EXPECT_EQ(next.engine, "browser");
  EXPECT_NE(next.code, "PAGE_CLOSED") << next.message;
}

// A confirmation screen that asks for consent (a required box) before its send button: the
// browser ticks it as the HTTP path does, and the site receives the consent with the message.
TEST_F(BrowserPathTest, ConsentAskedOnTheConfirmationScreenIsGiven) {
  FS_REQUIRE_BROWSER();
  std::string form = std::string("<html><body>") + testing::kMinimalForm + "</body></html>";
  form.replace(form.find("送信する"), std::string("送信する").size(), "確認画面へ");
  Router site;
  site.Add("GET", "/inquiry/", [&](HttpRequest&) { return HttpResponse::Html(200, form); });
  std::atomic<int> finals{0};
  std::string consent_seen;
  std::mutex mu;
  site.Add("POST", "/send", [&](HttpRequest& r) {
    std::string hidden, agree;
    bool final_step = false;
    for (const auto& [n, v] : ParseFormUrlEncoded(r.body)) {
      if (n == "confirmed") final_step = true;
      if (n == "agree") agree = v;
      if (n == "confirmed" || n == "agree") continue;
      hidden += "<input type=\"hidden\" name=\"" + n + "\" value=\"" + v + "\">";
    }
    if (final_step) {
      ++finals;
      std::lock_guard lock(mu);
      consent_seen = agree;
      if (agree != "1") {
        return HttpResponse::Html(200,
                                  "<p class=\"error\">個人情報の取り扱いに同意してください</p>");
      }
      return HttpResponse::Html(200, "<h2>お問い合わせありがとうございました</h2>");
    }
    return HttpResponse::Html(
        200,
        "<html><body><h1>入力内容の確認</h1><p>以下の内容でよろしければ送信してください。</p>"
        "<form action=\"/send\" method=\"post\">" +
            hidden +
            "<p><label><input type=\"checkbox\" name=\"agree\" value=\"1\" required>"
            "個人情報の取り扱いに同意する</label></p>"
            "<input type=\"submit\" name=\"confirmed\" value=\"送信する\"></form></body></html>");
  });
  HttpServer server(HttpServerOptions{}, site.AsHandler());
  ASSERT_TRUE(server.Start().ok());
  BrowserPath path(*pool_, clock_, nullptr);
  EngineOptions options;
  options.browser = &path;
  FormTask task;
  task.id = "confirm-consent";
  task.url = "http://confirm.localhost:" + std::to_string(server.port()) + "/inquiry/";
  task.client_config = testing::SampleClientConfig();
  task.allow_private_targets = true;
  task.mode = EngineMode::kBrowser;
  FormResult r = RunOne(task, options, clock_, nullptr);
  EXPECT_EQ(r.engine, "browser");
  EXPECT_EQ(r.code, "SUCCESS") << r.message;
  EXPECT_EQ(finals.load(), 1);
  std::lock_guard lock(mu);
  EXPECT_EQ(consent_seen, "1");
}

TEST_F(BrowserPathTest, PageThatNeverBecomesUsableIsTimeout) {
  FS_REQUIRE_BROWSER();
  browser::SampleSites sites;
  ASSERT_TRUE(sites.Start().ok());
  BrowserPathOptions bo;
  bo.step_timeout = std::chrono::milliseconds(1500);
  BrowserPath path(*pool_, clock_, nullptr, bo);
  EngineOptions options;
  options.browser = &path;
  FormResult r = RunOne(SampleTask(sites, "/slow"), options, clock_, nullptr);
  EXPECT_EQ(r.outcome, "failed");
  EXPECT_EQ(r.code, "TIMEOUT") << r.message;
  EXPECT_EQ(r.engine, "browser");
}

TEST(BrowserErrors, CodesForBrowserFailures) {
  EXPECT_EQ(ClassifyBrowserError(Status::DeadlineExceeded("x")).code, "TIMEOUT");
  EXPECT_EQ(ClassifyBrowserError(Status::PermissionDenied("x")).code, "SSRF_BLOCKED");
  auto crash = ClassifyBrowserError(Status::Unavailable("chromium killed by signal 9"));
  EXPECT_EQ(crash.code, "PAGE_CLOSED");
  EXPECT_TRUE(crash.crashed);
  auto dns = ClassifyBrowserError(Status::Unavailable("navigation: net::ERR_NAME_NOT_RESOLVED"));
  EXPECT_EQ(dns.code, "DNS_ERROR");
  EXPECT_FALSE(dns.crashed);
  EXPECT_EQ(ClassifyBrowserError(Status::Unavailable("net::ERR_CONNECTION_REFUSED")).code,
            "CONNECTION_RESET");
  EXPECT_EQ(ClassifyBrowserError(Status::Cancelled("x")).code, "SHUTDOWN_REQUESTED");
}

TEST(EngineMode, ParsesTheThreeModes) {
  EXPECT_EQ(*ParseEngineMode("http"), EngineMode::kHttp);
  EXPECT_EQ(*ParseEngineMode("browser"), EngineMode::kBrowser);
  EXPECT_EQ(*ParseEngineMode("auto"), EngineMode::kAuto);
  auto bad = ParseEngineMode("chrome");
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(bad.status().message().find("chrome"), std::string::npos);
  EXPECT_EQ(EngineModeName(EngineMode::kAuto), "auto");
}

}  // namespace
}  // namespace formsender::engine
