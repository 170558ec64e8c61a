#include "common/text.h"

#include <unicode/locid.h>
#include <unicode/normalizer2.h>
#include <unicode/translit.h>
#include <unicode/uchar.h>
#include <unicode/ucnv.h>
#include <unicode/ucnv_cb.h>
#include <unicode/ucsdet.h>
#include <unicode/unistr.h>
#include <unicode/utf8.h>

#include <memory>
#include <vector>

#include "common/strings.h"

namespace formsender::text {
namespace {

// Calls f(code point) for each code point of UTF-8 `s` (-1 for an invalid sequence) until f
// returns false.
template <typename F>
void EachCodePoint(std::string_view s, F f) {
  int32_t i = 0;
  const auto* p = reinterpret_cast<const uint8_t*>(s.data());
  int32_t n = static_cast<int32_t>(s.size());
  while (i < n) {
    UChar32 c;
    U8_NEXT(p, i, n, c);
    if (!f(c)) return;
  }
}

// Decodes UTF-8 into code points, invalid bytes as U+FFFD.
std::u32string Decode(std::string_view s) {
  std::u32string out;
  out.reserve(s.size());
  EachCodePoint(s, [&](UChar32 c) {
    out.push_back(c < 0 ? 0xFFFD : static_cast<char32_t>(c));
    return true;
  });
  return out;
}

void Append(std::string& out, char32_t c) {
  char buf[4];
  int32_t len = 0;
  UBool error = false;
  U8_APPEND(reinterpret_cast<uint8_t*>(buf), len, 4, static_cast<UChar32>(c), error);
  if (error) {
    out += "\xEF\xBF\xBD";
  } else {
    out.append(buf, static_cast<size_t>(len));
  }
}

std::string Encode(const std::u32string& s) {
  std::string out;
  out.reserve(s.size() * 3);
  for (char32_t c : s) Append(out, c);
  return out;
}

bool IsHalfWidthKatakana(char32_t c) { return c >= 0xFF61 && c <= 0xFF9F; }
bool IsDashLike(char32_t c) {
  return c == 0x30FC || c == 0xFF0D || c == 0x2212 || c == 0x2010 || c == 0x2011 || c == 0x2013 ||
         c == 0x2014 || c == '-';
}
bool IsDigitLike(char32_t c) { return (c >= '0' && c <= '9') || (c >= 0xFF10 && c <= 0xFF19); }

struct ConverterCloser {
  void operator()(UConverter* c) const { ucnv_close(c); }
};
using ConverterPtr = std::unique_ptr<UConverter, ConverterCloser>;

struct DetectorCloser {
  void operator()(UCharsetDetector* d) const { ucsdet_close(d); }
};

// ICU's name for a canonical web charset. Browsers decode every Shift_JIS label as
// Windows-31J (NEC and IBM extensions included), which ICU calls "windows-31j".
std::string IcuName(std::string_view canonical) {
  if (canonical == "Shift_JIS") return "windows-31j";
  // Plain ISO-2022-JP (JIS X 0208 only), as browsers encode it; ICU's default also switches
  // to JIS X 0212, which mail clients and browsers do not decode.
  if (canonical == "ISO-2022-JP") return "ISO_2022,locale=ja,version=0";
  return std::string(canonical);
}

// Writes an unmappable character as "&#N;" (what browsers send for form data).
void NcrCallback(const void*, UConverterFromUnicodeArgs* args, const UChar*, int32_t,
                 UChar32 code_point, UConverterCallbackReason reason, UErrorCode* err) {
  if (reason != UCNV_UNASSIGNED && reason != UCNV_ILLEGAL && reason != UCNV_IRREGULAR) return;
  std::string ncr = "&#" + std::to_string(code_point) + ";";
  *err = U_ZERO_ERROR;
  ucnv_cbFromUWriteBytes(args, ncr.data(), static_cast<int32_t>(ncr.size()), 0, err);
}

}  // namespace

std::string Nfkc(std::string_view utf8) {
  UErrorCode err = U_ZERO_ERROR;
  const icu::Normalizer2* nfkc = icu::Normalizer2::getNFKCInstance(err);
  if (U_FAILURE(err)) return std::string(utf8);
  icu::UnicodeString in = icu::UnicodeString::fromUTF8(
      icu::StringPiece(utf8.data(), static_cast<int32_t>(utf8.size())));
  icu::UnicodeString out = nfkc->normalize(in, err);
  if (U_FAILURE(err)) return std::string(utf8);
  std::string result;
  out.toUTF8String(result);
  return result;
}

std::string NfkcLower(std::string_view utf8) {
  UErrorCode err = U_ZERO_ERROR;
  const icu::Normalizer2* nfkc = icu::Normalizer2::getNFKCInstance(err);
  if (U_FAILURE(err)) return ToLowerAscii(utf8);
  icu::UnicodeString in = icu::UnicodeString::fromUTF8(
      icu::StringPiece(utf8.data(), static_cast<int32_t>(utf8.size())));
  icu::UnicodeString out = nfkc->normalize(in, err);
  if (U_FAILURE(err)) return ToLowerAscii(utf8);
  out.toLower(icu::Locale::getRoot());
  std::string result;
  out.toUTF8String(result);
  return result;
}

std::string ToFullWidth(std::string_view utf8) {
  std::u32string in = Decode(utf8);
  std::u32string out;
  out.reserve(in.size());
  for (size_t i = 0; i < in.size(); ++i) {
    char32_t c = in[i];
    if (c == ' ') {
      out.push_back(0x3000);
    } else if (c >= 0x21 && c <= 0x7E) {
      out.push_back(c - 0x21 + 0xFF01);
    } else if (IsHalfWidthKatakana(c)) {
      // NFKC joins a half-width kana with its voiced mark (ｶﾞ → ガ).
      std::u32string run;
      while (i < in.size() && IsHalfWidthKatakana(in[i])) run.push_back(in[i++]);
      --i;
      std::u32string full = Decode(Nfkc(Encode(run)));
      out += full;
    } else {
      out.push_back(c);
    }
  }
  return Encode(out);
}

std::string ToHalfWidth(std::string_view utf8, bool digit_dashes) {
  std::u32string in = Decode(utf8);
  std::u32string out;
  out.reserve(in.size());
  for (size_t i = 0; i < in.size(); ++i) {
    char32_t c = in[i];
    if (digit_dashes && IsDashLike(c) && i > 0 && i + 1 < in.size() && IsDigitLike(in[i - 1]) &&
        IsDigitLike(in[i + 1])) {
      out.push_back('-');
    } else if (c == 0x3000) {
      out.push_back(' ');
    } else if (c >= 0xFF01 && c <= 0xFF5E) {
      out.push_back(c - 0xFF01 + 0x21);
    } else {
      out.push_back(c);
    }
  }
  return Encode(out);
}

std::string ToHalfWidthKatakana(std::string_view utf8) {
  UErrorCode err = U_ZERO_ERROR;
  std::unique_ptr<icu::Transliterator> t(
      icu::Transliterator::createInstance("Fullwidth-Halfwidth", UTRANS_FORWARD, err));
  if (U_FAILURE(err) || !t) return std::string(utf8);
  icu::UnicodeString s = icu::UnicodeString::fromUTF8(
      icu::StringPiece(utf8.data(), static_cast<int32_t>(utf8.size())));
  t->transliterate(s);
  std::string out;
  s.toUTF8String(out);
  return out;
}

std::string KatakanaToHiragana(std::string_view utf8) {
  std::u32string s = Decode(utf8);
  for (char32_t& c : s) {
    if (c >= 0x30A1 && c <= 0x30F6) c -= 0x60;
  }
  return Encode(s);
}

std::string HiraganaToKatakana(std::string_view utf8) {
  std::u32string s = Decode(utf8);
  for (char32_t& c : s) {
    if (c >= 0x3041 && c <= 0x3096) c += 0x60;
  }
  return Encode(s);
}

namespace {
bool AllOf(std::string_view utf8, bool (*pred)(char32_t)) {
  bool any = false;
  for (char32_t c : Decode(utf8)) {
    if (c == ' ' || c == 0x3000 || c == 0x30FC || c == 0x30FB) continue;
    if (!pred(c)) return false;
    any = true;
  }
  return any;
}
}  // namespace

bool IsKatakana(std::string_view utf8) {
  return AllOf(utf8, [](char32_t c) { return c >= 0x30A1 && c <= 0x30FA; });
}

bool IsHiragana(std::string_view utf8) {
  return AllOf(utf8, [](char32_t c) { return c >= 0x3041 && c <= 0x3096; });
}

bool HasCjk(std::string_view utf8) {
  for (char32_t c : Decode(utf8)) {
    if ((c >= 0x3040 && c <= 0x30FF) || (c >= 0x3400 && c <= 0x9FFF) ||
        (c >= 0xF900 && c <= 0xFAFF) || (c >= 0xFF66 && c <= 0xFF9F)) {
      return true;
    }
  }
  return false;
}

std::string CollapseWhitespace(std::string_view utf8) {
  std::string out;
  out.reserve(utf8.size());
  bool pending_space = false;
  for (char32_t c : Decode(utf8)) {
    if (u_isUWhiteSpace(static_cast<UChar32>(c)) || c == 0x200B || c == 0xFEFF) {
      pending_space = !out.empty();
      continue;
    }
    if (pending_space) out.push_back(' ');
    pending_space = false;
    Append(out, c);
  }
  return out;
}

std::u32string ToCodePoints(std::string_view utf8) { return Decode(utf8); }

size_t CodePointCount(std::string_view utf8) { return Decode(utf8).size(); }

size_t Utf16Length(std::string_view utf8) {
  size_t n = 0;
  for (char32_t c : Decode(utf8)) n += c > 0xFFFF ? 2 : 1;
  return n;
}

std::string TruncateUtf16(std::string_view utf8, size_t max_utf16_units) {
  std::string out;
  size_t n = 0;
  for (char32_t c : Decode(utf8)) {
    size_t w = c > 0xFFFF ? 2 : 1;
    if (n + w > max_utf16_units) break;
    n += w;
    Append(out, c);
  }
  return out;
}

Result<std::string> CanonicalCharset(std::string_view label) {
  std::string l = ToLowerAscii(Trim(label));
  if (l.size() >= 2 && (l.front() == '"' || l.front() == '\'')) l = l.substr(1, l.size() - 2);
  if (l.empty()) return Status::InvalidArgument("empty charset label");
  if (l == "utf-8" || l == "utf8" || l == "unicode-1-1-utf-8" || l == "x-unicode20utf8") {
    return std::string("UTF-8");
  }
  if (l == "shift_jis" || l == "shift-jis" || l == "sjis" || l == "x-sjis" || l == "ms_kanji" ||
      l == "ms932" || l == "windows-31j" || l == "cp932" || l == "csshiftjis" ||
      l == "x-ms-cp932" || l == "cswindows31j" || l == "windows-932") {
    return std::string("Shift_JIS");
  }
  if (l == "euc-jp" || l == "eucjp" || l == "x-euc-jp" || l == "cseucpkdfmtjapanese" ||
      l == "ujis") {
    return std::string("EUC-JP");
  }
  if (l == "iso-2022-jp" || l == "csiso2022jp" || l == "jis") return std::string("ISO-2022-JP");
  if (l == "us-ascii" || l == "ascii" || l == "iso-8859-1" || l == "latin1" ||
      l == "windows-1252") {
    return std::string("windows-1252");
  }
  UErrorCode err = U_ZERO_ERROR;
  const char* name = ucnv_getCanonicalName(l.c_str(), "", &err);
  if (U_FAILURE(err) || name == nullptr) {
    err = U_ZERO_ERROR;
    name = ucnv_getCanonicalName(l.c_str(), "IANA", &err);
  }
  if (U_FAILURE(err) || name == nullptr) {
    return Status::InvalidArgument("unknown charset \"" + std::string(label) + "\"");
  }
  return std::string(name);
}

Result<std::string> ToUtf8(std::string_view bytes, std::string_view charset) {
  FS_ASSIGN_OR_RETURN(std::string canonical, CanonicalCharset(charset));
  if (canonical == "UTF-8") {
    if (bytes.size() >= 3 && bytes.substr(0, 3) == "\xEF\xBB\xBF") bytes.remove_prefix(3);
    if (IsValidUtf8(bytes)) return std::string(bytes);
    return Encode(Decode(bytes));
  }
  UErrorCode err = U_ZERO_ERROR;
  ConverterPtr conv(ucnv_open(IcuName(canonical).c_str(), &err));
  if (U_FAILURE(err)) {
    return Status::InvalidArgument("cannot decode charset " + canonical + ": " + u_errorName(err));
  }
  icu::UnicodeString s(bytes.data(), static_cast<int32_t>(bytes.size()), conv.get(), err);
  if (U_FAILURE(err)) {
    return Status::InvalidArgument("decoding " + canonical + " failed: " + u_errorName(err));
  }
  std::string out;
  s.toUTF8String(out);
  return out;
}

Result<std::string> FromUtf8(std::string_view utf8, std::string_view charset) {
  FS_ASSIGN_OR_RETURN(std::string canonical, CanonicalCharset(charset));
  if (canonical == "UTF-8") return std::string(utf8);
  UErrorCode err = U_ZERO_ERROR;
  ConverterPtr conv(ucnv_open(IcuName(canonical).c_str(), &err));
  if (U_FAILURE(err)) {
    return Status::InvalidArgument("cannot encode charset " + canonical + ": " + u_errorName(err));
  }
  ucnv_setFromUCallBack(conv.get(), NcrCallback, nullptr, nullptr, nullptr, &err);
  icu::UnicodeString s = icu::UnicodeString::fromUTF8(
      icu::StringPiece(utf8.data(), static_cast<int32_t>(utf8.size())));
  std::vector<char> buf(static_cast<size_t>(s.length()) * 8 + 16);
  int32_t n = s.extract(buf.data(), static_cast<int32_t>(buf.size()), conv.get(), err);
  if (U_FAILURE(err)) {
    return Status::InvalidArgument("encoding to " + canonical + " failed: " + u_errorName(err));
  }
  return std::string(buf.data(), static_cast<size_t>(n));
}

bool IsValidUtf8(std::string_view bytes) {
  bool valid = true;
  EachCodePoint(bytes, [&](UChar32 c) {
    valid = c >= 0;
    return valid;
  });
  return valid;
}

std::string DetectCharset(std::string_view bytes) {
  bool has_high = false;
  bool has_esc = false;
  for (char ch : bytes) {
    if (static_cast<unsigned char>(ch) >= 0x80) has_high = true;
    if (ch == 0x1B) has_esc = true;
  }
  if (!has_high) return has_esc ? "ISO-2022-JP" : "UTF-8";
  if (IsValidUtf8(bytes)) return "UTF-8";
  UErrorCode err = U_ZERO_ERROR;
  std::unique_ptr<UCharsetDetector, DetectorCloser> det(ucsdet_open(&err));
  if (U_FAILURE(err)) return "Shift_JIS";
  ucsdet_setText(det.get(), bytes.data(), static_cast<int32_t>(bytes.size()), &err);
  int32_t count = 0;
  const UCharsetMatch** matches = ucsdet_detectAll(det.get(), &count, &err);
  if (U_FAILURE(err)) return "Shift_JIS";
  for (int32_t i = 0; i < count; ++i) {
    const char* name = ucsdet_getName(matches[i], &err);
    if (U_FAILURE(err) || name == nullptr) break;
    std::string n = ToLowerAscii(name);
    if (n == "shift_jis") return "Shift_JIS";
    if (n == "euc-jp") return "EUC-JP";
    if (n == "iso-2022-jp") return "ISO-2022-JP";
  }
  // Japanese pages without a declaration are overwhelmingly Shift_JIS.
  return "Shift_JIS";
}

}  // namespace formsender::text
