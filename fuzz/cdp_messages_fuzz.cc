// What Chromium writes on the DevTools pipe is input too: a renderer that a hostile page took
// over could write anything. The connection's reader gets arbitrary NUL-separated bytes —
// answers to commands in flight (ids 1 and 2), errors, events of the browser and of a page
// session, junk, oversized or unterminated messages — and must answer a waiting call, route
// or drop each message, never crash, and end with a reason when the pipe closes.
//
// Input: the bytes Chromium's end of the pipe writes.
#include <sys/socket.h>
#include <unistd.h>

#include <cstdint>
#include <future>
#include <string>

#include "browser/cdp_connection.h"
#include "fuzz/fuzz_input.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace formsender;
  int fds[2];
  if (::socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, fds) != 0) return 0;
  UniqueFd chromium(fds[1]);
  std::promise<Status> closed;
  {
    browser::CdpConnection connection(UniqueFd(fds[0]), MakeNullLogger());
    int events = 0;
    auto count = [&events](browser::CdpEvent&& e) {
      ++events;
      (void)DumpJson(e.params);
    };
    connection.SetSessionHandler("", count);
    connection.SetSessionHandler("S1", count);
    connection.Start([&closed](const Status& s) { closed.set_value(s); });
    connection.Post("Target.setDiscoverTargets", Json{{"discover", true}}, "");  // id 1
    // id 2: a call that waits; whatever arrives answers it, or the closed pipe ends it.
    auto call = std::async(std::launch::async, [&connection] {
      return connection.Call("Runtime.evaluate", Json{{"expression", "1"}}, "S1",
                             std::chrono::seconds(5));
    });
    for (size_t written = 0; written < size;) {
      ssize_t n = ::send(chromium.get(), data + written, size - written, MSG_NOSIGNAL);
      if (n <= 0) break;  // the reader gave up (a message over the limit)
      written += static_cast<size_t>(n);
    }
    chromium.Reset();
    Status reason = closed.get_future().get();
    FUZZ_CHECK(!reason.ok(), "the connection ended without a reason");
    auto result = call.get();
    // An answer, an error mapped to a status, or the closed pipe: never a hang.
    if (!result.ok()) {
      FUZZ_CHECK(result.status().code() != StatusCode::kDeadlineExceeded,
                 "a call outlived the closed pipe: " + result.status().ToString());
    }
    FUZZ_CHECK(connection.is_closed(), "the pipe closed but the connection is open");
  }
  return 0;
}
