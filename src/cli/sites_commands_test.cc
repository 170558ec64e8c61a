// Process-level tests of `formsender sites serve`.
#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <filesystem>

#include "cli/cli_test_support.h"
#include "common/http_client.h"
#include "common/json.h"
#include "common/subprocess.h"

namespace formsender::cli {
namespace {

std::string Binary() {
  const char* bin = std::getenv("FORMSENDER_BINARY");
  return bin ? bin : "";
}

std::string CorpusDir() {
  const char* src = std::getenv("FORMSENDER_SOURCE_DIR");
  return (std::filesystem::path(src ? src : FS_SOURCE_DIR) / "tests" / "forms").string();
}

TEST(SitesServeTest, ServesTheCorpusRecordsSubmissionsAndStopsOnSigterm) {
  ServeProcess serve({Binary(), "--json", "sites", "serve", "--dir", CorpusDir(), "--listen",
                      "127.0.0.1:0", "--replicate", "3", "--templates", "cf7-basic"});
  auto started = ParseJson(serve.ReadLine());
  ASSERT_TRUE(started.ok()) << started.status().ToString();
  int port = (*started)["port"].get<int>();
  ASSERT_GT(port, 0);
  EXPECT_GE((*started)["cases"].get<int>(), 100);
  EXPECT_EQ((*started)["replicas"], 3);

  CurlHttpClient http;
  HttpClientRequest page;
  page.url = "http://site-0002.localhost:" + std::to_string(port) + "/contact/";
  auto r = http.Send(page);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->status, 200);
  EXPECT_NE(r->body.find("wpcf7"), std::string::npos);

  HttpClientRequest post;
  post.method = "POST";
  post.url = "http://site-0002.localhost:" + std::to_string(port) +
             "/wp-json/contact-form-7/v1/contact-forms/5/feedback";
  post.headers.Set("Content-Type", "application/x-www-form-urlencoded");
  post.body = EncodeFormUrlEncoded({{"_wpcf7", "5"},
                                    {"_wpcf7_unit_tag", "wpcf7-f5-p12-o1"},
                                    {"your-name", "佐藤"},
                                    {"your-email", "k.sato@example.co.jp"}});
  auto sent = http.Send(post);
  ASSERT_TRUE(sent.ok());
  EXPECT_EQ((*ParseJson(sent->body))["status"], "mail_sent");

  HttpClientRequest counts;
  counts.url = "http://127.0.0.1:" + std::to_string(port) + "/__sites/counts";
  auto c = http.Send(counts);
  ASSERT_TRUE(c.ok());
  EXPECT_EQ((*ParseJson(c->body))["sites"]["site-0002"]["final"], 1);

  EXPECT_EQ(serve.Terminate(), 0);
  auto stopped = ParseJson(serve.ReadLine());
  ASSERT_TRUE(stopped.ok());
  EXPECT_EQ((*stopped)["counts"]["total_final"], 1);
}

TEST(SitesServeTest, BadInputExitsWithTheDocumentedCodes) {
  auto bad_listen = RunCommand({Binary(), "sites", "serve", "--listen", "nowhere"});
  ASSERT_TRUE(bad_listen.ok());
  EXPECT_EQ(bad_listen->exit_code, 2);
  EXPECT_NE(bad_listen->err.find("--listen"), std::string::npos) << bad_listen->err;
  auto missing = RunCommand({Binary(), "sites", "serve", "--dir", "/nonexistent/forms"});
  ASSERT_TRUE(missing.ok());
  EXPECT_EQ(missing->exit_code, 4);
  EXPECT_NE(missing->err.find("/nonexistent/forms"), std::string::npos);
  auto unknown = RunCommand({Binary(), "sites", "serve", "--dir", CorpusDir(), "--replicate", "1",
                             "--templates", "no-such-case"});
  ASSERT_TRUE(unknown.ok());
  EXPECT_EQ(unknown->exit_code, 4);
  EXPECT_NE(unknown->err.find("no-such-case"), std::string::npos);
}

}  // namespace
}  // namespace formsender::cli
