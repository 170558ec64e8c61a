// What a hostile page controls before the engine connects anywhere: the hrefs, actions and
// Location headers it resolves (engine/url.h), and the SSRF guard's address check
// (IsPrivateAddress, applied to the socket address actually opened). The guard must judge an
// IPv4 address and its IPv6-mapped form (::ffff:a.b.c.d) alike, whatever the spelling.
//
// Input: 4 address bytes, then "<base URL>\n<reference>".
#include <arpa/inet.h>

#include <cstdint>
#include <string>

#include "engine/session.h"
#include "engine/url.h"
#include "fuzz/fuzz_input.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace formsender;
  using namespace formsender::engine;
  fuzz::FuzzInput in(data, size);
  uint8_t a[4];
  for (uint8_t& b : a) b = in.Byte();
  const std::string v4 = std::to_string(a[0]) + "." + std::to_string(a[1]) + "." +
                         std::to_string(a[2]) + "." + std::to_string(a[3]);
  const bool private_v4 = IsPrivateAddress(v4);
  FUZZ_CHECK(IsPrivateAddress("::ffff:" + v4) == private_v4, "mapped form judged apart: " + v4);
  in6_addr mapped{};
  mapped.s6_addr[10] = 0xff;
  mapped.s6_addr[11] = 0xff;
  for (int i = 0; i < 4; ++i) mapped.s6_addr[12 + i] = a[i];
  char text[INET6_ADDRSTRLEN];
  FUZZ_CHECK(inet_ntop(AF_INET6, &mapped, text, sizeof text) != nullptr, "inet_ntop");
  FUZZ_CHECK(IsPrivateAddress(text) == private_v4,
             std::string("mapped form judged apart: ") + text);
  if (a[0] == 127 || a[0] == 10 || (a[0] == 169 && a[1] == 254) || (a[0] == 192 && a[1] == 168) ||
      (a[0] == 172 && (a[1] & 0xf0) == 16) || a[0] == 0) {
    FUZZ_CHECK(private_v4, "a private address passed the guard: " + v4);
  }

  const std::string base(in.Line(1024));
  const std::string ref(in.Rest());
  (void)IsPrivateAddress(ref);
  (void)UrlHost(base);
  (void)UrlPort(base);
  (void)StripFragment(ref);
  (void)UrlPathAndQuery(ref);
  auto resolved = ResolveUrl(base, ref);
  if (resolved.ok()) {
    FUZZ_CHECK(resolved->find_first_of(std::string("\r\n\0", 3)) == std::string::npos,
               "a resolved URL holds CR, LF or NUL: " + *resolved);
    (void)UrlHost(*resolved);
    (void)UrlPort(*resolved);
  }
  return 0;
}
