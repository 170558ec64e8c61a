#include "gcp/oauth_token_source.h"

#include "gcp/jwt.h"
#include "gcp/metadata_client.h"

namespace formsender::gcp {

std::unique_ptr<ServiceAccountTokenSource> ServiceAccountTokenSource::ForScopes(
    ServiceAccountKey key, std::vector<std::string> scopes, RestClient& rest,
    std::string token_uri) {
  return std::unique_ptr<ServiceAccountTokenSource>(new ServiceAccountTokenSource(
      std::move(key), std::move(scopes), "", rest, std::move(token_uri)));
}

std::unique_ptr<ServiceAccountTokenSource> ServiceAccountTokenSource::ForAudience(
    ServiceAccountKey key, std::string audience, RestClient& rest, std::string token_uri) {
  return std::unique_ptr<ServiceAccountTokenSource>(new ServiceAccountTokenSource(
      std::move(key), {}, std::move(audience), rest, std::move(token_uri)));
}

ServiceAccountTokenSource::ServiceAccountTokenSource(ServiceAccountKey key,
                                                     std::vector<std::string> scopes,
                                                     std::string audience, RestClient& rest,
                                                     std::string token_uri)
    : key_(std::move(key)),
      scopes_(std::move(scopes)),
      audience_(std::move(audience)),
      rest_(rest),
      token_uri_(token_uri.empty() ? key_.token_uri : std::move(token_uri)) {}

Result<Token> ServiceAccountTokenSource::Fetch() {
  TimePoint now = rest_.clock().Now();
  // The assertion's "aud" is always the key's token_uri (Google's endpoint), even when the
  // request goes to an overridden endpoint.
  auto assertion = audience_.empty() ? MakeAccessTokenAssertion(key_, scopes_, now)
                                     : MakeIdTokenAssertion(key_, audience_, now);
  if (!assertion.ok()) return assertion.status();
  RestRequest request;
  request.method = "POST";
  request.url = token_uri_;
  request.raw_body = JwtBearerTokenRequestBody(*assertion);
  request.content_type = "application/x-www-form-urlencoded";
  request.authenticate = false;
  request.operation = "oauth2 token for " + key_.client_email;
  FS_ASSIGN_OR_RETURN(Json body, rest_.Call(request));
  const char* what = "token endpoint response";
  if (!audience_.empty()) {
    auto id_token = GetString(body, "id_token", what);
    if (!id_token.ok()) return Status::Unavailable(id_token.status().message());
    auto expires_in = GetOptionalInt(body, "expires_in", what);
    TimePoint fallback =
        rest_.clock().Now() +
        std::chrono::seconds(expires_in.ok() && expires_in->has_value() ? **expires_in : 3600);
    FS_ASSIGN_OR_RETURN(TimePoint expires_at, JwtExpiry(*id_token, fallback));
    return Token{std::move(*id_token), expires_at};
  }
  auto access_token = GetString(body, "access_token", what);
  if (!access_token.ok()) return Status::Unavailable(access_token.status().message());
  auto expires_in = GetInt(body, "expires_in", what);
  if (!expires_in.ok()) return Status::Unavailable(expires_in.status().message());
  return Token{std::move(*access_token), rest_.clock().Now() + std::chrono::seconds(*expires_in)};
}

}  // namespace formsender::gcp
