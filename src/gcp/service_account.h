#pragma once
// Service-account keys: the JSON file Google issues ("type": "service_account"), read from the
// SERVICE_ACCOUNT_JSON variable (the file's content, as the reference's Script Property holds
// it) or from the file named by GOOGLE_APPLICATION_CREDENTIALS.
//
// Error messages name the source and the field, never a value: a key must not leak into logs.

#include <string>
#include <string_view>

#include "common/env.h"
#include "common/status.h"

namespace formsender::gcp {

inline constexpr std::string_view kDefaultTokenUri = "https://oauth2.googleapis.com/token";

struct ServiceAccountKey {
  std::string project_id;
  std::string private_key_id;  // becomes the JWT "kid"; may be empty
  std::string private_key;     // PEM (PKCS#8 or PKCS#1), real newlines
  std::string client_email;
  std::string client_id;
  std::string token_uri = std::string(kDefaultTokenUri);
};

// Parses the key JSON. `source` names where it came from ("SERVICE_ACCOUNT_JSON", a path) for
// error messages. Accepts keys whose private_key holds literal "\n" pairs instead of newlines
// (a double-escaped paste) and JSON whose strings contain raw line breaks (a multi-line paste).
// The private key is checked to be a usable RSA key.
Result<ServiceAccountKey> ParseServiceAccountKey(std::string_view json_text,
                                                 std::string_view source);

// Reads the key file at `path` (at most 1 MiB).
Result<ServiceAccountKey> ReadServiceAccountKeyFile(const std::string& path);

// SERVICE_ACCOUNT_JSON (content) first, then GOOGLE_APPLICATION_CREDENTIALS (path). NotFound
// when neither is set; any other error when one is set but unusable (never silently ignored).
Result<ServiceAccountKey> LoadServiceAccountKey(const Environment& env);

}  // namespace formsender::gcp
