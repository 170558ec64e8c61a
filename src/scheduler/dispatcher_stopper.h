#pragma once
// The real ExecutionStopper: stops through the dispatcher API as the reference's
// stopSpecificFormSenderTask / stopAllRunningFormSenderTasks did (spec H13, guide §10.1), and
// also deletes the campaign's tasks still waiting in the queue (guide §10.3), so a run stopped
// before the dispatcher saw it does not start later.

#include <functional>

#include "dispatcher/dispatcher_client.h"
#include "scheduler/scheduler.h"

namespace formsender::scheduler {

class DispatcherStopper : public ExecutionStopper {
 public:
  // `targetings` lists the campaigns whose queued tasks stop-all deletes (every targeting of
  // the store).
  DispatcherStopper(dispatcher::DispatcherClient& client,
                    std::function<Result<std::vector<int64_t>>()> targetings,
                    ProgressFn progress = {})
      : client_(client), targetings_(std::move(targetings)), progress_(std::move(progress)) {}

  Result<StopOutcome> Stop(std::optional<int64_t> targeting_id) override;

 private:
  dispatcher::DispatcherClient& client_;
  std::function<Result<std::vector<int64_t>>()> targetings_;
  ProgressFn progress_;
};

// The running and queued executions (of one targeting, or all) as the dispatcher lists them.
Result<std::vector<Json>> LiveExecutions(dispatcher::DispatcherClient& client,
                                         std::optional<int64_t> targeting_id);

}  // namespace formsender::scheduler
