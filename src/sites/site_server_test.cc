#include "sites/site_server.h"

#include <gtest/gtest.h>

#include "common/charset.h"
#include "sites/server_test_util.h"

namespace formsender::sites {
namespace {

constexpr const char* kPlainSite = R"({
  "forms": {"contact": {"fields": {"name": {"label": "お名前", "required": true}}}},
  "routes": [
    {"path": "/", "page": "index.html"},
    {"path": "/contact/", "page": "contact.html"},
    {"path": "/contact/send.php", "method": "POST", "submit": {"form": "contact",
      "step": "final", "on_final": {"redirect": "/contact/thanks.html"}}},
    {"path": "/contact/thanks.html", "page": "thanks.html"},
    {"path": "/old-contact", "redirect": "/contact/", "redirect_status": 301},
    {"path": "/logo.png", "page": "logo.png"}
  ]})";

std::map<std::string, std::string> PlainFiles() {
  std::string big(2000, 'x');
  return {{"index.html", "<a href=\"/contact/\">お問い合わせ</a><img src=\"//cdn.example/x.png\">"},
          {"contact.html",
           "<form action=\"/contact/send.php\" method=\"post\"><input name=\"name\">"
           "</form><p>" +
               big + "</p>"},
          {"thanks.html", "ありがとうございました"},
          {"logo.png", std::string("\x89PNG\r\n", 6)}};
}

class SiteServerTest : public testing::ServerTest {
 protected:
  void SetUp() override {
    MakeServer();
    AddSite("plain", kPlainSite, PlainFiles());
    AddSite("sjis", R"({"charset": "Shift_JIS", "forms": {"c": {}}, "routes": [
        {"path": "/", "page": "index.html"},
        {"path": "/post", "method": "POST", "submit": {"form": "c", "step": "final",
          "on_final": "done.html"}}]})",
            {{"index.html", *EncodeFromUtf8("<meta charset=\"Shift_JIS\">営業時間", "Shift_JIS")},
             {"done.html",
              *EncodeFromUtf8("受付番号 {{submission_id}}：{{value:お名前}}様", "Shift_JIS")}});
    AddSite("euc", R"({"charset": "EUC-JP", "charset_in_header": false, "routes": [
        {"path": "/", "page": "index.html"}]})",
            {{"index.html", *EncodeFromUtf8("お問い合わせ", "EUC-JP")}});
    Start();
  }
};

TEST_F(SiteServerTest, RoutesByHostHeader) {
  auto r = Send("plain", "GET", "/");
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->status, 200);
  EXPECT_EQ(r->headers.Get("Content-Type"), "text/html; charset=UTF-8");
  EXPECT_NE(r->body.find("お問い合わせ"), std::string::npos);
  auto www = Send("www.plain", "GET", "/");
  ASSERT_TRUE(www.ok());
  EXPECT_EQ(www->status, 200);
  auto unknown = Send("nosuchsite", "GET", "/contact/");
  ASSERT_TRUE(unknown.ok());
  EXPECT_EQ(unknown->status, 404);
}

TEST_F(SiteServerTest, HostNamesUnderLocalhostResolveToTheServer) {
  // curl resolves *.localhost to loopback itself (RFC 6761), as browsers do.
  HttpClientRequest req;
  req.url = server_->HostUrl("plain", "/contact/");
  auto r = client_.Send(req);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->status, 200);
  EXPECT_NE(r->body.find("send.php"), std::string::npos);
}

TEST_F(SiteServerTest, PathPrefixRoutingRewritesRootRelativeUrls) {
  auto r = Send("", "GET", "/_site/plain/");
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->status, 200);
  EXPECT_NE(r->body.find("href=\"/_site/plain/contact/\""), std::string::npos);
  EXPECT_NE(r->body.find("src=\"//cdn.example/x.png\""), std::string::npos);
  auto contact = Send("", "GET", "/_site/plain/contact/");
  ASSERT_TRUE(contact.ok());
  EXPECT_NE(contact->body.find("action=\"/_site/plain/contact/send.php\""), std::string::npos);
  auto sent = Send("", "POST", "/_site/plain/contact/send.php", "name=a",
                   "application/x-www-form-urlencoded");
  ASSERT_TRUE(sent.ok());
  EXPECT_EQ(sent->status, 302);
  EXPECT_EQ(sent->headers.Get("Location"), "/_site/plain/contact/thanks.html");
  EXPECT_EQ(server_->sink().FinalCount("plain"), 1);
  EXPECT_EQ(server_->PathUrl("plain", "/x"), server_->base_url() + "/_site/plain/x");
}

TEST_F(SiteServerTest, NotFoundMethodNotAllowedRedirectsAndSlashes) {
  EXPECT_EQ(Send("plain", "GET", "/missing")->status, 404);
  EXPECT_EQ(Send("plain", "POST", "/contact/")->status, 405);
  auto moved = Send("plain", "GET", "/old-contact");
  EXPECT_EQ(moved->status, 301);
  EXPECT_EQ(moved->headers.Get("Location"), "/contact/");
  auto slash = Send("plain", "GET", "/contact");
  EXPECT_EQ(slash->status, 301);
  EXPECT_EQ(slash->headers.Get("Location"), "/contact/");
  auto png = Send("plain", "GET", "/logo.png");
  EXPECT_EQ(png->headers.Get("Content-Type"), "image/png");
  EXPECT_EQ(png->body.size(), 6u);
  EXPECT_EQ(Send("plain", "HEAD", "/contact/")->status, 200);
}

