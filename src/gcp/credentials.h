#pragma once
// Where this process's Google identity comes from, and the token providers built on it.
//
//   auto creds = GoogleCredentials::FromEnvironment(env, http, clock, endpoints, log);
//   auto tokens = (*creds)->AccessTokens();            // cloud-platform scope, cached
//   auto id = (*creds)->IdTokens("https://dispatcher-….run.app");
//
// A service-account key (SERVICE_ACCOUNT_JSON content or GOOGLE_APPLICATION_CREDENTIALS path)
// wins; without one the metadata server of the VM / Cloud Run instance is used.

#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "common/clock.h"
#include "common/env.h"
#include "common/http_client.h"
#include "common/log.h"
#include "gcp/endpoints.h"
#include "gcp/metadata_client.h"
#include "gcp/rest_client.h"
#include "gcp/service_account.h"
#include "gcp/token_provider.h"

namespace formsender::gcp {

class GoogleCredentials {
 public:
  static Result<std::unique_ptr<GoogleCredentials>> FromEnvironment(const Environment& env,
                                                                    HttpClient& http,
                                                                    const Clock& clock,
                                                                    const GcpEndpoints& endpoints,
                                                                    LoggerPtr log = nullptr);
  // `token_uri` overrides the key's token endpoint (empty: the key's).
  static std::unique_ptr<GoogleCredentials> ForServiceAccount(ServiceAccountKey key,
                                                              HttpClient& http, const Clock& clock,
                                                              std::string token_uri = "",
                                                              LoggerPtr log = nullptr);
  static std::unique_ptr<GoogleCredentials> ForMetadataServer(MetadataOptions options,
                                                              HttpClient& http, const Clock& clock,
                                                              LoggerPtr log = nullptr);

  // The key, when the identity has one (null on the metadata server).
  const ServiceAccountKey* key() const { return key_ ? &*key_ : nullptr; }
  // The metadata client, when the identity comes from it (null with a key).
  MetadataClient* metadata() { return metadata_.get(); }
  // "sa@project.iam.gserviceaccount.com" (asked from the metadata server once).
  Result<std::string> ServiceAccountEmail();
  // The project of the key, or of the metadata server.
  Result<std::string> ProjectId();

  // Cached access tokens for `scopes` (default cloud-platform); one provider per scope set.
  std::shared_ptr<TokenProvider> AccessTokens(std::vector<std::string> scopes = {});
  // Cached ID tokens whose "aud" is `audience`; one provider per audience.
  std::shared_ptr<TokenProvider> IdTokens(const std::string& audience);

  const Clock& clock() const { return clock_; }
  HttpClient& http() { return http_; }

 private:
  GoogleCredentials(std::optional<ServiceAccountKey> key, std::unique_ptr<MetadataClient> metadata,
                    HttpClient& http, const Clock& clock, std::string token_uri, LoggerPtr log);

  std::optional<ServiceAccountKey> key_;
  std::unique_ptr<MetadataClient> metadata_;
  HttpClient& http_;
  const Clock& clock_;
  std::string token_uri_;
  LoggerPtr log_;
  RestClient token_rest_;  // unauthenticated: the token endpoint
  std::mutex mu_;
  std::map<std::string, std::shared_ptr<TokenProvider>> providers_;
  std::optional<std::string> email_;
};

}  // namespace formsender::gcp
