#include "web/serve_app.h"

#include <unistd.h>

#include "batch/cloud_backend.h"
#include "common/strings.h"
#include "common/time.h"
#include "dispatcher/client_config_cleanup.h"
#include "dispatcher/local_endpoint.h"
#include "dispatcher/routes.h"
#include "objects/local_object_routes.h"
#include "objects/local_object_store.h"
#include "objects/object_store_factory.h"
#include "settings/dispatcher_address.h"
#include "tasks/queue_factory.h"
#include "tasks/store_task_queue.h"

namespace formsender::web {
namespace {

// A background service over start/stop functions.
class FunctionService final : public BackgroundService {
 public:
  FunctionService(std::string name, std::function<Status()> start, std::function<void()> stop)
      : name_(std::move(name)), start_(std::move(start)), stop_(std::move(stop)) {}
  std::string_view name() const override { return name_; }
  Status Start() override { return start_(); }
  void Stop() override { stop_(); }

 private:
  std::string name_;
  std::function<Status()> start_;
  std::function<void()> stop_;
};

std::string Audience(const settings::Properties& p) {
  if (auto a = p.String("FORM_SENDER_DISPATCHER_AUDIENCE")) return *a;
  std::string base = p.String("FORM_SENDER_DISPATCHER_BASE_URL").value_or("");
  if (base.empty()) {
    if (auto url = p.String("FORM_SENDER_DISPATCHER_URL")) {
      base = settings::DeriveDispatcherBaseUrl(*url).value_or("");
    }
  }
  while (base.ends_with("/")) base.pop_back();
  return base;
}

std::set<std::string> AllowedAccounts(const settings::Properties& p) {
  std::set<std::string> out;
  for (const std::string& e :
       Split(p.String("dispatcher.allowed_service_accounts").value_or(""), ',')) {
    std::string email = ToLowerAscii(Trim(e));
    if (!email.empty()) out.insert(email);
  }
  return out;
}

}  // namespace

ServeApp::ServeApp(ServeInputs inputs)
    : in_(std::move(inputs)),
      config_env_(*in_.props, *in_.env),
      clock_(in_.clock != nullptr ? *in_.clock : system_clock_) {
  if (!in_.log) in_.log = MakeNullLogger();
  if (!in_.redactor) in_.redactor = std::make_shared<Redactor>();
}

ServeApp::~ServeApp() { Stop(); }

Result<std::unique_ptr<ServeApp>> ServeApp::Create(ServeInputs inputs) {
  if (!inputs.props || !inputs.env || !inputs.db) {
    return Status::InvalidArgument("serve: properties, environment and database are required");
  }
  return std::unique_ptr<ServeApp>(new ServeApp(std::move(inputs)));
}

void ServeApp::AddServiceFactory(ServiceFactory factory) {
  factories_.push_back(std::move(factory));
}

void ServeApp::AddRoutes(RouteRegistrar registrar) { registrars_.push_back(std::move(registrar)); }

Status ServeApp::Start() {
  const settings::Properties& p = *in_.props;
  const bool oidc = p.String("dispatcher.auth").value_or("token") == "oidc";
  std::shared_ptr<Authenticator> auth;
  std::unique_ptr<JwksCache> jwks;
  if (oidc) {
    auto cache = std::make_shared<JwksCache>(
        http_,
        p.String("dispatcher.jwks_url").value_or("https://www.googleapis.com/oauth2/v3/certs"),
        clock_);
    OidcOptions options{Audience(p), AllowedAccounts(p), std::chrono::seconds(60)};
    // The verifier keeps the cache alive through the authenticator's lifetime.
    struct OwningVerifier : OidcVerifier {
      OwningVerifier(std::shared_ptr<JwksCache> c, const Clock& clock, OidcOptions o)
          : OidcVerifier(*c, clock, std::move(o)), cache(std::move(c)) {}
      std::shared_ptr<JwksCache> cache;
    };
    auth = std::make_shared<OidcAuthenticator>(
        std::make_unique<OwningVerifier>(cache, clock_, std::move(options)));
  } else {
    FS_ASSIGN_OR_RETURN(token_, dispatcher::LoadOrCreateDispatcherToken(in_.data_dir));
    in_.redactor->AddSecret(token_);
    auth = std::make_shared<TokenAuthenticator>(token_);
  }
  WebServerOptions options;
  options.host = in_.listen.host;
  options.port = in_.listen.port;
  options.max_body_bytes =
      static_cast<size_t>(p.Int("dispatcher.max_body_bytes").value_or(1 << 20));
  options.shutdown_grace =
      std::chrono::seconds(p.Int("dispatcher.shutdown_grace_seconds").value_or(10));
  options.client_limits.refusals_per_second =
      p.Double("dispatcher.refusals_per_second").value_or(10);
  options.client_limits.burst = p.Double("dispatcher.refusal_burst").value_or(50);
  options.client_limits.trust_forwarded_for =
      p.Bool("dispatcher.trust_forwarded_for").value_or(false);
  options.clock = &clock_;
  web_ = std::make_unique<WebServer>(options, auth, in_.log);
  web_->SetMetrics(metrics_);
  FS_RETURN_IF_ERROR(web_->Start());
  started_ = true;
  if (auto public_url = p.String("objects.public_url")) {
    base_url_ = *public_url;
  } else {
    std::string host =
        in_.listen.host == "0.0.0.0" || in_.listen.host == "::" ? "127.0.0.1" : in_.listen.host;
    base_url_ = "http://" + (host.find(':') != std::string::npos ? "[" + host + "]" : host) + ":" +
                std::to_string(web_->port());
  }
  while (base_url_.ends_with("/")) base_url_.pop_back();
  Status built = Build();
  if (!built.ok()) {
    Stop();
    return built;
  }
  web_->SetReady();
  for (auto& service : services_) {
    Status s = service->Start();
    if (!s.ok()) {
      Stop();
      return s.WithContext(std::string(service->name()));
    }
  }
  FS_RETURN_IF_ERROR(dispatcher::WriteServeInfo(
      in_.data_dir, {base_url_, static_cast<int64_t>(::getpid()), FormatUtcIso(clock_.Now())}));
  LogFields(*in_.log, spdlog::level::info, "serving",
            {{"url", base_url_},
             {"auth", oidc ? "oidc" : "token"},
             {"batch_backend", p.String("batch.backend").value_or("local")},
             {"tasks_backend", std::string(queue_->backend_name())}});
  return Status::Ok();
}

Status ServeApp::Build() {
  const settings::Properties& p = *in_.props;
  const std::string batch_backend = p.String("batch.backend").value_or("local");
  const std::string tasks_backend = p.String("tasks.backend").value_or("local");
  const bool oidc = p.String("dispatcher.auth").value_or("token") == "oidc";

  FS_ASSIGN_OR_RETURN(
      dispatcher::DispatcherConfig config,
      dispatcher::DispatcherConfigFromProperties(p, {in_.data_dir, base_url_, in_.database_url}));
  bool needs_google = batch_backend == "gcp" || tasks_backend == "cloudtasks" ||
                      p.String("objects.backend").value_or("local") == "gcs" ||
                      !config.cloud_run_job.empty() || !config.git_token_secret.empty() ||
                      (oidc && tasks_backend == "local");
  if (needs_google) {
    FS_ASSIGN_OR_RETURN(cloud_,
                        gcp::GoogleCloud::FromEnvironment(config_env_, http_, clock_, in_.log));
  }

  // Objects: the embedded store signs URLs for this server's address.
  FS_ASSIGN_OR_RETURN(objects::ObjectStoreConfig object_config,
                      objects::ObjectStoreConfigFromEnvironment(config_env_, in_.data_dir));
  object_config.public_base_url = base_url_;
  FS_ASSIGN_OR_RETURN(objects_, objects::MakeObjectStore(object_config, clock_, cloud_.get()));
  urls_ = std::make_unique<objects::SignedUrlManager>(*objects_, http_, clock_, in_.log);

  // Batch backends: the configured one takes new jobs; the monitor follows every kind.
  std::map<std::string, batch::BatchBackend*> backends;
  FS_ASSIGN_OR_RETURN(batch::LocalBatchOptions local_options,
                      batch::LocalBatchOptionsFromConfig(config_env_, in_.data_dir));
  local_batch_ =
      std::make_unique<batch::LocalBatchBackend>(*in_.db, clock_, local_options, in_.log);
  backends["local"] = local_batch_.get();
  if (cloud_) {
    auto options = batch::CloudBatchOptionsFromEnv(config_env_);
    if (options.ok()) {
      cloud_batch_ = std::make_unique<batch::CloudBatchBackend>(cloud_->batch(), cloud_->rest(),
                                                                clock_, *options, in_.log);
      backends["gcp"] = cloud_batch_.get();
    } else if (batch_backend == "gcp") {
      return options.status();
    }
  }
  if (batch_backend == "noop") {
    in_.log->warn("batch.backend = noop: no runner is started (benchmarks and tests only)");
    noop_batch_ = std::make_unique<batch::NoopBatchBackend>(clock_);
    backends["noop"] = noop_batch_.get();
  }
  FS_ASSIGN_OR_RETURN(batch::MonitorOptions monitor_options,
                      batch::MonitorOptionsFromEnv(config_env_));
  monitor_options.default_backend = batch_backend;
  monitor_ = std::make_unique<batch::BatchMonitor>(
      *in_.db, clock_, backends, monitor_options, in_.log,
      [cleanup = dispatcher::MakeClientConfigCleanup(*objects_, *in_.db, clock_, in_.log),
       release =
           dispatcher::MakeHeldRowRelease(*in_.db, clock_, in_.log)](const store::JobExecution& e) {
        cleanup(e);
        release(e);
      });
  monitor_loop_ = std::make_unique<batch::MonitorLoop>(*monitor_, in_.log);
  local_batch_->SetChangeListener(
      [loop = monitor_loop_.get()](const std::string&, const std::string& execution_id) {
        loop->Poke(execution_id);
      });

  // The task queue and, when it is the embedded one, its deliverer.
  if (tasks_backend == "local") {
    FS_ASSIGN_OR_RETURN(tasks::QueueConfig queue_config, tasks::LocalQueueConfig(p));
    auto local = std::make_unique<tasks::StoreTaskQueue>(*in_.db, clock_, queue_config);
    local_queue_ = local.get();
    queue_ = std::move(local);
  } else {
    FS_ASSIGN_OR_RETURN(queue_, tasks::MakeTaskQueue(p, *in_.db, clock_, cloud_.get()));
  }
  FS_ASSIGN_OR_RETURN(enqueue_options_, tasks::FormSenderEnqueueOptions(p, tasks_backend));
  if (tasks_backend == "local") {
    if (!settings::DispatcherTasksUrl(p).ok()) {
      enqueue_options_.target_url = base_url_ + "/v1/form-sender/tasks";
    }
    if (oidc) {
      // This serve checks ID tokens: its own deliveries carry one of this process's account.
      enqueue_options_.auth.kind = tasks::TaskAuth::Kind::kOidc;
      enqueue_options_.auth.audience = Audience(p);
    }
    deliverer_ = std::make_unique<tasks::TaskDeliverer>(
        *local_queue_, http_, clock_,
        [this](const tasks::TaskAuth& auth) -> Result<std::string> {
          if (auth.kind == tasks::TaskAuth::Kind::kEmbeddedToken) {
            if (token_.empty()) return Status::Unavailable("this serve has no embedded token");
            return "Bearer " + token_;
          }
          if (!cloud_) return Status::Unavailable("no Google credentials to mint an ID token");
          FS_ASSIGN_OR_RETURN(std::string id_token,
                              cloud_->credentials().IdTokens(auth.audience)->GetToken());
          return "Bearer " + id_token;
        },
        tasks::DelivererOptions{}, in_.log);
  }

  if (cloud_ && !config.cloud_run_job.empty()) {
    cloud_run_ = std::make_unique<dispatcher::GcpCloudRunLauncher>(cloud_->run());
  }
  dispatcher::DispatcherDeps deps;
  deps.db = in_.db;
  deps.clock = &clock_;
  deps.log = in_.log;
  deps.objects = objects_.get();
  deps.urls = urls_.get();
  deps.batch_backends = backends;
  deps.cloud_run = cloud_run_.get();
  deps.queue = queue_.get();
  deps.secrets = cloud_ ? &cloud_->secrets() : nullptr;
  dispatcher_ = std::make_unique<dispatcher::DispatcherService>(deps, config);

  // Routes.
  web_->AddRoute(
      "GET", "/healthz",
      [](HttpRequest&) {
        return HttpResponse::JsonBody(200, Json{{"status", "ok"}});
      },
      Access::kPublic);
  if (auto* local_store = dynamic_cast<objects::LocalObjectStore*>(objects_.get())) {
    // Signed URLs authenticate themselves (HMAC, expiry): runners fetch without a token.
    web_->AddPrefixRoute("GET", "/objects/", objects::MakeObjectHandler(*local_store),
                         Access::kPublic);
  }
  dispatcher::AddDispatcherRoutes(web_->ApiRoutes(), *dispatcher_, in_.log);

  // Background services, in start order (stopped in reverse).
  // The supervisor and the monitor stop after the server: a cancel in flight still reaches them.
  if (batch_backend == "local") {
    services_.push_back(std::make_unique<FunctionService>(
        "local batch supervisor", [this] { return local_batch_->Start(); },
        [this] { local_batch_->Stop(); }));
    stop_after_server_.insert(services_.back().get());
  }
  services_.push_back(std::make_unique<FunctionService>(
      "batch monitor",
      [this] {
        monitor_loop_->Start();
        return Status::Ok();
      },
      [this] { monitor_loop_->Stop(); }));
  stop_after_server_.insert(services_.back().get());
  if (deliverer_) {
    auto grace = std::chrono::seconds(p.Int("dispatcher.shutdown_grace_seconds").value_or(10));
    services_.push_back(std::make_unique<FunctionService>(
        "task deliverer",
        [this] {
          deliverer_->Start();
          return Status::Ok();
        },
        [this, grace] { deliverer_->Stop(grace); }));
  }
  components_ = std::make_unique<ServeComponents>(
      ServeComponents{p, *in_.db, clock_, *queue_, enqueue_options_, *dispatcher_, *objects_,
                      cloud_.get(), in_.log, metrics_, token_});
  for (RouteRegistrar& registrar : registrars_) {
    FS_RETURN_IF_ERROR(registrar(*web_, *components_));
  }
  for (ServiceFactory& factory : factories_) {
    FS_ASSIGN_OR_RETURN(std::unique_ptr<BackgroundService> service, factory(*components_));
    services_.push_back(std::move(service));
  }
  return Status::Ok();
}

void ServeApp::Stop() {
  if (!started_) return;
  started_ = false;
  // Later services first (the scheduler stops enqueueing), then the deliverer, whose requests
  // to this server finish while it still answers; then the server; then the local jobs are
  // handed over and the monitor gives up its lease.
  for (auto it = services_.rbegin(); it != services_.rend(); ++it) {
    if (!stop_after_server_.contains(it->get())) (*it)->Stop();
  }
  if (web_) web_->Shutdown();
  for (auto it = services_.rbegin(); it != services_.rend(); ++it) {
    if (stop_after_server_.contains(it->get())) (*it)->Stop();
  }
  dispatcher::RemoveServeInfo(in_.data_dir);
  in_.log->info("stopped");
}

}  // namespace formsender::web
