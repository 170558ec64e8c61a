#pragma once
// The Chromium child process: found, launched with the DevTools pipe, watched, and never left
// behind.
//
// Three guards keep Chromium from outliving its owner, even when the owner is SIGKILLed:
//  - PR_SET_PDEATHSIG(SIGKILL) on Chromium, set by a launcher thread that lives exactly as long
//    as the child (the signal follows the death of the *thread* that forked);
//  - the DevTools socket: Chromium quits as soon as its pipe closes, which the kernel does when
//    the owner dies;
//  - its own process group, killed as a whole once the main process is gone or on Terminate(),
//    which sweeps zygotes and renderers.

#include <sys/types.h>

#include <chrono>
#include <condition_variable>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "common/handles.h"
#include "common/log.h"
#include "common/status.h"

namespace formsender::browser {

struct ChromiumOptions {
  // A path to the binary or to one of Debian's wrapper scripts; "" finds one (see
  // ResolveChromiumExecutable).
  std::string executable;
  // Parent folder of the per-launch profile folder; "" = /tmp.
  std::string temp_dir;
  std::vector<std::string> extra_args;
  // Environment variables passed through besides the fixed minimal set (PATH, HOME, TMPDIR,
  // XDG dirs, LANG, TZ); values are read from the owner's environment at launch. Nothing else
  // of the owner's environment (credentials, tokens, database URLs) reaches Chromium.
  std::vector<std::string> pass_env = {"FONTCONFIG_FILE", "FONTCONFIG_PATH"};
  std::string time_zone = "Asia/Tokyo";
  std::string language = "ja-JP";
  int window_width = 1280;
  int window_height = 900;
};

// The binary to exec. An explicit `configured` path must exist and be executable. Debian's
// /usr/bin/chromium{,-headless-shell} are shell scripts that run /usr/lib/chromium/<name> as a
// child; the real binary is exec'd instead so that the death signal and process group cover
// Chromium itself. Without a configured path: chromium-headless-shell first (the lighter
// build), then chromium. NotFound when none exists.
Result<std::string> ResolveChromiumExecutable(std::string_view configured);

// The command line used for every launch (exposed for the docs and tests).
std::vector<std::string> ChromiumArguments(const std::string& executable,
                                           const std::string& profile_dir,
                                           const ChromiumOptions& options);

class ChromiumProcess {
 public:
  // Starts Chromium with its DevTools pipe on fds 3/4. Returns once the child is running; the
  // caller speaks CDP over TakeSocket() and decides when it is ready.
  static Result<std::unique_ptr<ChromiumProcess>> Launch(const ChromiumOptions& options,
                                                         LoggerPtr log);
  ~ChromiumProcess();  // Terminate(0)
  ChromiumProcess(const ChromiumProcess&) = delete;
  ChromiumProcess& operator=(const ChromiumProcess&) = delete;

  // Our end of the DevTools socket (once).
  UniqueFd TakeSocket() { return std::move(socket_); }
  pid_t pid() const { return pid_; }
  const std::string& executable() const { return executable_; }

  // Waits up to `grace` for Chromium to exit by itself (after Browser.close), then kills its
  // process group, reaps it and removes the profile folder. Idempotent.
  void Terminate(std::chrono::milliseconds grace);
  // Waits up to `timeout` for the process to exit; true when it has.
  bool WaitForExit(std::chrono::milliseconds timeout);
  bool has_exited() const;
  // "exited with status 0", "killed by signal 9", or "running".
  std::string ExitDescription() const;
  // The last `max_bytes` of Chromium's stderr (for error messages after a crash).
  std::string LogTail(size_t max_bytes = 600) const;

 private:
  ChromiumProcess() = default;
  void Watch();

  LoggerPtr log_;
  std::string executable_;
  std::string temp_root_;  // profile, home and log live here; removed on Terminate
  std::string log_path_;
  UniqueFd socket_;
  pid_t pid_ = -1;
  std::thread launcher_;

  mutable std::mutex mu_;
  std::condition_variable cv_;
  bool started_ = false;
  std::string launch_error_;
  bool exited_ = false;
  int wait_status_ = 0;
  bool terminated_ = false;
};

}  // namespace formsender::browser
