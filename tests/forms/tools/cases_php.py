"""Hand-written PHP/CGI mail scripts (mail.php, confirm.php, thanks.html) in every era."""
from chrome import corp, retro
from kit import form_spec
from lib import PREFECTURES, Case, F

# 1. A Shift_JIS page posting to a free "PHPメールフォーム"-style script whose field names are
# the Japanese labels themselves; mail_set selects the step; thanks.html after sending.
name = "php-mailform-sjis"
fields = [
    F("会社名", "company_name", label="会社名"),
    F("お名前", "full_name", True, label="お名前"),
    F("メールアドレス", "email", True, label="メールアドレス"),
    F("電話番号", "phone", label="電話番号"),
    F("お問い合わせ内容", "message", True, label="お問い合わせ内容"),
]
form = """<p>※印は必須項目です。</p>
<form method="post" action="mail.php">
<table border="1" cellspacing="0" cellpadding="6" width="100%" class="formTable">
<tr><td width="30%" bgcolor="#eeeeee">会社名</td><td><input size="40" type="text" name="会社名"></td></tr>
<tr><td bgcolor="#eeeeee">お名前<font color="red">※</font></td><td><input size="30" type="text" name="お名前"></td></tr>
<tr><td bgcolor="#eeeeee">メールアドレス<font color="red">※</font></td><td><input size="40" type="text" name="メールアドレス"></td></tr>
<tr><td bgcolor="#eeeeee">電話番号</td><td><input size="30" type="text" name="電話番号"></td></tr>
<tr><td bgcolor="#eeeeee">お問い合わせ内容<font color="red">※</font></td><td><textarea name="お問い合わせ内容" cols="50" rows="6"></textarea></td></tr>
</table>
<p align="center">
<input type="hidden" name="mail_set" value="confirm_submit">
<input type="hidden" name="httpReferer" value="/contact/index.html">
<input type="submit" value="　確認する　">　<input type="reset" value="リセット">
</p>
</form>"""
confirm = """<p>以下の内容でよろしければ「送信する」ボタンを押してください。</p>
<form method="post" action="mail.php">
<table border="1" cellspacing="0" cellpadding="6" width="100%">
<tr><td width="30%" bgcolor="#eeeeee">会社名</td><td>{{value:会社名}}</td></tr>
<tr><td bgcolor="#eeeeee">お名前</td><td>{{value:お名前}}</td></tr>
<tr><td bgcolor="#eeeeee">メールアドレス</td><td>{{value:メールアドレス}}</td></tr>
<tr><td bgcolor="#eeeeee">電話番号</td><td>{{value:電話番号}}</td></tr>
<tr><td bgcolor="#eeeeee">お問い合わせ内容</td><td>{{value_br:お問い合わせ内容}}</td></tr>
</table>
<p align="center">
<input type="hidden" name="mail_set" value="send_submit">
{{hidden_all}}
<input type="button" value="前画面に戻る" onClick="history.back()">　<input type="submit" value="　送信する　">
</p>
</form>"""
errors = """<p><font color="red"><b>入力にエラーがあります。下記をご確認の上「戻る」ボタンにて修正をお願い致します。</b></font></p>
{{errors}}
<p align="center"><input type="button" value=" 前画面に戻る " onClick="history.back()"></p>"""
thanks = """<p>お問い合わせいただきありがとうございました。</p>
<p>送信は正常に完了しました。<br>内容を確認のうえ、折り返しご連絡させていただきます。</p>
<p><a href="/index.html">トップページへ戻る</a></p>"""
site = {
    "forms": {"contact": form_spec(fields, exclude_from_echo=["mail_set"],
                                   errors_format="<p>{items}</p>",
                                   error_item_format="<font color=\"red\">{message}</font><br>")},
    "routes": [
        {"path": "/contact/", "page": "contact/index.html"},
        {"path": "/contact/index.html", "page": "contact/index.html"},
        {"path": "/contact/mail.php", "method": "POST", "submit": {
            "form": "contact", "step_field": "mail_set",
            "step_values": {"confirm_submit": "confirm", "send_submit": "final"},
            "on_confirm": "contact/confirm.php", "on_error": "contact/error.php",
            "on_final": {"redirect": "/contact/thanks.html"}}},
        {"path": "/contact/thanks.html", "page": "contact/thanks.html"},
    ],
}
Case(name, "php_script", "Shift_JIS PHP mail script whose field names are Japanese (encoded "
     "in Shift_JIS on submission); confirm screen keyed by mail_set; redirect to thanks.html.",
     "/contact/", {
         "contact/index.html": retro(name, "お問い合わせ", form),
         "contact/confirm.php": retro(name, "確認画面", confirm),
         "contact/error.php": retro(name, "入力エラー", errors),
         "contact/thanks.html": retro(name, "送信完了", thanks),
     }, site, fields, charset="shift_jis", confirm_page="contact/confirm.php")

