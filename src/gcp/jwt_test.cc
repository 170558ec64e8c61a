#include "gcp/jwt.h"

#include <gtest/gtest.h>

#include "common/time.h"
#include "gcp/testing/test_keys.h"

namespace formsender::gcp {
namespace {

class JwtVectorsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto key = testing::LoadConformanceKey();
    ASSERT_TRUE(key.ok()) << key.status().ToString();
    key_ = *key;
    auto text = testing::ReadAnchorFile("google-auth/jwt_bearer_vectors.json");
    ASSERT_TRUE(text.ok()) << text.status().ToString();
    auto json = ParseJson(*text);
    ASSERT_TRUE(json.ok());
    vectors_ = *json;
    auto iat = ParseIsoTimestamp(vectors_["iat_utc"].get<std::string>());
    ASSERT_TRUE(iat.ok());
    iat_ = *iat;
  }

  const Json& Case(std::string_view name) {
    for (const auto& c : vectors_["cases"]) {
      if (c["name"] == name) return c;
    }
    ADD_FAILURE() << "no vector " << name;
    static const Json kEmpty;
    return kEmpty;
  }

  void ExpectCase(const Json& c, const std::string& header, const std::string& claims,
                  const Result<std::string>& jwt) {
    EXPECT_EQ(header, c["header_json"].get<std::string>());
    EXPECT_EQ(claims, c["claims_json"].get<std::string>());
    EXPECT_EQ(JwtSigningInput(header, claims), c["signing_input"].get<std::string>());
    ASSERT_TRUE(jwt.ok()) << jwt.status().ToString();
    EXPECT_EQ(*jwt, c["expected_jwt"].get<std::string>());
    EXPECT_EQ(JwtBearerTokenRequestBody(*jwt), c["token_request_body"].get<std::string>());
  }

  ServiceAccountKey key_;
  Json vectors_;
  TimePoint iat_;
};

TEST_F(JwtVectorsTest, EveryVectorIsCovered) { EXPECT_EQ(vectors_["cases"].size(), 3u); }

TEST_F(JwtVectorsTest, AccessTokenAssertionWithKid) {
  const Json& c = Case("access-token assertion (scope)");
  int64_t iat = ToUnixSeconds(iat_);
  std::vector<std::string> scopes = {"https://www.googleapis.com/auth/cloud-platform"};
  ExpectCase(c, JwtHeaderJson(key_.private_key_id),
             AccessTokenClaimsJson(key_.client_email, scopes, key_.token_uri, iat, iat + 3600),
             MakeAccessTokenAssertion(key_, scopes, iat_));
}

TEST_F(JwtVectorsTest, IdTokenAssertion) {
  const Json& c = Case("id-token assertion (target_audience)");
  int64_t iat = ToUnixSeconds(iat_);
  std::string audience = "https://example-service-abc123-an.a.run.app";
  ExpectCase(c, JwtHeaderJson(key_.private_key_id),
             IdTokenClaimsJson(key_.client_email, audience, key_.token_uri, iat, iat + 3600),
             MakeIdTokenAssertion(key_, audience, iat_));
}

TEST_F(JwtVectorsTest, MinimalHeaderWithoutKid) {
  const Json& c = Case("minimal header without kid");
  ServiceAccountKey no_kid = key_;
  no_kid.private_key_id.clear();
  int64_t iat = ToUnixSeconds(iat_);
  std::vector<std::string> scopes = {"https://www.googleapis.com/auth/devstorage.read_write",
                                     "https://www.googleapis.com/auth/cloud-tasks"};
  ExpectCase(c, JwtHeaderJson(""),
             AccessTokenClaimsJson(key_.client_email, scopes, key_.token_uri, iat, iat + 3600),
             MakeAccessTokenAssertion(no_kid, scopes, iat_));
}

TEST_F(JwtVectorsTest, RejectsLifetimesOverAnHourAndEmptyInputs) {
  EXPECT_EQ(MakeAccessTokenAssertion(key_, {"s"}, iat_, std::chrono::seconds(3601)).status().code(),
            StatusCode::kInvalidArgument);
  EXPECT_EQ(MakeAccessTokenAssertion(key_, {}, iat_).status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(MakeIdTokenAssertion(key_, "", iat_).status().code(), StatusCode::kInvalidArgument);
}

TEST_F(JwtVectorsTest, DecodesWhatItSigns) {
  auto jwt = MakeIdTokenAssertion(key_, "https://aud.example", iat_);
  ASSERT_TRUE(jwt.ok());
  auto decoded = DecodeJwtUnverified(*jwt);
  ASSERT_TRUE(decoded.ok()) << decoded.status().ToString();
  EXPECT_EQ(decoded->claims["target_audience"], "https://aud.example");
  EXPECT_EQ(decoded->header["kid"], key_.private_key_id);
  EXPECT_FALSE(DecodeJwtUnverified("not-a-jwt").ok());
  EXPECT_FALSE(DecodeJwtUnverified("a.b.c").ok());
}

}  // namespace
}  // namespace formsender::gcp
