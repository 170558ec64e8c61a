// deploy/Dockerfile cannot be built here (no Docker engine, no network for debootstrap), so
// it is held to the project by what can be checked: the build stage runs the project's own
// scripts/install-deps; the runtime stage installs the Debian package of every shared library
// the formsender binary built with these tests links, and no library package the project does
// not use; every runtime package is a Debian 12 package; the image runs as a non-root user
// with tini as PID 1 (Q-18, signal_test.cc runs that entrypoint).
#include <gtest/gtest.h>

#include <regex>
#include <set>

#include "common/strings.h"
#include "deploy/tests/deploy_test_util.h"

namespace formsender::deploy_test {
namespace {

namespace fs = std::filesystem;

struct Dockerfile {
  std::string text;
  std::vector<std::string> from;           // image of each stage
  std::string build_stage, runtime_stage;  // their text
  std::vector<std::string> runtime_packages;
  Json entrypoint;
  std::string user;
};

Dockerfile ParseDockerfile() {
  Dockerfile d;
  d.text = ReadFile(SourceDir() / "deploy/Dockerfile");
  std::vector<std::string> stages;
  for (const std::string& line : Split(d.text, '\n')) {
    if (line.starts_with("FROM ")) {
      d.from.push_back(Split(line, ' ')[1]);
      stages.emplace_back();
    }
    if (!stages.empty()) stages.back() += line + "\n";
    if (line.starts_with("ENTRYPOINT ")) d.entrypoint = ParseJson(line.substr(11)).value_or(Json());
    if (line.starts_with("USER ")) d.user = std::string(Trim(line.substr(5)));
  }
  if (stages.size() == 2) {
    d.build_stage = stages[0];
    d.runtime_stage = stages[1];
  }
  auto begin = d.runtime_stage.find("# runtime-packages-begin");
  auto end = d.runtime_stage.find("# runtime-packages-end");
  if (begin != std::string::npos && end != std::string::npos) {
    std::string block = d.runtime_stage.substr(begin, end - begin);
    auto install = block.find("--no-install-recommends");
    if (install != std::string::npos) {
      std::string list = block.substr(install + 23);
      list = list.substr(0, list.find("&&"));
      std::replace(list.begin(), list.end(), '\\', ' ');
      std::replace(list.begin(), list.end(), '\n', ' ');
      for (const std::string& word : Split(list, ' ')) {
        if (!Trim(word).empty()) d.runtime_packages.emplace_back(Trim(word));
      }
    }
  }
  return d;
}

bool Installed(const std::string& package) {
  CommandResult r = RunTool({"dpkg-query", "-W", "-f=${Status}", package});
  return r.exit_code == 0 && r.out == "install ok installed";
}

// The packages of scripts/install-deps' build profile.
std::vector<std::string> InstallDepsBuildPackages() {
  std::string text = ReadFile(SourceDir() / "scripts/install-deps");
  auto begin = text.find("build_packages=(");
  auto end = text.find(')', begin);
  std::vector<std::string> out;
  if (begin == std::string::npos || end == std::string::npos) return out;
  for (const std::string& line : Split(text.substr(begin + 16, end - begin - 16), '\n')) {
    std::string code = line.substr(0, line.find('#'));
    for (const std::string& w : Split(code, ' ')) {
      if (!Trim(w).empty()) out.emplace_back(Trim(w));
    }
  }
  return out;
}

// Package names a package depends on (Depends and Pre-Depends, alternatives included).
std::set<std::string> DependsOf(const std::string& package) {
  CommandResult r = RunTool({"dpkg-query", "-W", "-f=${Depends},${Pre-Depends}", package});
  std::set<std::string> out;
  std::string text = r.out;
  std::replace(text.begin(), text.end(), '|', ',');
  for (const std::string& item : Split(text, ',')) {
    std::string name(Trim(item.substr(0, item.find('('))));
    name = name.substr(0, name.find(':'));
    if (!name.empty()) out.insert(std::string(Trim(name)));
  }
  return out;
}

struct Library {
  std::string soname;
  fs::path path;
  std::string package;  // the package owning `path`
};

// The libraries the binary names in DT_NEEDED, with the paths the loader resolves.
std::vector<Library> NeededLibraries(const fs::path& binary, const PackageIndex& packages) {
  CommandResult elf = RunTool({"readelf", "-d", binary.string()});
  CommandResult ldd = RunTool({"ldd", binary.string()});
  std::map<std::string, fs::path> resolved;
  static const std::regex kLdd(R"(^\s*(\S+) => (\S+) )");
  for (const std::string& line : Split(ldd.out, '\n')) {
    std::smatch m;
    if (std::regex_search(line, m, kLdd)) resolved[m[1].str()] = m[2].str();
  }
  std::vector<Library> out;
  static const std::regex kNeeded(R"(\(NEEDED\)\s+Shared library: \[([^\]]+)\])");
  for (const std::string& line : Split(elf.out, '\n')) {
    std::smatch m;
    if (!std::regex_search(line, m, kNeeded)) continue;
    fs::path path = resolved[m[1].str()];
    out.push_back({m[1].str(), path, packages.Owner(path)});
  }
  return out;
}

bool IsSanitizerRuntime(const std::string& soname) {
  return soname.starts_with("libasan.") || soname.starts_with("libubsan.");
}

// The C and C++ runtimes come with the compiler (g++), not with a -dev package of ours.
bool IsToolchainRuntime(const std::string& soname) {
  for (const char* prefix : {"libc.", "libm.", "libstdc++.", "libgcc_s."}) {
    if (soname.starts_with(prefix)) return true;
  }
  return false;
}

// The binary's libraries and their packages are read once for the suite (dpkg's lists).
struct LinkedBinary {
  PackageIndex packages;
  std::vector<Library> needed;
};

class ImageTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    if (!Binary().empty() && fs::exists(Binary())) {
      linked_ = new LinkedBinary{PackageIndex::Load(), {}};
      linked_->needed = NeededLibraries(Binary(), linked_->packages);
    }
  }
  static void TearDownTestSuite() {
    delete linked_;
    linked_ = nullptr;
  }
  void SetUp() override {
    if (!ReadFile("/etc/debian_version").starts_with("12.")) {
      GTEST_SKIP() << "the package checks compare with this machine's Debian 12 packages";
    }
    ASSERT_FALSE(Binary().empty()) << "FORMSENDER_BINARY is not set";
    ASSERT_TRUE(fs::exists(Binary())) << Binary();
    ASSERT_NE(linked_, nullptr);
    d_ = ParseDockerfile();
  }
  const std::vector<Library>& Needed() const { return linked_->needed; }
  const PackageIndex& Packages() const { return linked_->packages; }

