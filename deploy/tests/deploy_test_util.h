#pragma once
// Shared helpers of the deploy/ checks: where the sources and the built binary are, running
// tools, and the names formsender reads from its environment.

#include <filesystem>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "common/json.h"
#include "common/subprocess.h"

namespace formsender::deploy_test {

// FORMSENDER_SOURCE_DIR (set by CTest), else the source tree this file was compiled from.
std::filesystem::path SourceDir();
// FORMSENDER_BINARY (set by CTest): the formsender binary built with these tests.
std::filesystem::path Binary();
std::string ReadFile(const std::filesystem::path& path);
// Runs argv; a failure to start is a test failure (an empty result with exit code -1).
CommandResult RunTool(const std::vector<std::string>& argv, const CommandOptions& options = {});
bool HaveTool(const std::string& name);
// The NAME=value lines of an environment file (systemd EnvironmentFile), comments and blank
// lines skipped; a line without '=' is a test failure.
std::map<std::string, std::string> EnvFile(const std::filesystem::path& path);

// Every environment variable formsender reads: the env names of the settings catalog and the
// string literals "NAME" passed to Environment::Get / GetNonBlank anywhere in src/ (tests
// and test fixtures excluded).
std::set<std::string> VariablesFormsenderReads();

// Which Debian package owns a shared library file, from dpkg's file lists (read once).
class PackageIndex {
 public:
  static PackageIndex Load();
  // The owner of `file`, trying its canonical path and the /lib and /usr/lib spellings of
  // merged-/usr systems; "" when no package does.
  std::string Owner(const std::filesystem::path& file) const;

 private:
  std::map<std::string, std::string> owner_;  // path → package
};

// `deploy/gcp/setup.sh --dry-run`, parsed.
struct SetupDryRun {
  int exit_code = -1;
  std::string output;                              // stdout and stderr
  std::vector<std::vector<std::string>> commands;  // each gcloud command, as shell words
  std::string toml;                                // the formsender.toml it prints
  Json batch_template;                             // the rendered Cloud Batch template
};
// Runs the dry run with PROJECT_ID=test-project (unless `env` says otherwise) and `args`.
SetupDryRun RunSetupDryRun(const std::map<std::string, std::string>& env = {},
                           const std::vector<std::string>& args = {});
// A command line as the setup script prints it, split into words (single quotes honoured).
std::vector<std::string> ShellWords(std::string_view line);
// The value of --name=value among `words`; "" when absent.
std::string Flag(const std::vector<std::string>& words, std::string_view name);

}  // namespace formsender::deploy_test
