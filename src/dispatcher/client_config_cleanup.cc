#include "dispatcher/client_config_cleanup.h"

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

}  // namespace formsender::dispatcher
