#include "browser/chromium_process.h"

#include <fcntl.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>

namespace formsender::browser {
namespace {

namespace fs = std::filesystem;

bool IsExecutableFile(const std::string& path) {
  std::error_code ec;
  auto status = fs::status(path, ec);
  // access() alone says yes to root for any file with an x bit; require one explicitly.
  return !ec && fs::is_regular_file(status) &&
         (status.permissions() & (fs::perms::owner_exec | fs::perms::group_exec |
                                  fs::perms::others_exec)) != fs::perms::none &&
         ::access(path.c_str(), X_OK) == 0;
}

bool IsScript(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  char magic[2] = {};
  in.read(magic, 2);
  return in.gcount() == 2 && magic[0] == '#' && magic[1] == '!';
}

// Debian's wrapper scripts run /usr/lib/chromium/<name>; prefer that binary when it is there.
std::string UnwrapDebianScript(const std::string& path) {
  if (!IsScript(path)) return path;
  std::string real = "/usr/lib/chromium/" + fs::path(path).filename().string();
  return IsExecutableFile(real) ? real : path;
}

constexpr std::string_view kProfilePrefix = "formsender-chromium-";

// Profile folders are named after the process that owns them. An owner killed with SIGKILL
// cannot remove its folder; the next launch in the same place does, once that owner is gone.
void RemoveOrphanedProfiles(const std::string& parent, LoggerPtr& log) {
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator(parent, ec)) {
    std::string name = entry.path().filename().string();
    if (!name.starts_with(kProfilePrefix)) continue;
    std::string rest = name.substr(kProfilePrefix.size());
    size_t dash = rest.find('-');
    if (dash == std::string::npos) continue;
    pid_t owner = static_cast<pid_t>(std::strtol(rest.substr(0, dash).c_str(), nullptr, 10));
    if (owner <= 0 || owner == ::getpid() || ::kill(owner, 0) == 0 || errno != ESRCH) continue;
    std::error_code remove_ec;
    fs::remove_all(entry.path(), remove_ec);
    if (!remove_ec) log->info("removed the Chromium profile {} of a dead process", name);
  }
}

}  // namespace

Result<std::string> ResolveChromiumExecutable(std::string_view configured) {
  if (!configured.empty()) {
    std::string path(configured);
    if (!IsExecutableFile(path)) {
      return Status::NotFound("browser.chromium_path " + path + " is not an executable file");
    }
    return UnwrapDebianScript(path);
  }
  for (const char* candidate :
       {"/usr/lib/chromium/chromium-headless-shell", "/usr/bin/chromium-headless-shell",
        "/usr/lib/chromium/chromium", "/usr/bin/chromium"}) {
    if (IsExecutableFile(candidate)) return UnwrapDebianScript(candidate);
  }
  return Status::NotFound(
      "no Chromium found (looked for chromium-headless-shell and chromium under /usr/bin and "
      "/usr/lib/chromium); install Debian's chromium-headless-shell or set "
      "browser.chromium_path");
}

std::vector<std::string> ChromiumArguments(const std::string& executable,
                                           const std::string& profile_dir,
                                           const ChromiumOptions& options) {
  std::vector<std::string> args = {
      executable,
      "--remote-debugging-pipe",
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--no-first-run",
      "--no-default-browser-check",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      "--disable-quic",
      "--disable-dev-shm-usage",
      "--disable-crash-reporter",  // crashpad's handler would outlive the browser
      "--disable-breakpad",
      "--disable-extensions",
      "--disable-default-apps",
      "--disable-domain-reliability",
      "--disable-client-side-phishing-detection",
      "--disable-renderer-backgrounding",
      "--disable-background-timer-throttling",
      "--disable-backgrounding-occluded-windows",
      "--metrics-recording-only",
      "--password-store=basic",
      "--mute-audio",
      "--hide-scrollbars",
      // One renderer per page, cross-site iframes included: every frame of a form page is
      // reachable from the page's own DevTools session (widgets from another origin are
      // frequent), and a page costs one process instead of one per site.
      "--disable-site-isolation-trials",
      "--disable-features=site-per-process,IsolateOrigins,Translate,MediaRouter,"
      "OptimizationHints,AutofillServerCommunication,InterestFeedContentSuggestions,"
      "CalculateNativeWinOcclusion,DialMediaRouteProvider",
      "--blink-settings=imagesEnabled=false",
      "--lang=" + options.language,
      "--window-size=" + std::to_string(options.window_width) + "," +
          std::to_string(options.window_height),
      "--user-data-dir=" + profile_dir,
  };
  args.insert(args.end(), options.extra_args.begin(), options.extra_args.end());
  return args;
}

