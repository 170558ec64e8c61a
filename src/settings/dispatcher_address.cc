#include "settings/dispatcher_address.h"

#include "common/strings.h"

namespace formsender::settings {
namespace {

constexpr std::string_view kTasksPath = "/v1/form-sender/tasks";

std::string StripSuffix(std::string s, std::string_view suffix) {
  if (s.ends_with(suffix)) s.resize(s.size() - suffix.size());
  return s;
}

bool Set(const Properties& p, std::string_view name) { return p.String(name).has_value(); }

}  // namespace

Result<std::string> DispatcherTasksUrl(const Properties& p) {
  if (auto url = p.String("FORM_SENDER_DISPATCHER_URL")) return *url;
  if (auto base = p.String("FORM_SENDER_DISPATCHER_BASE_URL")) {
    return StripSuffix(*base, "/") + std::string(kTasksPath);
  }
  return Status::InvalidArgument(
      "neither FORM_SENDER_DISPATCHER_URL nor FORM_SENDER_DISPATCHER_BASE_URL is set");
}

std::string DispatcherApiBase(std::string_view tasks_url) {
  std::string s(Trim(tasks_url));
  s = StripSuffix(s, "/tasks");
  if (s.ends_with("/v1/form-sender/")) {
    s = StripSuffix(s, "/v1/form-sender/");
  } else {
    s = StripSuffix(s, "/v1/form-sender");
  }
  return StripSuffix(s, "/");
}

std::optional<std::string> DeriveDispatcherBaseUrl(std::string_view url) {
  auto scheme_end = url.find("://");
  if (scheme_end == std::string_view::npos || scheme_end == 0) return std::nullopt;
  std::string_view rest = url.substr(scheme_end + 3);
  std::string_view host = rest.substr(0, rest.find_first_of("/?#"));
  if (host.empty()) return std::nullopt;
  return std::string(url.substr(0, scheme_end)) + "://" + std::string(host);
}

bool IsDispatcherConfigured(const Properties& p) {
  return Set(p, "FORM_SENDER_TASKS_QUEUE") && Set(p, "FORM_SENDER_DISPATCHER_SERVICE_ACCOUNT") &&
         (Set(p, "FORM_SENDER_DISPATCHER_URL") || Set(p, "FORM_SENDER_DISPATCHER_BASE_URL"));
}

std::vector<std::string> MissingBatchSettings(const Properties& p) {
  std::vector<std::string> missing;
  bool has_base = Set(p, "FORM_SENDER_DISPATCHER_BASE_URL") ||
                  (Set(p, "FORM_SENDER_DISPATCHER_URL") &&
                   DeriveDispatcherBaseUrl(*p.String("FORM_SENDER_DISPATCHER_URL")));
  if (!has_base) {
    missing.push_back(
        "FORM_SENDER_DISPATCHER_BASE_URL (または FORM_SENDER_DISPATCHER_URL から導出)");
  }
  // The audience defaults to the base URL, so it is missing only when the base is.
  if (!has_base && !Set(p, "FORM_SENDER_DISPATCHER_AUDIENCE")) {
    missing.push_back("FORM_SENDER_DISPATCHER_AUDIENCE");
  }
  if (!Set(p, "FORM_SENDER_BATCH_PROJECT_ID") && !Set(p, "DISPATCHER_PROJECT_ID")) {
    missing.push_back("FORM_SENDER_BATCH_PROJECT_ID");
  }
  if (!Set(p, "FORM_SENDER_BATCH_LOCATION") && !Set(p, "DISPATCHER_LOCATION")) {
    missing.push_back("FORM_SENDER_BATCH_LOCATION");
  }
  for (const char* name :
       {"FORM_SENDER_BATCH_JOB_TEMPLATE", "FORM_SENDER_BATCH_TASK_GROUP",
        "FORM_SENDER_BATCH_SERVICE_ACCOUNT", "FORM_SENDER_BATCH_CONTAINER_IMAGE",
        "FORM_SENDER_BATCH_SUPABASE_URL_SECRET", "FORM_SENDER_BATCH_SUPABASE_SERVICE_ROLE_SECRET",
        "FORM_SENDER_BATCH_NETWORK", "FORM_SENDER_BATCH_SUBNETWORK"}) {
    if (!Set(p, name)) missing.push_back(name);
  }
  return missing;
}

}  // namespace formsender::settings
