#include "settings/execution_mode.h"

#include "common/strings.h"

namespace formsender::settings {
namespace {

std::string Where(const Properties& p, std::string_view name) {
  const PropertyValue* v = p.Find(name);
  return v && !v->origin.empty() ? " (" + v->origin + ")" : "";
}

std::string RowFlag(std::string_view column, const std::optional<bool>& v) {
  return std::string(column) + (v ? (*v ? " = TRUE" : " = FALSE") : " blank");
}

}  // namespace

std::string_view ExecutionModeName(ExecutionMode mode) {
  return mode == ExecutionMode::kBatch ? "batch" : "serverless";
}

std::string_view DispatcherModeName(ExecutionMode mode) {
  return mode == ExecutionMode::kBatch ? "batch" : "cloud_run";
}

Result<ModeDecision> ResolveExecutionMode(const Targeting& t, const Properties& p) {
  const std::string row = "the targeting row has " + RowFlag("use_gcp_batch", t.use_gcp_batch) +
                          ", " + RowFlag("use_serverless", t.use_serverless);
  ModeDecision d;
  if (t.use_gcp_batch.value_or(false)) {
    d.mode = ExecutionMode::kBatch;
    d.from_targeting = true;
    d.reason = "use_gcp_batch = TRUE in the targeting row (explicit values first, batch first)";
    return d;
  }
  if (t.use_serverless.value_or(false)) {
    d.mode = ExecutionMode::kServerless;
    d.from_targeting = true;
    d.reason = "use_serverless = TRUE in the targeting row (explicit values beat the properties)";
    return d;
  }
  bool batch_property = p.Bool("USE_GCP_BATCH").value_or(false);
  bool serverless_property = p.Bool("USE_SERVERLESS_FORM_SENDER").value_or(false);
  if (!t.use_gcp_batch && batch_property) {
    d.mode = ExecutionMode::kBatch;
    d.property = "USE_GCP_BATCH";
    d.reason = "USE_GCP_BATCH = true" + Where(p, "USE_GCP_BATCH") + " and " + row +
               (serverless_property ? " (batch is considered before serverless)" : "");
    return d;
  }
  if (!t.use_serverless && serverless_property) {
    d.mode = ExecutionMode::kServerless;
    d.property = "USE_SERVERLESS_FORM_SENDER";
    d.reason = "USE_SERVERLESS_FORM_SENDER = true" + Where(p, "USE_SERVERLESS_FORM_SENDER") +
               " and " + row;
    return d;
  }
  std::string why =
      row + "; USE_GCP_BATCH is " +
      (batch_property ? "true but the row turns batch off"
                      : (p.Find("USE_GCP_BATCH") ? "false" : "not set")) +
      "; USE_SERVERLESS_FORM_SENDER is " +
      (serverless_property ? "true but the row turns serverless off"
                           : (p.Find("USE_SERVERLESS_FORM_SENDER") ? "false" : "not set"));
  return Status::InvalidArgument(
      "targeting " + std::to_string(t.id) + ": no execution mode is selected (" + why +
      "). The reference would run it on GitHub Actions, which formsender does not have: set "
      "USE_GCP_BATCH = true (Cloud Batch, or local processes with batch.backend = \"local\") or "
      "USE_SERVERLESS_FORM_SENDER = true (Cloud Run Jobs) in formsender.toml or the "
      "environment, or use_gcp_batch / use_serverless = TRUE in the targeting row");
}

bool UsesCloudTasksDispatcher(const Properties& p) {
  return p.String("tasks.backend").value_or("local") == "cloudtasks" ||
         p.String("FORM_SENDER_TASKS_QUEUE").has_value();
}

std::vector<std::string> MissingDispatcherSettings(const Properties& p) {
  std::vector<std::string> missing;
  if (!UsesCloudTasksDispatcher(p)) return missing;
  if (!p.String("FORM_SENDER_TASKS_QUEUE")) missing.push_back("FORM_SENDER_TASKS_QUEUE");
  if (!p.String("FORM_SENDER_DISPATCHER_SERVICE_ACCOUNT")) {
    missing.push_back("FORM_SENDER_DISPATCHER_SERVICE_ACCOUNT");
  }
  if (!p.String("FORM_SENDER_DISPATCHER_URL") && !p.String("FORM_SENDER_DISPATCHER_BASE_URL")) {
    missing.push_back("FORM_SENDER_DISPATCHER_URL or FORM_SENDER_DISPATCHER_BASE_URL");
  }
  return missing;
}

Status CheckDispatcherConfigured(const Properties& p) {
  std::vector<std::string> missing = MissingDispatcherSettings(p);
  if (missing.empty()) return Status::Ok();
  return Status::InvalidArgument(
      "the Cloud Tasks dispatcher is not configured: " + Join(missing, ", ") +
      (missing.size() == 1 ? " is" : " are") +
      " not set (the reference would fall back to GitHub Actions, which formsender does not "
      "have). Set them, or use the embedded queue (tasks.backend = \"local\" without "
      "FORM_SENDER_TASKS_QUEUE)");
}

}  // namespace formsender::settings
