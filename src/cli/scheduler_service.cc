#include "cli/scheduler_service.h"

#include <mutex>

#include "dispatcher/client_config_validator.h"
#include "dispatcher/dispatcher_client.h"
#include "scheduler/dispatcher_stopper.h"
#include "scheduler/scheduler_loop.h"
#include "scheduler/targeting_starter.h"
#include "settings/repositories.h"

namespace formsender::cli {
namespace {

// Stops through the dispatcher API; the client is made on first use, once serve has written
// its serve.json (the services are built before it is).
class LazyDispatcherStopper : public scheduler::ExecutionStopper {
 public:
  LazyDispatcherStopper(web::ServeComponents& c, std::filesystem::path data_dir,
                        const Environment& env)
      : c_(c), data_dir_(std::move(data_dir)), env_(env) {}

  Result<scheduler::StopOutcome> Stop(std::optional<int64_t> targeting_id) override {
    std::lock_guard lock(mu_);
    if (!stopper_) {
      FS_ASSIGN_OR_RETURN(
          dispatcher::DispatcherEndpoint endpoint,
          dispatcher::ResolveDispatcherEndpoint(c_.props, data_dir_, env_, c_.cloud));
      client_ = std::make_unique<dispatcher::DispatcherClient>(http_, std::move(endpoint));
      store::Database* db = &c_.db;
      stopper_ = std::make_unique<scheduler::DispatcherStopper>(
          *client_, [db]() -> Result<std::vector<int64_t>> {
            FS_ASSIGN_OR_RETURN(std::vector<settings::Targeting> rows,
                                settings::TargetingRepository(*db).List());
            std::vector<int64_t> ids;
            for (const auto& t : rows) ids.push_back(t.id);
            return ids;
          });
    }
    return stopper_->Stop(targeting_id);
  }

 private:
  web::ServeComponents& c_;
  std::filesystem::path data_dir_;
  const Environment& env_;
  std::mutex mu_;
  CurlHttpClient http_;
  std::unique_ptr<dispatcher::DispatcherClient> client_;
  std::unique_ptr<scheduler::DispatcherStopper> stopper_;
};

class SchedulerService : public web::BackgroundService {
 public:
  SchedulerService(web::ServeComponents& c, std::filesystem::path data_dir, const Environment& env)
      : stopper_(c, std::move(data_dir), env) {
    scheduler::StarterDeps deps;
    deps.db = &c.db;
    deps.props = &c.props;
    deps.clock = &c.clock;
    deps.objects = &c.objects;
    deps.queue = &c.queue;
    deps.enqueue = c.enqueue_options;
    // In-process: the same rules as POST /v1/form-sender/validate-config.
    deps.validate = [](const Json& config) { return dispatcher::ValidateClientConfig(config); };
    starter_ = std::make_unique<scheduler::StoreTargetingStarter>(std::move(deps));
    scheduler_ = std::make_unique<scheduler::Scheduler>(
        c.db, c.clock, *starter_, stopper_, scheduler::SchedulerOptionsFromProperties(c.props),
        c.log);
    // Due times wake the loop exactly; the bound only matters for triggers another process
    // created meanwhile.
    loop_ = std::make_unique<scheduler::SchedulerLoop>(*scheduler_, c.clock,
                                                       std::chrono::seconds(30), c.log);
  }
  std::string_view name() const override { return "scheduler"; }
  Status Start() override {
    loop_->Start();
    return Status::Ok();
  }
  void Stop() override { loop_->Stop(); }

 private:
  LazyDispatcherStopper stopper_;
  std::unique_ptr<scheduler::StoreTargetingStarter> starter_;
  std::unique_ptr<scheduler::Scheduler> scheduler_;
  std::unique_ptr<scheduler::SchedulerLoop> loop_;
};

}  // namespace

web::ServiceFactory SchedulerServiceFactory(std::filesystem::path data_dir,
                                            const Environment& env) {
  return [data_dir = std::move(data_dir), &env](
             web::ServeComponents& components) -> Result<std::unique_ptr<web::BackgroundService>> {
    return std::unique_ptr<web::BackgroundService>(
        std::make_unique<SchedulerService>(components, data_dir, env));
  };
}

}  // namespace formsender::cli
