// Page's event thread: request interception, dialogs, crash detection, and the network and
// lifecycle bookkeeping that WaitSettled and the snapshots read.

#include "browser/browser_pool.h"
#include "browser/page.h"
#include "common/strings.h"

namespace formsender::browser {
namespace {

// Requests that stay open by design and must not keep a page from counting as idle.
bool IsLongLived(std::string_view type) { return type == "EventSource" || type == "WebSocket"; }

bool IsTextual(std::string_view mime) {
  return mime.starts_with("text/") || mime.find("json") != std::string_view::npos ||
         mime.find("xml") != std::string_view::npos ||
         mime.find("javascript") != std::string_view::npos ||
         mime == "application/x-www-form-urlencoded";
}

void Cap(std::string& s, size_t max_bytes, bool* truncated = nullptr) {
  if (s.size() <= max_bytes) return;
  s.resize(max_bytes);
  if (truncated) *truncated = true;
}

// Worker scripts get the same guard as pages: no socket-like channels around the interceptor.
constexpr const char* kWorkerGuard =
    "for (const n of ['WebSocket', 'WebTransport']) {"
    "  try { Object.defineProperty(self, n, {value: undefined}); } catch (e) {} }";

}  // namespace

void Page::OnEvent(CdpEvent&& event) {
  {
    std::lock_guard lock(queue_mu_);
    if (stopping_) return;
    queue_.push_back(std::move(event));
  }
  queue_cv_.notify_one();
}

void Page::EventLoop() {
  while (true) {
    CdpEvent event;
    {
      std::unique_lock lock(queue_mu_);
      queue_cv_.wait(lock, [&] { return stopping_ || !queue_.empty(); });
      if (stopping_) return;
      event = std::move(queue_.front());
      queue_.pop_front();
    }
    Handle(event);
    changed_.notify_all();
  }
}

void Page::Handle(const CdpEvent& e) {
  const std::string& m = e.method;
  const Json& p = e.params;
  if (m == "Fetch.requestPaused") return OnRequestPaused(e);
  if (m == "Network.requestWillBeSent") return OnRequestWillBeSent(p);
  if (m == "Network.responseReceived") return OnResponseReceived(p);
  if (m == "Network.loadingFinished") return OnLoadingDone(p, false);
  if (m == "Network.loadingFailed") return OnLoadingDone(p, true);
  if (m == "Page.lifecycleEvent") return OnLifecycle(p);
  if (m == "Target.attachedToTarget") return OnAttachedToTarget(e);
  if (m == "Page.frameNavigated") {
    const Json& frame = p.value("frame", Json::object());
    std::string id = frame.value("id", std::string());
    agent_.ForgetFrame(id);
    std::lock_guard lock(mu_);
    if (id == main_frame_id_) {
      main_url_ = frame.value("url", main_url_);
      std::string loader = frame.value("loaderId", std::string());
      if (!loader.empty() && loader != loader_id_) CommitDocument(loader);
    }
    return;
  }
  if (m == "Page.navigatedWithinDocument") {
    std::lock_guard lock(mu_);
    if (p.value("frameId", std::string()) == main_frame_id_) main_url_ = p.value("url", main_url_);
    return;
  }
  if (m == "Page.frameDetached") {
    std::string id = p.value("frameId", std::string());
    agent_.ForgetFrame(id);
    return;
  }
  if (m == "Page.frameStartedLoading" || m == "Page.frameStoppedLoading") {
    std::string id = p.value("frameId", std::string());
    std::lock_guard lock(mu_);
    if (id == main_frame_id_) navigation_pending_ = m == "Page.frameStartedLoading";
    return;
  }
  if (m == "Page.javascriptDialogOpening") {
    // The reference accepts dialogs ("送信してよろしいですか？"): a form behind one must go on.
    cdp_.Post("Page.handleJavaScriptDialog",
              {{"accept", true}, {"promptText", p.value("defaultPrompt", std::string())}},
              target_.session_id);
    std::lock_guard lock(mu_);
    dialogs_.push_back(p.value("type", std::string("alert")) + ": " +
                       p.value("message", std::string()));
    return;
  }
  if (m == "Inspector.targetCrashed") {
    std::lock_guard lock(mu_);
    dead_ = Status::Unavailable("the page's renderer process crashed");
    cdp_.FailSession(target_.session_id, dead_);
    return;
  }
  if (m == "Inspector.detached" || m == "Target.detachedFromTarget") {
    std::string session = p.value("sessionId", e.session_id);
    if (m == "Target.detachedFromTarget" && session != target_.session_id) {
      cdp_.RemoveSessionHandler(session);  // a worker ended
      std::lock_guard lock(mu_);
      worker_sessions_.erase(session);
      return;
    }
    std::lock_guard lock(mu_);
    if (dead_.ok()) dead_ = Status::Unavailable("the page was closed (" + m + ")");
    cdp_.FailSession(target_.session_id, dead_);
    return;
  }
}

void Page::OnRequestPaused(const CdpEvent& e) {
  const Json& p = e.params;
  std::string id = p.value("requestId", std::string());
  const Json& request = p.value("request", Json::object());
  std::string url = request.value("url", std::string());
  std::string type = p.value("resourceType", std::string());
  RequestDecision d = filter_->Decide(url, type);
  if (d.allow) {
    cdp_.Post("Fetch.continueRequest", {{"requestId", id}}, e.session_id);
    return;
  }
  {
    // Recorded before the refusal is sent: the caller reads it as soon as the refusal lands.
    std::lock_guard lock(mu_);
    if (blocked_.size() < options_.max_network_entries) {
      blocked_.push_back(
          BlockedRequest{url, type, p.value("frameId", std::string()), d.reason, d.is_policy});
    }
  }
  cdp_.Post("Fetch.failRequest", {{"requestId", id}, {"errorReason", d.cdp_error_reason}},
            e.session_id);
}

void Page::OnRequestWillBeSent(const Json& p) {
  std::string id = p.value("requestId", std::string());
  std::string type = p.value("type", std::string("Other"));
  const Json& request = p.value("request", Json::object());
  NetworkExchange x;
  x.url = request.value("url", std::string());
  x.method = request.value("method", std::string("GET"));
  x.resource_type = type;
  x.frame_id = p.value("frameId", std::string());
  if (request.contains("postData") && request["postData"].is_string()) {
    x.request_body = request["postData"].get<std::string>();
  } else if (request.contains("postDataEntries") && request["postDataEntries"].is_array()) {
    for (const auto& entry : request["postDataEntries"]) {
      if (!entry.contains("bytes") || !entry["bytes"].is_string()) continue;
      auto bytes = Base64Decode(entry["bytes"].get<std::string>());
      if (bytes.ok()) x.request_body += *bytes;
    }
  }
  Cap(x.request_body, options_.max_body_bytes, &x.body_truncated);

  std::lock_guard lock(mu_);
  last_network_activity_ = SteadyClock::now();
  if (p.contains("redirectResponse")) {
    // The same request id goes on to another URL: close the previous hop.
    if (auto it = exchange_index_.find(id); it != exchange_index_.end()) {
      exchanges_[it->second].status = p["redirectResponse"].value("status", 0);
    }
  }
  if (!IsLongLived(type)) in_flight_[id] = p.value("loaderId", std::string());
  if (exchanges_.size() < options_.max_network_entries) {
    exchange_index_[id] = exchanges_.size();
    exchanges_.push_back(std::move(x));
  }
}

void Page::OnResponseReceived(const Json& p) {
  std::string id = p.value("requestId", std::string());
  const Json& response = p.value("response", Json::object());
  std::string url = response.value("url", std::string());
  std::string ip = response.value("remoteIPAddress", std::string());
  Status address = filter_->CheckRemoteAddress(url, ip);
  std::lock_guard lock(mu_);
  last_network_activity_ = SteadyClock::now();
  if (!address.ok() && violation_.ok()) {
    violation_ = address.WithContext("a response came from a refused address");
  }
  if (p.value("type", std::string()) == "Document") {
    document_status_[p.value("loaderId", std::string())] = response.value("status", 0);
  }
  auto it = exchange_index_.find(id);
  if (it == exchange_index_.end()) return;
  NetworkExchange& x = exchanges_[it->second];
  x.status = response.value("status", 0);
  x.mime_type = response.value("mimeType", std::string());
  if (!ip.empty()) x.remote_address = ip + ":" + std::to_string(response.value("remotePort", 0));
}

void Page::OnLoadingDone(const Json& p, bool failed) {
  std::string id = p.value("requestId", std::string());
  bool want_body = false;
  {
    std::lock_guard lock(mu_);
    last_network_activity_ = SteadyClock::now();
    in_flight_.erase(id);
    auto it = exchange_index_.find(id);
    if (it == exchange_index_.end()) return;
    NetworkExchange& x = exchanges_[it->second];
    if (failed) {
      x.error = p.value("errorText", std::string("failed"));
      if (p.value("canceled", false)) x.error += " (canceled)";
      return;
    }
    want_body = (x.resource_type == "XHR" || x.resource_type == "Fetch") && IsTextual(x.mime_type);
  }
  if (want_body) FetchResponseBody(id);
}

void Page::FetchResponseBody(const std::string& request_id) {
  auto body = cdp_.Call("Network.getResponseBody", {{"requestId", request_id}}, target_.session_id,
                        std::chrono::seconds(5));
  std::string text;
  if (body.ok()) {
    text = body->value("body", std::string());
    if (body->value("base64Encoded", false)) {
      auto decoded = Base64Decode(text);
      text = decoded.ok() ? *decoded : "";
    }
  }
  std::lock_guard lock(mu_);
  auto it = exchange_index_.find(request_id);
  if (it == exchange_index_.end()) return;
  NetworkExchange& x = exchanges_[it->second];
  if (!body.ok()) {
    x.error = "response body unavailable: " + body.status().message();
    return;
  }
  x.response_body = std::move(text);
  Cap(x.response_body, options_.max_body_bytes, &x.body_truncated);
}

void Page::OnLifecycle(const Json& p) {
  std::lock_guard lock(mu_);
  if (p.value("frameId", std::string()) != main_frame_id_) return;
  std::string loader = p.value("loaderId", std::string());
  std::string name = p.value("name", std::string());
  if (name == "init") {
    if (loader != loader_id_) CommitDocument(loader);
    return;
  }
  if (loader != loader_id_) return;
  if (name == "DOMContentLoaded") dom_content_loaded_ = true;
  if (name == "load") load_event_ = dom_content_loaded_ = true;
}

void Page::CommitDocument(const std::string& loader_id) {
  loader_id_ = loader_id;
  dom_content_loaded_ = load_event_ = false;
  navigation_pending_ = false;  // the navigation became this document
  ++documents_committed_;
  std::erase_if(in_flight_, [&](const auto& entry) { return entry.second != loader_id; });
}

void Page::OnAttachedToTarget(const CdpEvent& e) {
  std::string session = e.params.value("sessionId", std::string());
  const Json& info = e.params.value("targetInfo", Json::object());
  std::string type = info.value("type", std::string());
  if (session.empty()) return;
  // Whatever the page starts (a worker, a window it opens, an out-of-process frame) is paused
  // until its requests pass the same filter as the page's own.
  cdp_.SetSessionHandler(session, [this](CdpEvent&& ev) { OnEvent(std::move(ev)); });
  {
    std::lock_guard lock(mu_);
    worker_sessions_.insert(session);
    if (type == "page") popups_.push_back(info.value("url", std::string()));
  }
  Json patterns = Json::array();
  patterns.push_back({{"urlPattern", "*"}});
  cdp_.Post("Fetch.enable", {{"patterns", std::move(patterns)}}, session);
  // The end of a worker's script load (and its own requests) is reported on its session.
  cdp_.Post("Network.enable", Json::object(), session);
  if (type == "worker" || type == "shared_worker" || type == "service_worker") {
    cdp_.Post("Runtime.evaluate", {{"expression", kWorkerGuard}}, session);
  }
  cdp_.Post("Runtime.runIfWaitingForDebugger", Json::object(), session);
}

}  // namespace formsender::browser