# 2. A hand-made PHP form in a table with every split: 姓/名, セイ/メイ, tel1-3, zip1/zip2,
# prefecture select with numeric values, city and street lines; confirm.php → send.php.
name = "php-split-fields"
PREFS = PREFECTURES
pref_options = "\n".join(f'<option value="{i + 1}">{p}</option>' for i, p in enumerate(PREFS))
fields = [
    F("company", "company_name", True, label="貴社名"),
    F("name_sei", "last_name", True, label="お名前（姓）"),
    F("name_mei", "first_name", True, label="お名前（名）"),
    F("kana_sei", "last_name_kana", True, kana_script="katakana", label="フリガナ（セイ）"),
    F("kana_mei", "first_name_kana", True, kana_script="katakana", label="フリガナ（メイ）"),
    F("tel1", "phone_1", True, label="電話番号"),
    F("tel2", "phone_2", True, label="電話番号"),
    F("tel3", "phone_3", True, label="電話番号"),
    F("zip1", "postal_code_1", label="郵便番号"),
    F("zip2", "postal_code_2", label="郵便番号"),
    F("pref", "prefecture", value="13", label="都道府県"),
    F("city", "city", label="市区町村"),
    F("address", "address_line", label="番地・建物名"),
    F("email", "email", True, label="メールアドレス"),
    F("email2", "email_confirm", True, label="メールアドレス（確認）"),
    F("message", "message", True, label="お問い合わせ内容"),
]
R = '<span class="req">*</span>'
form = f"""<p class="note"><span class="req">*</span>は入力必須項目です。</p>
<form action="confirm.php" method="post" name="form1">
<input type="hidden" name="token" value="{{{{csrf_token}}}}">
<table class="tbl-form">
<tr><th>貴社名{R}</th><td><input type="text" name="company" class="w-full"></td></tr>
<tr><th>お名前{R}</th><td>姓 <input type="text" name="name_sei" class="w-s"> 名 <input type="text" name="name_mei" class="w-s"></td></tr>
<tr><th>フリガナ{R}</th><td>セイ <input type="text" name="kana_sei" class="w-s"> メイ <input type="text" name="kana_mei" class="w-s"></td></tr>
<tr><th>電話番号{R}</th><td><input type="text" name="tel1" size="5" maxlength="5"> - <input type="text" name="tel2" size="5" maxlength="4"> - <input type="text" name="tel3" size="5" maxlength="4"></td></tr>
<tr><th rowspan="4">ご住所</th><td>〒<input type="text" name="zip1" size="4" maxlength="3"> - <input type="text" name="zip2" size="5" maxlength="4"></td></tr>
<tr><td>都道府県 <select name="pref"><option value="">選択してください</option>
{pref_options}
</select></td></tr>
<tr><td>市区町村 <input type="text" name="city" class="w-m"></td></tr>
<tr><td>番地・建物名 <input type="text" name="address" class="w-l"></td></tr>
<tr><th>メールアドレス{R}</th><td><input type="text" name="email" class="w-l"></td></tr>
<tr><th>メールアドレス（確認）{R}</th><td><input type="text" name="email2" class="w-l"><br><small>確認のため、もう一度ご入力ください。</small></td></tr>
<tr><th>お問い合わせ内容{R}</th><td><textarea name="message" rows="8" cols="50"></textarea></td></tr>
</table>
<p class="btn"><input type="submit" name="confirm" value="確認画面へ進む"></p>
</form>"""
confirm = """<form action="send.php" method="post">
<input type="hidden" name="token" value="{{csrf_token}}">
<table class="tbl-form">
<tr><th>貴社名</th><td>{{value:company}}</td></tr>
<tr><th>お名前</th><td>{{value:name_sei}} {{value:name_mei}}</td></tr>
<tr><th>フリガナ</th><td>{{value:kana_sei}} {{value:kana_mei}}</td></tr>
<tr><th>電話番号</th><td>{{value:tel1}}-{{value:tel2}}-{{value:tel3}}</td></tr>
<tr><th>ご住所</th><td>〒{{value:zip1}}-{{value:zip2}}<br>{{value:city}}{{value:address}}</td></tr>
<tr><th>メールアドレス</th><td>{{value:email}}</td></tr>
<tr><th>お問い合わせ内容</th><td>{{value_br:message}}</td></tr>
</table>
{{hidden_all}}
<p class="btn"><input type="button" value="修正する" onclick="history.back();"> <input type="submit" name="send" value="この内容で送信する"></p>
</form>"""
error = """<div class="error-box"><p>入力内容に誤りがあります。</p>{{errors}}</div>
<p><a href="javascript:history.back();">入力画面に戻る</a></p>"""
thanks = """<div class="thanks"><h2>送信完了</h2>
<p>お問い合わせありがとうございます。<br>ご入力いただいたメールアドレス宛に確認メールを自動送信いたしました。</p></div>"""
site = {
    "forms": {"contact": form_spec(fields, csrf_field="token", exclude_from_echo=["confirm"])},
    "routes": [
        {"path": "/contact/", "page": "contact/index.html"},
        {"path": "/contact/confirm.php", "method": "POST", "submit": {
            "form": "contact", "step": "confirm", "on_confirm": "contact/confirm.php",
            "on_error": "contact/error.php", "on_final": "contact/thanks.html"}},
        {"path": "/contact/send.php", "method": "POST", "submit": {
            "form": "contact", "step": "final", "on_error": "contact/error.php",
            "on_final": {"redirect": "/contact/thanks.html"}}},
        {"path": "/contact/thanks.html", "page": "contact/thanks.html"},
    ],
}
Case(name, "php_script", "Hand-made PHP form with every split (姓/名, セイ/メイ, tel1-3, "
     "zip1/zip2, prefecture select with numeric values, city/street), email confirmation, a "
     "session CSRF token, confirm.php → send.php → thanks.html.", "/contact/", {
         "contact/index.html": corp(name, "お問い合わせ", form),
         "contact/confirm.php": corp(name, "入力内容の確認", confirm),
         "contact/error.php": corp(name, "入力エラー", error),
         "contact/thanks.html": corp(name, "送信完了", thanks),
     }, site, fields, confirm_page="contact/confirm.php")

