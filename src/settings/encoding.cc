#include "settings/encoding.h"

#include <unicode/ucnv.h>
#include <unicode/ustring.h>

#include <algorithm>
#include <memory>

namespace formsender::settings {
namespace {

// ICU converter owner. (Local until the shared Japanese-text utilities land in common/.)
struct UConverterCloser {
  void operator()(UConverter* c) const { ucnv_close(c); }
};
using UConverterPtr = std::unique_ptr<UConverter, UConverterCloser>;

// Length of the valid UTF-8 prefix of `s` (all of it when valid).
size_t ValidUtf8Prefix(std::string_view s) {
  size_t i = 0;
  while (i < s.size()) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    size_t len;
    uint32_t min;
    if (c < 0x80) {
      ++i;
      continue;
    } else if ((c & 0xE0) == 0xC0) {
      len = 2, min = 0x80;
    } else if ((c & 0xF0) == 0xE0) {
      len = 3, min = 0x800;
    } else if ((c & 0xF8) == 0xF0) {
      len = 4, min = 0x10000;
    } else {
      return i;
    }
    if (i + len > s.size()) return i;
    uint32_t cp = c & (0xFF >> (len + 1));
    for (size_t k = 1; k < len; ++k) {
      unsigned char cc = static_cast<unsigned char>(s[i + k]);
      if ((cc & 0xC0) != 0x80) return i;
      cp = cp << 6 | (cc & 0x3F);
    }
    if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return i;
    i += len;
  }
  return i;
}

int LineOf(std::string_view s, size_t offset) {
  return 1 + static_cast<int>(std::count(s.begin(), s.begin() + offset, '\n'));
}

}  // namespace

bool IsValidUtf8(std::string_view bytes) { return ValidUtf8Prefix(bytes) == bytes.size(); }

Result<DecodedText> DecodeSheetBytes(std::string_view bytes, std::string_view label) {
  // Every leading byte-order mark: a sheet saved again by a tool that adds one has two, and a
  // U+FEFF left in front of the first header would make it an unknown column.
  while (bytes.starts_with("\xEF\xBB\xBF")) bytes.remove_prefix(3);
  size_t valid = ValidUtf8Prefix(bytes);
  if (valid == bytes.size()) return DecodedText{std::string(bytes), "UTF-8"};

  UErrorCode err = U_ZERO_ERROR;
  UConverterPtr conv(ucnv_open("windows-31j", &err));
  if (U_FAILURE(err)) {
    return Status::Internal(std::string("cannot open the Shift_JIS converter: ") +
                            u_errorName(err));
  }
  // Stop at the first byte sequence CP932 does not define instead of substituting it.
  ucnv_setToUCallBack(conv.get(), UCNV_TO_U_CALLBACK_STOP, nullptr, nullptr, nullptr, &err);
  std::u16string utf16(bytes.size() + 1, u'\0');
  int32_t units = ucnv_toUChars(conv.get(), utf16.data(), static_cast<int32_t>(utf16.size()),
                                bytes.data(), static_cast<int32_t>(bytes.size()), &err);
  if (U_FAILURE(err)) {
    return Status::InvalidArgument(
        std::string(label) + ":" + std::to_string(LineOf(bytes, valid)) +
        ": the file is neither UTF-8 nor Shift_JIS (save it as UTF-8 CSV)");
  }
  std::string out(static_cast<size_t>(units) * 3 + 1, '\0');
  int32_t out_len = 0;
  err = U_ZERO_ERROR;
  u_strToUTF8(out.data(), static_cast<int32_t>(out.size()), &out_len, utf16.data(), units, &err);
  if (U_FAILURE(err)) return Status::Internal(std::string("UTF-8 conversion: ") + u_errorName(err));
  out.resize(static_cast<size_t>(out_len));
  return DecodedText{std::move(out), "Shift_JIS (CP932)"};
}

}  // namespace formsender::settings
