#pragma once
// Scrape-time metrics read from the store, so /metrics tells the truth about work done by every
// process (batch runners on other machines write the same tables) rather than only this one:
//
//   formsender_task_queue_depth{queue}                    tasks pending or being delivered
//   formsender_task_queue_oldest_age_seconds{queue}       age of the oldest due task
//   formsender_task_dispatch_attempts_total{queue}        delivery attempts (dispatch_count)
//   formsender_task_dispatch_failures_total{queue}        attempts that got no 2xx
//   formsender_tasks_failed{queue}                        tasks given up (state failed)
//   formsender_executions{status}                         job_executions rows by status
//   formsender_execution_oldest_pending_age_seconds       the oldest queued execution's age
//   formsender_batch_tasks{state}                         job_execution_attempts by status
//   formsender_batch_preemptions_total                    attempts lost to Spot preemption
//   formsender_batch_consecutive_failed_executions        failed executions since the last success
//   formsender_forms_processed_total{outcome,code}        submissions rows (today, JST)
//   formsender_send_queue_rows{status}                    today's send_queue rows by status
//   formsender_send_queue_stuck_rows                      assigned for over an hour
//   formsender_ledger_entries{state}                      send_ledger by state (unknown: check)
//   formsender_engine_stage_seconds{stage}                engine stage latency (histogram)
//   formsender_fetch_errors_total{kind}                   transfers without an answer, by kind
//   formsender_browser_fallbacks_total                    forms the browser fallback finished
//
// The engine's three come from the runners' heartbeats in job_executions.metadata (runners on
// Spot VMs cannot be scraped), summed over today's executions (JST) and those still running.
//
// Totals come from table rows and fall when old rows are purged: they are gauges of a counted
// quantity, typed as counters only where rows are never deleted within the scrape window.

#include "common/clock.h"
#include "common/metrics.h"
#include "store/database.h"

namespace formsender::dashboard {

// Registers the families above and the collector that fills them from `db` at each scrape.
// `db` and `clock` must outlive `metrics`' use.
void AddStoreCollectors(MetricsRegistry& metrics, store::Database& db, const Clock& clock);

}  // namespace formsender::dashboard
