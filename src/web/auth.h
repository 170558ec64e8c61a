#pragma once
// Who may call `serve` (every endpoint but /healthz and the signed object URLs):
//   token  the embedded mode: `Authorization: Bearer <token>` with the data directory's token
//          (compared in constant time), or the dashboard's session cookie derived from it;
//   oidc   production: a Google-signed ID token (oidc_verifier.h) of an allowed account.
// Missing or bad credentials → 401; a valid token of an account not allowed → 403.

#include <memory>
#include <string>

#include "common/http.h"
#include "common/status.h"
#include "web/oidc_verifier.h"

namespace formsender::web {

struct Principal {
  std::string kind;     // "token", "session", "oidc"
  std::string subject;  // the account email for oidc; "embedded-token" / "dashboard-session"
};

class Authenticator {
 public:
  virtual ~Authenticator() = default;
  // `allow_session`: the dashboard's cookie counts too (pages, not the API: a cookie rides
  // along with requests other sites make, a bearer header never does).
  virtual Result<Principal> Authenticate(const HttpRequest& request, bool allow_session) = 0;
};

// The bearer token of `Authorization` (scheme case-insensitive), or nullopt.
std::optional<std::string> BearerToken(const HttpRequest& request);

// The dashboard session cookie: its name and the value that proves knowledge of the token
// (an HMAC of the token, so the token itself never sits in a browser).
inline constexpr std::string_view kSessionCookie = "formsender_session";
std::string SessionCookieValue(std::string_view token);
// "formsender_session=…; Path=/; HttpOnly; SameSite=Strict[; Secure]" for a login response.
std::string SessionCookieHeader(std::string_view token, bool secure);

class TokenAuthenticator final : public Authenticator {
 public:
  explicit TokenAuthenticator(std::string token);
  Result<Principal> Authenticate(const HttpRequest& request, bool allow_session) override;

 private:
  std::string token_;
  std::string session_value_;
};

class OidcAuthenticator final : public Authenticator {
 public:
  explicit OidcAuthenticator(std::unique_ptr<OidcVerifier> verifier);
  Result<Principal> Authenticate(const HttpRequest& request, bool allow_session) override;

 private:
  std::unique_ptr<OidcVerifier> verifier_;
};

// The HTTP answer for a failed authentication: 401 (with WWW-Authenticate: Bearer), 403, or
// 503 when the signing keys are unavailable.
HttpResponse AuthFailureResponse(const Status& status);

}  // namespace formsender::web
