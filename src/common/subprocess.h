#pragma once
// Runs a program to completion and captures its output. Used by tests that drive the
// `formsender` binary and by commands that call system tools. (Long-running children with
// signals and process groups are managed by batch/ and browser/.)

#include <chrono>
#include <map>
#include <string>
#include <vector>

#include "common/status.h"

namespace formsender {

struct CommandResult {
  int exit_code = -1;  // -1 when killed by a signal
  int signal = 0;
  std::string out;
  std::string err;
  bool timed_out = false;
};

struct CommandOptions {
  // Added to (or replacing) the current environment; a value of "\x01unset" removes the name.
  std::map<std::string, std::string> env;
  std::string cwd;
  std::string stdin_data;
  std::chrono::milliseconds timeout{120'000};  // then SIGKILL
};

Result<CommandResult> RunCommand(const std::vector<std::string>& argv,
                                 const CommandOptions& options = {});

inline constexpr const char* kUnsetEnv = "\x01unset";

}  // namespace formsender
