"""WordPress + MW WP Form sites (input → 確認画面 → 送信 → complete page)."""
from chrome import wp
from kit import mw_form, mw_site
from lib import Case, F

REQ = '<span class="hissu">必須</span>'


def mw_pages(name, title, rows, confirm_rows, intro="", theme="lightning", form_id=231,
             complete_text=None):
    input_html = mw_form(f"""<table class="form-table">
{rows}
</table>
<div class="btn-area"><input type="submit" name="submitConfirm" value="入力内容を確認する" class="btn-confirm" /></div>""",
                         form_id)
    confirm_html = mw_form(f"""<p class="confirm-lead">以下の内容で送信してよろしいですか？</p>
<table class="form-table">
{confirm_rows}
</table>
{{{{hidden_all}}}}
<div class="btn-area"><input type="submit" name="submitBack" value="戻る" class="btn-back" /> <input type="submit" name="submit" value="送信する" class="btn-send" /></div>""",
                           form_id, screen="confirm")
    complete_html = f"""<div id="mw_wp_form_mw-wp-form-{form_id}" class="mw_wp_form mw_wp_form_complete">
<p>{complete_text or 'お問い合わせいただき、誠にありがとうございました。<br />内容を確認のうえ、担当者より2〜3営業日以内にご連絡いたします。'}</p>
<!-- end .mw_wp_form --></div>"""
    return {
        "contact.html": wp(name, title, intro + input_html, theme=theme),
        "confirm.html": wp(name, title, confirm_html, theme=theme),
        "complete.html": wp(name, "送信完了", complete_html, theme=theme),
    }


# 1. The usual MW WP Form: romaji field names, table rows, confirmation screen.
name = "mw-confirm-basic"
fields = [
    F("kaisha", "company_name", label="会社名"),
    F("onamae", "full_name", True, label="お名前"),
    F("furigana", "full_name_kana", True, kana_script="katakana", label="フリガナ"),
    F("email", "email", True, label="メールアドレス"),
    F("tel", "phone", label="電話番号"),
    F("naiyou", "message", True, label="お問い合わせ内容"),
]
rows = f"""<tr><th>会社名</th><td><input type="text" name="kaisha" size="60" value="{{{{value:kaisha}}}}" /></td></tr>
<tr><th>お名前{REQ}</th><td><input type="text" name="onamae" size="60" value="{{{{value:onamae}}}}" />{{{{error:onamae}}}}</td></tr>
<tr><th>フリガナ{REQ}</th><td><input type="text" name="furigana" size="60" value="{{{{value:furigana}}}}" />{{{{error:furigana}}}}</td></tr>
<tr><th>メールアドレス{REQ}</th><td><input type="email" name="email" size="60" value="{{{{value:email}}}}" />{{{{error:email}}}}</td></tr>
<tr><th>電話番号</th><td><input type="text" name="tel" size="30" value="{{{{value:tel}}}}" /></td></tr>
<tr><th>お問い合わせ内容{REQ}</th><td><textarea name="naiyou" cols="50" rows="8">{{{{value:naiyou}}}}</textarea>{{{{error:naiyou}}}}</td></tr>"""
confirm_rows = """<tr><th>会社名</th><td>{{value:kaisha}}</td></tr>
<tr><th>お名前</th><td>{{value:onamae}}</td></tr>
<tr><th>フリガナ</th><td>{{value:furigana}}</td></tr>
<tr><th>メールアドレス</th><td>{{value:email}}</td></tr>
<tr><th>電話番号</th><td>{{value:tel}}</td></tr>
<tr><th>お問い合わせ内容</th><td>{{value_br:naiyou}}</td></tr>"""
Case(name, "mw_wp_form", "MW WP Form with a confirmation screen (submitConfirm → submit), "
     "WordPress nonce token bound to the session, values echoed as hidden inputs.",
     "/contact/", mw_pages(name, "お問い合わせ", rows, confirm_rows,
                           intro="<p>下記フォームに必要事項をご入力のうえ、「入力内容を確認する」ボタンを押してください。</p>\n"),
     mw_site(231, fields), fields, confirm_page="confirm.html", final_button="submit")

