// Private keys, tokens and assertions never appear in logs or in error messages, even when an
// API echoes them back (common/redact.h patterns plus care in every message we build).
#include <gtest/gtest.h>

#include "common/strings.h"
#include "gcp/jwt.h"
#include "gcp/testing/fake_cloud.h"

namespace formsender::gcp {
namespace {

using testing::FakeCloud;
using testing::FakeResponse;

class SecretsInLogsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    FakeCloud::Options options;
    options.log_lines = lines_;
    auto env = FakeCloud::Create(options);
    ASSERT_TRUE(env.ok()) << env.status().ToString();
    env_ = std::move(*env);
    std::string pem = env_->key().private_key;
    for (const std::string& line : Split(pem, '\n')) {
      if (line.size() > 20 && !line.starts_with("-----")) key_lines_.push_back(line);
    }
  }

  void ExpectClean(std::string_view text, const std::vector<std::string>& extra = {}) {
    for (const auto& k : key_lines_) EXPECT_EQ(text.find(k), std::string_view::npos) << text;
    for (const auto& e : extra) {
      if (!e.empty()) {
        EXPECT_EQ(text.find(e), std::string_view::npos) << text;
      }
    }
    EXPECT_EQ(text.find("PRIVATE KEY-----"), std::string_view::npos) << text;
  }

  std::shared_ptr<std::vector<std::string>> lines_ = std::make_shared<std::vector<std::string>>();
  std::unique_ptr<FakeCloud> env_;
  std::vector<std::string> key_lines_;
};

TEST_F(SecretsInLogsTest, ErrorsEchoingTokensAndKeysAreRedacted) {
  // Obtain a real token first, then have the API echo it (and the key) in its error.
  ASSERT_TRUE(env_->cloud().storage().InsertObject("fs-bucket", "a", "1").ok());
  auto token = env_->cloud().credentials().AccessTokens()->GetToken();
  ASSERT_TRUE(token.ok());
  auto assertion = MakeAccessTokenAssertion(env_->key(), {"s"}, env_->clock().Now());
  ASSERT_TRUE(assertion.ok());
  std::string echo = "Authorization: Bearer " + *token + " assertion=" + *assertion + " key " +
                     env_->key().private_key + " signature=abcdef0123456789";
  for (int i = 0; i < 5; ++i) {
    env_->fake().Script("storage.objects.get", {FakeResponse::Error(503, "", echo)});
  }
  auto result = env_->cloud().storage().GetObjectMetadata("fs-bucket", "a");
  ASSERT_FALSE(result.ok());
  ExpectClean(result.status().message(), {*token, *assertion, "abcdef0123456789"});
  ASSERT_FALSE(lines_->empty());  // the retries were logged
  for (const auto& line : *lines_) ExpectClean(line, {*token, *assertion, "abcdef0123456789"});
}

TEST_F(SecretsInLogsTest, TokenEndpointFailuresDoNotLeakTheAssertion) {
  env_->fake().Script(
      "oauth2.token",
      {FakeResponse::WithJson(
          400, Json{{"error", "invalid_grant"}, {"error_description", "Invalid JWT Signature."}})});
  auto result = env_->cloud().storage().InsertObject("fs-bucket", "a", "1");
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.status().code(), StatusCode::kUnauthenticated);
  EXPECT_NE(result.status().message().find("invalid_grant"), std::string::npos);
  auto requests = env_->fake().requests();
  ASSERT_FALSE(requests.empty());
  std::string assertion;
  for (auto& [k, v] : ParseFormUrlEncoded(requests[0].body)) {
    if (k == "assertion") assertion = v;
  }
  ASSERT_FALSE(assertion.empty());
  ExpectClean(result.status().message(), {assertion});
  for (const auto& line : *lines_) ExpectClean(line, {assertion});
}

TEST_F(SecretsInLogsTest, SignedBlobsAndIdTokensStayOutOfMessages) {
  env_->fake().Script(
      "iamcredentials.projects.serviceAccounts.signBlob",
      {FakeResponse::WithJson(200, Json{{"keyId", "k"}, {"signedBlob", "%%%not-base64"}})});
  auto signer = env_->cloud().Signer(testing::kOtherServiceAccount);
  ASSERT_TRUE(signer.ok());
  auto sig = (*signer)->Sign("blob");
  ASSERT_FALSE(sig.ok());
  EXPECT_EQ(sig.status().message().find("%%%not-base64"), std::string::npos);
}

}  // namespace
}  // namespace formsender::gcp
