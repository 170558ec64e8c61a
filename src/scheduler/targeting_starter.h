#pragma once
// The real TargetingStarter: one campaign run as the reference's processTargeting /
// triggerServerlessFormSenderWorkflow_ did it (spec §6.4), from the components that own each
// step:
//   1. settings::ResolveTargeting + CheckRunnable          (active, client complete)
//   2. client_config built, then validate-config           (the dispatcher's rules)
//   3. sendqueue::QueueBuilder::Build for today (JST)      (idempotent per day)
//   4. run index allocated                                 (after validation: Q-23 fixed)
//   5. objects: upload, signed GET URL                     (TTL of the mode)
//   6. tasks::EnqueueFormSenderTask                        (fs-YYYYMMDD-<id>-<runIndex>)
// Any failure after the upload removes the object again; a rebuilt queue is valid as it is.

#include <functional>
#include <memory>

#include "common/clock.h"
#include "common/json.h"
#include "objects/object_store.h"
#include "scheduler/scheduler.h"
#include "settings/properties.h"
#include "store/database.h"
#include "tasks/form_sender_tasks.h"
#include "tasks/task_queue.h"

namespace formsender::scheduler {

struct StarterDeps {
  store::Database* db = nullptr;
  const settings::Properties* props = nullptr;
  const Clock* clock = nullptr;
  objects::ObjectStore* objects = nullptr;
  tasks::TaskQueue* queue = nullptr;
  tasks::EnqueueOptions enqueue;
  // validate-config (spec H3): the dispatcher's answer; an error stops the start.
  std::function<Status(const Json& client_config)> validate;
  // Progress lines (queue build, upload, enqueue); may be empty.
  ProgressFn progress;
};

// SchedulerOptions from the properties: the calendar (extra_closed_days), DAILY_TRIGGER_HOUR /
// _MINUTE, FORM_SENDER_MAX_SESSION_HOURS_DEFAULT.
SchedulerOptions SchedulerOptionsFromProperties(const settings::Properties& props);

class StoreTargetingStarter : public TargetingStarter {
 public:
  explicit StoreTargetingStarter(StarterDeps deps) : d_(std::move(deps)) {}
  Result<std::vector<int64_t>> ActiveTargetings() override;
  Result<StartOutcome> Start(const StartRequest& request) override;

 private:
  StarterDeps d_;
};

}  // namespace formsender::scheduler
