#pragma once
// Runs the formsender binary in a temporary data directory (process-level CLI tests).

#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include "common/crypto.h"
#include "common/subprocess.h"

namespace formsender::cli {

// Starts a long-running formsender command (`sites serve`, `serve`, `scheduler run` … with
// --json) and reads its stdout line by line from a pipe; stderr goes to /dev/null.
class ServeProcess {
 public:
  // `env` is added to this process's environment for the child.
  explicit ServeProcess(std::vector<std::string> args,
                        const std::map<std::string, std::string>& env = {})
      : args_(std::move(args)) {
    // Everything the child needs is prepared before fork: it may only call async-signal-safe
    // functions until exec.
    std::vector<char*> argv;
    for (auto& a : args_) argv.push_back(a.data());
    argv.push_back(nullptr);
    for (char** e = environ; *e; ++e) {
      std::string_view entry(*e);
      if (!env.count(std::string(entry.substr(0, entry.find('='))))) env_.emplace_back(entry);
    }
    for (const auto& [name, value] : env) env_.push_back(name + "=" + value);
    std::vector<char*> envp;
    for (auto& e : env_) envp.push_back(e.data());
    envp.push_back(nullptr);
    int fds[2];
    if (pipe(fds) != 0) return;
    pid_ = fork();
    if (pid_ == 0) {
      dup2(fds[1], STDOUT_FILENO);
      int devnull = open("/dev/null", O_WRONLY);
      dup2(devnull, STDERR_FILENO);
      close(fds[0]);
      execve(argv[0], argv.data(), envp.data());
      _exit(127);
    }
    close(fds[1]);
    out_ = fds[0];
  }
  ~ServeProcess() {
    if (pid_ > 0 && !waited_) {
      kill(pid_, SIGKILL);
      waitpid(pid_, nullptr, 0);
    }
    if (out_ >= 0) close(out_);
  }
  // The next line of stdout (blocks until it arrives or the process ends).
  std::string ReadLine() {
    std::string line;
    char c;
    while (read(out_, &c, 1) == 1) {
      if (c == '\n') return line;
      line += c;
    }
    return line;
  }
  int Terminate() {
    kill(pid_, SIGTERM);
    int status = 0;
    waitpid(pid_, &status, 0);
    waited_ = true;
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  }

 private:
  std::vector<std::string> args_;
  std::vector<std::string> env_;
  pid_t pid_ = -1;
  int out_ = -1;
  bool waited_ = false;
};

class BinaryTest : public ::testing::Test {
 protected:
  void SetUp() override {
    const char* bin = std::getenv("FORMSENDER_BINARY");
    ASSERT_NE(bin, nullptr) << "FORMSENDER_BINARY not set";
    binary_ = bin;
    const char* src = std::getenv("FORMSENDER_SOURCE_DIR");
    ASSERT_NE(src, nullptr) << "FORMSENDER_SOURCE_DIR not set";
    source_dir_ = src;
    dir_ = std::filesystem::temp_directory_path() / ("fs-cli-" + RandomHexToken(6));
    std::filesystem::create_directories(dir_);
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }

  // Runs the binary with FORMSENDER_DATA_DIR in the temp dir and `env` added.
  CommandResult Run(std::vector<std::string> args, std::map<std::string, std::string> env = {}) {
    args.insert(args.begin(), binary_);
    CommandOptions options;
    options.env = std::move(env);
    options.env["FORMSENDER_DATA_DIR"] = (dir_ / "data").string();
    for (const char* name : {"FORMSENDER_DATABASE_URL", "FORMSENDER_CONFIG"}) {
      if (!options.env.count(name)) options.env[name] = kUnsetEnv;
    }
    auto r = RunCommand(args, options);
    EXPECT_TRUE(r.ok());
    return r.ok() ? *r : CommandResult{};
  }

  std::string binary_;
  std::filesystem::path source_dir_;
  std::filesystem::path dir_;
};

}  // namespace formsender::cli
