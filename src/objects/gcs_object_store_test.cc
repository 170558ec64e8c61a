// The GCS backend against the loopback fake: uploads through objects.insert, V4 URLs that the
// fake XML endpoint verifies (signed with the key, or through IAM signBlob), refs and origin
// checks with the reference's messages (spec case 110).
#include "objects/gcs_object_store.h"

#include <gtest/gtest.h>

#include "common/strings.h"
#include "common/time.h"
#include "gcp/testing/fake_cloud.h"
#include "gcp/testing/routing_http_client.h"
#include "objects/object_store_factory.h"
#include "objects/testing/object_test_env.h"

namespace formsender::objects {
namespace {

class GcsObjectStoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto gcs = testing::FakeGcs::Create();
    ASSERT_TRUE(gcs.ok()) << gcs.status().ToString();
    gcs_ = std::move(*gcs);
    env_ = &gcs_->env();
    routed_ = &gcs_->http();
    store_ = gcs_->MakeStore("fs-bucket");
  }
  void TearDown() override {
    for (const auto& v : env_->fake().violations()) ADD_FAILURE() << "fake: " << v;
  }

  int Head(const std::string& url) {
    HttpClientRequest request;
    request.method = "HEAD";
    request.url = url;
    auto response = routed_->Send(request);
    return response.ok() ? response->status : -1;
  }
  Result<HttpClientResponse> Download(const std::string& url) {
    HttpClientRequest request;
    request.url = url;
    return routed_->Send(request);
  }

  std::unique_ptr<testing::FakeGcs> gcs_;
  gcp::testing::FakeCloud* env_ = nullptr;
  HttpClient* routed_ = nullptr;
  std::unique_ptr<GcsObjectStore> store_;
};

TEST_F(GcsObjectStoreTest, PutSignDownloadDelete) {
  std::string key = "20251016/targeting-12-0f8fad5b-d9cb-469f-a165-70867728950e.json";
  std::string config = R"({"targeting_id":12,"client":{"company_name":"株式会社テスト"}})";
  auto ref = store_->Put(key, config, "application/json; charset=utf-8");
  ASSERT_TRUE(ref.ok()) << ref.status().ToString();
  EXPECT_EQ(*ref, "gs://fs-bucket/" + key);
  EXPECT_EQ(*store_->KeyFromRef(*ref), key);
  EXPECT_TRUE(*store_->Exists(key));
  EXPECT_EQ(*store_->Get(key), config);

  auto url = store_->SignedGetUrl(key, std::chrono::hours(48));
  ASSERT_TRUE(url.ok()) << url.status().ToString();
  EXPECT_TRUE(url->starts_with("https://storage.googleapis.com/fs-bucket/" + key +
                               "?X-Goog-Algorithm=GOOG4-RSA-SHA256&"));
  EXPECT_NE(url->find("&X-Goog-Expires=172800&"), std::string::npos);
  EXPECT_TRUE(store_->CheckIssuedUrl(key, *url).ok());
  auto fetched = Download(*url);
  ASSERT_TRUE(fetched.ok());
  EXPECT_EQ(fetched->status, 200);
  EXPECT_EQ(fetched->body, config);
  EXPECT_EQ(Head(*url), 200);

  auto info = store_->InspectSignedUrl(*url);
  ASSERT_TRUE(info.ok());
  EXPECT_EQ(info->key, key);
  EXPECT_EQ(*info->expires_at, env_->clock().Now() + std::chrono::hours(48));
  // An expiry GCS never signs (over 7 days) leaves it unknown rather than overflowing the clock.
  auto forged = store_->InspectSignedUrl(
      ReplaceAll(*url, "X-Goog-Expires=172800", "X-Goog-Expires=60480004800"));
  ASSERT_TRUE(forged.ok());
  EXPECT_FALSE(forged->expires_at.has_value());

  // Tampered and expired URLs are refused by the (fake) server.
  EXPECT_EQ(Head(ReplaceAll(*url, "X-Goog-Expires=172800", "X-Goog-Expires=172801")), 403);
  env_->clock().Advance(std::chrono::hours(48) + std::chrono::seconds(1));
  EXPECT_EQ(Head(*url), 400);

  ASSERT_TRUE(store_->Delete(key).ok());
  EXPECT_FALSE(*store_->Exists(key));
  EXPECT_EQ(store_->Delete(key).code(), StatusCode::kNotFound);
}

TEST_F(GcsObjectStoreTest, SigningThroughIamGivesTheSameUrl) {
  auto iam_signer =
      std::make_shared<gcp::IamBlobSigner>(env_->cloud().iam(), env_->key().client_email);
  GcsObjectStore via_iam("fs-bucket", env_->cloud().storage(), iam_signer, env_->clock());
  auto local = store_->SignedGetUrl("a.json", std::chrono::hours(1));
  auto remote = via_iam.SignedGetUrl("a.json", std::chrono::hours(1));
  ASSERT_TRUE(local.ok());
  ASSERT_TRUE(remote.ok()) << remote.status().ToString();
  EXPECT_EQ(*local, *remote);
  EXPECT_EQ(env_->fake().CountRequests("iamcredentials.projects.serviceAccounts.signBlob"), 1);
}