from cases_static import direct_site  # noqa: E402


def php_thanks(seed, text="送信が完了しました。", charset="UTF-8"):
    return corp(seed, "送信完了", f'<div class="thanks-box"><p>{text}</p><p>このたびはお問い合わせいただき誠にありがとうございました。</p><p><a href="/">トップへ戻る</a></p></div>',
                charset=charset)


# 3. The confirmation screen shows values as text only; the final post carries just the
# token and the button, the script reads the rest from the session.
name = "php-session-confirm"
fields = [
    F("company", "company_name", True, label="会社名"),
    F("name", "full_name", True, label="氏名"),
    F("kana", "full_name_kana", True, kana_script="katakana", label="フリガナ"),
    F("mail", "email", True, label="E-mail"),
    F("tel", "phone", True, label="TEL"),
    F("comment", "message", True, label="お問い合わせ内容"),
]
form = """<div class="contact-form">
<form action="./confirm.php" method="post">
<input type="hidden" name="csrf" value="{{csrf_token}}">
<table>
<tr><th>会社名<span class="required">必須</span></th><td><input type="text" name="company" value="{{value:company}}"></td></tr>
<tr><th>氏名<span class="required">必須</span></th><td><input type="text" name="name" value="{{value:name}}"></td></tr>
<tr><th>フリガナ<span class="required">必須</span></th><td><input type="text" name="kana" value="{{value:kana}}" placeholder="全角カタカナ"></td></tr>
<tr><th>E-mail<span class="required">必須</span></th><td><input type="email" name="mail" value="{{value:mail}}"></td></tr>
<tr><th>TEL<span class="required">必須</span></th><td><input type="tel" name="tel" value="{{value:tel}}"></td></tr>
<tr><th>お問い合わせ内容<span class="required">必須</span></th><td><textarea name="comment" rows="8">{{value:comment}}</textarea></td></tr>
</table>
<div class="btn"><button type="submit" name="action" value="confirm">確認画面へ</button></div>
</form>
</div>"""
confirm = """<div class="contact-form confirm">
<p>入力内容をご確認ください。</p>
<table>
<tr><th>会社名</th><td>{{value:company}}</td></tr>
<tr><th>氏名</th><td>{{value:name}}</td></tr>
<tr><th>フリガナ</th><td>{{value:kana}}</td></tr>
<tr><th>E-mail</th><td>{{value:mail}}</td></tr>
<tr><th>TEL</th><td>{{value:tel}}</td></tr>
<tr><th>お問い合わせ内容</th><td>{{value_br:comment}}</td></tr>
</table>
<form action="./send.php" method="post">
<input type="hidden" name="csrf" value="{{csrf_token}}">
<div class="btn"><a href="./" class="btn-back">修正する</a> <button type="submit" name="action" value="send">送信する</button></div>
</form>
</div>"""
error = """<div class="error"><p>入力内容にエラーがあります。</p>{{errors}}<p><a href="./">戻る</a></p></div>"""
site = {
    "forms": {"contact": form_spec(fields, csrf_field="csrf")},
    "routes": [
        {"path": "/inquiry/", "page": "inquiry/index.html"},
        {"path": "/inquiry/confirm.php", "method": "POST", "submit": {
            "form": "contact", "step": "confirm", "values_from_session": True,
            "on_confirm": "inquiry/confirm.html", "on_error": "inquiry/error.html",
            "on_final": "inquiry/thanks.html"}},
        {"path": "/inquiry/send.php", "method": "POST", "submit": {
            "form": "contact", "step": "final", "values_from_session": True,
            "on_error": "inquiry/error.html", "on_final": {"redirect": "/inquiry/thanks.html"}}},
        {"path": "/inquiry/thanks.html", "page": "inquiry/thanks.html"},
    ],
}
Case(name, "php_script", "PHP script keeping the values in the session: the confirmation "
     "screen shows them as text and its form posts only the CSRF token and the send button "
     "(cookies must be kept).", "/inquiry/", {
         "inquiry/index.html": corp(name, "お問い合わせ", form),
         "inquiry/confirm.html": corp(name, "入力内容の確認", confirm),
         "inquiry/error.html": corp(name, "入力エラー", error),
         "inquiry/thanks.html": php_thanks(name),
     }, site, fields, confirm_page="inquiry/confirm.html")

