#pragma once
// The browser path's throughput and footprint on the loopback sample forms: every form is
// opened in its own session, rendered, filled, submitted (through the confirmation page for
// the token form) and checked on the server side. Reusable from the engine's bench, which puts
// these figures next to the HTTP path and the Playwright baseline.

#include <map>
#include <string>
#include <vector>

#include "browser/sample_forms.h"
#include "common/status.h"

namespace formsender::browser {

struct BrowserBenchOptions {
  int forms = 40;        // submissions in total, cycling over `kinds`
  int pages = 2;         // BrowserOptions::max_pages, and as many worker threads
  std::string chromium;  // "" = the default choice (chromium-headless-shell first)
  std::vector<SampleForm> kinds = {SampleForm::kReact, SampleForm::kWidget, SampleForm::kToken,
                                   SampleForm::kCf7};
};

struct BrowserBenchReport {
  std::string chromium;  // the executable that ran
  int forms_ok = 0;
  int forms_failed = 0;
  std::vector<std::string> failures;  // the first few, with their reasons
  double wall_seconds = 0;
  double forms_per_minute = 0;
  double chromium_cpu_seconds = 0;  // all Chromium processes
  double own_cpu_seconds = 0;       // this process (driver, sample server)
  double launch_ms = 0;             // first Chromium start
  uint64_t peak_rss_bytes = 0;      // Chromium's process group, sampled
  uint64_t peak_pss_bytes = 0;
  int peak_processes = 0;
  std::map<std::string, std::vector<double>> latency_ms;  // per sample form

  std::string Format() const;
};

// `sites` must be started; submissions are counted from it.
Result<BrowserBenchReport> RunBrowserBench(const BrowserBenchOptions& options, SampleSites& sites);

}  // namespace formsender::browser
