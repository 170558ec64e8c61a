#pragma once
// Starting a task process so that it can never outlive its supervisor.
//
// The supervisor forks a small guard (a copy of itself that never execs and only makes
// async-signal-safe calls), and the guard forks and execs the task in a process group of its
// own. The guard:
//   - has PR_SET_PDEATHSIG, so it learns at once when the supervisor thread dies (even by
//     SIGKILL); it then sends SIGTERM to the task's group, waits `orphan_grace`, and SIGKILLs
//     the group;
//   - waits for the task and exits with its status (128 + signal when the task was killed,
//     as a container runtime reports it), after SIGKILLing whatever the task left in its
//     group;
//   - closes every descriptor it inherited except the ones it needs, so a dying `serve` does
//     not keep its listening socket or database connections open through its guards.
// The task itself also gets PR_SET_PDEATHSIG (SIGTERM) against a guard that is killed.

#include <sys/types.h>

#include <chrono>
#include <optional>
#include <string>
#include <vector>

#include "common/handles.h"
#include "common/process.h"
#include "common/status.h"

namespace formsender::batch {

struct GuardedSpawnRequest {
  std::vector<std::string> argv;  // argv[0] is an absolute path or searched in PATH
  std::vector<std::string> env;   // "NAME=value", the task's whole environment
  std::string stdout_path;        // created (0600) or appended to
  std::string stderr_path;
  std::string working_dir;  // empty: the supervisor's
  std::chrono::milliseconds orphan_grace{30'000};
};

struct GuardedProcess {
  pid_t guard_pid = -1;
  pid_t task_pid = -1;   // also the task's process group id
  UniqueFd guard_pidfd;  // readable when the guard exits
};

// Starts the task. Must be called from a thread that outlives the task (the guard's parent-
// death signal fires when the forking *thread* exits). An exec failure (no such program) is
// reported here as kInvalidArgument with the errno text, and the guard is already reaped.
Result<GuardedProcess> SpawnGuarded(const GuardedSpawnRequest& request);

// Sends `sig` to the task's whole process group. ESRCH (already gone) is not an error.
void SignalTaskGroup(pid_t task_pgid, int sig);

// Reaps the guard if it has exited: its exit code (128 + signal for a killed task, or for a
// guard that was itself killed). nullopt while it runs.
std::optional<int> TryReapGuard(pid_t guard_pid);

// ProcessStartTime (pid + start time identify a process across pid reuse) is in
// common/process.h.

// Processes (this user's) whose environment holds `marker` ("NAME=value"): the leftovers of
// a task whose supervisor died. Used by the next supervisor before it counts the attempt lost.
std::vector<pid_t> FindProcessesWithEnv(const std::string& marker);

}  // namespace formsender::batch
