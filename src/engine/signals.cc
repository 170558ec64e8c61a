#include "engine/signals.h"

#include <algorithm>

#include "common/strings.h"
#include "common/text.h"
#include "engine/classify.h"
#include "engine/extract.h"
#include "engine/keywords.h"

namespace formsender::engine {
namespace {

bool IsAsciiAlpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }

// Finds `word` in `text`; short ASCII words must stand alone ("tel" not in "hotel").
size_t FindWord(std::string_view text, std::string_view word) {
  bool ascii = std::all_of(word.begin(), word.end(),
                           [](char c) { return static_cast<unsigned char>(c) < 0x80; });
  size_t pos = 0;
  while ((pos = text.find(word, pos)) != std::string_view::npos) {
    if (!ascii || word.size() > 5) return pos;
    bool left_ok = pos == 0 || !IsAsciiAlpha(text[pos - 1]);
    size_t end = pos + word.size();
    bool right_ok = end >= text.size() || !IsAsciiAlpha(text[end]);
    if (left_ok && right_ok) return pos;
    ++pos;
  }
  return std::string_view::npos;
}

int AddressPart(std::string_view topic) {
  if (topic == "prefecture") return 1;
  if (topic == "city") return 2;
  if (topic == "town") return 3;
  if (topic == "street") return 4;
  if (topic == "building") return 5;
  return 0;
}

// An example address ("例：東京都港区…") that starts with a prefecture asks for the whole
// address.
void AddressExample(std::string_view norm, std::vector<int>& parts) {
  size_t ex = norm.find("例");
  std::string_view rest =
      ex == std::string_view::npos ? norm : norm.substr(ex + std::string_view("例").size());
  while (!rest.empty() && (rest.front() == ':' || rest.front() == ')' || rest.front() == ' '))
    rest.remove_prefix(1);
  for (std::string_view p : Prefectures()) {
    if (norm.starts_with(p) || rest.starts_with(p)) {
      parts.push_back(1);
      return;
    }
  }
}

struct TextHit {
  std::string topic;
  int strength = 0;
  size_t end = 0;
};

// Concept hits of one label text; among equal strengths the head noun (the last match in a
// Japanese compound such as 会社所在地) wins, unless the label offers alternatives (または).
std::map<std::string, int> ScoreText(std::string_view norm, std::vector<int>* parts) {
  std::map<std::string, TextHit> best;
  for (const Keyword& k : LabelKeywords()) {
    size_t pos = FindWord(norm, k.word);
    if (pos == std::string_view::npos) continue;
    TextHit& h = best[std::string(k.topic)];
    size_t end = pos + k.word.size();
    if (k.strength > h.strength || (k.strength == h.strength && end > h.end)) {
      h = {std::string(k.topic), k.strength, end};
    }
  }
  // "都道府県から" / "以下" means the whole address starting at the prefecture.
  if (best.count("prefecture") &&
      ContainsAny(norm, {"から", "以下", "以降", "より", "まで", "を含", "含めて"})) {
    best.erase("prefecture");
    best["address"] = {"address", 3, norm.size()};
  }
  // An e-mail "address" is not a postal one.
  if (best.count("email") && best.count("address") &&
      FindWord(norm, "address") != std::string_view::npos &&
      norm.find("住所") == std::string_view::npos) {
    best.erase("address");
  }
  if (parts != nullptr) {
    for (const auto& [topic, h] : best) {
      if (int p = AddressPart(topic); p > 0) parts->push_back(p);
      if (topic == "address") parts->push_back(0);
    }
  }
  bool alternatives = ContainsAny(norm, {"または", "もしくは", "又は", " or "});
  int top = 0;
  for (const auto& [c, h] : best) top = std::max(top, h.strength);
  size_t head_end = alternatives ? std::string_view::npos : 0;
  for (const auto& [c, h] : best) {
    if (h.strength != top) continue;
    head_end = alternatives ? std::min(head_end, h.end) : std::max(head_end, h.end);
  }
  std::map<std::string, int> out;
  for (const auto& [c, h] : best) {
    int pts = h.strength * 30;
    if (h.strength == top && h.end == head_end) pts += 8;
    out[c] = pts;
  }
  return out;
}

// The script of a kana example ("例）やまだ はなこ", "かぶしきがいしゃ〇〇", "ヤマダ"): hiragana or
// katakana when the example is written in one kana script only, "" otherwise (kanji, prose).
std::string ExampleScript(std::string_view raw) {
  int hira = 0;
  int kata = 0;
  for (char32_t c : text::ToCodePoints(raw)) {
    if (c >= 0x3041 && c <= 0x3096) ++hira;
    if (c >= 0x30A1 && c <= 0x30FA) ++kata;
    if ((c >= 0x4E00 && c <= 0x9FFF && c != 0x4F8B) || (c >= 0x3400 && c <= 0x4DBF))
      return "";  // 例 allowed
  }
  if (hira >= 2 && kata == 0) return "hiragana";
  if (kata >= 2 && hira == 0) return "katakana";
  return "";
}

void Add(Signals& s, const std::string& topic, int pts, const std::string& why) {
  if (pts <= 0) return;
  int& cur = s.score[topic];
  if (pts > cur) {
    s.why[topic] = why;
  }
  // The best source counts fully; each further agreeing source adds a little.
  cur = std::max(cur, pts) + std::min(cur, pts) / 6;
}

std::string RoleFromText(std::string_view raw) {
  std::string n = Norm(raw);
  std::string compact;
  for (char c : n) {
    if (c != ' ') compact.push_back(c);
  }
  for (std::string_view m : {"(姓)", "[姓]", "姓:", "(せい)", "(セイ)", "(last)", "(漢字姓)"}) {
    if (compact.find(m) != std::string::npos) return "last";
  }
  for (std::string_view m : {"(名)", "[名]", "名:", "(めい)", "(メイ)", "(first)"}) {
    if (compact.find(m) != std::string::npos) return "first";
  }
  // Strip bracketed notes: "姓(漢字)" → "姓".
  std::string bare;
  int depth = 0;
  for (char c : compact) {
    if (c == '(' || c == '[') {
      ++depth;
      continue;
    }
    if (c == ')' || c == ']') {
      depth = std::max(0, depth - 1);
      continue;
    }
    if (depth == 0) bare.push_back(c);
  }
  bare = CleanLabel(bare);
  for (std::string_view w : kLastRoleWords) {
    std::string wn(w);
    wn.erase(std::remove(wn.begin(), wn.end(), ' '), wn.end());
    if (bare == wn || bare == "例:" + wn) return "last";
  }
  for (std::string_view w : kFirstRoleWords) {
    std::string wn(w);
    wn.erase(std::remove(wn.begin(), wn.end(), ' '), wn.end());
    if (bare == wn || bare == "例:" + wn) return "first";
  }
  for (std::string_view e : kLastExamples) {
    if (bare == e || bare == "例:" + std::string(e) || bare == "例)" + std::string(e))
      return "last";
  }
  for (std::string_view e : kFirstExamples) {
    if (bare == e || bare == "例:" + std::string(e) || bare == "例)" + std::string(e))
      return "first";
  }
  return "";
}

void ScoreTokens(Signals& s, const Control& c) {
  std::vector<std::string> tokens = NameTokens(c.name);
  for (const std::string& t : NameTokens(c.id)) tokens.push_back(t);
  std::string joined = ToLowerAscii(c.name + " " + c.id);
  // "mail_address", "kaisha-mei": the words run together are keywords too.
  std::string compact;
  for (char ch : joined) {
    if (ch != '_' && ch != '-' && ch != '.') compact.push_back(ch);
  }
  // Class tokens only for the well-known library conventions (yubinbango's p-region …).
  for (const std::string& cls : Split(ToLowerAscii(c.classes), ' ')) {
    if (cls.starts_with("p-")) {
      for (const std::string& t : NameTokens(cls.substr(2))) tokens.push_back(t);
    }
    if (cls.starts_with("wpcf7-email")) tokens.push_back("email");
  }
  for (const Keyword& k : TokenKeywords()) {
    bool hit = std::find(tokens.begin(), tokens.end(), k.word) != tokens.end();
    if (!hit && k.word.size() >= 5 &&
        (joined.find(k.word) != std::string::npos || compact.find(k.word) != std::string::npos)) {
      hit = true;
    }
    if (hit)
      Add(s, std::string(k.topic), k.strength * 14,
          "name/id \"" + c.name + "\" has " + std::string(k.word));
  }
  for (std::string_view k : kKanaTokens) {
    if (std::find(tokens.begin(), tokens.end(), k) != tokens.end() ||
        (k.size() >= 4 && joined.find(k) != std::string::npos)) {
      s.kana = true;
      if (k == "hiragana") s.hiragana = true;
      if (k == "katakana") s.katakana = true;
      s.evidence.push_back("name/id has kana token " + std::string(k));
    }
  }
  for (std::string_view k : kConfirmTokens) {
    if (std::find(tokens.begin(), tokens.end(), k) != tokens.end() ||
        (k.size() >= 5 && joined.find(k) != std::string::npos)) {
      s.confirm = true;
      s.evidence.push_back("name/id has confirmation token " + std::string(k));
    }
  }
  if (s.role.empty()) {
    for (std::string_view k : kLastRoleTokens) {
      if (std::find(tokens.begin(), tokens.end(), k) != tokens.end()) s.role = "last";
    }
    for (std::string_view k : kFirstRoleTokens) {
      if (std::find(tokens.begin(), tokens.end(), k) != tokens.end()) s.role = "first";
    }
  }
}

}  // namespace

