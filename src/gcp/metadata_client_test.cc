#include "gcp/metadata_client.h"

#include <gtest/gtest.h>

#include "common/http_server.h"
#include "gcp/jwt.h"
#include "gcp/testing/fake_cloud.h"
#include "gcp/testing/test_keys.h"

namespace formsender::gcp {
namespace {

using testing::FakeCloud;

class MetadataClientTest : public ::testing::Test {
 protected:
  void SetUp() override {
    FakeCloud::Options options;
    options.use_metadata_server = true;
    auto env = FakeCloud::Create(options);
    ASSERT_TRUE(env.ok()) << env.status().ToString();
    env_ = std::move(*env);
    MetadataOptions metadata;
    metadata.host = env_->fake().metadata_host();
    client_ = std::make_unique<MetadataClient>(env_->http(), env_->clock(), metadata);
  }
  void TearDown() override {
    for (const auto& v : env_->fake().violations()) ADD_FAILURE() << "fake: " << v;
  }

  std::unique_ptr<FakeCloud> env_;
  std::unique_ptr<MetadataClient> client_;
};

TEST_F(MetadataClientTest, HostComesFromTheEnvironment) {
  MapEnvironment env;
  EXPECT_EQ(MetadataOptionsFromEnvironment(env).host, "metadata.google.internal");
  env.Set("GCE_METADATA_ROOT", "legacy:81");
  EXPECT_EQ(MetadataOptionsFromEnvironment(env).host, "legacy:81");
  env.Set("GCE_METADATA_HOST", "127.0.0.1:8999");
  EXPECT_EQ(MetadataOptionsFromEnvironment(env).host, "127.0.0.1:8999");
}

TEST_F(MetadataClientTest, ReadsIdentityProjectAndTokens) {
  EXPECT_TRUE(client_->IsAvailable());
  EXPECT_EQ(*client_->ServiceAccountEmail(), env_->key().client_email);
  EXPECT_EQ(*client_->ProjectId(), "test-project");
  EXPECT_EQ(*client_->Zone(), "projects/123456789012/zones/asia-northeast1-b");
  auto token = client_->AccessToken();
  ASSERT_TRUE(token.ok()) << token.status().ToString();
  EXPECT_TRUE(token->value.starts_with("ya29."));
  EXPECT_EQ(token->expires_at, env_->clock().Now() + std::chrono::seconds(3599));

  std::string audience = "https://dispatcher-abc-an.a.run.app/x?y=1&z=2";
  auto id = client_->IdentityToken(audience);
  ASSERT_TRUE(id.ok()) << id.status().ToString();
  auto claims = DecodeJwtUnverified(id->value);
  ASSERT_TRUE(claims.ok());
  EXPECT_EQ(claims->claims["aud"], audience);  // URL-encoded on the wire, intact on arrival
  EXPECT_EQ(id->expires_at, env_->clock().Now() + std::chrono::hours(1));
  for (const auto& r : env_->fake().requests()) {
    EXPECT_EQ(r.headers.Get("Metadata-Flavor").value_or(""), "Google") << r.path;
  }
}

TEST_F(MetadataClientTest, PreemptionProbe) {
  EXPECT_FALSE(*client_->IsPreempted());
  env_->fake().SetPreempted(true);
  EXPECT_TRUE(*client_->IsPreempted());
  EXPECT_TRUE(*client_->WaitForPreemption(std::chrono::seconds(30)));
  auto waits = env_->fake().requests();
  bool saw_wait = false;
  for (const auto& r : waits) {
    for (const auto& [k, v] : r.query) saw_wait |= (k == "wait_for_change" && v == "true");
  }
  EXPECT_TRUE(saw_wait);
}

TEST_F(MetadataClientTest, ServerWithoutFlavorHeaderIsNotTheMetadataServer) {
  HttpServer impostor(HttpServerOptions{},
                      [](HttpRequest&) { return HttpResponse::Text(200, "FALSE"); });
  ASSERT_TRUE(impostor.Start().ok());
  MetadataOptions options;
  options.host = "127.0.0.1:" + std::to_string(impostor.port());
  MetadataClient client(env_->http(), env_->clock(), options);
  EXPECT_FALSE(client.IsAvailable());
  auto preempted = client.IsPreempted();
  EXPECT_EQ(preempted.status().code(), StatusCode::kUnavailable);
  EXPECT_NE(preempted.status().message().find("Metadata-Flavor"), std::string::npos);
}

TEST_F(MetadataClientTest, CredentialsFromTheMetadataServerCallApis) {
  auto& cloud = env_->cloud();
  EXPECT_EQ(cloud.credentials().key(), nullptr);
  ASSERT_TRUE(cloud.storage().InsertObject("fs-bucket", "m.json", "{}").ok());
  EXPECT_EQ(env_->fake().CountRequests("metadata.instance/service-accounts/default/token"), 1);
  EXPECT_EQ(env_->fake().CountRequests("oauth2.token"), 0);
  // Without a key, V4 signing goes through IAM signBlob as the metadata identity.
  auto signer = cloud.Signer();
  ASSERT_TRUE(signer.ok()) << signer.status().ToString();
  EXPECT_EQ((*signer)->ServiceAccountEmail(), env_->key().client_email);
  ASSERT_TRUE((*signer)->Sign("blob").ok());
  EXPECT_EQ(env_->fake().CountRequests("iamcredentials.projects.serviceAccounts.signBlob"), 1);
  // ID tokens for the dispatcher audience (H11) come from the metadata server too.
  auto id = cloud.credentials().IdTokens("https://dispatcher.example")->GetToken();
  ASSERT_TRUE(id.ok());
  EXPECT_EQ(env_->fake().CountRequests("metadata.instance/service-accounts/default/identity"), 1);
}

TEST_F(MetadataClientTest, CredentialsFromEnvironmentPreferTheKey) {
  MapEnvironment env;
  env.Set("GCE_METADATA_HOST", env_->fake().metadata_host());
  GcpEndpoints endpoints = env_->fake().endpoints();
  auto from_metadata =
      GoogleCredentials::FromEnvironment(env, env_->http(), env_->clock(), endpoints);
  ASSERT_TRUE(from_metadata.ok());
  EXPECT_EQ((*from_metadata)->key(), nullptr);
  EXPECT_EQ(*(*from_metadata)->ServiceAccountEmail(), env_->key().client_email);
  auto json = testing::ReadConformanceKeyJson();
  ASSERT_TRUE(json.ok());
  env.Set("SERVICE_ACCOUNT_JSON", *json);
  auto from_key = GoogleCredentials::FromEnvironment(env, env_->http(), env_->clock(), endpoints);
  ASSERT_TRUE(from_key.ok());
  ASSERT_NE((*from_key)->key(), nullptr);
  auto token = (*from_key)->AccessTokens()->GetToken();
  ASSERT_TRUE(token.ok()) << token.status().ToString();
  env.Set("SERVICE_ACCOUNT_JSON", "{not json");
  EXPECT_EQ(GoogleCredentials::FromEnvironment(env, env_->http(), env_->clock(), endpoints)
                .status()
                .code(),
            StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace formsender::gcp
