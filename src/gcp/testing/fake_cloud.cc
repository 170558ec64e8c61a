#include "gcp/testing/fake_cloud.h"

#include "gcp/testing/test_keys.h"

namespace formsender::gcp::testing {

Result<std::unique_ptr<FakeCloud>> FakeCloud::Create(Options options) {
  std::unique_ptr<FakeCloud> env(new FakeCloud());
  FS_ASSIGN_OR_RETURN(env->key_, LoadConformanceKey());
  env->log_ = options.log_lines ? MakeCapturingLogger(options.log_lines) : MakeNullLogger();
  FakeGoogleApis::Options fake_options;
  fake_options.service_accounts = {env->key_,
                                   WithEmail(env->key_, std::string(kOtherServiceAccount))};
  fake_options.clock = &env->clock_;
  FS_ASSIGN_OR_RETURN(env->fake_, FakeGoogleApis::Start(std::move(fake_options)));
  GcpEndpoints endpoints = env->fake_->endpoints();
  std::unique_ptr<GoogleCredentials> credentials;
  if (options.use_metadata_server) {
    MetadataOptions metadata;
    metadata.host = env->fake_->metadata_host();
    credentials =
        GoogleCredentials::ForMetadataServer(metadata, env->http_, env->clock_, env->log_);
  } else {
    credentials = GoogleCredentials::ForServiceAccount(env->key_, env->http_, env->clock_,
                                                       endpoints.oauth_token_uri, env->log_);
  }
  env->cloud_ =
      std::make_unique<GoogleCloud>(std::move(credentials), endpoints, env->http_, env->clock_,
                                    env->log_, RetryPolicy{}, [] { return 0.0; });
  return env;
}

}  // namespace formsender::gcp::testing
