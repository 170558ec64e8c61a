// engine_bench: what the form engine costs (bench/engine/README.md).
//
//   engine_bench analyze [--forms DIR] [--seconds S]
//     Serves the corpus in-process, fetches every case's entry page once, then analyses the
//     stored pages on one core for S seconds: pages per second and milliseconds per page.
//
//   engine_bench flow --formsender BIN [--forms DIR] [--count N] [--concurrency C]
//                     [--latency-ms L] [--playwright-jobs FILE]
//     Starts `formsender sites serve` as a separate process with N replicas of the corpus's
//     successful cases (and N more for the baseline) and L ms of added latency, runs the full
//     flow on the first N at concurrency C on one thread, and prints forms/min, CPU seconds,
//     peak RSS and RSS per form in flight as one JSON line. With --playwright-jobs it also
//     writes the other N forms, with their expected selectors and values, for the Playwright
//     baseline (bench/playwright/run.js). With --browser-count M (> 0) it then sends M of
//     those forms through the engine's browser path (--engine browser: Chromium renders, the
//     same analysis runs on the rendered DOM, input events, click, judge) with P pages at once
//     (--browser-pages, default 2, one engine thread per page) and prints forms/min, CPU per
//     form (this process + Chromium) and Chromium's peak RSS/PSS as one more JSON line.

#include <fcntl.h>
#include <netinet/in.h>
#include <signal.h>
#include <spawn.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <functional>
#include <iostream>
#include <mutex>
#include <sstream>
#include <thread>

#include "browser/browser_pool.h"
#include "common/clock.h"
#include "common/http_client.h"
#include "common/json.h"
#include "common/strings.h"
#include "common/subprocess.h"
#include "engine/analyze.h"
#include "engine/browser_path.h"
#include "engine/engine.h"
#include "engine/session.h"
#include "sites/site_server.h"

extern char** environ;

