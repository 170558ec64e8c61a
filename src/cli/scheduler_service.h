#pragma once
// The scheduler loop inside `formsender serve` (added in serve's AddServeExtensions): the
// daily trigger and the auto-stops run wherever the dispatcher runs, with no cron.

#include <filesystem>

#include "common/env.h"
#include "web/serve_app.h"

namespace formsender::cli {

// A ServiceFactory for ServeApp::AddServiceFactory. `data_dir` and `env` locate the dispatcher
// API the stops go through (serve's own, via its serve.json, unless
// FORM_SENDER_DISPATCHER_BASE_URL names another); both must outlive the service.
web::ServiceFactory SchedulerServiceFactory(std::filesystem::path data_dir, const Environment& env);

}  // namespace formsender::cli