# 2. yubinbango address completion classes, split 姓/名 and hiragana せい/めい.
name = "mw-yubinbango-split"
fields = [
    F("company", "company_name", label="会社名"),
    F("name_sei", "last_name", True, label="お名前（姓）"),
    F("name_mei", "first_name", True, label="お名前（名）"),
    F("kana_sei", "last_name_kana", True, kana_script="hiragana", label="ふりがな（せい）"),
    F("kana_mei", "first_name_kana", True, kana_script="hiragana", label="ふりがな（めい）"),
    F("zip", "postal_code", label="郵便番号"),
    F("pref", "prefecture", value="東京都", label="都道府県"),
    F("address", "address", part="after_prefecture", label="市区町村・番地"),
    F("email", "email", True, label="メールアドレス"),
    F("tel", "phone", True, label="電話番号"),
    F("inquiry", "message", True, label="お問い合わせ内容"),
]
pref_opts = "".join(f'<option value="{p}">{p}</option>' for p in
                    ["北海道", "青森県", "宮城県", "埼玉県", "千葉県", "東京都", "神奈川県", "愛知県",
                     "京都府", "大阪府", "兵庫県", "広島県", "福岡県", "沖縄県"])
rows = f"""<tr><th>会社名</th><td><input type="text" name="company" size="60" value="{{{{value:company}}}}" /></td></tr>
<tr><th>お名前{REQ}</th><td>姓 <input type="text" name="name_sei" size="20" value="{{{{value:name_sei}}}}" /> 名 <input type="text" name="name_mei" size="20" value="{{{{value:name_mei}}}}" />{{{{error:name_sei}}}}{{{{error:name_mei}}}}</td></tr>
<tr><th>ふりがな{REQ}</th><td>せい <input type="text" name="kana_sei" size="20" placeholder="やまだ" value="{{{{value:kana_sei}}}}" /> めい <input type="text" name="kana_mei" size="20" placeholder="はなこ" value="{{{{value:kana_mei}}}}" />{{{{error:kana_sei}}}}</td></tr>
<tr><th>郵便番号</th><td><span class="p-country-name" style="display:none;">Japan</span>〒 <input type="text" name="zip" size="10" class="p-postal-code" maxlength="8" placeholder="000-0000" value="{{{{value:zip}}}}" /> <span class="small">入力すると住所が自動で入ります</span></td></tr>
<tr><th>都道府県</th><td><select name="pref" class="p-region"><option value="">選択してください</option>{pref_opts}</select></td></tr>
<tr><th>市区町村・番地</th><td><input type="text" name="address" size="60" class="p-locality p-street-address p-extended-address" value="{{{{value:address}}}}" /></td></tr>
<tr><th>メールアドレス{REQ}</th><td><input type="email" name="email" size="60" value="{{{{value:email}}}}" />{{{{error:email}}}}</td></tr>
<tr><th>電話番号{REQ}</th><td><input type="text" name="tel" size="30" value="{{{{value:tel}}}}" />{{{{error:tel}}}}</td></tr>
<tr><th>お問い合わせ内容{REQ}</th><td><textarea name="inquiry" cols="50" rows="8">{{{{value:inquiry}}}}</textarea>{{{{error:inquiry}}}}</td></tr>"""
confirm_rows = """<tr><th>会社名</th><td>{{value:company}}</td></tr>
<tr><th>お名前</th><td>{{value:name_sei}} {{value:name_mei}}</td></tr>
<tr><th>ふりがな</th><td>{{value:kana_sei}} {{value:kana_mei}}</td></tr>
<tr><th>ご住所</th><td>〒{{value:zip}} {{value:pref}}{{value:address}}</td></tr>
<tr><th>メールアドレス</th><td>{{value:email}}</td></tr>
<tr><th>電話番号</th><td>{{value:tel}}</td></tr>
<tr><th>お問い合わせ内容</th><td>{{value_br:inquiry}}</td></tr>"""
pages = mw_pages(name, "お問い合わせ", rows, confirm_rows, theme="snow-monkey", form_id=58)
pages["contact.html"] = pages["contact.html"].replace('<form method="post" action=""', '<form method="post" action="" class="h-adr"')
Case(name, "mw_wp_form", "MW WP Form with yubinbango classes (h-adr, p-postal-code, p-region), "
     "split 姓/名 and ふりがな せい/めい in hiragana, confirmation screen.", "/contact/",
     pages, mw_site(58, fields), fields, confirm_page="confirm.html", final_button="submit")

