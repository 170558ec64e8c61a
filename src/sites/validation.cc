#include "sites/validation.h"

#include <algorithm>

namespace formsender::sites {
namespace {

struct CodePoint {
  char32_t value;
  size_t offset;  // byte offset in the UTF-8 text
  size_t length;  // bytes
};

// Decodes UTF-8; a malformed byte becomes one U+FFFD.
std::vector<CodePoint> Decode(std::string_view s) {
  std::vector<CodePoint> out;
  size_t i = 0;
  while (i < s.size()) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    size_t len = c < 0x80           ? 1
                 : (c >> 5) == 0x6  ? 2
                 : (c >> 4) == 0xE  ? 3
                 : (c >> 3) == 0x1E ? 4
                                    : 0;
    bool ok = len != 0 && i + len <= s.size();
    char32_t cp = 0;
    if (ok) {
      cp = len == 1 ? c : c & (0x7F >> len);
      for (size_t k = 1; k < len; ++k) {
        unsigned char cc = static_cast<unsigned char>(s[i + k]);
        if ((cc & 0xC0) != 0x80) ok = false;
        cp = (cp << 6) | (cc & 0x3F);
      }
    }
    if (!ok) {
      out.push_back({0xFFFD, i, 1});
      ++i;
      continue;
    }
    out.push_back({cp, i, len});
    i += len;
  }
  return out;
}

bool IsSpace(char32_t c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == 0x3000; }
bool IsAsciiDigit(char c) { return c >= '0' && c <= '9'; }

bool AllDigits(std::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), IsAsciiDigit);
}

size_t DigitCount(std::string_view s) { return std::count_if(s.begin(), s.end(), IsAsciiDigit); }

bool IsEmail(std::string_view s) {
  size_t at = s.find('@');
  if (at == std::string_view::npos || at == 0 || s.find('@', at + 1) != std::string_view::npos) {
    return false;
  }
  std::string_view domain = s.substr(at + 1);
  size_t dot = domain.rfind('.');
  if (dot == std::string_view::npos || dot == 0 || domain.size() - dot < 3) return false;
  return std::all_of(s.begin(), s.end(), [](char c) {
    return c > 0x20 && c < 0x7F && c != '(' && c != ')' && c != ',' && c != ';' && c != '<' &&
           c != '>';
  });
}

bool IsTel(std::string_view s) {
  if (s.empty() || s.front() == '-' || s.back() == '-' || s.find("--") != std::string_view::npos) {
    return false;
  }
  if (!std::all_of(s.begin(), s.end(), [](char c) { return IsAsciiDigit(c) || c == '-'; })) {
    return false;
  }
  size_t digits = DigitCount(s);
  return digits >= 10 && digits <= 11;
}

bool IsHyphenatedTel(std::string_view s) {
  return IsTel(s) && std::count(s.begin(), s.end(), '-') == 2;
}

bool IsPostal(std::string_view s) {
  if (s.size() == 7) return AllDigits(s);
  return s.size() == 8 && s[3] == '-' && AllDigits(s.substr(0, 3)) && AllDigits(s.substr(4));
}

bool IsKatakana(char32_t c) { return (c >= 0x30A1 && c <= 0x30FA) || c == 0x30FC || c == 0x30FB; }
bool IsHiragana(char32_t c) { return (c >= 0x3041 && c <= 0x3096) || c == 0x30FC; }

bool AllOf(std::string_view s, bool (*pred)(char32_t)) {
  auto cps = Decode(s);
  return std::all_of(cps.begin(), cps.end(),
                     [&](const CodePoint& c) { return IsSpace(c.value) || pred(c.value); });
}

bool IsZenkakuChar(char32_t c) {
  // No ASCII, no half-width katakana; line breaks are allowed in multi-line fields.
  return c >= 0x80 && !(c >= 0xFF61 && c <= 0xFF9F);
}
bool IsHankakuChar(char32_t c) { return c < 0x80; }

std::string FormatError(const FieldRule& rule, const std::string& label) {
  const std::string& f = rule.format;
  if (f == "email") return label + "の形式が正しくありません。";
  if (f == "tel") return label + "は半角数字とハイフンで正しく入力してください。";
  if (f == "tel_digits") return label + "は半角数字のみ（ハイフンなし）で入力してください。";
  if (f == "tel_hyphen") return label + "はハイフン区切り（例：03-1234-5678）で入力してください。";
  if (f == "postal") return label + "は「123-4567」の形式で入力してください。";
  if (f == "postal_digits") return label + "は半角数字7桁（ハイフンなし）で入力してください。";
  if (f == "digits") return label + "は半角数字で入力してください。";
  if (f == "katakana") return label + "は全角カタカナで入力してください。";
  if (f == "hiragana") return label + "はひらがなで入力してください。";
  if (f == "zenkaku") return label + "は全角で入力してください。";
  if (f == "hankaku") return label + "は半角英数字で入力してください。";
  if (f == "url") return label + "はhttp://またはhttps://から始まるURLを入力してください。";
  return label + "の入力内容が正しくありません。";
}

