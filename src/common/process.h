#pragma once
// Identifying a process across pid reuse, so a lease holder on this host that died is noticed
// at once instead of after its lease runs out (the local batch supervisor, the task deliverer).

#include <sys/types.h>

#include <optional>
#include <string>
#include <string_view>

namespace formsender {

// The start time of process `pid` (/proc/<pid>/stat field 22), nullopt when there is no such
// process. Together with the pid it identifies a process across pid reuse.
std::optional<std::string> ProcessStartTime(pid_t pid);

// This host's name (gethostname), "localhost" when it cannot be read.
std::string HostName();

// Who holds a lease: host, pid and start time, written as "host/pid/start".
struct ProcessIdentity {
  std::string host;
  int64_t pid = 0;
  std::string start;

  static ProcessIdentity Current();
  std::string ToString() const;
  // Reads the text written by ToString; nullopt for anything else.
  static std::optional<ProcessIdentity> Parse(std::string_view text);
  // True when this identity names a process of this host that no longer runs (its pid is gone
  // or now belongs to a process that started at another time). A process of another host is
  // never known to be dead.
  bool IsDeadOnThisHost() const;
};

}  // namespace formsender
