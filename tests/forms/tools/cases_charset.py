"""Legacy charsets, charset declarations in odd places, slow and redirected entry pages."""
from chrome import corp, retro
from cases_static import THANKS, direct_site
from lib import Case, F

# 1. A Shift_JIS table site with a split phone number, successful.
name = "sjis-table-split-phone"
fields = [
    F("kaisha", "company_name", True, label="会社名"),
    F("busyo", "department", label="部署"),
    F("shimei", "full_name", True, label="氏名"),
    F("tel1", "phone_1", True, label="電話番号"),
    F("tel2", "phone_2", True, label="電話番号"),
    F("tel3", "phone_3", True, label="電話番号"),
    F("mail", "email", True, label="E-Mail"),
    F("youken", "message", True, label="ご用件"),
]
form = """<form method="post" action="/contact/send.php">
<table border="0" cellspacing="1" cellpadding="6" bgcolor="#cccccc" width="100%">
<tr bgcolor="#ffffff"><td bgcolor="#eef3f8" width="25%">会社名<font color="red">＊</font></td><td><input type="text" name="kaisha" size="40"></td></tr>
<tr bgcolor="#ffffff"><td bgcolor="#eef3f8">部署</td><td><input type="text" name="busyo" size="30"></td></tr>
<tr bgcolor="#ffffff"><td bgcolor="#eef3f8">氏名<font color="red">＊</font></td><td><input type="text" name="shimei" size="30"></td></tr>
<tr bgcolor="#ffffff"><td bgcolor="#eef3f8">電話番号<font color="red">＊</font></td><td><input type="text" name="tel1" size="5">－<input type="text" name="tel2" size="5">－<input type="text" name="tel3" size="5"></td></tr>
<tr bgcolor="#ffffff"><td bgcolor="#eef3f8">E-Mail<font color="red">＊</font></td><td><input type="text" name="mail" size="40"></td></tr>
<tr bgcolor="#ffffff"><td bgcolor="#eef3f8">ご用件<font color="red">＊</font></td><td><textarea name="youken" cols="50" rows="8"></textarea></td></tr>
</table>
<p align="center"><input type="submit" value="送　信"></p>
</form>"""
Case(name, "charset", "Shift_JIS table layout with ＊ markers and a phone number split in "
     "three inputs separated by full-width dashes.", "/contact/",
     {"contact/index.html": retro(name, "お問い合わせ", form),
      "contact/thanks.html": retro(name, "送信完了", "<p>お問い合わせありがとうございました。担当者よりご連絡いたします。</p>")},
     direct_site(fields), fields, charset="shift_jis")

# 2. An EUC-JP site, successful.
name = "eucjp-contact"
fields = [
    F("name", "full_name", True, label="お名前"),
    F("kana", "full_name_kana", True, kana_script="katakana", label="フリガナ"),
    F("email", "email", True, label="メールアドレス"),
    F("tel", "phone", label="電話番号"),
    F("comment", "message", True, label="お問い合わせ内容"),
]
form = """<form method="post" action="/contact/send.php">
<table border="1" cellpadding="5" cellspacing="0">
<tr><th>お名前（必須）</th><td><input type="text" name="name" size="30"></td></tr>
<tr><th>フリガナ（必須）</th><td><input type="text" name="kana" size="30"></td></tr>
<tr><th>メールアドレス（必須）</th><td><input type="text" name="email" size="40"></td></tr>
<tr><th>電話番号</th><td><input type="text" name="tel" size="20"></td></tr>
<tr><th>お問い合わせ内容（必須）</th><td><textarea name="comment" cols="50" rows="8"></textarea></td></tr>
</table>
<input type="submit" value="送信する">
</form>"""
Case(name, "charset", "An EUC-JP page (meta and HTTP header say EUC-JP); the values must be "
     "sent in EUC-JP.", "/contact/",
     {"contact/index.html": retro(name, "お問い合わせ", form, charset="EUC-JP"),
      "contact/thanks.html": retro(name, "送信完了", "<p>送信しました。ありがとうございました。</p>", charset="EUC-JP")},
     direct_site(fields), fields, charset="euc-jp")