bool MatchesFormat(const std::string& format, std::string_view v) {
  if (format.empty()) return true;
  if (format == "email") return IsEmail(v);
  if (format == "tel") return IsTel(v);
  if (format == "tel_digits") return AllDigits(v) && v.size() >= 10 && v.size() <= 11;
  if (format == "tel_hyphen") return IsHyphenatedTel(v);
  if (format == "postal") return IsPostal(v);
  if (format == "postal_digits") return v.size() == 7 && AllDigits(v);
  if (format == "digits") return AllDigits(v);
  if (format == "katakana") return AllOf(v, IsKatakana);
  if (format == "hiragana") return AllOf(v, IsHiragana);
  if (format == "zenkaku") return AllOf(v, IsZenkakuChar);
  if (format == "hankaku") return AllOf(v, IsHankakuChar);
  if (format == "url") {
    return (v.rfind("http://", 0) == 0 || v.rfind("https://", 0) == 0) &&
           v.find(' ') == std::string_view::npos;
  }
  return false;
}

// The first problem with one field's values, or "".
std::string CheckField(const std::string& name, const FieldRule& rule, const FieldList& values) {
  const std::string label = rule.label.empty() ? name : rule.label;
  auto custom = [&](std::string generated) {
    return rule.message.empty() ? generated : rule.message;
  };
  std::vector<std::string> all = AllValues(values, name);
  bool empty =
      std::all_of(all.begin(), all.end(), [](const std::string& v) { return TrimWide(v).empty(); });
  if (empty) {
    return rule.required ? custom(label + "は必須項目です。") : std::string();
  }
  for (const std::string& raw : all) {
    std::string v = TrimWide(raw);
    if (v.empty()) continue;
    if (!rule.one_of.empty() &&
        std::find(rule.one_of.begin(), rule.one_of.end(), raw) == rule.one_of.end()) {
      return custom(label + "の選択内容が正しくありません。");
    }
    if (!MatchesFormat(rule.format, v)) return custom(FormatError(rule, label));
    size_t length = CodePointCount(v);
    if (rule.length && length != static_cast<size_t>(rule.length)) {
      return custom(label + "は" + std::to_string(rule.length) + "文字で入力してください。");
    }
    if (rule.max_length && length > static_cast<size_t>(rule.max_length)) {
      return custom(label + "は" + std::to_string(rule.max_length) +
                    "文字以内で入力してください。");
    }
    if (rule.min_length && length < static_cast<size_t>(rule.min_length)) {
      return custom(label + "は" + std::to_string(rule.min_length) +
                    "文字以上で入力してください。");
    }
  }
  if (!rule.equals.empty() && FirstValue(values, name) != FirstValue(values, rule.equals)) {
    return custom(label + "が一致しません。");
  }
  return "";
}

}  // namespace

std::string TrimWide(std::string_view text) {
  auto cps = Decode(text);
  size_t begin = 0, end = cps.size();
  while (begin < end && IsSpace(cps[begin].value)) ++begin;
  while (end > begin && IsSpace(cps[end - 1].value)) --end;
  if (begin == end) return "";
  size_t from = cps[begin].offset;
  size_t to = cps[end - 1].offset + cps[end - 1].length;
  return std::string(text.substr(from, to - from));
}

size_t CodePointCount(std::string_view text) { return Decode(text).size(); }

ValidationResult Validate(const FormSpec& form, const FieldList& values) {
  ValidationResult result;
  for (const auto& [name, expected] : form.hidden) {
    auto got = FirstValue(values, name);
    if (!got) {
      result.hidden_problem = "hidden input \"" + name + "\" was not sent back";
      break;
    }
    if (*got != expected) {
      result.hidden_problem = "hidden input \"" + name + "\" came back as \"" + *got +
                              "\" instead of \"" + expected + "\"";
      break;
    }
  }
  for (const auto& [name, rule] : form.fields) {
    std::string problem = CheckField(name, rule, values);
    if (!problem.empty()) result.errors.emplace_back(name, problem);
  }
  if (!form.captcha_field.empty()) {
    auto response = FirstValue(values, form.captcha_field);
    if (!response || TrimWide(*response).empty()) {
      result.errors.emplace_back(form.captcha_field, "スパム防止のための認証を完了してください。");
    } else if (!form.captcha_answer.empty() && *response != form.captcha_answer) {
      result.errors.emplace_back(form.captcha_field, "画像認証の文字が正しくありません。");
    }
  }
  for (const std::string& name : form.honeypots) {
    for (const std::string& v : AllValues(values, name)) {
      if (!v.empty()) {
        result.honeypots_filled.push_back(name);
        break;
      }
    }
  }
  return result;
}

}  // namespace formsender::sites
