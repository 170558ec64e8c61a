#pragma once
// Turns the bytes of a sheet export into UTF-8 text. Google Sheets exports UTF-8; Excel in a
// Japanese locale saves CSV as Shift_JIS (Windows code page 932), so bytes that are not UTF-8
// are decoded as CP932. Bytes that are neither are an error, never replaced silently.

#include <string>
#include <string_view>

#include "common/status.h"

namespace formsender::settings {

struct DecodedText {
  std::string text;      // UTF-8 without a byte-order mark
  std::string encoding;  // "UTF-8" or "Shift_JIS (CP932)"
};

bool IsValidUtf8(std::string_view bytes);

// Errors name `label` and the line of the first byte that cannot be decoded.
Result<DecodedText> DecodeSheetBytes(std::string_view bytes, std::string_view label);

}  // namespace formsender::settings
