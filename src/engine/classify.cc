#include "engine/classify.h"

#include <algorithm>
#include <map>
#include <set>

#include "common/strings.h"
#include "common/text.h"
#include "engine/keywords.h"
#include "engine/signals.h"

namespace formsender::engine {
namespace {

struct Unit {
  Field field;
  Signals sig;
  std::string topic;
  int points = 0;
  Node row = nullptr;
  const Control* first = nullptr;
};

bool IsChoice(const Control& c) {
  return c.kind == ControlKind::kRadio || c.kind == ControlKind::kCheckbox;
}

bool IsFillableKind(const Control& c) {
  return c.kind == ControlKind::kText || c.kind == ControlKind::kTextarea ||
         c.kind == ControlKind::kSelect || IsChoice(c);
}

// Utility classes that hide an element whatever the site's style sheet says.
bool HasHidingClass(Node n, Node stop) {
  for (Node p = n; p != nullptr && p != stop; p = Parent(p)) {
    for (std::string_view c :
         {"hidden", "d-none", "hide", "is-hidden", "display-none", "hidden-field", "honeypot",
          "hp-field", "ohnohoney", "visually-hidden", "sr-only", "screen-reader-text", "invisible",
          "hp", "hpot", "hp-wrap", "trap"}) {
      if (HasClass(p, c)) return true;
    }
    // Honeypot wrappers styled by an external sheet we do not fetch still say what they are.
    if (ToLowerAscii(Attr(p, "class")).find("honey") != std::string::npos) return true;
  }
  return false;
}

std::string HoneypotReason(const Unit& u, const FormModel& form) {
  const Control& c = *u.first;
  std::string n = ToLowerAscii(c.name + " " + c.id + " " + c.classes);
  std::string label = Norm(u.sig.label + " " + c.placeholder + " " + c.after_text);
  for (std::string_view w : {"honeypot", "honey", "botfield", "bot_field", "bot-field", "trap",
                             "spam_check", "leave_blank", "nospam", "hpfield"}) {
    if (n.find(w) != std::string::npos) return "name/id/class contains \"" + std::string(w) + "\"";
  }
  for (std::string_view w :
       {"空欄のまま", "入力しないで", "何も入力しない", "leave this field", "leave blank",
        "leave empty", "do not fill", "don't fill", "人間の方は", "ロボット以外"}) {
    if (label.find(w) != std::string::npos) return "label says \"" + std::string(w) + "\"";
  }
  bool hidden = !c.hidden_reason.empty() || HasHidingClass(c.node, form.node);
  if (hidden) {
    // Custom-styled checkboxes and radios hide the native box behind a visible label.
    if (IsChoice(c) && !c.option_label.empty()) return "";
    return c.hidden_reason.empty() ? "hidden by a utility class" : c.hidden_reason;
  }
  if (c.tabindex_negative &&
      (c.autocomplete == "off" || c.autocomplete == "nope" || u.sig.label.empty())) {
    return "tabindex=-1 without a label";
  }
  return "";
}

bool NearCaptchaImage(const Control& c) {
  for (Node p = Parent(c.node); p != nullptr; p = Parent(p)) {
    bool found = false;
    for (Node img : FindAll(p, GUMBO_TAG_IMG)) {
      std::string src =
          ToLowerAscii(std::string(Attr(img, "src")) + " " + std::string(Attr(img, "alt")) + " " +
                       std::string(Attr(img, "class")) + " " + std::string(Attr(img, "id")));
      if (src.find("captcha") != std::string::npos || src.find("securimage") != std::string::npos ||
          src.find("siwp") != std::string::npos || src.find("認証") != std::string::npos) {
        found = true;
      }
    }
    if (found) return true;
    if (IsTag(p, GUMBO_TAG_TR) || IsTag(p, GUMBO_TAG_DL) || IsTag(p, GUMBO_TAG_FORM) ||
        IsTag(p, GUMBO_TAG_P) || IsTag(p, GUMBO_TAG_LI)) {
      break;
    }
  }
  return false;
}

void FormatHints(Field& f, const Unit& u) {
  const std::string& t = u.sig.all_text;
  const Control& c = *u.first;
  f.no_hyphen = ContainsAny(
      t, {"ハイフンなし", "ハイフン無し", "ハイフン不要", "ハイフンを除", "ハイフンは不要",
          "ハイフン(-)なし", "ハイフンを入れず", "ハイフンは入れず", "-なし", "ハイフン抜き",
          "数字のみ", "ハイフンを含まず", "without hyphen", "no hyphen"});
  f.wants_hyphen =
      !f.no_hyphen &&
      ContainsAny(t, {"ハイフンあり", "ハイフン付", "ハイフンを含め", "ハイフン(-)を入れ",
                      "ハイフンを入れて", "ハイフン(-)あり", "ハイフン区切り", "with hyphen"});
  // An example such as 03-1234-5678 or 123-4567 shows the expected shape; one written as a
  // run of 7+ digits (例：11122223333, 5300001) asks for digits only.
  for (const std::string& example : {c.placeholder, c.after_text, c.title}) {
    std::string ph = text::ToHalfWidth(example);
    size_t run = 0;
    size_t longest = 0;
    bool hyphenated = false;
    for (size_t i = 0; i < ph.size(); ++i) {
      bool digit = std::isdigit(static_cast<unsigned char>(ph[i])) != 0;
      run = digit ? run + 1 : 0;
      longest = std::max(longest, run);
      if (i > 0 && i + 1 < ph.size() && ph[i] == '-' &&
          std::isdigit(static_cast<unsigned char>(ph[i - 1])) &&
          std::isdigit(static_cast<unsigned char>(ph[i + 1]))) {
        hyphenated = true;
      }
    }
    if (hyphenated && !f.no_hyphen) f.wants_hyphen = true;
    if (!hyphenated && longest >= 7 && !f.wants_hyphen) f.no_hyphen = true;
  }
  if (!c.pattern.empty()) {
    if (c.pattern.find('-') != std::string::npos && c.pattern.find("\\d") != std::string::npos &&
        c.pattern.find("-]") == std::string::npos && c.pattern.find("[-") == std::string::npos) {
      f.wants_hyphen = true;
    }
    if (c.pattern == "\\d*" || c.pattern == "[0-9]*" || c.pattern == "\\d+" ||
        c.pattern == "[0-9]+" || c.pattern.starts_with("\\d{") || c.pattern.starts_with("[0-9]{")) {
      f.no_hyphen = true;
      f.wants_hyphen = false;
    }
  }
  if (c.type == "number") {
    f.no_hyphen = true;
    f.wants_hyphen = false;
  }
  f.half_width_kana = ContainsAny(t, {"半角カナ", "半角カタカナ", "半角ｶﾅ"});
  // 全角 as a format (全角で, (全角), 全角入力), not as a length (全角3000字以内).
  bool zenkaku = false;
  for (size_t pos = t.find("全角"); pos != std::string::npos; pos = t.find("全角", pos + 1)) {
    std::string_view rest = std::string_view(t).substr(pos + std::string_view("全角").size());
    bool length = !rest.empty() && (std::isdigit(static_cast<unsigned char>(rest[0])) ||
                                    rest.starts_with("文字以") || rest.starts_with("字以") ||
                                    (rest.starts_with("で") && rest.find("字以内") < 12));
    if (!length) zenkaku = true;
  }
  f.full_width = !f.half_width_kana && zenkaku;
  f.half_width = !f.full_width && ContainsAny(t, {"半角"});
}

std::string KanaScript(const Signals& s) {
  if (s.hiragana && !s.katakana) return "hiragana";
  return "katakana";
}

// The category a topic becomes for this kind of control, before splits.
std::string BaseCategory(Unit& u) {
  const Control& c = *u.first;
  const std::string& k = u.topic;
  bool choice = IsChoice(c);
  bool select = c.kind == ControlKind::kSelect;
  bool textarea = c.kind == ControlKind::kTextarea;
  if (k == "captcha") return choice ? "other" : "captcha";
  if (k == "consent") return choice ? "consent" : "other";
  if (k == "newsletter") return "other";
  if (k == "company") return u.sig.kana ? "company_name_kana" : "company_name";
  if (k == "name") return u.sig.kana ? "full_name_kana" : "full_name";
  if (k == "email") return "email";
  if (k == "phone") return "phone";
  if (k == "fax") return "fax";
  if (k == "postal") return "postal_code";
  if (k == "prefecture" || k == "city" || k == "town" || k == "street" || k == "building" ||
      k == "address") {
    return "address";  // refined by AddressCategory
  }
  if (k == "url") return "url";
  if (k == "subject") return choice || select ? "inquiry_type" : "subject";
  // A textarea asked for a topic, a subject or a message is where the message goes.
  if (textarea && (k.empty() || k == "message" || k == "inquiry_type" || k == "subject"))
    return "message";
  if (k == "message") {
    if (choice || select) return "inquiry_type";
    if (textarea || u.points >= 90) return "message";
    return "other";
  }
  if (k == "inquiry_type") {
    if (choice || select) return "inquiry_type";
    // A text box for ご用件 is where a subject line goes.
    return u.points >= 90 ? "subject" : "other";
  }
  if (k == "department") return "department";
  if (k == "position") return "position";
  if (k == "gender" || k == "age" || k == "industry" || k == "employees" || k == "how_found" ||
      k == "contact_method") {
    return k;
  }
  if (k.empty() && u.sig.kana && !choice && !select) return "full_name_kana";
  return "other";
}

void AddressCategory(Unit& u) {
  std::vector<int> parts = u.sig.address_parts;
  std::set<int> specific;
  for (int p : parts) {
    if (p > 0) specific.insert(p);
  }
  if (u.topic == "prefecture") specific.insert(1);
  if (u.topic == "city") specific.insert(2);
  if (u.topic == "town") specific.insert(3);
  if (u.topic == "street") specific.insert(4);
  if (u.topic == "building") specific.insert(5);
  if (u.first->kind == ControlKind::kSelect && u.topic == "prefecture") specific = {1};
  if (specific.empty()) {
    u.field.category = "address";
    u.field.address_from = 0;
    return;
  }
  int from = *specific.begin();
  u.field.address_from = from;
  if (specific == std::set<int>{1} && u.topic != "prefecture" &&
      u.first->kind != ControlKind::kSelect) {
    // An address field whose example starts with a prefecture wants the whole address.
    u.field.category = "address";
    u.field.address_from = 1;
    return;
  }
  if (specific == std::set<int>{1}) {
    u.field.category = "prefecture";
  } else if (from == 2 && *specific.rbegin() <= 3) {
    u.field.category = "city";
  } else if (from >= 3) {
    u.field.category = "address_line";
  } else {
    u.field.category = "address";
  }
}

Node RowOf(const Unit& u) {
  if (u.first->row != nullptr) return u.first->row;
  return Parent(u.first->node);
}

// Splits: several controls of one topic in one row become parts.
void AssignSplits(std::vector<Unit>& units) {
  std::map<std::pair<Node, std::string>, std::vector<Unit*>> rows;
  for (Unit& u : units) {
    const std::string& cat = u.field.category;
    std::string family;
    if (cat == "full_name") family = "name";
    if (cat == "full_name_kana") family = "kana";
    if (cat == "phone") family = "phone";
    if (cat == "postal_code") family = "postal";
    if (family.empty()) continue;
    // Controls without any label text are grouped only when their names say which part they
    // are (sei/mei, tel1/tel2): two unlabelled boxes side by side are not a split name.
    Node row = u.first->row;
    if (row == nullptr) row = u.sig.role.empty() ? u.first->node : Parent(u.first->node);
    rows[{row, family}].push_back(&u);
  }
  for (auto& [key, group] : rows) {
    const std::string& family = key.second;
    if (family == "name" || family == "kana") {
      std::string suffix = family == "kana" ? "_kana" : "";
      if (group.size() == 1) {
        Unit& u = *group.front();
        if (u.sig.role == "last") u.field.category = "last_name" + suffix;
        if (u.sig.role == "first") u.field.category = "first_name" + suffix;
        continue;
      }
      bool explicit_roles = group.size() == 2 && !group[0]->sig.role.empty() &&
                            !group[1]->sig.role.empty() && group[0]->sig.role != group[1]->sig.role;
      for (size_t i = 0; i < group.size(); ++i) {
        Unit& u = *group[i];
        std::string role =
            explicit_roles ? u.sig.role : (i == 0 ? "last" : (i == 1 ? "first" : ""));
        if (role.empty()) {
          u.field.category = "other";
          continue;
        }
        u.field.category = (role == "last" ? "last_name" : "first_name") + suffix;
        u.field.evidence.push_back(explicit_roles
                                       ? "split name part (" + role + ") by its label"
                                       : "split name part " + std::to_string(i + 1) + " of " +
                                             std::to_string(group.size()) + " in one row");
      }
    } else if (family == "phone" && group.size() >= 2) {
      for (size_t i = 0; i < group.size(); ++i) {
        group[i]->field.category = i < 3 ? "phone_" + std::to_string(i + 1) : "other";
        group[i]->field.evidence.push_back("phone part " + std::to_string(i + 1) + " of " +
                                           std::to_string(group.size()));
      }
    } else if (family == "postal" && group.size() >= 2) {
      for (size_t i = 0; i < group.size(); ++i) {
        group[i]->field.category = i < 2 ? "postal_code_" + std::to_string(i + 1) : "other";
        group[i]->field.evidence.push_back("postal part " + std::to_string(i + 1) + " of " +
                                           std::to_string(group.size()));
      }
    }
  }
}

void AssignEmails(std::vector<Unit>& units) {
  Unit* primary = nullptr;
  for (size_t i = 0; i < units.size(); ++i) {
    Unit& u = units[i];
    if (u.field.category != "email") continue;
    if (primary == nullptr) {
      if (u.sig.confirm && u.points < 150) {
        // A lone "confirmation" box before any address is the address itself.
      }
      primary = &u;
      // user@domain split: the next control in the same row, separated by '@'.
      if (i + 1 < units.size()) {
        Unit& next = units[i + 1];
        bool same_row = RowOf(next) == RowOf(u);
        std::string between = u.first->after_text;
        std::string tokens = ToLowerAscii(next.first->name + " " + next.first->id);
        bool at = between.find('@') != std::string::npos || between.find("＠") != std::string::npos;
        bool domainish = tokens.find("domain") != std::string::npos;
        if (same_row && (at || domainish) && !next.sig.confirm) {
          u.field.part = "local";
          next.field.category = "email";
          next.field.part = "domain";
          next.field.evidence.push_back("second half of an address split at '@'");
          u.field.evidence.push_back("first half of an address split at '@'");
          ++i;
        }
      }
      continue;
    }
    u.field.category = "email_confirm";
    u.field.evidence.push_back(u.sig.confirm ? "asks to repeat the e-mail address"
                                             : "second e-mail field after the address");
  }
}

void KeepBestOfSingles(std::vector<Unit>& units) {
  static const std::set<std::string> kSingles = {"company_name",
                                                 "company_name_kana",
                                                 "full_name",
                                                 "full_name_kana",
                                                 "last_name",
                                                 "first_name",
                                                 "last_name_kana",
                                                 "first_name_kana",
                                                 "phone",
                                                 "postal_code",
                                                 "prefecture",
                                                 "subject",
                                                 "message",
                                                 "url",
                                                 "department",
                                                 "position",
                                                 "gender",
                                                 "fax",
                                                 "city"};
  std::map<std::string, Unit*> best;
  for (Unit& u : units) {
    if (!kSingles.count(u.field.category)) continue;
    Unit*& b = best[u.field.category];
    if (b == nullptr || u.points > b->points) b = &u;
  }
  for (Unit& u : units) {
    auto it = best.find(u.field.category);
    if (it != best.end() && it->second != &u) {
      u.field.evidence.push_back("a better " + u.field.category + " field exists");
      u.field.category = "other";
    }
  }
}

}  // namespace

std::vector<Field> ClassifyForm(const Document& doc, const FormModel& form) {
  (void)doc;
  std::vector<Unit> units;
  std::map<std::string, size_t> group_of;
  std::map<size_t, std::vector<const Control*>> members;
  for (const Control& c : form.controls) {
    if (!IsFillableKind(c)) continue;
    if (IsChoice(c) && !c.name.empty()) {
      auto it = group_of.find(c.name);
      if (it != group_of.end()) {
        units[it->second].field.controls.push_back(c.index);
        members[it->second].push_back(&c);
        continue;
      }
      group_of[c.name] = units.size();
    }
    Unit u;
    u.first = &c;
    u.field.controls.push_back(c.index);
    u.field.name = c.name;
    u.field.tag = c.tag;
    u.field.type = c.type;
    members[units.size()].push_back(&c);
    units.push_back(std::move(u));
  }
  for (size_t i = 0; i < units.size(); ++i) {
    Unit& u = units[i];
    const std::vector<const Control*>& ms = members[i];
    u.sig = IsChoice(*u.first) ? GroupSignals(ms) : ControlSignals(*u.first);
    auto [topic, pts] = BestTopic(u.sig);
    u.topic = topic;
    u.points = pts;
    u.field.label = u.sig.label;
    u.field.score = pts;
    for (const Control* m : ms) {
      u.field.required =
          u.field.required || m->required_attr || (m->required_marker && !m->optional_marker);
    }
    if (!topic.empty()) u.field.evidence.push_back(u.sig.why[topic]);
    for (const std::string& e : u.sig.evidence) u.field.evidence.push_back(e);
    if (pts < 40) u.topic.clear();
    u.field.category = BaseCategory(u);
    if (u.field.category == "address") AddressCategory(u);
    if (u.field.category == "full_name_kana" || u.field.category == "company_name_kana") {
      u.field.kana_script = KanaScript(u.sig);
    }
    FormatHints(u.field, u);
    if (u.field.category != "captcha" && !IsChoice(*u.first) && NearCaptchaImage(*u.first) &&
        (u.topic.empty() || u.topic == "captcha" || u.points < 100)) {
      u.field.category = "captcha";
      u.field.evidence.push_back("next to a CAPTCHA image");
    }
    std::string hp = HoneypotReason(u, form);
    if (!hp.empty()) {
      u.field.category = "honeypot";
      u.field.evidence.insert(u.field.evidence.begin(), "honeypot: " + hp);
    }
  }
  AssignSplits(units);
  AssignEmails(units);
  KeepBestOfSingles(units);
  std::vector<Field> out;
  out.reserve(units.size());
  for (Unit& u : units) {
    if (u.field.category.ends_with("_kana") && u.field.kana_script.empty()) {
      u.field.kana_script = KanaScript(u.sig);
    }
    if (!u.field.category.ends_with("_kana")) u.field.kana_script.clear();
    out.push_back(std::move(u.field));
  }
  return out;
}

FormChoice ScoreForm(const FormModel& form, const std::vector<Field>& fields) {
  FormChoice r;
  std::set<std::string> cats;
  int text_fields = 0;
  int textareas = 0;
  bool password = false;
  bool search_input = false;
  bool file_input = false;
  for (const Control& c : form.controls) {
    if (c.kind == ControlKind::kPassword) password = true;
    if (c.kind == ControlKind::kFile) file_input = true;
    if (c.type == "search") search_input = true;
    std::string n = ToLowerAscii(c.name);
    if (c.kind == ControlKind::kText &&
        (n == "q" || n == "s" || n == "keyword" || n == "keywords" || n == "search" ||
         n == "query" || n == "kw")) {
      search_input = true;
    }
    if (c.kind == ControlKind::kTextarea && c.hidden_reason.empty()) ++textareas;
  }
  for (const Field& f : fields) {
    if (f.category == "honeypot") continue;
    cats.insert(f.category);
    if (f.tag != "select" && f.type != "radio" && f.type != "checkbox") ++text_fields;
  }
  std::string attrs = text::NfkcLower(form.action + " " + form.id + " " + form.classes);
  std::string buttons;
  for (const Button& b : form.buttons) buttons += text::NfkcLower(b.text) + " ";
  std::string body = text::NfkcLower(form.text.substr(0, 4000));
  auto has = [&](std::initializer_list<std::string_view> words, const std::string& where) {
    return ContainsAny(where, words);
  };
  bool contact_words =
      has({"contact", "inquiry", "toiawase", "otoiawase", "enquiry", "お問い合わせ", "お問合せ",
           "問い合わせ", "問合せ", "お問合わせ", "ご相談", "ご質問"},
          attrs + " " + body + " " + buttons);
  bool has_message = cats.count("message") > 0;
  bool has_email = cats.count("email") > 0;
  bool has_name = cats.count("full_name") || cats.count("last_name");
  double score = 0;
  if (has_message) score += 4;
  if (has_email) score += 3;
  if (has_name) score += 1.5;
  if (cats.count("company_name")) score += 1;
  if (cats.count("phone") || cats.count("phone_1")) score += 0.5;
  if (contact_words) score += 2;
  if (textareas > 0) score += 1;
  r.evidence.push_back(std::string("message field: ") + (has_message ? "yes" : "no"));
  r.evidence.push_back(std::string("email field: ") + (has_email ? "yes" : "no"));
  if (contact_words) r.evidence.push_back("contact wording in the form");

  r.kind = "other";
  if (password) {
    r.kind = "login";
    score -= 8;
    r.evidence.push_back("password input");
  } else if (search_input && text_fields <= 2 && textareas == 0) {
    r.kind = "search";
    score -= 8;
    r.evidence.push_back("search input");
  } else if (has({"commentform", "comment-form", "respond", "wp-comment"}, attrs) ||
             has({"コメントを送信", "コメントする", "post comment", "コメント投稿",
                  "leave a reply"},
                 buttons + " " + body)) {
    r.kind = "comment";
    score -= 6;
    r.evidence.push_back("blog comment form");
  } else if (has({"履歴書", "職務経歴", "学歴", "志望動機", "応募職種", "希望職種",
                  "エントリーシート"},
                 body) ||
             has({"応募する", "エントリーする", "応募内容を確認"}, buttons)) {
    r.kind = "recruit";
    score -= 5;
    r.evidence.push_back("recruitment entry form");
  } else if (!has_message && has_email &&
             has({"メルマガ", "newsletter", "購読", "subscribe", "メールマガジン", "配信登録",
                  "配信停止", "unsubscribe"},
                 attrs + " " + body + " " + buttons)) {
    r.kind = "newsletter";
    score -= 5;
    r.evidence.push_back("newsletter subscription");
  } else if (has({"カートに入れる", "購入手続き", "checkout", "add to cart", "注文する",
                  "注文を確定", "数量"},
                 attrs + " " + buttons) ||
             (!has_message && has({"ご注文", "お届け先", "カート"}, body))) {
    // A contact form that mentions orders (ご注文番号をご記入ください) is still one.
    r.kind = "order";
    score -= 5;
    r.evidence.push_back("order form");
  } else if (!has_message &&
             has({"資料請求", "ダウンロード", "download", "ホワイトペーパー", "資料をダウンロード"},
                 attrs + " " + body + " " + buttons)) {
    r.kind = "download";
    score -= 3;
    r.evidence.push_back("document download form");
  } else if (has_message || (textareas > 0 && has_email)) {
    r.kind = "contact";
  } else if (has_email && text_fields >= 2) {
    r.kind = "contact";  // no message area: decided later (NO_MESSAGE_AREA)
  }
  (void)file_input;
  r.score = score;
  return r;
}

FormChoice ChooseForm(const std::vector<FormModel>& forms,
                      const std::vector<std::vector<Field>>& fields) {
  FormChoice best;
  FormChoice best_other;
  for (size_t i = 0; i < forms.size(); ++i) {
    FormChoice c = ScoreForm(forms[i], fields[i]);
    c.index = static_cast<int>(i);
    if (c.kind == "contact") {
      if (best.index < 0 || c.score > best.score) best = c;
    } else if (best_other.index < 0 || c.score > best_other.score) {
      best_other = c;
    }
  }
  return best.index >= 0 ? best : best_other;
}

}  // namespace formsender::engine
