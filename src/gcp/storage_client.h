#pragma once
// Cloud Storage JSON API v1 (storage.googleapis.com): objects.insert by simple media upload,
// objects.get (metadata, or the content with alt=media) and objects.delete.
//
// Signed URLs are not made here: they use the XML API and live in objects/gcs_v4_signer.h.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "gcp/rest_client.h"

namespace formsender::gcp {

struct ObjectMetadata {
  std::string bucket;
  std::string name;
  std::string generation;  // int64 as a decimal string, as the API sends it
  uint64_t size_bytes = 0;
  std::string content_type;
  std::string md5_hash;  // base64
  std::string crc32c;    // base64
  std::string updated;   // RFC 3339
};

struct InsertObjectOptions {
  std::string content_type = "application/octet-stream";
  // 0 = create only if absent; a generation = replace only that generation.
  std::optional<int64_t> if_generation_match;
};

class StorageClient {
 public:
  // `base_url` is the API root ("https://storage.googleapis.com/"): JSON calls go to
  // storage/v1/…, uploads to upload/storage/v1/….
  explicit StorageClient(RestClient& rest,
                         std::string base_url = "https://storage.googleapis.com/");

  // POST upload/storage/v1/b/{bucket}/o?uploadType=media&name={object}. Retried like any
  // idempotent call: an upload repeated after a lost answer writes the same bytes again.
  Result<ObjectMetadata> InsertObject(std::string_view bucket, std::string_view object,
                                      std::string_view data,
                                      const InsertObjectOptions& options = {});
  // GET storage/v1/b/{bucket}/o/{object}. A missing object is kNotFound.
  Result<ObjectMetadata> GetObjectMetadata(std::string_view bucket, std::string_view object);
  // GET storage/v1/b/{bucket}/o/{object}?alt=media.
  Result<std::string> ReadObject(std::string_view bucket, std::string_view object);
  // DELETE storage/v1/b/{bucket}/o/{object}. A missing object is kNotFound.
  Status DeleteObject(std::string_view bucket, std::string_view object);

 private:
  std::string ObjectUrl(std::string_view bucket, std::string_view object) const;

  RestClient& rest_;
  std::string base_url_;
};

// Bucket names: 3-63 characters (222 with dots), lowercase letters, digits, '-', '_' and '.',
// starting and ending with a letter or digit.
Status ValidateBucketName(std::string_view bucket);
// Object names: 1-1024 bytes of UTF-8 without CR/LF; "." and ".." are not allowed.
Status ValidateObjectName(std::string_view object);

ObjectMetadata ObjectMetadataFromJson(const Json& body);

}  // namespace formsender::gcp
