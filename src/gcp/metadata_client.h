#pragma once
// The Compute Engine metadata server (also on Cloud Run and Cloud Batch VMs): the identity's
// access and ID tokens, project and zone, and the Spot preemption flag the runner watches.
//
// Every request carries "Metadata-Flavor: Google" and every answer must carry it back (a
// server that does not is not the metadata server). GCE_METADATA_HOST (legacy
// GCE_METADATA_ROOT) replaces the default host "metadata.google.internal", e.g. with a loopback
// fake in tests.

#include <chrono>
#include <memory>
#include <string>
#include <vector>

#include "common/clock.h"
#include "common/env.h"
#include "common/http_client.h"
#include "common/log.h"
#include "gcp/rest_client.h"
#include "gcp/token_provider.h"

namespace formsender::gcp {

inline constexpr std::string_view kDefaultMetadataHost = "metadata.google.internal";

struct MetadataOptions {
  std::string host = std::string(kDefaultMetadataHost);  // host[:port], plain HTTP
  std::chrono::milliseconds timeout{5'000};
};

MetadataOptions MetadataOptionsFromEnvironment(const Environment& env);

class MetadataClient {
 public:
  MetadataClient(HttpClient& http, const Clock& clock, MetadataOptions options = {},
                 LoggerPtr log = nullptr);

  // GET computeMetadata/v1/<path>, the body as text.
  Result<std::string> Get(std::string_view path,
                          std::vector<std::pair<std::string, std::string>> query = {},
                          std::chrono::milliseconds timeout = std::chrono::milliseconds(0));

  // Whether a metadata server answers (with the right flavor header).
  bool IsAvailable();

  // instance/service-accounts/default/token; scopes are sent only when given.
  Result<Token> AccessToken(const std::vector<std::string>& scopes = {});
  // instance/service-accounts/default/identity?audience=… (a plain-text JWT); the
  // expiry is read from the token's "exp".
  Result<Token> IdentityToken(std::string_view audience);
  Result<std::string> ServiceAccountEmail();
  Result<std::string> ProjectId();
  Result<std::string> Zone();    // "projects/123/zones/asia-northeast1-b"
  Result<std::string> Region();  // Cloud Run: "projects/123/regions/asia-northeast1"

  // instance/preempted: true once Compute Engine has started preempting this Spot VM.
  Result<bool> IsPreempted();
  // Blocks (server side, up to `timeout`) until instance/preempted changes or the timeout
  // passes, then returns the current value.
  Result<bool> WaitForPreemption(std::chrono::seconds timeout);

  const std::string& base_url() const { return base_url_; }

 private:
  MetadataOptions options_;
  std::string base_url_;
  RestClient rest_;
};

// Token sources for CachingTokenProvider backed by the metadata server.
class MetadataAccessTokenSource final : public TokenSource {
 public:
  MetadataAccessTokenSource(MetadataClient& metadata, std::vector<std::string> scopes)
      : metadata_(metadata), scopes_(std::move(scopes)) {}
  Result<Token> Fetch() override { return metadata_.AccessToken(scopes_); }

 private:
  MetadataClient& metadata_;
  std::vector<std::string> scopes_;
};

class MetadataIdTokenSource final : public TokenSource {
 public:
  MetadataIdTokenSource(MetadataClient& metadata, std::string audience)
      : metadata_(metadata), audience_(std::move(audience)) {}
  Result<Token> Fetch() override { return metadata_.IdentityToken(audience_); }

 private:
  MetadataClient& metadata_;
  std::string audience_;
};

// The expiry of a JWT from its "exp" claim; `fallback` when it has none.
Result<TimePoint> JwtExpiry(std::string_view token, TimePoint fallback);

}  // namespace formsender::gcp
