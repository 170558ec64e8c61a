#pragma once
// The engine's browser path: a form the HTTP path could not send (verdict needs_browser) is
// rendered in Chromium (browser::BrowserPool), analysed with the same AnalyzePage on the
// rendered DOM of each frame (so mapping, values, refusal and CAPTCHA decisions are those of
// the HTTP path), filled with real input events, submitted by clicking the chosen button, and
// judged with the same JudgeResponse on the page after the click and on the XHR/fetch answers
// it caused (Contact Form 7's {"status":"mail_sent"}). A confirmation screen is judged and its
// send button clicked. Library fs_engine_browser (fs_engine + fs_browser).
//
//   browser::BrowserPool pool(browser_options, log);      // one per runner
//   engine::BrowserPath path(pool, clock, log);
//   engine::EngineOptions options;
//   options.browser = &path;                              // auto/browser modes now use it
//   engine::Engine engine(options, clock, log, hooks);
//
// Failures: Chromium or the page's renderer dying before anything may have been delivered →
// the form is tried once more in a new session, then failed PAGE_CLOSED; a page that never
// becomes usable or a script that never yields → TIMEOUT; an address the policy refuses →
// SSRF_BLOCKED; net::ERR_* → DNS_ERROR / CONNECTION_RESET / TIMEOUT / NETWORK.

#include <chrono>

#include "browser/browser_pool.h"
#include "common/clock.h"
#include "common/log.h"
#include "engine/engine.h"

namespace formsender::engine {

struct BrowserPathOptions {
  // Per Render/Execute call (bounded by the task's time_limit left).
  std::chrono::milliseconds step_timeout{30'000};
  // How long a loaded page may keep its network or DOM busy before it is used anyway.
  std::chrono::milliseconds settle_timeout{10'000};
  // New sessions after a crash before anything may have been delivered.
  int crash_retries = 1;
};

// Code and whether the browser (not the site) failed, for a Status of browser::BrowserSession.
struct BrowserFailure {
  std::string code;
  bool crashed = false;  // Chromium or the renderer died: worth one retry
};
BrowserFailure ClassifyBrowserError(const Status& status);

class BrowserPath : public BrowserFallback {
 public:
  BrowserPath(browser::BrowserPool& pool, const Clock& clock, LoggerPtr log,
              BrowserPathOptions options = {});
  FormResult Run(const FormTask& task, const Hooks& hooks, const FormResult& http) override;

 private:
  browser::BrowserPool& pool_;
  const Clock& clock_;
  LoggerPtr log_;
  BrowserPathOptions options_;
};

}  // namespace formsender::engine
