#include "dashboard/store_metrics.h"

#include "common/time.h"
#include "engine/stage_stats.h"

namespace formsender::dashboard {
namespace {

struct Families {
  MetricFamily* queue_depth;
  MetricFamily* queue_oldest;
  MetricFamily* dispatch_attempts;
  MetricFamily* dispatch_failures;
  MetricFamily* tasks_failed;
  MetricFamily* executions;
  MetricFamily* oldest_pending;
  MetricFamily* batch_tasks;
  MetricFamily* preemptions;
  MetricFamily* consecutive_failed;
  MetricFamily* forms;
  MetricFamily* send_queue;
  MetricFamily* stuck;
  MetricFamily* ledger;
  MetricFamily* stages;
  MetricFamily* fetch_errors;
  MetricFamily* browser_fallbacks;
};

double Seconds(Duration d) { return std::chrono::duration<double>(d).count(); }

// The engine's figures, summed over the runner heartbeats (metadata.runner.tasks.<task>.engine)
// of today's executions and of those still running.
Status CollectEngineStats(const Families& f, store::Database& db, TimePoint since) {
  FS_ASSIGN_OR_RETURN(
      store::QueryResult rows,
      db.Query("SELECT execution_id, metadata FROM job_executions WHERE started_at >= $1 OR "
               "status = 'running'",
               {store::SqlValue::Time(since)}));
  engine::EngineStats total;
  std::string malformed;
  for (store::Row row : rows) {
    auto metadata = ParseJson(row.Text("metadata"), "job_executions.metadata");
    if (!metadata.ok() || !metadata->is_object()) continue;
    const Json* tasks = metadata->contains("runner") && (*metadata)["runner"].is_object() &&
                                (*metadata)["runner"].contains("tasks") &&
                                (*metadata)["runner"]["tasks"].is_object()
                            ? &(*metadata)["runner"]["tasks"]
                            : nullptr;
    if (!tasks) continue;
    for (const auto& [key, task] : tasks->items()) {
      if (!task.is_object() || !task.contains("engine")) continue;
      auto stats = engine::EngineStats::FromJson(task["engine"]);
      if (!stats.ok()) {
        malformed = row.Text("execution_id") + " task " + key + ": " + stats.status().message();
        continue;
      }
      total.Add(*stats);
    }
  }
  for (const char* stage : {"fetch", "analyze", "submit", "confirm", "judge", "browser", "total"}) {
    f.stages->With({stage});
  }
  for (const auto& [stage, latency] : total.stages) {
    f.stages->With({stage}).AddObservations(latency.bucket_counts, latency.sum,
                                            static_cast<uint64_t>(latency.count));
  }
  for (const auto& [kind, n] : total.fetch_errors) {
    f.fetch_errors->With({kind}).Inc(static_cast<double>(n));
  }
  f.browser_fallbacks->With({}).Inc(static_cast<double>(total.browser_fallbacks));
  // The other executions are counted; the malformed one is named (collector errors metric).
  if (!malformed.empty()) return Status::Internal("engine stats of " + malformed);
  return Status::Ok();
}

Status Collect(const Families& f, store::Database& db, const Clock& clock) {
  TimePoint now = clock.Now();
  for (MetricFamily* family :
       {f.queue_depth, f.queue_oldest, f.dispatch_attempts, f.dispatch_failures, f.tasks_failed,
        f.executions, f.batch_tasks, f.forms, f.send_queue, f.ledger, f.stages, f.fetch_errors,
        f.browser_fallbacks}) {
    family->Clear();
  }
  FS_ASSIGN_OR_RETURN(
      store::QueryResult queues,
      db.Query(
          "SELECT queue_name, "
          "SUM(CASE WHEN state IN ('pending', 'dispatching') THEN 1 ELSE 0 END) AS depth, "
          "MIN(CASE WHEN state IN ('pending', 'dispatching') THEN schedule_time END) AS oldest, "
          "SUM(dispatch_count) AS attempts, "
          "SUM(dispatch_count - CASE WHEN state = 'succeeded' THEN 1 ELSE 0 END) AS failures, "
          "SUM(CASE WHEN state = 'failed' THEN 1 ELSE 0 END) AS failed "
          "FROM task_queue GROUP BY queue_name"));
  for (store::Row row : queues) {
    std::string q = row.Text("queue_name");
    f.queue_depth->With({q}).Set(static_cast<double>(row.Int("depth")));
    auto oldest = row.OptTime("oldest");
    f.queue_oldest->With({q}).Set(oldest && *oldest < now ? Seconds(now - *oldest) : 0);
    f.dispatch_attempts->With({q}).Inc(static_cast<double>(row.Int("attempts")));
    f.dispatch_failures->With({q}).Inc(
        static_cast<double>(std::max<int64_t>(0, row.Int("failures"))));
    f.tasks_failed->With({q}).Set(static_cast<double>(row.Int("failed")));
  }

  for (const char* s : {"queued", "running", "succeeded", "failed", "cancelled"}) {
    f.executions->With({s}).Set(0);
  }
  FS_ASSIGN_OR_RETURN(
      store::QueryResult executions,
      db.Query("SELECT status, COUNT(*) AS n, MIN(started_at) AS oldest FROM job_executions "
               "GROUP BY status"));
  double oldest_pending = 0;
  for (store::Row row : executions) {
    f.executions->With({row.Text("status")}).Set(static_cast<double>(row.Int("n")));
    if (row.Text("status") == "queued") {
      if (auto t = row.OptTime("oldest"); t && *t < now) oldest_pending = Seconds(now - *t);
    }
  }
  f.oldest_pending->With({}).Set(oldest_pending);

  // Consecutive failures: failed executions newer than the newest succeeded one (guide §5:
  // "job.status=FAILED が連続した場合").
  FS_ASSIGN_OR_RETURN(
      store::QueryResult streak,
      db.Query("SELECT COUNT(*) AS n FROM job_executions WHERE status = 'failed' AND started_at > "
               "COALESCE((SELECT MAX(started_at) FROM job_executions WHERE status = 'succeeded'), "
               "$1)",
               {store::SqlValue::Time(TimePoint{})}));
  f.consecutive_failed->With({}).Set(streak.empty() ? 0
                                                    : static_cast<double>(streak.front().Int("n")));

  for (const char* s : {"pending", "running", "succeeded", "failed", "preempted", "cancelled"}) {
    f.batch_tasks->With({s}).Set(0);
  }
  FS_ASSIGN_OR_RETURN(
      store::QueryResult attempts,
      db.Query("SELECT status, COUNT(*) AS n, SUM(CASE WHEN preempted THEN 1 ELSE 0 END) AS p "
               "FROM job_execution_attempts GROUP BY status"));
  int64_t preempted = 0;
  for (store::Row row : attempts) {
    f.batch_tasks->With({row.Text("status")}).Set(static_cast<double>(row.Int("n")));
    preempted += row.Int("p");
  }
  f.preemptions->Clear();
  f.preemptions->With({}).Inc(static_cast<double>(preempted));

  CivilDate today = JstDateOf(now);
  FS_ASSIGN_OR_RETURN(
      store::QueryResult forms,
      db.Query("SELECT CASE WHEN success THEN 'success' ELSE 'failure' END AS outcome, "
               "COALESCE(error_type, '') AS code, COUNT(*) AS n FROM submissions "
               "WHERE submitted_at >= $1 GROUP BY 1, 2",
               {store::SqlValue::Time(JstMidnight(today))}));
  for (store::Row row : forms) {
    std::string code = row.Text("code");
    if (row.Text("outcome") == "success") code = "SUCCESS";
    if (code.empty()) code = "UNKNOWN";
    f.forms->With({row.Text("outcome"), code}).Inc(static_cast<double>(row.Int("n")));
  }

  for (const char* s : {"pending", "assigned", "done", "failed"}) f.send_queue->With({s}).Set(0);
  FS_ASSIGN_OR_RETURN(
      store::QueryResult queue,
      db.Query("SELECT status, COUNT(*) AS n, SUM(CASE WHEN status = 'assigned' AND assigned_at < "
               "$2 THEN 1 ELSE 0 END) AS stuck FROM send_queue WHERE target_date_jst = $1::date "
               "GROUP BY status",
               {today.ToString(), store::SqlValue::Time(now - std::chrono::hours(1))}));
  int64_t stuck = 0;
  for (store::Row row : queue) {
    f.send_queue->With({row.Text("status")}).Set(static_cast<double>(row.Int("n")));
    stuck += row.Int("stuck");
  }
  f.stuck->With({}).Set(static_cast<double>(stuck));

  for (const char* s : {"intent", "sent", "failed", "unknown"}) f.ledger->With({s}).Set(0);
  FS_ASSIGN_OR_RETURN(store::QueryResult ledger,
                      db.Query("SELECT state, COUNT(*) AS n FROM send_ledger GROUP BY state"));
  for (store::Row row : ledger) {
    f.ledger->With({row.Text("state")}).Set(static_cast<double>(row.Int("n")));
  }
  return CollectEngineStats(f, db, JstMidnight(today));
}

}  // namespace

void AddStoreCollectors(MetricsRegistry& m, store::Database& db, const Clock& clock) {
  Families f{
      &m.AddGauge("formsender_task_queue_depth", "Tasks pending or being delivered", {"queue"}),
      &m.AddGauge("formsender_task_queue_oldest_age_seconds",
                  "Seconds the oldest due task has waited (Cloud Tasks' queue latency)", {"queue"}),
      &m.AddCounter("formsender_task_dispatch_attempts_total",
                    "Delivery attempts of the tasks in the queue table", {"queue"}),
      &m.AddCounter("formsender_task_dispatch_failures_total",
                    "Delivery attempts that did not succeed", {"queue"}),
      &m.AddGauge("formsender_tasks_failed", "Tasks given up after their retries", {"queue"}),
      &m.AddGauge("formsender_executions", "job_executions rows by status", {"status"}),
      &m.AddGauge("formsender_execution_oldest_pending_age_seconds",
                  "Seconds the oldest queued execution has waited"),
      &m.AddGauge("formsender_batch_tasks", "Batch task attempts by state", {"state"}),
      &m.AddCounter("formsender_batch_preemptions_total", "Batch task attempts lost to preemption"),
      &m.AddGauge("formsender_batch_consecutive_failed_executions",
                  "Failed executions since the newest succeeded one"),
      &m.AddCounter("formsender_forms_processed_total",
                    "Forms processed today (JST) by outcome and code", {"outcome", "code"}),
      &m.AddGauge("formsender_send_queue_rows", "Today's send_queue rows by status", {"status"}),
      &m.AddGauge("formsender_send_queue_stuck_rows",
                  "Today's send_queue rows assigned for more than an hour"),
      &m.AddGauge("formsender_ledger_entries",
                  "send_ledger rows by state (unknown: sent or not, to be checked)", {"state"}),
      &m.AddHistogram("formsender_engine_stage_seconds",
                      "Seconds per form in each engine stage (today's and running executions)",
                      {"stage"}, DefaultLatencyBuckets()),
      &m.AddCounter("formsender_fetch_errors_total",
                    "Engine transfers that ended without an answer, by kind (today)", {"kind"}),
      &m.AddCounter("formsender_browser_fallbacks_total",
                    "Forms finished by the browser fallback (today)"),
  };
  m.AddCollector("store", [f, &db, &clock](MetricsRegistry&) { return Collect(f, db, clock); });
}

}  // namespace formsender::dashboard
