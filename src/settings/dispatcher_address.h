#pragma once
// Where the orchestrator reaches the dispatcher, and whether the dispatcher has what batch mode
// needs, from the properties (spec §6.7, §6.5, §4.1).

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"
#include "settings/properties.h"

namespace formsender::settings {

// FORM_SENDER_DISPATCHER_URL, else FORM_SENDER_DISPATCHER_BASE_URL (one trailing '/' removed)
// + "/v1/form-sender/tasks". Neither set → InvalidArgument naming both.
Result<std::string> DispatcherTasksUrl(const Properties& properties);
// The API base for validate/list/cancel and the ID-token audience, derived from a tasks URL
// the way the reference orchestrator does: strip a trailing "/tasks", then "/v1/form-sender"
// (with or without '/'), then a trailing '/'.
std::string DispatcherApiBase(std::string_view tasks_url);
// The reference dispatcher's FORM_SENDER_DISPATCHER_BASE_URL fallback: scheme://host of
// FORM_SENDER_DISPATCHER_URL; nullopt when the URL has no scheme or host.
std::optional<std::string> DeriveDispatcherBaseUrl(std::string_view url);
// FORM_SENDER_TASKS_QUEUE, FORM_SENDER_DISPATCHER_SERVICE_ACCOUNT and a dispatcher URL are
// all set (what the reference requires before it uses the dispatcher at all).
bool IsDispatcherConfigured(const Properties& properties);
// The labels of the batch-mode settings that are missing (empty when batch mode can run), in
// the reference dispatcher's order and wording.
std::vector<std::string> MissingBatchSettings(const Properties& properties);

}  // namespace formsender::settings
