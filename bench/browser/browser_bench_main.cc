// bench/browser: forms per minute, CPU and memory of the browser path on the loopback sample
// forms. Usage: browser_bench [--forms N] [--pages P] [--chromium PATH]...
// (--chromium may be repeated to compare binaries, e.g. chromium-headless-shell and chromium.)

#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "bench/browser/browser_bench.h"
#include "browser/testing.h"

int main(int argc, char** argv) {
  using namespace formsender::browser;
  BrowserBenchOptions options;
  std::vector<std::string> binaries;
  for (int i = 1; i < argc; ++i) {
    std::string arg = argv[i];
    bool has_value = i + 1 < argc;
    if (arg == "--forms" && has_value) {
      options.forms = std::atoi(argv[++i]);
    } else if (arg == "--pages" && has_value) {
      options.pages = std::atoi(argv[++i]);
    } else if (arg == "--chromium" && has_value) {
      binaries.push_back(argv[++i]);
    } else {
      std::fprintf(stderr, "usage: %s [--forms N] [--pages P] [--chromium PATH]...\n", argv[0]);
      return 2;
    }
  }
  if (!ChromiumAvailable() && binaries.empty()) {
    std::printf("browser bench: skipped (no Chromium binary)\n");
    return 0;
  }
  if (binaries.empty()) binaries.push_back("");
  SampleSites sites;
  if (auto s = sites.Start(); !s.ok()) {
    std::fprintf(stderr, "cannot start the sample sites: %s\n", s.ToString().c_str());
    return 1;
  }
  int status = 0;
  for (const auto& binary : binaries) {
    options.chromium = binary;
    auto report = RunBrowserBench(options, sites);
    if (!report.ok()) {
      std::fprintf(stderr, "browser bench failed: %s\n", report.status().ToString().c_str());
      status = 1;
      continue;
    }
    std::printf("%s\n", report->Format().c_str());
    if (report->forms_failed > 0) status = 1;
  }
  return status;
}
