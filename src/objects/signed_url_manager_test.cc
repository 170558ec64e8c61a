// Freshness rules of spec §4.5 and the refresh of §4.2.4 on both backends, with a FakeClock
// (cases 105–115 of orchestration-cases.md section G).
#include "objects/signed_url_manager.h"

#include <gtest/gtest.h>

#include <filesystem>

#include "common/http_router.h"
#include "common/http_server.h"
#include "common/strings.h"
#include "common/time.h"
#include "gcp/testing/fake_cloud.h"
#include "gcp/testing/routing_http_client.h"
#include "objects/gcs_object_store.h"
#include "objects/local_object_routes.h"
#include "objects/local_object_store.h"
#include "objects/testing/object_test_env.h"

namespace formsender::objects {
namespace {

using std::chrono::hours;
using std::chrono::seconds;

TEST(SignedUrlPolicyTest, ClampsAsTheReferenceAndBoundsTheTtl) {
  auto p = ClampPolicy(48, 21600);
  EXPECT_EQ(p.ttl_hours, 48);
  EXPECT_EQ(p.refresh_threshold_seconds, 21600);
  EXPECT_FALSE(p.threshold_adjusted);
  p = ClampPolicy(1, 7200);  // threshold not below the TTL
  EXPECT_EQ(p.refresh_threshold_seconds, 3000);
  EXPECT_TRUE(p.threshold_adjusted);
  p = ClampPolicy(0, 10);
  EXPECT_EQ(p.ttl_hours, 1);
  EXPECT_EQ(p.refresh_threshold_seconds, 60);
  EXPECT_EQ(ClampPolicy(500, 1800).ttl_hours, 168);  // GCS's 7-day limit
  EXPECT_EQ(ClampPolicy(1, 3600).refresh_threshold_seconds, 3000);
  EXPECT_EQ(ClampPolicy(1, 3599).refresh_threshold_seconds, 3599);
}

TEST(SignedUrlPolicyTest, ResolvesPerModeFromDefaultsAndPayload) {
  SignedUrlDefaults defaults;
  auto cloud_run = ResolvePolicy(defaults, false, 100, 100);
  EXPECT_EQ(cloud_run.ttl_hours, 15);
  EXPECT_EQ(cloud_run.refresh_threshold_seconds, 1800);
  auto batch = ResolvePolicy(defaults, true, std::nullopt, std::nullopt);
  EXPECT_EQ(batch.ttl_hours, 48);
  EXPECT_EQ(batch.refresh_threshold_seconds, 21600);
  auto payload = ResolvePolicy(defaults, true, 24, 600);
  EXPECT_EQ(payload.ttl_hours, 24);
  EXPECT_EQ(payload.refresh_threshold_seconds, 600);

  MapEnvironment env;
  env.Set("FORM_SENDER_SIGNED_URL_TTL_HOURS_BATCH", "72");
  env.Set("FORM_SENDER_SIGNED_URL_REFRESH_THRESHOLD", "900");
  auto from_env = SignedUrlDefaultsFromEnvironment(env);
  ASSERT_TRUE(from_env.ok());
  EXPECT_EQ(from_env->batch_ttl_hours, 72);
  EXPECT_EQ(from_env->refresh_threshold_seconds, 900);
  EXPECT_EQ(from_env->ttl_hours, 15);
  env.Set("FORM_SENDER_SIGNED_URL_TTL_HOURS", "fifteen");
  auto bad = SignedUrlDefaultsFromEnvironment(env);
  EXPECT_NE(bad.status().message().find("FORM_SENDER_SIGNED_URL_TTL_HOURS"), std::string::npos);
}

TEST(SignedUrlPolicyTest, RefreshMetadataPatch) {
  Json patch =
      SignedUrlRefreshMetadataPatch("https://u", *ParseIsoTimestamp("2025-10-16T01:02:03Z"));
  EXPECT_EQ(patch["client_config_ref"], "https://u");
  EXPECT_EQ(patch["batch"]["latest_signed_url"], "https://u");
  EXPECT_EQ(patch["batch"]["signed_url_refreshed_at"], "2025-10-16T01:02:03.000000Z");
}

// An HttpClient answering every request with one status (to isolate the expiry rule).
class FixedStatusClient final : public HttpClient {
 public:
  explicit FixedStatusClient(int status) : status_(status) {}
  Result<HttpClientResponse> Send(const HttpClientRequest& request) override {
    last_ = request;
    HttpClientResponse r;
    r.status = status_;
    return r;
  }
  HttpClientRequest last_;

