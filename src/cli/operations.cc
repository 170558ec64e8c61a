#include "cli/operations.h"

#include "objects/object_store_factory.h"
#include "settings/dispatcher_address.h"
#include "settings/repositories.h"
#include "tasks/queue_factory.h"

namespace formsender::cli {

Operations::Operations(Context& ctx, scheduler::ProgressFn progress)
    : ctx_(ctx), progress_(std::move(progress)) {}

Operations::~Operations() = default;

Result<gcp::GoogleCloud*> Operations::Cloud(bool required) {
  if (!cloud_tried_) {
    cloud_tried_ = true;
    FS_ASSIGN_OR_RETURN(const settings::Properties* props, ctx_.Properties());
    env_ = std::make_unique<settings::PropertiesEnvironment>(*props, ctx_.env());
    auto cloud = gcp::GoogleCloud::FromEnvironment(*env_, http_, ctx_.clock(), ctx_.log_ptr());
    if (cloud.ok()) {
      cloud_ = std::move(*cloud);
    } else if (required) {
      return cloud.status();
    }
  }
  if (!cloud_ && required) {
    return Status::InvalidArgument(
        "Google credentials are needed (SERVICE_ACCOUNT_JSON, "
        "GOOGLE_APPLICATION_CREDENTIALS or the metadata server)");
  }
  return cloud_.get();
}

Result<dispatcher::DispatcherClient*> Operations::Dispatcher() {
  if (client_) return client_.get();
  FS_ASSIGN_OR_RETURN(const settings::Properties* props, ctx_.Properties());
  bool remote = settings::DispatcherTasksUrl(*props).ok();
  bool token = ctx_.env().Get("FORM_SENDER_DISPATCHER_TOKEN").has_value();
  FS_ASSIGN_OR_RETURN(gcp::GoogleCloud * cloud, Cloud(remote && !token));
  FS_ASSIGN_OR_RETURN(
      dispatcher::DispatcherEndpoint endpoint,
      dispatcher::ResolveDispatcherEndpoint(*props, ctx_.flags().data_dir, ctx_.env(), cloud));
  api_base_ = endpoint.api_base;
  description_ = endpoint.description;
  client_ = std::make_unique<dispatcher::DispatcherClient>(http_, std::move(endpoint));
  return client_.get();
}

Result<tasks::TaskQueue*> Operations::Queue() {
  if (queue_) return queue_.get();
  FS_ASSIGN_OR_RETURN(const settings::Properties* props, ctx_.Properties());
  FS_ASSIGN_OR_RETURN(store::Database * db, ctx_.Database());
  bool cloud_tasks = props->String("tasks.backend").value_or("local") == "cloudtasks";
  FS_ASSIGN_OR_RETURN(gcp::GoogleCloud * cloud, Cloud(cloud_tasks));
  FS_ASSIGN_OR_RETURN(queue_, tasks::MakeTaskQueue(*props, *db, ctx_.clock(), cloud));
  return queue_.get();
}

Result<scheduler::TargetingStarter*> Operations::Starter() {
  if (starter_) return starter_.get();
  FS_ASSIGN_OR_RETURN(const settings::Properties* props, ctx_.Properties());
  FS_ASSIGN_OR_RETURN(store::Database * db, ctx_.Database());
  FS_ASSIGN_OR_RETURN(dispatcher::DispatcherClient * client, Dispatcher());
  FS_ASSIGN_OR_RETURN(tasks::TaskQueue * queue, Queue());
  bool gcs = props->String("objects.backend").value_or("local") == "gcs";
  FS_ASSIGN_OR_RETURN(gcp::GoogleCloud * cloud, Cloud(gcs));
  FS_ASSIGN_OR_RETURN(objects::ObjectStoreConfig object_config,
                      objects::ObjectStoreConfigFromEnvironment(*env_, ctx_.flags().data_dir));
  // The embedded store's URLs are served by the dispatcher's serve.
  object_config.public_base_url = api_base_;
  FS_ASSIGN_OR_RETURN(objects_, objects::MakeObjectStore(object_config, ctx_.clock(), cloud));

  scheduler::StarterDeps deps;
  deps.db = db;
  deps.props = props;
  deps.clock = &ctx_.clock();
  deps.objects = objects_.get();
  deps.queue = queue;
  FS_ASSIGN_OR_RETURN(deps.enqueue, tasks::FormSenderEnqueueOptions(*props, queue->backend_name()));
  if (queue->backend_name() == "local" && !settings::DispatcherTasksUrl(*props).ok()) {
    deps.enqueue.target_url = api_base_ + "/v1/form-sender/tasks";
  }
  deps.validate = [client](const Json& config) { return client->ValidateConfig(config).status(); };
  deps.progress = progress_;
  starter_ = std::make_unique<scheduler::StoreTargetingStarter>(std::move(deps));
  return starter_.get();
}

Result<scheduler::ExecutionStopper*> Operations::Stopper() {
  if (stopper_) return stopper_.get();
  FS_ASSIGN_OR_RETURN(store::Database * db, ctx_.Database());
  FS_ASSIGN_OR_RETURN(dispatcher::DispatcherClient * client, Dispatcher());
  auto targetings = [db]() -> Result<std::vector<int64_t>> {
    FS_ASSIGN_OR_RETURN(std::vector<settings::Targeting> rows,
                        settings::TargetingRepository(*db).List());
    std::vector<int64_t> ids;
    for (const auto& t : rows) ids.push_back(t.id);
    return ids;
  };
  stopper_ = std::make_unique<scheduler::DispatcherStopper>(*client, targetings, progress_);
  return stopper_.get();
}

Result<scheduler::Scheduler*> Operations::Scheduler() {
  if (scheduler_) return scheduler_.get();
  FS_ASSIGN_OR_RETURN(const settings::Properties* props, ctx_.Properties());
  FS_ASSIGN_OR_RETURN(store::Database * db, ctx_.Database());
  FS_ASSIGN_OR_RETURN(scheduler::TargetingStarter * starter, Starter());
  FS_ASSIGN_OR_RETURN(scheduler::ExecutionStopper * stopper, Stopper());
  scheduler_ = std::make_unique<scheduler::Scheduler>(
      *db, ctx_.clock(), *starter, *stopper, scheduler::SchedulerOptionsFromProperties(*props),
      ctx_.log_ptr());
  return scheduler_.get();
}

}  // namespace formsender::cli
