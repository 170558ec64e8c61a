"""Static HTML templates (Bootstrap and friends) posting to a small script."""
from chrome import bare, corp
from kit import form_spec
from lib import Case, F


def direct_site(fields, entry="/contact/", page="contact/index.html", action="/contact/send.php",
                thanks="/contact/thanks.html", thanks_page="contact/thanks.html",
                error_page="contact/index.html", honeypots=(), method="POST", **form_extra):
    return {
        "forms": {"contact": form_spec(fields, honeypots, **form_extra)},
        "routes": [
            {"path": entry, "page": page},
            {"path": action, "method": method, "submit": {
                "form": "contact", "step": "final", "on_error": error_page,
                "on_final": {"redirect": thanks}}},
            {"path": thanks, "page": thanks_page},
        ],
    }


THANKS = """<section class="thanks">
<h2>お問い合わせありがとうございます</h2>
<p>お問い合わせを受け付けました。<br>担当者より2営業日以内にご連絡いたします。</p>
<p><a href="/" class="btn">トップページへ戻る</a></p>
</section>"""

# 1. Bootstrap form with label[for] and ids, required attributes and a privacy checkbox.
name = "static-bootstrap-labels"
fields = [
    F("company", "company_name", label="会社名"),
    F("name", "full_name", True, label="お名前"),
    F("email", "email", True, label="メールアドレス"),
    F("phone", "phone", label="電話番号"),
    F("message", "message", True, label="お問い合わせ内容"),
    F("privacy", "consent", True, value="agree", label="プライバシーポリシー"),
]
form = """<section class="container py-5">
<p class="mb-4">サービスに関するご質問・ご相談は、以下のフォームからお問い合わせください。</p>
{{errors}}
<form action="/contact/send.php" method="post" class="needs-validation" novalidate>
  <div class="mb-3">
    <label for="inputCompany" class="form-label">会社名</label>
    <input type="text" class="form-control" id="inputCompany" name="company" value="{{value:company}}">
  </div>
  <div class="mb-3">
    <label for="inputName" class="form-label">お名前 <span class="badge bg-danger">必須</span></label>
    <input type="text" class="form-control" id="inputName" name="name" required value="{{value:name}}">
  </div>
  <div class="mb-3">
    <label for="inputEmail" class="form-label">メールアドレス <span class="badge bg-danger">必須</span></label>
    <input type="email" class="form-control" id="inputEmail" name="email" required value="{{value:email}}">
  </div>
  <div class="mb-3">
    <label for="inputPhone" class="form-label">電話番号</label>
    <input type="tel" class="form-control" id="inputPhone" name="phone" value="{{value:phone}}">
  </div>
  <div class="mb-3">
    <label for="inputMessage" class="form-label">お問い合わせ内容 <span class="badge bg-danger">必須</span></label>
    <textarea class="form-control" id="inputMessage" name="message" rows="6" required>{{value:message}}</textarea>
  </div>
  <div class="form-check mb-4">
    <input class="form-check-input" type="checkbox" value="agree" id="checkPrivacy" name="privacy" required>
    <label class="form-check-label" for="checkPrivacy"><a href="/privacy/">プライバシーポリシー</a>に同意する</label>
  </div>
  <button type="submit" class="btn btn-primary btn-lg">送信する</button>
</form>
</section>"""
Case(name, "static", "Bootstrap 5 template: label[for] + ids, required attributes, a privacy "
     "checkbox; posts to send.php which redirects to thanks.html.", "/contact/",
     {"contact/index.html": corp(name, "お問い合わせ", form, style="bootstrap"),
      "contact/thanks.html": corp(name, "送信完了", THANKS, style="bootstrap")},
     direct_site(fields), fields)

# 2. Placeholder-only inputs (no labels at all), as in many landing pages.
name = "static-placeholder-only"
fields = [
    F("f_company", "company_name", True),
    F("f_name", "full_name", True),
    F("f_mail", "email", True),
    F("f_tel", "phone", True),
    F("f_body", "message", True),
]
form = """<div class="contact-area">
<h2 class="contact-area__title">CONTACT</h2>
<p class="contact-area__lead">お気軽にご相談ください。</p>
<form class="contact-form" action="/contact/send.php" method="post">
  <input type="text" name="f_company" placeholder="会社名 *" required>
  <input type="text" name="f_name" placeholder="お名前 *" required>
  <input type="text" name="f_mail" placeholder="example@example.com *" required>
  <input type="text" name="f_tel" placeholder="03-1234-5678 *" required>
  <textarea name="f_body" placeholder="お問い合わせ内容をご記入ください *" required></textarea>
  <button type="submit" class="contact-form__submit">SEND</button>
</form>
</div>"""
Case(name, "static", "Landing-page form whose inputs have only placeholders (no labels); "
     "the email placeholder is an example address.", "/contact/",
     {"contact/index.html": corp(name, "お問い合わせ", form, style="lp"),
      "contact/thanks.html": corp(name, "送信完了", THANKS, style="lp")},
     direct_site(fields), fields)
