#include "common/charset.h"

#include "common/text.h"

// One implementation of the charset conversions lives in common/text.cc (ICU); these are the
// names the sample sites use.
namespace formsender {

Result<std::string> CanonicalCharset(std::string_view label) {
  return text::CanonicalCharset(label);
}

Result<std::string> DecodeToUtf8(std::string_view bytes, std::string_view charset) {
  return text::ToUtf8(bytes, charset);
}

Result<std::string> EncodeFromUtf8(std::string_view text, std::string_view charset) {
  return text::FromUtf8(text, charset);
}

}  // namespace formsender
