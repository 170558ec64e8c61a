#include "common/http_server.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/eventfd.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "common/socket_io.h"
#include "common/strings.h"

namespace formsender {
namespace {

using SteadyClock = std::chrono::steady_clock;

enum class ReadResult { kData, kClosed, kTimeout, kError };

// Reads what is available (at least one byte) before `deadline`.
ReadResult ReadSome(int fd, std::string& buffer, SteadyClock::time_point deadline) {
  while (true) {
    auto left =
        std::chrono::duration_cast<std::chrono::milliseconds>(deadline - SteadyClock::now());
    if (left.count() <= 0) return ReadResult::kTimeout;
    pollfd p{fd, POLLIN, 0};
    int rc = ::poll(&p, 1, static_cast<int>(std::min<int64_t>(left.count(), 1000)));
    if (rc < 0) {
      if (errno == EINTR) continue;
      return ReadResult::kError;
    }
    if (rc == 0) continue;
    char chunk[16384];
    ssize_t n = ::recv(fd, chunk, sizeof chunk, 0);
    if (n > 0) {
      buffer.append(chunk, static_cast<size_t>(n));
      return ReadResult::kData;
    }
    if (n == 0) return ReadResult::kClosed;
    if (errno == EINTR || errno == EAGAIN) continue;
    return ReadResult::kError;
  }
}

bool WriteAll(int fd, std::string_view data, std::chrono::milliseconds timeout) {
  return SendAll(fd, data, timeout).ok();
}

class SocketWriter final : public ResponseWriter {
 public:
  SocketWriter(int fd, bool chunked, std::chrono::milliseconds timeout)
      : fd_(fd), chunked_(chunked), timeout_(timeout) {}
  bool Write(std::string_view data) override {
    if (!ok_ || data.empty()) return ok_;
    if (chunked_) {
      char size[32];
      std::snprintf(size, sizeof size, "%zx\r\n", data.size());
      ok_ = WriteAll(fd_, size, timeout_) && WriteAll(fd_, data, timeout_) &&
            WriteAll(fd_, "\r\n", timeout_);
    } else {
      ok_ = WriteAll(fd_, data, timeout_);
    }
    return ok_;
  }
  bool Finish() {
    if (ok_ && chunked_) ok_ = WriteAll(fd_, "0\r\n\r\n", timeout_);
    return ok_;
  }

