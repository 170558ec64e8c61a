#include "web/serve_config.h"

#include "batch/cloud_backend.h"
#include "batch/local_backend.h"
#include "batch/monitor.h"
#include "common/clock.h"
#include "common/http_client.h"
#include "common/strings.h"
#include "gcp/google_cloud.h"
#include "objects/object_store_factory.h"
#include "settings/dispatcher_address.h"
#include "settings/properties_environment.h"
#include "tasks/queue_factory.h"

namespace formsender::web {
namespace {

bool IsHttpUrl(std::string_view url) {
  size_t scheme = url.find("://");
  if (scheme == std::string_view::npos) return false;
  std::string s = ToLowerAscii(url.substr(0, scheme));
  if (s != "http" && s != "https") return false;
  std::string_view rest = url.substr(scheme + 3);
  return !rest.substr(0, rest.find_first_of("/?#")).empty();
}

void Add(std::vector<std::string>& problems, const Status& s, std::string_view context = "") {
  if (s.ok()) return;
  for (const std::string& line : Split(s.message(), '\n')) {
    problems.push_back(context.empty() ? line : std::string(context) + ": " + line);
  }
}

}  // namespace

Result<ListenAddress> ParseListenAddress(std::string_view text) {
  std::string_view t = Trim(text);
  size_t colon = t.rfind(':');
  if (colon == std::string_view::npos) {
    return Status::InvalidArgument("listen address \"" + std::string(t) + "\" is not host:port");
  }
  ListenAddress a;
  std::string_view host = t.substr(0, colon);
  if (host.starts_with("[") && host.ends_with("]")) host = host.substr(1, host.size() - 2);
  a.host = host.empty() ? "0.0.0.0" : std::string(host);
  auto port = ParseInt64(t.substr(colon + 1));
  if (!port.ok() || *port < 0 || *port > 65535) {
    return Status::InvalidArgument("listen address \"" + std::string(t) + "\" has no port 0–65535");
  }
  a.port = static_cast<int>(*port);
  return a;
}

std::vector<std::string> CheckServeConfiguration(const settings::Properties& props,
                                                 const Environment& env,
                                                 std::string_view database_url) {
  std::vector<std::string> problems;
  settings::PropertiesEnvironment config(props, env);
  if (auto listen = props.String("serve.listen")) {
    Add(problems, ParseListenAddress(*listen).status(), "serve.listen");
  }
  std::string public_url = props.String("objects.public_url").value_or("http://127.0.0.1:8080");
  if (!IsHttpUrl(public_url)) {
    problems.push_back("FORMSENDER_PUBLIC_URL: \"" + public_url + "\" is not an http(s) URL");
  }
  for (const char* name : {"FORM_SENDER_DISPATCHER_URL", "FORM_SENDER_DISPATCHER_BASE_URL"}) {
    if (auto url = props.String(name); url && !IsHttpUrl(*url)) {
      problems.push_back(std::string(name) + ": \"" + *url + "\" is not an http(s) URL");
    }
  }
  Add(problems, objects::ObjectStoreConfigFromEnvironment(config, "/").status());

  std::string tasks_backend = props.String("tasks.backend").value_or("local");
  if (tasks_backend == "local") {
    Add(problems, tasks::LocalQueueConfig(props).status());
  } else {
    Add(problems, tasks::CloudTasksQueueConfig(props).status());
    Add(problems, tasks::FormSenderEnqueueOptions(props, tasks_backend).status(),
        "tasks.backend = cloudtasks");
  }

  std::string batch_backend = props.String("batch.backend").value_or("local");
  Add(problems, batch::LocalBatchOptionsFromConfig(config, "/").status());
  Add(problems, batch::MonitorOptionsFromEnv(config).status());
  if (batch_backend == "gcp") {
    Add(problems, batch::CloudBatchOptionsFromEnv(config).status(), "batch.backend = gcp");
  }

  bool needs_google = batch_backend == "gcp" || tasks_backend == "cloudtasks" ||
                      props.String("objects.backend").value_or("local") == "gcs";
  if (needs_google) {
    CurlHttpClient http;
    SystemClock clock;
    Add(problems, gcp::GoogleCloud::FromEnvironment(config, http, clock).status(),
        "Google credentials");
  }

  if (props.String("dispatcher.auth").value_or("token") == "oidc") {
    // The production deployment (Cloud Run): the reference's required variables (§4.1) that
    // formsender uses, and what verifying ID tokens needs.
    for (const char* name : {"DISPATCHER_PROJECT_ID", "DISPATCHER_LOCATION"}) {
      if (!props.String(name)) problems.push_back(std::string(name) + " is not set");
    }
    if (!props.String("dispatcher.allowed_service_accounts")) {
      problems.push_back(
          "FORMSENDER_DISPATCHER_ALLOWED_SERVICE_ACCOUNTS is not set (dispatcher.auth = oidc "
          "needs the accounts that may call: Cloud Tasks' OIDC account, the Batch VMs' "
          "account, the orchestrator's)");
    } else {
      for (const std::string& email :
           Split(*props.String("dispatcher.allowed_service_accounts"), ',')) {
        std::string_view e = Trim(email);
        if (e.empty() || e.find('@') == std::string_view::npos) {
          problems.push_back("FORMSENDER_DISPATCHER_ALLOWED_SERVICE_ACCOUNTS: \"" + std::string(e) +
                             "\" is not an email address");
        }
      }
    }
    bool has_audience = props.String("FORM_SENDER_DISPATCHER_AUDIENCE") ||
                        props.String("FORM_SENDER_DISPATCHER_BASE_URL") ||
                        props.String("FORM_SENDER_DISPATCHER_URL");
    if (!has_audience) {
      problems.push_back(
          "FORM_SENDER_DISPATCHER_AUDIENCE (or FORM_SENDER_DISPATCHER_BASE_URL) is not set: "
          "the audience ID tokens must be minted for");
    }
    std::string jwks =
        props.String("dispatcher.jwks_url").value_or("https://www.googleapis.com/oauth2/v3/certs");
    if (!IsHttpUrl(jwks)) {
      problems.push_back("FORMSENDER_DISPATCHER_JWKS_URL: \"" + jwks + "\" is not an http(s) URL");
    }
    if (!database_url.starts_with("postgres")) {
      problems.push_back(
          "FORMSENDER_DATABASE_URL must be the PostgreSQL (Supabase) connection string when "
          "dispatcher.auth = oidc (the reference's DISPATCHER_SUPABASE_URL / "
          "DISPATCHER_SUPABASE_SERVICE_ROLE_KEY are PostgREST credentials formsender does not "
          "use)");
    }
  }
  return problems;
}

}  // namespace formsender::web
