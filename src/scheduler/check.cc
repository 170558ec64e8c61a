#include "scheduler/check.h"

#include "common/time.h"

namespace formsender::scheduler {
namespace {

using store::SqlValue;

Json ExecutionJson(const store::Row& row) {
  return {{"execution_id", row.Text("execution_id")},
          {"targeting_id", row.Int("targeting_id")},
          {"status", row.Text("status")},
          {"started_at",
           row.OptTime("started_at") ? FormatUtcIso(*row.OptTime("started_at")) : std::string()},
          {"last_error", row.Text("last_error")}};
}

}  // namespace

bool CheckReport::failed() const {
  for (const auto& i : items) {
    if (i.status == "fail") return true;
  }
  return false;
}

Json CheckReport::ToJson() const {
  Json checks = Json::array();
  for (const auto& i : items) {
    checks.push_back(
        {{"name", i.name}, {"status", i.status}, {"message", i.message}, {"value", i.value}});
  }
  return {{"ok", !failed()}, {"checks", checks}};
}

std::string CheckReport::ToText() const {
  std::string out;
  for (const auto& i : items) {
    char line[64];
    std::snprintf(line, sizeof line, "%-5s %-22s ",
                  i.status == "ok"     ? "OK"
                  : i.status == "warn" ? "WARN"
                                       : "FAIL",
                  i.name.c_str());
    out += line + i.message + "\n";
  }
  out += failed() ? "check: FAILED\n" : "check: ok\n";
  return out;
}

Result<ExecutionFacts> GatherExecutionFacts(store::Database& db, TimePoint now,
                                            const CheckThresholds& thresholds) {
  ExecutionFacts facts;
  SqlValue since = SqlValue::Time(now - std::chrono::hours(24));
  FS_ASSIGN_OR_RETURN(store::QueryResult counts,
                      db.Query("SELECT status, COUNT(*) AS n FROM job_executions "
                               "WHERE started_at > $1 GROUP BY status ORDER BY status",
                               {since}));
  for (store::Row row : counts) facts.counts_24h[row.Text("status")] = row.Int("n");
  FS_ASSIGN_OR_RETURN(store::QueryResult failed,
                      db.Query("SELECT execution_id, targeting_id, status, started_at, last_error "
                               "FROM job_executions WHERE started_at > $1 AND status = 'failed' "
                               "ORDER BY started_at DESC LIMIT 20",
                               {since}));
  for (store::Row row : failed) facts.failed_24h.push_back(ExecutionJson(row));
  FS_ASSIGN_OR_RETURN(store::QueryResult latest,
                      db.Query("SELECT status FROM job_executions WHERE status IN "
                               "('succeeded', 'failed', 'cancelled') "
                               "ORDER BY COALESCE(ended_at, started_at) DESC, id DESC LIMIT 20"));
  for (store::Row row : latest) {
    if (row.Text("status") != "failed") break;
    ++facts.consecutive_failures;
  }
  FS_ASSIGN_OR_RETURN(store::QueryResult stuck,
                      db.Query("SELECT execution_id, targeting_id, status, started_at, last_error "
                               "FROM job_executions WHERE status = 'running' AND started_at < $1 "
                               "ORDER BY started_at LIMIT 20",
                               {SqlValue::Time(now - thresholds.stuck_after)}));
  for (store::Row row : stuck) facts.stuck.push_back(ExecutionJson(row));
  FS_ASSIGN_OR_RETURN(store::QueryResult queued,
                      db.Query("SELECT COUNT(*) AS n FROM job_executions WHERE status = 'queued' "
                               "AND started_at < $1",
                               {SqlValue::Time(now - thresholds.queued_grace)}));
  facts.queued_over_grace = queued.empty() ? 0 : queued.front().Int("n");
  return facts;
}

CheckReport EvaluateChecks(const CheckInputs& in, const CheckThresholds& t) {
  CheckReport report;
  auto add = [&](std::string name, bool ok, std::string message, Json value,
                 bool warn_only = false) {
    report.items.push_back({std::move(name), ok ? "ok" : (warn_only ? "warn" : "fail"),
                            std::move(message), std::move(value)});
  };

  if (!in.queue_latency.ok()) {
    add("queue_latency", false, "task queue unreachable: " + in.queue_latency.status().message(),
        nullptr);
  } else {
    int64_t s = in.queue_latency->has_value() ? (*in.queue_latency)->count() : 0;
    add("queue_latency", s <= t.max_queue_latency.count(),
        std::to_string(s) + " s (alert above " + std::to_string(t.max_queue_latency.count()) +
            " s), " + std::to_string(in.queue_live_tasks) + " task(s) waiting",
        {{"latency_seconds", s}, {"live_tasks", in.queue_live_tasks}});
  }

  if (!in.executions.ok()) {
    add("database", false, "job_executions unreadable: " + in.executions.status().message(),
        nullptr);
  } else {
    const ExecutionFacts& f = *in.executions;
    add("database", true, "job_executions readable", nullptr);
    Json counts = Json::object();
    std::string text;
    for (const auto& [status, n] : f.counts_24h) {
      counts[status] = n;
      text += (text.empty() ? "" : ", ") + status + " " + std::to_string(n);
    }
    add("executions_24h", true, text.empty() ? "no executions in 24 h" : text, counts);
    add("failed_24h", f.failed_24h.empty(),
        std::to_string(f.failed_24h.size()) + " failed execution(s) in 24 h", f.failed_24h,
        /*warn_only=*/true);
    add("consecutive_failures", f.consecutive_failures <= t.max_consecutive_failures,
        std::to_string(f.consecutive_failures) + " latest execution(s) failed in a row",
        f.consecutive_failures);
    add("stuck_executions", f.stuck.empty(),
        std::to_string(f.stuck.size()) + " execution(s) running longer than " +
            std::to_string(t.stuck_after.count()) + " h",
        f.stuck);
    add("queued_executions", f.queued_over_grace <= t.max_queued_executions,
        std::to_string(f.queued_over_grace) + " execution(s) queued longer than " +
            std::to_string(t.queued_grace.count()) + " min (alert above " +
            std::to_string(t.max_queued_executions) + ")",
        f.queued_over_grace);
  }

  if (!in.dispatcher_health.ok()) {
    add("dispatcher_health", false,
        in.dispatcher_description + ": " + in.dispatcher_health.status().message(), nullptr);
  } else {
    bool ok =
        in.dispatcher_health->is_object() && in.dispatcher_health->value("status", "") == "ok";
    add("dispatcher_health", ok, in.dispatcher_description + ": " + in.dispatcher_health->dump(),
        *in.dispatcher_health);
  }
  return report;
}

}  // namespace formsender::scheduler
