#include "common/redact.h"

#include <gtest/gtest.h>

namespace formsender {
namespace {

bool Contains(const std::string& s, std::string_view part) {
  return s.find(part) != std::string::npos;
}

TEST(RedactTest, PrivateKeys) {
  std::string in =
      "key: -----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBg\n-----END PRIVATE KEY-----\n done";
  std::string out = RedactSecrets(in);
  EXPECT_FALSE(Contains(out, "MIIEvQ"));
  EXPECT_TRUE(Contains(out, "[REDACTED_PRIVATE_KEY]"));
  EXPECT_TRUE(Contains(out, "done"));
  std::string escaped =
      R"({"private_key": "-----BEGIN RSA PRIVATE KEY-----\nABC\n-----END RSA PRIVATE KEY-----\n"})";
  EXPECT_FALSE(Contains(RedactSecrets(escaped), "ABC"));
}

TEST(RedactTest, TokensAndJwts) {
  EXPECT_EQ(RedactSecrets("Authorization: Bearer abc.def-123"), "Authorization: [REDACTED]");
  EXPECT_EQ(RedactSecrets("sent bearer abc.def-123 ok"), "sent bearer [REDACTED] ok");
  EXPECT_EQ(RedactSecrets("token ya29.a0AfH6SMBx"), "token ya29.[REDACTED]");
  std::string jwt = "eyJhbGciOiJIUzI1NiJ9.eyJyb2xlIjoic2VydmljZV9yb2xlIn0.c2lnbmF0dXJl";
  EXPECT_EQ(RedactSecrets("key=" + jwt + " end"), "key=[REDACTED_JWT] end");
}

TEST(RedactTest, SignedUrlsAndQueryParams) {
  std::string url =
      "https://storage.googleapis.com/b/"
      "o?X-Goog-Algorithm=GOOG4-RSA-SHA256&X-Goog-Signature=abcdef0123&x=1";
  std::string out = RedactSecrets(url);
  EXPECT_FALSE(Contains(out, "abcdef0123"));
  EXPECT_TRUE(Contains(out, "X-Goog-Signature=[REDACTED]&x=1"));
  EXPECT_EQ(RedactSecrets("/objects/k?expires=1&signature=ff00"),
            "/objects/k?expires=1&signature=[REDACTED]");
}

TEST(RedactTest, JsonFieldsHeadersAndUrlPasswords) {
  EXPECT_EQ(RedactSecrets(R"({"access_token":"s3cr\"et","other":"x"})"),
            R"({"access_token":"[REDACTED]","other":"x"})");
  EXPECT_EQ(RedactSecrets("apikey: sb_secret_value\nnext"), "apikey: [REDACTED]\nnext");
  EXPECT_EQ(RedactSecrets("postgresql://user:hunter2@db:5432/x"),
            "postgresql://user:[REDACTED]@db:5432/x");
  EXPECT_EQ(RedactSecrets("plain text stays"), "plain text stays");
}

TEST(RedactTest, RegisteredSecrets) {
  Redactor r;
  r.AddSecret("short");  // ignored: too short
  r.AddSecret("0123456789abcdef");
  EXPECT_EQ(r.Redact("token 0123456789abcdef and short"), "token [REDACTED] and short");
}

}  // namespace
}  // namespace formsender
