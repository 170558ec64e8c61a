// `formsender serve` assembled and driven over loopback HTTP: authentication, routing errors,
// the body cap, and the dispatcher endpoints with the embedded backends (batch backend noop).
#include "web/serve_app.h"

#include <gtest/gtest.h>
#include <sys/stat.h>

#include <fstream>

#include "common/http_client.h"
#include "common/json.h"
#include "store/testing.h"

namespace formsender::web {
namespace {

class ServeAppTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto db = store::TestDatabase::Create(store::TestBackend::kSqlite);
    ASSERT_TRUE(db.ok()) << db.status().ToString();
    db_ = std::move(*db);
    char tmpl[] = "/tmp/fs-serve-test-XXXXXX";
    ASSERT_NE(::mkdtemp(tmpl), nullptr);
    data_dir_ = tmpl;
    env_.Set("FORMSENDER_BATCH_BACKEND", "noop");
    env_.Set("FORMSENDER_DISPATCHER_MAX_BODY_BYTES", "4096");
    // Slow enough that a refill during a test cannot hide the throttle (client_limiter.h).
    env_.Set("FORMSENDER_DISPATCHER_REFUSALS_PER_SECOND", "0.2");
    env_.Set("FORMSENDER_DISPATCHER_REFUSAL_BURST", "20");
    auto props = settings::Properties::Parse("", "test", env_);
    ASSERT_TRUE(props.ok()) << props.status().ToString();
    props_ = std::move(*props);
    auto app = ServeApp::Create({&*props_, &env_, &db_->db(), db_->url(), data_dir_,
                                 ListenAddress{"127.0.0.1", 0}, nullptr, nullptr, nullptr});
    ASSERT_TRUE(app.ok()) << app.status().ToString();
    app_ = std::move(*app);
    // The test reaches serve's object store the way the dashboard adds pages.
    app_->AddRoutes([this](WebServer&, ServeComponents& c) {
      objects_ = &c.objects;
      return Status::Ok();
    });
    Status started = app_->Start();
    ASSERT_TRUE(started.ok()) << started.ToString();
    ASSERT_NE(objects_, nullptr);
    token_ = ReadToken();
  }
  void TearDown() override {
    if (app_) app_->Stop();
    app_.reset();
    std::error_code ec;
    std::filesystem::remove_all(data_dir_, ec);
  }

  std::string ReadToken() {
    std::filesystem::path path = data_dir_ / "keys" / "dispatcher.token";
    std::ifstream in(path);
    std::string token;
    std::getline(in, token);
    return token;
  }

  HttpClientResponse Call(const std::string& method, const std::string& path,
                          const std::string& body = "", std::optional<std::string> auth = {}) {
    HttpClientRequest r;
    r.method = method;
    r.url = app_->base_url() + path;
    r.body = body;
    if (!body.empty()) r.headers.Set("Content-Type", "application/json");
    std::string authorization = auth.value_or("Bearer " + token_);
    if (!authorization.empty()) r.headers.Set("Authorization", authorization);
    auto resp = http_.Send(r);
    EXPECT_TRUE(resp.ok()) << resp.status().ToString();
    return resp.ok() ? *resp : HttpClientResponse{};
  }

  Json BodyOf(const HttpClientResponse& r) {
    auto j = ParseJson(r.body, "response");
    EXPECT_TRUE(j.ok()) << r.body;
    return j.ok() ? *j : Json();
  }

  // A valid batch-mode task for `targeting_id` whose client config is in serve's store.
  Json TaskBody(int64_t targeting_id, int64_t run_index_base = 0) {
    std::string key = "configs/t" + std::to_string(targeting_id) + ".json";
    auto ref = objects_->Put(key, R"({"client":{}})", "application/json");
    EXPECT_TRUE(ref.ok()) << ref.status().ToString();
    auto url = objects_->SignedGetUrl(key, std::chrono::hours(2));
    EXPECT_TRUE(url.ok()) << url.status().ToString();
    return Json{{"targeting_id", targeting_id},
                {"client_config_ref", url.ok() ? *url : ""},
                {"client_config_object", ref.ok() ? *ref : ""},
                {"tables", {{"use_extra_table", false}}},
                {"execution",
                 {{"run_total", 2},
                  {"parallelism", 2},
                  {"run_index_base", run_index_base},
                  {"shards", 2},
                  {"workers_per_workflow", 1}}},
                {"test_mode", true},
                {"batch", Json::object()}};
  }

  std::unique_ptr<store::TestDatabase> db_;
  std::filesystem::path data_dir_;
  MapEnvironment env_;
  std::optional<settings::Properties> props_;
  std::unique_ptr<ServeApp> app_;
  objects::ObjectStore* objects_ = nullptr;
  std::string token_;
  CurlHttpClient http_;
};