# 4. A Perl CGI (postmail.cgi style) on an EUC-JP site: hidden need/subject/sort inputs, a
# confirmation screen, mode=send.
name = "cgi-postmail-eucjp"
fields = [
    F("お名前", "full_name", True, label="お名前"),
    F("email", "email", True, label="メールアドレス"),
    F("会社名", "company_name", label="会社名"),
    F("ご用件", "inquiry_type", value="その他", label="ご用件",
      rule={"one_of": ["商品について", "修理・メンテナンス", "その他"]}),
    F("内容", "message", True, label="内容"),
]
form = """<p>下記フォームに必要事項をご記入の上、送信ボタンを押してください。<br>
<font color="#cc0000">*</font> は必須入力項目です。</p>
<form method="post" action="/cgi-bin/postmail/postmail.cgi">
<input type="hidden" name="need" value="お名前 email 内容">
<input type="hidden" name="subject" value="ホームページからのお問い合わせ">
<input type="hidden" name="sort" value="お名前 会社名 email ご用件 内容">
<table border="0" cellpadding="4" cellspacing="1" bgcolor="#999999" width="100%">
<tr bgcolor="#ffffff"><td bgcolor="#dde8f0" width="150">お名前 <font color="#cc0000">*</font></td><td><input type="text" name="お名前" size="30"></td></tr>
<tr bgcolor="#ffffff"><td bgcolor="#dde8f0">会社名</td><td><input type="text" name="会社名" size="40"></td></tr>
<tr bgcolor="#ffffff"><td bgcolor="#dde8f0">メールアドレス <font color="#cc0000">*</font></td><td><input type="text" name="email" size="40"></td></tr>
<tr bgcolor="#ffffff"><td bgcolor="#dde8f0">ご用件</td><td><select name="ご用件"><option value="">--選択--<option value="商品について">商品について<option value="修理・メンテナンス">修理・メンテナンス<option value="その他">その他</select></td></tr>
<tr bgcolor="#ffffff"><td bgcolor="#dde8f0">内容 <font color="#cc0000">*</font></td><td><textarea name="内容" cols="50" rows="8"></textarea></td></tr>
</table>
<p align="center"><input type="submit" value="確認する">　<input type="reset" value="クリア"></p>
</form>"""
confirm = """<p>以下の内容でよろしければ「送信する」を押してください。</p>
<form method="post" action="/cgi-bin/postmail/postmail.cgi">
<input type="hidden" name="mode" value="send">
{{hidden_all}}
<table border="1" cellpadding="4" width="100%">
<tr><td>お名前</td><td>{{value:お名前}}</td></tr>
<tr><td>会社名</td><td>{{value:会社名}}</td></tr>
<tr><td>メールアドレス</td><td>{{value:email}}</td></tr>
<tr><td>ご用件</td><td>{{value:ご用件}}</td></tr>
<tr><td>内容</td><td>{{value_br:内容}}</td></tr>
</table>
<p align="center"><input type="button" value="前画面に戻る" onclick="history.back()">　<input type="submit" value="送信する"></p>
</form>"""
thanks = """<p><b>送信が完了しました。</b></p><p>お問い合わせありがとうございました。<br>内容を確認の上、担当者よりご連絡いたします。</p>
<p><a href="/">トップページに戻る</a></p>"""
site = {
    "forms": {"contact": form_spec(fields, hidden={"need": "お名前 email 内容"},
                                   exclude_from_echo=["mode"])},
    "routes": [
        {"path": "/contact.html", "page": "contact.html"},
        {"path": "/cgi-bin/postmail/postmail.cgi", "method": "POST", "submit": {
            "form": "contact", "step_field": "mode", "step_values": {"send": "final"},
            "default_step": "confirm", "on_confirm": "confirm.html", "on_final": "thanks.html"}},
    ],
}
Case(name, "php_script", "EUC-JP site with a Perl postmail.cgi: Japanese field names sent in "
     "EUC-JP, hidden need/subject/sort inputs that must come back unchanged, a confirmation "
     "screen (mode=send), and option tags without end tags.", "/contact.html", {
         "contact.html": retro(name, "お問い合わせ", form, charset="EUC-JP"),
         "confirm.html": retro(name, "確認画面", confirm, charset="EUC-JP"),
         "thanks.html": retro(name, "送信完了", thanks, charset="EUC-JP"),
     }, site, fields, charset="euc-jp", confirm_page="confirm.html")