 private:
  int status_;
};

// ------------------------------------------------------------------------------ GCS backend

class GcsFreshnessTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto gcs = testing::FakeGcs::Create();
    ASSERT_TRUE(gcs.ok()) << gcs.status().ToString();
    gcs_ = std::move(*gcs);
    env_ = &gcs_->env();
    routed_ = &gcs_->http();
    store_ = gcs_->MakeStore("bkt");
    manager_ = std::make_unique<SignedUrlManager>(*store_, *routed_, env_->clock());
    env_->fake().PutObject("bkt", "o.json", "{}");
    url_ = *store_->SignedGetUrl("o.json", seconds(54000));
  }

  Result<FreshUrl> Ensure(const std::string& url, SignedUrlPolicy policy = ClampPolicy(15, 1800)) {
    return manager_->EnsureFresh("gs://bkt/o.json", url, policy);
  }

  std::unique_ptr<testing::FakeGcs> gcs_;
  gcp::testing::FakeCloud* env_ = nullptr;
  HttpClient* routed_ = nullptr;
  std::unique_ptr<GcsObjectStore> store_;
  std::unique_ptr<SignedUrlManager> manager_;
  std::string url_;
};

TEST_F(GcsFreshnessTest, Case105FreshUrlIsKept) {
  env_->clock().Advance(hours(1));
  auto fresh = Ensure(url_);
  ASSERT_TRUE(fresh.ok()) << fresh.status().ToString();
  EXPECT_FALSE(fresh->resigned);
  EXPECT_EQ(fresh->url, url_);
}

TEST_F(GcsFreshnessTest, Case106ExpiringUrlIsResigned) {
  env_->clock().Advance(seconds(54000 - 600));
  auto fresh = Ensure(url_);
  ASSERT_TRUE(fresh.ok()) << fresh.status().ToString();
  EXPECT_TRUE(fresh->resigned);
  EXPECT_EQ(fresh->reason, "expiring");
  EXPECT_NE(fresh->url, url_);
  EXPECT_NE(fresh->url.find("X-Goog-Expires=54000"), std::string::npos);  // 15 h
  auto info = store_->InspectSignedUrl(fresh->url);
  EXPECT_EQ(*info->expires_at, env_->clock().Now() + hours(15));
}

TEST_F(GcsFreshnessTest, Case107FailedProbeResignsRegardlessOfExpiry) {
  ASSERT_TRUE(store_->Delete("o.json").ok());  // HEAD → 404
  auto fresh = Ensure(url_);
  ASSERT_TRUE(fresh.ok());
  EXPECT_TRUE(fresh->resigned);
  EXPECT_EQ(fresh->reason, "probe_failed");
}

TEST_F(GcsFreshnessTest, ExpiredUrlFailsTheProbeAndIsResigned) {
  env_->clock().Advance(seconds(54001));
  auto fresh = Ensure(url_, ClampPolicy(48, 21600));
  ASSERT_TRUE(fresh.ok());
  EXPECT_TRUE(fresh->resigned);
  EXPECT_EQ(fresh->reason, "probe_failed");
  EXPECT_NE(fresh->url.find("X-Goog-Expires=172800"), std::string::npos);
}

TEST_F(GcsFreshnessTest, Case109UrlWithoutExpiresIsNotResigned) {
  FixedStatusClient ok(200);
  SignedUrlManager manager(*store_, ok, env_->clock());
  std::string no_expiry =
      "https://storage.googleapis.com/bkt/o.json?X-Goog-Algorithm=GOOG4-RSA-SHA256";
  auto fresh = manager.EnsureFresh("gs://bkt/o.json", no_expiry, ClampPolicy(15, 1800));
  ASSERT_TRUE(fresh.ok());
  EXPECT_FALSE(fresh->resigned);
  EXPECT_EQ(ok.last_.method, "HEAD");
  EXPECT_FALSE(ok.last_.follow_redirects);
  EXPECT_EQ(ok.last_.timeout, std::chrono::milliseconds(10000));
  // No X-Goog-Date: the reference counts the URL as issued `expires` seconds ago → re-sign.
  auto undated = manager.EnsureFresh("gs://bkt/o.json", no_expiry + "&X-Goog-Expires=54000",
                                     ClampPolicy(15, 1800));
  ASSERT_TRUE(undated.ok());
  EXPECT_TRUE(undated->resigned);
}

