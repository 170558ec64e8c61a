// A task program for the local backend's tests, driven by its environment:
//   TEST_CHILD_EXIT_CODES   exit code per attempt ("3,0": attempt 0 exits 3, then 0; the last
//                           value repeats); TEST_CHILD_EXIT_CODES_<task index> overrides it
//   TEST_CHILD_SLEEP_MS     sleeps this long before exiting ("forever": until a signal)
//   TEST_CHILD_ON_SIGTERM   "exit:<code>" (default exit:0) or "ignore"
//   TEST_CHILD_DIR          writes started.<i>.<a> (its pid) and ended.<i>.<a> there, and keeps
//                           the number of live tasks and its maximum in <dir>/counter
//   TEST_CHILD_HOLD=1       waits for <dir>/release.<i> or <dir>/release.all before exiting
//   TEST_CHILD_GRANDCHILD=1 forks a grandchild that sleeps forever (pid in grandchild.<i>.<a>)
// It prints its task index, attempt, job id and TEST_CHILD_ECHO to stdout and a line to stderr.
//
// `batch_test_child supervise <database-url> <log-dir> <job-name-file> <task-count>
// <parallelism>` instead runs a LocalBatchBackend supervisor over that database whose tasks are
// this program (with this process's TEST_CHILD_* variables), submits one job, writes its name
// to <job-name-file> and waits to be killed.

#include <fcntl.h>
#include <signal.h>
#include <sys/file.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <string>
#include <thread>

#include "batch/local_backend.h"
#include "common/clock.h"
#include "common/strings.h"
#include "store/database.h"

extern char** environ;

namespace {

std::string Env(const char* name, const char* fallback = "") {
  const char* v = std::getenv(name);
  return v ? v : fallback;
}

int g_sigterm_exit_code = 0;
bool g_ignore_sigterm = false;
volatile sig_atomic_t g_terminated = 0;
std::string g_dir;
std::string g_suffix;

// Adds `delta` to the live-task count in <dir>/counter and keeps the maximum.
void UpdateCounter(int delta) {
  if (g_dir.empty()) return;
  std::string path = g_dir + "/counter";
  int fd = open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0600);
  if (fd < 0) return;
  flock(fd, LOCK_EX);
  char buf[64] = {};
  ssize_t n = pread(fd, buf, sizeof buf - 1, 0);
  long alive = 0, max = 0;
  if (n > 0) std::sscanf(buf, "%ld %ld", &alive, &max);
  alive += delta;
  if (alive > max) max = alive;
  int len = std::snprintf(buf, sizeof buf, "%ld %ld\n", alive, max);
  if (ftruncate(fd, 0) == 0) (void)!pwrite(fd, buf, static_cast<size_t>(len), 0);
  flock(fd, LOCK_UN);
  close(fd);
}

void WriteFile(const std::string& path, const std::string& text) { std::ofstream(path) << text; }

[[noreturn]] void Finish(int code) {
  UpdateCounter(-1);
  if (!g_dir.empty()) WriteFile(g_dir + "/ended." + g_suffix, std::to_string(code));
  std::fflush(stdout);
  _exit(code);
}

void OnSigterm(int) { g_terminated = 1; }

