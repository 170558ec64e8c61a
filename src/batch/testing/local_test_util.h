#pragma once
// Helpers for tests that run real task processes through the local backend.

#include <sys/types.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <functional>
#include <optional>
#include <string>
#include <thread>

#include "batch/local_backend.h"
#include "common/crypto.h"
#include "common/strings.h"

namespace formsender::batch::testing {

// The test task program (testing/batch_test_child.cc).
inline std::string ChildProgram() { return FS_BATCH_TEST_CHILD; }

inline std::string ReadFileText(const std::filesystem::path& p) {
  std::ifstream in(p);
  return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

// Whether `pid` is a live process (a zombie waiting for a reaper counts as gone).
inline bool IsAlive(pid_t pid) {
  std::string stat = ReadFileText("/proc/" + std::to_string(pid) + "/stat");
  size_t paren = stat.rfind(')');
  if (paren == std::string::npos || paren + 2 >= stat.size()) return false;
  char state = stat[paren + 2];
  return state != 'Z' && state != 'X';
}

// Waits for real processes: polls `done` until it holds or `timeout` passes.
inline bool WaitUntil(const std::function<bool()>& done,
                      std::chrono::milliseconds timeout = std::chrono::seconds(30)) {
  auto deadline = std::chrono::steady_clock::now() + timeout;
  while (!done()) {
    if (std::chrono::steady_clock::now() > deadline) return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  return true;
}

// A temporary directory removed at the end of the test.
class TempDir {
 public:
  TempDir() : path_(std::filesystem::temp_directory_path() / ("fs-batch-" + RandomHexToken(6))) {
    std::filesystem::create_directories(path_ / "marks");
  }
  ~TempDir() {
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
  }
  const std::filesystem::path& path() const { return path_; }
  std::filesystem::path marks() const { return path_ / "marks"; }
  void Touch(const std::string& name) const { std::ofstream(marks() / name) << "1"; }
  bool Has(const std::string& name) const { return std::filesystem::exists(marks() / name); }
  // The pid a task wrote in marks/<name>.
  std::optional<pid_t> Pid(const std::string& name) const {
    auto v = ParseInt64(std::string(Trim(ReadFileText(marks() / name))));
    if (!v.ok()) return std::nullopt;
    return static_cast<pid_t>(*v);
  }
  // "alive max" kept by the tasks in marks/counter.
  std::pair<int, int> Counter() const {
    auto parts = Split(std::string(Trim(ReadFileText(marks() / "counter"))), ' ');
    if (parts.size() != 2) return {0, 0};
    return {static_cast<int>(ParseInt64(parts[0]).value_or(0)),
            static_cast<int>(ParseInt64(parts[1]).value_or(0))};
  }

 private:
  std::filesystem::path path_;
};

// Options for fast tests: short graces, frequent scans, the test child as the task.
inline LocalBatchOptions TestOptions(const TempDir& dir) {
  LocalBatchOptions o;
  o.command = {ChildProgram()};
  o.log_dir = dir.path() / "logs";
  o.preemption_grace = std::chrono::milliseconds(2'000);
  o.cancel_grace = std::chrono::milliseconds(2'000);
  o.orphan_grace = std::chrono::milliseconds(500);
  o.scan_interval = std::chrono::milliseconds(50);
  o.extra_env["TEST_CHILD_DIR"] = dir.marks().string();
  return o;
}

}  // namespace formsender::batch::testing
