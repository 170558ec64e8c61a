// docs/setup.md and docs/ja/setup.md walked through: every `formsender` command the guides
// show is a real subcommand with real options, every file they install or copy is in the
// repository, and the single-machine steps run as written — the environment file, the
// migration the unit runs before `serve`, the example sheets imported, and `plan 1`, which
// must say the campaign runs in batch mode (USE_GCP_BATCH from the environment file).
#include <gtest/gtest.h>

#include <regex>
#include <set>

#include "common/crypto.h"
#include "common/strings.h"
#include "deploy/tests/deploy_test_util.h"

namespace formsender::deploy_test {
namespace {

namespace fs = std::filesystem;

// The shell lines of a guide's ```bash blocks (continuations joined), and the inline
// `formsender …` spans of its prose.
std::vector<std::string> GuideCommands(const std::string& text) {
  std::vector<std::string> out;
  bool in_block = false;
  std::string pending;
  for (const std::string& raw : Split(text, '\n')) {
    std::string line(Trim(raw));
    if (line.starts_with("```")) {
      in_block = !in_block && line == "```bash";
      continue;
    }
    if (!in_block) {
      static const std::regex kInline(R"(`((?:build/)?formsender [^`]+)`)");
      for (auto it = std::sregex_iterator(line.begin(), line.end(), kInline);
           it != std::sregex_iterator(); ++it) {
        out.push_back((*it)[1]);
      }
      continue;
    }
    if (line.empty() || line.starts_with('#')) continue;
    if (line.ends_with('\\')) {
      pending += line.substr(0, line.size() - 1) + " ";
      continue;
    }
    out.push_back(pending + line);
    pending.clear();
  }
  return out;
}

// The arguments of a shell line whose program is formsender (after `sudo`, its options and
// VAR=value assignments); nullopt when the line runs another program.
std::optional<std::vector<std::string>> FormsenderArgs(const std::string& line) {
  std::vector<std::string> words;
  for (const std::string& w : Split(line, ' ')) {
    if (!Trim(w).empty()) words.emplace_back(Trim(w));
  }
  static const std::regex kAssignment(R"([A-Z_][A-Z0-9_]*=.*)");
  bool after_sudo = false;
  for (size_t i = 0; i < words.size(); ++i) {
    const std::string& w = words[i];
    if (w == "sudo") {
      after_sudo = true;
    } else if (after_sudo && w.starts_with('-')) {
      if (w == "-u") ++i;  // its user
    } else if (std::regex_match(w, kAssignment)) {
      continue;
    } else if (w == "formsender" || w == "build/formsender") {
      return std::vector<std::string>(words.begin() + static_cast<long>(i) + 1, words.end());
    } else {
      return std::nullopt;
    }
  }
  return std::nullopt;
}

std::string HelpOf(const std::vector<std::string>& path) {
  std::vector<std::string> argv = {Binary().string()};
  argv.insert(argv.end(), path.begin(), path.end());
  argv.push_back("--help");
  return RunTool(argv).out;
}

// Checks one `formsender …` of the guide: its subcommands exist and every --option it passes
// is one the subcommand (or the program) declares.
void CheckCommand(const std::string& line, const std::vector<std::string>& args) {
  static const std::set<std::string> kGlobalWithValue = {"--config", "--data-dir", "--database-url",
                                                         "--log-level"};
  std::vector<std::string> path;
  std::vector<std::string> options;
  bool subcommands_done = false;
  for (size_t i = 0; i < args.size(); ++i) {
    const std::string& w = args[i];
    if (w == "|" || w == ">" || w.starts_with("#")) break;  // the rest is the shell's
    if (w.starts_with("--")) {
      std::string name = w.substr(0, w.find('='));
      options.push_back(name);
      if (kGlobalWithValue.count(name) && w.find('=') == std::string::npos) ++i;
      continue;
    }
    if (subcommands_done || w.starts_with('<') || w.starts_with('-')) continue;
    std::vector<std::string> candidate = path;
    candidate.push_back(w);
    std::string usage = HelpOf(candidate);
    if (usage.find("Usage: formsender " + Join(candidate, " ")) != std::string::npos) {
      path = candidate;
    } else {
      subcommands_done = true;  // a positional argument: the subcommand is known
    }
  }
  // `formsender --version` has options only.
  ASSERT_FALSE(path.empty() && options.empty()) << "no formsender subcommand in: " << line;
  std::string help = (path.empty() ? "" : HelpOf(path)) + HelpOf({});
  for (const std::string& option : options) {
    EXPECT_NE(help.find(option), std::string::npos)
        << "formsender " << Join(path, " ") << " has no " << option << " (" << line << ")";
  }
}

class GuideTest : public ::testing::TestWithParam<std::string> {};

TEST_P(GuideTest, EveryFormsenderCommandAndEveryFileItNamesExists) {
  std::string text = ReadFile(SourceDir() / GetParam());
  std::vector<std::string> commands = GuideCommands(text);
  size_t formsender_commands = 0;
  for (const std::string& line : commands) {
    SCOPED_TRACE(line);
    if (auto args = FormsenderArgs(line)) {
      ++formsender_commands;
      CheckCommand(line, *args);
    }
    // Files of this repository that a step installs or copies.
    static const std::regex kRepoPath(R"(\b((?:deploy|docs)/[A-Za-z0-9_./-]+\.[a-z]+)\b)");
    for (auto it = std::sregex_iterator(line.begin(), line.end(), kRepoPath);
         it != std::sregex_iterator(); ++it) {
      std::string path = (*it)[1];
      if (path == "deploy/gcp/setup.env") continue;  // the copy the guide makes
      EXPECT_TRUE(fs::exists(SourceDir() / path)) << path;
    }
  }
  EXPECT_GE(formsender_commands, 8u) << "the guide shows fewer formsender commands than it did";
}

INSTANTIATE_TEST_SUITE_P(Guides, GuideTest, ::testing::Values("docs/setup.md", "docs/ja/setup.md"),
                         [](const auto& info) {
                           return info.param == "docs/setup.md" ? std::string("en")
                                                                : std::string("ja");
                         });

// §1.3–1.5 on this machine: the environment file as installed (its paths moved into a
// temporary directory), `formsender db migrate` as the unit runs it, the sheets, `plan 1`.
TEST(GuideTest, TheSingleMachineStepsRunAsWritten) {
  fs::path root = fs::temp_directory_path() / ("fs-guide-" + RandomHexToken(6));
  fs::create_directories(root / "etc");
  fs::copy_file(SourceDir() / "docs/examples/formsender.toml", root / "etc/formsender.toml");
  CommandOptions options;
  options.timeout = std::chrono::seconds(60);
  for (auto [name, value] : EnvFile(SourceDir() / "deploy/systemd/formsender.env.example")) {
    value = ReplaceAll(value, "/var/lib/formsender", (root / "data").string());
    value = ReplaceAll(value, "/etc/formsender", (root / "etc").string());
    options.env[name] = value;
  }
  if (!options.env.count("FORMSENDER_DATABASE_URL"))
    options.env["FORMSENDER_DATABASE_URL"] = kUnsetEnv;
  auto run = [&](std::vector<std::string> args) {
    args.insert(args.begin(), Binary().string());
    return RunTool(args, options);
  };
  auto migrated = run({"db", "migrate"});
  EXPECT_EQ(migrated.exit_code, 0) << migrated.err;
  auto clients = run({"import", "clients", (SourceDir() / "docs/examples/clients.csv").string()});
  EXPECT_EQ(clients.exit_code, 0) << clients.err;
  auto targeting =
      run({"import", "targeting", (SourceDir() / "docs/examples/targeting.csv").string()});
  EXPECT_EQ(targeting.exit_code, 0) << targeting.err;
  auto plan = run({"plan", "1"});
  EXPECT_EQ(plan.exit_code, 0) << plan.err;
  EXPECT_NE(plan.out.find("mode batch"), std::string::npos) << plan.out;
  // The store is where the environment file says: SQLite in the data directory.
  EXPECT_TRUE(fs::exists(root / "data" / "formsender.db"));
  fs::remove_all(root);
}

}  // namespace
}  // namespace formsender::deploy_test
