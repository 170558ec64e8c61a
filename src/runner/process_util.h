#pragma once
// Test-only: `formsender runner` as a real child process (posix_spawn), its output in a file,
// signals, and waiting with a timeout.

#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

extern char** environ;

namespace formsender::runner::testing {

inline std::string FormsenderBinary() {
  const char* b = std::getenv("FORMSENDER_BINARY");
  return b ? b : "formsender";
}

class ChildProcess {
 public:
  ChildProcess() = default;
  ChildProcess(ChildProcess&& o) noexcept { *this = std::move(o); }
  ChildProcess& operator=(ChildProcess&& o) noexcept {
    pid_ = o.pid_;
    log_ = o.log_;
    exit_ = o.exit_;
    o.pid_ = -1;
    return *this;
  }
  ~ChildProcess() {
    if (pid_ > 0 && !exit_) {
      ::kill(pid_, SIGKILL);
      int status = 0;
      ::waitpid(pid_, &status, 0);
    }
  }

  // argv[0] is the program; `env` is added to (and overrides) this process's environment.
  static ChildProcess Start(const std::vector<std::string>& argv,
                            const std::map<std::string, std::string>& env,
                            const std::filesystem::path& log) {
    std::map<std::string, std::string> all;
    for (char** e = environ; *e; ++e) {
      std::string kv(*e);
      auto eq = kv.find('=');
      if (eq != std::string::npos) all[kv.substr(0, eq)] = kv.substr(eq + 1);
    }
    for (const auto& [k, v] : env) all[k] = v;
    std::vector<std::string> env_strings;
    for (const auto& [k, v] : all) env_strings.push_back(k + "=" + v);
    std::vector<char*> envp;
    for (auto& s : env_strings) envp.push_back(s.data());
    envp.push_back(nullptr);
    std::vector<std::string> args = argv;
    std::vector<char*> argp;
    for (auto& s : args) argp.push_back(s.data());
    argp.push_back(nullptr);
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addopen(&actions, 1, log.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0600);
    posix_spawn_file_actions_adddup2(&actions, 1, 2);
    ChildProcess p;
    p.log_ = log;
    if (posix_spawn(&p.pid_, argp[0], &actions, nullptr, argp.data(), envp.data()) != 0) {
      p.pid_ = -1;
    }
    posix_spawn_file_actions_destroy(&actions);
    return p;
  }

  pid_t pid() const { return pid_; }
  bool started() const { return pid_ > 0; }
  void Signal(int sig) {
    if (pid_ > 0 && !exit_) ::kill(pid_, sig);
  }
  // The exit code (128 + signal when killed), or nullopt on timeout.
  std::optional<int> Wait(std::chrono::milliseconds timeout) {
    if (exit_) return exit_;
    auto deadline = std::chrono::steady_clock::now() + timeout;
    while (true) {
      int status = 0;
      pid_t r = ::waitpid(pid_, &status, WNOHANG);
      if (r == pid_) {
        exit_ = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
        return exit_;
      }
      if (std::chrono::steady_clock::now() > deadline) return std::nullopt;
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
  }
  std::string Log() const {
    std::ifstream in(log_);
    std::stringstream s;
    s << in.rdbuf();
    return s.str();
  }

 private:
  pid_t pid_ = -1;
  std::filesystem::path log_;
  std::optional<int> exit_;
};

}  // namespace formsender::runner::testing
