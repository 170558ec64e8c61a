#pragma once
// The object store: where each run's client_config JSON lives, and the signed GET URLs a runner
// fetches it with (spec H4, H5, §4.5).
//
// Two backends behind one interface (object_store_factory.h builds the configured one):
//   local  files under <data-dir>/objects/, HMAC-signed URLs served by `formsender serve`
//          (local_object_store.h, local_object_routes.h); refs "local://objects/<key>"
//   gcs    a Cloud Storage bucket through the JSON API, V4 signed URLs
//          (gcs_object_store.h); refs "gs://<bucket>/<key>"
//
// Keys are relative names such as "20251016/targeting-12-<uuid>.json" (object_naming.h).
// Objects are deleted only when the whole execution has finished (spec Q-16): the batch
// monitor calls Delete, never the first task that ends.

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

#include "common/clock.h"
#include "common/status.h"

namespace formsender::objects {

// What a signed URL issued by a store says about itself.
struct SignedUrlInfo {
  std::string key;  // the object it grants access to
  // When it stops working; nullopt when the URL states no expiry (never re-signed on age).
  std::optional<TimePoint> expires_at;
};

class ObjectStore {
 public:
  virtual ~ObjectStore() = default;

  virtual std::string_view backend() const = 0;  // "local" or "gcs"

  // The reference form of `key` ("gs://bucket/key", "local://objects/key").
  virtual std::string RefFor(std::string_view key) const = 0;
  // The key a ref names. InvalidArgument, with the reference's wording, for refs this store
  // did not issue ("client_config_object must be a gs:// URI", a bucket mismatch …).
  virtual Result<std::string> KeyFromRef(std::string_view ref) const = 0;

  // Stores `data` under `key` (replacing it) and returns its ref. All or nothing.
  virtual Result<std::string> Put(std::string_view key, std::string_view data,
                                  std::string_view content_type) = 0;
  virtual Result<std::string> Get(std::string_view key) = 0;
  virtual Result<bool> Exists(std::string_view key) = 0;
  // kNotFound when there is nothing to delete (callers that tolerate that check the code).
  virtual Status Delete(std::string_view key) = 0;

  // A URL anyone can GET (or HEAD) `key` with until `ttl` has passed.
  virtual Result<std::string> SignedGetUrl(std::string_view key, std::chrono::seconds ttl) = 0;
  // Checks that `url` is a signed GET URL of this store for `key`: origin, path and signature
  // scheme, not its age. InvalidArgument with the reference's messages (spec §4.5 step 2).
  virtual Status CheckIssuedUrl(std::string_view key, std::string_view url) const = 0;
  // Reads the key and the expiry of a URL this store issued.
  virtual Result<SignedUrlInfo> InspectSignedUrl(std::string_view url) const = 0;
};

}  // namespace formsender::objects
