#include "gcp/blob_signer.h"

#include "common/crypto.h"

namespace formsender::gcp {

Result<std::string> ServiceAccountBlobSigner::Sign(std::string_view blob) {
  auto signature = RsaSha256Sign(key_.private_key, blob);
  if (!signature.ok()) {
    return signature.status().WithContext("signing as " + key_.client_email);
  }
  return signature;
}

Result<std::string> IamBlobSigner::Sign(std::string_view blob) {
  auto signed_blob = iam_.SignBlob(email_, blob);
  if (!signed_blob.ok()) return signed_blob.status();
  return std::move(signed_blob->signature);
}

}  // namespace formsender::gcp
