// The SSRF guard inside the browser: a page allowed on one loopback name tries every way to
// reach other private destinations (subresource, iframe, fetch, redirect, worker, metadata
// address); none of those requests may reach the server.

#include <gtest/gtest.h>

#include "browser/browser_pool.h"
#include "browser/sample_forms.h"
#include "browser/testing.h"

namespace formsender::browser {
namespace {

class BrowserPolicyTest : public ::testing::Test {
 protected:
  void SetUp() override {
    FS_REQUIRE_BROWSER();
    ASSERT_TRUE(sites_.Start().ok());
    BrowserOptions options = LoopbackBrowserOptions();
    options.requests.net_policy.allow_private_targets = false;
    options.requests.net_policy.allowed_private_hosts = {"site.localhost"};
    pool_ = std::make_unique<BrowserPool>(options, nullptr);
    auto session = pool_->OpenSession(SessionOptions{"policy"});
    ASSERT_TRUE(session.ok()) << session.status().ToString();
    session_ = std::move(*session);
  }

  SampleSites sites_;
  std::unique_ptr<BrowserPool> pool_;
  std::unique_ptr<BrowserSession> session_;
};

TEST_F(BrowserPolicyTest, SubresourcesToPrivateAddressesNeverLeaveTheBrowser) {
  auto page = session_->Render(sites_.Url("/ssrf", "site.localhost"), StepOptions{});
  ASSERT_TRUE(page.ok()) << page.status().ToString();
  // Refused requests end at once: they do not keep the page from settling.
  EXPECT_TRUE(page->settle.settled()) << page->settle.pending_requests.size();
  // The worker reports whether its request went through; wait for its answer.
  for (int i = 0;
       i < 20 && page.ok() && page->main_frame().html.find("data-worker=") == std::string::npos;
       ++i) {
    page = session_->Snapshot(StepOptions{});
  }
  ASSERT_TRUE(page.ok()) << page.status().ToString();
  const std::string& html = page->main_frame().html;
  EXPECT_NE(html.find("data-allowed=\"yes\""), std::string::npos);  // allowed fetches work
  EXPECT_EQ(sites_.Hits("/ssrf-worker.js"), 1);
  EXPECT_NE(html.find("data-worker=\"refused\""), std::string::npos) << html.substr(0, 600);
  EXPECT_EQ(sites_.Hits("/redirect-to-secret"), 1);
  EXPECT_EQ(sites_.HitsWithPrefix("/secret/"), 0);

  int policy_blocks = 0;
  bool metadata = false;
  for (const auto& b : page->blocked) {
    if (!b.is_policy) continue;
    ++policy_blocks;
    EXPECT_NE(b.reason.find("address policy"), std::string::npos) << b.reason;
    if (b.url.find("169.254.169.254") != std::string::npos) metadata = true;
  }
  EXPECT_TRUE(metadata);
  EXPECT_GE(policy_blocks, 5);  // script, iframe, fetch, redirect hop, metadata (+ worker)
}

TEST_F(BrowserPolicyTest, RefusedPagesAreNotOpened) {
  auto direct = session_->Render(sites_.FormUrl(SampleForm::kToken), StepOptions{});
  EXPECT_EQ(direct.status().code(), StatusCode::kPermissionDenied) << direct.status().ToString();
  EXPECT_NE(direct.status().message().find("127.0.0.1"), std::string::npos);
  auto other = session_->Render(sites_.FormUrl(SampleForm::kToken, "other.localhost"), {});
  EXPECT_EQ(other.status().code(), StatusCode::kPermissionDenied) << other.status().ToString();
  auto redirected = session_->Render(sites_.Url("/redirect-to-secret", "site.localhost"), {});
  EXPECT_EQ(redirected.status().code(), StatusCode::kPermissionDenied)
      << redirected.status().ToString();
  EXPECT_EQ(sites_.Hits("/token/"), 0);
  EXPECT_EQ(sites_.HitsWithPrefix("/secret/"), 0);
  // The session is still good for allowed pages.
  auto allowed = session_->Render(sites_.FormUrl(SampleForm::kToken, "site.localhost"), {});
  EXPECT_TRUE(allowed.ok()) << allowed.status().ToString();
}

TEST_F(BrowserPolicyTest, NewWindowsCannotReachRefusedDestinations) {
  auto page = session_->Render(sites_.Url("/popup", "site.localhost"), StepOptions{});
  ASSERT_TRUE(page.ok()) << page.status().ToString();
  FillPlan form;
  form.submit_element_id = *FindIdByText(page->main_frame().html, "button", "送信");
  auto submitted = session_->Execute(form, StepOptions{});
  ASSERT_TRUE(submitted.ok()) << submitted.status().ToString();
  EXPECT_EQ(submitted->page.popups.size(), 1u);  // the form's target="_blank" window
  FillPlan link;
  link.submit_element_id = *FindIdByAttribute(page->main_frame().html, "id", "link");
  auto clicked = session_->Execute(link, StepOptions{});
  EXPECT_TRUE(clicked.ok()) << clicked.status().ToString();
  EXPECT_EQ(sites_.HitsWithPrefix("/secret/"), 0);
}

TEST_F(BrowserPolicyTest, HeavyResourcesAndTrackersAreBlockedToSaveTime) {
  auto page = session_->Render(sites_.Url("/heavy/", "site.localhost"), StepOptions{});
  ASSERT_TRUE(page.ok()) << page.status().ToString();
  EXPECT_EQ(sites_.Hits("/heavy/site.css"), 1);  // layout decides what is visible: kept
  for (const char* saved : {"/heavy/logo.png", "/heavy/intro.mp4", "/heavy/brand.woff2",
                            "/heavy/bg.png", "/heavy/beacon"}) {
    EXPECT_EQ(sites_.Hits(saved), 0) << saved;
  }
  bool tracker = false;
  for (const auto& b : page->blocked) {
    if (b.reason == "tracker www.googletagmanager.com") {
      tracker = true;
      EXPECT_FALSE(b.is_policy);
    }
  }
  EXPECT_TRUE(tracker);
}

}  // namespace
}  // namespace formsender::browser
