#include "common/socket_io.h"

#include <poll.h>
#include <sys/socket.h>

#include <cerrno>
#include <cstring>
#include <string>

namespace formsender {

Status SendAll(int fd, std::string_view data, std::chrono::milliseconds timeout) {
  using SteadyClock = std::chrono::steady_clock;
  auto deadline = SteadyClock::now() + timeout;
  while (!data.empty()) {
    ssize_t n = ::send(fd, data.data(), data.size(), MSG_NOSIGNAL | MSG_DONTWAIT);
    if (n > 0) {
      data.remove_prefix(static_cast<size_t>(n));
      continue;
    }
    if (n < 0 && errno != EAGAIN && errno != EINTR) {
      return Status::Unavailable(std::string("send: ") + std::strerror(errno));
    }
    auto left =
        std::chrono::duration_cast<std::chrono::milliseconds>(deadline - SteadyClock::now());
    if (left.count() <= 0) return Status::DeadlineExceeded("the peer stopped reading");
    pollfd p{fd, POLLOUT, 0};
    if (::poll(&p, 1, static_cast<int>(left.count())) < 0 && errno != EINTR) {
      return Status::Unavailable(std::string("poll: ") + std::strerror(errno));
    }
    if (p.revents & (POLLERR | POLLHUP)) return Status::Unavailable("the peer closed the socket");
  }
  return Status::Ok();
}

}  // namespace formsender
