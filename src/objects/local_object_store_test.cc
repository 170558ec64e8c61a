#include "objects/local_object_store.h"

#include <gtest/gtest.h>
#include <sys/stat.h>

#include <filesystem>
#include <fstream>
#include <thread>

#include "common/http_client.h"
#include "common/http_router.h"
#include "common/http_server.h"
#include "common/strings.h"
#include "common/time.h"
#include "objects/local_object_routes.h"
#include "objects/testing/object_test_env.h"

namespace formsender::objects {
namespace {

int Mode(const std::filesystem::path& p) {
  struct stat st {};
  ::stat(p.c_str(), &st);
  return st.st_mode & 0777;
}

class LocalObjectStoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto env = testing::ServedLocalObjectStore::Start(clock_);
    ASSERT_TRUE(env.ok()) << env.status().ToString();
    env_ = std::move(*env);
    dir_ = env_->data_dir();
    store_ = &env_->store();
    server_ = &env_->server();
  }

  HttpClientResponse Fetch(const std::string& url, std::string method = "GET") {
    HttpClientRequest request;
    request.method = std::move(method);
    request.url = url;
    auto response = http_.Send(request);
    EXPECT_TRUE(response.ok()) << response.status().ToString();
    return response.ok() ? *response : HttpClientResponse{};
  }

  FakeClock clock_{*ParseIsoTimestamp("2025-10-16T00:00:00Z")};
  std::unique_ptr<testing::ServedLocalObjectStore> env_;
  std::filesystem::path dir_;
  LocalObjectStore* store_ = nullptr;
  HttpServer* server_ = nullptr;
  CurlHttpClient http_;
};

TEST_F(LocalObjectStoreTest, PutGetExistsDelete) {
  std::string key = "20251016/targeting-12-abc.json";
  auto ref = store_->Put(key, R"({"a":1})", "application/json");
  ASSERT_TRUE(ref.ok()) << ref.status().ToString();
  EXPECT_EQ(*ref, "local://objects/20251016/targeting-12-abc.json");
  EXPECT_EQ(*store_->KeyFromRef(*ref), key);
  EXPECT_EQ(*store_->Get(key), R"({"a":1})");
  EXPECT_TRUE(*store_->Exists(key));
  EXPECT_EQ(Mode(dir_ / "objects" / key), 0600);
  EXPECT_EQ(Mode(dir_ / "objects"), 0700);
  ASSERT_TRUE(store_->Put(key, "v2", "").ok());  // replaced whole
  EXPECT_EQ(*store_->Get(key), "v2");
  ASSERT_TRUE(store_->Delete(key).ok());
  EXPECT_FALSE(*store_->Exists(key));
  EXPECT_EQ(store_->Delete(key).code(), StatusCode::kNotFound);
  EXPECT_EQ(store_->Get(key).status().code(), StatusCode::kNotFound);
  EXPECT_FALSE(std::filesystem::exists(dir_ / "objects" / "20251016"));  // empty day dir gone
  EXPECT_TRUE(std::filesystem::exists(dir_ / "objects"));
  // No temporary files are left behind.
  for (const auto& entry : std::filesystem::recursive_directory_iterator(dir_ / "objects")) {
    ADD_FAILURE() << "left over: " << entry.path();
  }
}

TEST_F(LocalObjectStoreTest, KeysCannotEscapeTheObjectsDirectory) {
  for (std::string bad : std::vector<std::string>{
           "../keys/objects-url.key", "a/../../etc/passwd", "/etc/passwd", "a//b", ".hidden",
           "a/.tmp-x", "a\\b", "", "a b", "x/..", std::string(1025, 'a'), "日本.json"}) {
    SCOPED_TRACE(bad);
    EXPECT_EQ(store_->Put(bad, "x", "").status().code(), StatusCode::kInvalidArgument);
    EXPECT_EQ(store_->Get(bad).status().code(), StatusCode::kInvalidArgument);
    EXPECT_EQ(store_->Delete(bad).code(), StatusCode::kInvalidArgument);
    EXPECT_EQ(store_->SignedGetUrl(bad, std::chrono::hours(1)).status().code(),
              StatusCode::kInvalidArgument);
  }
  EXPECT_TRUE(std::filesystem::exists(dir_ / "keys" / "objects-url.key"));
}

TEST_F(LocalObjectStoreTest, SigningKeyIsPrivateAndStable) {
  auto key_file = dir_ / "keys" / "objects-url.key";
  EXPECT_EQ(Mode(key_file), 0600);
  EXPECT_EQ(Mode(dir_ / "keys"), 0700);
  ASSERT_TRUE(store_->Put("a.json", "{}", "").ok());
  auto url = store_->SignedGetUrl("a.json", std::chrono::hours(1));
  ASSERT_TRUE(url.ok());
  // A second store on the same data directory (another process) accepts the same URL.
  auto again = LocalObjectStore::Open({dir_, server_->base_url()}, clock_);
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(*(*again)->SignedGetUrl("a.json", std::chrono::hours(1)), *url);
  ::chmod(key_file.c_str(), 0644);
  auto exposed = LocalObjectStore::Open({dir_, server_->base_url()}, clock_);
  EXPECT_EQ(exposed.status().code(), StatusCode::kPermissionDenied);
  EXPECT_NE(exposed.status().message().find("chmod 600"), std::string::npos);
  EXPECT_EQ(LocalObjectStore::Open({dir_, "ftp://x"}, clock_).status().code(),
            StatusCode::kInvalidArgument);
}

