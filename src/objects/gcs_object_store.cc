#include "objects/gcs_object_store.h"

#include "common/strings.h"
#include "common/time.h"
#include "objects/gcs_v4_signer.h"
#include "objects/object_naming.h"
#include "objects/url_parts.h"

namespace formsender::objects {
namespace {

constexpr std::string_view kStorageHost = "storage.googleapis.com";

}  // namespace

GcsObjectStore::GcsObjectStore(std::string bucket, gcp::StorageClient& storage,
                               std::shared_ptr<gcp::BlobSigner> signer, const Clock& clock)
    : bucket_(std::move(bucket)), storage_(storage), signer_(std::move(signer)), clock_(clock) {}

std::string GcsObjectStore::RefFor(std::string_view key) const {
  return FormatGcsRef(bucket_, key);
}

Result<std::string> GcsObjectStore::KeyFromRef(std::string_view ref) const {
  FS_ASSIGN_OR_RETURN(GcsRef parsed, ParseGcsRef(ref));
  if (parsed.bucket != bucket_) {
    return Status::InvalidArgument("client_config_object bucket が設定と一致しません");
  }
  return std::move(parsed.object);
}

Result<std::string> GcsObjectStore::Put(std::string_view key, std::string_view data,
                                        std::string_view content_type) {
  gcp::InsertObjectOptions options;
  if (!content_type.empty()) options.content_type = std::string(content_type);
  FS_RETURN_IF_ERROR(storage_.InsertObject(bucket_, key, data, options).status());
  return RefFor(key);
}

Result<std::string> GcsObjectStore::Get(std::string_view key) {
  return storage_.ReadObject(bucket_, key);
}

Result<bool> GcsObjectStore::Exists(std::string_view key) {
  auto metadata = storage_.GetObjectMetadata(bucket_, key);
  if (metadata.ok()) return true;
  if (metadata.status().code() == StatusCode::kNotFound) return false;
  return metadata.status();
}

Status GcsObjectStore::Delete(std::string_view key) { return storage_.DeleteObject(bucket_, key); }

Result<std::string> GcsObjectStore::SignedGetUrl(std::string_view key, std::chrono::seconds ttl) {
  FS_RETURN_IF_ERROR(gcp::ValidateObjectName(key));
  V4SignedUrlRequest request;
  request.method = "GET";
  request.bucket = bucket_;
  request.object = std::string(key);
  request.expiration = ttl;
  request.timestamp = clock_.Now();
  FS_ASSIGN_OR_RETURN(V4SignedUrl signed_url, SignUrlV4(request, *signer_));
  return std::move(signed_url.url);
}

Status GcsObjectStore::CheckIssuedUrl(std::string_view key, std::string_view url) const {
  auto parts = SplitUrl(url);
  if (!parts.ok() || parts->scheme != "https") {
    return Status::InvalidArgument("client_config_ref must use https scheme");
  }
  if (!parts->host.ends_with(kStorageHost)) {
    return Status::InvalidArgument("client_config_ref must point to storage.googleapis.com");
  }
  std::string_view path = parts->path;
  while (path.starts_with("/")) path.remove_prefix(1);
  if (path.empty()) return Status::InvalidArgument("client_config_ref is missing object path");
  size_t slash = path.find('/');
  if (slash == std::string_view::npos || slash == 0 || slash + 1 >= path.size()) {
    return Status::InvalidArgument("client_config_ref path is invalid");
  }
  auto bucket = PercentDecode(path.substr(0, slash));
  auto object = PercentDecode(path.substr(slash + 1));
  if (!bucket.ok() || !object.ok() || *bucket != bucket_ || *object != key) {
    return Status::InvalidArgument("client_config_ref does not match client_config_object");
  }
  const std::string* algorithm = parts->Param("X-Goog-Algorithm");
  if (!algorithm || !EqualsIgnoreCase(*algorithm, kV4Algorithm)) {
    return Status::InvalidArgument("client_config_ref must be a V4 signed URL");
  }
  return Status::Ok();
}

Result<SignedUrlInfo> GcsObjectStore::InspectSignedUrl(std::string_view url) const {
  auto parts = SplitUrl(url);
  if (!parts.ok()) return Status::InvalidArgument("client_config_ref is not a URL");
  SignedUrlInfo info;
  std::string_view path = parts->path;
  while (path.starts_with("/")) path.remove_prefix(1);
  if (size_t slash = path.find('/'); slash != std::string_view::npos) {
    auto object = PercentDecode(path.substr(slash + 1));
    if (object.ok()) info.key = *object;
  }
  const std::string* expires_text = parts->Param("X-Goog-Expires");
  if (!expires_text) return info;
  auto expires = ParseInt64(*expires_text, "X-Goog-Expires");
  // GCS signs for at most 7 days; a longer expiry is no genuine V4 URL (and a huge one would
  // overflow the clock's nanoseconds: found by the signed_url fuzzer).
  if (!expires.ok() || *expires <= 0 || *expires > 604800) return info;
  std::optional<TimePoint> issued;
  if (const std::string* date = parts->Param("X-Goog-Date")) issued = ParseV4Timestamp(*date);
  TimePoint now = clock_.Now();
  info.expires_at = issued ? *issued + std::chrono::seconds(*expires) : now;
  return info;
}

}  // namespace formsender::objects
