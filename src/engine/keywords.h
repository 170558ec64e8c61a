#pragma once
// The vocabulary of Japanese (and English) contact forms: which words in a label, a
// placeholder or a name attribute point to which topic, and how strongly (1 weak … 5
// decisive). Words are compared after NFKC and lower-casing.

#include <initializer_list>
#include <string_view>
#include <vector>

namespace formsender::engine {

struct Keyword {
  std::string_view topic;
  std::string_view word;
  int strength;
};

// Words found inside label, placeholder and title texts (substring match).
const std::vector<Keyword>& LabelKeywords();
// Words matched against name/id/class tokens (whole token, or substring for words of 5+
// letters inside the joined attribute).
const std::vector<Keyword>& TokenKeywords();
// autocomplete tokens (HTML autofill detail) → topic.
std::string_view AutocompleteTopic(std::string_view token);

// Modifier and role vocabularies.
inline constexpr std::string_view kKanaWords[] = {
    "フリガナ", "ふりがな", "カナ", "かな",     "カタカナ", "ひらがな", "よみがな", "読み仮名",
    "読み",     "よみ",     "kana", "furigana", "ルビ",     "るび",     "セイ",     "メイ"};
inline constexpr std::string_view kKanaTokens[] = {
    "kana", "furigana", "furi", "hurigana", "yomi", "katakana", "hiragana", "ruby", "phonetic"};
inline constexpr std::string_view kConfirmWords[] = {
    "確認",  "再入力",   "再度",   "もう一度", "もう1度",  "再確認", "confirm",
    "again", "re-enter", "retype", "verify",   "念のため", "再送信"};
inline constexpr std::string_view kConfirmTokens[] = {
    "confirm", "conf",   "confirmation", "check",   "chk", "again",
    "re",      "retype", "verify",       "kakunin", "cfm", "repeat"};
inline constexpr std::string_view kLastRoleWords[] = {
    "姓", "苗字", "名字", "せい", "セイ", "last name", "family name", "surname", "last"};
inline constexpr std::string_view kFirstRoleWords[] = {"名",         "めい",  "メイ", "first name",
                                                       "given name", "first", "given"};
inline constexpr std::string_view kLastRoleTokens[] = {
    "sei",     "last",  "lastname", "family", "familyname",
    "surname", "lname", "myoji",    "sur",    "family_name"};
inline constexpr std::string_view kFirstRoleTokens[] = {"mei",       "first", "firstname", "given",
                                                        "givenname", "fname", "forename"};
// Example names forms put in placeholders.
inline constexpr std::string_view kLastExamples[] = {
    "山田",   "田中",   "佐藤",   "鈴木",   "高橋",   "ヤマダ", "タナカ",
    "サトウ", "スズキ", "やまだ", "たなか", "さとう", "すずき", "yamada"};
inline constexpr std::string_view kFirstExamples[] = {"太郎",   "花子",     "一郎",     "次郎",
                                                      "タロウ", "ハナコ",   "イチロウ", "たろう",
                                                      "はなこ", "いちろう", "taro",     "hanako"};

// The 47 prefectures, in JIS order.
const std::vector<std::string_view>& Prefectures();

// True when `text` contains one of `words` (an empty word never matches).
bool ContainsAny(std::string_view text, std::initializer_list<std::string_view> words);

}  // namespace formsender::engine
