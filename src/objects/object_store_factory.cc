#include "objects/object_store_factory.h"

#include "gcp/storage_client.h"
#include "objects/gcs_object_store.h"
#include "objects/local_object_store.h"

namespace formsender::objects {

Result<ObjectStoreConfig> ObjectStoreConfigFromEnvironment(const Environment& env,
                                                           std::filesystem::path data_dir) {
  ObjectStoreConfig config;
  config.data_dir = std::move(data_dir);
  config.backend = env.GetNonBlank("FORMSENDER_OBJECTS_BACKEND").value_or("local");
  if (config.backend != "local" && config.backend != "gcs") {
    return Status::InvalidArgument(
        "FORMSENDER_OBJECTS_BACKEND must be \"local\" or \"gcs\", got \"" + config.backend + "\"");
  }
  if (auto url = env.GetNonBlank("FORMSENDER_PUBLIC_URL")) config.public_base_url = *url;
  config.bucket = env.GetNonBlank("FORM_SENDER_CLIENT_CONFIG_BUCKET")
                      .value_or(env.GetNonBlank("FORM_SENDER_GCS_BUCKET").value_or(""));
  config.signing_service_account =
      env.GetNonBlank("FORM_SENDER_DISPATCHER_SERVICE_ACCOUNT").value_or("");
  if (config.backend == "gcs") {
    if (config.bucket.empty()) {
      return Status::InvalidArgument(
          "the gcs object store needs FORM_SENDER_CLIENT_CONFIG_BUCKET (or "
          "FORM_SENDER_GCS_BUCKET)");
    }
    if (Status s = gcp::ValidateBucketName(config.bucket); !s.ok()) {
      return s.WithContext("FORM_SENDER_CLIENT_CONFIG_BUCKET");
    }
  }
  return config;
}

Result<std::unique_ptr<ObjectStore>> MakeObjectStore(const ObjectStoreConfig& config,
                                                     const Clock& clock, gcp::GoogleCloud* cloud) {
  if (config.backend == "local") {
    FS_ASSIGN_OR_RETURN(auto store,
                        LocalObjectStore::Open({config.data_dir, config.public_base_url}, clock));
    return std::unique_ptr<ObjectStore>(std::move(store));
  }
  if (config.backend != "gcs") {
    return Status::InvalidArgument("unknown object store backend \"" + config.backend + "\"");
  }
  if (!cloud) return Status::InvalidArgument("the gcs object store needs Google Cloud credentials");
  FS_RETURN_IF_ERROR(gcp::ValidateBucketName(config.bucket));
  FS_ASSIGN_OR_RETURN(auto signer, cloud->Signer(config.signing_service_account));
  return std::unique_ptr<ObjectStore>(
      std::make_unique<GcsObjectStore>(config.bucket, cloud->storage(), std::move(signer), clock));
}

}  // namespace formsender::objects
