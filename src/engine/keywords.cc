#include "engine/keywords.h"

namespace formsender::engine {

const std::vector<Keyword>& LabelKeywords() {
  static const std::vector<Keyword> kWords = {
      // company
      {"company", "会社名", 3}, {"company", "貴社名", 3}, {"company", "御社名", 3},
      {"company", "企業名", 3}, {"company", "法人名", 3}, {"company", "団体名", 3},
      {"company", "組織名", 3}, {"company", "社名", 3}, {"company", "会社", 2},
      {"company", "企業", 2}, {"company", "法人", 2}, {"company", "団体", 2},
      {"company", "組織", 2}, {"company", "屋号", 3}, {"company", "事業者名", 3},
      {"company", "事業所名", 3}, {"company", "店舗名", 2}, {"company", "所属", 2},
      {"company", "勤務先", 3}, {"company", "company name", 4}, {"company", "company", 3},
      {"company", "organization", 3}, {"company", "corporation", 2}, {"company", "医院名", 2},
      {"company", "病院名", 2}, {"company", "施設名", 2}, {"company", "学校名", 2},
      {"company", "貴社", 2}, {"company", "御社", 2},
      // person name
      {"name", "氏名", 3}, {"name", "お名前", 3}, {"name", "名前", 3}, {"name", "ご氏名", 3},
      {"name", "担当者名", 3}, {"name", "担当者", 2}, {"name", "姓名", 3},
      {"name", "フルネーム", 3}, {"name", "full name", 4}, {"name", "your name", 4},
      {"name", "name", 2}, {"name", "ご芳名", 3}, {"name", "お名まえ", 3}, {"name", "代表者名", 2},
      // email
      {"email", "メールアドレス", 3}, {"email", "メール", 3}, {"email", "e-mail", 3},
      {"email", "email", 3}, {"email", "mail address", 4}, {"email", "mail", 2},
      {"email", "eメール", 3}, {"email", "アドレス", 1},
      // phone / fax
      {"phone", "電話番号", 3}, {"phone", "電話", 3}, {"phone", "tel", 3}, {"phone", "phone", 3},
      {"phone", "携帯", 2}, {"phone", "連絡先", 1}, {"phone", "telephone", 3},
      {"phone", "携帯番号", 3}, {"phone", "ご連絡先番号", 3},
      {"fax", "fax", 4}, {"fax", "ファックス", 4}, {"fax", "ファクス", 4}, {"fax", "ファクシミリ", 4},
      // postal address
      {"postal", "郵便番号", 4}, {"postal", "〒", 3}, {"postal", "郵便", 2}, {"postal", "zip", 3},
      {"postal", "postal", 3}, {"postal", "postcode", 3}, {"postal", "post code", 3},
      {"prefecture", "都道府県", 4}, {"prefecture", "prefecture", 3}, {"prefecture", "県名", 2},
      {"city", "市区町村", 4}, {"city", "市町村", 4}, {"city", "市区郡", 4}, {"city", "市区", 3},
      {"city", "city", 3}, {"city", "市・区", 3},
      {"town", "町名", 3}, {"town", "町域", 3}, {"town", "町・丁目", 3},
      {"street", "番地", 4}, {"street", "丁目", 3}, {"street", "street", 3}, {"street", "地番", 2},
      {"building", "建物名", 4}, {"building", "建物", 4}, {"building", "ビル名", 4},
      {"building", "マンション名", 4}, {"building", "ビル", 2}, {"building", "マンション", 2},
      {"building", "部屋番号", 4}, {"building", "号室", 3}, {"building", "building", 3},
      {"address", "住所", 3}, {"address", "ご住所", 3}, {"address", "所在地", 3},
      {"address", "address", 3}, {"address", "所在", 2},
      // web site
      {"url", "url", 3}, {"url", "ホームページ", 3}, {"url", "ウェブサイト", 3},
      {"url", "webサイト", 3}, {"url", "website", 3}, {"url", "サイト", 2},
      {"url", "homepage", 3}, {"url", "web", 2},
      // subject and message
      {"subject", "件名", 4}, {"subject", "題名", 4}, {"subject", "タイトル", 2},
      {"subject", "表題", 3}, {"subject", "subject", 4},
      {"message", "お問い合わせ内容", 4}, {"message", "お問合せ内容", 4},
      {"message", "お問い合せ内容", 4}, {"message", "お問合わせ内容", 4},
      {"message", "問い合わせ内容", 4}, {"message", "ご相談内容", 4}, {"message", "ご質問内容", 4},
      {"message", "ご依頼内容", 3}, {"message", "ご用件内容", 4}, {"message", "内容", 3},
      {"message", "本文", 3}, {"message", "メッセージ", 3}, {"message", "ご質問", 3},
      {"message", "ご相談", 3}, {"message", "ご要望", 3}, {"message", "ご意見", 3},
      {"message", "詳細", 2}, {"message", "備考", 2}, {"message", "お問い合わせ", 2},
      {"message", "問い合わせ", 2}, {"message", "お問合せ", 2}, {"message", "問合せ", 2},
      {"message", "comment", 3}, {"message", "message", 3}, {"message", "inquiry", 2},
      {"message", "コメント", 3}, {"message", "自由記入", 3}, {"message", "ご用件", 2},
      {"message", "your message", 4}, {"message", "お問合わせ", 2}, {"message", "ご連絡事項", 3},
      // company details
      {"department", "部署名", 4}, {"department", "部署", 4}, {"department", "部門", 3},
      {"department", "所属部署", 5}, {"department", "department", 4}, {"department", "division", 3},
      {"position", "役職", 4}, {"position", "役職名", 4}, {"position", "職位", 4},
      {"position", "肩書", 4}, {"position", "position", 4}, {"position", "job title", 4},
      // choices
      {"inquiry_type", "お問い合わせ種別", 5}, {"inquiry_type", "お問い合わせの種類", 5},
      {"inquiry_type", "お問い合わせ項目", 5}, {"inquiry_type", "問い合わせ種別", 5},
      {"inquiry_type", "お問合せ種別", 5}, {"inquiry_type", "お問い合わせ区分", 5},
      {"inquiry_type", "お問合せ項目", 5}, {"inquiry_type", "種別", 3}, {"inquiry_type", "種類", 2},
      {"inquiry_type", "項目", 2}, {"inquiry_type", "区分", 2}, {"inquiry_type", "カテゴリ", 3},
      {"inquiry_type", "ご用件", 3}, {"inquiry_type", "用件", 3}, {"inquiry_type", "目的", 2},
      {"inquiry_type", "category", 3}, {"inquiry_type", "topic", 3},
      {"inquiry_type", "inquiry type", 4}, {"inquiry_type", "について", 1},
      {"gender", "性別", 5}, {"gender", "gender", 5}, {"gender", "sex", 3},
      {"age", "年齢", 5}, {"age", "年代", 5}, {"age", "ご年齢", 5}, {"age", "age", 3},
      {"birthday", "生年月日", 5}, {"birthday", "誕生日", 5},
      {"industry", "業種", 5}, {"industry", "業界", 4}, {"industry", "industry", 4},
      {"employees", "従業員数", 5}, {"employees", "従業員", 4}, {"employees", "社員数", 5},
      {"employees", "企業規模", 4}, {"employees", "employees", 4},
      {"how_found", "きっかけ", 5}, {"how_found", "知った", 4}, {"how_found", "何で知り", 5},
      {"how_found", "ご覧になった", 4}, {"how_found", "知りになった", 5},
      {"how_found", "how did you", 4}, {"how_found", "経路", 2},
      {"consent", "同意", 5}, {"consent", "個人情報", 3}, {"consent", "プライバシー", 3},
      {"consent", "規約", 3}, {"consent", "agree", 5}, {"consent", "consent", 5},
      {"consent", "privacy", 3}, {"consent", "承諾", 4}, {"consent", "了承", 4},
      {"contact_method", "連絡方法", 5}, {"contact_method", "ご連絡方法", 5},
      {"contact_method", "連絡手段", 5}, {"contact_method", "希望連絡", 4},
      {"contact_method", "返信方法", 4}, {"contact_method", "ご希望の連絡", 5},
      {"contact_method", "contact method", 5}, {"contact_method", "連絡希望", 4},
      {"captcha", "画像認証", 6}, {"captcha", "認証コード", 5}, {"captcha", "画像の文字", 6},
      {"captcha", "表示されている文字", 6}, {"captcha", "表示された文字", 6},
      {"captcha", "画像に表示", 6}, {"captcha", "captcha", 6}, {"captcha", "キャプチャ", 6},
      {"captcha", "セキュリティコード", 5}, {"captcha", "スパム防止", 5}, {"captcha", "認証文字", 6},
      {"captcha", "上の文字", 5}, {"captcha", "計算結果", 5}, {"captcha", "答えを", 4},
      {"newsletter", "メルマガ", 5}, {"newsletter", "メールマガジン", 5},
      {"newsletter", "ニュースレター", 5}, {"newsletter", "newsletter", 5},
      {"newsletter", "配信を希望", 4}, {"newsletter", "お知らせメール", 4},
      {"newsletter", "最新情報", 3}, {"newsletter", "案内を受け取", 4},
      {"schedule", "希望日", 4}, {"schedule", "日時", 4}, {"schedule", "来店", 3},
      {"schedule", "予約", 3}, {"schedule", "予定日", 4}, {"schedule", "日程", 4},
      {"budget", "予算", 4}, {"budget", "ご予算", 4},
      {"attachment", "添付", 4},
  };
  return kWords;
}

const std::vector<Keyword>& TokenKeywords() {
  static const std::vector<Keyword> kTokens = {
      {"company", "company", 3}, {"company", "corp", 3}, {"company", "corporate", 3},
      {"company", "corporation", 3}, {"company", "organization", 3}, {"company", "organisation", 3},
      {"company", "org", 2}, {"company", "kaisha", 3}, {"company", "kaisya", 3},
      {"company", "kigyo", 3}, {"company", "kigyou", 3}, {"company", "houjin", 3},
      {"company", "hojin", 3}, {"company", "firm", 2}, {"company", "shamei", 3},
      {"company", "syamei", 3}, {"company", "affiliation", 2}, {"company", "shozoku", 2},
      {"company", "syozoku", 2}, {"company", "soshiki", 2}, {"company", "cname", 2},
      {"company", "comp", 2}, {"company", "kaishamei", 3},
      {"name", "name", 2}, {"name", "fullname", 3}, {"name", "onamae", 3}, {"name", "namae", 3},
      {"name", "shimei", 3}, {"name", "simei", 3}, {"name", "yourname", 3},
      {"name", "contactname", 3}, {"name", "sei", 2}, {"name", "mei", 2}, {"name", "lastname", 3},
      {"name", "firstname", 3}, {"name", "familyname", 3}, {"name", "givenname", 3},
      {"name", "surname", 3}, {"name", "lname", 2}, {"name", "fname", 2}, {"name", "tantou", 2},
      {"name", "tantousha", 3}, {"name", "simei", 3},
      {"email", "email", 3}, {"email", "mail", 3}, {"email", "mailaddress", 3},
      {"email", "emailaddress", 3}, {"email", "mailaddr", 3}, {"email", "mailad", 2},
      {"email", "mailadd", 2}, {"email", "emailaddr", 3},
      {"phone", "tel", 3}, {"phone", "phone", 3}, {"phone", "telephone", 3},
      {"phone", "denwa", 3}, {"phone", "mobile", 2}, {"phone", "keitai", 2},
      {"phone", "phonenumber", 3}, {"phone", "telno", 3}, {"phone", "tell", 2},
      {"fax", "fax", 4},
      {"postal", "zip", 3}, {"postal", "zipcode", 3}, {"postal", "postal", 3},
      {"postal", "postcode", 3}, {"postal", "postalcode", 3}, {"postal", "yubin", 3},
      {"postal", "yuubin", 3}, {"postal", "yubinbango", 3}, {"postal", "post", 1},
      {"postal", "zip1", 3}, {"postal", "zip2", 3},
      {"prefecture", "pref", 3}, {"prefecture", "prefecture", 3}, {"prefecture", "todofuken", 3},
      {"prefecture", "todouhuken", 3}, {"prefecture", "region", 2}, {"prefecture", "ken", 1},
      {"city", "city", 3}, {"city", "locality", 3}, {"city", "shikuchoson", 3},
      {"city", "shiku", 2},
      {"street", "street", 3}, {"street", "banchi", 3},
      {"building", "building", 3}, {"building", "tatemono", 3}, {"building", "bldg", 3},
      {"building", "extended", 2}, {"building", "room", 2}, {"building", "apartment", 2},
      {"address", "address", 3}, {"address", "addr", 3}, {"address", "jusho", 3},
      {"address", "juusho", 3}, {"address", "jyusho", 3}, {"address", "jyusyo", 3},
      {"address", "juusyo", 3}, {"address", "location", 1}, {"address", "shozaichi", 3},
      {"address", "adress", 3}, {"address", "adrs", 3},
      {"url", "url", 3}, {"url", "website", 3}, {"url", "homepage", 3}, {"url", "hp", 2},
      {"url", "web", 2}, {"url", "site", 2}, {"url", "weburl", 3}, {"url", "siteurl", 3},
      {"subject", "subject", 3}, {"subject", "title", 2}, {"subject", "kenmei", 3},
      {"message", "message", 3}, {"message", "body", 3}, {"message", "content", 3},
      {"message", "contents", 3}, {"message", "comment", 3}, {"message", "comments", 3},
      {"message", "inquiry", 2}, {"message", "naiyou", 3}, {"message", "naiyo", 3},
      {"message", "honbun", 3}, {"message", "detail", 2}, {"message", "details", 2},
      {"message", "note", 2}, {"message", "notes", 2}, {"message", "toiawase", 2},
      {"message", "otoiawase", 2}, {"message", "question", 2}, {"message", "request", 2},
      {"message", "msg", 3}, {"message", "remarks", 2}, {"message", "memo", 2},
      {"message", "enquiry", 2}, {"message", "inq", 2}, {"message", "textarea", 1},
      {"department", "department", 3}, {"department", "dept", 3}, {"department", "busho", 3},
      {"department", "busyo", 3}, {"department", "division", 3}, {"department", "section", 2},
      {"department", "bumon", 3},
      {"position", "position", 3}, {"position", "yakushoku", 3}, {"position", "jobtitle", 3},
      {"position", "yakusyoku", 3},
      {"inquiry_type", "type", 2}, {"inquiry_type", "category", 3}, {"inquiry_type", "kind", 2},
      {"inquiry_type", "syubetsu", 3}, {"inquiry_type", "shubetsu", 3},
      {"inquiry_type", "youken", 3}, {"inquiry_type", "yoken", 3},
      {"inquiry_type", "purpose", 3}, {"inquiry_type", "genre", 2}, {"inquiry_type", "topic", 2},
      {"gender", "gender", 4}, {"gender", "sex", 4}, {"gender", "seibetsu", 4},
      {"age", "age", 3}, {"age", "nenrei", 3}, {"age", "nendai", 3},
      {"industry", "industry", 4}, {"industry", "gyoshu", 4}, {"industry", "gyousyu", 4},
      {"industry", "gyosyu", 4},
      {"employees", "employees", 3}, {"employees", "employee", 3}, {"employees", "jugyoin", 3},
      {"how_found", "referrer", 3}, {"how_found", "kikkake", 4}, {"how_found", "media", 1},
      {"consent", "agree", 4}, {"consent", "agreement", 4}, {"consent", "consent", 4},
      {"consent", "privacy", 3}, {"consent", "policy", 2}, {"consent", "acceptance", 4},
      {"consent", "doui", 4}, {"consent", "terms", 2},
      {"contact_method", "renraku", 2}, {"contact_method", "method", 2},
      {"captcha", "captcha", 6}, {"captcha", "quiz", 5}, {"captcha", "securitycode", 5},
      {"captcha", "authcode", 5}, {"captcha", "verification", 3}, {"captcha", "challenge", 3},
      {"captcha", "siwp", 4},
      {"newsletter", "newsletter", 5}, {"newsletter", "mailmag", 5}, {"newsletter", "merumaga", 5},
      {"newsletter", "magazine", 3}, {"newsletter", "subscribe", 4},
  };
  return kTokens;
}

std::string_view AutocompleteTopic(std::string_view t) {
  if (t == "organization") return "company";
  if (t == "name") return "name";
  if (t == "family-name") return "name";
  if (t == "given-name") return "name";
  if (t == "email") return "email";
  if (t == "tel" || t == "tel-national" || t == "tel-area-code" || t == "tel-local" ||
      t == "tel-local-prefix" || t == "tel-local-suffix") {
    return "phone";
  }
  if (t == "postal-code") return "postal";
  if (t == "address-level1") return "prefecture";
  if (t == "address-level2") return "city";
  if (t == "address-line1") return "street";
  if (t == "address-line2" || t == "address-line3") return "building";
  if (t == "street-address") return "address";
  if (t == "url") return "url";
  if (t == "organization-title") return "position";
  if (t == "sex") return "gender";
  if (t == "bday") return "birthday";
  return "";
}

const std::vector<std::string_view>& Prefectures() {
  static const std::vector<std::string_view> kPrefs = {
      "北海道", "青森県", "岩手県", "宮城県", "秋田県", "山形県", "福島県", "茨城県", "栃木県", "群馬県",
      "埼玉県", "千葉県", "東京都", "神奈川県", "新潟県", "富山県", "石川県", "福井県", "山梨県", "長野県",
      "岐阜県", "静岡県", "愛知県", "三重県", "滋賀県", "京都府", "大阪府", "兵庫県", "奈良県", "和歌山県",
      "鳥取県", "島根県", "岡山県", "広島県", "山口県", "徳島県", "香川県", "愛媛県", "高知県", "福岡県",
      "佐賀県", "長崎県", "熊本県", "大分県", "宮崎県", "鹿児島県", "沖縄県"};
  return kPrefs;
}

}  // namespace formsender::engine
