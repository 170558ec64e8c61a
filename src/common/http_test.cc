#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <cstring>
#include <thread>

#include "common/http_client.h"
#include "common/http_router.h"
#include "common/http_server.h"

namespace formsender {
namespace {

class HttpTest : public ::testing::Test {
 protected:
  void SetUp() override {
    router_.Add("GET", "/hello", [](HttpRequest& r) {
      return HttpResponse::Text(200, "hi " + r.QueryParam("name").value_or("?"));
    });
    router_.Add("POST", "/echo", [](HttpRequest& r) {
      HttpResponse resp = HttpResponse::Text(201, r.body);
      resp.headers.Set("X-Content-Type-Seen", r.headers.Get("content-type").value_or(""));
      return resp;
    });
    router_.Add("POST", "/v1/items/{id}/cancel", [](HttpRequest& r) {
      return HttpResponse::JsonBody(200, Json{{"id", r.path_params["id"]}});
    });
    router_.Add("GET", "/stream", [](HttpRequest&) {
      HttpResponse r;
      r.stream = [](ResponseWriter& w) {
        for (int i = 0; i < 3; ++i) w.Write("chunk" + std::to_string(i) + ";");
      };
      return r;
    });
    HttpServerOptions options;
    options.max_body_bytes = 1024;
    options.header_timeout = std::chrono::milliseconds(300);
    options.body_timeout = std::chrono::milliseconds(300);
    server_ = std::make_unique<HttpServer>(options, router_.AsHandler());
    ASSERT_TRUE(server_->Start().ok());
  }

  Result<HttpClientResponse> Send(std::string method, std::string path, std::string body = "") {
    HttpClientRequest req;
    req.method = std::move(method);
    req.url = server_->base_url() + path;
    req.body = std::move(body);
    req.headers.Set("Content-Type", "text/plain");
    return client_.Send(req);
  }

  Router router_;
  std::unique_ptr<HttpServer> server_;
  CurlHttpClient client_;
};

TEST_F(HttpTest, RoutesParamsAndQueries) {
  auto r = Send("GET", "/hello?name=%E5%A4%AA%E9%83%8E");
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->status, 200);
  EXPECT_EQ(r->body, "hi 太郎");
  auto c = Send("POST", "/v1/items/abc-1/cancel");
  ASSERT_TRUE(c.ok());
  EXPECT_EQ((*ParseJson(c->body))["id"], "abc-1");
}

TEST_F(HttpTest, UnknownRouteAndWrongMethod) {
  EXPECT_EQ(Send("GET", "/nope")->status, 404);
  auto r = Send("GET", "/echo");
  EXPECT_EQ(r->status, 405);
  EXPECT_EQ(r->headers.Get("Allow").value_or(""), "POST");
}

TEST_F(HttpTest, BodiesLimitsAndHead) {
  std::string body(900, 'x');
  auto r = Send("POST", "/echo", body);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->status, 201);
  EXPECT_EQ(r->body, body);
  EXPECT_EQ(r->headers.Get("X-Content-Type-Seen").value_or(""), "text/plain");
  EXPECT_EQ(Send("POST", "/echo", std::string(2000, 'y'))->status, 413);
  auto head = Send("HEAD", "/hello");
  ASSERT_TRUE(head.ok());
  EXPECT_EQ(head->status, 200);
  EXPECT_TRUE(head->body.empty());
}

TEST_F(HttpTest, StreamedResponse) {
  auto r = Send("GET", "/stream");
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->body, "chunk0;chunk1;chunk2;");
}

TEST_F(HttpTest, ClientReportsConnectionFailure) {
  int port = server_->port();
  server_->Stop();
  HttpClientRequest req;
  req.url = "http://127.0.0.1:" + std::to_string(port) + "/hello";
  auto r = client_.Send(req);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), StatusCode::kUnavailable);
}

// A client that trickles its request (a byte every 50 ms, for ever) is answered 408 and cut
// once the head's or the body's time is up, however much it keeps sending; others are served
// meanwhile. The socket's own 10 s receive timeout is the harness's bound: a server that kept
// waiting would leave recv() failing with EAGAIN instead of ending the connection.
TEST_F(HttpTest, SlowClientsAreCutWhileOthersAreServed) {
  for (const std::string& prefix :
       {std::string("GET /hello HTTP/1.1\r\nHost: x\r\nX-Slow: "),
        std::string("POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 500\r\n\r\n")}) {
    int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    ASSERT_GE(fd, 0);
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_port = htons(static_cast<uint16_t>(server_->port()));
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    ASSERT_EQ(::connect(fd, reinterpret_cast<sockaddr*>(&a), sizeof a), 0);
    timeval tv{10, 0};
    ::setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
    ASSERT_EQ(::send(fd, prefix.data(), prefix.size(), MSG_NOSIGNAL),
              static_cast<ssize_t>(prefix.size()));
    std::atomic<bool> cut{false};
    std::thread trickle([&] {
      while (!cut && ::send(fd, "a", 1, MSG_NOSIGNAL) == 1) {
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
      }
    });
    // Served while the slow one is still connected.
    auto other = Send("GET", "/hello?name=x");
    ASSERT_TRUE(other.ok());
    EXPECT_EQ(other->status, 200);
    std::string answer;
    char buf[256];
    ssize_t n;
    while ((n = ::recv(fd, buf, sizeof buf, 0)) > 0) answer.append(buf, static_cast<size_t>(n));
    int recv_errno = errno;
    cut = true;
    trickle.join();
    ::close(fd);
    EXPECT_EQ(n, 0) << prefix << ": the connection was not ended (" << std::strerror(recv_errno)
                    << ")";
    if (prefix.starts_with("GET")) {
      EXPECT_TRUE(answer.starts_with("HTTP/1.1 408")) << answer;
    }
  }
}

TEST(HttpFormTest, FormEncodingRoundTrip) {
  std::vector<std::pair<std::string, std::string>> fields = {{"名前", "山田 太郎"}, {"a&b", "=+"}};
  EXPECT_EQ(ParseFormUrlEncoded(EncodeFormUrlEncoded(fields)), fields);
}

}  // namespace
}  // namespace formsender
