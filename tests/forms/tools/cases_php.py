"""Hand-written PHP/CGI mail scripts (mail.php, confirm.php, thanks.html) in every era."""
from chrome import bare, corp, retro
from kit import form_spec
from lib import Case, F

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
PREFS = ["北海道", "青森県", "岩手県", "宮城県", "秋田県", "山形県", "福島県", "茨城県", "栃木県",
         "群馬県", "埼玉県", "千葉県", "東京都", "神奈川県", "新潟県", "富山県", "石川県", "福井県",
         "山梨県", "長野県", "岐阜県", "静岡県", "愛知県", "三重県", "滋賀県", "京都府", "大阪府",
         "兵庫県", "奈良県", "和歌山県", "鳥取県", "島根県", "岡山県", "広島県", "山口県", "徳島県",
         "香川県", "愛媛県", "高知県", "福岡県", "佐賀県", "長崎県", "熊本県", "大分県", "宮崎県",
         "鹿児島県", "沖縄県"]
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
