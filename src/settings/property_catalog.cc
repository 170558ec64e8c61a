#include "settings/property_catalog.h"

#include <algorithm>
#include <cstdint>
#include <string>

#include "common/strings.h"

namespace formsender::settings {
namespace {

using P = PropertyType;
using O = PropertyOrigin;

// Reference property: toml key and env share the name.
PropertySpec Ref(std::string_view name, P type, std::string_view def, std::string_view meaning,
                 O origin = O::kReference) {
  PropertySpec s;
  s.name = name;
  s.env = name;
  s.type = type;
  s.origin = origin;
  s.default_text = def;
  s.meaning = meaning;
  return s;
}

PropertySpec RefInt(std::string_view name, IntRange range, std::string_view def,
                    std::string_view meaning, bool zero_unset = false, O origin = O::kReference) {
  PropertySpec s = Ref(name, P::kInt, def, meaning, origin);
  s.range = range;
  s.zero_means_unset = zero_unset;
  return s;
}

PropertySpec Own(std::string_view name, std::string_view env, P type, std::string_view def,
                 std::string_view meaning) {
  PropertySpec s;
  s.name = name;
  s.env = env;
  s.type = type;
  s.origin = O::kFormsender;
  s.default_text = def;
  s.meaning = meaning;
  return s;
}

PropertySpec WithRange(PropertySpec s, IntRange range) {
  s.range = range;
  return s;
}

PropertySpec OwnNumber(std::string_view name, std::string_view env, std::string_view def,
                       std::string_view meaning, NumberRange range) {
  PropertySpec s = Own(name, env, P::kNumber, def, meaning);
  s.number_range = range;
  return s;
}

PropertySpec OwnInt(std::string_view name, std::string_view env, std::string_view def,
                    std::string_view meaning, IntRange range) {
  PropertySpec s = Own(name, env, P::kInt, def, meaning);
  s.range = range;
  return s;
}

PropertySpec WithChoices(PropertySpec s, std::vector<std::string_view> choices) {
  s.choices = std::move(choices);
  return s;
}

std::vector<PropertySpec> MakeCatalog() {
  const bool kZeroUnset = true;
  const O kDisp = O::kDispatcher;
  return {
      // Spec §2.8: Script Properties of gas/form-sender.
      Ref("FORM_SENDER_SPREADSHEET_ID", P::kString, "",
          "id of the Google Sheet with the targeting and client sheets"),
      Ref("SUPABASE_URL", P::kString, "", "Supabase project URL (queue RPCs)"),
      Ref("SUPABASE_SERVICE_ROLE_KEY", P::kSecret, "", "Supabase service-role key"),
      Ref("USE_GCP_BATCH", P::kBool, "false",
          "run campaigns on Cloud Batch unless the targeting row says otherwise"),
      Ref("USE_SERVERLESS_FORM_SENDER", P::kBool, "false",
          "run campaigns on Cloud Run Jobs unless the targeting row says otherwise"),
      Ref("FORM_SENDER_TASKS_QUEUE", P::kString, "",
          "Cloud Tasks queue projects/<p>/locations/<l>/queues/<q>"),
      Ref("FORM_SENDER_DISPATCHER_URL", P::kString, "",
          "full dispatcher tasks URL (wins over the base URL)"),
      Ref("FORM_SENDER_DISPATCHER_BASE_URL", P::kString, "",
          "dispatcher base URL; tasks URL = base + /v1/form-sender/tasks"),
      Ref("FORM_SENDER_DISPATCHER_SERVICE_ACCOUNT", P::kString, "",
          "service account for the dispatcher's OIDC tokens and URL signing"),
      Ref("FORM_SENDER_GCS_BUCKET", P::kString, "", "bucket for client_config objects"),
      Ref("SERVICE_ACCOUNT_JSON", P::kSecret, "", "service-account key JSON of the orchestrator"),
      RefInt("FORM_SENDER_SHARD_COUNT", kShardCountRange, "8", "queue shards"),
      RefInt("FORM_SENDER_PARALLELISM_OVERRIDE", kMaxParallelismRange, "",
             "caps parallelism (0 = none)", kZeroUnset),
      RefInt("FORM_SENDER_WORKERS_OVERRIDE", kWorkersRange, "4",
             "workers per task outside batch mode (0 = none)", kZeroUnset),
      RefInt("FORM_SENDER_BATCH_INSTANCE_COUNT_DEFAULT", kInstanceCountRange, "2",
             "batch_instance_count when the row is blank"),
      RefInt("FORM_SENDER_BATCH_INSTANCE_COUNT_OVERRIDE", kInstanceCountRange, "",
             "batch_instance_count when the row is blank, before the default (0 = none)",
             kZeroUnset),
      RefInt("FORM_SENDER_BATCH_WORKERS_PER_WORKFLOW_DEFAULT", kWorkersRange, "2",
             "batch_workers_per_workflow when the row is blank"),
      RefInt("FORM_SENDER_BATCH_WORKERS_PER_WORKFLOW_OVERRIDE", kWorkersRange, "",
             "batch_workers_per_workflow when the row is blank, before the default (0 = none)",
             kZeroUnset),
      RefInt("FORM_SENDER_BATCH_MAX_PARALLELISM_DEFAULT", kMaxParallelismRange, "100",
             "batch_max_parallelism when the row is blank"),
      Ref("FORM_SENDER_BATCH_PREFER_SPOT_DEFAULT", P::kBool, "true",
          "batch_prefer_spot when the row is blank"),
      Ref("FORM_SENDER_BATCH_ALLOW_ON_DEMAND_DEFAULT", P::kBool, "false",
          "batch_allow_on_demand_fallback when the row is blank"),
      Ref("FORM_SENDER_BATCH_MACHINE_TYPE_DEFAULT", P::kMachineType, "e2-standard-2",
          "batch_machine_type when the row and the override are blank"),
      Ref("FORM_SENDER_BATCH_MACHINE_TYPE_OVERRIDE", P::kMachineType, "",
          "batch_machine_type when the row is blank, before the default"),
      RefInt("FORM_SENDER_BATCH_VCPU_PER_WORKER_DEFAULT", kVcpuPerWorkerRange, "1",
             "batch_vcpu_per_worker when the row is blank"),
      RefInt("FORM_SENDER_BATCH_MEMORY_PER_WORKER_MB_DEFAULT", kMemoryPerWorkerMbRange, "2048",
             "batch_memory_per_worker_mb when the row is blank"),
      RefInt("FORM_SENDER_BATCH_MEMORY_BUFFER_MB_DEFAULT", kMemoryBufferMbRange, "2048",
             "batch_memory_buffer_mb when the row is blank"),
      RefInt("FORM_SENDER_BATCH_MAX_ATTEMPTS_DEFAULT", kMaxAttemptsRange, "1",
             "batch_max_attempts when the row is blank"),
      RefInt("FORM_SENDER_SIGNED_URL_TTL_HOURS_BATCH", kSignedUrlTtlHoursRange, "48",
             "signed URL lifetime in batch mode"),
      RefInt("FORM_SENDER_SIGNED_URL_TTL_HOURS", kSignedUrlTtlHoursRange, "15",
             "signed URL lifetime outside batch mode"),
      RefInt("FORM_SENDER_SIGNED_URL_REFRESH_THRESHOLD_BATCH", kRefreshThresholdSecondsRange,
             "21600", "re-sign batch URLs with less than this many seconds left"),
      Ref("FORM_SENDER_MAX_SESSION_HOURS_DEFAULT", P::kDouble, "8",
          "session_max_hours when the row is blank"),
      Ref("FORM_SENDER_DEFAULT_SEND_END_TIME", P::kHourMinute, "18:00",
          "send_end_time when the row is blank"),
      Ref("GITHUB_TOKEN", P::kSecret, "", "legacy GitHub Actions path (not used by formsender)"),
      Ref("GITHUB_OWNER", P::kString, "neurify-goto",
          "legacy GitHub Actions path (not used by formsender)"),
      Ref("GITHUB_REPO", P::kString, "fs-runner",
          "legacy GitHub Actions path (not used by formsender)"),
      Ref("FORM_SENDER_GIT_REF_DEFAULT", P::kString, "",
          "branch when the row is blank (GitHub path only)"),
      // Spec §4.1: the dispatcher's environment.
      Ref("DISPATCHER_PROJECT_ID", P::kString, "", "GCP project of the dispatcher", kDisp),
      Ref("DISPATCHER_LOCATION", P::kString, "", "GCP region of the dispatcher", kDisp),
      Ref("FORM_SENDER_CLOUD_RUN_JOB", P::kString, "", "Cloud Run Job for serverless mode", kDisp),
      Ref("DISPATCHER_SUPABASE_URL", P::kString, "",
          "Supabase URL of the dispatcher (job_executions)", kDisp),
      Ref("DISPATCHER_SUPABASE_SERVICE_ROLE_KEY", P::kSecret, "", "Supabase key of the dispatcher",
          kDisp),
      Ref("FORM_SENDER_CLIENT_CONFIG_PATH", P::kString, "/tmp/client_config_default.json",
          "where a task writes its client_config", kDisp),
      RefInt("FORM_SENDER_SIGNED_URL_REFRESH_THRESHOLD", kRefreshThresholdSecondsRange, "1800",
             "re-sign URLs outside batch mode with less than this many seconds left", false, kDisp),
      Ref("FORM_SENDER_CLIENT_CONFIG_BUCKET", P::kString, "",
          "the only bucket client_config objects may come from", kDisp),
      Ref("FORM_SENDER_GIT_TOKEN_SECRET", P::kString, "",
          "Secret Manager secret with a git token (GitHub path only)", kDisp),
      WithChoices(Ref("FORM_SENDER_CPU_CLASS_DEFAULT", P::kChoice, "standard",
                      "cpu_class when the task does not name one", kDisp),
                  {"standard", "low", "gcp_spot"}),
      Ref("FORM_SENDER_DISPATCHER_AUDIENCE", P::kString, "",
          "ID-token audience for calls to the dispatcher (default: its base URL)", kDisp),
      Ref("FORM_SENDER_BATCH_PROJECT_ID", P::kString, "",
          "Cloud Batch project (default DISPATCHER_PROJECT_ID)", kDisp),
      Ref("FORM_SENDER_BATCH_LOCATION", P::kString, "",
          "Cloud Batch region (default DISPATCHER_LOCATION)", kDisp),
      Ref("FORM_SENDER_BATCH_JOB_TEMPLATE", P::kString, "", "Cloud Batch job used as the template",
          kDisp),
      Ref("FORM_SENDER_BATCH_TASK_GROUP", P::kString, "", "task group name recorded in labels",
          kDisp),
      Ref("FORM_SENDER_BATCH_SERVICE_ACCOUNT", P::kString, "", "service account of the Batch VMs",
          kDisp),
      Ref("FORM_SENDER_BATCH_CONTAINER_IMAGE", P::kString, "", "runner container image", kDisp),
      Ref("FORM_SENDER_BATCH_ENTRYPOINT", P::kString, "", "runner container entrypoint", kDisp),
      Ref("FORM_SENDER_BATCH_SUPABASE_URL_SECRET", P::kString, "",
          "Secret Manager secret with SUPABASE_URL", kDisp),
      Ref("FORM_SENDER_BATCH_SUPABASE_SERVICE_ROLE_SECRET", P::kString, "",
          "Secret Manager secret with SUPABASE_SERVICE_ROLE_KEY", kDisp),
      Ref("FORM_SENDER_BATCH_SUPABASE_URL_TEST_SECRET", P::kString, "",
          "Secret Manager secret with SUPABASE_URL_TEST", kDisp),
      Ref("FORM_SENDER_BATCH_SUPABASE_SERVICE_ROLE_TEST_SECRET", P::kString, "",
          "Secret Manager secret with SUPABASE_SERVICE_ROLE_KEY_TEST", kDisp),
      Ref("FORM_SENDER_BATCH_NETWORK", P::kString, "", "VPC network of the Batch VMs", kDisp),
      Ref("FORM_SENDER_BATCH_SUBNETWORK", P::kString, "", "subnetwork of the Batch VMs", kDisp),
      Ref("FORM_SENDER_BATCH_NO_EXTERNAL_IP", P::kBool, "true", "Batch VMs without external IPs",
          kDisp),
      RefInt("FORM_SENDER_BATCH_MONITOR_INTERVAL_SECONDS", {30, 3600}, "60",
             "Batch job polling interval", false, kDisp),
      RefInt("FORM_SENDER_BATCH_MONITOR_TIMEOUT_SECONDS", {60, 7 * 24 * 3600}, "18000",
             "how long the monitor follows a job", false, kDisp),
      // formsender's own.
      Own("database_url", "FORMSENDER_DATABASE_URL", P::kString,
          "sqlite://<data-dir>/formsender.db", "the store: sqlite:///path.db or postgresql://…"),
      WithRange(Own("company_cooldown_days", "FORMSENDER_COMPANY_COOLDOWN_DAYS", P::kInt, "30",
                    "a company is contacted at most once in this many days across all campaigns (0 "
                    "= no limit)"),
                kCooldownDaysRange),
      Own("extra_closed_days", "FORMSENDER_EXTRA_CLOSED_DAYS", P::kClosedDays, "",
          "days closed besides weekends and holidays, e.g. 12-29..01-03"),
      WithRange(Own("DAILY_TRIGGER_HOUR", "DAILY_TRIGGER_HOUR", P::kInt, "9",
                    "hour (JST) of the daily run"),
                {0, 23}),
      WithRange(Own("DAILY_TRIGGER_MINUTE", "DAILY_TRIGGER_MINUTE", P::kInt, "0",
                    "minute of the daily run"),
                {0, 59}),
      WithChoices(Own("batch.backend", "FORMSENDER_BATCH_BACKEND", P::kChoice, "local",
                      "where runner tasks run: local processes, Cloud Batch, or nowhere "
                      "(`noop`: benchmarks and tests only)"),
                  {"local", "gcp", "noop"}),
      WithChoices(Own("objects.backend", "FORMSENDER_OBJECTS_BACKEND", P::kChoice, "local",
                      "where client_config objects live: local directory or GCS"),
                  {"local", "gcs"}),
      WithChoices(Own("tasks.backend", "FORMSENDER_TASKS_BACKEND", P::kChoice, "local",
                      "task queue: the store's table or Cloud Tasks"),
                  {"local", "cloudtasks"}),
      // The embedded task queue (docs/dispatcher.md); Cloud Tasks keeps its own queue config.
      Own("tasks.queue_name", "FORMSENDER_TASKS_QUEUE_NAME", P::kString, "form-sender-dispatcher",
          "name of the embedded queue (X-CloudTasks-QueueName)"),
      OwnInt("tasks.max_attempts", "FORMSENDER_TASKS_MAX_ATTEMPTS", "100",
             "attempts per task including the first (-1 = unlimited)", {-1, 1000000}),
      OwnNumber("tasks.min_backoff_seconds", "FORMSENDER_TASKS_MIN_BACKOFF_SECONDS", "0.1",
                "first retry interval", {0, 86400}),
      OwnNumber("tasks.max_backoff_seconds", "FORMSENDER_TASKS_MAX_BACKOFF_SECONDS", "3600",
                "longest retry interval", {0, 86400}),
      OwnInt("tasks.max_doublings", "FORMSENDER_TASKS_MAX_DOUBLINGS", "16",
             "times the interval doubles before it grows linearly", {0, 64}),
      OwnInt("tasks.max_retry_duration_seconds", "FORMSENDER_TASKS_MAX_RETRY_DURATION_SECONDS", "0",
             "retry time limit from the first attempt (0 = none)", {0, 31 * 86400}),
      OwnNumber("tasks.max_dispatches_per_second", "FORMSENDER_TASKS_MAX_DISPATCHES_PER_SECOND",
                "500", "dispatch rate limit (token bucket)", {0.001, 500}),
      OwnInt("tasks.max_concurrent_dispatches", "FORMSENDER_TASKS_MAX_CONCURRENT_DISPATCHES",
             "1000", "tasks being delivered at once, at most", {1, 5000}),
      OwnInt("tasks.dispatch_deadline_seconds", "FORMSENDER_TASKS_DISPATCH_DEADLINE_SECONDS", "600",
             "how long one delivery may take", {15, 1800}),
      OwnInt("tasks.dedup_window_seconds", "FORMSENDER_TASKS_DEDUP_WINDOW_SECONDS", "3600",
             "how long a named task's id stays reserved after it ended", {0, 9 * 86400}),
      // formsender serve (docs/dispatcher.md).
      Own("serve.listen", "FORMSENDER_LISTEN", P::kString, "127.0.0.1:8080",
          "address formsender serve listens on (host:port)"),
      Own("objects.public_url", "FORMSENDER_PUBLIC_URL", P::kString, "http://127.0.0.1:8080",
          "where serve answers, as clients reach it (local signed URLs, the task target)"),
      WithChoices(Own("dispatcher.auth", "FORMSENDER_DISPATCHER_AUTH", P::kChoice, "token",
                      "how serve authenticates callers: the data directory's token, or Google "
                      "OIDC ID tokens"),
                  {"token", "oidc"}),
      Own("dispatcher.allowed_service_accounts", "FORMSENDER_DISPATCHER_ALLOWED_SERVICE_ACCOUNTS",
          P::kString, "", "comma-separated service-account emails whose ID tokens are accepted"),
      Own("dispatcher.jwks_url", "FORMSENDER_DISPATCHER_JWKS_URL", P::kString,
          "https://www.googleapis.com/oauth2/v3/certs", "Google's signing keys for ID tokens"),
      OwnInt("dispatcher.max_body_bytes", "FORMSENDER_DISPATCHER_MAX_BODY_BYTES", "1048576",
             "largest request body serve accepts", {1024, 32 * 1024 * 1024}),
      OwnNumber("dispatcher.refusals_per_second", "FORMSENDER_DISPATCHER_REFUSALS_PER_SECOND", "10",
                "refused requests a client may make per second before it is answered 429 (0 = "
                "never); authenticated requests are never throttled",
                {0, 100000}),
      OwnNumber("dispatcher.refusal_burst", "FORMSENDER_DISPATCHER_REFUSAL_BURST", "50",
                "refused requests a client may make at once before the per-second rate applies",
                {1, 100000}),
      Own("dispatcher.trust_forwarded_for", "FORMSENDER_DISPATCHER_TRUST_FORWARDED_FOR", P::kBool,
          "false",
          "take the client's address from the last X-Forwarded-For entry (behind Cloud Run or a "
          "load balancer that appends it)"),
      OwnInt("dispatcher.shutdown_grace_seconds", "FORMSENDER_DISPATCHER_SHUTDOWN_GRACE_SECONDS",
             "10", "how long requests in flight may finish after SIGTERM", {0, 3600}),
      // Read by the batch component (docs/batch.md).
      Own("batch.local.command", "FORMSENDER_BATCH_LOCAL_COMMAND", P::kString,
          "<this binary> runner", "task program and arguments, space-separated"),
      Own("batch.local.log_dir", "FORMSENDER_BATCH_LOCAL_LOG_DIR", P::kString,
          "<data dir>/batch/logs", "task output"),
      OwnNumber("batch.local.preemption_rate", "FORMSENDER_BATCH_LOCAL_PREEMPTION_RATE", "0",
                "simulated Spot preemptions per task-hour", {0, 3600}),
      OwnInt("batch.local.preemption_seed", "FORMSENDER_BATCH_LOCAL_PREEMPTION_SEED", "",
             "makes the simulation reproducible", {0, INT64_MAX}),
      OwnNumber("batch.local.preemption_grace_seconds",
                "FORMSENDER_BATCH_LOCAL_PREEMPTION_GRACE_SECONDS", "30",
                "preemption SIGTERM → SIGKILL", {0, 3600}),
      OwnNumber("batch.local.cancel_grace_seconds", "FORMSENDER_BATCH_LOCAL_CANCEL_GRACE_SECONDS",
                "30", "delete/stop SIGTERM → SIGKILL", {0, 3600}),
      OwnInt("batch.local.max_running_tasks", "FORMSENDER_BATCH_LOCAL_MAX_RUNNING_TASKS", "0",
             "tasks alive over all jobs (0 = no limit)", {0, 100000}),
      OwnInt("FORM_SENDER_BATCH_MONITOR_TIMEOUT_MARGIN_SECONDS",
             "FORM_SENDER_BATCH_MONITOR_TIMEOUT_MARGIN_SECONDS", "3600",
             "added to session_max_hours for the monitor's timeout", {0, 7 * 86400}),
      OwnInt("FORM_SENDER_BATCH_SPOT_QUEUE_TIMEOUT_SECONDS",
             "FORM_SENDER_BATCH_SPOT_QUEUE_TIMEOUT_SECONDS", "1800",
             "a Spot job never started is moved to STANDARD after this long (0 = never)",
             {0, 7 * 86400}),
      Own("FORM_SENDER_MAX_RUNTIME_HOURS", "FORM_SENDER_MAX_RUNTIME_HOURS", P::kDouble, "8",
          "session_max_hours of executions that do not say"),
      // The runner (docs/runner.md).
      WithRange(Own("runner.forms_in_flight", "FORMSENDER_RUNNER_FORMS_IN_FLIGHT", P::kInt, "32",
                    "forms each runner worker drives at once"),
                {1, 256}),
      WithRange(Own("runner.backoff_initial_ms", "FORMSENDER_RUNNER_BACKOFF_INITIAL_MS", P::kInt,
                    "2000", "first wait after an empty claim or a claim error"),
                {1, 600'000}),
      WithRange(Own("runner.backoff_max_ms", "FORMSENDER_RUNNER_BACKOFF_MAX_MS", P::kInt, "60000",
                    "longest wait between claims (the wait doubles up to it)"),
                {1, 3'600'000}),
      WithRange(Own("runner.empty_exit_attempts", "FORMSENDER_RUNNER_EMPTY_EXIT_ATTEMPTS", P::kInt,
                    "3", "empty claims in a row after which a worker ends (queue empty)"),
                {1, 1000}),
      WithRange(Own("runner.empty_exit_seconds", "FORMSENDER_RUNNER_EMPTY_EXIT_SECONDS", P::kInt,
                    "60", "seconds of empty claims after which a worker ends"),
                {1, 86'400}),
      WithRange(Own("runner.requeue_interval_seconds", "FORMSENDER_RUNNER_REQUEUE_INTERVAL_SECONDS",
                    P::kInt, "60", "how often worker 0 puts stale claims back"),
                {1, 86'400}),
      WithRange(Own("runner.requeue_stale_minutes", "FORMSENDER_RUNNER_REQUEUE_STALE_MINUTES",
                    P::kInt, "5", "claims older than this are stale (0 = every assigned row)"),
                {0, 1440}),
      WithRange(Own("runner.shutdown_grace_seconds", "FORMSENDER_RUNNER_SHUTDOWN_GRACE_SECONDS",
                    P::kInt, "25", "after SIGTERM or preemption: time for forms in flight"),
                {1, 600}),
      WithRange(
          Own("runner.progress_interval_seconds", "FORMSENDER_RUNNER_PROGRESS_INTERVAL_SECONDS",
              P::kInt, "30", "progress log line and heartbeat interval"),
          {1, 3600}),
      Own("runner.skip_holidays", "FORMSENDER_RUNNER_SKIP_HOLIDAYS", P::kBool, "true",
          "no sending on national holidays, whatever send_days_of_week says"),
      WithRange(Own("runner.form_time_limit_seconds", "FORMSENDER_RUNNER_FORM_TIME_LIMIT_SECONDS",
                    P::kInt, "120", "longest time one form may take, all requests included"),
                {5, 3600}),
  };
}

// Levenshtein distance when it is at most `bound`, else bound + 1. A length difference over the
// bound, or a row whose every entry is over it, ends the work early: a file of long unknown keys
// would otherwise cost their length squared times the whole catalog.
size_t EditDistanceWithin(std::string_view a, std::string_view b, size_t bound) {
  size_t gap = a.size() > b.size() ? a.size() - b.size() : b.size() - a.size();
  if (gap > bound) return bound + 1;
  std::vector<size_t> prev(b.size() + 1), cur(b.size() + 1);
  for (size_t j = 0; j <= b.size(); ++j) prev[j] = j;
  for (size_t i = 1; i <= a.size(); ++i) {
    cur[0] = i;
    size_t row_min = cur[0];
    for (size_t j = 1; j <= b.size(); ++j) {
      size_t sub = prev[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1);
      cur[j] = std::min({prev[j] + 1, cur[j - 1] + 1, sub});
      row_min = std::min(row_min, cur[j]);
    }
    if (row_min > bound) return bound + 1;
    std::swap(prev, cur);
  }
  return std::min(prev[b.size()], bound + 1);
}

}  // namespace

const std::vector<PropertySpec>& PropertyCatalog() {
  static const std::vector<PropertySpec> kCatalog = MakeCatalog();
  return kCatalog;
}

const PropertySpec* FindProperty(std::string_view name) {
  for (const auto& s : PropertyCatalog()) {
    if (s.name == name) return &s;
  }
  return nullptr;
}

std::string_view ClosestPropertyName(std::string_view name) {
  // Close enough to be a typo or a case slip: at most a quarter of the name.
  const size_t limit = std::max<size_t>(2, name.size() / 4);
  std::string upper = ToUpperAscii(name);
  std::string_view best;
  size_t best_distance = limit + 1;
  for (const auto& s : PropertyCatalog()) {
    // Only a strictly closer name can win (the first of equals is kept).
    if (best_distance == 0) break;
    size_t d = EditDistanceWithin(upper, ToUpperAscii(s.name), best_distance - 1);
    if (d < best_distance) {
      best_distance = d;
      best = s.name;
    }
  }
  return best;
}

}  // namespace formsender::settings