Result<std::unique_ptr<ChromiumProcess>> ChromiumProcess::Launch(const ChromiumOptions& options,
                                                                 LoggerPtr log) {
  FS_ASSIGN_OR_RETURN(std::string executable, ResolveChromiumExecutable(options.executable));
  std::unique_ptr<ChromiumProcess> p(new ChromiumProcess());
  p->log_ = log ? std::move(log) : MakeNullLogger();
  p->executable_ = executable;

  std::string parent = options.temp_dir.empty() ? "/tmp" : options.temp_dir;
  RemoveOrphanedProfiles(parent, p->log_);
  std::string templ =
      parent + "/" + std::string(kProfilePrefix) + std::to_string(::getpid()) + "-XXXXXX";
  if (::mkdtemp(templ.data()) == nullptr) {
    return Status::Unavailable("cannot create a Chromium profile folder under " + parent + ": " +
                               std::strerror(errno));
  }
  p->temp_root_ = templ;
  std::string profile = templ + "/profile", home = templ + "/home";
  std::error_code ec;
  fs::create_directories(profile, ec);
  fs::create_directories(home + "/.config", ec);
  fs::create_directories(home + "/.cache", ec);
  if (ec) return Status::Unavailable("cannot create " + home + ": " + ec.message());
  p->log_path_ = templ + "/chromium.log";

  int pair[2];
  if (::socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, pair) != 0) {
    return Status::Unavailable(std::string("socketpair: ") + std::strerror(errno));
  }
  UniqueFd ours(pair[0]), theirs(pair[1]);
  UniqueFd log_fd(::open(p->log_path_.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600));
  UniqueFd null_fd(::open("/dev/null", O_RDONLY | O_CLOEXEC));
  if (!log_fd.valid() || !null_fd.valid()) {
    return Status::Unavailable("cannot open " + p->log_path_ + ": " + std::strerror(errno));
  }

  // Everything the child needs is built before fork: after it only async-signal-safe calls.
  std::vector<std::string> argv = ChromiumArguments(executable, profile, options);
  std::vector<std::string> env = {
      "PATH=/usr/local/bin:/usr/bin:/bin",
      "HOME=" + home,
      "TMPDIR=" + templ,
      "XDG_CONFIG_HOME=" + home + "/.config",
      "XDG_CACHE_HOME=" + home + "/.cache",
      "LANG=C.UTF-8",
      "TZ=" + options.time_zone,
  };
  for (const auto& name : options.pass_env) {
    if (const char* value = std::getenv(name.c_str())) env.push_back(name + "=" + value);
  }
  std::vector<char*> c_argv, c_env;
  for (auto& a : argv) c_argv.push_back(a.data());
  c_argv.push_back(nullptr);
  for (auto& e : env) c_env.push_back(e.data());
  c_env.push_back(nullptr);

  ChromiumProcess* self = p.get();
  int theirs_fd = theirs.get(), log_raw = log_fd.get(), null_raw = null_fd.get();
  p->launcher_ = std::thread([self, theirs_fd, log_raw, null_raw, c_argv, c_env]() mutable {
    pid_t parent_pid = ::getpid();
    pid_t pid = ::fork();
    if (pid == 0) {
      ::setpgid(0, 0);
      ::prctl(PR_SET_PDEATHSIG, SIGKILL);
      if (::getppid() != parent_pid) ::_exit(126);  // the owner died before prctl took hold
      sigset_t all;
      ::sigemptyset(&all);
      ::sigprocmask(SIG_SETMASK, &all, nullptr);
      for (int sig : {SIGPIPE, SIGTERM, SIGINT, SIGHUP, SIGCHLD}) ::signal(sig, SIG_DFL);
      // fds 3 and 4 may be taken by the sources; park the socket above them first.
      int parked = ::fcntl(theirs_fd, F_DUPFD, 10);
      int parked_log = ::fcntl(log_raw, F_DUPFD, 10);
      int parked_null = ::fcntl(null_raw, F_DUPFD, 10);
      if (parked < 0 || parked_log < 0 || parked_null < 0) ::_exit(125);
      if (::dup2(parked_null, 0) < 0 || ::dup2(parked_log, 1) < 0 || ::dup2(parked_log, 2) < 0 ||
          ::dup2(parked, 3) < 0 || ::dup2(parked, 4) < 0) {
        ::_exit(125);
      }
      ::syscall(SYS_close_range, 5u, ~0u, 0u);
      ::execve(c_argv[0], c_argv.data(), c_env.data());
      ::_exit(127);
    }
    {
      std::lock_guard lock(self->mu_);
      self->started_ = true;
      if (pid < 0) {
        self->launch_error_ = std::string("fork: ") + std::strerror(errno);
        self->exited_ = true;
      } else {
        self->pid_ = pid;
        ::setpgid(pid, pid);  // also from here, so a kill(-pid) right away finds the group
      }
    }
    self->cv_.notify_all();
    if (pid > 0) self->Watch();
  });

  {
    std::unique_lock lock(p->mu_);
    p->cv_.wait(lock, [&] { return p->started_; });
    if (!p->launch_error_.empty()) {
      lock.unlock();
      p->Terminate(std::chrono::milliseconds(0));
      return Status::Unavailable("cannot start " + executable + ": " + p->launch_error_);
    }
  }
  p->socket_ = std::move(ours);
  LogFields(*p->log_, spdlog::level::debug, "chromium started",
            {{"pid", p->pid_}, {"executable", executable}});
  return p;
}

