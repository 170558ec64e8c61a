#pragma once
// The dispatcher's configuration (spec §4.1) from the loaded properties: signed-URL policy,
// what every job gets (env contract, secrets, Cloud Batch fields), machine defaults, the Cloud
// Run Job of the cloud_run path. Batch-mode requirements are checked when a batch task arrives
// (the reference's 500 "Batch execution requires …"), not at startup.

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "batch/job_request.h"
#include "objects/signed_url_manager.h"
#include "settings/properties.h"

namespace formsender::dispatcher {

struct DispatcherConfig {
  std::string batch_backend = "local";  // batch.backend: local | gcp | noop
  objects::SignedUrlDefaults signed_urls;
  batch::JobSettings job_settings;
  // Cloud Batch (batch.backend = gcp): the labels of missing settings, in the reference's
  // order and wording; a batch task fails with them listed.
  std::vector<std::string> missing_batch_settings;
  std::string batch_parent;  // projects/P/locations/L of Cloud Batch jobs
  // Machine defaults (FORM_SENDER_BATCH_*_DEFAULT).
  std::string machine_type_default = "e2-standard-2";
  int64_t vcpu_per_worker_default = 1;
  int64_t memory_per_worker_mb_default = 2048;
  int64_t memory_buffer_mb_default = 2048;
  // The cloud_run path: projects/P/locations/L/jobs/J, or empty with the missing settings.
  std::string cloud_run_job;
  std::vector<std::string> missing_cloud_run_settings;
  // FORM_SENDER_GIT_TOKEN_SECRET normalised to a Secret Manager version, when set.
  std::string git_token_secret;
  // Where the embedded object store's signed URLs point (FORMSENDER_PUBLIC_URL): http:// refs
  // on it are accepted.
  std::string objects_public_url;
};

// Where `serve` runs (for the local backend's tasks).
struct ServeLocation {
  std::filesystem::path data_dir;
  std::string public_url;    // FORMSENDER_PUBLIC_URL
  std::string database_url;  // handed to local tasks as a secret
};

Result<DispatcherConfig> DispatcherConfigFromProperties(const settings::Properties& props,
                                                        const ServeLocation& location);

}  // namespace formsender::dispatcher
