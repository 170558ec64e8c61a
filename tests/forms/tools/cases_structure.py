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


def browser_case(name, description, page_html, assets):
    pages = {"contact/index.html": page_html}
    pages.update(assets)
    routes = [{"path": "/contact/", "page": "contact/index.html"}]
    routes += [{"path": "/" + rel, "page": rel} for rel in assets]
    return Case(name, "needs_browser", description, "/contact/", pages, {"routes": routes},
                verdict="needs_browser", outcome="skipped", code="NEEDS_BROWSER")


name = "script-react-spa"
browser_case(name, "A React single-page app: the HTML is an empty #root and a bundle that "
             "renders the form.", """<!DOCTYPE html>
<html lang="ja"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><title>お問い合わせ | Acme Cloud</title>
<script defer="defer" src="/static/js/main.8f3a2c1e.js"></script><link href="/static/css/main.1b2c3d4e.css" rel="stylesheet"></head>
<body><noscript>このページを表示するにはJavaScriptを有効にしてください。</noscript><div id="root"></div></body></html>""",
             {"static/js/main.8f3a2c1e.js": "(()=>{\"use strict\";var e={};/* minified bundle: renders <ContactForm/> into #root and posts JSON to /api/contact */})();\n",
              "static/css/main.1b2c3d4e.css": "body{margin:0}\n"})

name = "script-hubspot-embed"
browser_case(name, "A HubSpot form embed: hbspt.forms.create builds the form inside a div.",
             corp(name, "お問い合わせ", """<p>以下のフォームよりお問い合わせください。</p>
<div id="hubspot-form"></div>
<script charset="utf-8" type="text/javascript" src="//js.hsforms.net/forms/embed/v2.js"></script>
<script>
  hbspt.forms.create({
    region: "na1",
    portalId: "21234567",
    formId: "a1b2c3d4-e5f6-7890-abcd-ef1234567890",
    target: "#hubspot-form"
  });
</script>"""), {})

name = "script-formrun-embed"
browser_case(name, "A formrun embed (div.formrun-embed + sdk.form.run script).",
             corp(name, "お問い合わせ", """<div class="formrun-embed" data-formrun-form="@miraiworks-inquiry" data-formrun-redirect="true"></div>
<script src="https://sdk.form.run/js/v2/embed.js"></script>"""), {})

name = "script-vue-form"
browser_case(name, "A Vue app: the form is in the HTML as a template with v-model bindings and "
             "@submit.prevent; the script posts JSON, the form itself has no action.",
             corp(name, "お問い合わせ", """<div id="app">
<form @submit.prevent="submit" class="contact" novalidate>
  <div class="field"><label>お名前</label><input type="text" v-model="form.name"></div>
  <div class="field"><label>メールアドレス</label><input type="email" v-model="form.email"></div>
  <div class="field"><label>お問い合わせ内容</label><textarea v-model="form.message"></textarea></div>
  <p class="error" v-if="error">{{ error }}</p>
  <button type="submit" :disabled="sending">送信する</button>
</form>
</div>
<script src="/assets/js/vue.global.prod.js"></script>
<script src="/assets/js/contact-app.js"></script>"""),
             {"assets/js/contact-app.js": "Vue.createApp({data(){return{form:{name:'',email:'',message:''},error:'',sending:false}},methods:{async submit(){this.sending=true;await fetch('/api/contact',{method:'POST',headers:{'Content-Type':'application/json'},body:JSON.stringify(this.form)});location.href='/contact/thanks/'}}}).mount('#app');\n"})
