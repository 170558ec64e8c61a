#pragma once
// IAM Service Account Credentials API v1 (iamcredentials.googleapis.com): signBlob (V4 signed
// URLs where there is no private key, e.g. on Cloud Run) and generateIdToken (ID tokens for
// another service account).

#include <string>
#include <string_view>

#include "gcp/rest_client.h"
#include "gcp/token_provider.h"

namespace formsender::gcp {

struct SignedBlob {
  std::string key_id;
  std::string signature;  // raw bytes (RSASSA-PKCS1-v1_5 SHA-256)
};

class IamCredentialsClient {
 public:
  explicit IamCredentialsClient(RestClient& rest,
                                std::string base_url = "https://iamcredentials.googleapis.com/");

  // POST v1/projects/-/serviceAccounts/{email}:signBlob {"payload": base64(blob)}.
  Result<SignedBlob> SignBlob(std::string_view service_account_email, std::string_view blob);
  // POST v1/projects/-/serviceAccounts/{email}:generateIdToken {"audience", "includeEmail"}.
  Result<std::string> GenerateIdToken(std::string_view service_account_email,
                                      std::string_view audience, bool include_email = true);

 private:
  std::string MethodUrl(std::string_view email, std::string_view verb) const;

  RestClient& rest_;
  std::string base_url_;
};

// ID tokens of another service account minted through generateIdToken.
class IamIdTokenSource final : public TokenSource {
 public:
  IamIdTokenSource(IamCredentialsClient& iam, std::string service_account_email,
                   std::string audience, const Clock& clock)
      : iam_(iam),
        email_(std::move(service_account_email)),
        audience_(std::move(audience)),
        clock_(clock) {}
  Result<Token> Fetch() override;

 private:
  IamCredentialsClient& iam_;
  std::string email_;
  std::string audience_;
  const Clock& clock_;
};

}  // namespace formsender::gcp
