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
