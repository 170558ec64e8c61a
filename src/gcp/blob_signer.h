#pragma once
// Signing bytes as a service account (RSASSA-PKCS1-v1_5 with SHA-256): locally with the key,
// or through IAM Credentials signBlob when only a token is at hand (Cloud Run, Batch VMs).
// Both produce the same signature for the same key, so V4 signed URLs are identical.

#include <memory>
#include <string>
#include <string_view>

#include "common/status.h"
#include "gcp/iam_credentials_client.h"
#include "gcp/service_account.h"

namespace formsender::gcp {

class BlobSigner {
 public:
  virtual ~BlobSigner() = default;
  // The account whose key signs (the "X-Goog-Credential" identity).
  virtual const std::string& ServiceAccountEmail() const = 0;
  // Raw signature bytes. Thread-safe.
  virtual Result<std::string> Sign(std::string_view blob) = 0;
};

class ServiceAccountBlobSigner final : public BlobSigner {
 public:
  explicit ServiceAccountBlobSigner(ServiceAccountKey key) : key_(std::move(key)) {}
  const std::string& ServiceAccountEmail() const override { return key_.client_email; }
  Result<std::string> Sign(std::string_view blob) override;

 private:
  ServiceAccountKey key_;
};

class IamBlobSigner final : public BlobSigner {
 public:
  IamBlobSigner(IamCredentialsClient& iam, std::string service_account_email)
      : iam_(iam), email_(std::move(service_account_email)) {}
  const std::string& ServiceAccountEmail() const override { return email_; }
  Result<std::string> Sign(std::string_view blob) override;

 private:
  IamCredentialsClient& iam_;
  std::string email_;
};

}  // namespace formsender::gcp
