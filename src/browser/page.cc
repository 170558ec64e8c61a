#include "browser/page.h"

#include "browser/browser_pool.h"
#include "common/strings.h"

namespace formsender::browser {
namespace {

using std::chrono::milliseconds;

constexpr milliseconds kPollInterval{50};

// Runs in every frame before the page's own scripts: channels that would bypass request
// interception (sockets, peer connections, service workers) are removed.
constexpr const char* kPageGuard = R"JS((() => {
  for (const n of ['WebSocket', 'WebTransport', 'RTCPeerConnection', 'webkitRTCPeerConnection',
                   'SharedWorker']) {
    try { Object.defineProperty(window, n, {value: undefined}); } catch (e) {}
  }
  try {
    Object.defineProperty(Navigator.prototype, 'serviceWorker', {get: () => undefined});
  } catch (e) {}
})();)JS";

// The main frame's document was refused by the address policy.
const BlockedRequest* RefusedDocument(const std::vector<BlockedRequest>& blocked,
                                      const std::string& main_frame_id) {
  for (const auto& b : blocked) {
    if (b.is_policy && b.resource_type == "Document" && b.frame_id == main_frame_id) return &b;
  }
  return nullptr;
}

Status NavigationError(const std::string& url, const std::string& error_text,
                       const std::vector<BlockedRequest>& blocked,
                       const std::string& main_frame_id) {
  if (const BlockedRequest* b = RefusedDocument(blocked, main_frame_id)) {
    return Status::PermissionDenied("refused to open " + b->url + ": " + b->reason);
  }
  if (error_text.find("ERR_ACCESS_DENIED") != std::string::npos) {
    return Status::PermissionDenied("refused to open " + url + " (" + error_text + ")");
  }
  if (error_text.find("ERR_NAME_NOT_RESOLVED") != std::string::npos) {
    return Status::Unavailable("cannot resolve the host of " + url + " (" + error_text + ")");
  }
  if (error_text.find("ERR_TIMED_OUT") != std::string::npos) {
    return Status::DeadlineExceeded("opening " + url + " timed out (" + error_text + ")");
  }
  return Status::Unavailable("opening " + url + " failed: " + error_text);
}

}  // namespace

Page::Page(std::shared_ptr<Browser> browser, std::shared_ptr<RequestFilter> filter,
           const BrowserOptions& options, std::string context_id, Browser::PageTarget target,
           LoggerPtr log)
    : browser_(std::move(browser)),
      cdp_(browser_->cdp()),
      filter_(std::move(filter)),
      options_(options),
      context_id_(std::move(context_id)),
      target_(std::move(target)),
      log_(log ? std::move(log) : MakeNullLogger()),
      agent_(cdp_, target_.session_id),
      last_network_activity_(SteadyClock::now()) {
  event_thread_ = std::thread([this] { EventLoop(); });
  cdp_.SetSessionHandler(target_.session_id, [this](CdpEvent&& e) { OnEvent(std::move(e)); });
  browser_->SetPopupSink(context_id_, [this](CdpEvent&& e) { OnEvent(std::move(e)); });
}

Page::~Page() {
  browser_->SetPopupSink(context_id_, nullptr);
  cdp_.RemoveSessionHandler(target_.session_id);
  std::set<std::string> workers;
  {
    std::lock_guard lock(mu_);
    workers = worker_sessions_;
  }
  for (const auto& w : workers) cdp_.RemoveSessionHandler(w);
  {
    std::lock_guard lock(queue_mu_);
    stopping_ = true;
  }
  queue_cv_.notify_all();
  if (event_thread_.joinable()) event_thread_.join();
  browser_->ClosePage(target_.target_id);
}

