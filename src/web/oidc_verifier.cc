#include "web/oidc_verifier.h"

#include "common/crypto.h"
#include "common/strings.h"
#include "common/time.h"

namespace formsender::web {
namespace {

Status Bad(std::string why) { return Status::Unauthenticated("invalid ID token: " + why); }

Result<Json> DecodePart(std::string_view part, std::string_view what) {
  auto bytes = Base64Decode(part);
  if (!bytes.ok()) return Bad(std::string(what) + " is not base64url");
  auto json = ParseJson(*bytes, what);
  if (!json.ok() || !json->is_object()) return Bad(std::string(what) + " is not a JSON object");
  return json;
}

std::optional<int64_t> NumericClaim(const Json& claims, std::string_view name) {
  auto it = claims.find(name);
  if (it == claims.end()) return std::nullopt;
  if (it->is_number_integer()) return it->get<int64_t>();
  if (it->is_number_float()) return static_cast<int64_t>(it->get<double>());
  return std::nullopt;
}

bool AudienceMatches(const Json& aud, const std::string& expected) {
  if (aud.is_string()) return aud.get<std::string>() == expected;
  if (aud.is_array()) {
    for (const Json& a : aud) {
      if (a.is_string() && a.get<std::string>() == expected) return true;
    }
  }
  return false;
}

}  // namespace

OidcVerifier::OidcVerifier(JwksCache& keys, const Clock& clock, OidcOptions options)
    : keys_(keys), clock_(clock), options_(std::move(options)) {}

Result<VerifiedToken> OidcVerifier::Verify(std::string_view jwt) {
  std::vector<std::string> parts = Split(jwt, '.');
  if (parts.size() != 3 || parts[0].empty() || parts[1].empty() || parts[2].empty()) {
    return Bad("not a signed JWT");
  }
  FS_ASSIGN_OR_RETURN(Json header, DecodePart(parts[0], "header"));
  if (header.value("alg", "") != "RS256") return Bad("algorithm must be RS256");
  std::string kid = header.value("kid", "");
  if (kid.empty()) return Bad("no key id");
  auto key = keys_.Find(kid);
  if (!key.ok()) {
    if (key.status().code() == StatusCode::kNotFound) return Bad("unknown signing key");
    return key.status();
  }
  auto signature = Base64Decode(parts[2]);
  if (!signature.ok()) return Bad("signature is not base64url");
  auto valid = RsaSha256VerifyWithModulus(key->modulus, key->exponent, parts[0] + "." + parts[1],
                                          *signature);
  if (!valid.ok() || !*valid) return Bad("bad signature");

  FS_ASSIGN_OR_RETURN(Json claims, DecodePart(parts[1], "claims"));
  std::string iss = claims.value("iss", "");
  if (iss != "accounts.google.com" && iss != "https://accounts.google.com") {
    return Bad("issuer \"" + iss + "\" is not Google");
  }
  if (!claims.contains("aud") || !AudienceMatches(claims["aud"], options_.audience)) {
    return Bad("audience is not " + options_.audience);
  }
  int64_t now = ToUnixSeconds(clock_.Now());
  int64_t skew = options_.clock_skew.count();
  auto exp = NumericClaim(claims, "exp");
  if (!exp) return Bad("no expiry");
  if (*exp + skew <= now) return Bad("expired");
  if (auto iat = NumericClaim(claims, "iat"); iat && *iat - skew > now) {
    return Bad("issued in the future");
  }
  if (auto nbf = NumericClaim(claims, "nbf"); nbf && *nbf - skew > now) {
    return Bad("not valid yet");
  }
  VerifiedToken token;
  token.email = ToLowerAscii(claims.value("email", ""));
  token.subject = claims.value("sub", "");
  if (token.email.empty()) return Bad("no email claim (mint it with the account's email)");
  if (auto verified = claims.find("email_verified"); verified != claims.end()) {
    bool ok = verified->is_boolean() ? verified->get<bool>()
                                     : verified->is_string() && *verified == "true";
    if (!ok) return Bad("email is not verified");
  }
  token.claims = std::move(claims);
  if (!options_.allowed_emails.contains(token.email)) {
    return Status::PermissionDenied("account " + token.email +
                                    " is not allowed to call this "
                                    "dispatcher (FORMSENDER_DISPATCHER_ALLOWED_SERVICE_ACCOUNTS)");
  }
  return token;
}

}  // namespace formsender::web
