#include "browser/browser.h"

namespace formsender::browser {

Result<std::shared_ptr<Browser>> Browser::Launch(const ChromiumOptions& options,
                                                 std::chrono::milliseconds startup_timeout,
                                                 LoggerPtr log) {
  std::shared_ptr<Browser> b(new Browser());
  b->log_ = log ? log : MakeNullLogger();
  FS_ASSIGN_OR_RETURN(b->process_, ChromiumProcess::Launch(options, b->log_));
  b->cdp_ = std::make_unique<CdpConnection>(b->process_->TakeSocket(), b->log_);
  Browser* self = b.get();
  b->cdp_->SetSessionHandler("", [self](CdpEvent&& e) { self->OnBrowserEvent(std::move(e)); });
  b->cdp_->Start([self](const Status& why) {
    self->log_->debug("chromium connection closed: {}", why.ToString());
    std::lock_guard lock(self->contexts_mu_);  // wakes CreatePage waiting for an attachment
    self->own_sessions_cv_.notify_all();
  });
  auto version = b->cdp_->Call("Browser.getVersion", Json::object(), "", startup_timeout);
  if (!version.ok()) {
    // Give a dying process a moment so the message can say how it died.
    b->process_->WaitForExit(std::chrono::milliseconds(500));
    Status why = b->DeathStatus();
    b->Close(std::chrono::milliseconds(0));
    return Status(version.status().code() == StatusCode::kDeadlineExceeded
                      ? StatusCode::kDeadlineExceeded
                      : StatusCode::kUnavailable,
                  "chromium (" + b->process_->executable() +
                      ") did not start: " + version.status().message() + "; " + why.message());
  }
  b->product_ = version->value("product", std::string());
  // Every new page starts paused and is announced here, so no window a page opens can make a
  // request before its page has put the filter on it (OnBrowserEvent).
  auto attach =
      b->cdp_->Call("Target.setAutoAttach",
                    {{"autoAttach", true}, {"waitForDebuggerOnStart", true}, {"flatten", true}}, "",
                    startup_timeout);
  if (!attach.ok()) {
    b->Close(std::chrono::milliseconds(0));
    return attach.status().WithContext("chromium did not start");
  }
  LogFields(*b->log_, spdlog::level::info, "browser started",
            {{"pid", b->pid()}, {"product", b->product_}});
  return b;
}

Browser::~Browser() { Close(std::chrono::seconds(2)); }

bool Browser::is_alive() const { return !cdp_->is_closed() && !process_->has_exited(); }

Status Browser::DeathStatus() const {
  if (shut_down_) return Status::Cancelled("the browser pool was shut down");
  // The pipe closes a moment before the process is reaped: wait for its fate to be known.
  if (cdp_->is_closed()) process_->WaitForExit(std::chrono::seconds(1));
  std::string tail = process_->LogTail(400);
  std::string message = "chromium " + process_->ExitDescription();
  if (!tail.empty()) message += "; its last log lines: " + tail;
  return Status::Unavailable(std::move(message));
}

void Browser::OnBrowserEvent(CdpEvent&& event) {
  if (event.method == "Target.attachedToTarget") return OnAutoAttached(std::move(event));
  if (event.method == "Target.detachedFromTarget") {
    // Tell the page session itself: its pending calls will never be answered.
    std::string session = event.params.value("sessionId", std::string());
    if (session.empty()) return;
    cdp_->FailSession(session, Status::Unavailable("the page was closed (target detached)"));
    CdpEvent forwarded{event.method, std::move(event.params), session};
    cdp_->Deliver(std::move(forwarded));
  }
}

void Browser::OnAutoAttached(CdpEvent&& event) {
  std::string session = event.params.value("sessionId", std::string());
  const Json& info = event.params.value("targetInfo", Json::object());
  std::string target_id = info.value("targetId", std::string());
  std::string context = info.value("browserContextId", std::string());
  CdpEventHandler sink;
  bool known_context = false, ours = false;
  {
    std::lock_guard lock(contexts_mu_);
    if (auto it = contexts_.find(context); it != contexts_.end()) {
      known_context = true;
      ours = info.value("type", std::string()) == "page" && !it->second.has_page;
      if (ours) it->second.has_page = true;
      sink = it->second.popup_sink;
    }
  }
  if (known_context && !ours) {
    // Opened by a company's page (a window, a shared or service worker): that page filters its
    // requests, then lets it run. Without a page to do so it does not run at all.
    if (sink) {
      sink(std::move(event));
    } else {
      cdp_->Post("Target.closeTarget", {{"targetId", target_id}}, "");
    }
    return;
  }
  if (ours) {
    // CreatePage hands this session to the page, which sets itself up and then resumes it.
    {
      std::lock_guard lock(contexts_mu_);
      own_sessions_[target_id] = session;
    }
    own_sessions_cv_.notify_all();
    return;
  }
  // A target outside our contexts (the initial tab): let it run, without us.
  cdp_->Post("Runtime.runIfWaitingForDebugger", Json::object(), session);
  cdp_->Post("Target.detachFromTarget", {{"sessionId", session}}, "");
}

Result<std::string> Browser::CreateContext(std::chrono::milliseconds timeout) {
  FS_ASSIGN_OR_RETURN(
      Json r, cdp_->Call("Target.createBrowserContext", {{"disposeOnDetach", false}}, "", timeout));
  std::string id = r.value("browserContextId", std::string());
  if (id.empty()) return Status::Internal("Target.createBrowserContext returned no id");
  std::lock_guard lock(contexts_mu_);
  contexts_[id] = ContextState{};
  return id;
}

void Browser::DisposeContext(const std::string& context_id) {
  {
    std::lock_guard lock(contexts_mu_);
    contexts_.erase(context_id);
  }
  cdp_->Post("Target.disposeBrowserContext", {{"browserContextId", context_id}}, "");
}

void Browser::SetPopupSink(const std::string& context_id, CdpEventHandler sink) {
  std::lock_guard lock(contexts_mu_);
  if (auto it = contexts_.find(context_id); it != contexts_.end()) {
    it->second.popup_sink = std::move(sink);
  }
}

Result<Browser::PageTarget> Browser::CreatePage(const std::string& context_id,
                                                std::chrono::milliseconds timeout) {
  auto deadline = std::chrono::steady_clock::now() + timeout;
  FS_ASSIGN_OR_RETURN(
      Json created,
      cdp_->Call("Target.createTarget", {{"url", "about:blank"}, {"browserContextId", context_id}},
                 "", timeout));
  PageTarget target;
  target.target_id = created.value("targetId", std::string());
  if (target.target_id.empty()) return Status::Internal("Target.createTarget returned no id");
  // The automatic attachment (OnAutoAttached) brings the page's session, paused.
  std::unique_lock lock(contexts_mu_);
  bool attached = own_sessions_cv_.wait_until(lock, deadline, [&] {
    return own_sessions_.count(target.target_id) > 0 || cdp_->is_closed();
  });
  if (!attached || cdp_->is_closed()) {
    lock.unlock();
    ClosePage(target.target_id);
    return Status::Unavailable("the new page was not attached within " +
                               std::to_string(timeout.count()) + " ms");
  }
  target.session_id = own_sessions_[target.target_id];
  own_sessions_.erase(target.target_id);
  return target;
}

void Browser::ClosePage(const std::string& target_id) {
  cdp_->Post("Target.closeTarget", {{"targetId", target_id}}, "");
}

void Browser::Close(std::chrono::milliseconds grace) {
  if (!process_) return;
  // Only a browser closed while alive was shut down; a dead one keeps reporting its crash.
  if (is_alive()) shut_down_ = true;
  if (cdp_ && !cdp_->is_closed() && !process_->has_exited()) {
    // Browser.close answers before Chromium is gone; the exit itself is awaited below.
    (void)cdp_->Call("Browser.close", Json::object(), "",
                     std::min(grace, std::chrono::milliseconds(2000)));
  }
  if (cdp_) cdp_->Close(Status::Cancelled("the browser was shut down"));
  process_->Terminate(grace);
  // cdp_ stays (closed) until destruction: sessions may still hold this browser and call it.
}

}  // namespace formsender::browser
