#include "dashboard/i18n.h"

#include <cstdlib>
#include <map>

#include "common/strings.h"

namespace formsender::dashboard {
namespace {

const std::map<std::string_view, std::string_view>& Japanese() {
  static const std::map<std::string_view, std::string_view> kText = {
      {"Overview", "概要"},
      {"Campaign", "キャンペーン"},
      {"Submission", "送信記録"},
      {"Sign in", "ログイン"},
      {"Sign out", "ログアウト"},
      {"Access token", "アクセストークン"},
      {"The token in <data-dir>/keys/dispatcher.token.",
       "<data-dir>/keys/dispatcher.token のトークンを入力してください。"},
      {"Wrong token.", "トークンが違います。"},
      {"Running executions", "実行中のジョブ"},
      {"Execution", "実行 ID"},
      {"Targeting", "ターゲティング"},
      {"Mode", "モード"},
      {"Tasks done", "完了タスク"},
      {"Machine", "マシン"},
      {"Provisioning", "プロビジョニング"},
      {"Preemptions", "プリエンプション"},
      {"Started", "開始"},
      {"ETA", "完了予定"},
      {"Cancel", "キャンセル"},
      {"Cancel all of this targeting", "このターゲティングを全てキャンセル"},
      {"No running executions.", "実行中のジョブはありません。"},
      {"Task queue", "タスクキュー"},
      {"Queue", "キュー"},
      {"Waiting", "待機"},
      {"Oldest waiting (s)", "最古の待ち時間 (秒)"},
      {"Today's sends", "本日の送信"},
      {"Sent", "送信済み"},
      {"Daily limit", "1 日の上限"},
      {"Active", "有効"},
      {"Health", "状態"},
      {"Backend", "バックエンド"},
      {"Status", "ステータス"},
      {"Detail", "詳細"},
      {"Progress today", "本日の進捗"},
      {"Outcomes by hour (JST)", "時間帯別の結果 (JST)"},
      {"Success rate", "成功率"},
      {"Recent failures", "最近の失敗"},
      {"Refusal and CAPTCHA skips", "営業お断り・CAPTCHA によるスキップ"},
      {"Resolved settings", "解決済みの設定"},
      {"Setting", "設定"},
      {"Value", "値"},
      {"Source", "由来"},
      {"Company", "企業"},
      {"Code", "コード"},
      {"Time", "時刻"},
      {"URL", "URL"},
      {"Matched words", "一致した語"},
      {"Field mapping", "フィールド対応"},
      {"Field", "フィールド"},
      {"Label", "ラベル"},
      {"Category", "カテゴリ"},
      {"Score", "スコア"},
      {"Evidence", "根拠"},
      {"Steps", "手順"},
      {"Outcome", "結果"},
      {"Success", "成功"},
      {"Failure", "失敗"},
      {"Pending", "未処理"},
      {"Assigned", "処理中"},
      {"Done", "完了"},
      {"Failed", "失敗"},
      {"Count", "件数"},
      {"Not found.", "見つかりません。"},
      {"Cancel requested.", "キャンセルを要求しました。"},
      {"The form expired; reload the page and try again.",
       "フォームの有効期限が切れました。ページを再読み込みしてやり直してください。"},
      {"Resolving the settings failed", "設定の解決に失敗しました"},
      {"Description", "説明"},
      {"Executions by status (24 h)", "ステータス別の実行 (24 時間)"},
  };
  return kText;
}

}  // namespace

std::string CookieValue(const HttpRequest& request, std::string_view name) {
  for (const std::string& header : request.headers.GetAll("Cookie")) {
    for (std::string_view part : Split(header, ';')) {
      std::string_view p = Trim(part);
      if (p.size() > name.size() && p.substr(0, name.size()) == name && p[name.size()] == '=') {
        return std::string(p.substr(name.size() + 1));
      }
    }
  }
  return "";
}

Lang PickLanguage(const HttpRequest& request) {
  std::string chosen = request.QueryParam("lang").value_or("");
  if (chosen.empty()) chosen = CookieValue(request, kLangCookie);
  if (chosen == "ja") return Lang::kJa;
  if (chosen == "en") return Lang::kEn;
  // Accept-Language: the ja or en range with the highest q (ties: the first).
  double best_q = -1;
  Lang best = Lang::kJa;
  for (std::string_view range : Split(request.headers.Get("Accept-Language").value_or(""), ',')) {
    auto parts = Split(range, ';');
    if (parts.empty()) continue;
    std::string tag = ToLowerAscii(Trim(parts[0]));
    double q = 1;
    for (size_t i = 1; i < parts.size(); ++i) {
      std::string_view p = Trim(parts[i]);
      if (p.starts_with("q=")) q = std::atof(std::string(p.substr(2)).c_str());
    }
    std::optional<Lang> lang;
    if (tag == "ja" || tag.starts_with("ja-")) lang = Lang::kJa;
    if (tag == "en" || tag.starts_with("en-")) lang = Lang::kEn;
    if (lang && q > best_q) {
      best_q = q;
      best = *lang;
    }
  }
  return best;
}

std::string_view LangCode(Lang lang) { return lang == Lang::kJa ? "ja" : "en"; }

std::string_view Tr(Lang lang, std::string_view key) {
  if (lang == Lang::kEn) return key;
  auto it = Japanese().find(key);
  return it == Japanese().end() ? key : it->second;
}

}  // namespace formsender::dashboard
