#pragma once
// Hashes, MACs, RSA signatures and random bytes (OpenSSL), shared by the object store,
// Google auth, the dispatcher's tokens and the ledger.

#include <string>
#include <string_view>

#include "common/status.h"

namespace formsender {

std::string Sha256(std::string_view data);  // raw 32 bytes
std::string Sha256Hex(std::string_view data);
std::string HmacSha256(std::string_view key, std::string_view data);  // raw 32 bytes
// Compares without leaking where the first difference is.
bool ConstantTimeEquals(std::string_view a, std::string_view b);
// Cryptographically random bytes.
std::string RandomBytes(size_t n);
// A random token of `bytes` bytes, hex-encoded.
std::string RandomHexToken(size_t bytes = 32);
// Lower-case RFC 4122 version-4 UUID (8-4-4-4-12).
std::string NewUuid();

// RSASSA-PKCS1-v1_5 with SHA-256, the key given as PEM (PKCS#8 or PKCS#1). Raw signature bytes.
Result<std::string> RsaSha256Sign(std::string_view private_key_pem, std::string_view data);
// Verifies an RS256 signature with a public key given as its modulus and exponent (big-endian).
Result<bool> RsaSha256VerifyWithModulus(std::string_view modulus, std::string_view exponent,
                                        std::string_view data, std::string_view signature);

}  // namespace formsender
