// DNS answers that change between lookups (issue 14): the engine checks the address of the
// socket it opens, so no later answer can take it somewhere the check did not see.
//
// This binary replaces getaddrinfo for the whole process (a definition in the executable comes
// before libc's for every library, libcurl's resolver thread included) so one test name,
// flip.test, answers 127.0.0.1 and 127.0.0.2 in turn. 127.0.0.1 is the one private address the
// tasks allow; a server on 127.0.0.2 counts every connection that reaches it. A guard that
// resolved a name, checked that answer and then let libcurl resolve again would connect to
// 127.0.0.2 on the second lookup. It is its own executable so no other test sees the resolver.
#include <dlfcn.h>
#include <gtest/gtest.h>
#include <netdb.h>

#include <atomic>
#include <cstring>
#include <string>

#include "common/http_router.h"
#include "common/http_server.h"
#include "engine/engine.h"
#include "engine/test_util.h"

namespace {

std::atomic<int> g_flip_lookups{0};

}  // namespace

extern "C" int getaddrinfo(const char* node, const char* service, const addrinfo* hints,
                           addrinfo** res) {
  using Fn = int (*)(const char*, const char*, const addrinfo*, addrinfo**);
  static const Fn real = reinterpret_cast<Fn>(dlsym(RTLD_NEXT, "getaddrinfo"));
  if (node != nullptr && std::strcmp(node, "flip.test") == 0) {
    int n = g_flip_lookups.fetch_add(1);
    return real(n % 2 == 0 ? "127.0.0.1" : "127.0.0.2", service, hints, res);
  }
  return real(node, service, hints, res);
}

namespace formsender::engine {
namespace {

const std::string kForm = std::string("<html><body>") + testing::kMinimalForm + "</body></html>";

TEST(DnsRebindingTest, TheEngineConnectsOnlyToTheAddressItChecked) {
  Router site;
  site.Add("GET", "/c", [](HttpRequest&) { return HttpResponse::Html(200, kForm); });
  site.Add("POST", "/send", [](HttpRequest&) {
    return HttpResponse::Html(200, "<h1>お問い合わせありがとうございました</h1>");
  });
  HttpServer allowed(HttpServerOptions{}, site.AsHandler());
  ASSERT_TRUE(allowed.Start().ok());
  // The address the second answer points at, on the same port: anything reaching it is a leak.
  std::atomic<int> leaked{0};
  HttpServer attacker(HttpServerOptions{.host = "127.0.0.2", .port = allowed.port()},
                      [&](HttpRequest&) {
                        ++leaked;
                        return HttpResponse::Html(200, kForm);
                      });
  ASSERT_TRUE(attacker.Start().ok());

  EngineOptions options;
  SystemClock clock;
  int sent = 0, blocked = 0;
  for (int i = 0; i < 6; ++i) {
    FormTask t;
    t.id = "rebind-" + std::to_string(i);
    t.url = "http://flip.test:" + std::to_string(allowed.port()) + "/c";
    t.client_config = testing::SampleClientConfig();
    t.allowed_private_addresses = {"127.0.0.1"};
    t.time_limit = std::chrono::seconds(20);
    FormResult r = RunOne(t, options, clock, nullptr);
    if (r.code == "SSRF_BLOCKED") {
      ++blocked;
      EXPECT_NE(r.message.find("127.0.0.2"), std::string::npos) << r.message;
      EXPECT_FALSE(r.submitted);
    } else {
      EXPECT_EQ(r.outcome, "success") << t.id << ": " << r.code << " " << r.message;
      ++sent;
    }
  }
  EXPECT_EQ(leaked.load(), 0) << "a connection reached the address the check never saw";
  EXPECT_GE(g_flip_lookups.load(), 6) << "each task resolves the name itself";
  // Both answers were met: the refusals are the second answer's, the sends the first's.
  EXPECT_GT(sent, 0);
  EXPECT_GT(blocked, 0);
}

}  // namespace
}  // namespace formsender::engine
