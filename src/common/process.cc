#include "common/process.h"

#include <unistd.h>

#include <fstream>
#include <iterator>
#include <sstream>

#include "common/strings.h"

namespace formsender {

std::optional<std::string> ProcessStartTime(pid_t pid) {
  std::ifstream in("/proc/" + std::to_string(pid) + "/stat");
  if (!in) return std::nullopt;
  std::string stat((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  size_t close_paren = stat.rfind(')');
  if (close_paren == std::string::npos) return std::nullopt;
  std::istringstream fields(stat.substr(close_paren + 1));
  std::string field;
  // Field 3 (state) is the first after ')'; the start time is field 22.
  for (int i = 3; i <= 22; ++i) {
    if (!(fields >> field)) return std::nullopt;
  }
  return field;
}

std::string HostName() {
  char name[256] = {};
  if (::gethostname(name, sizeof name - 1) != 0 || name[0] == '\0') return "localhost";
  return name;
}

ProcessIdentity ProcessIdentity::Current() {
  ProcessIdentity id;
  id.host = HostName();
  id.pid = ::getpid();
  id.start = ProcessStartTime(::getpid()).value_or("");
  return id;
}

std::string ProcessIdentity::ToString() const {
  return host + "/" + std::to_string(pid) + "/" + start;
}

std::optional<ProcessIdentity> ProcessIdentity::Parse(std::string_view text) {
  std::vector<std::string> parts = Split(text, '/');
  if (parts.size() != 3 || parts[0].empty()) return std::nullopt;
  auto pid = ParseInt64(parts[1], "pid");
  if (!pid.ok() || *pid <= 0) return std::nullopt;
  return ProcessIdentity{parts[0], *pid, parts[2]};
}

bool ProcessIdentity::IsDeadOnThisHost() const {
  if (host != HostName()) return false;
  auto start_now = ProcessStartTime(static_cast<pid_t>(pid));
  return !start_now || *start_now != start;
}

}  // namespace formsender
