#include "gcp/rest_client.h"

#include <gtest/gtest.h>

#include <deque>
#include <mutex>

#include "common/http_server.h"
#include "common/time.h"
#include "gcp/api_error.h"

namespace formsender::gcp {
namespace {

using std::chrono::seconds;

// A loopback server answering from a script and recording what it got.
class ScriptedServer {
 public:
  ScriptedServer() {
    server_ = std::make_unique<HttpServer>(HttpServerOptions{}, [this](HttpRequest& r) {
      std::lock_guard lock(mu_);
      seen_.push_back(r);
      if (script_.empty()) return HttpResponse::JsonBody(200, Json{{"ok", true}});
      HttpResponse next = std::move(script_.front());
      script_.pop_front();
      return next;
    });
    EXPECT_TRUE(server_->Start().ok());
  }
  void Add(HttpResponse r) {
    std::lock_guard lock(mu_);
    script_.push_back(std::move(r));
  }
  void AddError(int status, std::string name, std::string message,
                std::optional<std::string> retry_after = std::nullopt) {
    HttpResponse r = HttpResponse::JsonBody(
        status, Json{{"error", {{"code", status}, {"message", message}, {"status", name}}}});
    if (retry_after) r.headers.Set("Retry-After", *retry_after);
    Add(std::move(r));
  }
  std::vector<HttpRequest> seen() {
    std::lock_guard lock(mu_);
    return seen_;
  }
  std::string url(std::string_view path) { return server_->base_url() + std::string(path); }

 private:
  std::mutex mu_;
  std::deque<HttpResponse> script_;
  std::vector<HttpRequest> seen_;
  std::unique_ptr<HttpServer> server_;
};

// Tokens "tok-1", "tok-2", … counting fetches.
class SequenceTokens final : public TokenProvider {
 public:
  Result<std::string> GetToken() override {
    std::lock_guard lock(mu_);
    if (current_.empty()) current_ = "tok-" + std::to_string(++fetches_);
    return current_;
  }
  void Invalidate(std::string_view token) override {
    std::lock_guard lock(mu_);
    if (token == current_) current_.clear();
  }
  int fetches() {
    std::lock_guard lock(mu_);
    return fetches_;
  }

 private:
  std::mutex mu_;
  std::string current_;
  int fetches_ = 0;
};

class RestClientTest : public ::testing::Test {
 protected:
  RestClientTest()
      : tokens_(std::make_shared<SequenceTokens>()),
        rest_(http_, tokens_, clock_, RetryPolicy{}, MakeCapturingLogger(log_lines_),
              [] { return 0.0; }) {}

  RestRequest Get(std::string path) {
    RestRequest r;
    r.url = server_.url(path);
    r.operation = "test.get";
    return r;
  }

  Duration Slept() { return clock_.Now() - start_; }