namespace formsender {
namespace {

struct Case {
  std::string name;
  std::string entry_path;
  Json expected;
};

std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

std::vector<Case> LoadCases(const std::string& dir, bool successes_only) {
  std::vector<Case> out;
  std::vector<std::filesystem::path> paths;
  for (const auto& e : std::filesystem::directory_iterator(dir)) paths.push_back(e.path());
  std::sort(paths.begin(), paths.end());
  for (const auto& p : paths) {
    if (!std::filesystem::exists(p / "expected.json") || !std::filesystem::exists(p / "site.json"))
      continue;
    auto j = ParseJson(ReadFile((p / "expected.json").string()), "expected.json");
    if (!j.ok()) continue;
    if (successes_only && j->value("expected_outcome", "") != "success") continue;
    out.push_back({p.filename().string(), j->value("entry_path", "/"), *j});
  }
  return out;
}

double CpuSeconds() {
  rusage u{};
  getrusage(RUSAGE_SELF, &u);
  return static_cast<double>(u.ru_utime.tv_sec + u.ru_stime.tv_sec) +
         static_cast<double>(u.ru_utime.tv_usec + u.ru_stime.tv_usec) / 1e6;
}

// kB from /proc/self/status ("VmRSS", "VmHWM").
double StatusKb(const std::string& key) {
  std::istringstream in(ReadFile("/proc/self/status"));
  std::string line;
  while (std::getline(in, line)) {
    if (line.rfind(key + ":", 0) == 0) return std::atof(line.substr(key.size() + 1).c_str());
  }
  return 0;
}

void ResetPeakRss() {
  std::ofstream out("/proc/self/clear_refs");
  out << "5";
}

Json ClientConfig(const std::string& forms) {
  return *ParseJson(ReadFile(forms + "/client_config.json"), "config");
}
Json Company(const std::string& forms) {
  return *ParseJson(ReadFile(forms + "/company.json"), "company");
}

// What a real corporate page carries around its form: a mega menu, breadcrumbs, news lists,
// inline scripts and styles, a long footer. The corpus pages are small (a few KiB); padding
// them to a typical 60-120 KiB measures the analysis at real sizes.
std::string Padding(size_t kib) {
  std::string out = "<div class=\"site-chrome\"><nav class=\"mega-menu\"><ul>";
  int i = 0;
  while (out.size() < kib * 1024) {
    out += "<li class=\"menu-item\"><a href=\"/service/item-" + std::to_string(i) +
           "/\">サービス案内・導入事例 " + std::to_string(i) +
           "</"
           "a><p>"
           "当社は地域のお客様に寄り添い、高品質なサービスをご提供しております。お気軽にご相談くだ"
           "さい。</p></li>";
    if (++i % 20 == 0) {
      out +=
          "</ul><script>window.dataLayer=window.dataLayer||[];function "
          "gtag(){dataLayer.push(arguments);}"
          "gtag('js',new Date());gtag('config','G-XXXX');</script><style>.menu-item{margin:0 4px}"
          ".menu-item a{color:#333}</style><ul>";
    }
  }
  return out + "</ul></nav></div>";
}

int RunAnalyze(const std::string& forms, double seconds, size_t pad_kib) {
  SystemClock clock;
  auto specs = sites::LoadSitesUnder(forms);
  if (!specs.ok()) {
    std::cerr << specs.status().ToString() << "\n";
    return 2;
  }
  // Pages of the cases that load (the fault cases' 40 MB pages and gzip bombs are not pages).
  std::vector<Case> cases;
  for (Case& c : LoadCases(forms, false)) {
    if (c.expected.value("expected_outcome", "") != "failed") cases.push_back(std::move(c));
  }
  sites::SiteServer server({}, clock);
  if (!server.AddSites(std::move(*specs)).ok() || !server.Start().ok()) return 2;
  CurlHttpClient http;
  struct Page {
    std::string url;
    std::string html;
    std::string charset;
  };
  std::vector<Page> pages;
  for (const Case& c : cases) {
    HttpClientRequest req;
    req.url = server.PathUrl(c.name, c.entry_path);
    auto r = http.Send(req);
    if (!r.ok() || r->status != 200) continue;
    Page p;
    p.url = server.HostUrl(c.name, c.entry_path);
    p.charset = engine::DecodeBody(r->body, r->headers.Get("content-type").value_or(""), &p.html);
    if (pad_kib > 0) {
      size_t body = p.html.find("<body");
      size_t open = body == std::string::npos ? 0 : p.html.find('>', body) + 1;
      p.html.insert(open, Padding(pad_kib / 2));
      size_t close = p.html.rfind("</body>");
      p.html.insert(close == std::string::npos ? p.html.size() : close, Padding(pad_kib / 2));
    }
    pages.push_back(std::move(p));
  }
  server.Stop();
  auto profile = engine::ClientProfile::FromConfig(ClientConfig(forms), Company(forms));
  if (!profile.ok() || pages.empty()) {
    std::cerr << "no pages to analyse\n";
    return 2;
  }
  size_t bytes = 0;
  for (const Page& p : pages) bytes += p.html.size();
  engine::AnalyzeOptions o;
  o.profile = &*profile;
  ResetPeakRss();
  double rss0 = StatusKb("VmRSS");
  double cpu0 = CpuSeconds();
  auto t0 = std::chrono::steady_clock::now();
  size_t analysed = 0;
  size_t fields = 0;
  while (std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count() < seconds) {
    for (const Page& p : pages) {
      engine::Analysis a = engine::AnalyzePage(p.html, p.url, p.charset, o);
      fields += a.fields.size();
      ++analysed;
    }
  }
  double wall = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  double cpu = CpuSeconds() - cpu0;
  Json out = {{"bench", pad_kib > 0 ? "analyze_padded" : "analyze"},
              {"pages", pages.size()},
              {"avg_page_kib", static_cast<double>(bytes) / pages.size() / 1024.0},
              {"analyses", analysed},
              {"seconds", wall},
              {"cpu_seconds", cpu},
              {"pages_per_second", analysed / wall},
              {"ms_per_page", 1000.0 * cpu / static_cast<double>(analysed)},
              {"fields_per_page", static_cast<double>(fields) / static_cast<double>(analysed)},
              // One page is analysed at a time: this is what an analysis holds at its peak.
              {"analysis_peak_mib", (StatusKb("VmHWM") - rss0) / 1024.0}};
  std::cout << out.dump() << std::endl;
  return 0;
}

int FreePort() {
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  bind(fd, reinterpret_cast<sockaddr*>(&a), sizeof a);
  socklen_t len = sizeof a;
  getsockname(fd, reinterpret_cast<sockaddr*>(&a), &len);
  int port = ntohs(a.sin_port);
  close(fd);
  return port;
}

struct FlowOptions {
  std::string formsender;
  std::string forms = "tests/forms";
  int count = 256;
  int concurrency = 32;
  int latency_ms = 300;
  std::string playwright_jobs;
  // Baseline command run while the server is up, once per concurrency, as
  // `<baseline> JOBS CONCURRENCY`; it prints one JSON line (bench/playwright/run.js).
  std::string baseline;
  std::vector<int> baseline_concurrency = {4, 8, 16};
  int baseline_count = 48;
  int browser_count = 0;  // forms sent through the browser path (0: not measured)
  int browser_pages = 2;
  std::string chromium;
};

engine::FormTask BenchTask(const std::string& url, const std::string& id, const Json& config,
                           const Json& company) {
  engine::FormTask t;
  t.id = id;
  t.url = url;
  t.client_config = config;
  t.company = company;
  t.allow_private_targets = true;
  t.time_limit = std::chrono::seconds(60);
  return t;
}

// The browser path on the same replicas: P threads, each an engine whose every form goes to
// the shared pool's Chromium (as a runner would run it).
Json RunBrowserFlow(const FlowOptions& o,
                    const std::function<std::pair<std::string, const Case*>(int)>& url_of,
                    const Json& config, const Json& company) {
  browser::BrowserOptions bo;
  bo.max_pages = o.browser_pages;
  bo.chromium.executable = o.chromium;
  bo.requests.net_policy.allow_private_targets = true;
  browser::BrowserPool pool(bo, nullptr);
  if (Status s = pool.Warm(); !s.ok())
    return {{"bench", "flow"}, {"engine", "formsender-browser"}, {"error", s.ToString()}};
  SystemClock clock;
  engine::BrowserPath path(pool, clock, nullptr);
  std::atomic<int> next{o.count + 1};
  std::atomic<int> ok{0};
  std::atomic<int> done{0};
  std::mutex mu;
  std::map<std::string, int> codes;
  std::atomic<bool> sampling{true};
  double peak_rss = 0;
  double peak_pss = 0;
  int peak_processes = 0;
  std::thread sampler([&] {
    while (sampling) {
      browser::BrowserStats st = pool.Stats();
      peak_rss = std::max(peak_rss, st.rss_bytes / 1048576.0);
      peak_pss = std::max(peak_pss, st.pss_bytes / 1048576.0);
      peak_processes = std::max(peak_processes, st.processes);
      std::this_thread::sleep_for(std::chrono::milliseconds(200));  // sampling another process
    }
  });
  double chromium_cpu0 = pool.Stats().cpu_seconds;
  double cpu0 = CpuSeconds();
  auto t0 = std::chrono::steady_clock::now();
  std::vector<std::thread> workers;
  for (int w = 0; w < o.browser_pages; ++w) {
    workers.emplace_back([&] {
      engine::EngineOptions eo;
      eo.browser = &path;
      for (int i = next++; i <= o.count + o.browser_count; i = next++) {
        auto [url, c] = url_of(i);
        engine::FormTask t = BenchTask(url, c->name, config, company);
        t.mode = engine::EngineMode::kBrowser;
        engine::FormResult r = engine::RunOne(t, eo, clock, nullptr);
        ++done;
        if (r.outcome == "success") ++ok;
        std::lock_guard lock(mu);
        ++codes[r.code];
      }
    });
  }
  for (auto& w : workers) w.join();
  double wall = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  double cpu = CpuSeconds() - cpu0;
  double chromium_cpu = pool.Stats().cpu_seconds - chromium_cpu0;
  sampling = false;
  sampler.join();
  pool.Shutdown();
  int n = std::max(1, done.load());
  return {{"bench", "flow"},
          {"engine", "formsender-browser"},
          {"forms", done.load()},
          {"succeeded", ok.load()},
          {"codes", codes},
          {"pages", o.browser_pages},
          {"seconds", wall},
          {"forms_per_minute", 60.0 * done / wall},
          {"cpu_seconds_per_form", (cpu + chromium_cpu) / n},
          {"driver_cpu_seconds_per_form", cpu / n},
          {"chromium_cpu_seconds_per_form", chromium_cpu / n},
          {"chromium_peak_rss_mib", peak_rss},
          {"chromium_peak_pss_mib", peak_pss},
          {"chromium_processes", peak_processes},
          {"peak_rss_mib", StatusKb("VmHWM") / 1024.0 + peak_rss},
          {"mib_per_form_in_flight", peak_pss / std::max(1, o.browser_pages)}};
}

Json PlaywrightJob(const std::string& url, const Case& c) {
  Json fields = Json::array();
  for (const Json& f : c.expected.value("fields", Json::array())) {
    if (!f.contains("value")) continue;
    std::string cat = f.value("category", "");
    if (cat == "honeypot" || cat == "captcha") continue;
    fields.push_back({{"name", f.value("name", "")}, {"value", f["value"]}});
  }
  return {{"url", url}, {"fields", fields}};
}

int RunFlow(const FlowOptions& o) {
  std::vector<Case> cases = LoadCases(o.forms, true);
  if (cases.empty()) {
    std::cerr << "no successful cases under " << o.forms << "\n";
    return 2;
  }
  std::string templates;
  for (const Case& c : cases) templates += (templates.empty() ? "" : ",") + c.name;
  int port = FreePort();
  std::vector<std::string> args = {o.formsender,
                                   "--log-level",
                                   "error",
                                   "sites",
                                   "serve",
                                   "--dir",
                                   o.forms,
                                   "--listen",
                                   "127.0.0.1:" + std::to_string(port),
                                   "--latency-ms",
                                   std::to_string(o.latency_ms),
                                   "--replicate",
                                   std::to_string(2 * o.count),
                                   "--templates",
                                   templates};
  std::vector<char*> argv;
  for (std::string& a : args) argv.push_back(a.data());
  argv.push_back(nullptr);
  pid_t pid = 0;
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0);
  if (posix_spawn(&pid, o.formsender.c_str(), &actions, nullptr, argv.data(), environ) != 0) {
    std::cerr << "cannot start " << o.formsender << "\n";
    return 2;
  }
  posix_spawn_file_actions_destroy(&actions);
  CurlHttpClient http;
  bool ready = false;
  for (int i = 0; i < 100 && !ready; ++i) {
    HttpClientRequest req;
    req.url = "http://127.0.0.1:" + std::to_string(port) + "/__sites/sites";
    req.timeout = std::chrono::milliseconds(2000);
    auto r = http.Send(req);
    ready = r.ok() && r->status == 200;
    if (!ready) std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  auto stop_server = [&] {
    kill(pid, SIGTERM);
    int st = 0;
    waitpid(pid, &st, 0);
  };
  if (!ready) {
    stop_server();
    std::cerr << "the sample-site server did not start\n";
    return 2;
  }
  auto url_of = [&](int i) {
    char name[32];
    std::snprintf(name, sizeof name, "site-%04d", i);
    const Case& c = cases[static_cast<size_t>(i - 1) % cases.size()];
    return std::make_pair(
        "http://" + std::string(name) + ".localhost:" + std::to_string(port) + c.entry_path, &c);
  };
  std::string jobs_file = o.playwright_jobs;
  if (jobs_file.empty() && !o.baseline.empty())
    jobs_file = "/tmp/formsender-bench-jobs-" + std::to_string(getpid()) + ".json";
  if (!jobs_file.empty()) {
    Json jobs = Json::array();
    for (int i = o.count + 1; i <= o.count + std::min(o.count, o.baseline_count); ++i) {
      auto [url, c] = url_of(i);
      jobs.push_back(PlaywrightJob(url, *c));
    }
    std::ofstream(jobs_file) << jobs.dump() << "\n";
  }
  Json config = ClientConfig(o.forms);
  Json company = Company(o.forms);
  SystemClock clock;
  engine::EngineOptions eo;
  eo.forms_in_flight = o.concurrency;
  engine::Engine engine(eo, clock, nullptr);
  int next = 1;
  int ok = 0;
  int done = 0;
  size_t max_in_flight = 0;
  std::map<std::string, int> codes;
  ResetPeakRss();
  double rss0 = StatusKb("VmRSS");
  double cpu0 = CpuSeconds();
  auto t0 = std::chrono::steady_clock::now();
  engine.Run([&](engine::Engine& e) {
    max_in_flight = std::max(max_in_flight, e.in_flight());
    if (next > o.count) return false;
    auto [url, c] = url_of(next++);
    engine::FormTask t = BenchTask(url, c->name, config, company);
    e.Add(std::move(t), [&](engine::FormResult r) {
      ++done;
      if (r.outcome == "success") ++ok;
      ++codes[r.code];
    });
    return true;
  });
  double wall = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  double cpu = CpuSeconds() - cpu0;
  double hwm = StatusKb("VmHWM");
  if (o.browser_count > 0) {
    Json b = RunBrowserFlow(o, url_of, config, company);
    std::cout << b.dump() << std::endl;
  }
  std::vector<Json> baselines;
  if (!o.baseline.empty()) {
    for (int c : o.baseline_concurrency) {
      std::vector<std::string> cmd = {"/bin/sh", "-c",
                                      o.baseline + " " + jobs_file + " " + std::to_string(c)};
      CommandOptions co;
      co.timeout = std::chrono::minutes(15);
      auto r = RunCommand(cmd, co);
      if (!r.ok() || r->exit_code != 0) {
        std::cerr << "baseline at concurrency " << c
                  << " failed: " << (r.ok() ? r->err : r.status().ToString()) << "\n";
        continue;
      }
      auto j = ParseJson(Trim(r->out), "baseline output");
      if (j.ok()) {
        std::cout << j->dump() << std::endl;
        baselines.push_back(*j);
      }
    }
  }
  stop_server();
  Json out = {{"bench", "flow"},
              {"engine", "formsender"},
              {"forms", done},
              {"succeeded", ok},
              {"codes", codes},
              {"concurrency", o.concurrency},
              {"latency_ms", o.latency_ms},
              {"seconds", wall},
              {"forms_per_minute", 60.0 * done / wall},
              {"cpu_seconds", cpu},
              {"cpu_seconds_per_form", cpu / std::max(1, done)},
              {"rss_before_mib", rss0 / 1024.0},
              {"peak_rss_mib", hwm / 1024.0},
              {"mib_per_form_in_flight",
               (hwm - rss0) / 1024.0 / std::max<double>(1, std::min(o.concurrency, o.count))}};
  std::cout << out.dump() << std::endl;
  // The baseline at the concurrency where it did best, and the ratios.
  const Json* best = nullptr;
  for (const Json& b : baselines) {
    if (b.value("succeeded", 0) == 0) continue;
    if (best == nullptr || b.value("forms_per_minute", 0.0) > best->value("forms_per_minute", 0.0))
      best = &b;
  }
  if (best != nullptr) {
    double e_cpu = out["cpu_seconds_per_form"].get<double>();
    double b_cpu = best->value("cpu_seconds_per_form", 0.0);
    double e_mib = out["mib_per_form_in_flight"].get<double>();
    double b_mib = best->value("mib_per_form_in_flight", 0.0);
    Json ratio = {{"bench", "ratio"},
                  {"baseline_concurrency", best->value("concurrency", 0)},
                  {"cpu_per_form_ratio", e_cpu > 0 ? b_cpu / e_cpu : 0},
                  {"forms_per_cpu_minute_engine", e_cpu > 0 ? 60 / e_cpu : 0},
                  {"forms_per_cpu_minute_baseline", b_cpu > 0 ? 60 / b_cpu : 0},
                  {"memory_per_form_in_flight_ratio", e_mib > 0 ? b_mib / e_mib : 0},
                  {"forms_per_minute_engine", out["forms_per_minute"]},
                  {"forms_per_minute_baseline", best->value("forms_per_minute", 0.0)}};
    std::cout << ratio.dump() << std::endl;
  }
  return 0;
}

}  // namespace
}  // namespace formsender