# 3. The refusal notice appears only on the confirmation screen.
name = "mw-refusal-confirm"
fields = [
    F("kaisha", "company_name", label="会社名"),
    F("onamae", "full_name", True, label="お名前"),
    F("email", "email", True, label="メールアドレス"),
    F("naiyou", "message", True, label="お問い合わせ内容"),
]
rows = f"""<tr><th>会社名</th><td><input type="text" name="kaisha" size="60" /></td></tr>
<tr><th>お名前{REQ}</th><td><input type="text" name="onamae" size="60" />{{{{error:onamae}}}}</td></tr>
<tr><th>メールアドレス{REQ}</th><td><input type="email" name="email" size="60" />{{{{error:email}}}}</td></tr>
<tr><th>お問い合わせ内容{REQ}</th><td><textarea name="naiyou" cols="50" rows="8"></textarea>{{{{error:naiyou}}}}</td></tr>"""
confirm_rows = """<tr><th>会社名</th><td>{{value:kaisha}}</td></tr>
<tr><th>お名前</th><td>{{value:onamae}}</td></tr>
<tr><th>メールアドレス</th><td>{{value:email}}</td></tr>
<tr><th>お問い合わせ内容</th><td>{{value_br:naiyou}}</td></tr>
</table>
<div class="attention-box"><p>※営業目的でのご送信はお控えください。営業・勧誘を目的としたご連絡には対応いたしかねます。</p></div>
<table class="form-table">"""
Case(name, "refusal", "The input page is clean; the confirmation screen says 営業目的でのご送信は"
     "お控えください: the refusal must be re-checked before the final click. The confirm step "
     "may happen, the final submission must not.", "/contact/",
     mw_pages(name, "お問い合わせ", rows, confirm_rows, theme="lightning", form_id=97),
     mw_site(97, fields), fields, verdict="prohibited", outcome="skipped",
     code="PROHIBITION_DETECTED", flow="confirm")

# 4. A required checkbox group of inquiry items; the proposal item is the honest choice.
name = "mw-checkbox-items"
items = ["資料請求", "お見積り", "協業・提携のご提案", "その他"]
fields = [
    F("item[data][]", "inquiry_type", True, value=["協業・提携のご提案"], label="お問い合わせ項目",
      rule={"one_of": items}),
    F("company", "company_name", True, label="会社名"),
    F("name", "full_name", True, label="お名前"),
    F("mail", "email", True, label="メールアドレス"),
    F("body", "message", True, label="お問い合わせ内容"),
]
boxes = "\n".join(
    f'<span class="mwform-checkbox-field horizontal-item"><label><input type="checkbox" name="item[data][]" '
    f'value="{i}" /><span class="mwform-checkbox-field-text">{i}</span></label></span>' for i in items)