Status Page::Attach(const std::vector<Cookie>& cookies) {
  const milliseconds t = options_.setup_timeout;
  const std::string& s = target_.session_id;
  auto call = [&](const char* method, Json params) -> Status {
    auto r = cdp_.Call(method, std::move(params), s, t);
    return r.ok() ? Status::Ok() : r.status();
  };
  Json patterns = Json::array();
  patterns.push_back({{"urlPattern", "*"}, {"requestStage", "Request"}});
  FS_RETURN_IF_ERROR(call("Page.enable", Json::object()));
  FS_RETURN_IF_ERROR(call("Page.setLifecycleEventsEnabled", {{"enabled", true}}));
  FS_RETURN_IF_ERROR(call("Network.enable",
                          {{"maxTotalBufferSize", 16 << 20}, {"maxResourceBufferSize", 4 << 20}}));
  FS_RETURN_IF_ERROR(call("Fetch.enable", {{"patterns", std::move(patterns)}}));
  FS_RETURN_IF_ERROR(
      call("Emulation.setUserAgentOverride", {{"userAgent", options_.user_agent},
                                              {"acceptLanguage", options_.accept_language},
                                              {"platform", "Win32"}}));
  FS_RETURN_IF_ERROR(
      call("Emulation.setTimezoneOverride", {{"timezoneId", options_.chromium.time_zone}}));
  FS_RETURN_IF_ERROR(call("Emulation.setLocaleOverride", {{"locale", options_.locale}}));
  // Pages in the background still get focus events and Input.insertText goes to the field.
  FS_RETURN_IF_ERROR(call("Emulation.setFocusEmulationEnabled", {{"enabled", true}}));
  FS_RETURN_IF_ERROR(call("Page.addScriptToEvaluateOnNewDocument", {{"source", kPageGuard}}));
  FS_RETURN_IF_ERROR(
      call("Target.setAutoAttach",
           {{"autoAttach", true}, {"waitForDebuggerOnStart", true}, {"flatten", true}}));
  if (!cookies.empty()) {
    Json list = Json::array();
    for (const auto& c : cookies) {
      Json j = {{"name", c.name}, {"value", c.value},   {"domain", c.domain},
                {"path", c.path}, {"secure", c.secure}, {"httpOnly", c.http_only}};
      if (c.expires_unix_s > 0) j["expires"] = c.expires_unix_s;
      if (!c.same_site.empty()) j["sameSite"] = c.same_site;
      list.push_back(std::move(j));
    }
    auto r = cdp_.Call("Storage.setCookies",
                       {{"cookies", std::move(list)}, {"browserContextId", context_id_}}, "", t);
    if (!r.ok()) return r.status().WithContext("setting the session's cookies");
  }
  FS_RETURN_IF_ERROR(call("Runtime.runIfWaitingForDebugger", Json::object()));
  FS_ASSIGN_OR_RETURN(Json tree, cdp_.Call("Page.getFrameTree", Json::object(), s, t));
  const Json& frame = tree["frameTree"]["frame"];
  std::lock_guard lock(mu_);
  main_frame_id_ = frame.value("id", std::string());
  main_url_ = frame.value("url", std::string());
  if (loader_id_.empty()) loader_id_ = frame.value("loaderId", std::string());
  dom_content_loaded_ = load_event_ = true;  // about:blank
  return Status::Ok();
}

Page::Deadlines Page::MakeDeadlines(const StepOptions& options) const {
  Deadlines d;
  d.start = SteadyClock::now();
  d.total = d.start + options.timeout;
  d.settle = d.total;
  return d;
}

milliseconds Page::Remaining(const Deadlines& d) const {
  auto left = std::chrono::duration_cast<milliseconds>(d.total - SteadyClock::now());
  return std::max(left, milliseconds(1));
}

Status Page::CheckAlive() const {
  // The browser's fate explains a detached page better than the detachment itself.
  if (!browser_->is_alive()) return browser_->DeathStatus();
  std::lock_guard lock(mu_);
  if (!dead_.ok()) return dead_;
  if (!violation_.ok()) return violation_;
  return Status::Ok();
}

Result<Json> Page::Agent(const std::string& frame, const std::string& expression,
                         const Deadlines& deadlines) {
  auto r = agent_.Eval(frame, expression, Remaining(deadlines));
  if (!r.ok() && r.status().code() == StatusCode::kUnavailable) {
    Status alive = CheckAlive();  // a crash explains a failed call better than the call
    if (!alive.ok()) return alive;
  }
  return r;
}

Status Page::WaitSettled(const StepOptions& options, Deadlines& deadlines,
                         const std::string& expected_loader, SteadyClock::time_point not_before,
                         SettleReport* report) {
  bool usable_seen = false;
  while (true) {
    FS_RETURN_IF_ERROR(CheckAlive());
    auto now = SteadyClock::now();
    bool usable, load, network_idle;
    std::string main_frame;
    {
      std::lock_guard lock(mu_);
      usable = dom_content_loaded_ && !navigation_pending_ &&
               (expected_loader.empty() || loader_id_ == expected_loader);
      load = load_event_;
      network_idle = in_flight_.empty() && now - last_network_activity_ >= options.network_idle;
      main_frame = main_frame_id_;
    }
    report->waited = std::chrono::duration_cast<milliseconds>(now - deadlines.start);
    if (!usable) {
      if (now >= deadlines.total) {
        return Status::DeadlineExceeded("the page did not finish loading its document within " +
                                        std::to_string(options.timeout.count()) + " ms");
      }
    } else {
      if (!usable_seen) {
        usable_seen = true;
        deadlines.settle = std::min(deadlines.total, now + options.settle_timeout);
      }
      // Polling the DOM from the first usable moment also installs the mutation observer early.
      auto quiet = Agent(main_frame, "__fs.quietMs()", deadlines);
      if (!quiet.ok()) {
        // The document was replaced between our look and the call: look again.
        if (quiet.status().code() == StatusCode::kUnavailable ||
            quiet.status().code() == StatusCode::kNotFound) {
          std::unique_lock lock(mu_);
          changed_.wait_for(lock, kPollInterval);
          continue;
        }
        return quiet.status();
      }
      report->load_event = load;
      report->network_idle = network_idle;
      report->dom_stable = quiet->is_number() && quiet->get<double>() >= options.dom_quiet.count();
      now = SteadyClock::now();
      report->waited = std::chrono::duration_cast<milliseconds>(now - deadlines.start);
      if (report->settled() && now >= not_before) return Status::Ok();
      if (now >= deadlines.settle) {  // usable but busy: say so, go on
        std::lock_guard lock(mu_);
        for (const auto& [id, loader] : in_flight_) {
          if (report->pending_requests.size() >= 10) break;
          auto it = exchange_index_.find(id);
          report->pending_requests.push_back(
              it == exchange_index_.end() ? "request " + id : exchanges_[it->second].url);
        }
        return Status::Ok();
      }
    }
    std::unique_lock lock(mu_);
    changed_.wait_for(lock, kPollInterval);
  }
}

