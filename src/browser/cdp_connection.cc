#include "browser/cdp_connection.h"

#include <sys/socket.h>

#include <cerrno>
#include <cstring>

#include "common/socket_io.h"
#include "common/strings.h"

namespace formsender::browser {
namespace {

using SteadyClock = std::chrono::steady_clock;
constexpr std::chrono::milliseconds kWriteTimeout{10'000};

}  // namespace

Status StatusFromCdpError(std::string_view method, const Json& error) {
  std::string message =
      error.is_object() && error.contains("message") && error["message"].is_string()
          ? error["message"].get<std::string>()
          : DumpJson(error);
  std::string text = "CDP " + std::string(method) + ": " + message;
  if (error.is_object() && error.contains("data") && error["data"].is_string()) {
    text += " (" + error["data"].get<std::string>() + ")";
  }
  for (const char* gone :
       {"Session with given id not found", "No target with given id", "Target closed",
        "Cannot find context with specified id", "Execution context was destroyed",
        "Inspected target navigated or closed", "Not attached to an active page"}) {
    if (message.find(gone) != std::string::npos) return Status::Unavailable(std::move(text));
  }
  for (const char* missing : {"Could not find node", "No node with given id",
                              "Could not find object with given id", "No frame for given id"}) {
    if (message.find(missing) != std::string::npos) return Status::NotFound(std::move(text));
  }
  return Status::Internal(std::move(text));
}

CdpConnection::CdpConnection(UniqueFd socket, LoggerPtr log)
    : socket_(std::move(socket)), log_(log ? std::move(log) : MakeNullLogger()) {}

CdpConnection::~CdpConnection() {
  Close(Status::Cancelled("DevTools connection closed"));
  if (reader_.joinable()) reader_.join();
}

void CdpConnection::Start(std::function<void(const Status&)> on_close) {
  on_close_ = std::move(on_close);
  reader_ = std::thread([this] { ReadLoop(); });
}

Status CdpConnection::Send(int64_t id, std::string_view method, Json params,
                           std::string_view session_id) {
  Json message = {{"id", id}, {"method", method}, {"params", std::move(params)}};
  if (!session_id.empty()) message["sessionId"] = session_id;
  std::string text = DumpJson(message);
  text.push_back('\0');
  std::lock_guard write_lock(write_mu_);
  // A partial write leaves the stream unusable: any failure closes the connection.
  Status written = SendAll(socket_.get(), text, kWriteTimeout);
  if (!written.ok()) Close(written.WithContext("writing to chromium's DevTools pipe"));
  return written;
}

Result<Json> CdpConnection::Call(std::string_view method, Json params, std::string_view session_id,
                                 std::chrono::milliseconds timeout) {
  int64_t id;
  {
    std::lock_guard lock(mu_);
    if (closed_) return close_reason_.WithContext("CDP " + std::string(method));
    id = next_id_++;
    pending_[id] = Pending{std::string(session_id), std::string(method), std::nullopt};
  }
  Status sent = Send(id, method, std::move(params), session_id);
  std::unique_lock lock(mu_);
  if (!sent.ok()) {
    pending_.erase(id);
    return sent.WithContext("CDP " + std::string(method));
  }
  auto deadline = SteadyClock::now() + timeout;
  bool done = cv_.wait_until(lock, deadline, [&] {
    auto it = pending_.find(id);
    return it == pending_.end() || it->second.result.has_value();
  });
  auto it = pending_.find(id);
  if (it == pending_.end()) return Status::Internal("CDP " + std::string(method) + ": lost call");
  if (!done || !it->second.result) {
    pending_.erase(it);
    return Status::DeadlineExceeded("CDP " + std::string(method) + " got no answer within " +
                                    std::to_string(timeout.count()) + " ms");
  }
  Result<Json> result = std::move(*it->second.result);
  pending_.erase(it);
  return result;
}

void CdpConnection::Post(std::string_view method, Json params, std::string_view session_id) {
  int64_t id;
  {
    std::lock_guard lock(mu_);
    if (closed_) return;
    id = next_id_++;
    // No waiter: Finish() logs an error answer and drops the entry. Marked by method prefix.
    pending_[id] = Pending{std::string(session_id), "~" + std::string(method), std::nullopt};
  }
  if (!Send(id, method, std::move(params), session_id).ok()) {
    std::lock_guard lock(mu_);
    pending_.erase(id);
  }
}

void CdpConnection::SetSessionHandler(const std::string& session_id, CdpEventHandler handler) {
  std::lock_guard lock(mu_);
  handlers_[session_id] = std::move(handler);
}

void CdpConnection::RemoveSessionHandler(const std::string& session_id) {
  std::lock_guard lock(mu_);
  handlers_.erase(session_id);
}

void CdpConnection::FailSession(const std::string& session_id, const Status& status) {
  std::lock_guard lock(mu_);
  for (auto it = pending_.begin(); it != pending_.end();) {
    if (it->second.session_id != session_id || it->second.result) {
      ++it;
      continue;
    }
    if (it->second.method.starts_with("~")) {
      it = pending_.erase(it);
      continue;
    }
    it->second.result = status.WithContext("CDP " + it->second.method);
    ++it;
  }
  cv_.notify_all();
}

void CdpConnection::Close(const Status& reason) {
  MarkClosed(reason);
  ::shutdown(socket_.get(), SHUT_RDWR);  // wakes the reader
}

bool CdpConnection::is_closed() const {
  std::lock_guard lock(mu_);
  return closed_;
}

void CdpConnection::MarkClosed(const Status& reason) {
  std::lock_guard lock(mu_);
  if (closed_) return;
  closed_ = true;
  close_reason_ = reason;
  for (auto& [id, pending] : pending_) {
    if (!pending.result) pending.result = reason.WithContext("CDP " + pending.method);
  }
  cv_.notify_all();
}

void CdpConnection::Finish(int64_t id, Result<Json> result) {
  std::lock_guard lock(mu_);
  auto it = pending_.find(id);
  if (it == pending_.end()) return;  // the caller timed out and left
  if (it->second.method.starts_with("~")) {
    if (!result.ok()) log_->debug("{}", result.status().ToString());
    pending_.erase(it);
    return;
  }
  it->second.result = std::move(result);
  cv_.notify_all();
}

void CdpConnection::Dispatch(std::string_view message) {
  auto parsed = ParseJson(message, "DevTools message");
  if (!parsed.ok() || !parsed->is_object()) {
    log_->warn("dropping unreadable DevTools message: {}", parsed.status().ToString());
    return;
  }
  Json& m = *parsed;
  if (m.contains("id") && m["id"].is_number_integer()) {
    int64_t id = m["id"].get<int64_t>();
    if (m.contains("error")) {
      std::string method;
      {
        std::lock_guard lock(mu_);
        if (auto it = pending_.find(id); it != pending_.end()) method = it->second.method;
      }
      if (method.starts_with("~")) method.erase(0, 1);
      Finish(id, StatusFromCdpError(method, m["error"]));
    } else {
      Finish(id, m.contains("result") ? std::move(m["result"]) : Json::object());
    }
    return;
  }
  if (!m.contains("method") || !m["method"].is_string()) return;
  CdpEvent event;
  event.method = m["method"].get<std::string>();
  if (m.contains("params")) event.params = std::move(m["params"]);
  if (m.contains("sessionId") && m["sessionId"].is_string()) {
    event.session_id = m["sessionId"].get<std::string>();
  }
  Deliver(std::move(event));
}

void CdpConnection::Deliver(CdpEvent&& event) {
  CdpEventHandler handler;
  {
    std::lock_guard lock(mu_);
    auto it = handlers_.find(event.session_id);
    if (it == handlers_.end()) return;
    handler = it->second;
  }
  handler(std::move(event));
}

void CdpConnection::ReadLoop() {
  std::string buffer;
  Status reason = Status::Unavailable("chromium closed the DevTools pipe (the browser exited)");
  char chunk[1 << 16];
  while (true) {
    ssize_t n = ::recv(socket_.get(), chunk, sizeof chunk, 0);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      if (n < 0) {
        reason =
            Status::Unavailable(std::string("reading the DevTools pipe: ") + std::strerror(errno));
      }
      break;
    }
    size_t scan_from = buffer.size();
    buffer.append(chunk, static_cast<size_t>(n));
    size_t start = 0;
    for (size_t nul = buffer.find('\0', scan_from); nul != std::string::npos;
         nul = buffer.find('\0', start)) {
      Dispatch(std::string_view(buffer).substr(start, nul - start));
      start = nul + 1;
    }
    buffer.erase(0, start);
    if (buffer.size() > kMaxMessageBytes) {
      reason = Status::ResourceExhausted("a DevTools message exceeded " +
                                         std::to_string(kMaxMessageBytes) + " bytes");
      break;
    }
  }
  MarkClosed(reason);
  Status final_reason;
  {
    std::lock_guard lock(mu_);
    final_reason = close_reason_;  // an earlier Close() keeps its reason
  }
  log_->debug("DevTools connection ended: {}", final_reason.ToString());
  if (on_close_) on_close_(final_reason);
}

}  // namespace formsender::browser
