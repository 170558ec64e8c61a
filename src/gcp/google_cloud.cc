#include "gcp/google_cloud.h"

namespace formsender::gcp {

Result<std::unique_ptr<GoogleCloud>> GoogleCloud::FromEnvironment(const Environment& env,
                                                                  HttpClient& http,
                                                                  const Clock& clock,
                                                                  LoggerPtr log) {
  FS_ASSIGN_OR_RETURN(GcpEndpoints endpoints, GcpEndpointsFromEnvironment(env));
  FS_ASSIGN_OR_RETURN(auto credentials,
                      GoogleCredentials::FromEnvironment(env, http, clock, endpoints, log));
  return std::make_unique<GoogleCloud>(std::move(credentials), std::move(endpoints), http, clock,
                                       std::move(log));
}

GoogleCloud::GoogleCloud(std::unique_ptr<GoogleCredentials> credentials, GcpEndpoints endpoints,
                         HttpClient& http, const Clock& clock, LoggerPtr log, RetryPolicy retry,
                         std::function<double()> jitter)
    : credentials_(std::move(credentials)),
      endpoints_(std::move(endpoints)),
      rest_(http, credentials_->AccessTokens(), clock, retry, std::move(log), std::move(jitter)),
      batch_(rest_, endpoints_.batch),
      tasks_(rest_, endpoints_.cloud_tasks),
      storage_(rest_, endpoints_.storage),
      iam_(rest_, endpoints_.iam_credentials),
      secrets_(rest_, endpoints_.secret_manager),
      run_(rest_, endpoints_.cloud_run) {}

Result<std::shared_ptr<BlobSigner>> GoogleCloud::Signer(std::string_view email) {
  const ServiceAccountKey* key = credentials_->key();
  if (key && (email.empty() || email == key->client_email)) {
    return std::shared_ptr<BlobSigner>(std::make_shared<ServiceAccountBlobSigner>(*key));
  }
  std::string account(email);
  if (account.empty()) {
    FS_ASSIGN_OR_RETURN(account, credentials_->ServiceAccountEmail());
  }
  return std::shared_ptr<BlobSigner>(std::make_shared<IamBlobSigner>(iam_, std::move(account)));
}

}  // namespace formsender::gcp
