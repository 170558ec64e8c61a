#pragma once
// Conversions between UTF-8 and the charsets Japanese pages are served in (Shift_JIS,
// EUC-JP, ISO-2022-JP), the way browsers do them: Shift_JIS labels use the Windows-31J
// mapping, and characters a charset cannot hold are written as HTML numeric character
// references when encoding (what a browser does when it submits a form).

#include <string>
#include <string_view>

#include "common/status.h"

namespace formsender {

// The canonical name of a charset label ("sjis", "x-sjis", "Windows-31J" → "Shift_JIS";
// "eucjp", "x-euc-jp" → "EUC-JP"; "utf8" → "UTF-8"; "jis", "csISO2022JP" → "ISO-2022-JP").
// Unknown labels are an error naming the label.
Result<std::string> CanonicalCharset(std::string_view label);

// Decodes `bytes` in `charset` to UTF-8. Invalid sequences become U+FFFD (never an error:
// pages in the wild are often slightly broken); an unknown charset is an error.
Result<std::string> DecodeToUtf8(std::string_view bytes, std::string_view charset);

// Encodes UTF-8 `text` in `charset`; unmappable characters become "&#NNNN;".
Result<std::string> EncodeFromUtf8(std::string_view text, std::string_view charset);

}  // namespace formsender
