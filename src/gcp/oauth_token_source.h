#pragma once
// Token sources that trade a service-account key for tokens at the OAuth 2.0 token endpoint
// (JWT-bearer grant): access tokens for scopes, or ID tokens for an audience.

#include <string>
#include <vector>

#include "gcp/rest_client.h"
#include "gcp/service_account.h"
#include "gcp/token_provider.h"

namespace formsender::gcp {

inline constexpr std::string_view kCloudPlatformScope =
    "https://www.googleapis.com/auth/cloud-platform";

class ServiceAccountTokenSource final : public TokenSource {
 public:
  // An access-token source for `scopes`.
  static std::unique_ptr<ServiceAccountTokenSource> ForScopes(ServiceAccountKey key,
                                                              std::vector<std::string> scopes,
                                                              RestClient& rest,
                                                              std::string token_uri = "");
  // An ID-token source whose tokens carry `aud` = `audience`.
  static std::unique_ptr<ServiceAccountTokenSource> ForAudience(ServiceAccountKey key,
                                                                std::string audience,
                                                                RestClient& rest,
                                                                std::string token_uri = "");

  Result<Token> Fetch() override;

 private:
  ServiceAccountTokenSource(ServiceAccountKey key, std::vector<std::string> scopes,
                            std::string audience, RestClient& rest, std::string token_uri);

  ServiceAccountKey key_;
  std::vector<std::string> scopes_;
  std::string audience_;  // set for ID tokens
  RestClient& rest_;      // unauthenticated
  std::string token_uri_;
};

}  // namespace formsender::gcp
