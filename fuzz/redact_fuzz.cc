// The redactor that stands between secrets and every log line, error, stored evidence and
// dashboard page. Whatever the text: no crash, and a registered secret never survives, wherever
// it is placed in the text and whatever surrounds it.
//
// Input: "<secret>\n<text>"; the secret is also inserted into the text at an offset chosen by
// the byte after the secret line.
#include <cstdint>
#include <string>

#include "common/redact.h"
#include "fuzz/fuzz_input.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace formsender;
  fuzz::FuzzInput in(data, size);
  const std::string secret(in.Line(128));
  const size_t offset = in.Byte();
  std::string text(in.Rest());

  (void)RedactSecrets(text);
  // A secret that overlaps the marker itself could be "found" in the marker; not a leak.
  if (secret.size() < 8 || secret.find_first_of("[]") != std::string::npos ||
      kRedacted.find(secret) != std::string_view::npos) {
    return 0;
  }
  text.insert(std::min(offset, text.size()), secret);

  Redactor redactor;
  redactor.AddSecret(secret);
  const std::string out = redactor.Redact(text);
  FUZZ_CHECK(out.find(secret) == std::string::npos, "the secret survived redaction");
  return 0;
}
