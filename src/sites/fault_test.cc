// Injected latency and failures: statuses, first-N failures, slow first byte, hangs, huge
// pages, endless chunked bodies, slow drips and gzip bombs, from site.json and at run time.
#include <gtest/gtest.h>

#include "sites/server_test_util.h"

namespace formsender::sites {
namespace {

constexpr const char* kFaultSite = R"({
  "routes": [
    {"path": "/", "page": "index.html"},
    {"path": "/broken", "page": "index.html", "faults": {"status": 500}},
    {"path": "/flaky", "page": "index.html", "faults": {"fail_first": 2}},
    {"path": "/slow", "page": "index.html", "faults": {"delay_ms": 2500}},
    {"path": "/hang", "page": "index.html", "faults": {"hang": true}},
    {"path": "/huge", "page": "index.html", "faults": {"huge_page_bytes": 3000000}},
    {"path": "/endless", "page": "index.html", "faults": {"endless_chunked": true}},
    {"path": "/drip", "page": "index.html", "faults": {"slow_loris_tick_ms": 60000}},
    {"path": "/bomb", "page": "index.html", "faults": {"gzip_bomb_bytes": 50000000}},
    {"path": "/loop-a", "redirect": "/loop-b"},
    {"path": "/loop-b", "redirect": "/loop-a"}
  ]})";

const std::map<std::string, std::string> kFiles = {
    {"index.html", "<html><body><form><textarea name=\"m\"></textarea></form></body></html>"}};

class RecordedWaitsTest : public testing::ServerTest {
 protected:
  void SetUp() override {
    MakeServer(&pauser_, /*latency_ms=*/300);
    AddSite("faulty", kFaultSite, kFiles);
    Start();
  }
  RecordingPauser pauser_;
};

TEST_F(RecordedWaitsTest, StatusesAndFirstFailures) {
  auto broken = Send("faulty", "GET", "/broken");
  EXPECT_EQ(broken->status, 500);
  EXPECT_NE(broken->body.find("Internal Server Error"), std::string::npos);
  EXPECT_EQ(Send("faulty", "GET", "/flaky")->status, 503);
  EXPECT_EQ(Send("faulty", "GET", "/flaky")->status, 503);
  EXPECT_EQ(Send("faulty", "GET", "/flaky")->status, 200);
}

TEST_F(RecordedWaitsTest, LatencyIsAddedToEveryResponseButNotToTheControlApi) {
  ASSERT_EQ(Send("faulty", "GET", "/")->status, 200);
  EXPECT_EQ(pauser_.total_ms(), 300);
  ASSERT_EQ(Send("faulty", "GET", "/slow")->status, 200);
  EXPECT_EQ(pauser_.total_ms(), 300 + 2800);
  ASSERT_EQ(Send("", "GET", "/__sites/counts")->status, 200);
  EXPECT_EQ(pauser_.calls(), 2);
}

TEST_F(RecordedWaitsTest, RuntimeFaultsOverrideAndClear) {
  auto set = Send("", "PUT", "/__sites/faults/faulty", R"({"status": 503, "delay_ms": 100})",
                  "application/json");
  ASSERT_EQ(set->status, 200) << set->body;
  EXPECT_EQ(Send("faulty", "GET", "/")->status, 503);
  EXPECT_EQ(pauser_.total_ms(), 400);
  EXPECT_EQ(
      Send("", "PUT", "/__sites/faults/faulty", R"({"bogus": 1})", "application/json")->status,
      400);
  EXPECT_EQ(Send("", "PUT", "/__sites/faults/nosuch", "{}", "application/json")->status, 404);
  EXPECT_EQ(Send("", "DELETE", "/__sites/faults/faulty")->status, 200);
  EXPECT_EQ(Send("faulty", "GET", "/")->status, 200);
}

TEST_F(RecordedWaitsTest, HugePagesKeepTheirEnd) {
  auto r = Send("faulty", "GET", "/huge");
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->body.size(), 3000000u);
  EXPECT_EQ(r->body.substr(r->body.size() - 14), "</body></html>");
}

TEST_F(RecordedWaitsTest, EndlessBodiesAndGzipBombsHitTheClientCap) {
  auto endless = Send("faulty", "GET", "/endless", "", "", std::chrono::seconds(30), 1 << 20);
  ASSERT_FALSE(endless.ok());
  EXPECT_EQ(endless.status().code(), StatusCode::kResourceExhausted);
  auto bomb = Send("faulty", "GET", "/bomb", "", "", std::chrono::seconds(30), 1 << 20);
  ASSERT_FALSE(bomb.ok());
  EXPECT_EQ(bomb.status().code(), StatusCode::kResourceExhausted);
  // On the wire the bomb is small.
  HttpRequest req;
  req.method = "GET";
  req.path = "/bomb";
  req.headers.Add("Host", "faulty.localhost");
  HttpResponse raw = server_->Handle(req);
  EXPECT_EQ(raw.headers.Get("Content-Encoding"), "gzip");
  EXPECT_LT(std::stoll(*raw.headers.Get("Content-Length")), 200000);
}

TEST_F(RecordedWaitsTest, RedirectLoopsNeverEnd) {
  auto a = Send("faulty", "GET", "/loop-a");
  EXPECT_EQ(a->status, 302);
  EXPECT_EQ(a->headers.Get("Location"), "/loop-b");
  EXPECT_EQ(Send("faulty", "GET", "/loop-b")->headers.Get("Location"), "/loop-a");
}

class RealWaitsTest : public testing::ServerTest {
 protected:
  void SetUp() override {
    MakeServer();
    AddSite("faulty", kFaultSite, kFiles);
    Start();
  }
};

TEST_F(RealWaitsTest, HangsAndDripsTimeOutAndNeverHoldUpShutdown) {
  auto hang = Send("faulty", "GET", "/hang", "", "", std::chrono::milliseconds(300));
  ASSERT_FALSE(hang.ok());
  EXPECT_EQ(hang.status().code(), StatusCode::kDeadlineExceeded);
  auto drip = Send("faulty", "GET", "/drip", "", "", std::chrono::milliseconds(300));
  ASSERT_FALSE(drip.ok());
  EXPECT_EQ(drip.status().code(), StatusCode::kDeadlineExceeded);
  // A client that keeps waiting is released when the server stops (a 10-minute hang and a
  // one-byte-a-minute drip would otherwise keep their threads).
  std::thread waiting([this] {
    auto r = Send("faulty", "GET", "/hang", "", "", std::chrono::seconds(60));
    EXPECT_TRUE(!r.ok() || r->status == 503);
  });
  server_->Stop();
  waiting.join();
}

}  // namespace
}  // namespace formsender::sites