# 3. Shift_JIS declared only in the HTTP header (no meta).
name = "sjis-header-only"
fields = [
    F("onamae", "full_name", True, label="お名前"),
    F("mail", "email", True, label="メールアドレス"),
    F("naiyou", "message", True, label="お問い合わせ内容"),
]
page = """<html>
<head><title>お問い合わせ</title></head>
<body>
<h1>お問い合わせ</h1>
<form method="post" action="/contact/send.php">
<p>お名前：<input type="text" name="onamae"></p>
<p>メールアドレス：<input type="text" name="mail"></p>
<p>お問い合わせ内容：<br><textarea name="naiyou" cols="50" rows="6"></textarea></p>
<p><input type="submit" value="送信"></p>
</form>
</body>
</html>
"""
Case(name, "charset", "A Shift_JIS page with no meta charset: only the Content-Type header "
     "says Shift_JIS.", "/contact/",
     {"contact/index.html": page, "contact/thanks.html": "<html><body><p>送信しました。</p></body></html>\n"},
     direct_site(fields), fields, charset="shift_jis")

# 4. EUC-JP declared only in the meta tag (the header has no charset).
name = "eucjp-meta-only"
page = """<html>
<head><meta http-equiv="Content-Type" content="text/html; charset=EUC-JP"><title>お問い合わせ</title></head>
<body>
<h1>お問い合わせ</h1>
<form method="post" action="/contact/send.php">
<p>お名前：<input type="text" name="onamae"></p>
<p>メールアドレス：<input type="text" name="mail"></p>
<p>お問い合わせ内容：<br><textarea name="naiyou" cols="50" rows="6"></textarea></p>
<p><input type="submit" value="送信"></p>
</form>
</body>
</html>
"""
site = direct_site(fields)
site["charset_in_header"] = False
Case(name, "charset", "An EUC-JP page whose HTTP header has no charset: only the meta tag "
     "says EUC-JP.", "/contact/",
     {"contact/index.html": page,
      "contact/thanks.html": "<html><head><meta http-equiv=\"Content-Type\" content=\"text/html; charset=EUC-JP\"></head><body><p>送信しました。</p></body></html>\n"},
     site, fields, charset="euc-jp")

# 5. A slow first byte (2 s) that a patient client must wait for.
name = "slow-first-byte"
fields = [
    F("name", "full_name", True, label="お名前"),
    F("email", "email", True, label="メールアドレス"),
    F("message", "message", True, label="お問い合わせ内容"),
]
form = """<form action="/contact/send.php" method="post">
<p><label for="a">お名前</label><input id="a" type="text" name="name"></p>
<p><label for="b">メールアドレス</label><input id="b" type="email" name="email"></p>
<p><label for="c">お問い合わせ内容</label><textarea id="c" name="message"></textarea></p>
<p><button type="submit">送信</button></p>
</form>"""
site = direct_site(fields)
site["faults"] = {"delay_ms": 2000}
Case(name, "slow", "Every response of the site starts after 2 seconds (an overloaded shared "
     "host); the form itself is ordinary.", "/contact/",
     {"contact/index.html": corp(name, "お問い合わせ", form),
      "contact/thanks.html": corp(name, "送信完了", THANKS)}, site, fields)

# 6. The listed URL moved: /inquiry.html redirects permanently to /contact/.
name = "redirect-to-contact"
site = direct_site(fields)
site["routes"].insert(0, {"path": "/inquiry.html", "redirect": "/contact/", "redirect_status": 301})
Case(name, "slow", "The company's form_url (/inquiry.html) answers 301 to /contact/ after a "
     "site renewal; the form must be found after the redirect.", "/inquiry.html",
     {"contact/index.html": corp(name, "お問い合わせ", form),
      "contact/thanks.html": corp(name, "送信完了", THANKS)}, site, fields)
