#pragma once
// Everything a production component needs to talk to Google Cloud, wired once:
//
//   auto cloud = gcp::GoogleCloud::FromEnvironment(env, http, clock, log);
//   if (!cloud.ok()) return cloud.status();
//   (*cloud)->batch().CreateJob(parent, job_id, job);
//   (*cloud)->tasks().CreateTask(queue, spec);
//   auto signer = (*cloud)->Signer(dispatcher_sa);   // V4 URLs: key or IAM signBlob
//
// All API clients share one RestClient authenticated with cloud-platform access tokens.

#include <memory>
#include <string>

#include "common/clock.h"
#include "common/env.h"
#include "common/http_client.h"
#include "common/log.h"
#include "gcp/batch_client.h"
#include "gcp/blob_signer.h"
#include "gcp/cloud_run_client.h"
#include "gcp/credentials.h"
#include "gcp/endpoints.h"
#include "gcp/iam_credentials_client.h"
#include "gcp/rest_client.h"
#include "gcp/secret_manager_client.h"
#include "gcp/storage_client.h"
#include "gcp/tasks_client.h"

namespace formsender::gcp {

class GoogleCloud {
 public:
  // Credentials from SERVICE_ACCOUNT_JSON / GOOGLE_APPLICATION_CREDENTIALS or the metadata
  // server; endpoints from FORMSENDER_*_ENDPOINT (endpoints.h).
  static Result<std::unique_ptr<GoogleCloud>> FromEnvironment(const Environment& env,
                                                              HttpClient& http, const Clock& clock,
                                                              LoggerPtr log = nullptr);

  GoogleCloud(std::unique_ptr<GoogleCredentials> credentials, GcpEndpoints endpoints,
              HttpClient& http, const Clock& clock, LoggerPtr log = nullptr, RetryPolicy retry = {},
              std::function<double()> jitter = nullptr);

  GoogleCredentials& credentials() { return *credentials_; }
  const GcpEndpoints& endpoints() const { return endpoints_; }
  RestClient& rest() { return rest_; }
  BatchClient& batch() { return batch_; }
  CloudTasksClient& tasks() { return tasks_; }
  StorageClient& storage() { return storage_; }
  IamCredentialsClient& iam() { return iam_; }
  SecretManagerClient& secrets() { return secrets_; }
  CloudRunClient& run() { return run_; }

  // A signer for `email` (empty: this identity). With a key of that account the key signs
  // locally; otherwise IAM signBlob signs as `email` (needs roles/iam.serviceAccountTokenCreator).
  Result<std::shared_ptr<BlobSigner>> Signer(std::string_view email = "");

 private:
  std::unique_ptr<GoogleCredentials> credentials_;
  GcpEndpoints endpoints_;
  RestClient rest_;
  BatchClient batch_;
  CloudTasksClient tasks_;
  StorageClient storage_;
  IamCredentialsClient iam_;
  SecretManagerClient secrets_;
  CloudRunClient run_;
};

}  // namespace formsender::gcp
