#include "browser/process_stats.h"

#include <dirent.h>
#include <unistd.h>

#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>

namespace formsender::browser {
namespace {

// Fields of /proc/<pid>/stat after the command name, which may itself hold spaces and ')'.
bool ReadStat(pid_t pid, char* state, pid_t* pgrp) {
  std::ifstream in("/proc/" + std::to_string(pid) + "/stat");
  std::string line;
  if (!std::getline(in, line)) return false;
  size_t close = line.rfind(')');
  if (close == std::string::npos) return false;
  std::istringstream rest(line.substr(close + 1));
  pid_t ppid = 0;
  rest >> *state >> ppid >> *pgrp;
  return static_cast<bool>(rest);
}

// "VmRSS:   1234 kB" style lines.
uint64_t ReadKbField(const std::string& path, const std::string& field) {
  std::ifstream in(path);
  std::string line;
  while (std::getline(in, line)) {
    if (line.rfind(field, 0) == 0) return std::strtoull(line.c_str() + field.size(), nullptr, 10);
  }
  return 0;
}

// utime + stime + cutime + cstime, in clock ticks (fields 14-17 of /proc/<pid>/stat).
uint64_t CpuTicks(pid_t pid) {
  std::ifstream in("/proc/" + std::to_string(pid) + "/stat");
  std::string line;
  if (!std::getline(in, line)) return 0;
  size_t close = line.rfind(')');
  if (close == std::string::npos) return 0;
  std::istringstream rest(line.substr(close + 2));
  std::string field;
  uint64_t ticks = 0;
  // The text after the name starts at field 3 (state).
  for (int i = 3; i <= 17 && rest >> field; ++i) {
    if (i >= 14) ticks += std::strtoull(field.c_str(), nullptr, 10);
  }
  return ticks;
}

}  // namespace

std::vector<pid_t> ProcessesInGroup(pid_t pgid) {
  std::vector<pid_t> out;
  if (pgid <= 0) return out;
  DIR* dir = opendir("/proc");
  if (!dir) return out;
  while (dirent* e = readdir(dir)) {
    char* end = nullptr;
    long pid = std::strtol(e->d_name, &end, 10);
    if (*end != '\0' || pid <= 0) continue;
    char state = 0;
    pid_t pgrp = 0;
    if (ReadStat(static_cast<pid_t>(pid), &state, &pgrp) && pgrp == pgid && state != 'Z' &&
        state != 'X') {
      out.push_back(static_cast<pid_t>(pid));
    }
  }
  closedir(dir);
  return out;
}

GroupMemory MemoryOfGroup(pid_t pgid) {
  GroupMemory m;
  for (pid_t pid : ProcessesInGroup(pgid)) {
    std::string base = "/proc/" + std::to_string(pid);
    ++m.processes;
    m.rss_bytes += ReadKbField(base + "/status", "VmRSS:") * 1024;
    m.pss_bytes += ReadKbField(base + "/smaps_rollup", "Pss:") * 1024;
  }
  return m;
}

double CpuSecondsOfGroup(pid_t pgid) {
  uint64_t ticks = 0;
  for (pid_t pid : ProcessesInGroup(pgid)) ticks += CpuTicks(pid);
  return static_cast<double>(ticks) / static_cast<double>(sysconf(_SC_CLK_TCK));
}

}  // namespace formsender::browser
