#include "settings/client_config.h"

#include <cmath>

#include "settings/sheet_columns.h"
#include "settings/values.h"

namespace formsender::settings {
namespace {

OrderedJson Number(double v) {
  if (std::floor(v) == v && std::fabs(v) < 1e15) return static_cast<int64_t>(v);
  return v;
}

}  // namespace

OrderedJson BuildClientConfig(const Targeting& t, const Client& c, const EffectiveSettings& s) {
  OrderedJson client = OrderedJson::object();
  for (const ClientColumn& col : ClientColumns()) client[std::string(col.name)] = c.*(col.member);

  OrderedJson targeting = OrderedJson::object();
  targeting["id"] = t.id;
  targeting["subject"] = ExpandEscapes(t.subject);
  targeting["message"] = ExpandEscapes(t.message);
  targeting["targeting_sql"] = t.targeting_sql;
  targeting["ng_companies"] = t.ng_companies;
  targeting["max_daily_sends"] = s.max_daily_sends.value;
  targeting["send_start_time"] = s.send_start_time.value;
  targeting["send_end_time"] = s.send_end_time.value;
  targeting["send_days_of_week"] = s.send_days_of_week.value;
  targeting["use_extra_table"] = t.use_extra_table;
  targeting["session_max_hours"] = Number(s.session_max_hours.value);
  targeting["concurrent_workflow"] = s.concurrent_workflow.value;
  // The mode columns appear (under both spellings, in the targeting object and at the top)
  // only when the sheet has a value.
  auto add_mode_flags = [&](OrderedJson& obj) {
    if (t.use_serverless) {
      obj["useServerless"] = *t.use_serverless;
      obj["use_serverless"] = *t.use_serverless;
    }
    if (t.use_gcp_batch) {
      obj["useGcpBatch"] = *t.use_gcp_batch;
      obj["use_gcp_batch"] = *t.use_gcp_batch;
    }
  };
  add_mode_flags(targeting);

  OrderedJson batch = OrderedJson::object();
  if (t.use_gcp_batch) batch["enabled"] = *t.use_gcp_batch;
  auto put = [&](const char* key, const auto& v) {
    if (v) batch[key] = *v;
  };
  put("max_parallelism", t.batch_max_parallelism);
  put("prefer_spot", t.batch_prefer_spot);
  put("allow_on_demand_fallback", t.batch_allow_on_demand_fallback);
  put("machine_type", t.batch_machine_type);
  put("instance_count", t.batch_instance_count);
  put("workers_per_workflow", t.batch_workers_per_workflow);
  put("signed_url_ttl_hours", t.batch_signed_url_ttl_hours);
  put("signed_url_refresh_threshold_seconds", t.batch_signed_url_refresh_threshold_seconds);
  put("vcpu_per_worker", t.batch_vcpu_per_worker);
  put("memory_per_worker_mb", t.batch_memory_per_worker_mb);
  put("max_attempts", t.batch_max_attempts);

  OrderedJson config = OrderedJson::object();
  config["targeting_id"] = t.id;
  config["client_id"] = t.client_id;
  config["active"] = t.active;
  config["description"] = t.description;
  config["use_extra_table"] = t.use_extra_table;
  config["client"] = std::move(client);
  config["targeting"] = std::move(targeting);
  add_mode_flags(config);
  config["batch"] = std::move(batch);
  return config;
}

std::string ClientConfigText(const Targeting& t, const Client& c, const EffectiveSettings& s) {
  return DumpJson(BuildClientConfig(t, c, s));
}

}  // namespace formsender::settings