TEST_F(SiteServerTest, PagesAreCompressedForClientsThatAcceptGzip) {
  // CurlHttpClient asks for every encoding and inflates the body itself.
  auto r = Send("plain", "GET", "/contact/");
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->headers.Get("Content-Encoding"), "gzip");
  EXPECT_NE(r->body.find(std::string(2000, 'x')), std::string::npos);
  auto small = Send("plain", "GET", "/");
  EXPECT_FALSE(small->headers.Has("Content-Encoding"));
}

TEST_F(SiteServerTest, LegacyCharsetsAreServedAndDecoded) {
  auto page = Send("sjis", "GET", "/");
  ASSERT_TRUE(page.ok());
  EXPECT_EQ(page->headers.Get("Content-Type"), "text/html; charset=Shift_JIS");
  EXPECT_EQ(*DecodeToUtf8(page->body, "Shift_JIS"), "<meta charset=\"Shift_JIS\">営業時間");
  // お名前=佐藤　健一 as a browser encodes it from a Shift_JIS page.
  auto done = Send("sjis", "POST", "/post", "%82%A8%96%BC%91O=%8D%B2%93%A1%81%40%8C%92%88%EA",
                   "application/x-www-form-urlencoded");
  ASSERT_TRUE(done.ok());
  EXPECT_EQ(*DecodeToUtf8(done->body, "Shift_JIS"), "受付番号 1：佐藤　健一様");
  auto finals = server_->sink().List("sjis", true);
  ASSERT_EQ(finals.size(), 1u);
  EXPECT_EQ(finals[0].charset, "Shift_JIS");
  EXPECT_EQ(finals[0].fields[0].first, "お名前");
  EXPECT_EQ(finals[0].fields[0].second, "佐藤　健一");
  auto euc = Send("euc", "GET", "/");
  EXPECT_EQ(euc->headers.Get("Content-Type"), "text/html");
  EXPECT_EQ(*DecodeToUtf8(euc->body, "EUC-JP"), "お問い合わせ");
}

TEST_F(SiteServerTest, ControlApiListsSitesSubmissionsAndCounts) {
  ASSERT_EQ(Post("plain", "/contact/send.php", {{"name", "佐藤"}})->status, 302);
  ASSERT_EQ(Post("plain", "/contact/send.php", {{"name", ""}})->status, 200);
  auto sites = ParseJson(Send("", "GET", "/__sites/sites")->body);
  ASSERT_TRUE(sites.ok());
  EXPECT_EQ((*sites)["sites"].size(), 3u);
  EXPECT_EQ((*sites)["sites"][1]["name"], "plain");
  auto counts = ParseJson(Send("", "GET", "/__sites/counts")->body);
  EXPECT_EQ((*counts)["sites"]["plain"]["final"], 1);
  EXPECT_EQ((*counts)["sites"]["plain"]["rejected"], 1);
  EXPECT_EQ((*counts)["total_final"], 1);
  auto finals = ParseJson(Send("", "GET", "/__sites/submissions?site=plain&final=1")->body);
  ASSERT_EQ((*finals)["submissions"].size(), 1u);
  const Json& s = (*finals)["submissions"][0];
  EXPECT_EQ(s["fields"][0][1], "佐藤");
  EXPECT_EQ(s["final"], true);
  EXPECT_EQ(s["path"], "/contact/send.php");
  EXPECT_EQ(s["host"], "plain.localhost:" + std::to_string(server_->port()));
  auto all = ParseJson(Send("", "GET", "/__sites/submissions")->body);
  EXPECT_EQ((*all)["submissions"].size(), 2u);
  EXPECT_EQ((*all)["submissions"][1]["rejection"], "validation");
  EXPECT_EQ(Send("", "DELETE", "/__sites/submissions?site=plain")->status, 200);
  EXPECT_EQ(server_->sink().FinalCount("plain"), 0);
  EXPECT_EQ(Send("", "GET", "/__sites/healthz")->status, 200);
  auto index = Send("", "GET", "/");
  EXPECT_NE(index->body.find("/_site/plain/"), std::string::npos);
}

TEST_F(SiteServerTest, ReplicasAreIndependentSites) {
  ASSERT_TRUE(server_->Replicate({"plain", "sjis"}, 3).ok());
  std::map<std::string, std::string> templates;
  for (const auto& site : server_->Sites()) templates[site.name] = site.template_name;
  ASSERT_EQ(templates.size(), 6u);
  EXPECT_EQ(templates["site-0001"], "plain");
  EXPECT_EQ(templates["site-0002"], "sjis");
  EXPECT_EQ(templates["site-0003"], "plain");
  ASSERT_EQ(Post("site-0003", "/contact/send.php", {{"name", "a"}})->status, 302);
  EXPECT_EQ(server_->sink().FinalCount("site-0003"), 1);
  EXPECT_EQ(server_->sink().FinalCount("site-0001"), 0);
  EXPECT_EQ(server_->sink().FinalCount("plain"), 0);
  EXPECT_EQ(server_->Replicate({"nope"}, 1).code(), StatusCode::kNotFound);
  EXPECT_EQ(server_->Replicate({"plain"}, 1).code(), StatusCode::kConflict);
}

TEST_F(SiteServerTest, DuplicateSiteNamesAreRefused) {
  auto spec = ParseSiteSpec(kPlainSite, "plain", PlainFiles());
  ASSERT_TRUE(spec.ok());
  EXPECT_EQ(server_->AddSite(std::move(*spec)).code(), StatusCode::kConflict);
}

}  // namespace
}  // namespace formsender::sites