// Sleeps in small steps so a SIGTERM is acted on promptly (outside the handler).
void SleepMs(int64_t ms) {
  auto until = std::chrono::steady_clock::now() + std::chrono::milliseconds(ms);
  while (ms < 0 || std::chrono::steady_clock::now() < until) {
    if (g_terminated && !g_ignore_sigterm) Finish(g_sigterm_exit_code);
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
}

int ExitCodeFor(const std::string& index, int64_t attempt) {
  std::string codes =
      Env(("TEST_CHILD_EXIT_CODES_" + index).c_str(), Env("TEST_CHILD_EXIT_CODES", "0").c_str());
  auto parts = formsender::Split(codes, ',');
  if (parts.empty()) return 0;
  size_t i = std::min<size_t>(static_cast<size_t>(attempt), parts.size() - 1);
  return static_cast<int>(formsender::ParseInt64(parts[i]).value_or(0));
}

int RunTask() {
  std::string index = Env("BATCH_TASK_INDEX", "0");
  std::string attempt = Env("BATCH_TASK_RETRY_ATTEMPT", "0");
  g_dir = Env("TEST_CHILD_DIR");
  g_suffix = index + "." + attempt;
  std::string on_term = Env("TEST_CHILD_ON_SIGTERM", "exit:0");
  g_ignore_sigterm = on_term == "ignore";
  if (on_term.starts_with("exit:")) g_sigterm_exit_code = std::atoi(on_term.c_str() + 5);
  struct sigaction sa {};
  sa.sa_handler = OnSigterm;
  sigaction(SIGTERM, &sa, nullptr);

  std::printf("task %s attempt %s of %s job %s echo %s\n", index.c_str(), attempt.c_str(),
              Env("BATCH_TASK_COUNT").c_str(), Env("BATCH_JOB_ID").c_str(),
              Env("TEST_CHILD_ECHO").c_str());
  std::fflush(stdout);
  std::fprintf(stderr, "stderr of task %s\n", index.c_str());
  UpdateCounter(+1);
  if (!g_dir.empty()) WriteFile(g_dir + "/started." + g_suffix, std::to_string(getpid()));

  if (Env("TEST_CHILD_GRANDCHILD") == "1") {
    pid_t gc = fork();
    if (gc == 0) {
      signal(SIGTERM, SIG_IGN);  // only the group's SIGKILL ends it
      for (;;) pause();
    }
    if (!g_dir.empty()) WriteFile(g_dir + "/grandchild." + g_suffix, std::to_string(gc));
  }
  int code = ExitCodeFor(index, formsender::ParseInt64(attempt).value_or(0));
  if (Env("TEST_CHILD_HOLD") == "1" && !g_dir.empty()) {
    while (!std::filesystem::exists(g_dir + "/release." + index) &&
           !std::filesystem::exists(g_dir + "/release.all")) {
      SleepMs(10);
    }
  }
  std::string sleep_ms = Env("TEST_CHILD_SLEEP_MS", "0");
  SleepMs(sleep_ms == "forever" ? -1 : std::atoi(sleep_ms.c_str()));
  Finish(code);
}

int Supervise(int argc, char** argv) {
  using namespace formsender;
  if (argc < 7) {
    std::fprintf(stderr, "usage: supervise <db-url> <log-dir> <job-name-file> <tasks> <par>\n");
    return 2;
  }
  auto db = store::OpenDatabase(argv[2]);
  if (!db.ok()) {
    std::fprintf(stderr, "%s\n", db.status().ToString().c_str());
    return 1;
  }
  SystemClock clock;
  batch::LocalBatchOptions options;
  options.command = {std::filesystem::read_symlink("/proc/self/exe").string()};
  options.log_dir = argv[3];
  options.orphan_grace = std::chrono::milliseconds(500);
  batch::LocalBatchBackend backend(**db, clock, options);
  batch::JobSpec spec;
  spec.execution_id = "exec-supervised";
  spec.targeting_id = 1;
  spec.task_count = std::atoi(argv[5]);
  spec.parallelism = std::atoi(argv[6]);
  spec.attempts = 3;
  for (char** e = environ; *e; ++e) {
    std::string kv(*e);
    if (!kv.starts_with("TEST_CHILD_")) continue;
    size_t eq = kv.find('=');
    spec.env[kv.substr(0, eq)] = kv.substr(eq + 1);
  }
  auto job = backend.Submit(spec);
  if (!job.ok()) {
    std::fprintf(stderr, "%s\n", job.status().ToString().c_str());
    return 1;
  }
  if (Status s = backend.Start(); !s.ok()) {
    std::fprintf(stderr, "%s\n", s.ToString().c_str());
    return 1;
  }
  std::string tmp = std::string(argv[4]) + ".tmp";
  WriteFile(tmp, job->name);
  std::filesystem::rename(tmp, argv[4]);
  for (;;) pause();
}

}  // namespace

int main(int argc, char** argv) {
  if (argc > 1 && std::string(argv[1]) == "supervise") return Supervise(argc, argv);
  return RunTask();
}
