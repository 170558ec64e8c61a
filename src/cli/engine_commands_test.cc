// Process-level tests of `formsender analyze` and `formsender send`.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "common/clock.h"
#include "common/crypto.h"
#include "common/json.h"
#include "common/subprocess.h"
#include "sites/site_server.h"

namespace formsender::cli {
namespace {

class EngineCommandsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    const char* bin = std::getenv("FORMSENDER_BINARY");
    ASSERT_NE(bin, nullptr);
    binary_ = bin;
    // ctest passes only the first variable of a multi-valued ENVIRONMENT through
    // gtest_discover_tests here, so the source folder falls back to this file's location.
    const char* src = std::getenv("FORMSENDER_SOURCE_DIR");
    std::filesystem::path root =
        src != nullptr ? std::filesystem::path(src)
                       : std::filesystem::path(__FILE__).parent_path().parent_path().parent_path();
    forms_ = root / "tests" / "forms";
    dir_ = std::filesystem::temp_directory_path() / ("fs-engine-cli-" + RandomHexToken(6));
    std::filesystem::create_directories(dir_);
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }

  CommandResult Run(std::vector<std::string> args) {
    args.insert(args.begin(), binary_);
    CommandOptions options;
    options.env["FORMSENDER_DATA_DIR"] = (dir_ / "data").string();
    auto r = RunCommand(args, options);
    EXPECT_TRUE(r.ok());
    return r.ok() ? *r : CommandResult{};
  }
  std::string Write(const std::string& name, const std::string& content) {
    auto p = dir_ / name;
    std::ofstream(p) << content;
    return p.string();
  }

  std::string binary_;
  std::filesystem::path forms_;
  std::filesystem::path dir_;
};

TEST_F(EngineCommandsTest, AnalyzeAFileAsJson) {
  std::string page = Write(
      "p.html",
      R"(<form action="/s" method="post"><label for="e">メールアドレス</label><input id="e" name="mail">
<label for="m">お問い合わせ内容</label><textarea id="m" name="body"></textarea><button>送信</button></form>)");
  auto r =
      Run({"analyze", page, "--json", "--client-config", (forms_ / "client_config.json").string(),
           "--company", (forms_ / "company.json").string()});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  auto j = ParseJson(r.out);
  ASSERT_TRUE(j.ok()) << r.out;
  EXPECT_EQ((*j)["verdict"], "contact_form");
  EXPECT_EQ((*j)["form"]["method"], "post");
  EXPECT_EQ((*j)["fields"][0]["category"], "email");
  EXPECT_EQ((*j)["fields"][0]["value"], "k.sato@example.co.jp");
  EXPECT_EQ((*j)["refusal"]["detected"], false);
  auto table = Run({"analyze", page});
  EXPECT_EQ(table.exit_code, 0);
  EXPECT_NE(table.out.find("contact_form"), std::string::npos);
  EXPECT_NE(table.out.find("message"), std::string::npos);
}

TEST_F(EngineCommandsTest, BadClientConfigIsAUsageError) {
  std::string page = Write("p.html", "<form></form>");
  std::string bad = Write("bad.json", "{\"client\": {}}");
  auto r = Run({"analyze", page, "--client-config", bad});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("bad.json"), std::string::npos);
  auto missing =
      Run({"send", "http://x.localhost/", "--client-config", (dir_ / "none.json").string()});
  EXPECT_EQ(missing.exit_code, 2);
}

TEST_F(EngineCommandsTest, SendAgainstTheSampleSites) {
  SystemClock clock;
  auto specs = sites::LoadSitesUnder(forms_.string());
  ASSERT_TRUE(specs.ok());
  sites::SiteServer server({}, clock);
  ASSERT_TRUE(server.AddSites(std::move(*specs)).ok());
  ASSERT_TRUE(server.Start().ok());
  std::string url = server.HostUrl("cf7-basic", "/contact/");
  std::string config = (forms_ / "client_config.json").string();
  std::string company = (forms_ / "company.json").string();

  auto blocked = Run({"send", url, "--client-config", config, "--company", company, "--json"});
  EXPECT_EQ(blocked.exit_code, 1);
  EXPECT_NE(blocked.out.find("SSRF_BLOCKED"), std::string::npos);

  auto dry = Run({"send", url, "--client-config", config, "--company", company, "--dry-run",
                  "--allow-private-targets", "--json"});
  EXPECT_EQ(dry.exit_code, 0) << dry.out << dry.err;
  auto dj = ParseJson(dry.out);
  ASSERT_TRUE(dj.ok());
  EXPECT_EQ((*dj)["code"], "DRY_RUN");
  EXPECT_EQ((*dj)["submitted"], false);
  EXPECT_EQ(server.sink().FinalCount("cf7-basic"), 0);

  auto sent = Run({"send", url, "--client-config", config, "--company", company,
                   "--allow-private-targets", "--json"});
  EXPECT_EQ(sent.exit_code, 0) << sent.out << sent.err;
  auto sj = ParseJson(sent.out);
  ASSERT_TRUE(sj.ok());
  EXPECT_EQ((*sj)["outcome"], "success");
  EXPECT_EQ((*sj)["submitted"], true);
  EXPECT_FALSE((*sj)["steps"].empty());
  EXPECT_EQ((*sj)["classify_detail"]["code"], "SUCCESS");
  EXPECT_EQ(server.sink().FinalCount("cf7-basic"), 1);

  auto refused = Run({"send", server.HostUrl("refusal-in-form", "/contact/"), "--client-config",
                      config, "--company", company, "--allow-private-targets"});
  EXPECT_EQ(refused.exit_code, 5);
  EXPECT_NE(refused.out.find("PROHIBITION_DETECTED"), std::string::npos);

  // A script-built form: skipped over HTTP, sent through Chromium in auto mode.
  std::string vue = server.HostUrl("script-vue-form", "/contact/");
  auto http = Run({"send", vue, "--client-config", config, "--company", company,
                   "--allow-private-targets", "--engine", "http", "--json"});
  EXPECT_EQ(http.exit_code, 5) << http.out << http.err;
  EXPECT_NE(http.out.find("NEEDS_BROWSER"), std::string::npos);
  EXPECT_EQ(server.sink().FinalCount("script-vue-form"), 0);
  auto bad = Run({"send", vue, "--client-config", config, "--engine", "chrome"});
  EXPECT_EQ(bad.exit_code, 2);
  bool chromium = std::filesystem::exists("/usr/lib/chromium/chromium-headless-shell") ||
                  std::filesystem::exists("/usr/lib/chromium/chromium");
  if (chromium) {
    std::filesystem::create_directories(dir_ / "shots");
    auto browser =
        Run({"send", vue, "--client-config", config, "--company", company,
             "--allow-private-targets", "--screenshots", (dir_ / "shots").string(), "--json"});
    EXPECT_EQ(browser.exit_code, 0) << browser.out << browser.err;
    auto bj = ParseJson(browser.out);
    ASSERT_TRUE(bj.ok()) << browser.out;
    EXPECT_EQ((*bj)["engine"], "browser");
    EXPECT_EQ((*bj)["outcome"], "success");
    ASSERT_EQ((*bj)["screenshots"].size(), 1u);
    EXPECT_TRUE(std::filesystem::exists((*bj)["screenshots"][0].get<std::string>()));
    EXPECT_EQ(server.sink().FinalCount("script-vue-form"), 1);
  }
  server.Stop();
}

}  // namespace
}  // namespace formsender::cli
