#pragma once
// Small string utilities shared by every component (ASCII-only; Japanese text is in text.h).

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"

namespace formsender {

// Trims ASCII whitespace (space, \t, \r, \n, \f, \v).
std::string_view Trim(std::string_view s);
std::string ToLowerAscii(std::string_view s);
std::string ToUpperAscii(std::string_view s);
bool EqualsIgnoreCase(std::string_view a, std::string_view b);
bool ContainsIgnoreCase(std::string_view haystack, std::string_view needle);
std::vector<std::string> Split(std::string_view s, char sep);
std::string Join(const std::vector<std::string>& parts, std::string_view sep);
std::string ReplaceAll(std::string s, std::string_view from, std::string_view to);

// Whole-string integer parse (optional leading '-' or '+', digits, no spaces); error names `what`.
Result<int64_t> ParseInt64(std::string_view s, std::string_view what = "value");
Result<double> ParseDouble(std::string_view s, std::string_view what = "value");

// The one boolean parser of formsender (guide §7): true/false, 1/0, yes/no, on/off, any case,
// surrounding spaces ignored. Anything else is an error naming `what` and the value.
Result<bool> ParseBool(std::string_view s, std::string_view what = "value");

// Bytes <-> text encodings.
std::string HexEncode(std::string_view bytes);  // lower-case
Result<std::string> HexDecode(std::string_view hex);
std::string Base64Encode(std::string_view bytes);
std::string Base64UrlEncode(std::string_view bytes);  // no padding
Result<std::string> Base64Decode(
    std::string_view text);  // accepts both alphabets, padding optional

// RFC 3986 percent-encoding of everything but unreserved characters (A-Z a-z 0-9 - . _ ~).
std::string PercentEncode(std::string_view s);
// Like PercentEncode but keeps '/' (for object paths).
std::string PercentEncodePath(std::string_view s);
// Decodes %XX; with plus_as_space, '+' becomes ' ' (form encoding).
Result<std::string> PercentDecode(std::string_view s, bool plus_as_space = false);

// Escapes &, <, >, " and ' for HTML text and attribute values.
std::string HtmlEscape(std::string_view text);

}  // namespace formsender
