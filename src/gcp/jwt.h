#pragma once
// RS256 JSON Web Tokens for the OAuth 2.0 JWT-bearer grant (RFC 7523) with a service-account
// key: access-token assertions ("scope") and ID-token assertions ("target_audience").
//
// The JSON bytes are fixed (compact, keys in the order Google's libraries use), so the same
// inputs always give the same token; the conformance vectors in
// shared/anchors/google-auth/jwt_bearer_vectors.json pin them down.

#include <chrono>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/clock.h"
#include "common/json.h"
#include "common/status.h"
#include "gcp/service_account.h"

namespace formsender::gcp {

// Google rejects assertions valid for more than an hour.
inline constexpr std::chrono::seconds kMaxAssertionLifetime{3600};

// {"alg":"RS256","typ":"JWT"[,"kid":…]}; no kid when `key_id` is empty.
std::string JwtHeaderJson(std::string_view key_id);
// {"iss","scope","aud","iat","exp"}: scopes joined by one space.
std::string AccessTokenClaimsJson(std::string_view issuer, const std::vector<std::string>& scopes,
                                  std::string_view audience, int64_t iat_seconds,
                                  int64_t exp_seconds);
// {"iss","aud","target_audience","iat","exp"}.
std::string IdTokenClaimsJson(std::string_view issuer, std::string_view target_audience,
                              std::string_view audience, int64_t iat_seconds, int64_t exp_seconds);

// base64url(header) "." base64url(claims).
std::string JwtSigningInput(std::string_view header_json, std::string_view claims_json);
// The signed token; the signature is RSASSA-PKCS1-v1_5 SHA-256 over the signing input.
Result<std::string> SignJwt(std::string_view header_json, std::string_view claims_json,
                            std::string_view private_key_pem);

// Assertions for the token endpoint (`aud` = key.token_uri), valid from `now` for `lifetime`.
Result<std::string> MakeAccessTokenAssertion(const ServiceAccountKey& key,
                                             const std::vector<std::string>& scopes, TimePoint now,
                                             std::chrono::seconds lifetime = kMaxAssertionLifetime);
Result<std::string> MakeIdTokenAssertion(const ServiceAccountKey& key,
                                         std::string_view target_audience, TimePoint now,
                                         std::chrono::seconds lifetime = kMaxAssertionLifetime);

// The x-www-form-urlencoded body of the token request carrying `assertion`.
std::string JwtBearerTokenRequestBody(std::string_view assertion);

// The decoded parts of a JWT, without verifying its signature (used to read an ID token's
// expiry, and by test fakes that verify the signature themselves).
struct DecodedJwt {
  Json header;
  Json claims;
  std::string signing_input;
  std::string signature;  // raw bytes
};
Result<DecodedJwt> DecodeJwtUnverified(std::string_view token);

}  // namespace formsender::gcp