rows = f"""<tr><th>お問い合わせ項目{REQ}</th><td>{boxes}
<input type="hidden" name="item[separator]" value="," />{{{{error:item[data][]}}}}</td></tr>
<tr><th>会社名{REQ}</th><td><input type="text" name="company" size="60" />{{{{error:company}}}}</td></tr>
<tr><th>お名前{REQ}</th><td><input type="text" name="name" size="60" />{{{{error:name}}}}</td></tr>
<tr><th>メールアドレス{REQ}</th><td><input type="email" name="mail" size="60" />{{{{error:mail}}}}</td></tr>
<tr><th>お問い合わせ内容{REQ}</th><td><textarea name="body" cols="50" rows="8"></textarea>{{{{error:body}}}}</td></tr>"""
confirm_rows = """<tr><th>お問い合わせ項目</th><td>{{value:item[data][]}}</td></tr>
<tr><th>会社名</th><td>{{value:company}}</td></tr>
<tr><th>お名前</th><td>{{value:name}}</td></tr>
<tr><th>メールアドレス</th><td>{{value:mail}}</td></tr>
<tr><th>お問い合わせ内容</th><td>{{value_br:body}}</td></tr>"""
Case(name, "mw_wp_form", "MW WP Form with a required checkbox group of inquiry items "
     "(資料請求, お見積り, 協業・提携のご提案, その他): exactly the proposal item is checked.",
     "/contact/", mw_pages(name, "お問い合わせ", rows, confirm_rows, form_id=140),
     mw_site(140, fields), fields, confirm_page="confirm.html", final_button="submit")

# 5. Gender radio, an optional age select left alone, a required "how did you find us".
name = "mw-gender-howfound"
fields = [
    F("onamae", "full_name", True, label="お名前"),
    F("seibetsu", "gender", value="男性", label="性別"),
    F("nenrei", "age", fill=False),
    F("email", "email", True, label="メールアドレス"),
    F("kikkake", "how_found", True, value="その他", label="当社を知ったきっかけ",
      rule={"one_of": ["検索エンジン", "SNS", "展示会", "ご紹介", "その他"]}),
    F("naiyou", "message", True, label="ご相談内容"),
]
def radios(name, opts):
    return "\n".join(f'<span class="mwform-radio-field horizontal-item"><label><input type="radio" name="{name}" value="{o}" /><span class="mwform-radio-field-text">{o}</span></label></span>' for o in opts)
rows = f"""<tr><th>お名前{REQ}</th><td><input type="text" name="onamae" size="40" />{{{{error:onamae}}}}</td></tr>
<tr><th>性別</th><td>{radios("seibetsu", ["男性", "女性", "回答しない"])}</td></tr>
<tr><th>年齢</th><td><select name="nenrei"><option value="">選択してください</option><option value="20代">20代</option><option value="30代">30代</option><option value="40代">40代</option><option value="50代以上">50代以上</option></select></td></tr>
<tr><th>メールアドレス{REQ}</th><td><input type="email" name="email" size="60" />{{{{error:email}}}}</td></tr>
<tr><th>当社を知ったきっかけ{REQ}</th><td>{radios("kikkake", ["検索エンジン", "SNS", "展示会", "ご紹介", "その他"])}{{{{error:kikkake}}}}</td></tr>
<tr><th>ご相談内容{REQ}</th><td><textarea name="naiyou" cols="50" rows="8"></textarea>{{{{error:naiyou}}}}</td></tr>"""
confirm_rows = """<tr><th>お名前</th><td>{{value:onamae}}</td></tr>
<tr><th>性別</th><td>{{value:seibetsu}}</td></tr>
<tr><th>年齢</th><td>{{value:nenrei}}</td></tr>
<tr><th>メールアドレス</th><td>{{value:email}}</td></tr>
<tr><th>当社を知ったきっかけ</th><td>{{value:kikkake}}</td></tr>
<tr><th>ご相談内容</th><td>{{value_br:naiyou}}</td></tr>"""
Case(name, "mw_wp_form", "MW WP Form with a gender radio (the sender's gender), an optional "
     "age select left at its placeholder, and a required how-did-you-find-us radio (その他).",
     "/contact/", mw_pages(name, "ご相談・お問い合わせ", rows, confirm_rows, theme="cocoon", form_id=33),
     mw_site(33, fields), fields, confirm_page="confirm.html", final_button="submit")
