#include "dispatcher/client_config_cleanup.h"

#include "sendqueue/send_queue.h"
#include "store/job_executions.h"

namespace formsender::dispatcher {

batch::BatchMonitor::TerminalHook MakeClientConfigCleanup(objects::ObjectStore& store,
                                                          store::Database& db, const Clock& clock,
                                                          LoggerPtr log) {
  if (!log) log = MakeNullLogger();
  return [&store, &db, &clock, log](const store::JobExecution& e) {
    std::string ref = e.metadata.is_object() ? e.metadata.value("client_config_object", "") : "";
    if (ref.empty()) return;
    auto key = store.KeyFromRef(ref);
    if (!key.ok()) {
      log->warn("client_config of {} not deleted: {}", e.execution_id, key.status().message());
      return;
    }
    store::JobExecutionRepository executions(db, clock);
    auto running = executions.List(std::string(store::kExecutionRunning), e.targeting_id, 100);
    if (running.ok()) {
      for (const store::JobExecution& other : *running) {
        if (other.execution_id != e.execution_id && other.metadata.is_object() &&
            other.metadata.value("client_config_object", "") == ref) {
          return;  // still in use; the last one to end deletes it
        }
      }
    }
    Status s = store.Delete(*key);
    if (!s.ok() && s.code() != StatusCode::kNotFound) {
      log->warn("client_config {} of {} not deleted: {}", ref, e.execution_id, s.message());
      return;
    }
    LogFields(*log, spdlog::level::info, "client_config deleted",
              {{"execution_id", e.execution_id}, {"object", ref}});
  };
}

batch::BatchMonitor::TerminalHook MakeHeldRowRelease(store::Database& db, const Clock& clock,
                                                     LoggerPtr log) {
  if (!log) log = MakeNullLogger();
  return [&db, &clock, log](const store::JobExecution& e) {
    if (e.execution_id.empty() || e.targeting_id <= 0) return;
    sendqueue::SendQueue queue(db, clock);
    for (sendqueue::TableMode mode : {sendqueue::TableMode::kDefault, sendqueue::TableMode::kExtra,
                                      sendqueue::TableMode::kTest}) {
      // Run ids are "<execution id>-ri<run index>-…" (runner/env_contract.h).
      auto released = queue.ReleaseRunsOf(mode, e.targeting_id, e.execution_id + "-ri");
      if (!released.ok()) {
        log->warn("rows held by the runs of {} not released: {}", e.execution_id,
                  released.status().message());
        continue;
      }
      const sendqueue::RequeueResult& r = *released;
      if (r.requeued + r.recovered_sent + r.recovered_failed + r.outcome_unknown == 0) continue;
      LogFields(*log, spdlog::level::info, "rows held by ended runs released",
                {{"execution_id", e.execution_id},
                 {"table_mode", std::string(sendqueue::TableModeName(mode))},
                 {"requeued", r.requeued},
                 {"recovered_sent", r.recovered_sent},
                 {"recovered_failed", r.recovered_failed},
                 {"outcome_unknown", r.outcome_unknown}});
    }
  };
}

}  // namespace formsender::dispatcher
