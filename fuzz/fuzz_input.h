#pragma once
// What every fuzz target includes: a reader that splits libFuzzer's byte string into the
// pieces a target needs (a selector byte, a line, the rest), and FUZZ_CHECK for invariants.
//
// A target is one file, <name>_fuzz.cc, defining
//
//   extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size);
//
// and one line in fuzz/CMakeLists.txt. The same file builds into the libFuzzer binary
// (FORMSENDER_FUZZ=ON, clang) and into a GoogleTest binary that replays fuzz/corpus/<name>/ and
// fuzz/regressions/<name>/ in every ordinary build (fuzz/replay_main.cc), so a finding stays
// fixed. Targets keep no state between inputs except what they build once at start (a
// function-local static), never anything an input changes.

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

namespace formsender::fuzz {

class FuzzInput {
 public:
  FuzzInput(const uint8_t* data, size_t size) : rest_(reinterpret_cast<const char*>(data), size) {}

  bool empty() const { return rest_.empty(); }
  size_t size() const { return rest_.size(); }

  // The next byte, or 0 when the input is used up.
  uint8_t Byte() {
    if (rest_.empty()) return 0;
    auto b = static_cast<uint8_t>(rest_.front());
    rest_.remove_prefix(1);
    return b;
  }
  bool Bool() { return (Byte() & 1) != 0; }
  // A number in [0, n) (n > 0).
  size_t Index(size_t n) { return Byte() % n; }
  // Up to `n` bytes.
  std::string_view Take(size_t n) {
    std::string_view out = rest_.substr(0, n);
    rest_.remove_prefix(out.size());
    return out;
  }
  // The bytes up to the next '\n' (not included; the '\n' is consumed), at most `max` bytes.
  // Seeds written as "header\nbody" keep their header editable by hand and by the mutator.
  std::string_view Line(size_t max = 256) {
    size_t nl = rest_.substr(0, max).find('\n');
    std::string_view out = rest_.substr(0, nl == std::string_view::npos ? max : nl);
    rest_.remove_prefix(out.size());
    if (!rest_.empty() && rest_.front() == '\n') rest_.remove_prefix(1);
    return out;
  }
  std::string_view Rest() {
    std::string_view out = rest_;
    rest_ = {};
    return out;
  }

 private:
  std::string_view rest_;
};

// An invariant of the code under test. A violation aborts, which libFuzzer records as a crash
// (and the replay test reports as a failure), with the message on stderr.
#define FUZZ_CHECK(cond, what)                                                                 \
  do {                                                                                         \
    if (!(cond)) {                                                                             \
      std::fprintf(stderr, "FUZZ_CHECK failed at %s:%d: %s (%s)\n", __FILE__, __LINE__, #cond, \
                   std::string(what).c_str());                                                 \
      std::abort();                                                                            \
    }                                                                                          \
  } while (0)

}  // namespace formsender::fuzz