  static LinkedBinary* linked_;
  Dockerfile d_;
};
LinkedBinary* ImageTest::linked_ = nullptr;

TEST_F(ImageTest, TwoStagesOnDebian12) {
  ASSERT_EQ(d_.from.size(), 2u) << d_.text;
  EXPECT_TRUE(d_.from[0].starts_with("debian:bookworm")) << d_.from[0];
  EXPECT_TRUE(d_.from[1].starts_with("debian:bookworm")) << d_.from[1];
  EXPECT_GE(d_.runtime_packages.size(), 10u);
}

TEST_F(ImageTest, BuildStageUsesTheProjectsOwnInstallDepsAndCMake) {
  EXPECT_NE(d_.build_stage.find("COPY scripts/install-deps scripts/install-deps"),
            std::string::npos);
  EXPECT_NE(d_.build_stage.find("RUN scripts/install-deps build"), std::string::npos);
  EXPECT_NE(d_.build_stage.find("cmake -S . -B /build"), std::string::npos);
  EXPECT_NE(d_.build_stage.find("--target formsender"), std::string::npos);
  // The build profile has no Google Benchmark: the image must not configure the benchmarks.
  std::vector<std::string> build = InstallDepsBuildPackages();
  if (std::find(build.begin(), build.end(), "libbenchmark-dev") == build.end()) {
    EXPECT_NE(d_.build_stage.find("-DFORMSENDER_BENCH=OFF"), std::string::npos);
  }
  // The build context leaves out build trees.
  EXPECT_NE(ReadFile(SourceDir() / "deploy/Dockerfile.dockerignore").find("build*/"),
            std::string::npos);
}

