#include "gcp/credentials.h"

#include "common/strings.h"
#include "gcp/oauth_token_source.h"

namespace formsender::gcp {

GoogleCredentials::GoogleCredentials(std::optional<ServiceAccountKey> key,
                                     std::unique_ptr<MetadataClient> metadata, HttpClient& http,
                                     const Clock& clock, std::string token_uri, LoggerPtr log)
    : key_(std::move(key)),
      metadata_(std::move(metadata)),
      http_(http),
      clock_(clock),
      token_uri_(std::move(token_uri)),
      log_(log ? log : MakeNullLogger()),
      token_rest_(http, nullptr, clock,
                  MakeRetryPolicy(4, std::chrono::milliseconds(500), std::chrono::seconds(8)),
                  log_) {}

Result<std::unique_ptr<GoogleCredentials>> GoogleCredentials::FromEnvironment(
    const Environment& env, HttpClient& http, const Clock& clock, const GcpEndpoints& endpoints,
    LoggerPtr log) {
  auto key = LoadServiceAccountKey(env);
  if (key.ok()) {
    return ForServiceAccount(std::move(*key), http, clock, endpoints.oauth_token_uri,
                             std::move(log));
  }
  if (key.status().code() != StatusCode::kNotFound) return key.status();
  return ForMetadataServer(MetadataOptionsFromEnvironment(env), http, clock, std::move(log));
}

std::unique_ptr<GoogleCredentials> GoogleCredentials::ForServiceAccount(ServiceAccountKey key,
                                                                        HttpClient& http,
                                                                        const Clock& clock,
                                                                        std::string token_uri,
                                                                        LoggerPtr log) {
  return std::unique_ptr<GoogleCredentials>(new GoogleCredentials(
      std::move(key), nullptr, http, clock, std::move(token_uri), std::move(log)));
}

std::unique_ptr<GoogleCredentials> GoogleCredentials::ForMetadataServer(MetadataOptions options,
                                                                        HttpClient& http,
                                                                        const Clock& clock,
                                                                        LoggerPtr log) {
  auto metadata = std::make_unique<MetadataClient>(http, clock, std::move(options), log);
  return std::unique_ptr<GoogleCredentials>(
      new GoogleCredentials(std::nullopt, std::move(metadata), http, clock, "", std::move(log)));
}

Result<std::string> GoogleCredentials::ServiceAccountEmail() {
  if (key_) return key_->client_email;
  {
    std::lock_guard lock(mu_);
    if (email_) return *email_;
  }
  FS_ASSIGN_OR_RETURN(std::string email, metadata_->ServiceAccountEmail());
  std::lock_guard lock(mu_);
  email_ = email;
  return email;
}

Result<std::string> GoogleCredentials::ProjectId() {
  if (key_) {
    if (key_->project_id.empty()) {
      return Status::InvalidArgument("the service-account key has no project_id");
    }
    return key_->project_id;
  }
  return metadata_->ProjectId();
}

std::shared_ptr<TokenProvider> GoogleCredentials::AccessTokens(std::vector<std::string> scopes) {
  if (scopes.empty()) scopes.emplace_back(kCloudPlatformScope);
  std::sort(scopes.begin(), scopes.end());
  std::string cache_key = "access " + Join(scopes, " ");
  std::lock_guard lock(mu_);
  auto& provider = providers_[cache_key];
  if (!provider) {
    std::unique_ptr<TokenSource> source;
    if (key_) {
      source = ServiceAccountTokenSource::ForScopes(*key_, scopes, token_rest_, token_uri_);
    } else {
      // The VM's own scopes unless others are asked for (not every platform accepts ?scopes=).
      bool is_default = scopes.size() == 1 && scopes[0] == kCloudPlatformScope;
      source = std::make_unique<MetadataAccessTokenSource>(
          *metadata_, is_default ? std::vector<std::string>{} : scopes);
    }
    provider = std::make_shared<CachingTokenProvider>(std::move(source), clock_);
  }
  return provider;
}

std::shared_ptr<TokenProvider> GoogleCredentials::IdTokens(const std::string& audience) {
  std::string cache_key = "id " + audience;
  std::lock_guard lock(mu_);
  auto& provider = providers_[cache_key];
  if (!provider) {
    std::unique_ptr<TokenSource> source;
    if (key_) {
      source = ServiceAccountTokenSource::ForAudience(*key_, audience, token_rest_, token_uri_);
    } else {
      source = std::make_unique<MetadataIdTokenSource>(*metadata_, audience);
    }
    provider = std::make_shared<CachingTokenProvider>(std::move(source), clock_);
  }
  return provider;
}

}  // namespace formsender::gcp
