#pragma once
// Secret Manager API v1 (secretmanager.googleapis.com): versions.access, the one call the
// dispatcher makes (FORM_SENDER_GIT_TOKEN_SECRET), plus the reference's name normalisation.

#include <cstdint>
#include <string>
#include <string_view>

#include "gcp/rest_client.h"

namespace formsender::gcp {

class SecretManagerClient {
 public:
  explicit SecretManagerClient(RestClient& rest,
                               std::string base_url = "https://secretmanager.googleapis.com/");

  // GET v1/{name}:access; name = "projects/P/secrets/S/versions/V" (V may be "latest"). Returns
  // the payload bytes; a dataCrc32c in the answer is checked.
  Result<std::string> AccessSecretVersion(std::string_view name);

 private:
  RestClient& rest_;
  std::string base_url_;
};

// The reference's normalisation (spec §4.1): "projects/…" is kept when it names a version,
// else "/versions/latest" is appended (a trailing '/' dropped); any other non-blank value is a
// secret id in `project`: "projects/{project}/secrets/{value}/versions/latest".
Result<std::string> NormalizeSecretVersionName(std::string_view value, std::string_view project);

// CRC-32C (Castagnoli), as Google APIs use for payload checksums.
uint32_t Crc32c(std::string_view data);

}  // namespace formsender::gcp
