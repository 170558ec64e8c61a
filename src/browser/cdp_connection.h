#pragma once
// A Chrome DevTools Protocol client over Chromium's --remote-debugging-pipe: JSON messages
// separated by NUL bytes, commands matched to responses by id, events routed by the session
// they belong to (flattened sessions: one connection carries the browser and every page).
//
// Thread-safety: Call/Post/SetSessionHandler may be used from any thread. Event handlers run on
// the reader thread and must not block or Call (they would wait for a response only that thread
// can read): they queue the event for their own thread.

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <thread>

#include "common/handles.h"
#include "common/json.h"
#include "common/log.h"
#include "common/status.h"

namespace formsender::browser {

struct CdpEvent {
  std::string method;  // "Page.loadEventFired"
  Json params;
  std::string session_id;  // "" for browser-level events
};

using CdpEventHandler = std::function<void(CdpEvent&&)>;

// Maps a CDP error object ({"code", "message"}) of `method` to a Status: a closed or missing
// target/session/context → kUnavailable, a missing node → kNotFound, anything else kInternal.
Status StatusFromCdpError(std::string_view method, const Json& error);

class CdpConnection {
 public:
  static constexpr size_t kMaxMessageBytes = 256u << 20;

  // `socket` is our end of the socketpair whose other end Chromium has as fds 3 and 4.
  CdpConnection(UniqueFd socket, LoggerPtr log);
  ~CdpConnection();
  CdpConnection(const CdpConnection&) = delete;
  CdpConnection& operator=(const CdpConnection&) = delete;

  // Starts the reader thread. `on_close` runs once (on the reader thread) when the connection
  // ends, with the reason.
  void Start(std::function<void(const Status&)> on_close);

  // Sends a command and waits for its response: the "result" object, or the mapped error,
  // kDeadlineExceeded after `timeout`, kUnavailable once the connection is closed.
  Result<Json> Call(std::string_view method, Json params, std::string_view session_id,
                    std::chrono::milliseconds timeout);
  // Sends a command whose response nobody waits for (errors are logged at debug level).
  void Post(std::string_view method, Json params, std::string_view session_id);

  void SetSessionHandler(const std::string& session_id, CdpEventHandler handler);
  void RemoveSessionHandler(const std::string& session_id);
  // Hands `event` to the handler of event.session_id as if it had arrived on that session (the
  // browser session announces a page session's detachment; the page must hear of it).
  void Deliver(CdpEvent&& event);
  // Completes every pending call of `session_id` with `status` (its target crashed or detached:
  // their responses will never come).
  void FailSession(const std::string& session_id, const Status& status);

  // Shuts the socket down: pending and later calls fail with `reason`.
  void Close(const Status& reason);
  bool is_closed() const;

 private:
  struct Pending {
    std::string session_id;
    std::string method;
    std::optional<Result<Json>> result;
  };

  Status Send(int64_t id, std::string_view method, Json params, std::string_view session_id);
  void ReadLoop();
  void Dispatch(std::string_view message);
  void Finish(int64_t id, Result<Json> result);
  void MarkClosed(const Status& reason);

  UniqueFd socket_;
  LoggerPtr log_;
  std::thread reader_;
  std::function<void(const Status&)> on_close_;

  std::mutex write_mu_;
  mutable std::mutex mu_;
  std::condition_variable cv_;
  int64_t next_id_ = 1;
  std::map<int64_t, Pending> pending_;
  std::map<std::string, CdpEventHandler, std::less<>> handlers_;
  bool closed_ = false;
  Status close_reason_;
};

}  // namespace formsender::browser
