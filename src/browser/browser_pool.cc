#include "browser/browser_pool.h"

#include "browser/browser.h"
#include "browser/page.h"
#include "browser/process_stats.h"

namespace formsender::browser {

// What the pool and its sessions share; sessions keep it alive, so a session outliving its
// pool object still releases its slot safely.
struct PoolCore {
  BrowserOptions options;
  LoggerPtr log;
  std::shared_ptr<RequestFilter> filter;

  std::mutex mu;
  std::condition_variable slot_free;
  int sessions_open = 0;
  bool shut_down = false;
  std::shared_ptr<Browser> browser;
  int launches = 0;
  int crashes = 0;
  std::mutex launch_mu;  // one launch at a time; never held with `mu` while launching

  void Release() {
    {
      std::lock_guard lock(mu);
      --sessions_open;
    }
    slot_free.notify_one();
  }

  // The running browser, or a new one when there is none or it died.
  Result<std::shared_ptr<Browser>> EnsureBrowser() {
    std::lock_guard launch_lock(launch_mu);
    std::shared_ptr<Browser> dead;
    {
      std::lock_guard lock(mu);
      if (shut_down) return Status::Cancelled("the browser pool is shut down");
      if (browser && browser->is_alive()) return browser;
      if (browser) {
        ++crashes;
        LogFields(*log, spdlog::level::warn, "chromium died; starting a new one",
                  {{"reason", browser->DeathStatus().message()}});
        dead = std::move(browser);
      }
    }
    if (dead) dead->Close(std::chrono::milliseconds(0));  // sweeps what is left of it
    auto launched = Browser::Launch(options.chromium, options.launch_timeout, log);
    if (!launched.ok()) return launched.status();
    std::lock_guard lock(mu);
    ++launches;
    if (shut_down) {
      (*launched)->Close(std::chrono::milliseconds(0));
      return Status::Cancelled("the browser pool is shut down");
    }
    browser = *launched;
    return browser;
  }
};

Status BrowserOptions::Validate() const {
  if (max_pages < 1 || max_pages > 64) {
    return Status::InvalidArgument("browser.max_pages must be between 1 and 64, not " +
                                   std::to_string(max_pages));
  }
  for (auto [name, value] : {std::pair{"browser.launch_timeout", launch_timeout},
                             std::pair{"browser.acquire_timeout", acquire_timeout},
                             std::pair{"browser.setup_timeout", setup_timeout}}) {
    if (value.count() <= 0) return Status::InvalidArgument(std::string(name) + " must be > 0");
  }
  if (max_html_bytes < 1024) return Status::InvalidArgument("browser.max_html_bytes < 1024");
  if (max_frames < 1) return Status::InvalidArgument("browser.max_frames must be >= 1");
  if (user_agent.empty()) return Status::InvalidArgument("browser.user_agent is empty");
  return Status::Ok();
}

BrowserSession::~BrowserSession() {
  page_.reset();  // closes the tab
  if (browser_ && !context_id_.empty()) browser_->DisposeContext(context_id_);
  if (core_) core_->Release();
}

Result<PageSnapshot> BrowserSession::Render(const std::string& url, const StepOptions& options) {
  return page_->Navigate(url, options);
}

Result<ExecuteResult> BrowserSession::Execute(const FillPlan& plan, const StepOptions& options) {
  return page_->Execute(plan, options);
}

Result<PageSnapshot> BrowserSession::Snapshot(const StepOptions& options) {
  return page_->Snapshot(options);
}

BrowserPool::BrowserPool(BrowserOptions options, LoggerPtr log)
    : core_(std::make_shared<PoolCore>()) {
  core_->log = log ? std::move(log) : MakeNullLogger();
  core_->filter = std::make_shared<RequestFilter>(options.requests);
  core_->options = std::move(options);
}

BrowserPool::~BrowserPool() { Shutdown(); }

Status BrowserPool::Warm() {
  FS_RETURN_IF_ERROR(core_->options.Validate());
  return core_->EnsureBrowser().status();
}

Result<std::unique_ptr<BrowserSession>> BrowserPool::OpenSession(const SessionOptions& options) {
  PoolCore& core = *core_;
  FS_RETURN_IF_ERROR(core.options.Validate());
  {
    std::unique_lock lock(core.mu);
    bool got = core.slot_free.wait_for(lock, core.options.acquire_timeout, [&] {
      return core.shut_down || core.sessions_open < core.options.max_pages;
    });
    if (core.shut_down) return Status::Cancelled("the browser pool is shut down");
    if (!got) {
      return Status::ResourceExhausted(
          "all " + std::to_string(core.options.max_pages) + " browser pages stayed busy for " +
          std::to_string(core.options.acquire_timeout.count()) + " ms");
    }
    ++core.sessions_open;
  }
  std::unique_ptr<BrowserSession> session(new BrowserSession());
  session->core_ = core_;  // from here the destructor releases the slot
  session->label_ = options.label;

  Status last;
  // A browser found dead while opening is replaced once; a second failure is reported.
  for (int attempt = 0; attempt < 2; ++attempt) {
    auto browser = core.EnsureBrowser();
    if (!browser.ok()) return browser.status();
    auto context = (*browser)->CreateContext(core.options.setup_timeout);
    if (context.ok()) {
      auto target = (*browser)->CreatePage(*context, core.options.setup_timeout);
      if (target.ok()) {
        auto page = std::make_unique<Page>(*browser, core.filter, core.options, *context, *target,
                                           core.log);
        last = page->Attach(options.cookies);
        if (last.ok()) {
          session->browser_ = *browser;
          session->context_id_ = *context;
          session->page_ = std::move(page);
          return session;
        }
      } else {
        last = target.status();
      }
      (*browser)->DisposeContext(*context);
    } else {
      last = context.status();
    }
    if ((*browser)->is_alive()) break;
  }
  return last.WithContext("opening a browser page");
}

void BrowserPool::Shutdown() {
  std::shared_ptr<Browser> browser;
  {
    std::lock_guard lock(core_->mu);
    core_->shut_down = true;
    browser = std::move(core_->browser);
  }
  core_->slot_free.notify_all();
  if (browser) browser->Close(std::chrono::seconds(2));
}

BrowserStats BrowserPool::Stats() const {
  BrowserStats stats;
  {
    std::lock_guard lock(core_->mu);
    stats.launches = core_->launches;
    stats.crashes = core_->crashes;
    stats.sessions_open = core_->sessions_open;
    if (core_->browser && core_->browser->is_alive()) stats.pid = core_->browser->pid();
  }
  if (stats.pid > 0) {
    GroupMemory m = MemoryOfGroup(stats.pid);
    stats.processes = m.processes;
    stats.rss_bytes = m.rss_bytes;
    stats.pss_bytes = m.pss_bytes;
    stats.cpu_seconds = CpuSecondsOfGroup(stats.pid);
  }
  return stats;
}

}  // namespace formsender::browser
