#include "common/charset.h"

#include <unicode/ucnv.h>
#include <unicode/ucnv_cb.h>
#include <unicode/ustring.h>

#include <array>
#include <memory>

#include "common/strings.h"

namespace formsender {
namespace {

struct ConverterCloser {
  void operator()(UConverter* c) const { ucnv_close(c); }
};
using ConverterPtr = std::unique_ptr<UConverter, ConverterCloser>;

struct Alias {
  std::string_view label;
  std::string_view canonical;
};

// WHATWG Encoding labels for the charsets formsender meets, lower-cased.
constexpr std::array kAliases = {
    Alias{"utf-8", "UTF-8"},
    Alias{"utf8", "UTF-8"},
    Alias{"unicode-1-1-utf-8", "UTF-8"},
    Alias{"shift_jis", "Shift_JIS"},
    Alias{"shift-jis", "Shift_JIS"},
    Alias{"sjis", "Shift_JIS"},
    Alias{"x-sjis", "Shift_JIS"},
    Alias{"ms_kanji", "Shift_JIS"},
    Alias{"ms932", "Shift_JIS"},
    Alias{"cp932", "Shift_JIS"},
    Alias{"windows-31j", "Shift_JIS"},
    Alias{"csshiftjis", "Shift_JIS"},
    Alias{"euc-jp", "EUC-JP"},
    Alias{"eucjp", "EUC-JP"},
    Alias{"x-euc-jp", "EUC-JP"},
    Alias{"cseucpkdfmtjapanese", "EUC-JP"},
    Alias{"iso-2022-jp", "ISO-2022-JP"},
    Alias{"csiso2022jp", "ISO-2022-JP"},
    Alias{"jis", "ISO-2022-JP"},
};

// The ICU converter that matches what browsers do for each canonical charset.
std::string_view IcuName(std::string_view canonical) {
  if (canonical == "Shift_JIS") return "windows-31j";
  if (canonical == "EUC-JP") return "EUC-JP";
  if (canonical == "ISO-2022-JP") return "ISO-2022-JP";
  return "UTF-8";
}

Result<ConverterPtr> OpenConverter(std::string_view charset) {
  FS_ASSIGN_OR_RETURN(std::string canonical, CanonicalCharset(charset));
  UErrorCode err = U_ZERO_ERROR;
  ConverterPtr conv(ucnv_open(std::string(IcuName(canonical)).c_str(), &err));
  if (U_FAILURE(err) || !conv) {
    return Status::Internal("cannot open a converter for " + canonical + ": " + u_errorName(err));
  }
  return conv;
}

bool IsUtf8(std::string_view charset) {
  auto canonical = CanonicalCharset(charset);
  return canonical.ok() && *canonical == "UTF-8";
}

// UTF-16 → UTF-8 with U+FFFD for lone surrogates.
std::string Utf16ToUtf8(const std::u16string& text) {
  if (text.empty()) return {};
  UErrorCode err = U_ZERO_ERROR;
  int32_t needed = 0;
  u_strToUTF8WithSub(nullptr, 0, &needed, text.data(), static_cast<int32_t>(text.size()), 0xFFFD,
                     nullptr, &err);
  std::string out(static_cast<size_t>(needed), '\0');
  err = U_ZERO_ERROR;
  u_strToUTF8WithSub(out.data(), needed, &needed, text.data(), static_cast<int32_t>(text.size()),
                     0xFFFD, nullptr, &err);
  return out;
}

std::u16string Utf8ToUtf16(std::string_view text) {
  if (text.empty()) return {};
  UErrorCode err = U_ZERO_ERROR;
  int32_t needed = 0;
  u_strFromUTF8WithSub(nullptr, 0, &needed, text.data(), static_cast<int32_t>(text.size()), 0xFFFD,
                       nullptr, &err);
  std::u16string out(static_cast<size_t>(needed), u'\0');
  err = U_ZERO_ERROR;
  u_strFromUTF8WithSub(out.data(), needed, &needed, text.data(), static_cast<int32_t>(text.size()),
                       0xFFFD, nullptr, &err);
  return out;
}

}  // namespace

Result<std::string> CanonicalCharset(std::string_view label) {
  std::string lower = ToLowerAscii(Trim(label));
  for (const auto& alias : kAliases) {
    if (alias.label == lower) return std::string(alias.canonical);
  }
  return Status::InvalidArgument("unknown charset \"" + std::string(label) + "\"");
}

Result<std::string> DecodeToUtf8(std::string_view bytes, std::string_view charset) {
  FS_ASSIGN_OR_RETURN(ConverterPtr conv, OpenConverter(charset));
  UErrorCode err = U_ZERO_ERROR;
  ucnv_setToUCallBack(conv.get(), UCNV_TO_U_CALLBACK_SUBSTITUTE, nullptr, nullptr, nullptr, &err);
  std::u16string utf16(bytes.size() * 2 + 16, u'\0');
  err = U_ZERO_ERROR;
  int32_t n = ucnv_toUChars(conv.get(), utf16.data(), static_cast<int32_t>(utf16.size()),
                            bytes.data(), static_cast<int32_t>(bytes.size()), &err);
  if (U_FAILURE(err)) {
    return Status::Internal("decoding " + std::string(charset) + " failed: " + u_errorName(err));
  }
  utf16.resize(static_cast<size_t>(n));
  // ICU substitutes U+001A (SUB) for some charsets; browsers show U+FFFD.
  for (auto& c : utf16) {
    if (c == 0x1A) c = 0xFFFD;
  }
  return Utf16ToUtf8(utf16);
}

Result<std::string> EncodeFromUtf8(std::string_view text, std::string_view charset) {
  FS_ASSIGN_OR_RETURN(ConverterPtr conv, OpenConverter(charset));
  std::u16string utf16 = Utf8ToUtf16(text);
  if (IsUtf8(charset)) return Utf16ToUtf8(utf16);
  UErrorCode err = U_ZERO_ERROR;
  ucnv_setFromUCallBack(conv.get(), UCNV_FROM_U_CALLBACK_ESCAPE, UCNV_ESCAPE_XML_DEC, nullptr,
                        nullptr, &err);
  if (U_FAILURE(err))
    return Status::Internal(std::string("ucnv_setFromUCallBack: ") + u_errorName(err));
  // Worst case: every UTF-16 unit becomes "&#1114111;" (10 bytes) plus ISO-2022 shifts.
  std::string out(utf16.size() * 12 + 16, '\0');
  err = U_ZERO_ERROR;
  int32_t n = ucnv_fromUChars(conv.get(), out.data(), static_cast<int32_t>(out.size()),
                              utf16.data(), static_cast<int32_t>(utf16.size()), &err);
  if (U_FAILURE(err)) {
    return Status::Internal("encoding to " + std::string(charset) + " failed: " + u_errorName(err));
  }
  out.resize(static_cast<size_t>(n));
  return out;
}

}  // namespace formsender
