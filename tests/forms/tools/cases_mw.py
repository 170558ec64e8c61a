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
