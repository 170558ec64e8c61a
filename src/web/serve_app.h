#pragma once
// `formsender serve` assembled: the HTTP server (dispatcher API, embedded object store, health),
// authentication, the task deliverer of the embedded queue, the local batch supervisor, the
// batch monitor loop with its client_config cleanup, and whatever later components add (the
// scheduler loop) through AddServiceFactory.
//
//   auto app = web::ServeApp::Create({props, env, db, data_dir, listen, log, redactor});
//   app->Start();        // listens, writes <data-dir>/serve.json, starts the loops
//   … SIGTERM …
//   app->Stop();         // no new requests; in-flight ones finish; local jobs are handed over

#include <filesystem>
#include <functional>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "batch/local_backend.h"
#include "batch/monitor.h"
#include "batch/monitor_loop.h"
#include "batch/noop_backend.h"
#include "common/clock.h"
#include "common/env.h"
#include "common/http_client.h"
#include "common/log.h"
#include "common/metrics.h"
#include "common/redact.h"
#include "dispatcher/dispatcher_service.h"
#include "gcp/google_cloud.h"
#include "objects/object_store.h"
#include "settings/properties.h"
#include "settings/properties_environment.h"
#include "store/database.h"
#include "tasks/delivery.h"
#include "tasks/form_sender_tasks.h"
#include "web/background_service.h"
#include "web/serve_config.h"
#include "web/web_server.h"

namespace formsender::web {

struct ServeInputs {
  const settings::Properties* props = nullptr;  // validated (CheckServeConfiguration)
  const Environment* env = nullptr;             // the process environment
  store::Database* db = nullptr;                // migrated
  std::string database_url;
  std::filesystem::path data_dir;
  ListenAddress listen;
  LoggerPtr log;
  std::shared_ptr<Redactor> redactor;
  // The process clock (the CLI's, which honours FORMSENDER_CLOCK); null: the system clock.
  const Clock* clock = nullptr;
};

// What a background service added by a later component can use once serve is up.
struct ServeComponents {
  const settings::Properties& props;
  store::Database& db;
  const Clock& clock;
  tasks::TaskQueue& queue;
  const tasks::EnqueueOptions& enqueue_options;
  dispatcher::DispatcherService& dispatcher;
  objects::ObjectStore& objects;
  gcp::GoogleCloud* cloud;  // null without Google credentials
  LoggerPtr log;
  MetricsRegistry& metrics;    // /metrics (the dashboard serves it); components add families
  std::string embedded_token;  // the data directory's token; empty with OIDC authentication
};
using ServiceFactory =
    std::function<Result<std::unique_ptr<BackgroundService>>(ServeComponents& components)>;
// Registers a component's routes (the dashboard's pages) on serve's web server, with what
// serve has built. Called once, after the dispatcher's own routes, before the server is ready.
using RouteRegistrar = std::function<Status(WebServer& web, ServeComponents& components)>;

class ServeApp {
 public:
  static Result<std::unique_ptr<ServeApp>> Create(ServeInputs inputs);
  ~ServeApp();

  // The scheduler's loop (a later issue) registers here before Start.
  void AddServiceFactory(ServiceFactory factory);
  // Routes of later components (the dashboard) register here before Start.
  void AddRoutes(RouteRegistrar registrar);

  Status Start();
  void Stop();
  std::string base_url() const { return base_url_; }

 private:
  explicit ServeApp(ServeInputs inputs);
  Status Build();

  ServeInputs in_;
  settings::PropertiesEnvironment config_env_;
  SystemClock system_clock_;
  const Clock& clock_;
  MetricsRegistry metrics_;
  CurlHttpClient http_;
  std::unique_ptr<WebServer> web_;
  std::string base_url_;
  std::unique_ptr<gcp::GoogleCloud> cloud_;
  std::unique_ptr<objects::ObjectStore> objects_;
  std::unique_ptr<objects::SignedUrlManager> urls_;
  std::unique_ptr<batch::LocalBatchBackend> local_batch_;
  std::unique_ptr<batch::BatchBackend> cloud_batch_;
  std::unique_ptr<batch::NoopBatchBackend> noop_batch_;
  std::unique_ptr<batch::BatchMonitor> monitor_;
  std::unique_ptr<batch::MonitorLoop> monitor_loop_;
  std::unique_ptr<tasks::TaskQueue> queue_;
  tasks::StoreTaskQueue* local_queue_ = nullptr;  // queue_, when it is the embedded one
  std::unique_ptr<tasks::TaskDeliverer> deliverer_;
  tasks::EnqueueOptions enqueue_options_;
  std::unique_ptr<dispatcher::CloudRunLauncher> cloud_run_;
  std::unique_ptr<dispatcher::DispatcherService> dispatcher_;
  std::unique_ptr<ServeComponents> components_;
  std::vector<ServiceFactory> factories_;
  std::vector<RouteRegistrar> registrars_;
  std::vector<std::unique_ptr<BackgroundService>> services_;
  std::set<const BackgroundService*> stop_after_server_;
  std::string token_;
  bool started_ = false;
};

}  // namespace formsender::web
