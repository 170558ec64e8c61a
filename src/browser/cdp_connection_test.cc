#include "browser/cdp_connection.h"

#include <sys/socket.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <atomic>
#include <future>
#include <thread>

namespace formsender::browser {
namespace {

using std::chrono::milliseconds;

// The other end of the pipe, playing Chromium: reads NUL-separated commands, answers by script.
class FakeBrowser {
 public:
  FakeBrowser() {
    int fds[2];
    EXPECT_EQ(socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, fds), 0);
    ours_ = UniqueFd(fds[0]);
    theirs_ = UniqueFd(fds[1]);
  }
  UniqueFd TakeClientEnd() { return std::move(ours_); }
  void Send(const Json& message) {
    std::string text = message.dump();
    text.push_back('\0');
    ASSERT_EQ(write(theirs_.get(), text.data(), text.size()), static_cast<ssize_t>(text.size()));
  }
  // Reads one command.
  Json Receive() {
    std::string text;
    char c;
    while (read(theirs_.get(), &c, 1) == 1 && c != '\0') text += c;
    auto j = ParseJson(text);
    return j.ok() ? *j : Json();
  }
  void Close() { theirs_.Reset(); }

 private:
  UniqueFd ours_, theirs_;
};

TEST(CdpConnectionTest, MatchesResponsesToCallsOutOfOrder) {
  FakeBrowser fake;
  CdpConnection cdp(fake.TakeClientEnd(), nullptr);
  cdp.Start(nullptr);
  auto a = std::async(std::launch::async, [&] {
    return cdp.Call("Page.navigate", {{"url", "a"}}, "S1", milliseconds(5000));
  });
  Json first = fake.Receive();
  auto b = std::async(std::launch::async, [&] {
    return cdp.Call("Browser.getVersion", Json::object(), "", milliseconds(5000));
  });
  Json second = fake.Receive();
  EXPECT_EQ(first["method"], "Page.navigate");
  EXPECT_EQ(first["sessionId"], "S1");
  EXPECT_EQ(first["params"]["url"], "a");
  EXPECT_FALSE(second.contains("sessionId"));
  fake.Send({{"id", second["id"]}, {"result", {{"product", "X"}}}});
  fake.Send({{"id", first["id"]}, {"result", {{"loaderId", "L"}}}});
  auto rb = b.get();
  auto ra = a.get();
  ASSERT_TRUE(ra.ok() && rb.ok());
  EXPECT_EQ((*ra)["loaderId"], "L");
  EXPECT_EQ((*rb)["product"], "X");
}

TEST(CdpConnectionTest, RoutesEventsBySessionAndDropsUnknownOnes) {
  FakeBrowser fake;
  CdpConnection cdp(fake.TakeClientEnd(), nullptr);
  std::promise<CdpEvent> page_event, browser_event;
  cdp.SetSessionHandler("S1", [&](CdpEvent&& e) { page_event.set_value(std::move(e)); });
  cdp.SetSessionHandler("", [&](CdpEvent&& e) { browser_event.set_value(std::move(e)); });
  cdp.Start(nullptr);
  fake.Send({{"method", "Page.loadEventFired"}, {"params", {{"t", 1}}}, {"sessionId", "S9"}});
  fake.Send({{"method", "Page.loadEventFired"}, {"params", {{"t", 2}}}, {"sessionId", "S1"}});
  fake.Send({{"method", "Target.targetCreated"}, {"params", Json::object()}});
  CdpEvent p = page_event.get_future().get();
  EXPECT_EQ(p.method, "Page.loadEventFired");
  EXPECT_EQ(p.params["t"], 2);
  EXPECT_EQ(browser_event.get_future().get().method, "Target.targetCreated");
}

TEST(CdpConnectionTest, MapsErrorsAndTimesOut) {
  FakeBrowser fake;
  CdpConnection cdp(fake.TakeClientEnd(), nullptr);
  cdp.Start(nullptr);
  auto gone = std::async(std::launch::async, [&] {
    return cdp.Call("Runtime.evaluate", Json::object(), "S1", milliseconds(5000));
  });
  Json cmd = fake.Receive();
  fake.Send({{"id", cmd["id"]},
             {"error", {{"code", -32000}, {"message", "Cannot find context with specified id"}}}});
  auto r = gone.get();
  EXPECT_EQ(r.status().code(), StatusCode::kUnavailable);
  EXPECT_NE(r.status().message().find("Runtime.evaluate"), std::string::npos);

  auto slow = cdp.Call("Page.navigate", Json::object(), "S1", milliseconds(50));
  EXPECT_EQ(slow.status().code(), StatusCode::kDeadlineExceeded);
  Json late = fake.Receive();
  fake.Send({{"id", late["id"]}, {"result", Json::object()}});  // arrives after the caller left

  EXPECT_EQ(
      StatusFromCdpError("DOM.describeNode", {{"message", "Could not find node with given id"}})
          .code(),
      StatusCode::kNotFound);
  EXPECT_EQ(StatusFromCdpError("X.y", {{"code", -32601}, {"message", "'X.y' wasn't found"}}).code(),
            StatusCode::kInternal);
}

TEST(CdpConnectionTest, FailSessionReleasesItsWaitersOnly) {
  FakeBrowser fake;
  CdpConnection cdp(fake.TakeClientEnd(), nullptr);
  cdp.Start(nullptr);
  auto crashed = std::async(std::launch::async, [&] {
    return cdp.Call("Runtime.evaluate", Json::object(), "S1", milliseconds(10000));
  });
  fake.Receive();
  auto other = std::async(std::launch::async, [&] {
    return cdp.Call("Runtime.evaluate", Json::object(), "S2", milliseconds(10000));
  });
  Json other_cmd = fake.Receive();
  cdp.FailSession("S1", Status::Unavailable("renderer crashed"));
  EXPECT_EQ(crashed.get().status().code(), StatusCode::kUnavailable);
  fake.Send({{"id", other_cmd["id"]}, {"result", {{"ok", true}}}});
  EXPECT_TRUE(other.get().ok());
}

TEST(CdpConnectionTest, ClosedPipeFailsPendingAndLaterCalls) {
  FakeBrowser fake;
  CdpConnection cdp(fake.TakeClientEnd(), nullptr);
  std::promise<Status> closed;
  cdp.Start([&](const Status& s) { closed.set_value(s); });
  auto pending = std::async(std::launch::async, [&] {
    return cdp.Call("Page.navigate", Json::object(), "S1", milliseconds(10000));
  });
  fake.Receive();
  fake.Close();  // Chromium died
  auto r = pending.get();
  EXPECT_EQ(r.status().code(), StatusCode::kUnavailable);
  EXPECT_NE(r.status().message().find("chromium"), std::string::npos);
  EXPECT_EQ(closed.get_future().get().code(), StatusCode::kUnavailable);
  EXPECT_TRUE(cdp.is_closed());
  EXPECT_EQ(cdp.Call("Page.enable", Json::object(), "S1", milliseconds(100)).status().code(),
            StatusCode::kUnavailable);
}

TEST(CdpConnectionTest, MessagesSplitAcrossReadsAndBatchedTogether) {
  FakeBrowser fake;
  CdpConnection cdp(fake.TakeClientEnd(), nullptr);
  std::atomic<int> events{0};
  std::promise<void> done;
  cdp.SetSessionHandler("", [&](CdpEvent&& e) {
    if (++events == 3) done.set_value();
    EXPECT_EQ(e.params["big"].get<std::string>().size(), 200000u);
  });
  cdp.Start(nullptr);
  Json big = {{"method", "E"}, {"params", {{"big", std::string(200000, 'x')}}}};
  for (int i = 0; i < 3; ++i) fake.Send(big);  // larger than one read, several per read
  done.get_future().wait();
  EXPECT_EQ(events.load(), 3);
}

}  // namespace
}  // namespace formsender::browser
