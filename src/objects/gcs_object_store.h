#pragma once
// The Cloud Storage object store: one bucket through the JSON API (objects.insert by media
// upload, get, delete) and V4 signed GET URLs on https://storage.googleapis.com/<bucket>/<key>
// signed by a gcp::BlobSigner (the service-account key, or IAM signBlob on Cloud Run).
// Refs are "gs://<bucket>/<key>"; a ref naming another bucket is refused with the reference's
// message "client_config_object bucket が設定と一致しません".

#include <memory>
#include <string>

#include "common/clock.h"
#include "gcp/blob_signer.h"
#include "gcp/storage_client.h"
#include "objects/object_store.h"

namespace formsender::objects {

class GcsObjectStore final : public ObjectStore {
 public:
  // `storage` must outlive the store.
  GcsObjectStore(std::string bucket, gcp::StorageClient& storage,
                 std::shared_ptr<gcp::BlobSigner> signer, const Clock& clock);

  std::string_view backend() const override { return "gcs"; }
  std::string RefFor(std::string_view key) const override;
  Result<std::string> KeyFromRef(std::string_view ref) const override;
  Result<std::string> Put(std::string_view key, std::string_view data,
                          std::string_view content_type) override;
  Result<std::string> Get(std::string_view key) override;
  Result<bool> Exists(std::string_view key) override;
  Status Delete(std::string_view key) override;
  Result<std::string> SignedGetUrl(std::string_view key, std::chrono::seconds ttl) override;
  // The reference's origin checks (spec §4.5 step 2, cases 110).
  Status CheckIssuedUrl(std::string_view key, std::string_view url) const override;
  // X-Goog-Date + X-Goog-Expires; no X-Goog-Expires (or 0) → no expiry; no X-Goog-Date → the
  // URL counts as expiring now (the reference's rule).
  Result<SignedUrlInfo> InspectSignedUrl(std::string_view url) const override;

  const std::string& bucket() const { return bucket_; }

 private:
  std::string bucket_;
  gcp::StorageClient& storage_;
  std::shared_ptr<gcp::BlobSigner> signer_;
  const Clock& clock_;
};

}  // namespace formsender::objects
