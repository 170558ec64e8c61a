#pragma once
// Shared fixtures of the engine tests: the sample client of form-engine-cases.md and helpers
// to analyse a snippet and look fields up.

#include <string>

#include "engine/analyze.h"

namespace formsender::engine::testing {

// The smallest contact form the engine sends: name, email and message, posted to /send.
inline constexpr const char* kMinimalForm =
    R"(<form action="/send" method="post">
<p><label for="n">お名前</label><input id="n" name="name" required></p>
<p><label for="e">メールアドレス</label><input id="e" type="email" name="email" required></p>
<p><label for="m">お問い合わせ内容</label><textarea id="m" name="message" required></textarea></p>
<button type="submit">送信する</button></form>)";

inline Json SampleClientConfig() {
  return Json::parse(R"({
    "targeting_id": 1, "client_id": 7,
    "client": {
      "company_name": "サンプル株式会社", "company_name_kana": "サンプルカブシキガイシャ",
      "form_sender_name": "山田太郎", "last_name": "山田", "first_name": "太郎",
      "last_name_kana": "ヤマダ", "first_name_kana": "タロウ",
      "last_name_hiragana": "やまだ", "first_name_hiragana": "たろう",
      "position": "営業担当", "department": "営業部", "gender": "男性",
      "email_1": "taro.yamada", "email_2": "example.com", "website_url": "https://example.com",
      "postal_code_1": "100", "postal_code_2": "0001",
      "address_1": "東京都", "address_2": "千代田区", "address_3": "千代田",
      "address_4": "１ー１ー１", "address_5": "テストビル３階",
      "phone_1": "03", "phone_2": "1234", "phone_3": "5678"
    },
    "targeting": {"id": 1, "subject": "お問い合わせ（テスト）",
                  "message": "はじめまして。\nサンプル株式会社の山田です。\nご提案の機会をいただけますと幸いです。"}
  })");
}

inline ClientProfile SampleProfile() {
  auto p = ClientProfile::FromConfig(SampleClientConfig(), Json::object());
  return *p;
}

// Analyses `body` as the body of a UTF-8 page at https://ex.co.jp/contact/.
inline Analysis AnalyzeBody(const std::string& body, const ClientProfile* profile) {
  AnalyzeOptions o;
  o.profile = profile;
  return AnalyzePage(
      "<!doctype html><html lang=\"ja\"><head><meta charset=\"utf-8\"></head><body>" + body +
          "</body></html>",
      "https://ex.co.jp/contact/", "UTF-8", o);
}

inline const Field* FieldNamed(const Analysis& a, const std::string& name) {
  for (const Field& f : a.fields) {
    if (f.name == name) return &f;
  }
  return nullptr;
}

inline std::string CategoryOf(const Analysis& a, const std::string& name) {
  const Field* f = FieldNamed(a, name);
  return f == nullptr ? "<missing>" : f->category;
}

inline std::string ValueOf(const Analysis& a, const std::string& name) {
  const Field* f = FieldNamed(a, name);
  if (f == nullptr) return "<missing>";
  if (!f->has_value) return "<none>";
  if (!f->checked.empty()) {
    std::string out;
    for (int idx : f->checked) {
      if (!out.empty()) out += ",";
      out += a.form()->controls[static_cast<size_t>(idx)].value;
    }
    return out;
  }
  return f->value;
}

}  // namespace formsender::engine::testing