# 5. An old formmail.cgi posting with method=get and hidden recipient/redirect fields.
name = "cgi-get-method"
fields = [
    F("name", "full_name", True, label="お名前"),
    F("email", "email", True, label="E-mail"),
    F("comments", "message", True, label="ご意見・ご質問"),
]
form = """<form action="/cgi-bin/formmail.cgi" method="get">
<input type="hidden" name="recipient" value="info">
<input type="hidden" name="subject" value="Webからのお問い合わせ">
<input type="hidden" name="redirect" value="/thanks.html">
<p>お名前：<br><input type="text" name="name" size="30"></p>
<p>E-mail：<br><input type="text" name="email" size="40"></p>
<p>ご意見・ご質問：<br><textarea name="comments" rows="6" cols="50"></textarea></p>
<p><input type="submit" value="送信"> <input type="reset" value="取消"></p>
</form>"""
site = direct_site(fields, entry="/contact.html", page="contact.html",
                   action="/cgi-bin/formmail.cgi", thanks="/thanks.html", thanks_page="thanks.html",
                   error_page="contact.html", method="GET",
                   hidden={"recipient": "info", "redirect": "/thanks.html"})
Case(name, "php_script", "A 1990s formmail.cgi with method=\"get\": the fields travel in the "
     "query string, with hidden recipient/subject/redirect inputs.", "/contact.html", {
         "contact.html": retro(name, "お問い合わせ", form),
         "thanks.html": retro(name, "送信完了", "<p>送信ありがとうございました。</p>"),
     }, site, fields, charset="shift_jis")

# 6. The script limits the message to 200 characters but the page never says so.
name = "php-validation-hidden-limit"
fields = [
    F("name", "full_name", True, label="お名前"),
    F("email", "email", True, label="メールアドレス"),
    F("message", "message", True, label="お問い合わせ内容", rule={"max_length": 200}),
]
form = """<form action="/contact/send.php" method="post">
<div class="field"><label for="name">お名前 *</label><input id="name" type="text" name="name" value="{{value:name}}"></div>
<div class="field"><label for="email">メールアドレス *</label><input id="email" type="email" name="email" value="{{value:email}}"></div>
<div class="field"><label for="message">お問い合わせ内容 *</label><textarea id="message" name="message" rows="6">{{value:message}}</textarea></div>
{{errors}}
<button type="submit">送信</button>
</form>"""
Case(name, "validation_error", "The script rejects messages over 200 characters without any "
     "hint in the page (no maxlength): the post comes back with 「お問い合わせ内容は200文字以内"
     "で入力してください。」 and nothing is sent.", "/contact/", {
         "contact/index.html": corp(name, "お問い合わせ", form),
         "contact/thanks.html": php_thanks(name),
     }, direct_site(fields), fields, outcome="failed", code="FORM_VALIDATION_ERROR",
     must_not_submit=False)

