#include "sendqueue/company_names.h"

#include <unicode/normalizer2.h>
#include <unicode/uchar.h>
#include <unicode/unistr.h>

namespace formsender::sendqueue {

namespace {

icu::UnicodeString Nfkc(std::string_view text) {
  icu::UnicodeString u = icu::UnicodeString::fromUTF8(
      icu::StringPiece(text.data(), static_cast<int32_t>(text.size())));
  UErrorCode status = U_ZERO_ERROR;
  // Owned by ICU and shared by every thread; not ours to free.
  const icu::Normalizer2* nfkc = icu::Normalizer2::getNFKCInstance(status);
  if (U_FAILURE(status)) return u;
  icu::UnicodeString normalized = nfkc->normalize(u, status);
  return U_SUCCESS(status) ? normalized : u;
}

}  // namespace

std::string NormalizeCompanyName(std::string_view name) {
  icu::UnicodeString normalized = Nfkc(name);
  icu::UnicodeString compact;
  for (int32_t i = 0; i < normalized.length();) {
    UChar32 c = normalized.char32At(i);
    if (!u_isUWhiteSpace(c)) compact.append(c);
    i += U16_LENGTH(c);
  }
  std::string out;
  compact.toUTF8String(out);
  return out;
}

const std::vector<std::string>& DefaultNamePolicyKeywords() {
  static const std::vector<std::string> kKeywords = {"医療法人", "病院",   "法律事務所", "弁護士",
                                                     "税理士",   "弁理士", "学校"};
  return kKeywords;
}

NgCompanyList NgCompanyList::Parse(std::string_view cell) {
  NgCompanyList list;
  // NFKC first turns the full-width comma into ','.
  std::string normalized_cell;
  Nfkc(cell).toUTF8String(normalized_cell);
  std::string current;
  auto flush = [&] {
    std::string name = NormalizeCompanyName(current);
    if (!name.empty()) list.names_.insert(std::move(name));
    current.clear();
  };
  for (char c : normalized_cell) {
    if (c == ',' || c == '\n' || c == '\r') {
      flush();
    } else {
      current.push_back(c);
    }
  }
  flush();
  return list;
}

NamePolicy::NamePolicy(const std::vector<std::string>& keywords) {
  for (const auto& k : keywords) {
    std::string n = NormalizeCompanyName(k);
    if (!n.empty()) keywords_.push_back(std::move(n));
  }
}

std::optional<std::string> NamePolicy::Match(std::string_view normalized_name) const {
  for (const auto& k : keywords_) {
    if (normalized_name.find(k) != std::string_view::npos) return k;
  }
  return std::nullopt;
}

}  // namespace formsender::sendqueue