TEST_F(ServeAppTest, TheTokenIsCreatedPrivateAndHealthNeedsNoCredentials) {
  ASSERT_FALSE(token_.empty());
  struct stat st {};
  ASSERT_EQ(::stat((data_dir_ / "keys" / "dispatcher.token").c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600u);
  auto health = Call("GET", "/healthz", "", std::string());
  EXPECT_EQ(health.status, 200);
  EXPECT_EQ(BodyOf(health)["status"], "ok");
}

TEST_F(ServeAppTest, MissingOrWrongCredentialsAre401) {
  auto none = Call("GET", "/v1/form-sender/executions", "", std::string());
  EXPECT_EQ(none.status, 401);
  EXPECT_TRUE(none.headers.Get("WWW-Authenticate").has_value());
  auto wrong = Call("GET", "/v1/form-sender/executions", "", "Bearer not-the-token");
  EXPECT_EQ(wrong.status, 401);
  auto basic = Call("GET", "/v1/form-sender/executions", "", "Basic " + token_);
  EXPECT_EQ(basic.status, 401);
  auto right = Call("GET", "/v1/form-sender/executions");
  EXPECT_EQ(right.status, 200);
}

// A client refused too often (20 at once, then 0.2 per second here) is answered 429 with
// Retry-After, before any route runs; its requests that authenticate still go through, and so
// does /healthz. The header X-Forwarded-For is not trusted by default.
TEST_F(ServeAppTest, AClientRefusedTooOftenIsAnswered429UntilItMayTryAgain) {
  int refused = 0;
  HttpClientResponse last;
  for (int i = 0; i < 40 && last.status != 429; ++i) {
    last = Call("GET", "/v1/form-sender/executions", "", "Bearer guess-" + std::to_string(i));
    if (last.status == 401) ++refused;
  }
  ASSERT_EQ(last.status, 429) << last.body;
  EXPECT_GE(refused, 20);
  EXPECT_LE(refused, 24);  // a refill of 0.2 per second adds a token every 5 s
  EXPECT_GE(std::stoi(last.headers.Get("Retry-After").value_or("0")), 1);
  EXPECT_NE(BodyOf(last)["detail"].get<std::string>().find("127.0.0.1"), std::string::npos)
      << last.body;
  EXPECT_EQ(Call("GET", "/v1/form-sender/nothing", "", std::string()).status, 429);
  HttpClientRequest spoofed;
  spoofed.url = app_->base_url() + "/v1/form-sender/executions";
  spoofed.headers.Set("X-Forwarded-For", "198.51.100.9");
  auto sp = http_.Send(spoofed);
  ASSERT_TRUE(sp.ok());
  EXPECT_EQ(sp->status, 429);
  // The caller with the token is not locked out by a neighbour's guesses.
  EXPECT_EQ(Call("GET", "/v1/form-sender/executions").status, 200);
  EXPECT_EQ(Call("GET", "/healthz", "", std::string()).status, 200);
}

// Hostile bodies from an authenticated caller: malformed JSON, numbers out of every range,
// fractions, wrong types and deep nesting are answered 422 naming the field (or the body, when
// it is not JSON), and nothing is queued.
TEST_F(ServeAppTest, MalformedBodiesAndHugeNumbersAreNamedAndQueueNothing) {
  EXPECT_EQ(Call("POST", "/v1/form-sender/tasks", "{\"targeting_id\": ").status, 422);
  EXPECT_EQ(Call("POST", "/v1/form-sender/tasks", std::string(3000, '[')).status, 422);
  std::string base = TaskBody(7).dump();
  for (const std::string number : {"99999999999999999999", "1e400", "-1e400", "9223372036854775808",
                                   "1.5", "-1", "0", "true", "null", "[]", "\"\""}) {
    std::string body = base;
    std::string key = "\"targeting_id\":7";
    size_t at = body.find(key);
    ASSERT_NE(at, std::string::npos) << body;
    body.replace(at, key.size(), "\"targeting_id\":" + number);
    auto r = Call("POST", "/v1/form-sender/tasks", body);
    EXPECT_EQ(r.status, 422) << number << ": " << r.body;
    // Numbers beyond a double are refused by the JSON reader, which names the number.
    std::string named = number.find("e400") != std::string::npos ? number : "targeting_id";
    EXPECT_NE(r.body.find(named), std::string::npos) << number << ": " << r.body;
  }
  auto listed = Call("GET", "/v1/form-sender/executions");
  ASSERT_EQ(listed.status, 200);
  EXPECT_EQ(listed.body.find("\"targeting_id\""), std::string::npos) << listed.body;
}

TEST_F(ServeAppTest, UnknownRoutesAre404AndWrongMethods405) {
  EXPECT_EQ(Call("GET", "/v1/form-sender/nothing").status, 404);
  EXPECT_EQ(Call("GET", "/v1/form-sender/tasks").status, 405);
  EXPECT_EQ(Call("DELETE", "/healthz", "", std::string()).status, 405);
}

TEST_F(ServeAppTest, BodiesOverTheCapAre413) {
  std::string big = "{\"pad\":\"" + std::string(8192, 'x') + "\"}";
  auto r = Call("POST", "/v1/form-sender/tasks", big);
  EXPECT_EQ(r.status, 413);
}

TEST_F(ServeAppTest, ValidationErrorsAre422WithTheFieldPath) {
  Json body = TaskBody(7);
  body["execution"]["run_total"] = 0;
  body.erase("targeting_id");
  auto r = Call("POST", "/v1/form-sender/tasks", DumpJson(body));
  ASSERT_EQ(r.status, 422) << r.body;
  Json detail = BodyOf(r)["detail"];
  ASSERT_TRUE(detail.is_array());
  std::set<std::string> paths;
  for (const Json& e : detail) paths.insert(DumpJson(e["loc"]));
  EXPECT_TRUE(paths.contains(R"(["body","targeting_id"])")) << r.body;
  EXPECT_TRUE(paths.contains(R"(["body","execution","run_total"])")) << r.body;

  auto not_json = Call("POST", "/v1/form-sender/tasks", "{not json");
  EXPECT_EQ(not_json.status, 422);
  auto empty = Call("POST", "/v1/form-sender/tasks", "");
  EXPECT_EQ(empty.status, 422);
  auto bad_query = Call("GET", "/v1/form-sender/executions?targeting_id=abc");
  EXPECT_EQ(bad_query.status, 422);
}

TEST_F(ServeAppTest, IntakeQueuesOnceListsAndCancels) {
  auto first = Call("POST", "/v1/form-sender/tasks", DumpJson(TaskBody(42)));
  ASSERT_EQ(first.status, 200) << first.body;
  Json queued = BodyOf(first);
  EXPECT_EQ(queued["status"], "queued");
  std::string id = queued["job_execution_id"];
  ASSERT_FALSE(id.empty());

  // The same targeting and run while it runs: the reference answers "duplicate".
  auto again = Call("POST", "/v1/form-sender/tasks", DumpJson(TaskBody(42)));
  ASSERT_EQ(again.status, 200) << again.body;
  EXPECT_EQ(BodyOf(again)["status"], "duplicate");
  EXPECT_EQ(BodyOf(again)["job_execution_id"], id);

  auto listed = Call("GET", "/v1/form-sender/executions?status=running&targeting_id=42");
  ASSERT_EQ(listed.status, 200) << listed.body;
  Json executions = BodyOf(listed)["executions"];
  ASSERT_EQ(executions.size(), 1u) << listed.body;
  EXPECT_EQ(executions[0]["execution_id"], id);
  auto other = Call("GET", "/v1/form-sender/executions?targeting_id=43");
  EXPECT_EQ(BodyOf(other)["executions"].size(), 0u);

  auto cancelled = Call("POST", "/v1/form-sender/executions/" + id + "/cancel");
  ASSERT_EQ(cancelled.status, 200) << cancelled.body;
  EXPECT_EQ(BodyOf(cancelled)["status"], "cancelled");
  auto after = Call("GET", "/v1/form-sender/executions?status=cancelled&targeting_id=42");
  EXPECT_EQ(BodyOf(after)["executions"].size(), 1u) << after.body;

  auto unknown = Call("POST", "/v1/form-sender/executions/no-such-id/cancel");
  EXPECT_EQ(unknown.status, 404) << unknown.body;
}

TEST_F(ServeAppTest, SignedUrlRefreshAnswersAFreshUrl) {
  Json task = TaskBody(9);
  Json body = {{"client_config_object", task["client_config_object"]}, {"signed_url_ttl_hours", 1}};
  auto r = Call("POST", "/v1/form-sender/signed-url/refresh", DumpJson(body));
  ASSERT_EQ(r.status, 200) << r.body;
  std::string url = BodyOf(r).value("signed_url", "");
  ASSERT_FALSE(url.empty()) << r.body;
  // The URL is served by the same serve, without a token.
  auto fetched = Call("GET", url.substr(app_->base_url().size()), "", std::string());
  EXPECT_EQ(fetched.status, 200);
  EXPECT_EQ(fetched.body, R"({"client":{}})");

  auto missing = Call("POST", "/v1/form-sender/signed-url/refresh", "{}");
  EXPECT_EQ(missing.status, 422);
}

}  // namespace
}  // namespace formsender::web
