// Fetching the client_config: files, signed URLs, the H11 refresh through the dispatcher before
// expiry and after a failed probe, and the errors (Q-19: never a run with empty settings).
#include "runner/config_source.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <sys/stat.h>

#include <atomic>
#include <filesystem>
#include <fstream>
#include <mutex>

#include "common/crypto.h"
#include "common/http_router.h"
#include "common/http_server.h"
#include "common/time.h"

namespace formsender::runner {
namespace {

using std::chrono::hours;
using std::chrono::seconds;
using ::testing::HasSubstr;

const TimePoint kNow = *ParseIsoTimestamp("2025-04-01T01:00:00Z");
constexpr const char* kConfig = R"({"targeting_id": 3, "client_id": 7})";

// A loopback stand-in for the object URL and the dispatcher's refresh endpoint.
class Fixture : public ::testing::Test {
 protected:
  void SetUp() override {
    router_.Add("GET", "/objects/{name}", [this](HttpRequest& r) { return Object(r); });
    router_.Add("HEAD", "/objects/{name}", [this](HttpRequest& r) {
      HttpResponse resp = Object(r);
      resp.body.clear();
      return resp;
    });
    router_.Add("POST", "/v1/form-sender/signed-url/refresh", [this](HttpRequest& r) {
      std::lock_guard<std::mutex> lock(mu_);
      ++refreshes_;
      last_auth_ = r.headers.Get("Authorization").value_or("");
      last_body_ = ParseJson(r.body).value_or(Json());
      if (refresh_status_ != 200) return HttpResponse::Detail(refresh_status_, "refused");
      if (unavailable_refreshes_ > 0) {
        --unavailable_refreshes_;
        return HttpResponse::Detail(503, "starting");
      }
      return HttpResponse::JsonBody(
          200, Json{{"status", "ok"}, {"signed_url", Url("fresh", kNow + hours(48))}});
    });
    server_ = std::make_unique<HttpServer>(HttpServerOptions{}, router_.AsHandler());
    ASSERT_TRUE(server_->Start().ok());
  }
  void TearDown() override { server_->Stop(); }

  HttpResponse Object(HttpRequest& r) {
    std::lock_guard<std::mutex> lock(mu_);
    std::string name = r.path_params["name"];
    if (name == "gone") return HttpResponse::Text(404, "no such object");
    if (name == "stale") return HttpResponse::Text(403, "expired");
    if (name == "broken") return HttpResponse::Text(200, "{not json", "application/json");
    ++downloads_[name];
    return HttpResponse::Text(200, kConfig, "application/json");
  }

  std::string Url(const std::string& name, TimePoint expires) {
    return server_->base_url() + "/objects/" + name +
           "?expires=" + std::to_string(ToUnixSeconds(expires)) + "&signature=ab";
  }

  ConfigSourceOptions Options(const std::string& url, bool dispatcher = true) {
    ConfigSourceOptions o;
    o.url = url;
    o.object = "local://objects/20250401/targeting-3-x.json";
    o.execution_id = "exec-1";
    if (dispatcher) o.dispatcher_base_url = server_->base_url();
    return o;
  }

  ClientConfigSource Source(ConfigSourceOptions o) {
    return ClientConfigSource(
        std::move(o), http_, clock_, [] { return Result<std::string>(std::string("id-token")); },
        nullptr);
  }

