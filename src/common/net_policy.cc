#include "common/net_policy.h"

#include <arpa/inet.h>
#include <netdb.h>
#include <netinet/in.h>
#include <sys/socket.h>

#include <algorithm>
#include <cstring>
#include <memory>

#include "common/strings.h"

namespace formsender {
namespace {

bool InRange4(const uint8_t* a, uint32_t network, int prefix_bits) {
  uint32_t value = (uint32_t{a[0]} << 24) | (uint32_t{a[1]} << 16) | (uint32_t{a[2]} << 8) | a[3];
  uint32_t mask = prefix_bits == 0 ? 0 : ~uint32_t{0} << (32 - prefix_bits);
  return (value & mask) == (network & mask);
}

constexpr uint32_t V4(int a, int b, int c, int d) {
  return (uint32_t(a) << 24) | (uint32_t(b) << 16) | (uint32_t(c) << 8) | uint32_t(d);
}

AddressKind Classify4(const uint8_t* a) {
  if (InRange4(a, V4(169, 254, 169, 254), 32) || InRange4(a, V4(169, 254, 170, 2), 32)) {
    return AddressKind::kMetadata;  // GCP/AWS/Azure IMDS, AWS ECS task metadata
  }
  if (InRange4(a, V4(0, 0, 0, 0), 8)) return AddressKind::kUnspecified;
  if (InRange4(a, V4(127, 0, 0, 0), 8)) return AddressKind::kLoopback;
  if (InRange4(a, V4(10, 0, 0, 0), 8) || InRange4(a, V4(172, 16, 0, 0), 12) ||
      InRange4(a, V4(192, 168, 0, 0), 16) || InRange4(a, V4(100, 64, 0, 0), 10)) {
    return AddressKind::kPrivate;
  }
  if (InRange4(a, V4(169, 254, 0, 0), 16)) return AddressKind::kLinkLocal;
  if (InRange4(a, V4(224, 0, 0, 0), 4)) return AddressKind::kMulticast;
  if (InRange4(a, V4(240, 0, 0, 0), 4) || InRange4(a, V4(192, 0, 0, 0), 24) ||
      InRange4(a, V4(192, 0, 2, 0), 24) || InRange4(a, V4(198, 51, 100, 0), 24) ||
      InRange4(a, V4(203, 0, 113, 0), 24) || InRange4(a, V4(198, 18, 0, 0), 15)) {
    return AddressKind::kReserved;  // 240/4 includes 255.255.255.255
  }
  return AddressKind::kPublic;
}

bool AllZero(const uint8_t* p, size_t n) {
  return std::all_of(p, p + n, [](uint8_t b) { return b == 0; });
}

AddressKind Classify6(const std::array<uint8_t, 16>& b) {
  static constexpr uint8_t kMetadata6[16] = {0xfd, 0x00, 0x0e, 0xc2, 0, 0, 0,    0,
                                             0,    0,    0,    0,    0, 0, 0x02, 0x54};
  if (std::memcmp(b.data(), kMetadata6, 16) == 0) return AddressKind::kMetadata;  // AWS IMDS
  if (AllZero(b.data(), 16)) return AddressKind::kUnspecified;
  if (AllZero(b.data(), 15) && b[15] == 1) return AddressKind::kLoopback;
  // Forms that carry an IPv4 address: judged by that address.
  if (AllZero(b.data(), 10) && b[10] == 0xff && b[11] == 0xff) return Classify4(&b[12]);
  if (AllZero(b.data(), 12)) return Classify4(&b[12]);  // deprecated v4-compatible
  static constexpr uint8_t kNat64[12] = {0x00, 0x64, 0xff, 0x9b, 0, 0, 0, 0, 0, 0, 0, 0};
  if (std::memcmp(b.data(), kNat64, 12) == 0) return Classify4(&b[12]);
  if (b[0] == 0x20 && b[1] == 0x02) return Classify4(&b[2]);  // 6to4
  if ((b[0] & 0xfe) == 0xfc) return AddressKind::kPrivate;    // fc00::/7
  if (b[0] == 0xfe && (b[1] & 0xc0) == 0x80) return AddressKind::kLinkLocal;
  if (b[0] == 0xfe && (b[1] & 0xc0) == 0xc0) return AddressKind::kPrivate;  // site-local
  if (b[0] == 0xff) return AddressKind::kMulticast;
  if (b[0] == 0x20 && b[1] == 0x01 && b[2] == 0x0d && b[3] == 0xb8) {
    return AddressKind::kReserved;  // documentation
  }
  if (b[0] == 0x20 && b[1] == 0x01 && b[2] == 0x00 && b[3] == 0x00) {
    return AddressKind::kReserved;  // Teredo: the real peer is hidden inside
  }
  if (b[0] == 0x01 && AllZero(&b[1], 7)) return AddressKind::kReserved;  // 100::/64 discard
  return AddressKind::kPublic;
}

bool IsLoopbackName(std::string_view host) {
  return host == "localhost" || host.ends_with(".localhost") || host == "localhost.localdomain" ||
         host == "ip6-localhost" || host == "ip6-loopback";
}

Status Refuse(std::string_view host, AddressKind kind, std::string_view detail = "") {
  std::string message = "refused destination " + std::string(host);
  if (!detail.empty()) message += " (" + std::string(detail) + ")";
  message +=
      ": " + std::string(AddressKindName(kind)) + " address; set allow_private_targets to reach it";
  return Status::PermissionDenied(std::move(message));
}

struct AddrInfoCloser {
  void operator()(addrinfo* a) const { freeaddrinfo(a); }
};

}  // namespace

std::string_view AddressKindName(AddressKind kind) {
  switch (kind) {
    case AddressKind::kPublic:
      return "public";
    case AddressKind::kLoopback:
      return "loopback";
    case AddressKind::kPrivate:
      return "private";
    case AddressKind::kLinkLocal:
      return "link-local";
    case AddressKind::kMetadata:
      return "cloud metadata";
    case AddressKind::kUnspecified:
      return "unspecified";
    case AddressKind::kMulticast:
      return "multicast";
    case AddressKind::kReserved:
      return "reserved";
  }
  return "unknown";
}

std::optional<IpAddress> IpAddress::Parse(std::string_view text) {
  std::string s(text);
  if (s.size() >= 2 && s.front() == '[' && s.back() == ']') s = s.substr(1, s.size() - 2);
  if (s.empty()) return std::nullopt;
  IpAddress out;
  if (s.find(':') != std::string::npos) {
    // A zone index ("fe80::1%eth0") does not change the class of the address.
    if (auto pct = s.find('%'); pct != std::string::npos) s.resize(pct);
    in6_addr a6{};
    if (inet_pton(AF_INET6, s.c_str(), &a6) != 1) return std::nullopt;
    out.is_v6 = true;
    std::memcpy(out.bytes.data(), &a6, 16);
    return out;
  }
  // inet_aton also takes hex, octal and short forms; only try it on text that could be one,
  // so host names are never mistaken for addresses.
  bool numeric = std::all_of(s.begin(), s.end(), [](char c) {
    return (c >= '0' && c <= '9') || c == '.' || c == 'x' || c == 'X' || (c >= 'a' && c <= 'f') ||
           (c >= 'A' && c <= 'F');
  });
  if (!numeric || !(s[0] >= '0' && s[0] <= '9')) return std::nullopt;
  in_addr a4{};
  if (inet_aton(s.c_str(), &a4) == 0) return std::nullopt;
  std::memcpy(out.bytes.data(), &a4, 4);
  return out;
}

std::string IpAddress::ToString() const {
  char buf[INET6_ADDRSTRLEN] = {};
  inet_ntop(is_v6 ? AF_INET6 : AF_INET, bytes.data(), buf, sizeof buf);
  return buf;
}

AddressKind ClassifyAddress(const IpAddress& address) {
  return address.is_v6 ? Classify6(address.bytes) : Classify4(address.bytes.data());
}

std::string NormalizeHost(std::string_view host) {
  std::string h = ToLowerAscii(Trim(host));
  if (h.size() >= 2 && h.front() == '[' && h.back() == ']') h = h.substr(1, h.size() - 2);
  if (!h.empty() && h.back() == '.') h.pop_back();
  return h;
}

bool IsMetadataHostName(std::string_view host) {
  return host == "metadata.google.internal" || host == "metadata.goog" || host == "metadata";
}

bool NetPolicy::IsExempt(std::string_view host) const {
  std::string h = NormalizeHost(host);
  return std::any_of(allowed_private_hosts.begin(), allowed_private_hosts.end(),
                     [&](const std::string& allowed) { return NormalizeHost(allowed) == h; });
}

Status CheckHost(std::string_view host, const NetPolicy& policy) {
  std::string h = NormalizeHost(host);
  if (h.empty()) return Status::InvalidArgument("empty host name");
  if (policy.allow_private_targets || policy.IsExempt(h)) return Status::Ok();
  if (auto literal = IpAddress::Parse(h)) {
    AddressKind kind = ClassifyAddress(*literal);
    if (kind != AddressKind::kPublic) return Refuse(h, kind);
    return Status::Ok();
  }
  if (IsLoopbackName(h)) return Refuse(h, AddressKind::kLoopback);
  if (IsMetadataHostName(h)) return Refuse(h, AddressKind::kMetadata);
  return Status::Ok();
}

Status CheckAddress(std::string_view host, const IpAddress& address, const NetPolicy& policy) {
  if (policy.allow_private_targets || policy.IsExempt(host)) return Status::Ok();
  AddressKind kind = ClassifyAddress(address);
  if (kind == AddressKind::kPublic) return Status::Ok();
  return Refuse(NormalizeHost(host), kind, "resolves to " + address.ToString());
}

Result<std::vector<IpAddress>> ResolveAllowed(std::string_view host, const NetPolicy& policy) {
  FS_RETURN_IF_ERROR(CheckHost(host, policy));
  std::string h = NormalizeHost(host);
  if (auto literal = IpAddress::Parse(h)) return std::vector<IpAddress>{*literal};
  if (IsLoopbackName(h)) return std::vector<IpAddress>{*IpAddress::Parse("127.0.0.1")};

  addrinfo hints{};
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_STREAM;
  addrinfo* raw = nullptr;
  int rc = getaddrinfo(h.c_str(), nullptr, &hints, &raw);
  std::unique_ptr<addrinfo, AddrInfoCloser> list(raw);
  if (rc != 0) {
    return Status::Unavailable("cannot resolve " + h + ": " + gai_strerror(rc));
  }
  std::vector<IpAddress> out;
  for (addrinfo* ai = list.get(); ai != nullptr; ai = ai->ai_next) {
    IpAddress a;
    if (ai->ai_family == AF_INET) {
      std::memcpy(a.bytes.data(), &reinterpret_cast<sockaddr_in*>(ai->ai_addr)->sin_addr, 4);
    } else if (ai->ai_family == AF_INET6) {
      a.is_v6 = true;
      std::memcpy(a.bytes.data(), &reinterpret_cast<sockaddr_in6*>(ai->ai_addr)->sin6_addr, 16);
    } else {
      continue;
    }
    FS_RETURN_IF_ERROR(CheckAddress(h, a, policy));
    if (std::find_if(out.begin(), out.end(), [&](const IpAddress& o) {
          return o.is_v6 == a.is_v6 && o.bytes == a.bytes;
        }) == out.end()) {
      out.push_back(a);
    }
  }
  if (out.empty()) return Status::Unavailable("cannot resolve " + h + ": no IP address");
  return out;
}

}  // namespace formsender
