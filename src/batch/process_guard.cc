#include "batch/process_guard.h"

#include <dirent.h>
#include <fcntl.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <memory>
#include <sstream>

#include "common/strings.h"

namespace formsender::batch {
namespace {

// Everything the guard needs, prepared before fork: after it only async-signal-safe calls.
struct GuardArgs {
  pid_t parent_pid;
  int devnull_fd, stdout_fd, stderr_fd, report_fd, exec_error_fd;
  const char* path;
  char* const* argv;
  char* const* envp;
  const char* working_dir;  // null: unchanged
  int64_t orphan_grace_ms;
};

int64_t MonotonicMs() {
  timespec ts{};
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return static_cast<int64_t>(ts.tv_sec) * 1000 + ts.tv_nsec / 1'000'000;
}

void WriteAll(int fd, const void* data, size_t n) {
  const char* p = static_cast<const char*>(data);
  while (n > 0) {
    ssize_t w = write(fd, p, n);
    if (w < 0 && errno == EINTR) continue;
    if (w <= 0) return;
    p += w;
    n -= static_cast<size_t>(w);
  }
}

// Closes every descriptor ≥ 3 except those in `keep` (async-signal-safe).
void CloseAllExcept(int* keep, int count) {
  for (int i = 1; i < count; ++i) {  // insertion sort: no allocation
    for (int j = i; j > 0 && keep[j - 1] > keep[j]; --j) std::swap(keep[j - 1], keep[j]);
  }
  unsigned low = 3;
  for (int i = 0; i < count; ++i) {
    if (keep[i] < 3) continue;
    unsigned k = static_cast<unsigned>(keep[i]);
    if (k > low) close_range(low, k - 1, 0);
    if (k + 1 > low) low = k + 1;
  }
  close_range(low, ~0U, 0);
}

void ResetSignalDispositions() {
  struct sigaction dfl {};
  dfl.sa_handler = SIG_DFL;
  sigemptyset(&dfl.sa_mask);
  for (int sig = 1; sig < NSIG; ++sig) {
    if (sig == SIGKILL || sig == SIGSTOP) continue;
    sigaction(sig, &dfl, nullptr);
  }
}

[[noreturn]] void RunTask(const GuardArgs& a, pid_t guard_pid) {
  setpgid(0, 0);
  prctl(PR_SET_PDEATHSIG, SIGTERM);
  if (getppid() != guard_pid) _exit(125);
  dup2(a.devnull_fd, 0);
  dup2(a.stdout_fd, 1);
  dup2(a.stderr_fd, 2);
  ResetSignalDispositions();
  sigset_t none;
  sigemptyset(&none);
  sigprocmask(SIG_SETMASK, &none, nullptr);
  if (a.working_dir && chdir(a.working_dir) != 0) {
    int e = errno;
    WriteAll(a.exec_error_fd, &e, sizeof e);
    _exit(127);
  }
  execve(a.path, a.argv, a.envp);
  int e = errno;
  WriteAll(a.exec_error_fd, &e, sizeof e);
  _exit(127);
}

[[noreturn]] void RunGuard(const GuardArgs& a) {
  // All signals arrive blocked (the parent blocked them around fork); the guard only ever
  // takes SIGCHLD and its parent-death signal, synchronously.
  struct sigaction dfl {};
  dfl.sa_handler = SIG_DFL;
  sigemptyset(&dfl.sa_mask);
  sigaction(SIGCHLD, &dfl, nullptr);
  sigaction(SIGUSR1, &dfl, nullptr);
  prctl(PR_SET_PDEATHSIG, SIGUSR1);
  // The supervisor died before the task started: there is nothing to guard.
  if (getppid() != a.parent_pid) _exit(125);
  bool parent_dead = false;

  int keep[] = {a.devnull_fd, a.stdout_fd, a.stderr_fd, a.report_fd, a.exec_error_fd};
  CloseAllExcept(keep, 5);

  pid_t guard_pid = getpid();
  pid_t task = fork();
  if (task < 0) _exit(126);  // the parent sees the report pipe close without a pid
  if (task == 0) RunTask(a, guard_pid);
  setpgid(task, task);  // also done by the task: whichever runs first wins the race
  close(a.exec_error_fd);
  WriteAll(a.report_fd, &task, sizeof task);
  close(a.report_fd);
  close(a.devnull_fd);
  close(a.stdout_fd);
  close(a.stderr_fd);

  sigset_t wait_set;
  sigemptyset(&wait_set);
  sigaddset(&wait_set, SIGCHLD);
  sigaddset(&wait_set, SIGUSR1);
  bool term_sent = false, kill_sent = false;
  int64_t kill_at_ms = 0;
  for (;;) {
    int status = 0;
    pid_t r = waitpid(task, &status, WNOHANG);
    if (r == task) {
      kill(-task, SIGKILL);  // whatever the task left behind in its group
      int code = WIFEXITED(status) ? WEXITSTATUS(status)
                                   : (WIFSIGNALED(status) ? 128 + WTERMSIG(status) : 255);
      _exit(code);
    }
    if (r < 0 && errno == ECHILD) _exit(255);
    if (parent_dead && !term_sent) {
      kill(-task, SIGTERM);
      term_sent = true;
      kill_at_ms = MonotonicMs() + a.orphan_grace_ms;
    }
    int sig;
    if (term_sent && !kill_sent) {
      int64_t left = kill_at_ms - MonotonicMs();
      if (left <= 0) {
        kill(-task, SIGKILL);
        kill_sent = true;
        continue;
      }
      timespec ts{static_cast<time_t>(left / 1000), static_cast<long>((left % 1000) * 1'000'000)};
      sig = sigtimedwait(&wait_set, nullptr, &ts);
    } else {
      sig = sigwaitinfo(&wait_set, nullptr);
    }
    if (sig == SIGUSR1 || getppid() != a.parent_pid) parent_dead = true;
  }
}

// Searches PATH (from the task's env, else ours) for a bare command name.
Result<std::string> ResolveProgram(const std::string& program,
                                   const std::vector<std::string>& env) {
  if (program.find('/') != std::string::npos) return program;
  std::string path_var;
  for (const auto& kv : env) {
    if (kv.starts_with("PATH=")) path_var = kv.substr(5);
  }
  if (path_var.empty()) {
    const char* p = getenv("PATH");
    path_var = p ? p : "/usr/local/bin:/usr/bin:/bin";
  }
  for (const std::string& dir : Split(path_var, ':')) {
    std::string candidate = (dir.empty() ? "." : dir) + "/" + program;
    if (access(candidate.c_str(), X_OK) == 0) return candidate;
  }
  return Status::InvalidArgument("command '" + program + "' not found in PATH");
}

Result<UniqueFd> OpenLog(const std::string& path) {
  int fd = open(path.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0600);
  if (fd < 0) {
    return Status::Internal("cannot open task log " + path + ": " + std::strerror(errno));
  }
  return UniqueFd(fd);
}

// Reads exactly `n` bytes unless EOF comes first; returns how many were read.
size_t ReadFull(int fd, void* data, size_t n) {
  char* p = static_cast<char*>(data);
  size_t got = 0;
  while (got < n) {
    ssize_t r = read(fd, p + got, n - got);
    if (r < 0 && errno == EINTR) continue;
    if (r <= 0) break;
    got += static_cast<size_t>(r);
  }
  return got;
}

int ExitCodeOf(int status) {
  if (WIFEXITED(status)) return WEXITSTATUS(status);
  if (WIFSIGNALED(status)) return 128 + WTERMSIG(status);
  return 255;
}

}  // namespace

Result<GuardedProcess> SpawnGuarded(const GuardedSpawnRequest& request) {
  if (request.argv.empty() || request.argv[0].empty()) {
    return Status::InvalidArgument("task command is empty");
  }
  FS_ASSIGN_OR_RETURN(std::string path, ResolveProgram(request.argv[0], request.env));
  FS_ASSIGN_OR_RETURN(UniqueFd out, OpenLog(request.stdout_path));
  FS_ASSIGN_OR_RETURN(UniqueFd err, OpenLog(request.stderr_path));
  UniqueFd devnull(open("/dev/null", O_RDONLY | O_CLOEXEC));
  if (!devnull.valid())
    return Status::Internal(std::string("open /dev/null: ") + std::strerror(errno));
  int report[2], exec_error[2];
  if (pipe2(report, O_CLOEXEC) != 0)
    return Status::Internal(std::string("pipe: ") + std::strerror(errno));
  UniqueFd report_r(report[0]), report_w(report[1]);
  if (pipe2(exec_error, O_CLOEXEC) != 0) {
    return Status::Internal(std::string("pipe: ") + std::strerror(errno));
  }
  UniqueFd exec_r(exec_error[0]), exec_w(exec_error[1]);

  std::vector<char*> argv, envp;
  for (const auto& a : request.argv) argv.push_back(const_cast<char*>(a.c_str()));
  argv.push_back(nullptr);
  for (const auto& e : request.env) envp.push_back(const_cast<char*>(e.c_str()));
  envp.push_back(nullptr);
  GuardArgs args{getpid(),
                 devnull.get(),
                 out.get(),
                 err.get(),
                 report_w.get(),
                 exec_w.get(),
                 path.c_str(),
                 argv.data(),
                 envp.data(),
                 request.working_dir.empty() ? nullptr : request.working_dir.c_str(),
                 request.orphan_grace.count()};

  // Signals stay blocked from fork until the guard waits for them synchronously, so no
  // handler of this process ever runs in the guard.
  sigset_t all, old;
  sigfillset(&all);
  pthread_sigmask(SIG_SETMASK, &all, &old);
  pid_t guard = fork();
  if (guard == 0) RunGuard(args);
  int fork_errno = errno;
  pthread_sigmask(SIG_SETMASK, &old, nullptr);
  if (guard < 0) return Status::Unavailable(std::string("fork: ") + std::strerror(fork_errno));
  report_w.Reset();
  exec_w.Reset();

  GuardedProcess p;
  p.guard_pid = guard;
  pid_t task = -1;
  if (ReadFull(report_r.get(), &task, sizeof task) != sizeof task) {
    int status = 0;
    while (waitpid(guard, &status, 0) < 0 && errno == EINTR) {
    }
    return Status::Unavailable("the task guard could not fork the task (exit " +
                               std::to_string(ExitCodeOf(status)) + ")");
  }
  p.task_pid = task;
  int child_errno = 0;
  if (ReadFull(exec_r.get(), &child_errno, sizeof child_errno) == sizeof child_errno) {
    int status = 0;
    while (waitpid(guard, &status, 0) < 0 && errno == EINTR) {
    }
    return Status::InvalidArgument("cannot run " + path + ": " + std::strerror(child_errno));
  }
  p.guard_pidfd = UniqueFd(static_cast<int>(syscall(SYS_pidfd_open, guard, 0)));
  return p;
}

void SignalTaskGroup(pid_t task_pgid, int sig) {
  if (task_pgid > 1) kill(-task_pgid, sig);
}

std::optional<int> TryReapGuard(pid_t guard_pid) {
  int status = 0;
  pid_t r = waitpid(guard_pid, &status, WNOHANG);
  if (r == guard_pid) return ExitCodeOf(status);
  if (r < 0 && errno == ECHILD) return 255;  // reaped elsewhere: nothing left to wait for
  return std::nullopt;
}

std::vector<pid_t> FindProcessesWithEnv(const std::string& marker) {
  std::vector<pid_t> out;
  struct DirCloser {
    void operator()(DIR* d) const { closedir(d); }
  };
  std::unique_ptr<DIR, DirCloser> dir(opendir("/proc"));
  if (!dir) return out;
  pid_t self = getpid();
  while (dirent* e = readdir(dir.get())) {
    auto pid = ParseInt64(e->d_name, "pid");
    if (!pid.ok() || *pid == self) continue;
    std::ifstream in(std::string("/proc/") + e->d_name + "/environ", std::ios::binary);
    if (!in) continue;
    std::string env((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    for (const std::string& kv : Split(env, '\0')) {
      if (kv == marker) {
        out.push_back(static_cast<pid_t>(*pid));
        break;
      }
    }
  }
  return out;
}

}  // namespace formsender::batch
