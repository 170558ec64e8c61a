#include "scheduler/targeting_starter.h"

#include "common/crypto.h"
#include "common/time.h"
#include "objects/object_naming.h"
#include "scheduler/auto_stop.h"
#include "scheduler/run_index.h"
#include "scheduler/task_payload_builder.h"
#include "sendqueue/queue_builder.h"
#include "settings/client_config.h"
#include "settings/repositories.h"
#include "settings/resolve.h"
#include "store/script_state.h"

namespace formsender::scheduler {
namespace {

std::string Prefix(int64_t id) { return "targeting " + std::to_string(id) + ": "; }

}  // namespace

SchedulerOptions SchedulerOptionsFromProperties(const settings::Properties& props) {
  SchedulerOptions options;
  options.calendar = props.Calendar();
  options.daily_at = props.DailyTriggerTime();
  options.session_hours = props.Double("FORM_SENDER_MAX_SESSION_HOURS_DEFAULT").value_or(8);
  return options;
}

Result<std::vector<int64_t>> StoreTargetingStarter::ActiveTargetings() {
  FS_ASSIGN_OR_RETURN(std::vector<settings::Targeting> rows,
                      settings::TargetingRepository(*d_.db).List(/*active_only=*/true));
  std::vector<int64_t> ids;
  for (const auto& t : rows) ids.push_back(t.id);
  return ids;
}

Result<StartOutcome> StoreTargetingStarter::Start(const StartRequest& request) {
  const int64_t id = request.targeting_id;
  auto note = [&](const std::string& line) {
    if (d_.progress) d_.progress(Prefix(id) + line);
  };
  TimePoint now = d_.clock->Now();

  // 1. Settings.
  FS_ASSIGN_OR_RETURN(settings::ResolvedTargeting resolved,
                      settings::ResolveTargeting(*d_.db, *d_.props, id));
  FS_RETURN_IF_ERROR(settings::CheckRunnable(resolved));
  FS_ASSIGN_OR_RETURN(TimeOfDay send_end,
                      ParseHourMinute(resolved.settings.send_end_time.value, "send_end_time"));

  // 2. client_config, validated by the dispatcher's rules before anything is written.
  std::string config_text =
      settings::ClientConfigText(resolved.targeting, *resolved.client, resolved.settings);
  FS_ASSIGN_OR_RETURN(Json config, ParseJson(config_text, "client_config"));
  if (d_.validate) {
    Status valid = d_.validate(config);
    if (!valid.ok()) return valid.WithContext(Prefix(id) + "validate-config failed");
  }

  // 3. Today's queue.
  bool use_extra =
      !request.test_mode && request.use_extra.value_or(resolved.settings.use_extra_table.value);
  sendqueue::BuildRequest build;
  build.mode = request.test_mode ? sendqueue::TableMode::kTest
               : use_extra       ? sendqueue::TableMode::kExtra
                                 : sendqueue::TableMode::kDefault;
  build.date = JstDateOf(now);
  build.targeting_id = id;
  build.targeting_sql = resolved.targeting.targeting_sql;
  build.ng_companies = resolved.targeting.ng_companies;
  build.client_name = resolved.client->company_name;
  build.shards = static_cast<int>(resolved.plan.shards);
  build.company_cooldown_days = static_cast<int>(resolved.settings.company_cooldown_days.value);
  build.progress = [&](const std::string& line) { note("queue build: " + line); };
  note("building the " + std::string(sendqueue::TableModeName(build.mode)) + " queue for " +
       build.date.ToString());
  auto built = sendqueue::QueueBuilder(*d_.db, *d_.clock).Build(build);
  if (!built.ok()) return built.status().WithContext(Prefix(id) + "queue build failed");
  note("queue: " + std::to_string(built->total) + " companies (" +
       std::to_string(built->inserted_stage1 + built->inserted_stage2) + " new)");

  // 4. Run index, once the run is known to be valid.
  store::ScriptStateRepository state(*d_.db, *d_.clock);
  FS_ASSIGN_OR_RETURN(int64_t run_index_base,
                      AllocateRunIndexBase(state, *d_.clock, id, resolved.plan.task_count));

  // 5. Upload and sign.
  std::string execution_id = NewUuid();
  std::string key = objects::ClientConfigObjectKey(now, id);
  FS_ASSIGN_OR_RETURN(std::string object_ref,
                      d_.objects->Put(key, config_text, "application/json; charset=utf-8"));
  auto remove_object = [&] {
    Status s = d_.objects->Delete(key);
    if (!s.ok() && s.code() != StatusCode::kNotFound) {
      note("could not remove " + object_ref + ": " + s.message());
    }
  };
  auto url = d_.objects->SignedGetUrl(key, std::chrono::hours(resolved.plan.signed_url_ttl_hours));
  if (!url.ok()) {
    remove_object();
    return url.status().WithContext(Prefix(id) + "signing the client_config URL failed");
  }

  // 6. Enqueue.
  PayloadInputs inputs;
  inputs.execution_id = execution_id;
  inputs.run_index_base = run_index_base;
  inputs.client_config_ref = *url;
  inputs.client_config_object = object_ref;
  inputs.test_mode = request.test_mode;
  inputs.use_extra = use_extra;
  inputs.branch = request.branch;
  inputs.workflow_trigger = request.workflow_trigger;
  inputs.gas_trigger = request.trigger_name;
  inputs.now = now;
  Json payload = BuildTaskPayload(resolved, inputs);
  auto enqueued = tasks::EnqueueFormSenderTask(*d_.queue, payload, d_.enqueue, now);
  if (!enqueued.ok()) {
    remove_object();
    return enqueued.status().WithContext(Prefix(id) + "enqueue failed");
  }
  if (enqueued->duplicate) remove_object();  // the task that exists carries its own object
  note((enqueued->duplicate ? "task already exists: " : "enqueued ") + enqueued->task_id);

  StartOutcome out;
  out.targeting_id = id;
  out.execution_id = enqueued->duplicate ? "" : execution_id;
  out.task_id = enqueued->task_id;
  out.run_index_base = run_index_base;
  out.run_total = resolved.plan.task_count;
  out.duplicate = enqueued->duplicate;
  out.send_end_time = send_end;
  out.session_max_hours = resolved.settings.session_max_hours.value;
  out.detail = {{"queue", built->ToJson()},
                {"client_config_object", enqueued->duplicate ? "" : object_ref},
                {"mode", std::string(settings::ExecutionModeName(resolved.plan.mode))},
                {"task", enqueued->ToJson()},
                {"warnings", resolved.warnings}};
  return out;
}

}  // namespace formsender::scheduler
