#pragma once
// A small HTTP/1.1 server for loopback and Cloud Run use: the dispatcher API, the embedded
// object store, the dashboard, the sample sites and the fake Google APIs of the tests.
//
// One thread per connection (bounded by max_connections), keep-alive, Expect: 100-continue,
// chunked request bodies, streamed responses, and limits against slow or oversized clients.

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <mutex>
#include <set>
#include <string>
#include <thread>

#include "common/handles.h"
#include "common/http.h"
#include "common/log.h"
#include "common/status.h"

namespace formsender {

struct HttpServerOptions {
  std::string host = "127.0.0.1";
  int port = 0;  // 0 = any free port; see HttpServer::port()
  size_t max_header_bytes = 64 * 1024;
  size_t max_body_bytes = 1024 * 1024;
  int max_connections = 512;
  // The request line and headers must arrive within this time (slow-loris guard).
  std::chrono::milliseconds header_timeout{10'000};
  // The body must arrive within this time after the headers.
  std::chrono::milliseconds body_timeout{30'000};
  // An idle keep-alive connection is closed after this time.
  std::chrono::milliseconds keep_alive_timeout{15'000};
  std::chrono::milliseconds write_timeout{30'000};
};

class HttpServer {
 public:
  HttpServer(HttpServerOptions options, HttpHandler handler, LoggerPtr log = nullptr);
  ~HttpServer();
  HttpServer(const HttpServer&) = delete;
  HttpServer& operator=(const HttpServer&) = delete;

  // Binds and starts accepting. Fails with a message naming the address when it cannot bind.
  Status Start();
  // Stops accepting, closes every connection and waits for the handler threads to finish.
  void Stop();
  // A graceful stop: stops accepting, closes idle keep-alive connections at once and lets the
  // requests already received finish (their connections then close), for at most `grace`;
  // whatever is still running after that is cut off as by Stop().
  void Shutdown(std::chrono::milliseconds grace);
  int port() const { return port_; }
  std::string base_url() const;
  int active_connections() const { return active_.load(); }

 private:
  void AcceptLoop();
  void ServeConnection(int fd, std::string remote);
  void Release(int fd);
  void SetBusy(int fd, bool busy);

  HttpServerOptions options_;
  HttpHandler handler_;
  LoggerPtr log_;
  UniqueFd listen_fd_;
  UniqueFd wake_fd_;  // eventfd that interrupts the accept loop
  int port_ = 0;
  std::thread acceptor_;
  std::atomic<bool> stopping_{false};
  std::atomic<int> active_{0};
  std::mutex mu_;
  std::condition_variable idle_cv_;
  std::set<int> open_fds_;
  std::set<int> busy_fds_;  // connections between a request's head and the end of its answer
};

}  // namespace formsender
