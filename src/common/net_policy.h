#pragma once
// Which network destinations a form may make us contact (the SSRF guard). One policy for the
// HTTP engine (libcurl) and the browser fallback (Chromium request interception), so a URL
// refused by one is refused by the other.
//
// Refused unless allow_private_targets: loopback (127/8, ::1, "localhost", "*.localhost"),
// RFC 1918 and RFC 6598 shared space, link-local (169.254/16, fe80::/10), cloud metadata
// (169.254.169.254, fd00:ec2::254, metadata.google.internal), unique-local IPv6 (fc00::/7),
// unspecified, multicast, broadcast, documentation and reserved ranges, and the IPv6 forms
// that embed one of those IPv4 addresses (v4-mapped, v4-compatible, NAT64, 6to4).
//
//   NetPolicy policy;  // refuses private targets
//   FS_RETURN_IF_ERROR(CheckHost(host, policy));                 // before resolving
//   FS_ASSIGN_OR_RETURN(auto addrs, ResolveAllowed(host, policy));  // then pin addrs

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"

namespace formsender {

enum class AddressKind {
  kPublic,
  kLoopback,
  kPrivate,    // RFC 1918, RFC 6598 (CGNAT), fc00::/7, fec0::/10
  kLinkLocal,  // 169.254/16, fe80::/10
  kMetadata,   // cloud instance metadata endpoints
  kUnspecified,
  kMulticast,
  kReserved,  // broadcast, documentation, benchmarking, 240/4, Teredo, discard…
};

std::string_view AddressKindName(AddressKind kind);

struct IpAddress {
  bool is_v6 = false;
  std::array<uint8_t, 16> bytes{};  // IPv4 uses the first 4

  // Accepts dotted quads and the legacy forms inet_aton takes ("127.1", "0x7f.0.0.1",
  // "2130706433": libcurl and some resolvers accept them too), and IPv6 with or without
  // brackets. nullopt when `text` is not an address literal.
  static std::optional<IpAddress> Parse(std::string_view text);
  std::string ToString() const;
};

AddressKind ClassifyAddress(const IpAddress& address);

struct NetPolicy {
  bool allow_private_targets = false;
  // Host names (compared lower-case, without a trailing dot) exempt from the refusal: an
  // intranet form an operator vouches for, or the loopback sample sites of the tests.
  std::vector<std::string> allowed_private_hosts;

  bool IsExempt(std::string_view host) const;
};

// Lower-cases, strips IPv6 brackets and one trailing dot.
std::string NormalizeHost(std::string_view host);
// The names of the cloud metadata server (metadata.google.internal, metadata.goog, metadata),
// after NormalizeHost. They are refused by name, before any resolution, wherever they resolve.
bool IsMetadataHostName(std::string_view normalized_host);

// Checks a host name or literal before any resolution. PermissionDenied names the host and the
// kind of address it stands for; InvalidArgument for an empty host.
Status CheckHost(std::string_view host, const NetPolicy& policy);
// Checks one resolved address of `host` (the name is only used for the message and exemption).
Status CheckAddress(std::string_view host, const IpAddress& address, const NetPolicy& policy);
// Resolves `host` (getaddrinfo; "*.localhost" → 127.0.0.1 without asking the resolver, as
// browsers do) and checks every address: one refused address refuses the host, so a name with
// a public and a private record cannot be used to reach the private one. The addresses
// returned are the ones to connect to (pin them, e.g. CURLOPT_RESOLVE, against DNS rebinding).
// Unavailable when the name does not resolve.
Result<std::vector<IpAddress>> ResolveAllowed(std::string_view host, const NetPolicy& policy);

}  // namespace formsender
