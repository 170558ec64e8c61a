#pragma once
// The dashboard's two languages. The choice: `?lang=ja|en` (the switch, remembered in a
// cookie), then the `formsender_lang` cookie, then Accept-Language (first of ja/en by q), then
// Japanese, the operators' language.

#include <string>
#include <string_view>

#include "common/http.h"

namespace formsender::dashboard {

enum class Lang { kJa, kEn };

inline constexpr std::string_view kLangCookie = "formsender_lang";

Lang PickLanguage(const HttpRequest& request);
std::string_view LangCode(Lang lang);
// The UI text for `key` (an English phrase used as the key); unknown keys come back as is.
std::string_view Tr(Lang lang, std::string_view key);
// A cookie's value from the Cookie header(s), or "".
std::string CookieValue(const HttpRequest& request, std::string_view name);

}  // namespace formsender::dashboard
