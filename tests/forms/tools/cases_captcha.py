"""Forms protected by a CAPTCHA the engine must not try to defeat (BOT_DETECTED)."""
from chrome import corp
from cases_static import THANKS, direct_site
from lib import Case, F

FIELDS = [
    F("name", "full_name", True, label="お名前"),
    F("email", "email", True, label="メールアドレス"),
    F("message", "message", True, label="お問い合わせ内容"),
]

# 1. reCAPTCHA v2 checkbox; the server refuses posts without g-recaptcha-response.
name = "captcha-recaptcha-v2"
form = """<form action="/contact/send.php" method="post" id="contactForm">
<table class="form">
<tr><th>お名前<em>*</em></th><td><input type="text" name="name"></td></tr>
<tr><th>メールアドレス<em>*</em></th><td><input type="email" name="email"></td></tr>
<tr><th>お問い合わせ内容<em>*</em></th><td><textarea name="message" rows="6"></textarea></td></tr>
</table>
<div class="g-recaptcha" data-sitekey="6LcXbQgUAAAAAFzd1cWXzHXbCzOO5gq7-ncT1Zab"></div>
<p><input type="submit" value="送信"></p>
</form>"""
head = '<script src="https://www.google.com/recaptcha/api.js" async defer></script>\n'
Case(name, "captcha", "reCAPTCHA v2 checkbox widget (.g-recaptcha + api.js); the script "
     "rejects posts without g-recaptcha-response.", "/contact/",
     {"contact/index.html": corp(name, "お問い合わせ", form, head=head),
      "contact/thanks.html": corp(name, "送信完了", THANKS)},
     direct_site(FIELDS, captcha_field="g-recaptcha-response"), FIELDS, verdict="captcha",
     outcome="skipped", code="BOT_DETECTED")


def captcha_case(name, description, form, head="", extra=None, files=None):
    extra = extra or {}
    pages = {"contact/index.html": corp(name, "お問い合わせ", form, head=head),
             "contact/thanks.html": corp(name, "送信完了", THANKS)}
    pages.update(files or {})
    site = direct_site(FIELDS, **extra)
    for rel in (files or {}):
        site["routes"].append({"path": "/" + rel, "page": rel})
    return Case(name, "captcha", description, "/contact/", pages, site, FIELDS,
                verdict="captcha", outcome="skipped", code="BOT_DETECTED")


def basic_rows(extra_row=""):
    return f"""<dl class="form">
<dt>お名前 <span class="req">必須</span></dt><dd><input type="text" name="name"></dd>
<dt>メールアドレス <span class="req">必須</span></dt><dd><input type="email" name="email"></dd>
<dt>お問い合わせ内容 <span class="req">必須</span></dt><dd><textarea name="message" rows="6"></textarea></dd>
{extra_row}</dl>"""


captcha_case("captcha-recaptcha-v3", "reCAPTCHA v3 on a plain PHP form: api.js?render=KEY, an "
             "invisible badge and a hidden recaptchaResponse filled by grecaptcha.execute; the "
             "script refuses posts without a token.", f"""<form action="/contact/send.php" method="post" id="contact-form">
{basic_rows()}
<input type="hidden" name="recaptchaResponse" id="recaptchaResponse">
<button type="submit">送信する</button>
</form>
<script>
grecaptcha.ready(function() {{
  grecaptcha.execute('6Ld-8kUpAAAAAJq4mQbUuYBz7xyb0mPqHkKqP3nC', {{action: 'contact'}}).then(function(token) {{
    document.getElementById('recaptchaResponse').value = token;
  }});
}});
</script>""", head='<script src="https://www.google.com/recaptcha/api.js?render=6Ld-8kUpAAAAAJq4mQbUuYBz7xyb0mPqHkKqP3nC"></script>\n',
             extra={"captcha_field": "recaptchaResponse"})

captcha_case("captcha-hcaptcha", "hCaptcha widget (.h-captcha + js.hcaptcha.com/1/api.js); "
             "the script needs h-captcha-response.", f"""<form action="/contact/send.php" method="post">
{basic_rows()}
<div class="h-captcha" data-sitekey="10000000-ffff-ffff-ffff-000000000001"></div>
<p><input type="submit" value="送信"></p>
</form>""", head='<script src="https://js.hcaptcha.com/1/api.js?hl=ja" async defer></script>\n',
             extra={"captcha_field": "h-captcha-response"})

captcha_case("captcha-turnstile", "Cloudflare Turnstile (.cf-turnstile + challenges."
             "cloudflare.com/turnstile/v0/api.js); the script needs cf-turnstile-response.",
             f"""<form action="/contact/send.php" method="post">
{basic_rows()}
<div class="cf-turnstile" data-sitekey="0x4AAAAAAAB3cXhK9rtKnLwQ" data-language="ja"></div>
<p><button type="submit">送信</button></p>
</form>""", head='<script src="https://challenges.cloudflare.com/turnstile/v0/api.js" async defer></script>\n',
             extra={"captcha_field": "cf-turnstile-response"})

SECURIMAGE_ROW = ("<dt>画像認証 <span class=\"req\">必須</span></dt><dd><img id=\"captcha\" "
                  "src=\"/securimage/securimage_show.php\" alt=\"CAPTCHA Image\"> <a href=\"#\" "
                  "onclick=\"document.getElementById('captcha').src = '/securimage/securimage_show.php?' "
                  "+ Math.random(); return false\">[別の画像を表示]</a><br><input type=\"text\" "
                  "name=\"captcha_code\" size=\"10\" maxlength=\"6\"><br><small>画像の文字を入力して"
                  "ください（大文字・小文字は区別しません）</small></dd>\n")
captcha_case("captcha-image-securimage", "An image CAPTCHA (securimage_show.php) with "
             "画像の文字を入力してください and a refresh link.", f"""<form action="/contact/send.php" method="post">
{basic_rows(SECURIMAGE_ROW)}
<p><input type="submit" value="送信する"></p>
</form>""", extra={"captcha_field": "captcha_code", "captcha_answer": "x7kq2m"},
             files={"securimage/securimage_show.php": b"GIF89a\x01\x00\x01\x00\x00\x00\x00;"})

QUIZ_ROW = ("<dt>スパム防止 <span class=\"req\">必須</span></dt><dd>スパム防止のため、次の計算の答えを"
            "半角数字で入力してください。<br>3＋4＝<input type=\"text\" name=\"quiz_answer\" "
            "size=\"4\"></dd>\n")
captcha_case("captcha-math-quiz", "A spam quiz: スパム防止のため、次の計算の答えを半角数字で"
             "入力してください。 3＋4＝ — answering it is defeating an anti-bot check, so skip.",
             f"""<form action="/contact/send.php" method="post">
{basic_rows(QUIZ_ROW)}
<p><input type="submit" value="送信"></p>
</form>""", extra={"captcha_field": "quiz_answer", "captcha_answer": "7"})
