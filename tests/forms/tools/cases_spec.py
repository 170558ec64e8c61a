"""Pages modelled on form-engine-cases.md (A-xx), with the corrected expectations."""
from chrome import corp
from cases_static import THANKS, direct_site
from lib import Case, F


def spec_case(name, description, form, fields, **kwargs):
    return Case(name, "spec_cases", description, "/contact/",
                {"contact/index.html": corp(name, "お問い合わせ", form),
                 "contact/thanks.html": corp(name, "送信完了", THANKS)},
                direct_site(fields, **kwargs.pop("site", {})), fields, **kwargs)


# name1/name2 and kana1/kana2 under a th label each.
spec_case("spec-indexed-names", "お名前 with name1/name2 and フリガナ with kana1/kana2 in one "
          "table cell each (form-engine case A-18).", """<form action="/contact/send.php" method="post"><table>
<tr><th>お名前</th><td><input type="text" name="name1"><input type="text" name="name2"></td></tr>
<tr><th>フリガナ</th><td><input type="text" name="kana1"><input type="text" name="kana2"></td></tr>
<tr><th>メール</th><td><input type="email" name="email"></td></tr>
<tr><th>内容</th><td><textarea name="body"></textarea></td></tr>
</table><button type="submit">送信</button></form>""", [
    F("name1", "last_name"), F("name2", "first_name"),
    F("kana1", "last_name_kana", kana_script="katakana"),
    F("kana2", "first_name_kana", kana_script="katakana"),
    F("email", "email"), F("body", "message")])

# array names name[0]/name[1], kana[0]/kana[1] with placeholders.
spec_case("spec-array-names", "Array names name[0]/name[1] (placeholders 姓/名) and "
          "kana[0]/kana[1] (セイ/メイ) (form-engine case A-19).", """<form action="/contact/send.php" method="post">
<p>お名前 <input type="text" name="name[0]" placeholder="姓"><input type="text" name="name[1]" placeholder="名"></p>
<p>フリガナ <input type="text" name="kana[0]" placeholder="セイ"><input type="text" name="kana[1]" placeholder="メイ"></p>
<p>メール <input type="email" name="email"></p><p>内容 <textarea name="body"></textarea></p>
<button type="submit">送信</button></form>""", [
    F("name[0]", "last_name"), F("name[1]", "first_name"),
    F("kana[0]", "last_name_kana", kana_script="katakana"),
    F("kana[1]", "first_name_kana", kana_script="katakana"),
    F("email", "email"), F("body", "message")])

# one postal field with a hyphen example, prefecture codes, city / street / building.
spec_case("spec-address-parts", "A single postal field (placeholder 123-4567), a prefecture "
          "select with codes, and 市区町村 / 番地 / 建物名 inputs: 建物名 gets the building, never a "
          "name (form-engine case A-22).", """<form action="/contact/send.php" method="post"><table>
<tr><th>郵便番号</th><td><input type="text" name="zipcode" placeholder="123-4567"></td></tr>
<tr><th>都道府県</th><td><select name="pref"><option value="">選択</option><option value="13">東京都</option><option value="14">神奈川県</option><option value="27">大阪府</option><option value="1">北海道</option><option value="40">福岡県</option></select></td></tr>
<tr><th>市区町村</th><td><input type="text" name="city"></td></tr><tr><th>番地</th><td><input type="text" name="street"></td></tr>
<tr><th>建物名</th><td><input type="text" name="building"></td></tr><tr><th>メール</th><td><input type="email" name="email"></td></tr>
<tr><th>内容</th><td><textarea name="body"></textarea></td></tr></table><button type="submit">送信</button></form>""", [
    F("zipcode", "postal_code"), F("pref", "prefecture", value="13"), F("city", "city"),
    F("street", "address_line", part="street"), F("building", "address_line", part="building"),
    F("email", "email"), F("body", "message")])

