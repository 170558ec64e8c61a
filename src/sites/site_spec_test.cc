#include "sites/site_spec.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "common/crypto.h"

namespace formsender::sites {
namespace {

namespace fs = std::filesystem;

std::map<std::string, std::string> Files() {
  return {{"index.html", "<form></form>"}, {"thanks.html", "ok"}, {"confirm.html", "c"}};
}

std::string ErrorOf(std::string_view json) {
  auto site = ParseSiteSpec(json, "demo", Files(), "demo/site.json");
  return site.ok() ? "" : site.status().message();
}

TEST(SiteSpecTest, ParsesAFullSite) {
  auto site = ParseSiteSpec(R"({
    "description": "x", "charset": "Shift_JIS", "charset_in_header": false, "gzip": false,
    "session_cookie": "SID", "faults": {"delay_ms": 5},
    "forms": {"contact": {"charset": "EUC-JP", "fields": {
        "name": {"label": "お名前", "required": true},
        "email": {"format": "email"}, "email2": {"equals": "email"},
        "type": {"one_of": ["a", "b"]}},
      "honeypots": ["hp"], "hidden": {"id": "1"}, "csrf_field": "token",
      "captcha_field": "cap", "captcha_answer": "X", "exclude_from_echo": ["go"],
      "error_format": "<b>{message}</b>"}},
    "routes": [
      {"path": "/", "page": "index.html"},
      {"path": "/old/*", "redirect": "/", "redirect_status": 301},
      {"path": "/send", "method": "post", "submit": {"form": "contact",
        "step_field": "mode", "step_values": {"confirm": "confirm", "complete": "final", "back": "back"},
        "step_buttons": {"go": "confirm"}, "default_step": "confirm", "values_from_session": true,
        "on_confirm": "confirm.html", "on_final": {"redirect": "/thanks", "status": 303},
        "on_error": {"page": "index.html", "status": 422}, "messages": {"sent": "ok"}}},
      {"path": "/thanks", "page": "thanks.html", "faults": {"hang": true, "hang_ms": 10}},
      {"path": "/down", "status": 503}
    ]})",
                            "demo", Files());
  ASSERT_TRUE(site.ok()) << site.status().ToString();
  EXPECT_EQ(site->charset, "Shift_JIS");
  EXPECT_FALSE(site->charset_in_header);
  EXPECT_EQ(site->faults.delay_ms, 5);
  const FormSpec& form = site->forms.at("contact");
  ASSERT_EQ(form.fields.size(), 4u);
  EXPECT_EQ(form.fields[0].first, "name");
  EXPECT_TRUE(form.fields[0].second.required);
  EXPECT_EQ(form.hidden[0], (std::pair<std::string, std::string>{"id", "1"}));
  ASSERT_EQ(site->routes.size(), 5u);
  EXPECT_TRUE(site->routes[1].is_prefix);
  EXPECT_EQ(site->routes[1].path, "/old/");
  const SubmitSpec& submit = *site->routes[2].submit;
  EXPECT_EQ(site->routes[2].method, "POST");
  EXPECT_EQ(submit.step_values.size(), 3u);
  EXPECT_EQ(submit.default_step, Step::kConfirm);
  EXPECT_EQ(submit.on_final.redirect, "/thanks");
  EXPECT_EQ(submit.on_error.status, 422);
  EXPECT_TRUE(site->routes[3].faults.hang);
}