# 7. The script wants digits only for the phone, again without saying so.
name = "php-validation-tel-digits"
fields = [
    F("company", "company_name", True, label="会社名"),
    F("name", "full_name", True, label="お名前"),
    F("tel", "phone", True, label="電話番号", rule={"format": "tel_digits"}),
    F("email", "email", True, label="メールアドレス"),
    F("body", "message", True, label="内容"),
]
form = """<form method="post" action="/contact/send.php">
<table class="table">
<tr><th>会社名 <span class="text-danger">*</span></th><td><input class="form-control" type="text" name="company" value="{{value:company}}"></td></tr>
<tr><th>お名前 <span class="text-danger">*</span></th><td><input class="form-control" type="text" name="name" value="{{value:name}}"></td></tr>
<tr><th>電話番号 <span class="text-danger">*</span></th><td><input class="form-control" type="tel" name="tel" value="{{value:tel}}">{{error:tel}}</td></tr>
<tr><th>メールアドレス <span class="text-danger">*</span></th><td><input class="form-control" type="email" name="email" value="{{value:email}}"></td></tr>
<tr><th>内容 <span class="text-danger">*</span></th><td><textarea class="form-control" name="body" rows="6">{{value:body}}</textarea></td></tr>
</table>
<button class="btn btn-primary" type="submit">送信する</button>
</form>"""
Case(name, "validation_error", "The script accepts only digits for the phone (ハイフンなし) "
     "but the page gives no hint; a hyphenated number comes back with an error next to the "
     "field.", "/contact/", {
         "contact/index.html": corp(name, "お問い合わせ", form, style="bootstrap"),
         "contact/thanks.html": php_thanks(name),
     }, direct_site(fields, error_format='<div class="invalid-feedback d-block">{message}</div>'),
     fields, outcome="failed", code="FORM_VALIDATION_ERROR", must_not_submit=False)

# 8. A UTF-8 page whose form declares accept-charset="Shift_JIS" for an old script.
name = "php-accept-charset-sjis"
fields = [
    F("kaisya", "company_name", label="御社名"),
    F("namae", "full_name", True, label="ご担当者名"),
    F("mail", "email", True, label="メール"),
    F("naiyo", "message", True, label="お問い合わせ内容"),
]
form = """<p>※必須項目は必ずご入力ください。</p>
<form action="/cgi-bin/mail.php" method="post" accept-charset="Shift_JIS">
<dl class="contact">
<dt>御社名</dt><dd><input type="text" name="kaisya" size="40"></dd>
<dt>ご担当者名※</dt><dd><input type="text" name="namae" size="30"></dd>
<dt>メール※</dt><dd><input type="text" name="mail" size="40"></dd>
<dt>お問い合わせ内容※</dt><dd><textarea name="naiyo" rows="8" cols="50"></textarea></dd>
</dl>
<p><input type="submit" value="送信する"></p>
</form>"""
site = direct_site(fields, action="/cgi-bin/mail.php", charset="Shift_JIS")
Case(name, "php_script", "A UTF-8 page whose form says accept-charset=\"Shift_JIS\": the "
     "values must be encoded in Shift_JIS (the old script decodes them so).", "/contact/", {
         "contact/index.html": corp(name, "お問い合わせ", form),
         "contact/thanks.html": php_thanks(name),
     }, site, fields)

# 9. The form page is fine, but the script answers 500.
name = "php-500-on-submit"
fields = [
    F("name", "full_name", True, label="お名前"),
    F("email", "email", True, label="メールアドレス"),
    F("message", "message", True, label="お問い合わせ内容"),
]
form = """<form action="/contact/send.php" method="post">
<p><label>お名前（必須）<br><input type="text" name="name"></label></p>
<p><label>メールアドレス（必須）<br><input type="email" name="email"></label></p>
<p><label>お問い合わせ内容（必須）<br><textarea name="message" rows="6"></textarea></label></p>
<p><input type="submit" value="送信"></p>
</form>"""
site = direct_site(fields)
site["routes"][1]["faults"] = {"status": 500}
Case(name, "failure", "The contact page works but send.php answers 500 Internal Server "
     "Error: a server failure, not a success.", "/contact/", {
         "contact/index.html": corp(name, "お問い合わせ", form),
         "contact/thanks.html": php_thanks(name),
     }, site, fields, outcome="failed", code="SERVER_ERROR", must_not_submit=False)

