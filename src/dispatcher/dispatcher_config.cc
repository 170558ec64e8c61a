#include "dispatcher/dispatcher_config.h"

#include "gcp/secret_manager_client.h"
#include "settings/dispatcher_address.h"

namespace formsender::dispatcher {
namespace {

std::string Text(const settings::Properties& p, std::string_view name) {
  return p.String(name).value_or("");
}

}  // namespace

Result<DispatcherConfig> DispatcherConfigFromProperties(const settings::Properties& p,
                                                        const ServeLocation& location) {
  DispatcherConfig c;
  c.batch_backend = p.String("batch.backend").value_or("local");
  c.objects_public_url = location.public_url;
  while (c.objects_public_url.ends_with("/")) c.objects_public_url.pop_back();
  auto& urls = c.signed_urls;
  urls.ttl_hours = p.Int("FORM_SENDER_SIGNED_URL_TTL_HOURS").value_or(urls.ttl_hours);
  urls.refresh_threshold_seconds =
      p.Int("FORM_SENDER_SIGNED_URL_REFRESH_THRESHOLD").value_or(urls.refresh_threshold_seconds);
  urls.batch_ttl_hours =
      p.Int("FORM_SENDER_SIGNED_URL_TTL_HOURS_BATCH").value_or(urls.batch_ttl_hours);
  urls.batch_refresh_threshold_seconds = p.Int("FORM_SENDER_SIGNED_URL_REFRESH_THRESHOLD_BATCH")
                                             .value_or(urls.batch_refresh_threshold_seconds);

  c.machine_type_default =
      p.String("FORM_SENDER_BATCH_MACHINE_TYPE_DEFAULT").value_or(c.machine_type_default);
  c.vcpu_per_worker_default =
      p.Int("FORM_SENDER_BATCH_VCPU_PER_WORKER_DEFAULT").value_or(c.vcpu_per_worker_default);
  c.memory_per_worker_mb_default = p.Int("FORM_SENDER_BATCH_MEMORY_PER_WORKER_MB_DEFAULT")
                                       .value_or(c.memory_per_worker_mb_default);
  c.memory_buffer_mb_default =
      p.Int("FORM_SENDER_BATCH_MEMORY_BUFFER_MB_DEFAULT").value_or(c.memory_buffer_mb_default);

  batch::JobSettings& js = c.job_settings;
  js.client_config_path =
      p.String("FORM_SENDER_CLIENT_CONFIG_PATH").value_or(js.client_config_path);
  js.cpu_class_default = p.String("FORM_SENDER_CPU_CLASS_DEFAULT").value_or("standard");
  std::string base = Text(p, "FORM_SENDER_DISPATCHER_BASE_URL");
  if (base.empty()) {
    if (auto url = p.String("FORM_SENDER_DISPATCHER_URL")) {
      base = settings::DeriveDispatcherBaseUrl(*url).value_or("");
    }
  }
  while (base.ends_with("/")) base.pop_back();
  js.max_attempts_default = p.Int("FORM_SENDER_BATCH_MAX_ATTEMPTS_DEFAULT").value_or(1);

  std::string project = Text(p, "FORM_SENDER_BATCH_PROJECT_ID");
  if (project.empty()) project = Text(p, "DISPATCHER_PROJECT_ID");
  std::string region = Text(p, "FORM_SENDER_BATCH_LOCATION");
  if (region.empty()) region = Text(p, "DISPATCHER_LOCATION");

  if (c.batch_backend == "gcp") {
    js.form_sender_env = "gcp_batch";
    js.dispatcher_base_url = base;
    js.dispatcher_audience = p.String("FORM_SENDER_DISPATCHER_AUDIENCE").value_or(base);
    c.missing_batch_settings = settings::MissingBatchSettings(p);
    if (!project.empty() && !region.empty()) {
      c.batch_parent = "projects/" + project + "/locations/" + region;
    }
    js.gcp.job_template = Text(p, "FORM_SENDER_BATCH_JOB_TEMPLATE");
    js.gcp.task_group = Text(p, "FORM_SENDER_BATCH_TASK_GROUP");
    js.gcp.container_image = Text(p, "FORM_SENDER_BATCH_CONTAINER_IMAGE");
    js.gcp.entrypoint = Text(p, "FORM_SENDER_BATCH_ENTRYPOINT");
    js.gcp.service_account = Text(p, "FORM_SENDER_BATCH_SERVICE_ACCOUNT");
    js.gcp.network = Text(p, "FORM_SENDER_BATCH_NETWORK");
    js.gcp.subnetwork = Text(p, "FORM_SENDER_BATCH_SUBNETWORK");
    js.gcp.no_external_ip = p.Bool("FORM_SENDER_BATCH_NO_EXTERNAL_IP").value_or(true);
    // Env name → Secret Manager version (spec §4.1 normalisation).
    const std::pair<const char*, const char*> kSecrets[] = {
        {"SUPABASE_URL", "FORM_SENDER_BATCH_SUPABASE_URL_SECRET"},
        {"SUPABASE_SERVICE_ROLE_KEY", "FORM_SENDER_BATCH_SUPABASE_SERVICE_ROLE_SECRET"},
        {"SUPABASE_URL_TEST", "FORM_SENDER_BATCH_SUPABASE_URL_TEST_SECRET"},
        {"SUPABASE_SERVICE_ROLE_KEY_TEST", "FORM_SENDER_BATCH_SUPABASE_SERVICE_ROLE_TEST_SECRET"}};
    for (const auto& [env_name, property] : kSecrets) {
      auto value = p.String(property);
      if (!value || project.empty()) continue;
      auto version = gcp::NormalizeSecretVersionName(*value, project);
      if (!version.ok()) return version.status().WithContext(property);
      js.secrets[env_name] = *version;
    }
  } else {
    // Tasks run here: they reach this store and this serve directly.
    js.form_sender_env = "local";
    js.dispatcher_base_url = base.empty() ? location.public_url : base;
    js.dispatcher_audience = p.String("FORM_SENDER_DISPATCHER_AUDIENCE").value_or("");
    js.extra_env["FORMSENDER_DATA_DIR"] = location.data_dir.string();
    if (!location.database_url.empty())
      js.secrets["FORMSENDER_DATABASE_URL"] = location.database_url;
  }
  if (auto secret = p.String("FORM_SENDER_GIT_TOKEN_SECRET"); secret && !project.empty()) {
    FS_ASSIGN_OR_RETURN(c.git_token_secret, gcp::NormalizeSecretVersionName(*secret, project));
  }

  // The cloud_run path (spec §4.3): DISPATCHER_PROJECT_ID, DISPATCHER_LOCATION and the job.
  for (const char* name :
       {"DISPATCHER_PROJECT_ID", "DISPATCHER_LOCATION", "FORM_SENDER_CLOUD_RUN_JOB"}) {
    if (!p.String(name)) c.missing_cloud_run_settings.emplace_back(name);
  }
  if (c.missing_cloud_run_settings.empty()) {
    std::string job = Text(p, "FORM_SENDER_CLOUD_RUN_JOB");
    c.cloud_run_job = job.starts_with("projects/")
                          ? job
                          : "projects/" + Text(p, "DISPATCHER_PROJECT_ID") + "/locations/" +
                                Text(p, "DISPATCHER_LOCATION") + "/jobs/" + job;
  }
  return c;
}

}  // namespace formsender::dispatcher
