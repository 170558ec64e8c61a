// OIDC ID-token checks against a JWKS served on loopback, signed with the conformance test key.
#include "web/auth.h"

#include <gtest/gtest.h>

#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/evp.h>
#include <openssl/pem.h>

#include <atomic>
#include <mutex>

#include "common/http_client.h"
#include "common/http_server.h"
#include "common/strings.h"
#include "common/time.h"
#include "gcp/jwt.h"
#include "gcp/testing/test_keys.h"
#include "web/jwks.h"
#include "web/oidc_verifier.h"

namespace formsender::web {
namespace {

constexpr char kAudience[] = "https://dispatcher.example.run.app";
constexpr char kAllowed[] = "tasks@proj.iam.gserviceaccount.com";

// base64url of a big-endian RSA parameter of `pem`'s key.
std::string KeyParam(const std::string& pem, const char* name) {
  BIO* bio = BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size()));
  EVP_PKEY* key = PEM_read_bio_PrivateKey(bio, nullptr, nullptr, nullptr);
  BIO_free(bio);
  BIGNUM* bn = nullptr;
  EVP_PKEY_get_bn_param(key, name, &bn);
  std::string bytes(static_cast<size_t>(BN_num_bytes(bn)), '\0');
  BN_bn2bin(bn, reinterpret_cast<unsigned char*>(bytes.data()));
  BN_free(bn);
  EVP_PKEY_free(key);
  return Base64UrlEncode(bytes);
}

class OidcTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto key = gcp::testing::LoadConformanceKey();
    ASSERT_TRUE(key.ok()) << key.status().ToString();
    pem_ = key->private_key;
    Json jwks = {{"keys", Json::array({{{"kty", "RSA"},
                                        {"alg", "RS256"},
                                        {"use", "sig"},
                                        {"kid", "k1"},
                                        {"n", KeyParam(pem_, OSSL_PKEY_PARAM_RSA_N)},
                                        {"e", KeyParam(pem_, OSSL_PKEY_PARAM_RSA_E)}}})}};
    server_ = std::make_unique<HttpServer>(HttpServerOptions{}, [this, jwks](HttpRequest&) {
      fetches_++;
      HttpResponse r = HttpResponse::JsonBody(200, jwks);
      std::lock_guard lock(mu_);
      if (!cache_control_.empty()) r.headers.Set("Cache-Control", cache_control_);
      return r;
    });
    ASSERT_TRUE(server_->Start().ok());
    cache_ = std::make_unique<JwksCache>(http_, server_->base_url() + "/certs", clock_);
    verifier_ = std::make_unique<OidcVerifier>(
        *cache_, clock_, OidcOptions{kAudience, {kAllowed}, std::chrono::seconds(60)});
  }
  void TearDown() override { server_->Stop(); }

  std::string Token(Json claims, std::string kid = "k1") {
    int64_t now = ToUnixSeconds(clock_.Now());
    Json base = {{"iss", "https://accounts.google.com"},
                 {"aud", kAudience},
                 {"email", kAllowed},
                 {"email_verified", true},
                 {"sub", "1234"},
                 {"iat", now},
                 {"exp", now + 3600}};
    if (claims.is_object()) base.update(claims);
    auto jwt = gcp::SignJwt(DumpJson(Json{{"alg", "RS256"}, {"typ", "JWT"}, {"kid", kid}}),
                            DumpJson(base), pem_);
    EXPECT_TRUE(jwt.ok()) << jwt.status().ToString();
    return jwt.ok() ? *jwt : "";
  }

  FakeClock clock_{TimePoint(std::chrono::seconds(1'800'000'000))};
  CurlHttpClient http_;
  std::string pem_;
  std::atomic<int> fetches_{0};
  std::mutex mu_;
  std::string cache_control_;  // the key server's Cache-Control ("" = none)
  std::unique_ptr<HttpServer> server_;
  std::unique_ptr<JwksCache> cache_;
  std::unique_ptr<OidcVerifier> verifier_;
};

TEST_F(OidcTest, AValidTokenOfAnAllowedAccountPasses) {
  auto v = verifier_->Verify(Token({}));
  ASSERT_TRUE(v.ok()) << v.status().ToString();
  EXPECT_EQ(v->email, kAllowed);
  // The keys are cached: a second token does not fetch again.
  ASSERT_TRUE(verifier_->Verify(Token({{"sub", "5678"}})).ok());
  EXPECT_EQ(fetches_.load(), 1);
}

// The key server's max-age is honoured up to a day: a huge one (here the largest int64) would
// overflow the clock when added to now.
TEST_F(OidcTest, KeysAreFetchedAgainAfterADayWhateverMaxAgeSays) {
  {
    std::lock_guard lock(mu_);
    cache_control_ = "public, max-age=9223372036854775807";
  }
  ASSERT_TRUE(cache_->Find("k1").ok());
  EXPECT_EQ(fetches_.load(), 1);
  clock_.Advance(std::chrono::hours(23));
  ASSERT_TRUE(cache_->Find("k1").ok());
  EXPECT_EQ(fetches_.load(), 1);
  clock_.Advance(std::chrono::hours(1) + std::chrono::seconds(1));
  ASSERT_TRUE(cache_->Find("k1").ok());
  EXPECT_EQ(fetches_.load(), 2);
}

TEST_F(OidcTest, WrongAudienceIssuerOrExpiryIsUnauthenticated) {
  EXPECT_EQ(verifier_->Verify(Token({{"aud", "https://other"}})).status().code(),
            StatusCode::kUnauthenticated);
  EXPECT_EQ(verifier_->Verify(Token({{"iss", "https://evil.example"}})).status().code(),
            StatusCode::kUnauthenticated);
  int64_t now = ToUnixSeconds(clock_.Now());
  EXPECT_EQ(verifier_->Verify(Token({{"exp", now - 120}})).status().code(),
            StatusCode::kUnauthenticated);
  // Within the skew, a just-expired token still passes.
  EXPECT_TRUE(verifier_->Verify(Token({{"exp", now - 30}})).ok());
}

TEST_F(OidcTest, ATamperedOrUnknownKeyTokenIsUnauthenticated) {
  std::string jwt = Token({});
  std::string tampered = jwt.substr(0, jwt.size() - 4) + (jwt.ends_with("AAAA") ? "BBBB" : "AAAA");
  EXPECT_EQ(verifier_->Verify(tampered).status().code(), StatusCode::kUnauthenticated);
  EXPECT_EQ(verifier_->Verify(Token({}, "no-such-kid")).status().code(),
            StatusCode::kUnauthenticated);
  EXPECT_EQ(verifier_->Verify("not.a.jwt").status().code(), StatusCode::kUnauthenticated);
}

TEST_F(OidcTest, AnUnlistedAccountIsDeniedAndMapsTo403) {
  auto v = verifier_->Verify(Token({{"email", "someone@else.iam.gserviceaccount.com"}}));
  ASSERT_EQ(v.status().code(), StatusCode::kPermissionDenied);
  EXPECT_EQ(AuthFailureResponse(v.status()).status, 403);
  EXPECT_EQ(AuthFailureResponse(Status::Unauthenticated("x")).status, 401);
}

TEST_F(OidcTest, TheAuthenticatorReadsTheBearerHeader) {
  OidcAuthenticator auth(std::make_unique<OidcVerifier>(
      *cache_, clock_, OidcOptions{kAudience, {kAllowed}, std::chrono::seconds(60)}));
  HttpRequest r;
  EXPECT_EQ(auth.Authenticate(r, false).status().code(), StatusCode::kUnauthenticated);
  r.headers.Set("Authorization", "bearer " + Token({}));
  auto p = auth.Authenticate(r, false);
  ASSERT_TRUE(p.ok()) << p.status().ToString();
  EXPECT_EQ(p->kind, "oidc");
  EXPECT_EQ(p->subject, kAllowed);
}

TEST(TokenAuthTest, OnlyTheExactTokenOrItsSessionCookiePasses) {
  TokenAuthenticator auth("s3cret-token");
  HttpRequest r;
  r.headers.Set("Authorization", "Bearer s3cret-token");
  EXPECT_TRUE(auth.Authenticate(r, false).ok());
  r.headers.Set("Authorization", "Bearer s3cret-tokeX");
  EXPECT_EQ(auth.Authenticate(r, false).status().code(), StatusCode::kUnauthenticated);
  HttpRequest cookie;
  cookie.headers.Set("Cookie",
                     std::string(kSessionCookie) + "=" + SessionCookieValue("s3cret-token"));
  EXPECT_TRUE(auth.Authenticate(cookie, true).ok());
  EXPECT_FALSE(auth.Authenticate(cookie, false).ok());  // the API takes no cookies
}

}  // namespace
}  // namespace formsender::web
