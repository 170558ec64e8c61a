"""Unusual structure: no <form> element, iframes, and forms built by script."""
from chrome import corp, wp
from cases_static import THANKS, direct_site
from lib import Case, F

STD = [
    F("name", "full_name", True, label="お名前"),
    F("email", "email", True, label="メール"),
    F("body", "message", True, label="内容"),
]

# 1. Controls in a div whose data-action names the endpoint (form-engine case A-14).
name = "formless-data-action"
page = corp(name, "お問い合わせ", """<div class="contact" id="contact-box" data-action="/contact/send.php" data-method="post">
<label for="n">お名前</label><input id="n" type="text" name="name">
<label for="e">メール</label><input id="e" type="email" name="email">
<label for="t">内容</label><textarea id="t" name="body"></textarea>
<button id="send" type="button" onclick="sendContact()">送信</button>
</div>
<script>
function sendContact() {
  var box = document.getElementById('contact-box');
  var data = new URLSearchParams();
  box.querySelectorAll('input, textarea').forEach(function (el) { data.append(el.name, el.value); });
  fetch(box.dataset.action, {method: 'POST', body: data}).then(function () { location.href = '/contact/thanks.html'; });
}
</script>""")
Case(name, "structure", "No <form> element: controls and a button in a div whose "
     "data-action/data-method say where the script posts (urlencoded).", "/contact/",
     {"contact/index.html": page, "contact/thanks.html": corp(name, "送信完了", THANKS)},
     direct_site(STD), STD, form={"container": "contact-box"}, button="")

# 2. Controls without a form and a script-only JSON API: needs a browser.
name = "formless-script-only"
page = corp(name, "お問い合わせ", """<div class="inquiry">
<input type="text" id="inqName" placeholder="お名前">
<input type="email" id="inqMail" placeholder="メールアドレス">
<textarea id="inqBody" placeholder="お問い合わせ内容"></textarea>
<button type="button" id="inqSend">送信</button>
</div>
<script src="/assets/js/inquiry.js"></script>""")
js = """(function () {
  var k = ['na', 'me'].join('');
  document.getElementById('inqSend').addEventListener('click', function () {
    var payload = {};
    payload[k] = document.getElementById('inqName').value;
    payload['mail'] = document.getElementById('inqMail').value;
    payload['body'] = document.getElementById('inqBody').value;
    payload['sig'] = btoa(String(Date.now()));
    fetch('/api/v1/inquiries', {method: 'POST', headers: {'Content-Type': 'application/json'}, body: JSON.stringify(payload)})
      .then(function (r) { return r.json(); }).then(function () { alert('送信しました'); });
  });
})();
"""
Case(name, "needs_browser", "Inputs without names or form; a script builds a JSON body "
     "(with a computed signature) and fetches /api/v1/inquiries: only a browser can send it.",
     "/contact/", {"contact/index.html": page, "assets/js/inquiry.js": js},
     {"forms": {"api": {"fields": {"mail": {"required": True, "format": "email"}},
                        "captcha_field": "sig"}},
      "routes": [{"path": "/contact/", "page": "contact/index.html"},
                 {"path": "/assets/js/inquiry.js", "page": "assets/js/inquiry.js"},
                 {"path": "/api/v1/inquiries", "method": "POST", "submit": {
                     "form": "api", "step": "final", "body": "json", "response": "json"}}]},
     verdict="needs_browser", outcome="skipped", code="NEEDS_BROWSER")

# 3. The form lives in a same-site iframe.
name = "iframe-same-site"
fields = [
    F("company", "company_name", label="会社名"),
    F("name", "full_name", True, label="お名前"),
    F("email", "email", True, label="メールアドレス"),
    F("message", "message", True, label="お問い合わせ内容"),
]
outer = corp(name, "お問い合わせ", """<p>お問い合わせは以下のフォームよりお願いいたします。</p>
<iframe src="/form/inquiry.html" width="100%" height="900" frameborder="0" scrolling="no" title="お問い合わせフォーム"></iframe>""")
inner = """<!DOCTYPE html>
<html lang="ja"><head><meta charset="UTF-8"><title>inquiry</title><link rel="stylesheet" href="/form/form.css"></head>
<body class="embed">
<form action="/form/send.php" method="post">
<table>
<tr><th>会社名</th><td><input type="text" name="company"></td></tr>
<tr><th>お名前<span>*</span></th><td><input type="text" name="name"></td></tr>
<tr><th>メールアドレス<span>*</span></th><td><input type="email" name="email"></td></tr>
<tr><th>お問い合わせ内容<span>*</span></th><td><textarea name="message"></textarea></td></tr>
</table>
<input type="submit" value="送信する">
</form>
</body></html>"""
site = direct_site(fields, entry="/contact/", page="contact/index.html", action="/form/send.php",
                   thanks="/form/thanks.html", thanks_page="form/thanks.html",
                   error_page="form/inquiry.html")
site["routes"].append({"path": "/form/inquiry.html", "page": "form/inquiry.html"})
Case(name, "structure", "The contact page embeds the form from /form/inquiry.html in a "
     "same-site iframe.", "/contact/",
     {"contact/index.html": outer, "form/inquiry.html": inner,
      "form/thanks.html": "<!DOCTYPE html><html lang=\"ja\"><head><meta charset=\"UTF-8\"></head><body><p>送信が完了しました。ありがとうございました。</p></body></html>"},
     site, fields, form_page="form/inquiry.html")

# 4. A newsletter widget in an iframe plus the real form in the page (form-engine defect 4).
name = "iframe-widget-and-main-form"
outer = corp(name, "お問い合わせ", """<form action="/contact/send.php" method="post">
<p><label for="n">お名前</label><input id="n" type="text" name="name"></p>
<p><label for="e">メール</label><input id="e" type="email" name="email"></p>
<p><label for="b">内容</label><textarea id="b" name="body"></textarea></p>
<p><button type="submit">送信</button></p>
</form>
<aside class="nl"><iframe src="/widgets/newsletter.html" width="300" height="120" title="newsletter"></iframe></aside>""")
widget = """<!DOCTYPE html><html lang="ja"><head><meta charset="UTF-8"></head><body>
<form action="/widgets/subscribe" method="post"><input type="email" name="nl" placeholder="メールアドレス"><button>メルマガ登録</button></form>
</body></html>"""
site = direct_site(STD)
site["routes"].append({"path": "/widgets/newsletter.html", "page": "widgets/newsletter.html"})
Case(name, "structure", "The page has the contact form and an iframe holding a newsletter "
     "form: the main page's form is the one (the reference engine preferred any iframe form).",
     "/contact/", {"contact/index.html": outer, "widgets/newsletter.html": widget,
                   "contact/thanks.html": corp(name, "送信完了", THANKS)}, site, STD)


# The script-built forms (script-*) are in cases_browser.py, with what a browser achieves.