# 10. Labels ask for 全角 (name, address) and 半角 (phone); the script checks both.
name = "php-zenkaku-fields"
fields = [
    F("kaisha", "company_name", True, label="会社名", rule={"format": "zenkaku"}),
    F("shimei", "full_name", True, label="氏名", rule={"format": "zenkaku"}),
    F("jusho", "address", True, style="zenkaku", label="住所", rule={"format": "zenkaku"}),
    F("denwa", "phone", True, label="電話番号", rule={"format": "hankaku"}),
    F("mail", "email", True, label="メールアドレス"),
    F("honbun", "message", True, label="お問い合わせ内容"),
]
form = """<form action="/contact/send.php" method="post">
<table class="contact_tbl">
<tr><th>会社名（全角）<span>必須</span></th><td><input type="text" name="kaisha" class="zen" value="{{value:kaisha}}"></td></tr>
<tr><th>氏名（全角）<span>必須</span></th><td><input type="text" name="shimei" class="zen" value="{{value:shimei}}"></td></tr>
<tr><th>住所（全角）<span>必須</span></th><td><input type="text" name="jusho" class="zen" value="{{value:jusho}}"><br><small>番地・建物名まで全角でご入力ください（例：東京都港区芝公園１－２－３　○○ビル５階）</small></td></tr>
<tr><th>電話番号（半角）<span>必須</span></th><td><input type="text" name="denwa" class="han" value="{{value:denwa}}"></td></tr>
<tr><th>メールアドレス（半角英数）<span>必須</span></th><td><input type="text" name="mail" class="han" value="{{value:mail}}"></td></tr>
<tr><th>お問い合わせ内容<span>必須</span></th><td><textarea name="honbun" rows="8">{{value:honbun}}</textarea></td></tr>
</table>
{{errors}}
<p class="submit"><input type="submit" value="送信する"></p>
</form>"""
Case(name, "php_script", "Labels ask for 全角 (company, name, address including the block "
     "number) and 半角 (phone, email); the script enforces both.", "/contact/", {
         "contact/index.html": corp(name, "お問い合わせ", form),
         "contact/thanks.html": php_thanks(name),
     }, direct_site(fields), fields)

# 11. フリガナ（半角カナ）.
name = "php-hankaku-kana"
fields = [
    F("name", "full_name", True, label="お名前"),
    F("kana", "full_name_kana", True, kana_script="katakana", style="hankaku_kana",
      label="フリガナ"),
    F("email", "email", True, label="メールアドレス"),
    F("text", "message", True, label="お問い合わせ内容"),
]
form = """<form action="/contact/send.php" method="post" name="toiawase">
<table width="600" border="0" cellpadding="5">
<tr><td class="item">お名前</td><td><input type="text" name="name" size="30">（必須）</td></tr>
<tr><td class="item">フリガナ（半角カナ）</td><td><input type="text" name="kana" size="30">（必須）例：ﾔﾏﾀﾞ ﾀﾛｳ</td></tr>
<tr><td class="item">メールアドレス</td><td><input type="text" name="email" size="40">（必須）</td></tr>
<tr><td class="item">お問い合わせ内容</td><td><textarea name="text" cols="45" rows="8"></textarea></td></tr>
</table>
<input type="submit" value="送信">
</form>"""
Case(name, "php_script", "Shift_JIS page asking for フリガナ in half-width katakana "
     "(半角カナ, example ﾔﾏﾀﾞ ﾀﾛｳ).", "/contact/", {
         "contact/index.html": retro(name, "お問い合わせ", form),
         "contact/thanks.html": retro(name, "送信完了", "<p>送信しました。ありがとうございました。</p>"),
     }, direct_site(fields), fields, charset="shift_jis")

# 12. The script answers on the same URL with a thank-you text (no redirect).
name = "php-thanks-same-url"
fields = [
    F("company", "company_name", label="会社名"),
    F("name", "full_name", True, label="お名前"),
    F("email", "email", True, label="メールアドレス"),
    F("tel", "phone", label="電話番号"),
    F("message", "message", True, label="お問い合わせ内容"),
]
form = """<form action="" method="post" class="inquiry">
<p><label for="c1">会社名</label><input id="c1" type="text" name="company"></p>
<p><label for="c2">お名前 <b class="req">*</b></label><input id="c2" type="text" name="name"></p>
<p><label for="c3">メールアドレス <b class="req">*</b></label><input id="c3" type="email" name="email"></p>
<p><label for="c4">電話番号</label><input id="c4" type="tel" name="tel"></p>
<p><label for="c5">お問い合わせ内容 <b class="req">*</b></label><textarea id="c5" name="message" rows="7"></textarea></p>
<p><input type="submit" name="submit" value="送信する"></p>
</form>"""
done = """<div class="inquiry-done"><p>お問い合わせを受け付けました。</p><p>内容を確認し、担当者より折り返しご連絡いたします。今しばらくお待ちください。</p></div>"""
site = {
    "forms": {"contact": form_spec(fields)},
    "routes": [
        {"path": "/contact.php", "page": "contact.php"},
        {"path": "/contact.php", "method": "POST", "submit": {
            "form": "contact", "step": "final", "on_error": "contact.php",
            "on_final": "done.php"}},
    ],
}
Case(name, "php_script", "contact.php posts to itself and answers 200 on the same URL with "
     "お問い合わせを受け付けました (the form is gone).", "/contact.php", {
         "contact.php": corp(name, "お問い合わせ", form),
         "done.php": corp(name, "お問い合わせ", done),
     }, site, fields)

