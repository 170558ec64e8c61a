#include "objects/testing/object_test_env.h"

#include <unistd.h>

#include "common/crypto.h"
#include "objects/local_object_routes.h"
#include "objects/testing/fake_gcs_xml.h"

namespace formsender::objects::testing {

Result<std::unique_ptr<ServedLocalObjectStore>> ServedLocalObjectStore::Start(const Clock& clock) {
  std::unique_ptr<ServedLocalObjectStore> env(new ServedLocalObjectStore());
  env->data_dir_ = std::filesystem::temp_directory_path() /
                   ("fs-objects-" + std::to_string(::getpid()) + "-" + RandomHexToken(6));
  env->server_ = std::make_unique<HttpServer>(HttpServerOptions{}, env->router_.AsHandler());
  FS_RETURN_IF_ERROR(env->server_->Start());
  FS_ASSIGN_OR_RETURN(env->store_,
                      LocalObjectStore::Open({env->data_dir_, env->server_->base_url()}, clock));
  RegisterObjectRoutes(env->router_, *env->store_);
  return env;
}

ServedLocalObjectStore::~ServedLocalObjectStore() {
  if (server_) server_->Stop();
  std::error_code ec;
  std::filesystem::remove_all(data_dir_, ec);
}

Result<std::unique_ptr<FakeGcs>> FakeGcs::Create() {
  std::unique_ptr<FakeGcs> env(new FakeGcs());
  FS_ASSIGN_OR_RETURN(env->env_, gcp::testing::FakeCloud::Create());
  InstallFakeGcsXml(env->env_->fake(), env->env_->clock());
  env->routed_ = std::make_unique<gcp::testing::RoutingHttpClient>(env->env_->http());
  env->routed_->Route("https://storage.googleapis.com/", env->env_->fake().base_url() + "/xml/");
  return env;
}

std::unique_ptr<GcsObjectStore> FakeGcs::MakeStore(const std::string& bucket,
                                                   std::shared_ptr<gcp::BlobSigner> signer) {
  if (!signer) signer = std::make_shared<gcp::ServiceAccountBlobSigner>(env_->key());
  return std::make_unique<GcsObjectStore>(bucket, env_->cloud().storage(), std::move(signer),
                                          env_->clock());
}

}  // namespace formsender::objects::testing
