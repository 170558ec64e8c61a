#include "gcp/jwt.h"

#include "common/crypto.h"
#include "common/http.h"
#include "common/strings.h"
#include "common/time.h"

namespace formsender::gcp {

std::string JwtHeaderJson(std::string_view key_id) {
  OrderedJson header = {{"alg", "RS256"}, {"typ", "JWT"}};
  if (!key_id.empty()) header["kid"] = key_id;
  return DumpJson(header);
}

std::string AccessTokenClaimsJson(std::string_view issuer, const std::vector<std::string>& scopes,
                                  std::string_view audience, int64_t iat_seconds,
                                  int64_t exp_seconds) {
  OrderedJson claims = {{"iss", issuer},
                        {"scope", Join(scopes, " ")},
                        {"aud", audience},
                        {"iat", iat_seconds},
                        {"exp", exp_seconds}};
  return DumpJson(claims);
}

std::string IdTokenClaimsJson(std::string_view issuer, std::string_view target_audience,
                              std::string_view audience, int64_t iat_seconds, int64_t exp_seconds) {
  OrderedJson claims = {{"iss", issuer},
                        {"aud", audience},
                        {"target_audience", target_audience},
                        {"iat", iat_seconds},
                        {"exp", exp_seconds}};
  return DumpJson(claims);
}

std::string JwtSigningInput(std::string_view header_json, std::string_view claims_json) {
  return Base64UrlEncode(header_json) + "." + Base64UrlEncode(claims_json);
}

Result<std::string> SignJwt(std::string_view header_json, std::string_view claims_json,
                            std::string_view private_key_pem) {
  std::string input = JwtSigningInput(header_json, claims_json);
  auto signature = RsaSha256Sign(private_key_pem, input);
  if (!signature.ok()) return signature.status().WithContext("signing JWT");
  return input + "." + Base64UrlEncode(*signature);
}

namespace {

Status CheckLifetime(std::chrono::seconds lifetime) {
  if (lifetime <= std::chrono::seconds(0) || lifetime > kMaxAssertionLifetime) {
    return Status::InvalidArgument("JWT assertion lifetime must be 1..3600 s, got " +
                                   std::to_string(lifetime.count()) + " s");
  }
  return Status::Ok();
}

}  // namespace

Result<std::string> MakeAccessTokenAssertion(const ServiceAccountKey& key,
                                             const std::vector<std::string>& scopes, TimePoint now,
                                             std::chrono::seconds lifetime) {
  FS_RETURN_IF_ERROR(CheckLifetime(lifetime));
  if (scopes.empty()) return Status::InvalidArgument("access-token assertion needs a scope");
  int64_t iat = ToUnixSeconds(now);
  return SignJwt(
      JwtHeaderJson(key.private_key_id),
      AccessTokenClaimsJson(key.client_email, scopes, key.token_uri, iat, iat + lifetime.count()),
      key.private_key);
}

Result<std::string> MakeIdTokenAssertion(const ServiceAccountKey& key,
                                         std::string_view target_audience, TimePoint now,
                                         std::chrono::seconds lifetime) {
  FS_RETURN_IF_ERROR(CheckLifetime(lifetime));
  if (target_audience.empty()) return Status::InvalidArgument("ID-token audience is empty");
  int64_t iat = ToUnixSeconds(now);
  return SignJwt(JwtHeaderJson(key.private_key_id),
                 IdTokenClaimsJson(key.client_email, target_audience, key.token_uri, iat,
                                   iat + lifetime.count()),
                 key.private_key);
}

std::string JwtBearerTokenRequestBody(std::string_view assertion) {
  return EncodeFormUrlEncoded({{"grant_type", "urn:ietf:params:oauth:grant-type:jwt-bearer"},
                               {"assertion", std::string(assertion)}});
}

Result<DecodedJwt> DecodeJwtUnverified(std::string_view token) {
  auto parts = Split(token, '.');
  if (parts.size() != 3 || parts[0].empty() || parts[1].empty()) {
    return Status::InvalidArgument("token is not a JWT (expected three dot-separated parts)");
  }
  DecodedJwt out;
  auto header = Base64Decode(parts[0]);
  auto claims = Base64Decode(parts[1]);
  auto signature = Base64Decode(parts[2]);
  if (!header.ok() || !claims.ok() || !signature.ok()) {
    return Status::InvalidArgument("JWT part is not base64url");
  }
  auto header_json = ParseJson(*header, "JWT header");
  if (!header_json.ok()) return header_json.status();
  auto claims_json = ParseJson(*claims, "JWT claims");
  if (!claims_json.ok()) return claims_json.status();
  if (!header_json->is_object() || !claims_json->is_object()) {
    return Status::InvalidArgument("JWT header and claims must be JSON objects");
  }
  out.header = std::move(*header_json);
  out.claims = std::move(*claims_json);
  out.signing_input = parts[0] + "." + parts[1];
  out.signature = std::move(*signature);
  return out;
}

}  // namespace formsender::gcp
