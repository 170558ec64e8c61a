#pragma once
// One tab of one browser context, driven over its flattened DevTools session (internal to the
// browser component; BrowserSession is the public face).
//
// Two threads touch a Page: the caller (Navigate/Execute/Snapshot, one at a time) and the
// page's event thread, which answers intercepted requests, accepts dialogs and keeps the
// network/lifecycle bookkeeping the settle logic reads. The reader thread of the connection
// only queues events for the event thread, so it never waits on a page.

#include <chrono>
#include <condition_variable>
#include <deque>
#include <map>
#include <memory>
#include <mutex>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "browser/browser.h"
#include "browser/dom_agent.h"
#include "browser/request_filter.h"
#include "browser/types.h"

namespace formsender::browser {

struct BrowserOptions;

class Page {
 public:
  using SteadyClock = std::chrono::steady_clock;

  Page(std::shared_ptr<Browser> browser, std::shared_ptr<RequestFilter> filter,
       const BrowserOptions& options, std::string context_id, Browser::PageTarget target,
       LoggerPtr log);
  ~Page();  // stops the event thread and closes the tab (the context is the caller's)
  Page(const Page&) = delete;
  Page& operator=(const Page&) = delete;

  // Enables the domains, interception and emulation the page needs. Called once.
  Status Attach(const std::vector<Cookie>& cookies);

  Result<PageSnapshot> Navigate(const std::string& url, const StepOptions& options);
  Result<ExecuteResult> Execute(const FillPlan& plan, const StepOptions& options);
  Result<PageSnapshot> Snapshot(const StepOptions& options);

 private:
  // ---- events (page_events.cc) ----
  void OnEvent(CdpEvent&& event);  // connection reader thread: queue only
  void EventLoop();
  void Handle(const CdpEvent& event);
  void OnRequestPaused(const CdpEvent& event);
  void OnRequestWillBeSent(const Json& params);
  void OnResponseReceived(const Json& params);
  void OnLoadingDone(const Json& params, bool failed);
  void OnLifecycle(const Json& params);
  void OnAttachedToTarget(const CdpEvent& event);
  void FetchResponseBody(const std::string& request_id);
  void CommitDocument(const std::string& loader_id);  // with mu_ held

  // ---- waiting and snapshots (page.cc, page_snapshot.cc) ----
  struct Deadlines {
    SteadyClock::time_point start;
    SteadyClock::time_point total;   // the whole call
    SteadyClock::time_point settle;  // give up waiting for quiet (set once usable)
  };
  Deadlines MakeDeadlines(const StepOptions& options) const;
  std::chrono::milliseconds Remaining(const Deadlines& d) const;
  // Waits until the current document is usable, then for it to settle (see SettleReport).
  // `expected_loader`: the document a navigation announced ("" = whatever is current);
  // `not_before`: do not call the page settled earlier (just after a click).
  Status WaitSettled(const StepOptions& options, Deadlines& deadlines,
                     const std::string& expected_loader, SteadyClock::time_point not_before,
                     SettleReport* report);
  Status CheckAlive() const;  // kUnavailable after a crash or detach; the policy violation
  Result<PageSnapshot> TakeSnapshot(const StepOptions& options, const Deadlines& deadlines);
  Result<std::vector<FrameSnapshot>> SerializeFrames(const Deadlines& deadlines);
  void DrainNetwork(PageSnapshot& snapshot);  // moves what was recorded since the last one
  std::string WriteScreenshot(const std::string& path, const Deadlines& deadlines);

  // ---- filling (page_fill.cc) ----
  Status CheckPlan(const FillPlan& plan) const;
  // Fill problems go into `out`; a Status is returned only when the page itself failed (gone,
  // busy past the deadline), which ends the plan.
  Status Fill(const FillAction& action, ActionOutcome& out, const Deadlines& deadlines);
  Status FillText(const std::string& frame, const FillAction& action, ActionOutcome& out,
                  const Deadlines& deadlines);
  Status FillSelect(const std::string& frame, const FillAction& action, ActionOutcome& out,
                    const Deadlines& deadlines);
  Status FillCheckable(const std::string& frame, const FillAction& action, ActionOutcome& out,
                       const Deadlines& deadlines);
  // A real mouse click at the element's center (page coordinates from DOM.getContentQuads).
  Status MouseClick(const std::string& frame, const std::string& element_id,
                    const Deadlines& deadlines);
  Status ClickSubmit(const std::string& element_id, ExecuteResult& result,
                     const Deadlines& deadlines);
  Result<Json> Agent(const std::string& frame, const std::string& expression,
                     const Deadlines& deadlines);

  std::shared_ptr<Browser> browser_;
  CdpConnection& cdp_;
  std::shared_ptr<RequestFilter> filter_;
  const BrowserOptions& options_;
  std::string context_id_;
  Browser::PageTarget target_;
  LoggerPtr log_;
  DomAgent agent_;

  std::thread event_thread_;
  std::mutex queue_mu_;
  std::condition_variable queue_cv_;
  std::deque<CdpEvent> queue_;
  bool stopping_ = false;

  // Bookkeeping shared by the two threads.
  mutable std::mutex mu_;
  std::condition_variable changed_;  // any of the below changed
  std::string main_frame_id_;
  std::string main_url_;
  std::string loader_id_;  // the main frame's current document
  bool dom_content_loaded_ = false;
  bool load_event_ = false;
  int documents_committed_ = 0;  // main-frame documents since attach
  // The main frame started loading something that has not committed yet (a navigation the
  // click caused, a form POST waiting for its answer).
  bool navigation_pending_ = false;
  // Requests counted for network idleness: request id -> loader id of the document that made
  // them (a new main document drops the old one's, whose end Chromium may never report).
  std::map<std::string, std::string> in_flight_;
  SteadyClock::time_point last_network_activity_;
  std::map<std::string, int> document_status_;    // loader id -> HTTP status
  std::map<std::string, size_t> exchange_index_;  // request id -> index in exchanges_
  std::vector<NetworkExchange> exchanges_;
  std::vector<BlockedRequest> blocked_;
  std::vector<std::string> dialogs_;
  std::set<std::string> worker_sessions_;  // sessions of what the page started
  std::vector<std::string> popups_;        // windows it opened, since the last snapshot
  Status dead_;                            // crashed or detached
  Status violation_;                       // a response came from a refused address
};

}  // namespace formsender::browser
