// The charset conversions on arbitrary bytes: the browser-style decoders (Shift_JIS/Windows-31J,
// EUC-JP, ISO-2022-JP, UTF-8), the encoder a form submission uses, the sheet-export decoder
// (UTF-8 or CP932, never a silent replacement) and the UTF-8 validators.
//
// Input: a selector byte (which charset), then the bytes.
#include <cstdint>
#include <string>

#include "common/charset.h"
#include "common/csv.h"
#include "fuzz/fuzz_input.h"
#include "settings/encoding.h"

namespace {

constexpr const char* kCharsets[] = {"Shift_JIS",   "EUC-JP",   "ISO-2022-JP", "UTF-8",
                                     "windows-31j", "x-euc-jp", "csISO2022JP", "utf8"};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace formsender;
  fuzz::FuzzInput in(data, size);
  const std::string charset = kCharsets[in.Index(std::size(kCharsets))];
  const std::string bytes(in.Rest());

  auto decoded = DecodeToUtf8(bytes, charset);
  FUZZ_CHECK(decoded.ok(), decoded.status().ToString());
  // Invalid sequences become U+FFFD: the output is always UTF-8.
  size_t bad = 0;
  FUZZ_CHECK(IsValidUtf8(*decoded, &bad),
             charset + " decode produced invalid UTF-8 at " + std::to_string(bad));

  // Encoding valid UTF-8 never fails (unmappable characters become &#N;), and what the
  // encoder wrote decodes back to the same text when it held no references. A text that starts
  // with U+FEFF (a page with two byte-order marks) is the exception: its encoding starts with a
  // byte-order mark, which decoding drops, as browsers do.
  auto encoded = EncodeFromUtf8(*decoded, charset);
  FUZZ_CHECK(encoded.ok(), encoded.status().ToString());
  auto round = DecodeToUtf8(*encoded, charset);
  FUZZ_CHECK(round.ok(), round.status().ToString());
  if (encoded->find("&#") == std::string::npos && decoded->find("&#") == std::string::npos &&
      decoded->find("\xEF\xBF\xBD") == std::string::npos && !decoded->starts_with("\xEF\xBB\xBF")) {
    FUZZ_CHECK(*round == *decoded, charset + " round trip changed the text");
  }

  // The raw bytes through the encoder: invalid UTF-8 is an error or handled, never a crash.
  (void)EncodeFromUtf8(bytes, charset);
  (void)CanonicalCharset(bytes.substr(0, 64));

  auto sheet = settings::DecodeSheetBytes(bytes, "fuzz.csv");
  if (sheet.ok()) {
    FUZZ_CHECK(settings::IsValidUtf8(sheet->text), "sheet decode produced invalid UTF-8");
    FUZZ_CHECK(sheet->text.rfind("\xEF\xBB\xBF", 0) != 0, "sheet decode kept the BOM");
  }
  FUZZ_CHECK(settings::IsValidUtf8(bytes) == IsValidUtf8(bytes),
             "the two UTF-8 validators disagree");
  return 0;
}
