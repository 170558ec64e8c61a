// Replays a fuzz target's committed inputs as an ordinary test, with the project's normal
// compiler and (in the ASan tree) its sanitizers: every file of fuzz/corpus/<target>/ (the
// seeds) and fuzz/regressions/<target>/ (inputs that once crashed, hung or leaked), plus a few
// edge inputs. No libFuzzer or clang is needed. FS_FUZZ_TARGET and FS_FUZZ_DIR come from
// fuzz/CMakeLists.txt.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size);
extern "C" __attribute__((weak)) int LLVMFuzzerInitialize(int* argc, char*** argv);

namespace {

namespace fs = std::filesystem;

// Seeds are kept small so the replay stays a matter of seconds; libFuzzer grows inputs itself.
constexpr uintmax_t kMaxSeedBytes = 64 * 1024;

std::vector<fs::path> FilesIn(const fs::path& dir) {
  std::vector<fs::path> out;
  std::error_code ec;
  if (!fs::is_directory(dir, ec)) return out;
  for (const auto& e : fs::directory_iterator(dir)) {
    if (e.is_regular_file() && e.path().filename().string().front() != '.') {
      out.push_back(e.path());
    }
  }
  std::sort(out.begin(), out.end());
  return out;
}

std::string ReadAll(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

void Replay(const std::string& bytes) {
  LLVMFuzzerTestOneInput(reinterpret_cast<const uint8_t*>(bytes.data()), bytes.size());
}

void ReplayDir(const fs::path& dir) {
  for (const fs::path& p : FilesIn(dir)) {
    SCOPED_TRACE(p.string());
    // Printed before the run: a crash (abort, sanitizer report) names the input that caused it.
    std::fprintf(stderr, "replay %s\n", p.filename().c_str());
    Replay(ReadAll(p));
  }
}

const fs::path kDir = FS_FUZZ_DIR;
const std::string kTarget = FS_FUZZ_TARGET;

TEST(FuzzReplay, SeedCorpusIsCommittedAndSmall) {
  auto files = FilesIn(kDir / "corpus" / kTarget);
  EXPECT_FALSE(files.empty()) << "no seeds in fuzz/corpus/" << kTarget;
  for (const fs::path& p : files) {
    EXPECT_LE(fs::file_size(p), kMaxSeedBytes) << p << " is too large for a seed";
  }
}

TEST(FuzzReplay, SeedCorpus) { ReplayDir(kDir / "corpus" / kTarget); }

TEST(FuzzReplay, Regressions) { ReplayDir(kDir / "regressions" / kTarget); }

TEST(FuzzReplay, EdgeInputs) {
  Replay("");
  for (int b = 0; b < 256; ++b) Replay(std::string(1, static_cast<char>(b)));
  Replay(std::string(4096, '\0'));
  Replay(std::string(4096, '\xff'));
  Replay(std::string(4096, '\n'));
  Replay(std::string(4096, '<'));
  Replay(std::string(4096, '"'));
}

}  // namespace

int main(int argc, char** argv) {
  ::testing::InitGoogleTest(&argc, argv);
  if (LLVMFuzzerInitialize != nullptr) LLVMFuzzerInitialize(&argc, &argv);
  return RUN_ALL_TESTS();
}