  ScriptedServer server_;
  CurlHttpClient http_;
  TimePoint start_ = FromUnixSeconds(1'700'000'000);
  FakeClock clock_{start_};
  std::shared_ptr<std::vector<std::string>> log_lines_ =
      std::make_shared<std::vector<std::string>>();
  std::shared_ptr<SequenceTokens> tokens_;
  RestClient rest_;
};

TEST_F(RestClientTest, SendsJsonWithBearerTokenAndQuery) {
  RestRequest r = Get("/v1/things");
  r.method = "POST";
  r.query = {{"jobId", "a b"}, {"requestId", "r/1"}};
  r.json_body = Json{{"k", "v"}};
  auto body = rest_.Call(r);
  ASSERT_TRUE(body.ok()) << body.status().ToString();
  EXPECT_EQ((*body)["ok"], true);
  auto seen = server_.seen();
  ASSERT_EQ(seen.size(), 1u);
  EXPECT_EQ(seen[0].method, "POST");
  EXPECT_EQ(seen[0].query, "jobId=a%20b&requestId=r%2F1");
  EXPECT_EQ(seen[0].headers.Get("Authorization").value_or(""), "Bearer tok-1");
  EXPECT_EQ(seen[0].headers.Get("Content-Type").value_or(""), "application/json; charset=utf-8");
  EXPECT_EQ(seen[0].version, "HTTP/1.1");
  EXPECT_EQ(*ParseJson(seen[0].body), (Json{{"k", "v"}}));
}

TEST_F(RestClientTest, RetriesServerErrorsWithExponentialBackoff) {
  server_.AddError(500, "INTERNAL", "boom");
  server_.AddError(503, "UNAVAILABLE", "later");
  auto body = rest_.Call(Get("/x"));
  ASSERT_TRUE(body.ok()) << body.status().ToString();
  EXPECT_EQ(server_.seen().size(), 3u);
  // Jitter 0: half of 1 s, then half of 2 s.
  EXPECT_EQ(Slept(), std::chrono::milliseconds(1500));
}

TEST_F(RestClientTest, BackoffIsBoundedAndJittered) {
  RestClient rest(http_, nullptr, clock_, RetryPolicy{}, nullptr, [] { return 0.999999; });
  EXPECT_NEAR(std::chrono::duration<double>(rest.BackoffFor(1)).count(), 1.0, 1e-3);
  EXPECT_NEAR(std::chrono::duration<double>(rest.BackoffFor(3)).count(), 4.0, 1e-3);
  EXPECT_NEAR(std::chrono::duration<double>(rest.BackoffFor(10)).count(), 30.0, 1e-3);
  RestClient low(http_, nullptr, clock_, RetryPolicy{}, nullptr, [] { return 0.0; });
  EXPECT_NEAR(std::chrono::duration<double>(low.BackoffFor(10)).count(), 15.0, 1e-3);
}

TEST_F(RestClientTest, GivesUpAfterMaxAttemptsWithTheApiMessage) {
  for (int i = 0; i < 5; ++i) server_.AddError(503, "UNAVAILABLE", "The service is unavailable");
  auto body = rest_.Call(Get("/x"));
  EXPECT_EQ(body.status().code(), StatusCode::kUnavailable);
  EXPECT_EQ(body.status().message(), "test.get: HTTP 503 UNAVAILABLE: The service is unavailable");
  EXPECT_EQ(server_.seen().size(), 5u);
}

TEST_F(RestClientTest, HonoursRetryAfterOn429) {
  server_.AddError(429, "RESOURCE_EXHAUSTED", "Quota exceeded", "7");
  auto body = rest_.Call(Get("/x"));
  ASSERT_TRUE(body.ok());
  EXPECT_EQ(Slept(), seconds(7));  // longer than the 0.5 s backoff
}

TEST_F(RestClientTest, RetryAfterAsHttpDate) {
  EXPECT_EQ(
      ParseRetryAfter("Wed, 21 Oct 2015 07:28:30 GMT", *ParseIsoTimestamp("2015-10-21T07:28:00Z")),
      seconds(30));
  EXPECT_EQ(ParseRetryAfter("12", start_), seconds(12));
  EXPECT_EQ(ParseRetryAfter("soon", start_), std::nullopt);
}

TEST_F(RestClientTest, TooLongRetryAfterIsNotWaitedFor) {
  server_.AddError(429, "RESOURCE_EXHAUSTED", "Quota exceeded", "3600");
  auto body = rest_.Call(Get("/x"));
  EXPECT_EQ(body.status().code(), StatusCode::kResourceExhausted);
  EXPECT_NE(body.status().message().find("retry after 3600 s"), std::string::npos);
  EXPECT_EQ(server_.seen().size(), 1u);
  EXPECT_EQ(Slept(), Duration::zero());
}

TEST_F(RestClientTest, NonIdempotentRequestsAreRetriedOnlyOn429) {
  RestRequest r = Get("/run");
  r.method = "POST";
  r.is_idempotent = false;
  server_.AddError(500, "INTERNAL", "maybe done");
  EXPECT_EQ(rest_.Call(r).status().code(), StatusCode::kUnavailable);
  EXPECT_EQ(server_.seen().size(), 1u);
  server_.AddError(429, "RESOURCE_EXHAUSTED", "slow down");
  EXPECT_TRUE(rest_.Call(r).ok());
  EXPECT_EQ(server_.seen().size(), 3u);
}

TEST_F(RestClientTest, RefreshesTheTokenOnceAfter401) {
  server_.AddError(401, "UNAUTHENTICATED", "Request had invalid authentication credentials.");
  auto body = rest_.Call(Get("/x"));
  ASSERT_TRUE(body.ok());
  auto seen = server_.seen();
  ASSERT_EQ(seen.size(), 2u);
  EXPECT_EQ(seen[0].headers.Get("Authorization").value_or(""), "Bearer tok-1");
  EXPECT_EQ(seen[1].headers.Get("Authorization").value_or(""), "Bearer tok-2");
  EXPECT_EQ(Slept(), Duration::zero());

  server_.AddError(401, "UNAUTHENTICATED", "bad");
  server_.AddError(401, "UNAUTHENTICATED", "still bad");
  auto denied = rest_.Call(Get("/x"));
  EXPECT_EQ(denied.status().code(), StatusCode::kUnauthenticated);
  EXPECT_EQ(tokens_->fetches(), 3);
}

TEST_F(RestClientTest, MapsGoogleStatusNames) {
  server_.AddError(409, "ALREADY_EXISTS", "Requested entity already exists");
  auto conflict = rest_.Call(Get("/x"));
  EXPECT_EQ(conflict.status().code(), StatusCode::kConflict);
  EXPECT_EQ(conflict.status().message(),
            "test.get: HTTP 409 ALREADY_EXISTS: Requested entity already exists");
  server_.AddError(400, "FAILED_PRECONDITION", "Spot capacity unavailable");
  EXPECT_EQ(rest_.Call(Get("/x")).status().code(), StatusCode::kConflict);
  server_.AddError(403, "PERMISSION_DENIED", "no");
  EXPECT_EQ(rest_.Call(Get("/x")).status().code(), StatusCode::kPermissionDenied);
  server_.AddError(404, "NOT_FOUND", "gone");
  EXPECT_EQ(rest_.Call(Get("/x")).status().code(), StatusCode::kNotFound);
  HttpResponse plain = HttpResponse::Text(400, "bad request text");
  server_.Add(plain);
  auto text = rest_.Call(Get("/x"));
  EXPECT_EQ(text.status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(text.status().message(), "test.get: HTTP 400: bad request text");
  EXPECT_EQ(StatusCodeForApiError(429, "RESOURCE_EXHAUSTED"), StatusCode::kResourceExhausted);
  EXPECT_EQ(StatusCodeForApiError(400, "invalid_grant"), StatusCode::kUnauthenticated);
}

TEST_F(RestClientTest, RetriesConnectionErrorsForIdempotentCalls) {
  RestRequest r;
  r.url = "http://127.0.0.1:1/nothing-listens-here";
  r.operation = "test.down";
  auto result = rest_.Call(r);
  EXPECT_EQ(result.status().code(), StatusCode::kUnavailable);
  EXPECT_EQ(Slept(), std::chrono::milliseconds(500 + 1000 + 2000 + 4000));
  r.is_idempotent = false;
  start_ = clock_.Now();
  EXPECT_FALSE(rest_.Call(r).ok());
  EXPECT_EQ(Slept(), Duration::zero());
}

TEST_F(RestClientTest, LogsRetriesWithoutSecrets) {
  server_.AddError(500, "INTERNAL", "token ya29.leaked-in-message here");
  ASSERT_TRUE(rest_.Call(Get("/x")).ok());
  ASSERT_FALSE(log_lines_->empty());
  for (const auto& line : *log_lines_) {
    EXPECT_EQ(line.find("ya29.leaked"), std::string::npos) << line;
    EXPECT_EQ(line.find("tok-1"), std::string::npos) << line;
  }
}

}  // namespace
}  // namespace formsender::gcp