# 法人/個人 radio and a preferred-contact checkbox group without ids.
spec_case("spec-kubun-contact-method", "A 区分 radio (個人/法人) and ご希望の連絡方法 "
          "checkboxes without ids: 法人 and メール must be the boxes checked, not the first ones "
          "(form-engine case A-25).", """<form action="/contact/send.php" method="post"><p>区分 <label><input type="radio" name="kubun" value="個人">個人</label><label><input type="radio" name="kubun" value="法人">法人</label></p>
<p>ご希望の連絡方法 <label><input type="checkbox" name="contact_method[]" value="電話">電話</label><label><input type="checkbox" name="contact_method[]" value="メール">メール</label></p>
<p>お名前 <input type="text" name="name"></p><p>メール <input type="email" name="email"></p><p>内容 <textarea name="body"></textarea></p><button type="submit">送信</button></form>""", [
    F("kubun", "other", value="法人"), F("contact_method[]", "contact_method", value=["メール"]),
    F("name", "full_name"), F("email", "email"), F("body", "message")])

# a required select with a dummy first option.
spec_case("spec-required-select", "A required ご用件 select whose first option is "
          "「--- 選択してください ---」: 営業のご提案 is the honest choice (form-engine case A-27).",
          """<form action="/contact/send.php" method="post"><p>ご用件 <select name="youken" required><option value="">--- 選択してください ---</option><option value="a">製品について</option><option value="b">営業のご提案</option><option value="c">その他</option></select></p>
<p>お名前 <input type="text" name="name"></p><p>メール <input type="email" name="email"></p><p>内容 <textarea name="body"></textarea></p><button type="submit">確認する</button></form>""", [
    F("youken", "inquiry_type", True, value="b", rule={"one_of": ["a", "b", "c"]}),
    F("name", "full_name"), F("email", "email"), F("body", "message")])

# prefecture as a text input next to an address input.
spec_case("spec-pref-text-input", "都道府県 as a text input followed by ご住所: the address "
          "must not repeat the prefecture (form-engine case A-38).", """<form action="/contact/send.php" method="post"><p><label for="p">都道府県</label><input id="p" name="pref" type="text"></p><p><label for="a">ご住所</label><input id="a" name="address" type="text"></p>
<p><label for="n">お名前</label><input id="n" name="name" type="text"></p><p><label for="e">メール</label><input id="e" name="email" type="email"></p><p><label for="m">内容</label><textarea id="m" name="message"></textarea></p><button type="submit">送信</button></form>""", [
    F("pref", "prefecture"), F("address", "address", part="after_prefecture"),
    F("name", "full_name"), F("email", "email"), F("message", "message")])

# generic names f1…f6 in a dl, bare ふりがな (katakana by design).
spec_case("spec-dl-generic-names", "dl/dt/dd with generic names f1…f6: 貴社名, ご担当者名, a bare "
          "ふりがな label (katakana, form-engine case A-03/A-37), E-mail, 電話番号, ご用件.",
          """<form action="/contact/send.php" method="post"><dl>
<dt>貴社名 <span>※必須</span></dt><dd><input type="text" name="f1"></dd>
<dt>ご担当者名 <span>※必須</span></dt><dd><input type="text" name="f2"></dd>
<dt>ふりがな</dt><dd><input type="text" name="f3"></dd>
<dt>E-mail <span>※必須</span></dt><dd><input type="text" name="f4"></dd>
<dt>電話番号</dt><dd><input type="text" name="f5"></dd>
<dt>ご用件</dt><dd><textarea name="f6"></textarea></dd>
</dl><button type="submit">送信</button></form>""", [
    F("f1", "company_name", True), F("f2", "full_name", True),
    F("f3", "full_name_kana", kana_script="katakana"), F("f4", "email", True),
    F("f5", "phone"), F("f6", "message")])

# no textarea at all: nowhere to put the message.
Case("spec-no-message-area", "spec_cases", "Name, email and phone only, no textarea and no "
     "message field (form-engine case A-15): sending would deliver no message, so it is skipped "
     "with the reference's NO_MESSAGE_AREA (the runner then excludes the company).", "/contact/",
     {"contact/index.html": corp("spec-no-message-area", "資料請求", """<form action="/contact/send.php" method="post"><label for="n">お名前</label><input id="n" type="text" name="name"><label for="e">メールアドレス</label><input id="e" type="email" name="email">
<label for="t">電話番号</label><input id="t" type="tel" name="tel"><button type="submit">送信</button></form>"""),
      "contact/thanks.html": corp("spec-no-message-area", "送信完了", THANKS)},
     direct_site([F("name", "full_name"), F("email", "email"), F("tel", "phone")]), [],
     verdict="not_a_contact_form", outcome="skipped", code="NO_MESSAGE_AREA")