std::string Norm(std::string_view s) { return text::NfkcLower(CleanLabel(s)); }

std::vector<std::string> NameTokens(std::string_view name) {
  std::vector<std::string> out;
  std::string cur;
  auto flush = [&] {
    if (!cur.empty()) out.push_back(ToLowerAscii(cur));
    cur.clear();
  };
  char prev = 0;
  for (char ch : name) {
    unsigned char c = static_cast<unsigned char>(ch);
    if (std::isalpha(c)) {
      if (std::isupper(c) && prev != 0 && std::islower(static_cast<unsigned char>(prev))) flush();
      if (prev != 0 && std::isdigit(static_cast<unsigned char>(prev))) flush();
      cur.push_back(ch);
    } else if (std::isdigit(c)) {
      if (prev != 0 && !std::isdigit(static_cast<unsigned char>(prev))) flush();
      cur.push_back(ch);
    } else if (c >= 0x80) {
      cur.push_back(ch);
    } else {
      flush();
    }
    prev = ch;
  }
  flush();
  return out;
}

Signals ControlSignals(const Control& c) {
  Signals s;
  struct Source {
    std::string text;
    double weight;
    std::string what;
  };
  std::vector<Source> texts;
  if (!c.own_label.empty()) texts.push_back({c.own_label, 1.0, c.own_label_source});
  for (size_t i = 0; i < c.chain.size(); ++i) {
    double w = i == 0 ? 1.0 : (i == 1 ? 0.85 : 0.6);
    if (!c.own_label.empty()) w *= 0.8;
    texts.push_back({c.chain[i].text, w, c.chain[i].source});
  }
  for (const Source& t : texts) {
    std::string n = Norm(t.text);
    if (n.empty()) continue;
    if (s.label.empty() && RoleFromText(t.text).empty()) s.label = CleanLabel(t.text);
    s.all_text += n + " | ";
    for (const auto& [topic, pts] : ScoreText(n, &s.address_parts)) {
      Add(s, topic, static_cast<int>(pts * t.weight),
          t.what + " \"" + CleanLabel(t.text) + "\" → " + topic);
    }
    for (std::string_view k : kKanaWords) {
      if (n.find(Norm(k)) != std::string::npos) {
        s.kana = true;
        s.evidence.push_back(t.what + " \"" + CleanLabel(t.text) + "\" asks for kana");
        break;
      }
    }
    // ふりがな alone is the common name of the reading field, usually typed in katakana
    // (form-engine A-37); ひらがな or a hiragana example asks for hiragana.
    if (n.find("ひらがな") != std::string::npos || n.find("平仮名") != std::string::npos)
      s.hiragana = true;
    if (n.find("カタカナ") != std::string::npos || n.find("フリガナ") != std::string::npos ||
        n.find("カナ") != std::string::npos || n.find("セイ") != std::string::npos) {
      s.katakana = true;
    }
    for (std::string_view k : kConfirmWords) {
      if (n.find(k) != std::string::npos) s.confirm = true;
    }
    if (s.role.empty()) {
      s.role = RoleFromText(t.text);
      s.role_from_text = !s.role.empty();
    }
    // Part labels written in hiragana (せい / めい) ask for a hiragana reading.
    std::string bare = Norm(t.text);
    if (bare == "せい" || bare == "めい") s.kana = s.hiragana = true;
    if (bare == "セイ" || bare == "メイ") s.kana = s.katakana = true;
  }
  if (s.label.empty() && !texts.empty()) s.label = CleanLabel(texts.front().text);
  for (const std::string& extra : {c.placeholder, c.title}) {
    if (extra.empty()) continue;
    std::string n = Norm(extra);
    s.all_text += n + " | ";
    for (const auto& [topic, pts] : ScoreText(n, &s.address_parts)) {
      Add(s, topic, pts / 2, "placeholder \"" + extra + "\" → " + topic);
    }
    if (s.role.empty()) {
      s.role = RoleFromText(extra);
      s.role_from_text = !s.role.empty();
    }
    std::string script = ExampleScript(extra);
    if (script == "katakana") {
      s.kana = s.katakana = true;
      s.evidence.push_back("placeholder \"" + extra + "\" is katakana");
    } else if (script == "hiragana") {
      s.kana = s.hiragana = true;
      s.evidence.push_back("placeholder \"" + extra + "\" is hiragana");
    }
    for (std::string_view k : kKanaWords) {
      if (n.find(Norm(k)) != std::string::npos) s.kana = true;
    }
    for (std::string_view k : kConfirmWords) {
      if (n.find(k) != std::string::npos) s.confirm = true;
    }
    if (s.label.empty()) s.label = extra;
    if (std::string_view(n).find('@') != std::string::npos && n.find('.') != std::string::npos) {
      Add(s, "email", 60, "placeholder \"" + extra + "\" is an e-mail address");
    }
    AddressExample(n, s.address_parts);
  }
  // Hints written after the control: "(ハイフンなし)", "※全角カナ".
  if (!c.after_text.empty()) {
    // A caption under the box ("市区町村名（例：千代田区神田神保町）") says a little about it.
    std::string n = Norm(c.after_text);
    s.all_text += n + " | ";
    if (n.find("ひらがな") != std::string::npos) s.hiragana = true;
    if (n.find("カタカナ") != std::string::npos || n.find("カナ") != std::string::npos)
      s.katakana = true;
    AddressExample(n, s.address_parts);
    // "番地・建物名まで" says where the field ends, not where it starts.
    std::vector<int> caption_parts;
    std::vector<int>* parts =
        n.find("まで") == std::string::npos ? &s.address_parts : &caption_parts;
    for (const auto& [topic, pts] : ScoreText(n, parts)) {
      Add(s, topic, pts * 2 / 5, "text after the box \"" + c.after_text + "\" → " + topic);
    }
    if (s.label.empty()) s.label = CleanLabel(c.after_text);
  }
  if (!c.pattern.empty()) {
    s.all_text += "pattern:" + c.pattern + " | ";
    if (c.pattern.find("ぁ") != std::string::npos ||
        c.pattern.find("\\u3041") != std::string::npos) {
      s.kana = s.hiragana = true;
    }
    if (c.pattern.find("ァ") != std::string::npos ||
        c.pattern.find("\\u30A1") != std::string::npos ||
        c.pattern.find("\\u30a1") != std::string::npos) {
      s.kana = s.katakana = true;
    }
  }
  ScoreTokens(s, c);
  // Names written in Japanese (name="お問い合わせ内容") are labels in their own right.
  if (text::HasCjk(c.name)) {
    std::string n = Norm(c.name);
    for (const auto& [topic, pts] : ScoreText(n, &s.address_parts)) {
      Add(s, topic, pts * 4 / 5, "name \"" + c.name + "\" → " + topic);
    }
    for (std::string_view k : kKanaWords) {
      if (n.find(Norm(k)) != std::string::npos) s.kana = true;
    }
    for (std::string_view k : kConfirmWords) {
      if (n.find(k) != std::string::npos) s.confirm = true;
    }
    if (s.label.empty()) s.label = c.name;
  }
  // The autocomplete attribute is the page author's own statement of the field's meaning.
  if (!c.autocomplete.empty()) {
    std::vector<std::string> parts = Split(c.autocomplete, ' ');
    std::string token = parts.empty() ? "" : std::string(Trim(parts.back()));
    std::string_view topic = AutocompleteTopic(token);
    if (!topic.empty()) Add(s, std::string(topic), 90, "autocomplete=" + token);
    if (token == "family-name") s.role = "last";
    if (token == "given-name") s.role = "first";
    if (token == "tel-area-code") s.role = "1";
    if (token == "tel-local-prefix") s.role = "2";
    if (token == "tel-local-suffix") s.role = "3";
    if (int p = AddressPart(topic); p > 0) s.address_parts.push_back(p);
  }
  if (c.type == "email") Add(s, "email", 60, "type=email");
  if (c.type == "tel") Add(s, "phone", 45, "type=tel");
  if (c.type == "url") Add(s, "url", 55, "type=url");
  if (c.kind == ControlKind::kTextarea) Add(s, "message", 35, "textarea");
  if (c.kind == ControlKind::kSelect) {
    int prefs = 0;
    bool male = false;
    bool female = false;
    int ages = 0;
    for (const SelectOption& o : c.options) {
      for (std::string_view p : Prefectures()) {
        if (o.text.find(p) != std::string::npos) {
          ++prefs;
          break;
        }
      }
      std::string t = Norm(o.text);
      if (t == "男性" || t == "男" || t == "male") male = true;
      if (t == "女性" || t == "女" || t == "female") female = true;
      if (t.find("代") != std::string::npos || t.find("歳") != std::string::npos) ++ages;
    }
    if (prefs >= 10) Add(s, "prefecture", 110, "options list the prefectures");
    if (male && female) Add(s, "gender", 110, "options are 男性/女性");
    if (ages >= 3) Add(s, "age", 60, "options are age ranges");
  }
  if (!s.role.empty()) {
    s.evidence.push_back("role " + s.role);
    // A bare 姓 / 名 / セイ label names a person even without お名前.
    if ((s.role == "last" || s.role == "first") && s.role_from_text) {
      Add(s, "name", 75, "label is a name part (" + s.role + ")");
    }
  }
  return s;
}

