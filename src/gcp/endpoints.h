#pragma once
// Where the Google APIs live. Every base URL can be overridden (tests point them at a loopback
// fake; a private endpoint or a regional Cloud Run endpoint can be used in production).
//
// Environment overrides (all optional, each an http(s) URL):
//   FORMSENDER_OAUTH_TOKEN_URI        token endpoint (default: the key's token_uri)
//   FORMSENDER_BATCH_ENDPOINT         https://batch.googleapis.com/
//   FORMSENDER_CLOUDTASKS_ENDPOINT    https://cloudtasks.googleapis.com/
//   FORMSENDER_STORAGE_ENDPOINT       https://storage.googleapis.com/   (JSON API)
//   FORMSENDER_IAMCREDENTIALS_ENDPOINT https://iamcredentials.googleapis.com/
//   FORMSENDER_SECRETMANAGER_ENDPOINT https://secretmanager.googleapis.com/
//   FORMSENDER_RUN_ENDPOINT           https://run.googleapis.com/
// The metadata server is chosen by GCE_METADATA_HOST (metadata_client.h).

#include <string>

#include "common/env.h"
#include "common/status.h"

namespace formsender::gcp {

struct GcpEndpoints {
  std::string oauth_token_uri;  // empty: the service-account key's token_uri
  std::string batch = "https://batch.googleapis.com/";
  std::string cloud_tasks = "https://cloudtasks.googleapis.com/";
  std::string storage = "https://storage.googleapis.com/";
  std::string iam_credentials = "https://iamcredentials.googleapis.com/";
  std::string secret_manager = "https://secretmanager.googleapis.com/";
  std::string cloud_run = "https://run.googleapis.com/";
};

// Defaults with the FORMSENDER_*_ENDPOINT overrides applied; a value that is not an http(s)
// URL is an error naming the variable.
Result<GcpEndpoints> GcpEndpointsFromEnvironment(const Environment& env);

}  // namespace formsender::gcp