TEST_F(GcsFreshnessTest, Case110OriginErrorsComeFirst) {
  auto bad = Ensure("https://evil.com/b/o.json?X-Goog-Algorithm=GOOG4-RSA-SHA256");
  EXPECT_EQ(bad.status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(bad.status().message(), "client_config_ref must point to storage.googleapis.com");
  EXPECT_EQ(env_->fake().requests().size(), 0u);  // nothing probed
}

TEST_F(GcsFreshnessTest, Case111BucketMismatch) {
  auto bad = manager_->EnsureFresh("gs://fs-bucket/o.json", url_, ClampPolicy(15, 1800));
  EXPECT_EQ(bad.status().message(), "client_config_object bucket が設定と一致しません");
  EXPECT_EQ(manager_->Refresh("gs://fs-bucket/o.json", 48).status().message(),
            "client_config_object bucket が設定と一致しません");
  EXPECT_EQ(manager_->Refresh("https://x/b/o.json", 48).status().message(),
            "client_config_object must be a gs:// URI");
}

TEST_F(GcsFreshnessTest, Case113RefreshTtlBoundsAndNoFreshnessCheck) {
  EXPECT_EQ(manager_->Refresh("gs://bkt/o.json", 0).status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(manager_->Refresh("gs://bkt/o.json", 169).status().code(),
            StatusCode::kInvalidArgument);
  auto url = manager_->Refresh("gs://bkt/o.json", 168);
  ASSERT_TRUE(url.ok()) << url.status().ToString();
  EXPECT_NE(url->find("X-Goog-Expires=604800"), std::string::npos);
  EXPECT_EQ(env_->fake().requests().size(), 0u);  // no HEAD
}

TEST_F(GcsFreshnessTest, ResignFailureUsesTheReferenceMessage) {
  auto iam_signer =
      std::make_shared<gcp::IamBlobSigner>(env_->cloud().iam(), "nobody@p.iam.gserviceaccount.com");
  GcsObjectStore store("bkt", env_->cloud().storage(), iam_signer, env_->clock());
  SignedUrlManager manager(store, *routed_, env_->clock());
  auto result = manager.Refresh("gs://bkt/o.json", 48);
  EXPECT_EQ(result.status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(result.status().message(), "client_config_ref の再署名に失敗しました");
}

// ------------------------------------------------------------------------------ local backend

class LocalFreshnessTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto env = testing::ServedLocalObjectStore::Start(clock_);
    ASSERT_TRUE(env.ok()) << env.status().ToString();
    env_ = std::move(*env);
    store_ = &env_->store();
    server_ = &env_->server();
    manager_ = std::make_unique<SignedUrlManager>(*store_, http_, clock_);
    ASSERT_TRUE(store_->Put("20251016/t.json", "{}", "").ok());
    url_ = *store_->SignedGetUrl("20251016/t.json", seconds(54000));
  }

  FakeClock clock_{*ParseIsoTimestamp("2025-10-16T00:00:00Z")};
  std::unique_ptr<testing::ServedLocalObjectStore> env_;
  LocalObjectStore* store_ = nullptr;
  HttpServer* server_ = nullptr;
  CurlHttpClient http_;
  std::unique_ptr<SignedUrlManager> manager_;
  std::string url_;
  const std::string ref_ = "local://objects/20251016/t.json";
};

TEST_F(LocalFreshnessTest, KeepsFreshResignsExpiringAndDead) {
  clock_.Advance(hours(1));
  auto kept = manager_->EnsureFresh(ref_, url_, ClampPolicy(15, 1800));
  ASSERT_TRUE(kept.ok()) << kept.status().ToString();
  EXPECT_FALSE(kept->resigned);
  clock_.Advance(seconds(54000 - 3600 - 600));
  auto expiring = manager_->EnsureFresh(ref_, url_, ClampPolicy(15, 1800));
  ASSERT_TRUE(expiring.ok());
  EXPECT_TRUE(expiring->resigned);
  EXPECT_EQ(expiring->reason, "expiring");
  EXPECT_TRUE(store_->CheckIssuedUrl("20251016/t.json", expiring->url).ok());
  server_->Stop();  // no answer at all
  auto dead = manager_->EnsureFresh(ref_, expiring->url, ClampPolicy(15, 1800));
  ASSERT_TRUE(dead.ok());
  EXPECT_EQ(dead->reason, "probe_failed");
}

TEST_F(LocalFreshnessTest, LogsNeverCarrySignatures) {
  auto lines = std::make_shared<std::vector<std::string>>();
  SignedUrlManager manager(*store_, http_, clock_, MakeCapturingLogger(lines));
  std::string signature = url_.substr(url_.find("signature=") + 10);
  ASSERT_EQ(signature.size(), 64u);
  server_->Stop();
  auto dead = manager.EnsureFresh(ref_, url_, ClampPolicy(15, 1800));
  ASSERT_TRUE(dead.ok());
  ASSERT_FALSE(lines->empty());
  std::string new_signature = dead->url.substr(dead->url.find("signature=") + 10);
  bool redacted = false;
  for (const auto& line : *lines) redacted |= line.find("[REDACTED]") != std::string::npos;
  EXPECT_TRUE(redacted);  // the failed probe's error named the URL, signature removed
  for (const auto& line : *lines) {
    EXPECT_EQ(line.find(signature), std::string::npos) << line;
    EXPECT_EQ(line.find(new_signature), std::string::npos) << line;
  }
}

TEST_F(GcsFreshnessTest, LogsAndErrorsNeverCarrySignaturesOrKeys) {
  auto lines = std::make_shared<std::vector<std::string>>();
  SignedUrlManager manager(*store_, *routed_, env_->clock(), MakeCapturingLogger(lines));
  ASSERT_TRUE(store_->Delete("o.json").ok());
  auto fresh = manager.EnsureFresh("gs://bkt/o.json", url_, ClampPolicy(15, 1800));
  ASSERT_TRUE(fresh.ok());
  auto iam_signer =
      std::make_shared<gcp::IamBlobSigner>(env_->cloud().iam(), "nobody@p.iam.gserviceaccount.com");
  GcsObjectStore denied("bkt", env_->cloud().storage(), iam_signer, env_->clock());
  SignedUrlManager failing(denied, *routed_, env_->clock(), MakeCapturingLogger(lines));
  auto error = failing.Refresh("gs://bkt/o.json", 1);
  ASSERT_FALSE(error.ok());
  std::string old_sig = url_.substr(url_.find("X-Goog-Signature=") + 17);
  std::string new_sig = fresh->url.substr(fresh->url.find("X-Goog-Signature=") + 17);
  std::string key_line = Split(env_->key().private_key, '\n')[2];
  ASSERT_FALSE(lines->empty());
  for (const auto& text : *lines) {
    EXPECT_EQ(text.find(old_sig), std::string::npos) << text;
    EXPECT_EQ(text.find(new_sig), std::string::npos) << text;
    EXPECT_EQ(text.find(key_line), std::string::npos) << text;
  }
  EXPECT_EQ(error.status().message().find(key_line), std::string::npos);
}

TEST_F(LocalFreshnessTest, RefsAndOrigins) {
  EXPECT_EQ(manager_->EnsureFresh("gs://b/o", url_, ClampPolicy(15, 1800)).status().message(),
            "client_config_object must be a local://objects/ URI");
  EXPECT_EQ(manager_->EnsureFresh("local://objects/other.json", url_, ClampPolicy(15, 1800))
                .status()
                .message(),
            "client_config_ref does not match client_config_object");
  EXPECT_EQ(manager_->EnsureFresh(ref_, "", ClampPolicy(15, 1800)).status().message(),
            "client_config_ref must be a non-empty string");
  auto refreshed = manager_->Refresh(ref_, 2);
  ASSERT_TRUE(refreshed.ok());
  HttpClientRequest get;
  get.url = *refreshed;
  EXPECT_EQ(http_.Send(get)->status, 200);
}

}  // namespace
}  // namespace formsender::objects
