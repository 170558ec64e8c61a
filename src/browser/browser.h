#pragma once
// One running Chromium and its DevTools connection: browser contexts (one per company, so
// cookies and storage never leak between companies) and page targets attached in flatten mode.
// BrowserPool owns one and replaces it when it dies.

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <map>
#include <memory>
#include <mutex>
#include <string>

#include "browser/cdp_connection.h"
#include "browser/chromium_process.h"
#include "common/log.h"
#include "common/status.h"

namespace formsender::browser {

class Browser {
 public:
  // Launches Chromium and waits (up to `startup_timeout`) until it answers on its pipe.
  static Result<std::shared_ptr<Browser>> Launch(const ChromiumOptions& options,
                                                 std::chrono::milliseconds startup_timeout,
                                                 LoggerPtr log);
  ~Browser();  // Close(2 s)
  Browser(const Browser&) = delete;
  Browser& operator=(const Browser&) = delete;

  CdpConnection& cdp() { return *cdp_; }
  pid_t pid() const { return process_->pid(); }
  const std::string& product() const { return product_; }
  // False once the connection closed or the process exited.
  bool is_alive() const;
  // Why it is not alive: kCancelled after Close(); otherwise kUnavailable naming the process's
  // fate and the tail of its log.
  Status DeathStatus() const;

  Result<std::string> CreateContext(std::chrono::milliseconds timeout);
  void DisposeContext(const std::string& context_id);  // fire and forget
  // Where "Target.attachedToTarget" events for windows opened inside `context_id` go (the
  // context's page, which filters their requests). Without a sink such windows are closed.
  void SetPopupSink(const std::string& context_id, CdpEventHandler sink);

  struct PageTarget {
    std::string target_id;
    std::string session_id;
  };
  // A new about:blank page in `context_id` with its own flattened session. The page waits,
  // paused, until its session sends Runtime.runIfWaitingForDebugger (Page::Attach does, once
  // interception is on).
  Result<PageTarget> CreatePage(const std::string& context_id, std::chrono::milliseconds timeout);
  void ClosePage(const std::string& target_id);  // fire and forget

  // Asks Chromium to quit, waits up to `grace`, then kills what is left and removes the
  // profile. Idempotent.
  void Close(std::chrono::milliseconds grace);

 private:
  Browser() = default;
  void OnBrowserEvent(CdpEvent&& event);
  void OnAutoAttached(CdpEvent&& event);

  LoggerPtr log_;
  std::unique_ptr<ChromiumProcess> process_;
  std::unique_ptr<CdpConnection> cdp_;
  std::string product_;
  std::atomic<bool> shut_down_{false};

  struct ContextState {
    bool has_page = false;  // the first page of a context is ours; later ones are popups
    CdpEventHandler popup_sink;
  };
  std::mutex contexts_mu_;
  std::map<std::string, ContextState> contexts_;
  std::condition_variable own_sessions_cv_;
  std::map<std::string, std::string> own_sessions_;  // target id -> its paused session  // Close()
                                                     // was called: death is not a crash
};

}  // namespace formsender::browser
