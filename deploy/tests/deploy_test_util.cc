#include "deploy/tests/deploy_test_util.h"

#include <gtest/gtest.h>

#include <fstream>
#include <regex>
#include <sstream>

#include "common/env.h"
#include "common/json.h"
#include "common/strings.h"
#include "settings/property_catalog.h"

namespace formsender::deploy_test {

namespace fs = std::filesystem;

fs::path SourceDir() {
  ProcessEnvironment env;
  if (auto dir = env.GetNonBlank("FORMSENDER_SOURCE_DIR")) return *dir;
  return fs::path(__FILE__).parent_path().parent_path().parent_path();
}

fs::path Binary() {
  ProcessEnvironment env;
  return env.GetNonBlank("FORMSENDER_BINARY").value_or("");
}

std::string ReadFile(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

CommandResult RunTool(const std::vector<std::string>& argv, const CommandOptions& options) {
  auto r = RunCommand(argv, options);
  if (!r.ok()) {
    ADD_FAILURE() << "cannot run " << argv.front() << ": " << r.status().ToString();
    return CommandResult{};
  }
  return *r;
}

std::map<std::string, std::string> EnvFile(const std::filesystem::path& path) {
  std::map<std::string, std::string> vars;
  for (const std::string& line : Split(ReadFile(path), '\n')) {
    std::string_view t = Trim(line);
    if (t.empty() || t.starts_with('#')) continue;
    auto eq = t.find('=');
    EXPECT_NE(eq, std::string_view::npos) << path << ": " << line;
    if (eq != std::string_view::npos)
      vars[std::string(t.substr(0, eq))] = std::string(t.substr(eq + 1));
  }
  return vars;
}

bool HaveTool(const std::string& name) {
  auto r = RunCommand({"sh", "-c", "command -v " + name});
  return r.ok() && r->exit_code == 0;
}

std::set<std::string> VariablesFormsenderReads() {
  std::set<std::string> names;
  for (const auto& spec : settings::PropertyCatalog()) names.insert(std::string(spec.env));
  static const std::regex kRead(R"re(Get(?:NonBlank)?\(\s*"([A-Z][A-Z0-9_]*)"\s*\))re");
  for (const auto& entry : fs::recursive_directory_iterator(SourceDir() / "src")) {
    std::string path = entry.path().string();
    if (!entry.is_regular_file() || path.find("/testing/") != std::string::npos ||
        path.ends_with("_test.cc") || !(path.ends_with(".cc") || path.ends_with(".h"))) {
      continue;
    }
    std::string text = ReadFile(entry.path());
    for (std::sregex_iterator it(text.begin(), text.end(), kRead), end; it != end; ++it) {
      names.insert((*it)[1].str());
    }
  }
  return names;
}

PackageIndex PackageIndex::Load() {
  // dpkg -S costs ~0.3 s a call; the file lists it reads cost ~0.1 s for all of them at once.
  PackageIndex index;
  std::error_code ec;
  for (const auto& e : fs::directory_iterator("/var/lib/dpkg/info", ec)) {
    std::string file = e.path().filename().string();
    if (!file.ends_with(".list")) continue;
    // "libcurl4:amd64.list" → libcurl4
    std::string package = file.substr(0, file.size() - 5);
    package = package.substr(0, package.find(':'));
    for (const std::string& line : Split(ReadFile(e.path()), '\n')) {
      if (line.find(".so") != std::string::npos) index.owner_.emplace(line, package);
    }
  }
  return index;
}

std::string PackageIndex::Owner(const fs::path& file) const {
  std::vector<fs::path> candidates = {file};
  std::error_code ec;
  fs::path real = fs::canonical(file, ec);
  if (!ec) candidates.push_back(real);
  for (const fs::path& c : candidates) {
    std::string s = c.string();
    // Merged /usr: the package may list either spelling.
    for (const std::string& spelled : {s, s.starts_with("/usr/lib/") ? s.substr(4) : std::string(),
                                       s.starts_with("/lib/") ? "/usr" + s : std::string()}) {
      if (spelled.empty()) continue;
      if (auto it = owner_.find(spelled); it != owner_.end()) return it->second;
    }
  }
  return "";
}

std::vector<std::string> ShellWords(std::string_view line) {
  std::vector<std::string> words;
  std::string cur;
  bool in_word = false;
  for (size_t i = 0; i < line.size(); ++i) {
    char c = line[i];
    if (c == '\'') {
      in_word = true;
      size_t end = line.find('\'', i + 1);
      if (end == std::string_view::npos) end = line.size();
      cur.append(line.substr(i + 1, end - i - 1));
      i = end;
    } else if (c == '\\' && i + 1 < line.size()) {
      in_word = true;
      cur += line[++i];
    } else if (c == ' ') {
      if (in_word) words.push_back(std::move(cur));
      cur.clear();
      in_word = false;
    } else {
      in_word = true;
      cur += c;
    }
  }
  if (in_word) words.push_back(std::move(cur));
  return words;
}

std::string Flag(const std::vector<std::string>& words, std::string_view name) {
  std::string prefix = std::string(name) + "=";
  for (const std::string& w : words) {
    if (w.starts_with(prefix)) return w.substr(prefix.size());
  }
  return "";
}

SetupDryRun RunSetupDryRun(const std::map<std::string, std::string>& env,
                           const std::vector<std::string>& args) {
  CommandOptions options;
  options.env = {{"PROJECT_ID", "test-project"}};
  for (const auto& [k, v] : env) options.env[k] = v;
  std::vector<std::string> argv = {"bash", "-c", "\"$0\" \"$@\" 2>&1",
                                   (SourceDir() / "deploy/gcp/setup.sh").string(), "--dry-run"};
  argv.insert(argv.end(), args.begin(), args.end());
  CommandResult r = RunTool(argv, options);
  SetupDryRun out;
  out.exit_code = r.exit_code;
  out.output = r.out;
  bool in_toml = false, in_template = false;
  std::string template_text;
  for (const std::string& line : Split(r.out, '\n')) {
    if (line.starts_with("# ---8<---")) {
      in_toml = !in_toml && line.find("formsender.toml") != std::string::npos;
      continue;
    }
    if (in_toml) {
      out.toml += line + "\n";
      continue;
    }
    if (line.starts_with("# ") && line.ends_with(".json:")) {
      in_template = true;
      continue;
    }
    if (in_template && line.starts_with("#   ")) {
      template_text += line.substr(4) + "\n";
      continue;
    }
    in_template = false;
    if (line.starts_with("gcloud ")) out.commands.push_back(ShellWords(line));
  }
  if (!template_text.empty()) {
    auto parsed = ParseJson(template_text, "rendered batch template");
    if (parsed.ok()) {
      out.batch_template = *parsed;
    } else {
      ADD_FAILURE() << parsed.status().ToString();
    }
  }
  return out;
}

}  // namespace formsender::deploy_test