int main(int argc, char** argv) {
  using namespace formsender;
  CurlGlobal curl;
  if (argc < 2) {
    std::cerr << "usage: engine_bench analyze|flow [options]\n";
    return 2;
  }
  std::string mode = argv[1];
  std::string forms = "tests/forms";
  double seconds = 3;
  size_t pad_kib = 0;
  FlowOptions fo;
  for (int i = 2; i < argc; ++i) {
    std::string a = argv[i];
    std::string v = i + 1 < argc ? argv[i + 1] : "";
    if (a == "--forms") {
      forms = fo.forms = v;
    } else if (a == "--pad-kib") {
      pad_kib = static_cast<size_t>(std::atoi(v.c_str()));
    } else if (a == "--seconds") {
      seconds = std::atof(v.c_str());
    } else if (a == "--formsender") {
      fo.formsender = v;
    } else if (a == "--count") {
      fo.count = std::atoi(v.c_str());
    } else if (a == "--concurrency") {
      fo.concurrency = std::atoi(v.c_str());
    } else if (a == "--latency-ms") {
      fo.latency_ms = std::atoi(v.c_str());
    } else if (a == "--playwright-jobs") {
      fo.playwright_jobs = v;
    } else if (a == "--baseline") {
      fo.baseline = v;
    } else if (a == "--browser-count") {
      fo.browser_count = std::atoi(v.c_str());
    } else if (a == "--browser-pages") {
      fo.browser_pages = std::atoi(v.c_str());
    } else if (a == "--chromium") {
      fo.chromium = v;
    } else if (a == "--baseline-count") {
      fo.baseline_count = std::atoi(v.c_str());
    } else if (a == "--baseline-concurrency") {
      fo.baseline_concurrency.clear();
      for (const std::string& c : Split(v, ','))
        fo.baseline_concurrency.push_back(std::atoi(c.c_str()));
    } else {
      std::cerr << "engine_bench: unknown option " << a << "\n";
      return 2;
    }
    ++i;
  }
  if (mode == "analyze") return RunAnalyze(forms, seconds, pad_kib);
  if (mode == "flow") {
    if (fo.formsender.empty()) {
      std::cerr << "engine_bench flow needs --formsender BIN\n";
      return 2;
    }
    return RunFlow(fo);
  }
  std::cerr << "engine_bench: unknown mode " << mode << "\n";
  return 2;
}