TEST(SiteSpecTest, ErrorsNameTheMember) {
  EXPECT_NE(ErrorOf(R"({"routes": []})").find("demo/site.json.routes"), std::string::npos);
  EXPECT_NE(ErrorOf(R"({"routes": [{"path": "/", "page": "index.html"}], "colour": 1})")
                .find("unknown member \"colour\""),
            std::string::npos);
  EXPECT_NE(ErrorOf(R"({"routes": [{"path": "/", "page": "missing.html"}]})")
                .find("routes[0].page names \"missing.html\""),
            std::string::npos);
  EXPECT_NE(
      ErrorOf(R"({"routes": [{"path": "x", "page": "index.html"}]})").find("must start with /"),
      std::string::npos);
  EXPECT_NE(ErrorOf(R"({"charset": "klingon", "routes": [{"path": "/", "page": "index.html"}]})")
                .find("klingon"),
            std::string::npos);
  EXPECT_NE(ErrorOf(R"({"routes": [{"path": "/", "method": "POST", "submit": {"form": "nope",
              "on_final": "thanks.html"}}]})")
                .find("\"nope\", which is not in \"forms\""),
            std::string::npos);
  EXPECT_NE(ErrorOf(R"({"forms": {"c": {"fields": {"a": {"format": "emial"}}}},
                        "routes": [{"path": "/", "page": "index.html"}]})")
                .find("forms.c.fields.a.format"),
            std::string::npos);
  EXPECT_NE(ErrorOf(R"({"forms": {"c": {"fields": {"a": {"equals": "b"}}}},
                        "routes": [{"path": "/", "page": "index.html"}]})")
                .find("equals names \"b\""),
            std::string::npos);
  EXPECT_NE(ErrorOf(R"({"forms": {"c": {}}, "routes": [{"path": "/", "method": "POST",
              "submit": {"form": "c"}}]})")
                .find("on_final is required"),
            std::string::npos);
  EXPECT_NE(ErrorOf(R"({"routes": [{"path": "/", "faults": {"status": 42}}]})").find("HTTP status"),
            std::string::npos);
  EXPECT_NE(ErrorOf(R"({"routes": [{"path": "/", "page": "index.html", "redirect": "/x"}]})")
                .find("more than one"),
            std::string::npos);
  EXPECT_NE(ErrorOf("{not json").find("demo/site.json"), std::string::npos);
  auto bad_name = ParseSiteSpec(R"({"routes": [{"path": "/", "status": 200}]})", "Bad_Name", {});
  ASSERT_FALSE(bad_name.ok());
  EXPECT_NE(bad_name.status().message().find("host label"), std::string::npos);
}

TEST(SiteSpecTest, FaultsCombine) {
  Faults a;
  a.delay_ms = 100;
  a.status = 500;
  Faults b;
  b.delay_ms = 50;
  b.slow_loris_tick_ms = 10;
  Faults c = CombineFaults(a, b);
  EXPECT_EQ(c.delay_ms, 150);
  EXPECT_EQ(c.status, 500);
  EXPECT_EQ(c.slow_loris_tick_ms, 10);
  EXPECT_TRUE(Faults{}.empty());
  EXPECT_FALSE(c.empty());
  auto parsed = ParseFaults(c.ToJson(), "faults");
  ASSERT_TRUE(parsed.ok());
  EXPECT_EQ(parsed->ToJson(), c.ToJson());
  EXPECT_FALSE(ParseFaults(Json{{"dealy_ms", 1}}, "faults").ok());
}

class SiteDirTest : public ::testing::Test {
 protected:
  void SetUp() override {
    root_ = fs::temp_directory_path() / ("fs-sites-" + RandomHexToken(6));
    fs::create_directories(root_ / "b-site" / "contact");
    fs::create_directories(root_ / "a-site");
    fs::create_directories(root_ / "not-a-case");
    Write("a-site/site.json", R"({"routes": [{"path": "/", "page": "index.html"}]})");
    Write("a-site/index.html", "A");
    Write("a-site/expected.json", "{}");
    Write("b-site/site.json",
          R"({"routes": [{"path": "/contact/", "page": "contact/index.html"}]})");
    Write("b-site/contact/index.html", "B");
  }
  void TearDown() override { fs::remove_all(root_); }
  void Write(const std::string& rel, const std::string& data) {
    std::ofstream(root_ / rel, std::ios::binary) << data;
  }
  fs::path root_;
};

TEST_F(SiteDirTest, LoadsEveryCaseFolderSortedWithItsFiles) {
  auto sites = LoadSitesUnder(root_.string());
  ASSERT_TRUE(sites.ok()) << sites.status().ToString();
  ASSERT_EQ(sites->size(), 2u);
  EXPECT_EQ((*sites)[0].name, "a-site");
  EXPECT_EQ((*sites)[0].files.count("expected.json"), 0u);
  EXPECT_EQ((*sites)[1].files.at("contact/index.html"), "B");
  EXPECT_EQ((*sites)[1].dir, (root_ / "b-site").string());
}

TEST_F(SiteDirTest, ABrokenCaseNamesItsFile) {
  Write("b-site/site.json", R"({"routes": [{"path": "/", "page": "gone.html"}]})");
  auto sites = LoadSitesUnder(root_.string());
  ASSERT_FALSE(sites.ok());
  EXPECT_NE(sites.status().message().find("b-site/site.json"), std::string::npos);
  EXPECT_FALSE(LoadSiteDir((root_ / "not-a-case").string()).ok());
  EXPECT_EQ(LoadSitesUnder((root_ / "nowhere").string()).status().code(), StatusCode::kNotFound);
}

}  // namespace
}  // namespace formsender::sites
