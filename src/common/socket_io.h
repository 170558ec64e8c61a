#pragma once
// Writing to a socket without SIGPIPE and without blocking past a deadline: shared by the
// HTTP server and the browser's DevTools pipe (a socketpair).

#include <chrono>
#include <string_view>

#include "common/status.h"

namespace formsender {

// Sends all of `data`, waiting for room up to `timeout`. kDeadlineExceeded when the peer stops
// reading, kUnavailable when it is gone. A failure may leave part of `data` sent.
Status SendAll(int fd, std::string_view data, std::chrono::milliseconds timeout);

}  // namespace formsender
