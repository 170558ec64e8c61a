#pragma once
// The browser fallback's public entry: a pool around one headless Chromium per runner.
//
//   BrowserPool pool(options, log);                      // Chromium starts on first use
//   auto session = pool.OpenSession({"company 42"});      // waits for a free page
//   if (!session.ok()) ...                               // kUnavailable: Chromium cannot start
//   auto page = (*session)->Render(url, step);           // PageSnapshot: HTML per frame, ids
//   ... engine analysis on page->frames, builds a FillPlan over data-fs-id values ...
//   auto result = (*session)->Execute(plan, step);       // fills, clicks, waits, snapshots
//   // result->page.network holds XHR/fetch answers (CF7: {"status":"mail_sent"})
//
// One session = one isolated browser context (cookies, storage, cache of one company) and one
// tab. At most BrowserOptions::max_pages sessions exist at once; OpenSession waits for a slot.
// When Chromium dies, calls in flight fail with kUnavailable and the next OpenSession starts a
// new Chromium. Errors: kDeadlineExceeded (page too slow, or a script keeps it busy),
// kUnavailable (Chromium or the renderer crashed, connection refused, DNS failure),
// kPermissionDenied (the SSRF policy refused the page), kNotFound (an element id of the plan
// is not in the page any more), kInvalidArgument (a bad URL or plan).
//
// Thread-safety: the pool is thread-safe; a session is used by one thread at a time.

#include <sys/types.h>

#include <chrono>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "browser/chromium_process.h"
#include "browser/request_filter.h"
#include "browser/types.h"
#include "common/log.h"
#include "common/status.h"

namespace formsender::browser {

// The reference's user agent (spec form-engine §0): what sites saw from the system we replace.
inline constexpr const char* kReferenceUserAgent =
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/120.0.0.0 Safari/537.36";

struct BrowserOptions {
  ChromiumOptions chromium;
  int max_pages = 2;  // pages (sessions) open at once
  std::chrono::milliseconds launch_timeout{30'000};
  std::chrono::milliseconds acquire_timeout{300'000};  // waiting in OpenSession for a slot
  std::chrono::milliseconds setup_timeout{15'000};     // creating a context and its page
  RequestFilterOptions requests;  // SSRF policy, blocked resource types and hosts
  std::string user_agent = kReferenceUserAgent;
  std::string accept_language = "ja,en-US;q=0.8,en;q=0.7";
  std::string locale = "ja-JP";
  size_t max_html_bytes = 8u << 20;    // per frame; the rest is cut (html_truncated)
  size_t max_body_bytes = 256u << 10;  // per request or response body kept
  size_t max_network_entries = 1000;   // per snapshot
  int max_frames = 32;                 // frames serialized per snapshot

  // InvalidArgument naming the first bad field.
  Status Validate() const;
};

struct SessionOptions {
  std::string label = {};  // who this session is for (logs): a company id, a URL
  // Cookies to start with (e.g. what the HTTP path received before falling back).
  std::vector<Cookie> cookies = {};
};

class Browser;
class Page;
struct PoolCore;

class BrowserSession {
 public:
  ~BrowserSession();  // closes the tab, disposes the context, frees the pool slot
  BrowserSession(const BrowserSession&) = delete;
  BrowserSession& operator=(const BrowserSession&) = delete;

  // Opens `url` (http or https), waits for it to settle (StepOptions), serializes every frame.
  Result<PageSnapshot> Render(const std::string& url, const StepOptions& options);
  // Fills and clicks per `plan` on the current page, waits for what the click caused to settle,
  // serializes again. Fill failures are reported per action (ActionOutcome), not as errors;
  // an element id that names nothing fails the call before anything is typed.
  Result<ExecuteResult> Execute(const FillPlan& plan, const StepOptions& options);
  // Serializes the current page again after waiting for it to settle (no navigation).
  Result<PageSnapshot> Snapshot(const StepOptions& options);

  const std::string& label() const { return label_; }

 private:
  friend class BrowserPool;
  BrowserSession() = default;

  std::string label_;
  std::shared_ptr<PoolCore> core_;
  std::shared_ptr<Browser> browser_;
  std::string context_id_;
  std::unique_ptr<Page> page_;
};

struct BrowserStats {
  pid_t pid = 0;     // the current Chromium (0 when none runs)
  int launches = 0;  // Chromium starts since the pool was made
  int crashes = 0;   // times a Chromium was found dead and replaced
  int sessions_open = 0;
  int processes = 0;       // processes in Chromium's process group
  uint64_t rss_bytes = 0;  // summed over them (shared pages counted in each)
  uint64_t pss_bytes = 0;  // proportional set size: shared pages split fairly
  double cpu_seconds = 0;  // CPU used by the current Chromium's processes so far
};

class BrowserPool {
 public:
  BrowserPool(BrowserOptions options, LoggerPtr log);
  ~BrowserPool();  // Shutdown()
  BrowserPool(const BrowserPool&) = delete;
  BrowserPool& operator=(const BrowserPool&) = delete;

  // Waits for a free slot (acquire_timeout → kResourceExhausted), starts Chromium if none is
  // running or the last one died, and opens an isolated context with one page.
  Result<std::unique_ptr<BrowserSession>> OpenSession(const SessionOptions& options);
  // Starts Chromium now instead of at the first OpenSession (fails like it would).
  Status Warm();
  // Closes Chromium; open sessions fail from now on, OpenSession returns kCancelled.
  void Shutdown();
  BrowserStats Stats() const;

 private:
  std::shared_ptr<PoolCore> core_;
};

}  // namespace formsender::browser