# 13. A direct form whose submit button is an image.
name = "php-image-submit"
fields = [
    F("o_name", "full_name", True, label="お名前"),
    F("o_mail", "email", True, label="メールアドレス"),
    F("o_tel", "phone", label="電話番号"),
    F("o_body", "message", True, label="お問い合わせ内容"),
]
form = """<form action="/contact/mail.php" method="post">
<table class="form" summary="お問い合わせフォーム">
<tr><th><img src="/img/contact/t_name.gif" alt="お名前"> <img src="/img/contact/hissu.gif" alt="必須"></th><td><input type="text" name="o_name"></td></tr>
<tr><th><img src="/img/contact/t_mail.gif" alt="メールアドレス"> <img src="/img/contact/hissu.gif" alt="必須"></th><td><input type="text" name="o_mail"></td></tr>
<tr><th><img src="/img/contact/t_tel.gif" alt="電話番号"></th><td><input type="text" name="o_tel"></td></tr>
<tr><th><img src="/img/contact/t_body.gif" alt="お問い合わせ内容"> <img src="/img/contact/hissu.gif" alt="必須"></th><td><textarea name="o_body" rows="8"></textarea></td></tr>
</table>
<p class="center"><input type="image" name="btn_send" src="/img/contact/btn_send.gif" alt="この内容で送信する" width="200" height="40"></p>
</form>"""
Case(name, "php_script", "Labels are images with alt text and the submit button is "
     "<input type=\"image\"> (sends btn_send.x / btn_send.y).", "/contact/", {
         "contact/index.html": corp(name, "お問い合わせ", form),
         "contact/thanks.html": php_thanks(name),
     }, direct_site(fields, action="/contact/mail.php"), fields)

# 14. The email address split into local part and domain.
name = "php-email-split"
fields = [
    F("name", "full_name", True, label="お名前"),
    F("mail_local", "email", True, part="local", label="メールアドレス"),
    F("mail_domain", "email", True, part="domain", label="メールアドレス（ドメイン）"),
    F("tel", "phone", label="電話番号"),
    F("body", "message", True, label="お問い合わせ内容"),
]
form = """<form action="/contact/send.php" method="post">
<table class="form-tbl">
<tr><th>お名前<em>必須</em></th><td><input type="text" name="name"></td></tr>
<tr><th>メールアドレス<em>必須</em></th><td><input type="text" name="mail_local" size="20"> @ <input type="text" name="mail_domain" size="24"></td></tr>
<tr><th>電話番号</th><td><input type="text" name="tel"></td></tr>
<tr><th>お問い合わせ内容<em>必須</em></th><td><textarea name="body" rows="8"></textarea></td></tr>
</table>
<p><input type="submit" value="送信する"></p>
</form>"""
Case(name, "php_script", "The email address in two inputs around a literal @ (local part and "
     "domain).", "/contact/", {
         "contact/index.html": corp(name, "お問い合わせ", form),
         "contact/thanks.html": php_thanks(name),
     }, direct_site(fields), fields)

# 15. A PHP form sent as multipart/form-data (an optional attachment).
name = "php-multipart"
fields = [
    F("company", "company_name", True, label="会社名"),
    F("person", "full_name", True, label="ご担当者"),
    F("email", "email", True, label="メールアドレス"),
    F("phone", "phone", True, label="電話番号"),
    F("detail", "message", True, label="ご依頼内容"),
]
form = """<form action="/estimate/send.php" method="post" enctype="multipart/form-data">
<div class="row"><label>会社名<span class="must">必須</span></label><input type="text" name="company"></div>
<div class="row"><label>ご担当者<span class="must">必須</span></label><input type="text" name="person"></div>
<div class="row"><label>メールアドレス<span class="must">必須</span></label><input type="email" name="email"></div>
<div class="row"><label>電話番号<span class="must">必須</span></label><input type="tel" name="phone"></div>
<div class="row"><label>ご依頼内容<span class="must">必須</span></label><textarea name="detail" rows="8"></textarea></div>
<div class="row"><label>添付ファイル</label><input type="file" name="attachment"><p class="note">仕様書などがあれば添付してください（5MBまで）</p></div>
<div class="row"><input type="hidden" name="MAX_FILE_SIZE" value="5242880"><button type="submit">送信する</button></div>
</form>"""
Case(name, "php_script", "A PHP form sent as multipart/form-data with an optional file "
     "input and MAX_FILE_SIZE hidden input.", "/estimate/", {
         "estimate/index.html": corp(name, "お見積り・お問い合わせ", form),
         "estimate/thanks.html": php_thanks(name),
     }, direct_site(fields, entry="/estimate/", page="estimate/index.html",
                    action="/estimate/send.php", thanks="/estimate/thanks.html",
                    thanks_page="estimate/thanks.html", error_page="estimate/index.html"),
     fields)