Result<PageSnapshot> Page::Navigate(const std::string& url, const StepOptions& options) {
  FS_ASSIGN_OR_RETURN(UrlParts parts, ParseUrlParts(url));
  if (parts.scheme != "http" && parts.scheme != "https") {
    return Status::InvalidArgument("only http and https pages can be opened, not " + url);
  }
  FS_RETURN_IF_ERROR(CheckAlive());
  Deadlines deadlines = MakeDeadlines(options);
  auto nav = cdp_.Call("Page.navigate", {{"url", url}}, target_.session_id, Remaining(deadlines));
  if (!nav.ok()) {
    FS_RETURN_IF_ERROR(CheckAlive());
    if (nav.status().code() == StatusCode::kDeadlineExceeded) {
      return Status::DeadlineExceeded("opening " + url + " got no response within " +
                                      std::to_string(options.timeout.count()) + " ms");
    }
    return nav.status();
  }
  std::string error_text = nav->value("errorText", std::string());
  // An HTTP error page is a page: the engine judges 404/500 from http_status.
  if (!error_text.empty() && error_text != "net::ERR_HTTP_RESPONSE_CODE_FAILURE") {
    std::lock_guard lock(mu_);
    return NavigationError(url, error_text, blocked_, main_frame_id_);
  }
  SettleReport report;
  FS_RETURN_IF_ERROR(WaitSettled(options, deadlines, nav->value("loaderId", std::string()),
                                 SteadyClock::now(), &report));
  FS_ASSIGN_OR_RETURN(PageSnapshot snapshot, TakeSnapshot(options, deadlines));
  snapshot.settle = report;
  return snapshot;
}

Result<PageSnapshot> Page::Snapshot(const StepOptions& options) {
  FS_RETURN_IF_ERROR(CheckAlive());
  Deadlines deadlines = MakeDeadlines(options);
  SettleReport report;
  FS_RETURN_IF_ERROR(WaitSettled(options, deadlines, "", SteadyClock::now(), &report));
  FS_ASSIGN_OR_RETURN(PageSnapshot snapshot, TakeSnapshot(options, deadlines));
  snapshot.settle = report;
  return snapshot;
}

Result<ExecuteResult> Page::Execute(const FillPlan& plan, const StepOptions& options) {
  FS_RETURN_IF_ERROR(CheckAlive());
  FS_RETURN_IF_ERROR(CheckPlan(plan));
  Deadlines deadlines = MakeDeadlines(options);
  ExecuteResult result;
  for (const auto& action : plan.actions) {
    ActionOutcome outcome;
    FS_RETURN_IF_ERROR(Fill(action, outcome, deadlines));
    result.actions.push_back(std::move(outcome));
  }
  int documents_before;
  {
    std::lock_guard lock(mu_);
    documents_before = documents_committed_;
  }
  auto not_before = SteadyClock::now();
  if (!plan.submit_element_id.empty()) {
    FS_RETURN_IF_ERROR(ClickSubmit(plan.submit_element_id, result, deadlines));
    not_before = SteadyClock::now() + options.min_wait_after_click;
  }
  SettleReport report;
  FS_RETURN_IF_ERROR(WaitSettled(options, deadlines, "", not_before, &report));
  {
    std::lock_guard lock(mu_);
    result.navigated = documents_committed_ > documents_before;
    if (const BlockedRequest* b = RefusedDocument(blocked_, main_frame_id_)) {
      return Status::PermissionDenied("the form sends to a refused destination " + b->url + ": " +
                                      b->reason);
    }
  }
  FS_ASSIGN_OR_RETURN(result.page, TakeSnapshot(options, deadlines));
  result.page.settle = report;
  return result;
}

}  // namespace formsender::browser
