#pragma once
// The backends the operator commands (start, trigger, running, stop, scheduler, check) reach,
// built on first use from the Context: the dispatcher API client (the embedded serve of the data
// directory, or FORM_SENDER_DISPATCHER_BASE_URL), the object store, the task queue and the
// scheduler with its real starter and stopper.

#include <memory>

#include "cli/context.h"
#include "common/http_client.h"
#include "dispatcher/dispatcher_client.h"
#include "gcp/google_cloud.h"
#include "objects/object_store.h"
#include "scheduler/dispatcher_stopper.h"
#include "scheduler/scheduler.h"
#include "scheduler/targeting_starter.h"
#include "settings/properties_environment.h"
#include "tasks/task_queue.h"

namespace formsender::cli {

class Operations {
 public:
  // `progress` receives progress lines (printed on stderr by the commands).
  Operations(Context& ctx, scheduler::ProgressFn progress);
  ~Operations();

  Result<dispatcher::DispatcherClient*> Dispatcher();
  Result<tasks::TaskQueue*> Queue();
  Result<scheduler::Scheduler*> Scheduler();
  Result<scheduler::TargetingStarter*> Starter();
  Result<scheduler::ExecutionStopper*> Stopper();
  std::string dispatcher_description() const { return description_; }

 private:
  Result<gcp::GoogleCloud*> Cloud(bool required);
  Context& ctx_;
  scheduler::ProgressFn progress_;
  CurlHttpClient http_;
  std::unique_ptr<settings::PropertiesEnvironment> env_;
  std::unique_ptr<gcp::GoogleCloud> cloud_;
  bool cloud_tried_ = false;
  std::unique_ptr<dispatcher::DispatcherClient> client_;
  std::string api_base_;
  std::string description_;
  std::unique_ptr<objects::ObjectStore> objects_;
  std::unique_ptr<tasks::TaskQueue> queue_;
  std::unique_ptr<scheduler::StoreTargetingStarter> starter_;
  std::unique_ptr<scheduler::DispatcherStopper> stopper_;
  std::unique_ptr<scheduler::Scheduler> scheduler_;
};

}  // namespace formsender::cli
