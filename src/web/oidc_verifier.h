#pragma once
// Verifies Google-signed OIDC ID tokens offline, as Cloud Run's IAM check would: an RS256 JWT
// whose key comes from the JWKS, `iss` accounts.google.com or https://accounts.google.com,
// `aud` the configured audience, `exp` (and `iat`, `nbf`) within a small clock skew, and an
// `email` (verified) that is on the allowed list. Cloud Tasks (oidcToken), the batch runners
// (metadata server identity) and the orchestrator (service-account key) all present such
// tokens.

#include <chrono>
#include <set>
#include <string>

#include "common/clock.h"
#include "common/json.h"
#include "common/status.h"
#include "web/jwks.h"

namespace formsender::web {

struct OidcOptions {
  std::string audience;
  std::set<std::string> allowed_emails;  // lower-case
  std::chrono::seconds clock_skew{60};
};

struct VerifiedToken {
  std::string email;
  std::string subject;
  Json claims;
};

class OidcVerifier {
 public:
  OidcVerifier(JwksCache& keys, const Clock& clock, OidcOptions options);

  // kUnauthenticated for anything wrong with the token (malformed, bad signature, wrong
  // issuer or audience, expired); kPermissionDenied for a valid token of an account that is
  // not allowed; kUnavailable when the signing keys cannot be fetched.
  Result<VerifiedToken> Verify(std::string_view jwt);

 private:
  JwksCache& keys_;
  const Clock& clock_;
  OidcOptions options_;
};

}  // namespace formsender::web