void ChromiumProcess::Watch() {
  int status = 0;
  while (::waitpid(pid_, &status, 0) < 0 && errno == EINTR) {
  }
  // Zygotes and renderers would exit on their own once their browser is gone; do not wait.
  ::kill(-pid_, SIGKILL);
  {
    std::lock_guard lock(mu_);
    exited_ = true;
    wait_status_ = status;
  }
  cv_.notify_all();
}

bool ChromiumProcess::WaitForExit(std::chrono::milliseconds timeout) {
  std::unique_lock lock(mu_);
  return cv_.wait_for(lock, timeout, [&] { return exited_; });
}

bool ChromiumProcess::has_exited() const {
  std::lock_guard lock(mu_);
  return exited_;
}

std::string ChromiumProcess::ExitDescription() const {
  std::lock_guard lock(mu_);
  if (!exited_) return "running";
  if (!launch_error_.empty()) return "not started: " + launch_error_;
  if (WIFEXITED(wait_status_)) {
    int code = WEXITSTATUS(wait_status_);
    if (code == 127) return "exited with status 127 (could not exec " + executable_ + ")";
    return "exited with status " + std::to_string(code);
  }
  if (WIFSIGNALED(wait_status_)) {
    return "killed by signal " + std::to_string(WTERMSIG(wait_status_));
  }
  return "ended";
}

std::string ChromiumProcess::LogTail(size_t max_bytes) const {
  std::ifstream in(log_path_, std::ios::binary | std::ios::ate);
  if (!in) return "";
  std::streamoff size = in.tellg();
  std::streamoff from = size > static_cast<std::streamoff>(max_bytes)
                            ? size - static_cast<std::streamoff>(max_bytes)
                            : 0;
  in.seekg(from);
  std::string tail(static_cast<size_t>(size - from), '\0');
  in.read(tail.data(), static_cast<std::streamsize>(tail.size()));
  return tail;
}

void ChromiumProcess::Terminate(std::chrono::milliseconds grace) {
  {
    std::lock_guard lock(mu_);
    if (terminated_) return;
    terminated_ = true;
  }
  socket_.Reset();  // Chromium quits when its DevTools pipe closes
  if (pid_ > 0 && !WaitForExit(grace)) {
    ::kill(-pid_, SIGKILL);
    ::kill(pid_, SIGKILL);
    WaitForExit(std::chrono::seconds(10));
  }
  if (launcher_.joinable()) launcher_.join();
  if (!temp_root_.empty()) {
    std::error_code ec;
    fs::remove_all(temp_root_, ec);
    if (ec) log_->warn("cannot remove Chromium profile {}: {}", temp_root_, ec.message());
  }
}

ChromiumProcess::~ChromiumProcess() { Terminate(std::chrono::milliseconds(0)); }

}  // namespace formsender::browser
