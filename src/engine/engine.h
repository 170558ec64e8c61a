#pragma once
// The form engine's public interface: give it a form URL, the client_config and the company
// row; it fetches the page, decides whether it may send, fills, submits (through a
// confirmation screen if there is one), judges, and returns a FormResult with its evidence.
//
// Two ways to run it, one code path:
//
//   // Synchronous, one form (formsender send, tests):
//   FormResult r = RunOne(task, options, clock, log, hooks);
//
//   // Many forms at once on one thread (the runner's workers): one curl multi handle, at most
//   // options.forms_in_flight forms in progress, at most one request at a time per host.
//   Engine engine(options, clock, log, hooks);
//   engine.Run([&](Engine& e) {            // called whenever there is room for more forms
//     auto task = NextTask();              // e.g. claim a company from the queue
//     if (!task) return false;             // no more work: Run returns once in-flight finish
//     e.Add(*task, [](FormResult r) { Record(r); });  // called on this thread
//     return true;
//   });
//
// Threads: an Engine is used by one thread (the one calling Run). Hooks and `done` callbacks
// run on that thread, between network events: keep them short (a database write is fine).
// Memory: a form in flight holds its session (curl easy handle + cookies), the current page
// (≤ 5 MiB, usually 20-200 KB) and its analysis; the page is dropped once analysed.
//
// Analysis without the network: AnalyzePage (analyze.h) runs the same decisions on any HTML,
// so the browser fallback can judge a DOM it rendered exactly as the HTTP path does.

#include <chrono>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include <atomic>

#include "common/clock.h"
#include "common/handles.h"
#include "common/json.h"
#include "common/log.h"
#include "common/status.h"
#include "engine/codes.h"

namespace formsender::engine {

enum class EngineMode {
  kHttp,     // HTTP only; pages that need JavaScript end as skipped NEEDS_BROWSER
  kBrowser,  // straight to the browser (EngineOptions::browser); NEEDS_BROWSER without one
  kAuto,     // HTTP first; a NEEDS_BROWSER verdict runs the form again in the browser (when
             // EngineOptions::browser is set, else it stays skipped NEEDS_BROWSER)
};

// "http", "browser", "auto" → the mode; kInvalidArgument naming the value otherwise.
Result<EngineMode> ParseEngineMode(std::string_view name);
std::string_view EngineModeName(EngineMode mode);

struct EvidenceOptions {
  // Keep the HTML of each page seen (truncated) in FormResult::pages.
  bool keep_pages = false;
  size_t max_page_bytes = 64 * 1024;
  // Browser path only (evidence.screenshots): PNGs of the confirmation and completion pages
  // are written into `screenshot_dir` (must exist) and listed in FormResult::screenshots.
  bool screenshots = false;
  std::string screenshot_dir;
};

struct FormTask {
  std::string id;   // the caller's key (company id …), echoed in results and hooks
  std::string url;  // the contact form's URL (http/https)
  Json client_config = Json::object();  // the reference's client_config (form-engine §1)
  Json company = Json::object();        // the companies row, for {column} placeholders
  bool dry_run = false;                 // stop before any request that may deliver the message
  bool analyze_only = false;            // stop after the page analysis (formsender analyze)
  bool allow_private_targets = false;   // loopback/private addresses (tests, sample sites)
  // Private addresses (as connected to, e.g. "10.0.0.5") this task may reach although
  // allow_private_targets is off: an intranet form an operator vouches for, or one test site
  // whose redirects to every other private address must still be refused.
  std::vector<std::string> allowed_private_addresses;
  EngineMode mode = EngineMode::kAuto;
  std::chrono::milliseconds time_limit{120'000};  // the whole flow, all requests included
  EvidenceOptions evidence;
};

struct Step {
  std::string method;
  std::string url;
  int status = 0;    // 0 when the request failed without a response
  std::string note;  // page, redirect, frame, submit, confirm, final
};

struct FormResult {
  std::string task_id;
  std::string url;
  std::string outcome = "failed";  // success | failed | skipped
  std::string code;                // SUCCESS or the reason (docs/engine.md)
  std::string message;             // one human sentence
  ClassifyDetail detail;           // classify_detail for submissions.classify_detail
  Json analysis = Json::object();  // the analyze JSON of the form page
  Json field_mapping = Json::array();
  std::vector<Step> steps;
  bool submitted = false;  // a request that may have delivered the message was sent
  std::vector<std::string> judge_signals;
  bool bot_protection_detected = false;
  bool prohibition_detected = false;
  std::vector<std::string> prohibition_phrases;
  std::vector<std::pair<std::string, std::string>> pages;  // url → HTML (keep_pages)
  std::string engine = "http";           // the path that produced this result: http | browser
  std::vector<std::string> screenshots;  // PNG paths (browser path, evidence.screenshots)
  double elapsed_seconds = 0;
  // Seconds spent per stage, for the engine's latency histograms (docs/engine.md): "fetch" the
  // form page (redirects and frames included), "analyze" reading it and filling the form,
  // "submit" the first submission's round trip, "confirm" the confirmation screen's send,
  // "judge" reading the answers, "browser" the browser fallback. Stages not reached are absent.
  std::map<std::string, double> stage_seconds;
  // Transfers that ended without an answer, by kind: the engine code in lower case (timeout,
  // dns_error, tls_error, connection_reset, access, page_too_large, ssrf_blocked, system).
  std::map<std::string, int64_t> fetch_errors;

