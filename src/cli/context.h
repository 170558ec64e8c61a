#pragma once
// What every subcommand gets: global flags, the logger, the clock, and lazily opened backends.
// Subcommand functions stay thin: parse flags, call one component function, map the Status.

#include <iosfwd>
#include <memory>
#include <optional>
#include <string>

#include "common/clock.h"
#include "common/env.h"
#include "common/log.h"
#include "common/redact.h"
#include "common/status.h"
#include "settings/properties.h"
#include "store/database.h"

namespace formsender::cli {

// Process exit codes (documented in docs/cli.md).
inline constexpr int kExitOk = 0;
inline constexpr int kExitFailure = 1;      // the operation failed
inline constexpr int kExitUsage = 2;        // bad flags, arguments or input
inline constexpr int kExitUnavailable = 3;  // a backend could not be reached; retry later
inline constexpr int kExitNotFound = 4;     // the thing named does not exist
inline constexpr int kExitConflict = 5;     // already exists / state does not allow it
inline constexpr int kExitCheckFailed = 6;  // a check ran and found a problem (formsender check)

int ExitCodeFor(const Status& status);

struct GlobalFlags {
  std::string data_dir;      // --data-dir, FORMSENDER_DATA_DIR, ./formsender-data
  std::string database_url;  // --database-url, FORMSENDER_DATABASE_URL, config, sqlite in data dir
  std::string config_file;   // --config, FORMSENDER_CONFIG, <data-dir>/formsender.toml if present
  std::string log_level = "info";
  bool json = false;  // --json: machine-readable output on stdout
};

class Context {
 public:
  Context(GlobalFlags flags, const Environment& env, std::ostream& out, std::ostream& err);

  const GlobalFlags& flags() const { return flags_; }
  const Environment& env() const { return env_; }
  // The system clock, or the shifted clock of FORMSENDER_CLOCK (common/shifted_clock.h).
  const Clock& clock() const { return *clock_; }
  std::ostream& out() { return out_; }
  std::ostream& err() { return err_; }
  Logger& log() { return *log_; }
  LoggerPtr log_ptr() { return log_; }
  std::shared_ptr<Redactor> redactor() { return redactor_; }

  // Resolves defaults from the environment once flags are parsed.
  Status Finalize();
  // Creates the data directory (mode 0700) if needed.
  Status EnsureDataDir();
  // Opens the configured database on first use.
  Result<store::Database*> Database();
  // Loads the properties on first use: the --config file (FORMSENDER_CONFIG), else
  // <data-dir>/formsender.toml when it exists, overridden by the environment. Secret values are
  // registered with the redactor.
  Result<const settings::Properties*> Properties();

  // Prints a failed Status as "formsender: <message>" on stderr and returns its exit code.
  int Fail(const Status& status);

 private:
  GlobalFlags flags_;
  const Environment& env_;
  std::unique_ptr<Clock> clock_ = std::make_unique<SystemClock>();
  std::ostream& out_;
  std::ostream& err_;
  std::shared_ptr<Redactor> redactor_;
  LoggerPtr log_;
  std::unique_ptr<store::Database> db_;
  std::optional<settings::Properties> properties_;
};

}  // namespace formsender::cli
