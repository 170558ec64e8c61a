#include "bench/browser/browser_bench.h"

#include <sys/resource.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <mutex>
#include <thread>

#include "browser/browser_pool.h"
#include "browser/process_stats.h"
#include "browser/testing.h"

namespace formsender::browser {
namespace {

using SteadyClock = std::chrono::steady_clock;

double OwnCpuSeconds() {
  rusage u{};
  getrusage(RUSAGE_SELF, &u);
  return static_cast<double>(u.ru_utime.tv_sec + u.ru_stime.tv_sec) +
         static_cast<double>(u.ru_utime.tv_usec + u.ru_stime.tv_usec) / 1e6;
}

// One company: its own session, the whole flow, and the server's word that it arrived.
Status SendOne(BrowserPool& pool, SampleSites& sites, SampleForm form) {
  FS_ASSIGN_OR_RETURN(auto session,
                      pool.OpenSession(SessionOptions{std::string(SampleFormName(form))}));
  StepOptions step;
  size_t before = sites.Submissions(SampleSites::FinalPath(form)).size();
  FS_ASSIGN_OR_RETURN(PageSnapshot page, session->Render(sites.FormUrl(form), step));
  FS_ASSIGN_OR_RETURN(FillPlan plan, SamplePlan(form, page));
  FS_ASSIGN_OR_RETURN(ExecuteResult result, session->Execute(plan, step));
  if (form == SampleForm::kToken) {
    FS_ASSIGN_OR_RETURN(FillPlan confirm, SampleConfirmPlan(result.page));
    FS_ASSIGN_OR_RETURN(result, session->Execute(confirm, step));
  }
  if (sites.Submissions(SampleSites::FinalPath(form)).size() != before + 1) {
    return Status::Internal("the server did not receive the " + std::string(SampleFormName(form)) +
                            " submission");
  }
  return Status::Ok();
}

double Percentile(std::vector<double> v, double p) {
  if (v.empty()) return 0;
  std::sort(v.begin(), v.end());
  size_t i = static_cast<size_t>(p * static_cast<double>(v.size() - 1) + 0.5);
  return v[std::min(i, v.size() - 1)];
}

}  // namespace

Result<BrowserBenchReport> RunBrowserBench(const BrowserBenchOptions& options, SampleSites& sites) {
  if (options.forms < 1 || options.pages < 1 || options.kinds.empty()) {
    return Status::InvalidArgument("the bench needs forms >= 1, pages >= 1 and a form kind");
  }
  BrowserOptions browser = LoopbackBrowserOptions();
  browser.max_pages = options.pages;
  browser.chromium.executable = options.chromium;
  BrowserBenchReport report;
  FS_ASSIGN_OR_RETURN(report.chromium, ResolveChromiumExecutable(options.chromium));
  BrowserPool pool(browser, nullptr);

  double own_cpu_start = OwnCpuSeconds();
  auto launch_start = SteadyClock::now();
  FS_RETURN_IF_ERROR(pool.Warm());
  report.launch_ms =
      std::chrono::duration<double, std::milli>(SteadyClock::now() - launch_start).count();

  std::atomic<int> next{0};
  std::atomic<bool> running{true};
  std::mutex mu;
  std::thread sampler([&] {
    while (running) {
      BrowserStats s = pool.Stats();
      {
        std::lock_guard lock(mu);
        report.peak_rss_bytes = std::max(report.peak_rss_bytes, s.rss_bytes);
        report.peak_pss_bytes = std::max(report.peak_pss_bytes, s.pss_bytes);
        report.peak_processes = std::max(report.peak_processes, s.processes);
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
  });
  auto start = SteadyClock::now();
  std::vector<std::thread> workers;
  for (int w = 0; w < options.pages; ++w) {
    workers.emplace_back([&] {
      for (int i = next++; i < options.forms; i = next++) {
        SampleForm form = options.kinds[static_cast<size_t>(i) % options.kinds.size()];
        auto t0 = SteadyClock::now();
        Status s = SendOne(pool, sites, form);
        double ms = std::chrono::duration<double, std::milli>(SteadyClock::now() - t0).count();
        std::lock_guard lock(mu);
        if (s.ok()) {
          ++report.forms_ok;
          report.latency_ms[std::string(SampleFormName(form))].push_back(ms);
        } else {
          ++report.forms_failed;
          if (report.failures.size() < 5) report.failures.push_back(s.ToString());
        }
      }
    });
  }
  for (auto& t : workers) t.join();
  report.wall_seconds = std::chrono::duration<double>(SteadyClock::now() - start).count();
  report.chromium_cpu_seconds = pool.Stats().cpu_seconds;
  running = false;
  sampler.join();
  report.own_cpu_seconds = OwnCpuSeconds() - own_cpu_start;
  report.forms_per_minute = 60.0 * report.forms_ok / std::max(report.wall_seconds, 1e-9);
  return report;
}

std::string BrowserBenchReport::Format() const {
  char line[256];
  std::string out = "chromium: " + chromium + "\n";
  std::snprintf(line, sizeof line,
                "forms: %d sent, %d failed in %.1f s -> %.1f forms/min\n"
                "cpu: chromium %.1f s (%.2f s/form), driver %.1f s\n"
                "chromium peak: rss %.0f MiB, pss %.0f MiB, %d processes; first launch %.0f ms\n",
                forms_ok, forms_failed, wall_seconds, forms_per_minute, chromium_cpu_seconds,
                forms_ok ? chromium_cpu_seconds / forms_ok : 0.0, own_cpu_seconds,
                static_cast<double>(peak_rss_bytes) / (1 << 20),
                static_cast<double>(peak_pss_bytes) / (1 << 20), peak_processes, launch_ms);
  out += line;
  for (const auto& [form, ms] : latency_ms) {
    std::snprintf(line, sizeof line, "  %-7s n=%-3zu median %6.0f ms  p90 %6.0f ms\n", form.c_str(),
                  ms.size(), Percentile(ms, 0.5), Percentile(ms, 0.9));
    out += line;
  }
  for (const auto& f : failures) out += "  failure: " + f + "\n";
  return out;
}

}  // namespace formsender::browser
