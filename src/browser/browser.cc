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
  if (event.method == "Target.detachedFromTarget") {
    // Tell the page session itself: its pending calls will never be answered.
    std::string session = event.params.value("sessionId", std::string());
    if (session.empty()) return;
    cdp_->FailSession(session, Status::Unavailable("the page was closed (target detached)"));
    CdpEvent forwarded{event.method, std::move(event.params), session};
    cdp_->Deliver(std::move(forwarded));
  }
}

Result<std::string> Browser::CreateContext(std::chrono::milliseconds timeout) {
  FS_ASSIGN_OR_RETURN(
      Json r, cdp_->Call("Target.createBrowserContext", {{"disposeOnDetach", false}}, "", timeout));
  std::string id = r.value("browserContextId", std::string());
  if (id.empty()) return Status::Internal("Target.createBrowserContext returned no id");
  return id;
}

void Browser::DisposeContext(const std::string& context_id) {
  cdp_->Post("Target.disposeBrowserContext", {{"browserContextId", context_id}}, "");
}

Result<Browser::PageTarget> Browser::CreatePage(const std::string& context_id,
                                                std::chrono::milliseconds timeout) {
  FS_ASSIGN_OR_RETURN(
      Json created,
      cdp_->Call("Target.createTarget", {{"url", "about:blank"}, {"browserContextId", context_id}},
                 "", timeout));
  PageTarget target;
  target.target_id = created.value("targetId", std::string());
  if (target.target_id.empty()) return Status::Internal("Target.createTarget returned no id");
  auto attached = cdp_->Call("Target.attachToTarget",
                             {{"targetId", target.target_id}, {"flatten", true}}, "", timeout);
  if (!attached.ok()) {
    ClosePage(target.target_id);
    return attached.status();
  }
  target.session_id = attached->value("sessionId", std::string());
  if (target.session_id.empty()) {
    ClosePage(target.target_id);
    return Status::Internal("Target.attachToTarget returned no session");
  }
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
