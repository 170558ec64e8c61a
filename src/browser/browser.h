#pragma once
// One running Chromium and its DevTools connection: browser contexts (one per company, so
// cookies and storage never leak between companies) and page targets attached in flatten mode.
// BrowserPool owns one and replaces it when it dies.

#include <atomic>
#include <chrono>
#include <memory>
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

  struct PageTarget {
    std::string target_id;
    std::string session_id;
  };
  // A new about:blank page in `context_id`, attached with its own flattened session.
  Result<PageTarget> CreatePage(const std::string& context_id, std::chrono::milliseconds timeout);
  void ClosePage(const std::string& target_id);  // fire and forget

  // Asks Chromium to quit, waits up to `grace`, then kills what is left and removes the
  // profile. Idempotent.
  void Close(std::chrono::milliseconds grace);

 private:
  Browser() = default;
  void OnBrowserEvent(CdpEvent&& event);

  LoggerPtr log_;
  std::unique_ptr<ChromiumProcess> process_;
  std::unique_ptr<CdpConnection> cdp_;
  std::string product_;
  std::atomic<bool> shut_down_{false};  // Close() was called: death is not a crash
};

}  // namespace formsender::browser
