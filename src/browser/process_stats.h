#pragma once
// Processes of a process group and their memory, read from /proc (Chromium's footprint for
// BrowserPool::Stats, the benchmarks, and the tests that check nothing is left behind).

#include <sys/types.h>

#include <cstdint>
#include <vector>

namespace formsender::browser {

// Live (non-zombie) processes whose process group is `pgid`.
std::vector<pid_t> ProcessesInGroup(pid_t pgid);

struct GroupMemory {
  int processes = 0;
  uint64_t rss_bytes = 0;
  uint64_t pss_bytes = 0;
};

GroupMemory MemoryOfGroup(pid_t pgid);

// CPU time (user + system) used so far by the live members of the group and by the children
// they have reaped (so renderers that already exited still count).
double CpuSecondsOfGroup(pid_t pgid);

}  // namespace formsender::browser
