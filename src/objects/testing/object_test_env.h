#pragma once
// Ready-made object-store environments for tests (fs_objects_testing), also meant for the
// dispatcher's, runner's and scheduler's tests:
//
//   auto local = ServedLocalObjectStore::Start(clock);   // temp data dir + loopback server
//   (*local)->store().Put(key, data, "application/json");
//
//   auto gcs = FakeGcs::Create();                        // FakeCloud + XML endpoint
//   auto store = (*gcs)->MakeStore("fs-bucket");         // signs with the conformance key
//   (*gcs)->http();  // routes https://storage.googleapis.com/ to the fake (HEAD, GET)

#include <filesystem>
#include <memory>
#include <string>

#include "common/clock.h"
#include "common/http_router.h"
#include "common/http_server.h"
#include "gcp/testing/fake_cloud.h"
#include "gcp/testing/routing_http_client.h"
#include "objects/gcs_object_store.h"
#include "objects/local_object_store.h"

namespace formsender::objects::testing {

// A LocalObjectStore in a fresh temporary data directory, served by a loopback HttpServer
// with RegisterObjectRoutes. Stops the server and removes the directory on destruction.
class ServedLocalObjectStore {
 public:
  static Result<std::unique_ptr<ServedLocalObjectStore>> Start(const Clock& clock);
  ~ServedLocalObjectStore();

  LocalObjectStore& store() { return *store_; }
  HttpServer& server() { return *server_; }
  Router& router() { return router_; }  // add more routes to the same server
  const std::filesystem::path& data_dir() const { return data_dir_; }

 private:
  ServedLocalObjectStore() = default;
  std::filesystem::path data_dir_;
  Router router_;
  std::unique_ptr<HttpServer> server_;
  std::unique_ptr<LocalObjectStore> store_;
};

// FakeCloud plus the GCS XML endpoint, and an HttpClient that sends
// https://storage.googleapis.com/ to it.
class FakeGcs {
 public:
  static Result<std::unique_ptr<FakeGcs>> Create();

  gcp::testing::FakeCloud& env() { return *env_; }
  gcp::testing::FakeGoogleApis& fake() { return env_->fake(); }
  FakeClock& clock() { return env_->clock(); }
  HttpClient& http() { return *routed_; }
  // A store on `bucket`, signing with `signer` (default: the conformance key).
  std::unique_ptr<GcsObjectStore> MakeStore(const std::string& bucket,
                                            std::shared_ptr<gcp::BlobSigner> signer = nullptr);

 private:
  FakeGcs() = default;
  std::unique_ptr<gcp::testing::FakeCloud> env_;
  std::unique_ptr<gcp::testing::RoutingHttpClient> routed_;
};

}  // namespace formsender::objects::testing
