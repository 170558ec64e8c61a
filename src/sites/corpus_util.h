#pragma once
// Test helpers to enumerate the corpus (tests/forms) from the source tree.

#include <cstdlib>
#include <filesystem>
#include <string>
#include <vector>

namespace formsender::sites::testing {

// The source tree: FORMSENDER_SOURCE_DIR, else the one the test was built from. (gtest's test
// discovery lists the tests without the tests' environment, and the case list is computed
// while listing.)
inline std::string CorpusDir() {
  const char* root = std::getenv("FORMSENDER_SOURCE_DIR");
  return (std::filesystem::path(root ? root : FS_SOURCE_DIR) / "tests" / "forms").string();
}

// Case folder names (folders with a site.json), sorted.
inline std::vector<std::string> CorpusCases() {
  std::vector<std::string> out;
  std::error_code ec;
  for (const auto& e : std::filesystem::directory_iterator(CorpusDir(), ec)) {
    if (e.is_directory() && std::filesystem::exists(e.path() / "site.json")) {
      out.push_back(e.path().filename().string());
    }
  }
  std::sort(out.begin(), out.end());
  return out;
}

// A gtest parameter name for a case ("cf7-basic" → "cf7_basic").
inline std::string ParamName(std::string name) {
  for (char& c : name) {
    if (!isalnum(static_cast<unsigned char>(c))) c = '_';
  }
  return name;
}

}  // namespace formsender::sites::testing
