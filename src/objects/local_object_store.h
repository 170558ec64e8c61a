#pragma once
// The embedded object store: files under <data-dir>/objects/ and HMAC-SHA256 signed URLs
//
//   <public-base-url>/objects/<key>?expires=<unix seconds>&signature=<hex>
//
// served by `formsender serve` (local_object_routes.h). The signing key is 32 random bytes
// generated on first use into <data-dir>/keys/objects-url.key (mode 0600). Refs have the form
// "local://objects/<key>".
//
// Keys are checked, never rewritten: segments of [A-Za-z0-9._-] separated by '/', no empty,
// "." or ".." segment, no segment starting with '.', at most 1024 bytes. So no key can name a
// file outside the objects directory. Writes go to a temporary file in the same directory,
// fsync, then rename: a reader sees the old object or the new one, never a part.

#include <filesystem>
#include <map>
#include <memory>
#include <string>

#include "common/clock.h"
#include "objects/object_store.h"

namespace formsender::objects {

struct LocalObjectStoreOptions {
  std::filesystem::path data_dir;
  // Scheme, host and port where `serve` answers, e.g. "http://127.0.0.1:8080" (no path).
  std::string public_base_url;
};

class LocalObjectStore final : public ObjectStore {
 public:
  // Creates <data-dir>/objects and the signing key when missing. Fails when the key file is
  // readable by others (fix with chmod 600) or malformed.
  static Result<std::unique_ptr<LocalObjectStore>> Open(LocalObjectStoreOptions options,
                                                        const Clock& clock);

  std::string_view backend() const override { return "local"; }
  std::string RefFor(std::string_view key) const override;
  Result<std::string> KeyFromRef(std::string_view ref) const override;
  Result<std::string> Put(std::string_view key, std::string_view data,
                          std::string_view content_type) override;
  Result<std::string> Get(std::string_view key) override;
  Result<bool> Exists(std::string_view key) override;
  Status Delete(std::string_view key) override;
  Result<std::string> SignedGetUrl(std::string_view key, std::chrono::seconds ttl) override;
  Status CheckIssuedUrl(std::string_view key, std::string_view url) const override;
  Result<SignedUrlInfo> InspectSignedUrl(std::string_view url) const override;

  // Authorizes GET/HEAD <raw_path>?<query> of the object server at `now`: returns the key, or
  // kInvalidArgument (not an object path), kPermissionDenied (missing, tampered or expired
  // signature). Whether the object exists is not checked here.
  Result<std::string> Authorize(std::string_view raw_path,
                                const std::map<std::string, std::string>& query,
                                TimePoint now) const;

  const std::filesystem::path& objects_dir() const { return objects_dir_; }
  const std::string& public_base_url() const { return public_base_url_; }
  const Clock& clock() const { return clock_; }

 private:
  LocalObjectStore(std::filesystem::path objects_dir, std::string public_base_url,
                   std::string secret, const Clock& clock);
  std::string Signature(std::string_view key, int64_t expires) const;

  std::filesystem::path objects_dir_;
  std::string public_base_url_;
  std::string secret_;
  const Clock& clock_;
};

// Checks an object key (see above); the error names the key and what is wrong with it.
Status ValidateObjectKey(std::string_view key);

// The Content-Type served for a key (".json" → application/json; charset=utf-8).
std::string ContentTypeForKey(std::string_view key);

}  // namespace formsender::objects