TEST_F(LocalObjectStoreTest, ConcurrentFirstStartsAgreeOnOneKey) {
  auto fresh = dir_ / "fresh";
  std::vector<std::string> urls(8);
  std::vector<std::thread> threads;
  for (size_t i = 0; i < urls.size(); ++i) {
    threads.emplace_back([&, i] {
      auto store = LocalObjectStore::Open({fresh, "http://127.0.0.1:1"}, clock_);
      if (store.ok()) urls[i] = *(*store)->SignedGetUrl("k.json", std::chrono::hours(1));
    });
  }
  for (auto& t : threads) t.join();
  for (const auto& u : urls) EXPECT_EQ(u, urls[0]);
  EXPECT_FALSE(urls[0].empty());
}

TEST_F(LocalObjectStoreTest, ServesSignedUrlsAndRefusesTheRest) {
  std::string key = "20251016/targeting-12-abc.json";
  ASSERT_TRUE(store_->Put(key, R"({"targeting_id":12})", "").ok());
  auto url = store_->SignedGetUrl(key, std::chrono::hours(2));
  ASSERT_TRUE(url.ok());
  EXPECT_TRUE(url->starts_with(server_->base_url() + "/objects/20251016/targeting-12-abc.json?"));

  auto ok = Fetch(*url);
  EXPECT_EQ(ok.status, 200);
  EXPECT_EQ(ok.body, R"({"targeting_id":12})");
  EXPECT_EQ(ok.headers.Get("Content-Type").value_or(""), "application/json; charset=utf-8");
  EXPECT_EQ(ok.headers.Get("Cache-Control").value_or(""), "no-store");
  auto head = Fetch(*url, "HEAD");
  EXPECT_EQ(head.status, 200);
  EXPECT_TRUE(head.body.empty());

  // Tampered: another object with the same signature, a changed expiry, a changed signature.
  ASSERT_TRUE(store_->Put("20251016/other.json", "secret", "").ok());
  EXPECT_EQ(Fetch(ReplaceAll(*url, "targeting-12-abc.json", "other.json")).status, 403);
  std::string later = *url;
  size_t e = later.find("expires=") + 8;
  later[e + 2] = later[e + 2] == '9' ? '8' : '9';
  EXPECT_EQ(Fetch(later).status, 403);
  std::string flipped = *url;
  flipped.back() = flipped.back() == '0' ? '1' : '0';
  EXPECT_EQ(Fetch(flipped).status, 403);
  EXPECT_EQ(Fetch(url->substr(0, url->find('?'))).status, 403);  // unsigned

  // Traversal attempts never reach the file system.
  auto traversal =
      Fetch(server_->base_url() + "/objects/..%2Fkeys%2Fobjects-url.key?expires=1&signature=00");
  EXPECT_EQ(traversal.status, 400);
  EXPECT_EQ(traversal.body.find(std::string(64, '0')), std::string::npos);

  // Expired.
  TimePoint issued = clock_.Now();
  clock_.Set(issued + std::chrono::hours(2));  // the last valid second
  EXPECT_EQ(Fetch(*url).status, 200);

  // Missing.
  ASSERT_TRUE(store_->Delete(key).ok());
  EXPECT_EQ(Fetch(*url).status, 404);

  clock_.Set(issued + std::chrono::hours(2) + std::chrono::seconds(1));
  auto expired = Fetch(*url);
  EXPECT_EQ(expired.status, 403);
  EXPECT_NE(expired.body.find("expired"), std::string::npos);
}

TEST_F(LocalObjectStoreTest, TtlBoundsAndUrlChecks) {
  EXPECT_FALSE(store_->SignedGetUrl("a.json", std::chrono::seconds(0)).ok());
  EXPECT_FALSE(store_->SignedGetUrl("a.json", std::chrono::hours(169)).ok());
  auto url = store_->SignedGetUrl("a.json", std::chrono::hours(168));
  ASSERT_TRUE(url.ok());
  EXPECT_TRUE(store_->CheckIssuedUrl("a.json", *url).ok());
  auto info = store_->InspectSignedUrl(*url);
  ASSERT_TRUE(info.ok());
  EXPECT_EQ(info->key, "a.json");
  EXPECT_EQ(*info->expires_at, clock_.Now() + std::chrono::hours(168));
  EXPECT_EQ(store_->CheckIssuedUrl("b.json", *url).message(),
            "client_config_ref does not match client_config_object");
  EXPECT_EQ(
      store_->CheckIssuedUrl("a.json", "http://evil.example/objects/a.json?expires=1&signature=a")
          .message(),
      "client_config_ref must point to " + server_->base_url() + "/objects/");
  EXPECT_EQ(store_->CheckIssuedUrl("a.json", url->substr(0, url->find('?'))).message(),
            "client_config_ref must be a signed object URL");
  EXPECT_EQ(store_->CheckIssuedUrl("a.json", server_->base_url() + "/objects/").message(),
            "client_config_ref is missing object path");
}

}  // namespace
}  // namespace formsender::objects