Signals GroupSignals(const std::vector<const Control*>& members) {
  Signals s = ControlSignals(*members.front());
  // Options: what the choices say about the question.
  int male = 0;
  int female = 0;
  for (const Control* m : members) {
    std::string t = Norm(m->option_label);
    if (t.find("男") != std::string::npos) ++male;
    if (t.find("女") != std::string::npos) ++female;
    for (const auto& [topic, pts] : ScoreText(t, nullptr)) {
      if (topic == "consent" || topic == "newsletter" || topic == "contact_method") {
        Add(s, topic, pts, "option \"" + m->option_label + "\" → " + topic);
      }
    }
    // An attestation box (営業目的ではありません) is answered like a consent box; the refusal
    // check decides whether the form may be sent at all.
    if (t.find("ではありません") != std::string::npos ||
        t.find("ではございません") != std::string::npos ||
        t.find("ではない") != std::string::npos) {
      Add(s, "consent", 150, "option \"" + m->option_label + "\" is an attestation");
    }
    if (t == "メール" || t == "電話" || t == "email" || t == "e-mail" || t == "fax") {
      Add(s, "contact_method", 70, "options are ways to reply");
    }
  }
  if (male > 0 && female > 0) Add(s, "gender", 110, "options are 男性/女性");
  // 法人 / 個人: who is writing, not what about.
  bool corporate = false;
  bool individual = false;
  for (const Control* m : members) {
    std::string t = Norm(m->option_label.empty() ? m->value : m->option_label);
    if (t.find("法人") != std::string::npos || t.find("企業") != std::string::npos)
      corporate = true;
    if (t.find("個人") != std::string::npos) individual = true;
  }
  if (corporate && individual) Add(s, "customer_type", 160, "options are 法人/個人");
  return s;
}

std::pair<std::string, int> BestTopic(const Signals& s) {
  std::string best;
  int best_pts = 0;
  for (const auto& [c, pts] : s.score) {
    if (pts > best_pts) {
      best = c;
      best_pts = pts;
    }
  }
  return {best, best_pts};
}

}  // namespace formsender::engine
