#pragma once
// Removes secrets from text before it is logged, stored as evidence, rendered or returned in
// an error: private keys, bearer and Google access tokens, JWTs (Supabase service-role keys
// are JWTs), signed-URL signatures, passwords in URLs, secret JSON fields and headers, and any
// exact value registered at run time (the dispatcher token, a configured service key …).

#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

namespace formsender {

inline constexpr std::string_view kRedacted = "[REDACTED]";

// Pattern-based redaction only.
std::string RedactSecrets(std::string_view text);

// Pattern-based redaction plus exact values. Thread-safe; shared by the logger, the HTTP
// layer and the evidence writer of one process.
class Redactor {
 public:
  // Values shorter than 8 bytes are ignored (too likely to match ordinary text).
  void AddSecret(std::string value);
  std::string Redact(std::string_view text) const;

 private:
  mutable std::mutex mu_;
  std::vector<std::string> secrets_;
};

}  // namespace formsender
