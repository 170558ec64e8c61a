// in the image, SIGTERM must reach formsender. The test runs the Dockerfile's ENTRYPOINT
// (tini → formsender) as PID 1 of a new PID namespace, as a container runtime does, sends
// SIGTERM to that PID 1 from outside (what `docker stop`, Cloud Run and a Spot preemption do),
// and checks that formsender received it and shut down cleanly. formsender here serves the
// bundled sample sites (`sites serve`), a long-running command that stops on SIGTERM.
#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include "common/strings.h"
#include "deploy/tests/deploy_test_util.h"

namespace formsender::deploy_test {
namespace {

namespace fs = std::filesystem;

// A child whose stdout is a pipe the test reads line by line.
class Child {
 public:
  explicit Child(const std::vector<std::string>& argv) {
    int fds[2];
    if (pipe2(fds, O_CLOEXEC) != 0) return;
    pid_ = fork();
    if (pid_ == 0) {
      dup2(fds[1], STDOUT_FILENO);
      std::vector<char*> args;
      for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
      args.push_back(nullptr);
      execvp(args[0], args.data());
      _exit(127);
    }
    close(fds[1]);
    out_ = fds[0];
  }
  ~Child() {
    if (pid_ > 0 && !waited_) {
      kill(pid_, SIGKILL);  // --kill-child takes the namespace down with it
      waitpid(pid_, nullptr, 0);
    }
    if (out_ >= 0) close(out_);
  }
  std::string ReadLine() {
    std::string line;
    char c;
    while (read(out_, &c, 1) == 1) {
      if (c == '\n') return line;
      line += c;
    }
    return line;
  }
  // Exit code, or -signal.
  int Wait() {
    int status = 0;
    waitpid(pid_, &status, 0);
    waited_ = true;
    return WIFEXITED(status) ? WEXITSTATUS(status) : -WTERMSIG(status);
  }
  pid_t pid() const { return pid_; }

 private:
  pid_t pid_ = -1;
  int out_ = -1;
  bool waited_ = false;
};

// The Dockerfile's ENTRYPOINT, with the image's binary path replaced by the one built here.
std::vector<std::string> Entrypoint() {
  for (const std::string& line : Split(ReadFile(SourceDir() / "deploy/Dockerfile"), '\n')) {
    if (!line.starts_with("ENTRYPOINT ")) continue;
    auto parsed = ParseJson(line.substr(11));
    if (!parsed.ok() || !parsed->is_array()) return {};
    std::vector<std::string> out;
    for (const Json& w : *parsed) {
      std::string s = w.get<std::string>();
      out.push_back(s == "/usr/local/bin/formsender" ? Binary().string() : s);
    }
    return out;
  }
  return {};
}

// The pid (in this namespace) of the only child of `parent`.
pid_t OnlyChild(pid_t parent) {
  std::string children =
      ReadFile("/proc/" + std::to_string(parent) + "/task/" + std::to_string(parent) + "/children");
  auto n = ParseInt64(Trim(children));
  return n.ok() ? static_cast<pid_t>(*n) : -1;
}

// "NSpid:\t<here>\t<inside>" of /proc/<pid>/status: the pid inside its own namespace.
std::string InnermostPid(pid_t pid) {
  for (const std::string& line :
       Split(ReadFile("/proc/" + std::to_string(pid) + "/status"), '\n')) {
    if (line.starts_with("NSpid:")) {
      auto words = Split(std::string(Trim(line.substr(6))), '\t');
      return words.empty() ? "" : words.back();
    }
  }
  return "";
}

TEST(SignalTest, SigtermToTheContainersPidOneReachesFormsender) {
  if (geteuid() != 0) GTEST_SKIP() << "a new PID namespace needs root (CI runs as root)";
  ASSERT_TRUE(HaveTool("unshare")) << "unshare (util-linux) is missing";
  std::vector<std::string> entrypoint = Entrypoint();
  ASSERT_EQ(entrypoint.size(), 3u);
  ASSERT_TRUE(fs::exists(entrypoint[0]))
      << entrypoint[0] << " is missing: run scripts/install-deps";

  std::vector<std::string> argv = {"unshare", "--pid", "--fork", "--kill-child"};
  argv.insert(argv.end(), entrypoint.begin(), entrypoint.end());
  for (const char* a : {"--json", "sites", "serve", "--listen", "127.0.0.1:0", "--dir"}) {
    argv.push_back(a);
  }
  argv.push_back((SourceDir() / "tests/forms").string());
  Child container(argv);
  ASSERT_GT(container.pid(), 0);
  auto started = ParseJson(container.ReadLine());
  ASSERT_TRUE(started.ok()) << "formsender did not start: " << started.status().ToString();
  EXPECT_GT((*started)["port"].get<int>(), 0);

  pid_t init = OnlyChild(container.pid());
  ASSERT_GT(init, 0);
  EXPECT_EQ(Trim(ReadFile("/proc/" + std::to_string(init) + "/comm")), "tini");
  EXPECT_EQ(InnermostPid(init), "1");  // tini is PID 1 of the container
  pid_t app = OnlyChild(init);
  ASSERT_GT(app, 0);
  EXPECT_EQ(InnermostPid(app), "2");  // formsender is its child

  ASSERT_EQ(kill(init, SIGTERM), 0);
  auto stopped = ParseJson(container.ReadLine());
  ASSERT_TRUE(stopped.ok()) << "formsender never saw the SIGTERM: " << stopped.status().ToString();
  EXPECT_EQ((*stopped)["stopped"], true);
  // tini exits with formsender's exit code, and unshare with tini's.
  EXPECT_EQ(container.Wait(), 0);
}

}  // namespace
}  // namespace formsender::deploy_test