 private:
  int fd_;
  bool chunked_;
  std::chrono::milliseconds timeout_;
  bool ok_ = true;
};

std::string SerializeHead(const HttpResponse& r, bool keep_alive, size_t content_length,
                          bool chunked) {
  std::string head = "HTTP/1.1 " + std::to_string(r.status) + " " +
                     std::string(HttpReasonPhrase(r.status)) + "\r\n";
  for (const auto& [name, value] : r.headers.fields()) {
    if (EqualsIgnoreCase(name, "Content-Length") || EqualsIgnoreCase(name, "Connection") ||
        EqualsIgnoreCase(name, "Transfer-Encoding")) {
      continue;
    }
    head += name + ": " + value + "\r\n";
  }
  if (chunked) {
    head += "Transfer-Encoding: chunked\r\n";
  } else {
    head += "Content-Length: " + std::to_string(content_length) + "\r\n";
  }
  head += keep_alive ? "Connection: keep-alive\r\n" : "Connection: close\r\n";
  head += "\r\n";
  return head;
}

// Parses the request head in buffer[0, head_end). Returns an HTTP status on error, 0 on success.
int ParseHead(std::string_view head, HttpRequest& req) {
  size_t line_end = head.find("\r\n");
  std::string_view line = head.substr(0, line_end);
  size_t sp1 = line.find(' ');
  size_t sp2 = line.rfind(' ');
  if (sp1 == std::string_view::npos || sp2 == sp1) return 400;
  req.method = std::string(line.substr(0, sp1));
  req.target = std::string(line.substr(sp1 + 1, sp2 - sp1 - 1));
  req.version = std::string(line.substr(sp2 + 1));
  if (req.version != "HTTP/1.1" && req.version != "HTTP/1.0") return 505;
  if (req.target.empty()) return 400;
  size_t q = req.target.find('?');
  req.path = req.target.substr(0, q);
  req.query = q == std::string::npos ? "" : req.target.substr(q + 1);
  size_t pos = line_end == std::string_view::npos ? head.size() : line_end + 2;
  while (pos < head.size()) {
    size_t end = head.find("\r\n", pos);
    if (end == std::string_view::npos) end = head.size();
    std::string_view field = head.substr(pos, end - pos);
    pos = end + 2;
    if (field.empty()) break;
    size_t colon = field.find(':');
    if (colon == std::string_view::npos || colon == 0) return 400;
    std::string_view name = field.substr(0, colon);
    if (name.find(' ') != std::string_view::npos) return 400;
    req.headers.Add(std::string(name), std::string(Trim(field.substr(colon + 1))));
  }
  return 0;
}

// Decodes a chunked body from `in`; returns false while incomplete. Sets `error` on bad input.
bool DecodeChunked(std::string_view in, std::string& out, size_t& consumed, size_t limit,
                   int& error) {
  size_t pos = 0;
  out.clear();
  while (true) {
    size_t line_end = in.find("\r\n", pos);
    if (line_end == std::string_view::npos) return false;
    std::string_view size_text = in.substr(pos, line_end - pos);
    size_t semi = size_text.find(';');
    if (semi != std::string_view::npos) size_text = size_text.substr(0, semi);
    size_text = Trim(size_text);
    if (size_text.empty() || size_text.size() > 8) {
      error = 400;
      return true;
    }
    size_t size = 0;
    for (char c : size_text) {
      int v = (c >= '0' && c <= '9')   ? c - '0'
              : (c >= 'a' && c <= 'f') ? c - 'a' + 10
              : (c >= 'A' && c <= 'F') ? c - 'A' + 10
                                       : -1;
      if (v < 0) {
        error = 400;
        return true;
      }
      size = size * 16 + static_cast<size_t>(v);
    }
    pos = line_end + 2;
    if (size == 0) {
      size_t trailer_end = in.find("\r\n", pos);
      if (trailer_end == std::string_view::npos) return false;
      // Skip trailers until the empty line.
      while (trailer_end != pos) {
        pos = trailer_end + 2;
        trailer_end = in.find("\r\n", pos);
        if (trailer_end == std::string_view::npos) return false;
      }
      consumed = pos + 2;
      return true;
    }
    if (out.size() + size > limit) {
      error = 413;
      return true;
    }
    if (in.size() < pos + size + 2) return false;
    out.append(in.substr(pos, size));
    pos += size + 2;
  }
}

}  // namespace

HttpServer::HttpServer(HttpServerOptions options, HttpHandler handler, LoggerPtr log)
    : options_(std::move(options)),
      handler_(std::move(handler)),
      log_(log ? std::move(log) : MakeNullLogger()) {}

HttpServer::~HttpServer() { Stop(); }

std::string HttpServer::base_url() const {
  std::string host = options_.host;
  if (host.find(':') != std::string::npos) host = "[" + host + "]";
  return "http://" + host + ":" + std::to_string(port_);
}

Status HttpServer::Start() {
  sockaddr_storage addr{};
  socklen_t addr_len = 0;
  int family = AF_INET;
  if (options_.host.find(':') != std::string::npos) {
    family = AF_INET6;
    auto* a6 = reinterpret_cast<sockaddr_in6*>(&addr);
    a6->sin6_family = AF_INET6;
    a6->sin6_port = htons(static_cast<uint16_t>(options_.port));
    if (inet_pton(AF_INET6, options_.host.c_str(), &a6->sin6_addr) != 1) {
      return Status::InvalidArgument("listen address \"" + options_.host + "\" is not an IP");
    }
    addr_len = sizeof(sockaddr_in6);
  } else {
    auto* a4 = reinterpret_cast<sockaddr_in*>(&addr);
    a4->sin_family = AF_INET;
    a4->sin_port = htons(static_cast<uint16_t>(options_.port));
    if (inet_pton(AF_INET, options_.host.c_str(), &a4->sin_addr) != 1) {
      return Status::InvalidArgument("listen address \"" + options_.host + "\" is not an IP");
    }
    addr_len = sizeof(sockaddr_in);
  }
  UniqueFd fd(::socket(family, SOCK_STREAM | SOCK_CLOEXEC, 0));
  if (!fd.valid()) return Status::Internal(std::string("socket: ") + std::strerror(errno));
  int one = 1;
  ::setsockopt(fd.get(), SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
  if (::bind(fd.get(), reinterpret_cast<sockaddr*>(&addr), addr_len) != 0) {
    return Status::Unavailable("cannot listen on " + options_.host + ":" +
                               std::to_string(options_.port) + ": " + std::strerror(errno));
  }
  if (::listen(fd.get(), 512) != 0) {
    return Status::Internal(std::string("listen: ") + std::strerror(errno));
  }
  sockaddr_storage bound{};
  socklen_t bound_len = sizeof bound;
  ::getsockname(fd.get(), reinterpret_cast<sockaddr*>(&bound), &bound_len);
  port_ = family == AF_INET ? ntohs(reinterpret_cast<sockaddr_in*>(&bound)->sin_port)
                            : ntohs(reinterpret_cast<sockaddr_in6*>(&bound)->sin6_port);
  listen_fd_ = std::move(fd);
  wake_fd_ = UniqueFd(::eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK));
  stopping_ = false;
  acceptor_ = std::thread([this] { AcceptLoop(); });
  return Status::Ok();
}

void HttpServer::Stop() { Shutdown(std::chrono::milliseconds(0)); }

void HttpServer::Shutdown(std::chrono::milliseconds grace) {
  if (!acceptor_.joinable()) return;
  stopping_ = true;
  uint64_t one = 1;
  [[maybe_unused]] auto n = ::write(wake_fd_.get(), &one, sizeof one);
  acceptor_.join();
  std::unique_lock lock(mu_);
  // An idle connection has no request to finish; a busy one answers and then closes, because
  // stopping_ turns keep-alive off.
  if (grace.count() > 0) {
    for (int fd : open_fds_) {
      if (!busy_fds_.contains(fd)) ::shutdown(fd, SHUT_RDWR);
    }
    idle_cv_.wait_for(lock, grace, [this] { return active_.load() == 0; });
  }
  for (int fd : open_fds_) ::shutdown(fd, SHUT_RDWR);
  idle_cv_.wait(lock, [this] { return active_.load() == 0; });
  listen_fd_.Reset();
  wake_fd_.Reset();
}

void HttpServer::SetBusy(int fd, bool busy) {
  std::lock_guard lock(mu_);
  if (busy) {
    busy_fds_.insert(fd);
  } else {
    busy_fds_.erase(fd);
  }
}

void HttpServer::AcceptLoop() {
  while (!stopping_) {
    pollfd fds[2] = {{listen_fd_.get(), POLLIN, 0}, {wake_fd_.get(), POLLIN, 0}};
    int rc = ::poll(fds, 2, 1000);
    if (rc < 0 && errno != EINTR) break;
    if (stopping_) break;
    if (rc <= 0 || !(fds[0].revents & POLLIN)) continue;
    sockaddr_storage peer{};
    socklen_t peer_len = sizeof peer;
    int cfd =
        ::accept4(listen_fd_.get(), reinterpret_cast<sockaddr*>(&peer), &peer_len, SOCK_CLOEXEC);
    if (cfd < 0) continue;
    int one = 1;
    ::setsockopt(cfd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    char host[INET6_ADDRSTRLEN] = "?";
    int peer_port = 0;
    if (peer.ss_family == AF_INET) {
      auto* a = reinterpret_cast<sockaddr_in*>(&peer);
      inet_ntop(AF_INET, &a->sin_addr, host, sizeof host);
      peer_port = ntohs(a->sin_port);
    } else if (peer.ss_family == AF_INET6) {
      auto* a = reinterpret_cast<sockaddr_in6*>(&peer);
      inet_ntop(AF_INET6, &a->sin6_addr, host, sizeof host);
      peer_port = ntohs(a->sin6_port);
    }
    std::string remote = std::string(host) + ":" + std::to_string(peer_port);
    if (active_.load() >= options_.max_connections) {
      static constexpr std::string_view kBusy =
          "HTTP/1.1 503 Service Unavailable\r\nContent-Length: 0\r\nConnection: close\r\n"
          "Retry-After: 1\r\n\r\n";
      WriteAll(cfd, kBusy, std::chrono::milliseconds(100));
      ::close(cfd);
      continue;
    }
    {
      std::lock_guard lock(mu_);
      open_fds_.insert(cfd);
      active_.fetch_add(1);
    }
    std::thread([this, cfd, remote = std::move(remote)] {
      ServeConnection(cfd, remote);
      Release(cfd);
    }).detach();
  }
}

void HttpServer::Release(int fd) {
  std::lock_guard lock(mu_);
  open_fds_.erase(fd);
  busy_fds_.erase(fd);
  ::close(fd);
  active_.fetch_sub(1);
  idle_cv_.notify_all();
}

void HttpServer::ServeConnection(int fd, std::string remote) {
  std::string buffer;
  bool first = true;
  while (!stopping_) {
    // 1. The head: request line and headers.
    auto head_deadline =
        SteadyClock::now() + (first ? options_.header_timeout : options_.keep_alive_timeout);
    size_t head_end;
    bool head_started = !buffer.empty();
    while ((head_end = buffer.find("\r\n\r\n")) == std::string::npos) {
      if (buffer.size() > options_.max_header_bytes) {
        WriteAll(fd,
                 "HTTP/1.1 431 Request Header Fields Too Large\r\nContent-Length: 0\r\n"
                 "Connection: close\r\n\r\n",
                 options_.write_timeout);
        return;
      }
      ReadResult r = ReadSome(fd, buffer, head_deadline);
      if (r != ReadResult::kData) {
        if (r == ReadResult::kTimeout && (head_started || first) && !buffer.empty()) {
          WriteAll(fd,
                   "HTTP/1.1 408 Request Timeout\r\nContent-Length: 0\r\nConnection: close\r\n\r\n",
                   options_.write_timeout);
        }
        return;
      }
      if (!head_started) {
        head_started = true;
        head_deadline = SteadyClock::now() + options_.header_timeout;
      }
      // Tolerate blank lines before a request (RFC 9112 §2.2).
      while (buffer.size() >= 2 && buffer[0] == '\r' && buffer[1] == '\n') buffer.erase(0, 2);
    }
    first = false;
    SetBusy(fd, true);
    struct IdleAgain {
      HttpServer* server;
      int fd;
      ~IdleAgain() { server->SetBusy(fd, false); }
    } idle_again{this, fd};
    HttpRequest req;
    req.remote_address = remote;
    int error = ParseHead(std::string_view(buffer).substr(0, head_end + 2), req);
    buffer.erase(0, head_end + 4);
    auto fail = [&](int status) {
      HttpResponse r = HttpResponse::Text(status, std::string(HttpReasonPhrase(status)) + "\n");
      std::string head = SerializeHead(r, false, r.body.size(), false);
      WriteAll(fd, head + r.body, options_.write_timeout);
    };
    if (error) {
      fail(error);
      return;
    }

    // 2. The body.
    auto body_deadline = SteadyClock::now() + options_.body_timeout;
    auto transfer_encoding = req.headers.Get("Transfer-Encoding");
    auto content_length_text = req.headers.Get("Content-Length");
    bool expect_continue = EqualsIgnoreCase(req.headers.Get("Expect").value_or(""), "100-continue");
    if (transfer_encoding && ContainsIgnoreCase(*transfer_encoding, "chunked")) {
      if (expect_continue) WriteAll(fd, "HTTP/1.1 100 Continue\r\n\r\n", options_.write_timeout);
      size_t consumed = 0;
      int chunk_error = 0;
      while (!DecodeChunked(buffer, req.body, consumed, options_.max_body_bytes, chunk_error)) {
        if (ReadSome(fd, buffer, body_deadline) != ReadResult::kData) return;
      }
      if (chunk_error) {
        fail(chunk_error);
        return;
      }
      buffer.erase(0, consumed);
    } else if (content_length_text) {
      auto length = ParseInt64(Trim(*content_length_text), "Content-Length");
      if (!length.ok() || *length < 0) {
        fail(400);
        return;
      }
      if (static_cast<size_t>(*length) > options_.max_body_bytes) {
        fail(413);
        return;
      }
      if (expect_continue && buffer.size() < static_cast<size_t>(*length)) {
        WriteAll(fd, "HTTP/1.1 100 Continue\r\n\r\n", options_.write_timeout);
      }
      while (buffer.size() < static_cast<size_t>(*length)) {
        if (ReadSome(fd, buffer, body_deadline) != ReadResult::kData) {
          return;
        }
      }
      req.body = buffer.substr(0, static_cast<size_t>(*length));
      buffer.erase(0, static_cast<size_t>(*length));
    }

    // 3. The handler and the response.
    bool keep_alive = req.version == "HTTP/1.1";
    auto connection = ToLowerAscii(req.headers.Get("Connection").value_or(""));
    if (connection.find("close") != std::string::npos) keep_alive = false;
    if (connection.find("keep-alive") != std::string::npos) keep_alive = true;
    if (stopping_) keep_alive = false;

    HttpResponse resp;
    try {
      resp = handler_(req);
    } catch (const std::exception& e) {
      log_->error("HTTP handler for {} {} threw: {}", req.method, req.path, e.what());
      resp = HttpResponse::Detail(500, "internal error");
    }
    bool is_head = req.method == "HEAD";
    if (resp.stream) {
      auto declared = resp.headers.Get("Content-Length");
      bool chunked = !declared.has_value();
      size_t length = 0;
      if (declared) {
        auto n = ParseInt64(*declared);
        length = n.ok() && *n > 0 ? static_cast<size_t>(*n) : 0;
      }
      if (!WriteAll(fd, SerializeHead(resp, false, length, chunked), options_.write_timeout)) {
        return;
      }
      if (is_head) return;
      SocketWriter writer(fd, chunked, options_.write_timeout);
      resp.stream(writer);
      writer.Finish();
      return;  // streamed responses end the connection
    }
    std::string out = SerializeHead(resp, keep_alive, resp.body.size(), false);
    if (!is_head) out += resp.body;
    if (!WriteAll(fd, out, options_.write_timeout) || !keep_alive) return;
  }
}

}  // namespace formsender