  // {"outcome","code","message","steps","submitted","judge":{"signals"},"classify_detail",
  //  "bot_protection_detected","prohibition_detected", ...analysis fields}
  Json ToJson() const;
};

// What the engine is about to send.
struct FinalSubmitInfo {
  std::string task_id;
  std::string form_url;  // the page the form was on
  std::string method;
  std::string url;  // where the request goes
  // 1: the form's own submission (may be a confirmation step, may deliver);
  // 2: the send button of a confirmation screen (delivers).
  int step = 1;
  bool expects_confirmation = false;  // step 1 whose button reads like 確認画面へ
  std::vector<std::pair<std::string, std::string>> fields;  // UTF-8 names and values
};

struct Hooks {
  // Called immediately before every request that may deliver the message (see
  // FinalSubmitInfo::step). A non-OK Status stops the flow: nothing is sent and the result
  // is skipped with code SKIPPED_BY_HOOK and the Status message. The runner writes its
  // never-twice ledger intent here.
  std::function<Status(const FinalSubmitInfo&)> before_final;
  // Called once after the last such request with the final result (outcome may be failed or
  // unknown-as-failed when the connection broke after sending). The runner writes the ledger
  // outcome here.
  std::function<void(const FinalSubmitInfo&, const FormResult&)> after_final;
};

// The browser fallback as the engine sees it (implemented by BrowserPath in
// engine/browser_path.h, library fs_engine_browser, which owns nothing but uses the runner's
// browser::BrowserPool). Run is synchronous: it renders, fills, clicks and judges one form,
// calling the same hooks as the HTTP path, and returns its FormResult. `http` is what the
// HTTP path concluded (its steps are kept as evidence).
class BrowserFallback {
 public:
  virtual ~BrowserFallback() = default;
  virtual FormResult Run(const FormTask& task, const Hooks& hooks, const FormResult& http) = 0;
};

// At most one request at a time per host among the engines that share one gate (the runner's
// workers each drive an Engine on their own thread; with one gate, a site never sees two
// requests of the runner at once). Thread-safe.
class HostGate {
 public:
  // Takes `host` if nobody holds it.
  bool TryAcquire(const std::string& host);
  void Release(const std::string& host);

 private:
  std::mutex mu_;
  std::set<std::string> busy_;
};

struct EngineOptions {
  // The browser fallback (not owned; must outlive the Engine). nullptr: no browser, so
  // NEEDS_BROWSER results stay skipped. While a form runs in the browser, the Engine's Run
  // thread waits for it (HTTP forms of that Engine pause): give the browser its own Engine
  // worker when throughput matters.
  BrowserFallback* browser = nullptr;
  int forms_in_flight = 32;
  // Shared by several engines to serialise requests per host across them; null: the engine
  // makes its own (per-host serialisation within this engine only).
  std::shared_ptr<HostGate> host_gate;
  std::string user_agent;  // empty = a current desktop Chrome string
  size_t max_body_bytes = 5 * 1024 * 1024;
  std::chrono::milliseconds connect_timeout{10'000};
  std::chrono::milliseconds request_timeout{30'000};
  int max_redirects = 5;
};

class FormJob;

class Engine {
 public:
  Engine(EngineOptions options, const Clock& clock, LoggerPtr log, Hooks hooks = {});
  ~Engine();
  Engine(const Engine&) = delete;
  Engine& operator=(const Engine&) = delete;

  // Queues a form. `done` runs on the Run thread when it finishes.
  void Add(FormTask task, std::function<void(FormResult)> done);
  // Drives the queued forms until none is left. `refill` (optional) is called whenever there
  // is room for more; it returns false when it has nothing more to add.
  void Run(const std::function<bool(Engine&)>& refill = nullptr);
  // Asks Run to stop: queued forms are skipped (SHUTDOWN_REQUESTED); in-flight requests are
  // abandoned (TIMEOUT if they may have delivered). Thread-safe.
  void Cancel();

  size_t in_flight() const { return active_.size(); }
  size_t queued() const { return pending_.size(); }

 private:
  friend class FormJob;
  struct Pending {
    FormTask task;
    std::function<void(FormResult)> done;
  };
  void Start(Pending p);
  void Issue(FormJob* job);     // the job has a request ready: sent now or queued behind its host
  bool TryIssue(FormJob* job);  // false (nothing changed) while another request holds the host
  void Finish(FormJob* job);
  void PumpHosts();

  EngineOptions options_;
  const Clock& clock_;
  LoggerPtr log_;
  Hooks hooks_;
  CurlMultiPtr multi_;
  std::deque<Pending> pending_;
  std::map<FormJob*, std::unique_ptr<FormJob>> active_;
  std::map<std::string, std::deque<FormJob*>> host_waiting_;
  std::vector<FormJob*> finished_;
  std::atomic<bool> cancelled_{false};
};

// Runs one form to completion on the calling thread.
FormResult RunOne(const FormTask& task, const EngineOptions& options, const Clock& clock,
                  LoggerPtr log, Hooks hooks = {});

}  // namespace formsender::engine