TEST_F(ImageTest, InstallDepsHasTheDevPackageOfEveryLinkedLibrary) {
  std::vector<std::string> build = InstallDepsBuildPackages();
  ASSERT_FALSE(build.empty());
  for (const Library& lib : Needed()) {
    if (IsSanitizerRuntime(lib.soname) || IsToolchainRuntime(lib.soname)) continue;
    // libX.so.N → the development symlink libX.so, owned by the -dev package.
    fs::path dev = lib.path.parent_path() / lib.soname.substr(0, lib.soname.find(".so") + 3);
    std::string package = Packages().Owner(dev);
    ASSERT_FALSE(package.empty()) << "no package owns " << dev;
    EXPECT_NE(std::find(build.begin(), build.end(), package), build.end())
        << lib.soname << " comes from " << package
        << ", which scripts/install-deps' build profile does not install";
  }
}

TEST_F(ImageTest, RuntimeStageInstallsThePackageOfEveryLinkedLibrary) {
  std::set<std::string> runtime(d_.runtime_packages.begin(), d_.runtime_packages.end());
  ASSERT_GE(Needed().size(), 5u);
  for (const Library& lib : Needed()) {
    if (IsSanitizerRuntime(lib.soname)) continue;  // the ASan+UBSan test build only
    ASSERT_FALSE(lib.path.empty()) << lib.soname << " does not resolve";
    ASSERT_FALSE(lib.package.empty()) << "no package owns " << lib.path;
    EXPECT_TRUE(runtime.count(lib.package))
        << "the binary links " << lib.soname << " from " << lib.package
        << ", which deploy/Dockerfile's runtime stage does not install";
  }
}

TEST_F(ImageTest, RuntimePackagesAreDebian12PackagesTheProjectUses) {
  // A library package in the image is linked by the binary, or is the runtime half of a
  // library the project builds against (scripts/install-deps' build profile).
  std::set<std::string> accounted;
  for (const Library& lib : Needed()) accounted.insert(lib.package);
  for (const std::string& dev : InstallDepsBuildPackages()) {
    for (const std::string& dep : DependsOf(dev)) accounted.insert(dep);
  }
  for (const std::string& p : d_.runtime_packages) {
    // Installed on this Debian 12 machine (by scripts/install-deps): the name is real.
    EXPECT_TRUE(Installed(p)) << p << " is not an installed Debian 12 package here";
    if (p.starts_with("lib")) {
      EXPECT_TRUE(accounted.count(p)) << p << " is neither linked nor a dependency of the build";
    }
  }
  std::set<std::string> runtime(d_.runtime_packages.begin(), d_.runtime_packages.end());
  for (const char* needed : {"tini", "ca-certificates", "chromium-headless-shell"}) {
    EXPECT_TRUE(runtime.count(needed)) << needed;
  }
}

TEST_F(ImageTest, NonRootUserAndTiniAsPidOne) {
  EXPECT_FALSE(d_.user.empty());
  EXPECT_NE(d_.user.substr(0, d_.user.find(':')), "root");
  EXPECT_NE(d_.user.substr(0, d_.user.find(':')), "0");
  ASSERT_TRUE(d_.entrypoint.is_array()) << "ENTRYPOINT must be the exec (JSON) form";
  EXPECT_EQ(d_.entrypoint, Json::array({"/usr/bin/tini", "--", "/usr/local/bin/formsender"}));
  EXPECT_NE(d_.runtime_stage.find("COPY --from=build /build/formsender /usr/local/bin/formsender"),
            std::string::npos);
}

}  // namespace
}  // namespace formsender::deploy_test
