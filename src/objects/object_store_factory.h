#pragma once
// Builds the configured object store.
//
//   auto config = objects::ObjectStoreConfigFromEnvironment(env, data_dir);
//   auto store = objects::MakeObjectStore(*config, clock, cloud.get());  // cloud: gcs only
//
// Environment (formsender.toml keys in brackets, applied by the settings layer):
//   FORMSENDER_OBJECTS_BACKEND [objects.backend]   local (default) | gcs
//   FORMSENDER_PUBLIC_URL      [objects.public_url] where `serve` answers, for local signed URLs
//                                                  (default http://127.0.0.1:8080)
//   FORM_SENDER_CLIENT_CONFIG_BUCKET, else FORM_SENDER_GCS_BUCKET      the bucket (gcs)
//   FORM_SENDER_DISPATCHER_SERVICE_ACCOUNT        the account V4 URLs are signed as (gcs; the
//                                                  key's own account when unset)

#include <filesystem>
#include <memory>
#include <string>

#include "common/clock.h"
#include "common/env.h"
#include "gcp/google_cloud.h"
#include "objects/object_store.h"

namespace formsender::objects {

inline constexpr std::string_view kDefaultPublicUrl = "http://127.0.0.1:8080";

struct ObjectStoreConfig {
  std::string backend = "local";
  std::filesystem::path data_dir;
  std::string public_base_url = std::string(kDefaultPublicUrl);
  std::string bucket;
  std::string signing_service_account;
};

// Reads the variables above; an unknown backend, or gcs without a bucket, is an error naming
// the variable.
Result<ObjectStoreConfig> ObjectStoreConfigFromEnvironment(const Environment& env,
                                                           std::filesystem::path data_dir);

// `cloud` is required for gcs (and must outlive the store); ignored for local.
Result<std::unique_ptr<ObjectStore>> MakeObjectStore(const ObjectStoreConfig& config,
                                                     const Clock& clock,
                                                     gcp::GoogleCloud* cloud = nullptr);

}  // namespace formsender::objects