  FakeClock clock_{kNow};
  CurlHttpClient http_;
  Router router_;
  std::unique_ptr<HttpServer> server_;
  std::mutex mu_;
  int refreshes_ = 0;
  int refresh_status_ = 200;
  int unavailable_refreshes_ = 0;
  std::string last_auth_;
  Json last_body_;
  std::map<std::string, int> downloads_;
};

TEST_F(Fixture, AFreshUrlIsFetchedAsItIs) {
  auto source = Source(Options(Url("cfg", kNow + hours(48))));
  auto config = source.Load();
  ASSERT_TRUE(config.ok()) << config.status().message();
  EXPECT_EQ((*config)["targeting_id"], 3);
  EXPECT_EQ(refreshes_, 0);
  EXPECT_FALSE(source.refreshed());
  EXPECT_EQ(*source.RefreshIfExpiring(), false);
}

TEST_F(Fixture, AUrlThatFailsItsProbeIsRefreshedThroughTheDispatcher) {
  auto source = Source(Options(Url("stale", kNow + hours(48))));
  auto config = source.Load();
  ASSERT_TRUE(config.ok()) << config.status().message();
  EXPECT_EQ(refreshes_, 1);
  EXPECT_EQ(last_auth_, "Bearer id-token");
  EXPECT_EQ(last_body_,
            (Json{{"client_config_object", "local://objects/20250401/targeting-3-x.json"},
                  {"execution_id", "exec-1"}}));
  EXPECT_EQ(downloads_["fresh"], 1);
  EXPECT_TRUE(source.refreshed());
  EXPECT_THAT(source.current_url(), HasSubstr("/objects/fresh"));
}

TEST_F(Fixture, AUrlIsRefreshedBeforeItExpires) {
  auto source = Source(Options(Url("cfg", kNow + seconds(600))));
  ASSERT_TRUE(source.Load().ok());
  EXPECT_EQ(refreshes_, 1);  // 10 minutes left is inside the 30-minute threshold
  EXPECT_EQ(downloads_["fresh"], 1);
  // During the run: nothing until the fresh URL itself comes close to its end.
  EXPECT_EQ(*source.RefreshIfExpiring(), false);
  clock_.Advance(hours(48) - seconds(900));
  EXPECT_EQ(*source.RefreshIfExpiring(), true);
  EXPECT_EQ(refreshes_, 2);
}

TEST_F(Fixture, AnExpiringUrlThatStillWorksIsUsedWhenTheRefreshFails) {
  refresh_status_ = 503;
  auto source = Source(Options(Url("cfg", kNow + seconds(600))));
  auto config = source.Load();
  ASSERT_TRUE(config.ok()) << config.status().message();
  EXPECT_EQ(downloads_["cfg"], 1);
}

TEST_F(Fixture, DeadUrlsAreErrors) {
  auto no_dispatcher = Source(Options(Url("stale", kNow + hours(1)), false));
  auto r = no_dispatcher.Load();
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), StatusCode::kUnavailable);
  EXPECT_THAT(r.status().message(), HasSubstr("FORM_SENDER_DISPATCHER_BASE_URL is not set"));
  refresh_status_ = 422;
  auto refused = Source(Options(Url("stale", kNow + hours(1))));
  r = refused.Load();
  EXPECT_EQ(r.status().code(), StatusCode::kInvalidArgument);
  EXPECT_THAT(r.status().message(), HasSubstr("HTTP 422"));
  auto gone = Source(Options(Url("gone", kNow + hours(48)), false));
  // The probe of a gone object fails too: without a dispatcher that is the end.
  EXPECT_FALSE(gone.Load().ok());
  auto broken = Source(Options(Url("broken", kNow + hours(48))));
  r = broken.Load();
  EXPECT_EQ(r.status().code(), StatusCode::kInvalidArgument);
  // The signature never reaches a message.
  EXPECT_THAT(r.status().message(), ::testing::Not(HasSubstr("signature=")));
}

// A dispatcher that is restarting (here: 503 twice) delays the task instead of failing it.
TEST_F(Fixture, ARestartingDispatcherIsWaitedFor) {
  unavailable_refreshes_ = 2;
  auto source = Source(Options(Url("stale", kNow + hours(1))));
  TimePoint before = clock_.Now();
  auto r = source.Load();
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ((*r)["client_id"], 7);
  EXPECT_EQ(refreshes_, 3);
  EXPECT_EQ(clock_.Now() - before, std::chrono::seconds(3));  // the 1 s and 2 s pauses

  // It gives up after its pauses; a refusal (4xx) is not retried at all.
  unavailable_refreshes_ = 100;
  refreshes_ = 0;
  auto down = Source(Options(Url("stale", kNow + hours(1))));
  EXPECT_EQ(down.Load().status().code(), StatusCode::kUnavailable);
  EXPECT_EQ(refreshes_, 7);
  unavailable_refreshes_ = 0;
  refresh_status_ = 422;
  refreshes_ = 0;
  EXPECT_EQ(Source(Options(Url("stale", kNow + hours(1)))).Load().status().code(),
            StatusCode::kInvalidArgument);
  EXPECT_EQ(refreshes_, 1);
}

TEST_F(Fixture, FilesAndTheSavedCopy) {
  auto dir = std::filesystem::temp_directory_path() / ("fs-runner-cfg-" + RandomHexToken(4));
  std::filesystem::create_directories(dir);
  {
    std::ofstream(dir / "good.json") << kConfig;
    std::ofstream(dir / "bad.json") << "{";
  }
  ConfigSourceOptions file;
  file.file = (dir / "good.json").string();
  EXPECT_EQ((*Source(file).Load())["client_id"], 7);
  file.file = (dir / "bad.json").string();
  EXPECT_EQ(Source(file).Load().status().code(), StatusCode::kInvalidArgument);
  file.file = (dir / "missing.json").string();
  EXPECT_EQ(Source(file).Load().status().code(), StatusCode::kNotFound);
  ConfigSourceOptions saved = Options(Url("cfg", kNow + hours(48)));
  saved.save_path = (dir / "client_config_primary.json").string();
  ASSERT_TRUE(Source(saved).Load().ok());
  struct stat st {};
  ASSERT_EQ(::stat(saved.save_path->c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600u);
  std::filesystem::remove_all(dir);
}

TEST(SignedUrlExpiryTest, GcsAndLocalUrls) {
  EXPECT_EQ(
      SignedUrlExpiry("https://storage.googleapis.com/b/o?X-Goog-Algorithm=GOOG4-RSA-SHA256"
                      "&X-Goog-Date=20250401T010000Z&X-Goog-Expires=3600&X-Goog-Signature=ab"),
      kNow + hours(1));
  EXPECT_EQ(SignedUrlExpiry("http://127.0.0.1:8080/objects/a.json?expires=1743469200&signature=ab"),
            FromUnixSeconds(1743469200));
  EXPECT_FALSE(SignedUrlExpiry("https://storage.googleapis.com/b/o").has_value());
}

}  // namespace
}  // namespace formsender::runner
