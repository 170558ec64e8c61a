// Test helper for browser_failure_test: owns a BrowserPool with a rendered page, prints
// "chromium <pid>" and waits to be killed. Usage: browser_owner_helper URL TEMP_DIR

#include <unistd.h>

#include <cstdio>

#include "browser/browser_pool.h"
#include "browser/testing.h"

int main(int argc, char** argv) {
  using namespace formsender::browser;
  if (argc != 3) {
    std::fprintf(stderr, "usage: %s URL TEMP_DIR\n", argv[0]);
    return 2;
  }
  BrowserOptions options = LoopbackBrowserOptions();
  options.chromium.temp_dir = argv[2];
  BrowserPool pool(options, nullptr);
  auto session = pool.OpenSession(SessionOptions{"owner"});
  if (!session.ok()) {
    std::printf("error %s\n", session.status().ToString().c_str());
    return 1;
  }
  auto page = (*session)->Render(argv[1], StepOptions{});
  if (!page.ok()) {
    std::printf("error %s\n", page.status().ToString().c_str());
    return 1;
  }
  std::printf("chromium %d\n", static_cast<int>(pool.Stats().pid));
  std::fflush(stdout);
  for (;;) pause();
}
