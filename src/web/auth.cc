#include "web/auth.h"

#include "common/crypto.h"
#include "common/strings.h"

namespace formsender::web {
namespace {

std::optional<std::string> Cookie(const HttpRequest& request, std::string_view name) {
  for (const std::string& header : request.headers.GetAll("Cookie")) {
    for (const std::string& pair : Split(header, ';')) {
      std::string_view p = Trim(pair);
      size_t eq = p.find('=');
      if (eq != std::string_view::npos && p.substr(0, eq) == name) {
        return std::string(p.substr(eq + 1));
      }
    }
  }
  return std::nullopt;
}

}  // namespace

std::optional<std::string> BearerToken(const HttpRequest& request) {
  auto header = request.headers.Get("Authorization");
  if (!header) return std::nullopt;
  std::string_view h = Trim(*header);
  if (h.size() < 7 || !EqualsIgnoreCase(h.substr(0, 7), "bearer ")) return std::nullopt;
  std::string_view token = Trim(h.substr(7));
  if (token.empty()) return std::nullopt;
  return std::string(token);
}

std::string SessionCookieValue(std::string_view token) {
  return HexEncode(HmacSha256(token, "formsender dashboard session v1"));
}

std::string SessionCookieHeader(std::string_view token, bool secure) {
  return std::string(kSessionCookie) + "=" + SessionCookieValue(token) +
         "; Path=/; HttpOnly; SameSite=Strict" + (secure ? "; Secure" : "");
}

TokenAuthenticator::TokenAuthenticator(std::string token)
    : token_(std::move(token)), session_value_(SessionCookieValue(token_)) {}

Result<Principal> TokenAuthenticator::Authenticate(const HttpRequest& request, bool allow_session) {
  if (auto bearer = BearerToken(request)) {
    if (ConstantTimeEquals(*bearer, token_)) return Principal{"token", "embedded-token"};
    return Status::Unauthenticated("invalid bearer token");
  }
  if (allow_session) {
    if (auto cookie = Cookie(request, kSessionCookie)) {
      if (ConstantTimeEquals(*cookie, session_value_)) {
        return Principal{"session", "dashboard-session"};
      }
      return Status::Unauthenticated("invalid session");
    }
  }
  return Status::Unauthenticated("missing bearer token");
}

OidcAuthenticator::OidcAuthenticator(std::unique_ptr<OidcVerifier> verifier)
    : verifier_(std::move(verifier)) {}

Result<Principal> OidcAuthenticator::Authenticate(const HttpRequest& request, bool) {
  auto bearer = BearerToken(request);
  if (!bearer) return Status::Unauthenticated("missing bearer token");
  FS_ASSIGN_OR_RETURN(VerifiedToken token, verifier_->Verify(*bearer));
  return Principal{"oidc", token.email};
}

HttpResponse AuthFailureResponse(const Status& status) {
  if (status.code() == StatusCode::kPermissionDenied) {
    return HttpResponse::Detail(403, status.message());
  }
  if (status.code() == StatusCode::kUnavailable) {
    return HttpResponse::Detail(503, status.message());
  }
  HttpResponse r = HttpResponse::Detail(401, status.message());
  r.headers.Set("WWW-Authenticate", "Bearer");
  return r;
}

}  // namespace formsender::web
