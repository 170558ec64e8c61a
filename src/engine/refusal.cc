#include "engine/refusal.h"

#include <algorithm>

#include "common/strings.h"
#include "common/text.h"

namespace formsender::engine {
namespace {

constexpr std::string_view kSalesTerms[] = {"セールス",
                                            "勧誘",
                                            "売り込み",
                                            "売込み",
                                            "売込",
                                            "押し売り",
                                            "テレアポ",
                                            "販売目的",
                                            "販売を目的",
                                            "販売のため",
                                            "販売に関する",
                                            "宣伝目的",
                                            "宣伝を目的",
                                            "広告目的",
                                            "広告を目的",
                                            "広告宣伝",
                                            "宣伝・広告",
                                            "広告・宣伝",
                                            "pr目的",
                                            "商品のご案内",
                                            "商品の案内",
                                            "サービスのご案内",
                                            "サービスの案内",
                                            "商品・サービスのご案内",
                                            "商品・サービスの案内",
                                            "商品・サービスのご紹介",
                                            "サービスのご紹介",
                                            "商品のご紹介",
                                            "ご提案のお電話",
                                            "ご提案のメール",
                                            "ご提案のご連絡",
                                            "同業者",
                                            "業者様からの",
                                            "業者からの",
                                            "sales",
                                            "solicitation",
                                            "telemarketing",
                                            "cold call",
                                            "vendor",
                                            "marketing",
                                            "商用目的",
                                            "営利目的",
                                            "ビジネス目的の"};

// What may follow 営業 without it meaning a sales approach (営業時間, 営業日 …).
constexpr std::string_view kEigyoNotSales[] = {
    "時間", "日",         "中",   "所",       "時",       "再開", "停止", "休止", "開始",
    "終了", "カレンダー", "部",   "課",       "エリア",   "拠点", "成績", "利益", "年数",
    "許可", "譲渡",       "期間", "案内時間", "スタッフ", "マン", "職"};

constexpr std::string_view kRefusalTerms[] = {"お断り",
                                              "断りして",
                                              "断りいた",
                                              "ご遠慮",
                                              "遠慮ください",
                                              "遠慮下さい",
                                              "遠慮願",
                                              "遠慮いただ",
                                              "禁止",
                                              "お控え",
                                              "控えて",
                                              "控えください",
                                              "受け付けておりません",
                                              "受付しておりません",
                                              "受付けておりません",
                                              "受け付けていません",
                                              "受付いたしておりません",
                                              "受け付けいたしておりません",
                                              "お受けしておりません",
                                              "お受けいたしておりません",
                                              "お受けできません",
                                              "お受けいたしかねます",
                                              "お受けしかねます",
                                              "受け付けません",
                                              "受付できません",
                                              "受け付けできません",
                                              "対応しておりません",
                                              "対応いたしておりません",
                                              "対応いたしかねます",
                                              "対応しかねます",
                                              "対応できません",
                                              "返信いたしません",
                                              "返信しません",
                                              "返信は致しません",
                                              "返信はいたしません",
                                              "回答いたしかねます",
                                              "ご返答いたしかねます",
                                              "返信いたしかねます",
                                              "返信致しかねます",
                                              "回答致しかねます",
                                              "ご返信できかねます",
                                              "返答はいたしません",
                                              "回答はいたしません",
                                              "ご返信はいたしません",
                                              "ご回答いたしません",
                                              "固く",
                                              "ご利用いただけません",
                                              "ご利用になれません",
                                              "ご利用はご遠慮",
                                              "使用しないで",
                                              "利用しないで",
                                              "送信しないで",
                                              "ご連絡なさらないで",
                                              "連絡しないで",
                                              "送らないで",
                                              "応じられません",
                                              "応じかねます",
                                              "お断わり",
                                              "ご容赦",
                                              "ではありません",
                                              "ではございません",
                                              "ではないこと",
                                              "でないこと",
                                              "ではない事",
                                              "not accepted",
                                              "not accept",
                                              "prohibited",
                                              "not permitted",
                                              "not allowed",
                                              "do not",
                                              "don't",
                                              "no sales",
                                              "no solicitation",
                                              "no cold call",
                                              "no vendor",
                                              "not be accepted",
                                              "not be answered",
                                              "will not respond",
                                              "not respond",
                                              "refrain"};

// Sentences that mention sales words for another reason.
bool IsAboutSomethingElse(std::string_view s) {
  auto has = [&](std::string_view w) { return s.find(w) != std::string_view::npos; };
  // Personal data: 「販売目的での個人情報の利用はいたしません」.
  if ((has("個人情報") || has("お客様の情報") || has("個人データ") || has("第三者")) &&
      !has("営業") && !has("勧誘") && !has("セールス")) {
    return true;
  }
  // Reuse of the site's content: 「掲載内容の商業利用・無断転載はご遠慮ください」.
  if (has("転載") || has("複製") || has("無断使用") || has("掲載内容") || has("コンテンツ") ||
      has("画像の")) {
    if (!has("お問い合わせ") && !has("ご連絡") && !has("電話") && !has("メール")) return true;
  }
  if ((has("third part") || has("personal information") || has("your information") ||
       has("your data") || has("privacy")) &&
      !has("solicit") && !has("sales inquir")) {
    return true;
  }
  // Welcoming sentences: 「営業目的のお問い合わせも歓迎しております」.
  if (has("歓迎") || has("お気軽に") || has("welcome")) return true;
  return false;
}

bool HasSalesTerm(std::string_view s) {
  for (std::string_view t : kSalesTerms) {
    if (s.find(t) != std::string_view::npos) {
      // "sales" inside "salesforce" or a sales department address is not a refusal subject.
      if (t == "sales" && (s.find("salesforce") != std::string_view::npos)) continue;
      return true;
    }
  }
  const std::string_view eigyo = "営業";
  for (size_t pos = s.find(eigyo); pos != std::string_view::npos; pos = s.find(eigyo, pos + 1)) {
    std::string_view rest = s.substr(pos + eigyo.size());
    bool not_sales = false;
    for (std::string_view x : kEigyoNotSales) {
      if (rest.starts_with(x)) not_sales = true;
    }
    // 「翌営業日」「土日祝を除く営業」 are about opening days.
    if (pos >= 3 && s.substr(pos - 3, 3) == "翌") not_sales = true;
    if (!not_sales) return true;
  }
  return false;
}

bool HasRefusal(std::string_view s) {
  for (std::string_view t : kRefusalTerms) {
    if (s.find(t) != std::string_view::npos) return true;
  }
  return false;
}

// A cheap first pass: every sales term contains one of these characters (営 セ 勧 売 販 宣 広 商
// 同 業 提 押 テ 営) or is English. Most sentences of a page have none, and skip the full scan.
bool MayHaveSalesTerm(std::string_view s) {
  static constexpr std::string_view kAnchors[] = {"営", "セ", "勧", "売", "販", "宣", "広",
                                                  "商", "同", "業", "提", "押", "テ"};
  uint32_t keys[std::size(kAnchors)];
  for (size_t k = 0; k < std::size(kAnchors); ++k) {
    const auto* b = reinterpret_cast<const unsigned char*>(kAnchors[k].data());
    keys[k] = (uint32_t(b[0]) << 16) | (uint32_t(b[1]) << 8) | b[2];
  }
  const auto* p = reinterpret_cast<const unsigned char*>(s.data());
  for (size_t i = 0; i < s.size(); ++i) {
    unsigned char c = p[i];
    if (c < 0x80) {
      if ((c >= 'a' && c <= 'z')) return true;  // English: scan fully
      continue;
    }
    if ((c & 0xF0) == 0xE0 && i + 2 < s.size()) {
      uint32_t key = (uint32_t(c) << 16) | (uint32_t(p[i + 1]) << 8) | p[i + 2];
      for (uint32_t k : keys) {
        if (k == key) return true;
      }
      i += 2;
    }
  }
  return false;
}

bool IsRefusal(std::string_view norm) {
  return MayHaveSalesTerm(norm) && HasSalesTerm(norm) && HasRefusal(norm) &&
         !IsAboutSomethingElse(norm);
}

std::vector<std::string> SplitSentences(std::string_view text) {
  std::vector<std::string> out;
  std::string cur;
  auto flush = [&] {
    std::string t = text::CollapseWhitespace(cur);
    if (!t.empty()) out.push_back(t);
    cur.clear();
  };
  for (size_t i = 0; i < text.size();) {
    if (text[i] == '\n') {
      flush();
      ++i;
      continue;
    }
    // Sentence ends: 。！？ (3-byte UTF-8, checked only on their lead bytes) and ! ?
    bool end = false;
    size_t len = 1;
    unsigned char c = static_cast<unsigned char>(text[i]);
    if (c == '!' || c == '?') {
      end = true;
    } else if ((c == 0xE3 || c == 0xEF) && i + 2 < text.size()) {
      std::string_view three = text.substr(i, 3);
      if (three == "。" || three == "！" || three == "？") {
        end = true;
        len = 3;
      }
    }
    cur.append(text.substr(i, len));
    i += len;
    if (end) {
      out.push_back(text::CollapseWhitespace(cur));
      cur.clear();
    }
  }
  flush();
  return out;
}

void AppendBlocks(Node n, std::string& out) {
  if (n->type == GUMBO_NODE_TEXT || n->type == GUMBO_NODE_CDATA ||
      n->type == GUMBO_NODE_WHITESPACE) {
    out += n->v.text.text;
    return;
  }
  if (!IsElement(n)) return;
  GumboTag t = n->v.element.tag;
  if (t == GUMBO_TAG_SCRIPT || t == GUMBO_TAG_STYLE || t == GUMBO_TAG_NOSCRIPT ||
      t == GUMBO_TAG_TEMPLATE || t == GUMBO_TAG_SELECT || t == GUMBO_TAG_TEXTAREA ||
      t == GUMBO_TAG_HEAD) {
    return;
  }
  bool block = t != GUMBO_TAG_SPAN && t != GUMBO_TAG_A && t != GUMBO_TAG_STRONG &&
               t != GUMBO_TAG_B && t != GUMBO_TAG_EM && t != GUMBO_TAG_I && t != GUMBO_TAG_SMALL &&
               t != GUMBO_TAG_FONT && t != GUMBO_TAG_U && t != GUMBO_TAG_SUP &&
               t != GUMBO_TAG_SUB && t != GUMBO_TAG_MARK;
  if (block) out.push_back('\n');
  const GumboVector& kids = n->v.element.children;
  for (unsigned i = 0; i < kids.length; ++i) AppendBlocks(static_cast<Node>(kids.data[i]), out);
  if (block) out.push_back('\n');
}

}  // namespace

std::string BlockText(Node root) {
  std::string out;
  if (root != nullptr) AppendBlocks(root, out);
  return out;
}

RefusalResult DetectRefusalInText(std::string_view raw) {
  RefusalResult r;
  std::vector<std::string> sentences = SplitSentences(raw);
  std::vector<std::string> norms;
  norms.reserve(sentences.size());
  for (const std::string& s : sentences) norms.push_back(text::NfkcLower(s));
  for (size_t i = 0; i < norms.size(); ++i) {
    std::string hit;
    if (IsRefusal(norms[i])) {
      hit = sentences[i];
    } else if (i + 1 < norms.size() && MayHaveSalesTerm(norms[i]) && HasSalesTerm(norms[i]) &&
               !norms[i].ends_with("。") && norms[i].size() < 120 &&
               IsRefusal(norms[i] + norms[i + 1])) {
      // One sentence split across two elements: 「営業目的の」「お問い合わせはご遠慮ください。」
      hit = sentences[i] + sentences[i + 1];
    }
    if (hit.empty()) continue;
    if (hit.size() > 400) hit = text::TruncateUtf16(hit, 200) + "…";
    if (std::find(r.phrases.begin(), r.phrases.end(), hit) == r.phrases.end())
      r.phrases.push_back(hit);
  }
  r.detected = !r.phrases.empty();
  return r;
}

RefusalResult DetectRefusal(Node root) { return DetectRefusalInText(BlockText(root)); }

}  // namespace formsender::engine
