#pragma once
// Japanese text utilities on ICU: normalisation (NFKC), full/half width, katakana <-> hiragana,
// whitespace, and the legacy Japanese charsets (Shift_JIS / Windows-31J, EUC-JP, ISO-2022-JP)
// to and from UTF-8, with detection. All strings are UTF-8 unless a function says otherwise.
// Every function is thread-safe and keeps no state between calls.

#include <string>
#include <string_view>

#include "common/status.h"

namespace formsender::text {

// Unicode NFKC: full-width ASCII becomes ASCII, half-width katakana becomes full-width,
// compatibility characters (①, ㈱, ﾃﾞ) are decomposed. Invalid UTF-8 bytes become U+FFFD.
std::string Nfkc(std::string_view utf8);
// NFKC followed by lower-casing (root locale): the form used to compare labels and names.
std::string NfkcLower(std::string_view utf8);

// ASCII printable characters to their full-width forms (A → Ａ, 1 → １, - → －), space to
// U+3000, half-width katakana to full-width. Everything else is kept.
std::string ToFullWidth(std::string_view utf8);
// Full-width ASCII forms to ASCII and U+3000 to a space. When `digit_dashes` is set, a dash-like
// character between two digits (ー U+30FC, － U+FF0D, − U+2212, ‐ U+2010, ‑ U+2011, – U+2013,
// — U+2014) becomes '-', as addresses and phone numbers written in Japanese often use ー.
std::string ToHalfWidth(std::string_view utf8, bool digit_dashes = true);
// Full-width katakana to half-width katakana (半角カナ), voiced marks split (ガ → ｶﾞ).
std::string ToHalfWidthKatakana(std::string_view utf8);

std::string KatakanaToHiragana(std::string_view utf8);
std::string HiraganaToKatakana(std::string_view utf8);

// Classification of a whole string, ignoring spaces (ASCII and U+3000) and the long-vowel mark.
bool IsKatakana(std::string_view utf8);  // full-width katakana only; empty → false
bool IsHiragana(std::string_view utf8);  // hiragana only; empty → false
// True when the string has at least one character of the CJK / kana ranges.
bool HasCjk(std::string_view utf8);

// Replaces every run of Unicode white space (U+3000, NBSP, tabs, newlines included) with one
// ASCII space and trims both ends.
std::string CollapseWhitespace(std::string_view utf8);

// The code points of a UTF-8 string (invalid bytes as U+FFFD).
std::u32string ToCodePoints(std::string_view utf8);

// Number of Unicode code points (for maxlength, which browsers count in UTF-16 code units:
// see Utf16Length).
size_t CodePointCount(std::string_view utf8);
size_t Utf16Length(std::string_view utf8);
// The longest prefix of `utf8` that has at most `max_utf16_units` UTF-16 code units.
std::string TruncateUtf16(std::string_view utf8, size_t max_utf16_units);

// The canonical name of a charset label as the web uses it: "UTF-8", "Shift_JIS" (for
// shift_jis, sjis, x-sjis, windows-31j, cp932, ms_kanji …; browsers treat them all as
// Windows-31J), "EUC-JP", "ISO-2022-JP", or the label upper-cased when ICU knows it.
// Unknown labels give kInvalidArgument naming the label.
Result<std::string> CanonicalCharset(std::string_view label);

// Decodes `bytes` in `charset` to UTF-8. Malformed sequences become U+FFFD (as browsers do).
Result<std::string> ToUtf8(std::string_view bytes, std::string_view charset);
// Encodes UTF-8 `utf8` in `charset`. Characters the charset cannot represent are written as
// HTML numeric character references ("&#12345;"), which is what browsers submit for them.
Result<std::string> FromUtf8(std::string_view utf8, std::string_view charset);

// Guesses the charset of undeclared bytes: valid UTF-8 first, then ICU's detector limited
// to the Japanese charsets; falls back to "UTF-8".
std::string DetectCharset(std::string_view bytes);

// True when the bytes are well-formed UTF-8.
bool IsValidUtf8(std::string_view bytes);

}  // namespace formsender::text
