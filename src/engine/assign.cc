#include "engine/assign.h"

#include <algorithm>

#include "common/strings.h"
#include "common/text.h"
#include "engine/keywords.h"
#include "engine/signals.h"
#include "engine/template.h"

namespace formsender::engine {
namespace {

std::string DigitsOnly(std::string_view s) {
  std::string h = text::ToHalfWidth(s);
  std::string out;
  for (char c : h) {
    if (c >= '0' && c <= '9') out.push_back(c);
  }
  return out;
}

// Applies the field's width and length hints to a text value.
std::string Shape(const Field& f, const Control& c, std::string v, bool numeric) {
  // Prose, addresses on the Internet and the subject keep their own characters.
  bool free_text = f.category == "message" || f.category == "subject" || f.category == "url" ||
                   f.category == "email" || f.category == "email_confirm";
  if (free_text) {
    // nothing
  } else if (f.half_width || numeric) {
    v = text::ToHalfWidth(v);
  } else if (f.full_width) {
    v = text::ToFullWidth(v);
  }
  if (c.maxlength > 0 && text::Utf16Length(v) > static_cast<size_t>(c.maxlength)) {
    v = text::TruncateUtf16(v, static_cast<size_t>(c.maxlength));
  }
  return v;
}

std::string Kana(const ClientProfile& p, std::string_view which, const std::string& script) {
  std::string kata = p.Get(std::string(which) + "_kana");
  std::string hira = p.Get(std::string(which) + "_hiragana");
  if (script == "hiragana") return hira.empty() ? text::KatakanaToHiragana(kata) : hira;
  return kata.empty() ? text::HiraganaToKatakana(hira) : text::HiraganaToKatakana(kata);
}

std::string KanaShape(const Field& f, std::string v) {
  if (f.half_width_kana) return text::ToHalfWidthKatakana(v);
  return v;
}

// Address parts 1..5 from `from` to `to`: 1-4 joined, 5 after a full-width space.
std::string AddressRange(const ClientProfile& p, int from, int to) {
  std::string out;
  for (int i = std::max(1, from); i <= std::min(4, to); ++i)
    out += p.Get("address_" + std::to_string(i));
  if (to >= 5 && from <= 5) {
    std::string b = p.Get("address_5");
    if (!b.empty()) out += out.empty() ? b : "\u3000" + b;
  }
  return out;
}

int OptionIndexByWords(const std::vector<std::string>& texts,
                       const std::vector<std::vector<std::string_view>>& tiers,
                       std::initializer_list<std::string_view> avoid) {
  for (const auto& tier : tiers) {
    for (size_t i = 0; i < texts.size(); ++i) {
      if (texts[i].empty() || ContainsAny(texts[i], avoid)) continue;
      for (std::string_view w : tier) {
        if (texts[i].find(w) != std::string::npos) return static_cast<int>(i);
      }
    }
  }
  return -1;
}

// The texts of a field's choices (select options or group members), normalised; placeholder
// options are returned empty so they are never chosen.
std::vector<std::string> ChoiceTexts(const FormModel& form, const Field& f) {
  std::vector<std::string> out;
  const Control& c = form.controls[f.controls.front()];
  if (c.kind == ControlKind::kSelect) {
    for (const SelectOption& o : c.options) {
      out.push_back(IsPlaceholderOption(o) || o.disabled ? ""
                                                         : Norm(o.text.empty() ? o.value : o.text));
    }
  } else {
    for (int idx : f.controls) {
      const Control& m = form.controls[idx];
      out.push_back(Norm(m.option_label.empty() ? m.value : m.option_label));
    }
  }
  return out;
}

void Choose(const FormModel& form, Field& f, int index, const std::string& why) {
  const Control& c = form.controls[f.controls.front()];
  if (c.kind == ControlKind::kSelect) {
    f.value = c.options[static_cast<size_t>(index)].value;
    f.has_value = true;
    f.evidence.push_back("chose option \"" + c.options[static_cast<size_t>(index)].text +
                         "\": " + why);
  } else {
    const Control& m = form.controls[f.controls[static_cast<size_t>(index)]];
    f.checked = {m.index};
    f.value = m.value;
    f.has_value = true;
    f.evidence.push_back("chose \"" + (m.option_label.empty() ? m.value : m.option_label) +
                         "\": " + why);
  }
}

// Keeps a preselected valid choice; returns true when there was one.
bool KeepDefault(const FormModel& form, Field& f) {
  const Control& c = form.controls[f.controls.front()];
  if (c.kind == ControlKind::kSelect) {
    for (const SelectOption& o : c.options) {
      if (o.selected && !IsPlaceholderOption(o)) {
        f.value = o.value;
        f.has_value = true;
        f.evidence.push_back("kept the preselected option \"" + o.text + "\"");
        return true;
      }
    }
    return false;
  }
  for (int idx : f.controls) {
    if (form.controls[idx].checked) {
      f.checked.push_back(idx);
      f.has_value = true;
    }
  }
  if (!f.checked.empty()) f.evidence.push_back("kept the preselected choice");
  return !f.checked.empty();
}

bool IsGroup(const FormModel& form, const Field& f) {
  const Control& c = form.controls[f.controls.front()];
  return c.kind == ControlKind::kRadio || c.kind == ControlKind::kCheckbox;
}

bool IsCheckbox(const FormModel& form, const Field& f) {
  return form.controls[f.controls.front()].kind == ControlKind::kCheckbox;
}

void ChooseInquiryType(const FormModel& form, Field& f) {
  std::vector<std::string> texts = ChoiceTexts(form, f);
  int i = OptionIndexByWords(
      texts,
      {{"ご提案", "提案", "営業", "協業", "業務提携", "提携", "パートナー", "お取引", "取引",
        "商談", "business"},
       {"その他", "そのほか", "other"},
       {"サービス", "製品", "商品", "事業", "法人", "一般", "お問い合わせ", "問い合わせ", "ご相談",
        "ご質問"}},
      {"採用", "求人",         "応募",     "エントリー", "修理",     "故障",  "苦情", "クレーム",
       "取材", "個人のお客様", "株主",     "ir",         "退会",     "解約",  "予約", "キャンセル",
       "返品", "交換",         "資料請求", "見積",       "サポート", "不具合"});
  if (i < 0) {
    for (size_t k = 0; k < texts.size(); ++k) {
      if (!texts[k].empty()) {
        i = static_cast<int>(k);
        break;
      }
    }
  }
  if (i >= 0) Choose(form, f, i, "the most business-like choice");
}

void ChooseGender(const FormModel& form, Field& f, const ClientProfile& p) {
  std::vector<std::string> texts = ChoiceTexts(form, f);
  std::string g = p.Gender();
  int i = -1;
  if (g == "male") i = OptionIndexByWords(texts, {{"男性"}, {"男"}, {"male"}}, {"女"});
  if (g == "female") i = OptionIndexByWords(texts, {{"女性"}, {"女"}, {"female"}}, {});
  if (g == "other" || i < 0) {
    int j = OptionIndexByWords(texts, {{"回答しない", "無回答", "答えたくない", "その他", "other"}},
                               {});
    if (g == "other" || g.empty()) i = j;
  }
  if (i >= 0) {
    Choose(form, f, i, "the client's gender");
  } else if (f.required) {
    f.unfillable = "no option matches the client's gender";
  }
}

// Questions about the client we have no data for (age, industry …): a neutral answer when
// one exists, otherwise leave it, or report it when it is required.
void ChooseNeutral(const FormModel& form, Field& f,
                   const std::vector<std::string_view>& preferred) {
  if (KeepDefault(form, f) || !f.required) return;  // optional questions are left alone
  std::vector<std::string> texts = ChoiceTexts(form, f);
  int i = OptionIndexByWords(
      texts, {{"その他", "そのほか", "other"}, preferred, {"回答しない", "無回答", "該当なし"}},
      {});
  if (i >= 0) {
    Choose(form, f, i, "a neutral answer");
  } else {
    f.unfillable = "required question about the sender that the client data does not answer";
  }
}

void AssignText(const FormModel& form, Field& f, const ClientProfile& p) {
  const Control& c = form.controls[f.controls.front()];
  const std::string& cat = f.category;
  std::string v;
  bool numeric = false;
  if (cat == "company_name") {
    v = p.Get("company_name");
  } else if (cat == "company_name_kana") {
    std::string k = p.Get("company_name_kana");
    v = KanaShape(
        f, f.kana_script == "hiragana" ? text::KatakanaToHiragana(k) : text::HiraganaToKatakana(k));
  } else if (cat == "department") {
    v = p.Get("department");
  } else if (cat == "position") {
    v = p.Get("position");
  } else if (cat == "full_name") {
    v = p.FullName(f.half_width ? " " : "\u3000");
  } else if (cat == "last_name" || cat == "first_name") {
    v = p.Get(cat);
  } else if (cat == "full_name_kana") {
    std::string sep = f.half_width || f.half_width_kana ? " " : "\u3000";
    v = KanaShape(f,
                  Kana(p, "last_name", f.kana_script) + sep + Kana(p, "first_name", f.kana_script));
  } else if (cat == "last_name_kana" || cat == "first_name_kana") {
    v = KanaShape(f, Kana(p, cat.substr(0, cat.size() - 5), f.kana_script));
  } else if (cat == "email" || cat == "email_confirm") {
    v = p.Email();
    if (f.part == "local") v = v.substr(0, v.find('@'));
    if (f.part == "domain") v = v.find('@') == std::string::npos ? "" : v.substr(v.find('@') + 1);
    numeric = true;  // always half-width
  } else if (cat == "phone") {
    std::string p1 = DigitsOnly(p.Get("phone_1"));
    std::string p2 = DigitsOnly(p.Get("phone_2"));
    std::string p3 = DigitsOnly(p.Get("phone_3"));
    // Hyphenated unless the field says otherwise (ハイフンなし, digits-only pattern, a maxlength
    // too short): it is how numbers are written in Japan and what unstated formats accept.
    bool hyphen =
        !f.no_hyphen &&
        (c.maxlength < 0 || c.maxlength >= static_cast<int>(p1.size() + p2.size() + p3.size() + 2));
    v = hyphen && !p2.empty() ? p1 + "-" + p2 + "-" + p3 : p1 + p2 + p3;
    numeric = !f.full_width;
  } else if (cat == "phone_1" || cat == "phone_2" || cat == "phone_3") {
    v = DigitsOnly(p.Get(cat));
    numeric = !f.full_width;
  } else if (cat == "postal_code") {
    std::string a = DigitsOnly(p.Get("postal_code_1"));
    std::string b = DigitsOnly(p.Get("postal_code_2"));
    if (b.empty() && a.size() == 7) {
      b = a.substr(3);
      a = a.substr(0, 3);
    }
    bool hyphen = !f.no_hyphen && (c.maxlength < 0 || c.maxlength >= 8);
    v = hyphen ? a + "-" + b : a + b;
    numeric = !f.full_width;
  } else if (cat == "postal_code_1" || cat == "postal_code_2") {
    v = DigitsOnly(p.Get(cat));
    numeric = !f.full_width;
  } else if (cat == "url") {
    v = p.Get("website_url");
    numeric = true;
  } else if (cat == "subject") {
    v = p.subject;
  } else if (cat == "message") {
    v = p.message;
  } else if (cat == "fax") {
    if (f.required) f.unfillable = "required FAX number: the client has none";
    return;
  } else {
    return;  // address categories are handled together; others stay as they are
  }
  if (v.empty()) {
    if (f.required) f.unfillable = "the client data has no " + cat;
    return;
  }
  std::string shaped = Shape(f, c, v, numeric);
  if (shaped != v && c.maxlength > 0 && text::Utf16Length(v) > static_cast<size_t>(c.maxlength)) {
    f.evidence.push_back("value cut to maxlength " + std::to_string(c.maxlength));
  }
  f.value = shaped;
  f.has_value = true;
}

void AssignAddresses(const FormModel& form, std::vector<Field>& fields, const ClientProfile& p) {
  std::vector<Field*> addr;
  for (Field& f : fields) {
    if (f.category == "prefecture" || f.category == "city" || f.category == "address" ||
        f.category == "address_line") {
      addr.push_back(&f);
    }
  }
  // Where each field starts; a generic 住所 continues after the field before it.
  std::vector<int> start(addr.size());
  for (size_t i = 0; i < addr.size(); ++i) {
    const Field& f = *addr[i];
    if (f.category == "prefecture") {
      start[i] = 1;
    } else if (f.address_from > 0) {
      start[i] = f.address_from;
    } else if (i == 0) {
      start[i] = 1;
    } else {
      int prev = start[i - 1];
      start[i] = prev == 1 ? 2 : (prev <= 3 ? 4 : std::min(5, prev + 1));
    }
  }
  for (size_t i = 0; i < addr.size(); ++i) {
    Field& f = *addr[i];
    int end = 5;
    for (size_t j = i + 1; j < addr.size(); ++j) {
      if (start[j] > start[i]) {
        end = start[j] - 1;
        break;
      }
    }
    if (f.category == "prefecture") end = 1;
    const Control& c = form.controls[f.controls.front()];
    // A free-text box for an address is left alone unless the form insists (form-engine A-41).
    if (c.kind == ControlKind::kTextarea && !f.required) continue;
    std::string v = AddressRange(p, start[i], end);
    if (c.kind == ControlKind::kSelect) {
      std::vector<std::string> texts = ChoiceTexts(form, f);
      std::string want = Norm(p.Get("address_1"));
      int idx = -1;
      for (size_t k = 0; k < texts.size() && !want.empty(); ++k) {
        if (texts[k] == want ||
            (!texts[k].empty() && (texts[k].starts_with(want) || want.starts_with(texts[k])))) {
          idx = static_cast<int>(k);
          break;
        }
      }
      if (idx >= 0) {
        Choose(form, f, idx, "the client's prefecture");
      } else if (f.required) {
        f.unfillable = "no option matches the client's prefecture";
      }
      continue;
    }
    f.evidence.push_back("address parts " + std::to_string(start[i]) + "-" + std::to_string(end));
    if (f.category == "address" && start[i] == 2) f.part = "after_prefecture";
    if (f.category == "address_line" && start[i] == 4 && end == 4) f.part = "street";
    if (f.category == "address_line" && start[i] == 5) f.part = "building";
    if (v.empty()) {
      if (f.required) f.unfillable = "the client data has no address for this field";
      continue;
    }
    f.value = Shape(f, c, v, false);
    f.has_value = true;
  }
}

}  // namespace

bool IsPlaceholderOption(const SelectOption& o) {
  std::string t = Norm(o.text);
  if (Trim(o.value).empty()) return true;
  return ContainsAny(t, {"選択してください", "選択して下さい", "ご選択", "お選びください",
                         "お選び下さい", "選んでください", "please select", "please choose",
                         "select one", "未選択", "---", "--"}) ||
         t == "選択" || t == "-" || t == "choose";
}

std::string ClientProfile::Get(std::string_view key) const {
  if (!client.is_object()) return "";
  auto it = client.find(std::string(key));
  if (it == client.end() || it->is_null()) return "";
  if (it->is_string()) return std::string(Trim(it->get<std::string>()));
  if (it->is_number_integer()) return std::to_string(it->get<int64_t>());
  return "";
}

std::string ClientProfile::Email() const {
  std::string a = Get("email_1");
  std::string b = Get("email_2");
  if (a.find('@') != std::string::npos) return a;
  if (b.empty()) return a;
  return a + "@" + b;
}

std::string ClientProfile::FullName(std::string_view sep) const {
  std::string l = Get("last_name");
  std::string f = Get("first_name");
  if (l.empty()) return f;
  if (f.empty()) return l;
  return l + std::string(sep) + f;
}

std::string ClientProfile::Gender() const {
  std::string g = ToLowerAscii(Get("gender"));
  if (ContainsAny(g, {"女", "じょせい", "female", "woman"})) return "female";
  if (ContainsAny(g, {"男", "だんせい", "male", "man"})) return "male";
  if (ContainsAny(g, {"その他", "未回答", "無回答", "回答しない", "other", "prefer not"}))
    return "other";
  return "";
}

Result<ClientProfile> ClientProfile::FromConfig(const Json& config, const Json& company_row) {
  if (!config.is_object()) return Status::InvalidArgument("client config: not a JSON object");
  for (const char* key : {"client", "targeting"}) {
    if (!config.contains(key) || !config[key].is_object() || config[key].empty()) {
      return Status::InvalidArgument(std::string("client config: \"") + key +
                                     "\" must be a non-empty object");
    }
  }
  ClientProfile p;
  p.client = config["client"];
  p.targeting = config["targeting"];
  p.company = company_row.is_object() ? company_row : Json::object();
  for (const char* key : {"company_name", "last_name", "first_name", "email_1"}) {
    if (p.Get(key).empty()) {
      return Status::InvalidArgument(std::string("client config: client.") + key + " is required");
    }
  }
  for (const char* key : {"subject", "message"}) {
    if (!p.targeting.contains(key) || !p.targeting[key].is_string() ||
        Trim(p.targeting[key].get<std::string>()).empty()) {
      return Status::InvalidArgument(std::string("client config: targeting.") + key +
                                     " is required");
    }
  }
  auto subject =
      RenderTemplate(p.targeting["subject"].get<std::string>(), p.client, p.targeting, p.company);
  if (!subject.ok()) return subject.status().WithContext("targeting.subject");
  auto message =
      RenderTemplate(p.targeting["message"].get<std::string>(), p.client, p.targeting, p.company);
  if (!message.ok()) return message.status().WithContext("targeting.message");
  p.subject = *subject;
  p.message = *message;
  return p;
}

void AssignValues(const FormModel& form, std::vector<Field>& fields, const ClientProfile& p) {
  for (Field& f : fields) {
    const std::string& cat = f.category;
    if (cat == "honeypot" || cat == "captcha") continue;
    bool group = IsGroup(form, f);
    const Control& c = form.controls[f.controls.front()];
    if (c.disabled || c.readonly) continue;
    bool select = c.kind == ControlKind::kSelect;
    if (cat == "prefecture" || cat == "city" || cat == "address" || cat == "address_line") continue;
    if (!group && !select) {
      AssignText(form, f, p);
      if (cat == "other" && f.required && Trim(c.value).empty()) {
        f.unfillable =
            "required field \"" + f.label + "\" of a kind the engine cannot answer truthfully";
      }
      continue;
    }
    if (cat == "consent") {
      if (group) {
        std::vector<std::string> texts = ChoiceTexts(form, f);
        int i = OptionIndexByWords(
            texts, {{"同意する", "同意します", "同意", "agree", "承諾", "了承", "確認"}},
            {"同意しない", "disagree", "しません"});
        if (i < 0) i = 0;
        if (IsCheckbox(form, f)) {
          // Tick every consent box of the group except opt-ins for mail.
          for (size_t k = 0; k < f.controls.size(); ++k) {
            if (!ContainsAny(texts[k],
                             {"メルマガ", "ニュースレター", "newsletter", "配信", "案内を受け"})) {
              f.checked.push_back(f.controls[k]);
            }
          }
          f.has_value = !f.checked.empty();
          f.evidence.push_back("consent ticked");
        } else {
          Choose(form, f, i, "consent");
        }
      }
      continue;
    }
    if (cat == "inquiry_type") {
      // Checkbox lists ("ご興味のある項目") are ticked only when the form insists.
      if (!IsCheckbox(form, f) || f.required) ChooseInquiryType(form, f);
      continue;
    }
    if (cat == "gender") {
      ChooseGender(form, f, p);
      continue;
    }
    if (cat == "contact_method") {
      std::vector<std::string> texts = ChoiceTexts(form, f);
      int i = OptionIndexByWords(
          texts,
          {{"メール", "email", "e-mail", "mail"}, {"どちらでも", "問わない", "指定なし"}, {"電話"}},
          {});
      if (i >= 0) Choose(form, f, i, "reply by e-mail");
      continue;
    }
    if (cat == "how_found") {
      ChooseNeutral(form, f, {});
      continue;
    }
    if (cat == "age" || cat == "industry" || cat == "employees") {
      ChooseNeutral(form, f, {});
      continue;
    }
    // 法人 / 個人: the sender writes for a company.
    if (std::vector<std::string> t = ChoiceTexts(form, f); !p.Get("company_name").empty()) {
      int corp = OptionIndexByWords(t, {{"法人"}, {"企業"}}, {"個人"});
      bool person = OptionIndexByWords(t, {{"個人"}}, {}) >= 0;
      if (corp >= 0 && person) {
        Choose(form, f, corp, "the sender writes for a company");
        continue;
      }
    }
    // Any other select or group: keep its default; a required one without a default gets a
    // neutral answer or is reported.
    if (KeepDefault(form, f)) continue;
    if (!f.required) continue;
    std::vector<std::string> texts = ChoiceTexts(form, f);
    // A lone required checkbox such as 「上記内容を確認しました」 is an acknowledgement.
    if (IsCheckbox(form, f) && f.controls.size() == 1 &&
        ContainsAny(texts[0],
                    {"確認しました", "確認した", "了解", "承知", "理解しました", "確認の上"})) {
      f.checked = {f.controls[0]};
      f.has_value = true;
      f.evidence.push_back("acknowledgement ticked");
      continue;
    }
    int i = OptionIndexByWords(texts, {{"その他", "そのほか", "other", "該当なし"}}, {});
    if (i >= 0) {
      Choose(form, f, i, "neutral answer to a required question");
    } else {
      f.unfillable = "required choice \"" + f.label + "\" the client data does not answer";
    }
  }
  AssignAddresses(form, fields, p);
}

}  // namespace formsender::engine