TEST_F(GcsObjectStoreTest, RefsOfAnotherBucketAreRefused) {
  EXPECT_EQ(store_->KeyFromRef("gs://other-bucket/a.json").status().message(),
            "client_config_object bucket が設定と一致しません");
  EXPECT_EQ(store_->KeyFromRef("s3://fs-bucket/a.json").status().message(),
            "client_config_object must be a gs:// URI");
}

TEST_F(GcsObjectStoreTest, OriginChecksOfCase110) {
  GcsObjectStore store("b", env_->cloud().storage(), *env_->cloud().Signer(), env_->clock());
  const std::string q = "?X-Goog-Algorithm=GOOG4-RSA-SHA256&X-Goog-Expires=10";
  EXPECT_EQ(store.CheckIssuedUrl("o.json", "https://evil.com/b/o.json" + q).message(),
            "client_config_ref must point to storage.googleapis.com");
  EXPECT_EQ(store.CheckIssuedUrl("o.json", "https://b.storage.googleapis.com/o.json" + q).message(),
            "client_config_ref path is invalid");
  EXPECT_EQ(store.CheckIssuedUrl("o.json", "https://storage.googleapis.com/b" + q).message(),
            "client_config_ref path is invalid");
  EXPECT_TRUE(
      store
          .CheckIssuedUrl(
              "o.json", "https://storage.googleapis.com/b/o.json?X-Goog-Algorithm=goog4-rsa-sha256")
          .ok());
  EXPECT_EQ(store
                .CheckIssuedUrl(
                    "o.json",
                    "https://storage.googleapis.com/b/o.json?X-Goog-Algorithm=GOOG4-HMAC-SHA256")
                .message(),
            "client_config_ref must be a V4 signed URL");
  EXPECT_EQ(
      store.CheckIssuedUrl("o.json", "https://storage.googleapis.com/b/other.json" + q).message(),
      "client_config_ref does not match client_config_object");
  EXPECT_EQ(
      store.CheckIssuedUrl("o.json", "https://storage.googleapis.com/b/o.json?X-Goog-Expires=1")
          .message(),
      "client_config_ref must be a V4 signed URL");
  EXPECT_EQ(store.CheckIssuedUrl("o.json", "http://storage.googleapis.com/b/o.json" + q).message(),
            "client_config_ref must use https scheme");
  EXPECT_EQ(store.CheckIssuedUrl("o.json", "https://storage.googleapis.com/" + q).message(),
            "client_config_ref is missing object path");
  // Case 114: names with spaces are percent-encoded in the URL and still match their object.
  auto spaced = store.SignedGetUrl("path/to cfg.json", std::chrono::hours(1));
  ASSERT_TRUE(spaced.ok());
  EXPECT_TRUE(spaced->starts_with("https://storage.googleapis.com/b/path/to%20cfg.json?"));
  EXPECT_TRUE(store.CheckIssuedUrl("path/to cfg.json", *spaced).ok());
}

TEST_F(GcsObjectStoreTest, FactoryBuildsBothBackends) {
  MapEnvironment env;
  auto local = ObjectStoreConfigFromEnvironment(env, "/tmp/x");
  ASSERT_TRUE(local.ok());
  EXPECT_EQ(local->backend, "local");
  EXPECT_EQ(local->public_base_url, "http://127.0.0.1:8080");
  env.Set("FORMSENDER_OBJECTS_BACKEND", "s3");
  EXPECT_EQ(ObjectStoreConfigFromEnvironment(env, "/tmp/x").status().code(),
            StatusCode::kInvalidArgument);
  env.Set("FORMSENDER_OBJECTS_BACKEND", "gcs");
  auto missing = ObjectStoreConfigFromEnvironment(env, "/tmp/x");
  EXPECT_NE(missing.status().message().find("FORM_SENDER_CLIENT_CONFIG_BUCKET"), std::string::npos);
  env.Set("FORM_SENDER_GCS_BUCKET", "fs-bucket");
  env.Set("FORM_SENDER_DISPATCHER_SERVICE_ACCOUNT",
          std::string(gcp::testing::kOtherServiceAccount));
  auto config = ObjectStoreConfigFromEnvironment(env, "/tmp/x");
  ASSERT_TRUE(config.ok()) << config.status().ToString();
  EXPECT_EQ(MakeObjectStore(*config, env_->clock(), nullptr).status().code(),
            StatusCode::kInvalidArgument);
  auto store = MakeObjectStore(*config, env_->clock(), &env_->cloud());
  ASSERT_TRUE(store.ok()) << store.status().ToString();
  EXPECT_EQ((*store)->backend(), "gcs");
  // Signed as the dispatcher account, which has no key here: IAM signBlob.
  auto url = (*store)->SignedGetUrl("a.json", std::chrono::hours(1));
  ASSERT_TRUE(url.ok()) << url.status().ToString();
  EXPECT_NE(url->find("dispatcher%40test-project.iam.gserviceaccount.com"), std::string::npos);
  EXPECT_EQ(env_->fake().CountRequests("iamcredentials.projects.serviceAccounts.signBlob"), 1);
}

}  // namespace
}  // namespace formsender::objects
