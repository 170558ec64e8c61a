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


def site_with(site, session_cookie):
    if session_cookie:
        site["session_cookie"] = session_cookie
    return site


def std_case(name, description, form_html, fields, title="お問い合わせ", style="modern",
             honeypots=(), head="", entry="/contact/", verdict="contact_form", outcome="success",
             code="SUCCESS", charset="utf-8", page_fn=None, session_cookie=None, **form_extra):
    """A static page at /contact/ posting to /contact/send.php, thanks at thanks.html."""
    page_fn = page_fn or (lambda seed, t, body: corp(seed, t, body, style=style, head=head))
    return Case(name, "static", description, entry,
                {"contact/index.html": page_fn(name, title, form_html),
                 "contact/thanks.html": page_fn(name, "送信完了", THANKS)},
                site_with(direct_site(fields, entry=entry, honeypots=honeypots, **form_extra),
                          session_cookie), fields,
                honeypots=honeypots, verdict=verdict, outcome=outcome, code=code,
                charset=charset)


# 3. Only aria-label attributes name the inputs.
fields = [
    F("company", "company_name", label="会社名"),
    F("name", "full_name", True, label="お名前"),
    F("email", "email", True, label="メールアドレス"),
    F("tel", "phone", label="電話番号"),
    F("inquiry", "message", True, label="お問い合わせ内容"),
]
std_case("static-aria-label", "Inputs named only by aria-label (no label elements, no "
         "placeholders), icons instead of text.", """<form action="/contact/send.php" method="post" class="c-form">
  <div class="c-form__row"><i class="icon-building" aria-hidden="true"></i><input type="text" name="company" aria-label="会社名"></div>
  <div class="c-form__row"><i class="icon-user" aria-hidden="true"></i><input type="text" name="name" aria-label="お名前（必須）" aria-required="true"></div>
  <div class="c-form__row"><i class="icon-mail" aria-hidden="true"></i><input type="email" name="email" aria-label="メールアドレス（必須）" aria-required="true"></div>
  <div class="c-form__row"><i class="icon-phone" aria-hidden="true"></i><input type="tel" name="tel" aria-label="電話番号"></div>
  <div class="c-form__row"><textarea name="inquiry" aria-label="お問い合わせ内容（必須）" aria-required="true" rows="6"></textarea></div>
  <div class="c-form__row"><button type="submit" class="c-btn">送信する</button></div>
</form>""", fields, style="minimal")

# 4. Labels referenced by aria-labelledby from a grid layout.
fields = [
    F("f1", "company_name", True, label="貴社名"),
    F("f2", "full_name", True, label="ご担当者名"),
    F("f3", "email", True, label="メールアドレス"),
    F("f4", "phone", label="電話番号"),
    F("f5", "message", True, label="ご用件"),
]
std_case("static-aria-labelledby", "Generic names f1…f5; the labels are separate grid cells "
         "referenced by aria-labelledby.", """<form action="/contact/send.php" method="post">
<div class="grid">
  <div class="grid__label" id="lbl-company">貴社名 <span class="req">必須</span></div>
  <div class="grid__input"><input type="text" name="f1" aria-labelledby="lbl-company"></div>
  <div class="grid__label" id="lbl-person">ご担当者名 <span class="req">必須</span></div>
  <div class="grid__input"><input type="text" name="f2" aria-labelledby="lbl-person"></div>
  <div class="grid__label" id="lbl-mail">メールアドレス <span class="req">必須</span></div>
  <div class="grid__input"><input type="email" name="f3" aria-labelledby="lbl-mail"></div>
  <div class="grid__label" id="lbl-tel">電話番号</div>
  <div class="grid__input"><input type="tel" name="f4" aria-labelledby="lbl-tel"></div>
  <div class="grid__label" id="lbl-body">ご用件 <span class="req">必須</span></div>
  <div class="grid__input"><textarea name="f5" aria-labelledby="lbl-body" rows="6"></textarea></div>
</div>
<button type="submit">送信</button>
</form>""", fields)

# 5. Wrapping labels around each control.
fields = [
    F("org", "company_name", label="会社・団体名"),
    F("person", "full_name", True, label="お名前"),
    F("person_kana", "full_name_kana", True, kana_script="katakana", label="フリガナ"),
    F("mailaddress", "email", True, label="メールアドレス"),
    F("phone", "phone", label="電話番号"),
    F("question", "message", True, label="ご質問"),
]
std_case("static-wrapping-labels", "Every control wrapped in its <label> with the text "
         "before it; company field labelled 会社・団体名.", """<form action="/contact/send.php" method="post" class="form-wrap">
<label class="fld">会社・団体名<input type="text" name="org"></label>
<label class="fld">お名前<span class="req">*</span><input type="text" name="person" required></label>
<label class="fld">フリガナ<span class="req">*</span><input type="text" name="person_kana" required></label>
<label class="fld">メールアドレス<span class="req">*</span><input type="email" name="mailaddress" required></label>
<label class="fld">電話番号<input type="tel" name="phone"></label>
<label class="fld">ご質問<span class="req">*</span><textarea name="question" rows="6" required></textarea></label>
<button type="submit">送信する</button>
</form>""", fields)

# 6. ul/li rows with li_left / li_right cells.
fields = [
    F("kaisha", "company_name", label="会社名"),
    F("tantou", "full_name", True, label="ご担当者"),
    F("mail", "email", True, label="メール"),
    F("tel", "phone", True, label="お電話"),
    F("yoken", "message", True, label="ご用件"),
]
std_case("static-ul-li-rows", "A ul/li layout: each row is li.li_left (label) + li.li_right "
         "(control); romaji names (kaisha, tantou, yoken).", """<form action="/contact/send.php" method="post">
<ul class="formList">
<li class="li_left">会社名</li><li class="li_right"><input type="text" name="kaisha"></li>
<li class="li_left">ご担当者 ※</li><li class="li_right"><input type="text" name="tantou"></li>
<li class="li_left">メール ※</li><li class="li_right"><input type="text" name="mail"></li>
<li class="li_left">お電話 ※</li><li class="li_right"><input type="text" name="tel"></li>
<li class="li_left">ご用件 ※</li><li class="li_right"><textarea name="yoken" rows="6"></textarea></li>
</ul>
<p class="btn"><input type="submit" value="送信"></p>
</form>""", fields)

# 7. div rows with <span>姓</span>/<span>名</span> prefixes (lastname/firstname).
fields = [
    F("lastname", "last_name", True, label="姓"),
    F("firstname", "first_name", True, label="名"),
    F("email", "email", True, label="メールアドレス"),
    F("message", "message", True, label="お問い合わせ内容"),
]
std_case("static-div-rows-split-name", "div.row label/field layout; the name row has "
         "<span>姓</span><input name=lastname><span>名</span><input name=firstname>.",
         """<form action="/contact/send.php" method="post">
<div class="row"><div class="label">お名前<span class="required">必須</span></div><div class="field"><span>姓</span><input type="text" name="lastname"><span>名</span><input type="text" name="firstname"></div></div>
<div class="row"><div class="label">メールアドレス<span class="required">必須</span></div><div class="field"><input type="email" name="email"></div></div>
<div class="row"><div class="label">お問い合わせ内容<span class="required">必須</span></div><div class="field"><textarea name="message"></textarea></div></div>
<button type="submit">送信</button>
</form>""", fields)

# 8. Romaji names in a th/td table.
fields = [
    F("kaishamei", "company_name", True, label="会社名"),
    F("onamae", "full_name", True, label="お名前"),
    F("furigana", "full_name_kana", True, kana_script="katakana", label="フリガナ"),
    F("yuubin", "postal_code", label="郵便番号"),
    F("jusho", "address", label="ご住所"),
    F("denwa", "phone", True, label="電話番号"),
    F("meeru", "email", True, label="メールアドレス"),
    F("naiyou", "message", True, label="お問い合わせ内容"),
]
std_case("static-romaji-names", "A th/td table with romaji names (kaishamei, onamae, "
         "furigana, yuubin, jusho, denwa, meeru, naiyou); one full address field.",
         """<form action="/contact/send.php" method="post">
<table class="contact-table">
<tr><th>会社名 <span class="hissu">必須</span></th><td><input type="text" name="kaishamei"></td></tr>
<tr><th>お名前 <span class="hissu">必須</span></th><td><input type="text" name="onamae"></td></tr>
<tr><th>フリガナ <span class="hissu">必須</span></th><td><input type="text" name="furigana"></td></tr>
<tr><th>郵便番号</th><td><input type="text" name="yuubin" placeholder="000-0000"></td></tr>
<tr><th>ご住所</th><td><input type="text" name="jusho" size="60"></td></tr>
<tr><th>電話番号 <span class="hissu">必須</span></th><td><input type="text" name="denwa"></td></tr>
<tr><th>メールアドレス <span class="hissu">必須</span></th><td><input type="text" name="meeru"></td></tr>
<tr><th>お問い合わせ内容 <span class="hissu">必須</span></th><td><textarea name="naiyou" rows="8"></textarea></td></tr>
</table>
<p class="center"><input type="submit" value="送信する"></p>
</form>""", fields)

# 9. Rails-style bracket names with label[for].
fields = [
    F("inquiry[company_name]", "company_name", True, label="会社名"),
    F("inquiry[department]", "department", label="部署"),
    F("inquiry[name]", "full_name", True, label="お名前"),
    F("inquiry[email]", "email", True, label="メールアドレス"),
    F("inquiry[phone]", "phone", label="電話番号"),
    F("inquiry[body]", "message", True, label="お問い合わせ内容"),
]
std_case("static-bracket-names", "Rails-style names inquiry[company_name] … with label[for] "
         "ids, an authenticity_token and utf8=✓ hidden inputs that must be echoed.",
         """<form class="new_inquiry" id="new_inquiry" action="/contact/send.php" accept-charset="UTF-8" method="post">
<input name="utf8" type="hidden" value="&#x2713;" autocomplete="off"><input type="hidden" name="authenticity_token" value="{{csrf_token}}" autocomplete="off">
<div class="field"><label for="inquiry_company_name">会社名 <abbr>*</abbr></label><input type="text" name="inquiry[company_name]" id="inquiry_company_name"></div>
<div class="field"><label for="inquiry_department">部署</label><input type="text" name="inquiry[department]" id="inquiry_department"></div>
<div class="field"><label for="inquiry_name">お名前 <abbr>*</abbr></label><input type="text" name="inquiry[name]" id="inquiry_name"></div>
<div class="field"><label for="inquiry_email">メールアドレス <abbr>*</abbr></label><input type="email" name="inquiry[email]" id="inquiry_email"></div>
<div class="field"><label for="inquiry_phone">電話番号</label><input type="tel" name="inquiry[phone]" id="inquiry_phone"></div>
<div class="field"><label for="inquiry_body">お問い合わせ内容 <abbr>*</abbr></label><textarea name="inquiry[body]" id="inquiry_body" rows="8"></textarea></div>
<div class="actions"><input type="submit" name="commit" value="送信する" data-disable-with="送信中..."></div>
</form>""", fields, csrf_field="authenticity_token", hidden={"utf8": "✓"})

# 10. Bootstrap floating labels: the label follows the input.
fields = [
    F("company", "company_name", label="会社名"),
    F("name", "full_name", True, label="お名前"),
    F("email", "email", True, label="メールアドレス"),
    F("message", "message", True, label="メッセージ"),
]
std_case("static-floating-labels", "Bootstrap floating labels: each label comes after its "
         "input, placeholders duplicate the label text.", """<form action="/contact/send.php" method="post">
<div class="form-floating mb-3"><input type="text" class="form-control" id="fCompany" name="company" placeholder="会社名"><label for="fCompany">会社名</label></div>
<div class="form-floating mb-3"><input type="text" class="form-control" id="fName" name="name" placeholder="お名前" required><label for="fName">お名前 *</label></div>
<div class="form-floating mb-3"><input type="email" class="form-control" id="fEmail" name="email" placeholder="name@example.com" required><label for="fEmail">メールアドレス *</label></div>
<div class="form-floating mb-3"><textarea class="form-control" id="fMessage" name="message" placeholder="メッセージ" style="height: 160px" required></textarea><label for="fMessage">メッセージ *</label></div>
<button class="btn btn-dark w-100 py-3" type="submit">送信する</button>
</form>""", fields, style="bootstrap")

# 11. ハイフンなし phone, 7-digit postal code.
fields = [
    F("name", "full_name", True, label="お名前"),
    F("zip", "postal_code", style="digits", label="郵便番号", rule={"format": "postal_digits"}),
    F("addr", "address", label="住所"),
    F("tel", "phone", True, style="digits", label="電話番号"),
    F("email", "email", True, label="メールアドレス"),
    F("msg", "message", True, label="お問い合わせ内容"),
]
std_case("static-no-hyphen", "Phone labelled 電話番号（ハイフンなし） and postal code "
         "郵便番号（半角数字7桁）; the script rejects hyphens in both.", """<form action="/contact/send.php" method="post">
<dl class="form">
<dt>お名前 <span class="req">必須</span></dt><dd><input type="text" name="name"></dd>
<dt>郵便番号（半角数字7桁）</dt><dd><input type="text" name="zip" maxlength="7" inputmode="numeric"></dd>
<dt>住所</dt><dd><input type="text" name="addr"></dd>
<dt>電話番号（ハイフンなし） <span class="req">必須</span></dt><dd><input type="tel" name="tel" maxlength="11" inputmode="numeric"></dd>
<dt>メールアドレス <span class="req">必須</span></dt><dd><input type="email" name="email"></dd>
<dt>お問い合わせ内容 <span class="req">必須</span></dt><dd><textarea name="msg" rows="6"></textarea></dd>
</dl>
<button type="submit">送信する</button>
</form>""", fields)

# 12. Company name in hiragana (会社名ふりがな) and split せい/めい.
fields = [
    F("company", "company_name", True, label="会社名"),
    F("company_furi", "company_name_kana", True, kana_script="hiragana", label="会社名（ふりがな）"),
    F("sei", "last_name", True, label="姓"),
    F("mei", "first_name", True, label="名"),
    F("sei_furi", "last_name_kana", True, kana_script="hiragana", label="せい"),
    F("mei_furi", "first_name_kana", True, kana_script="hiragana", label="めい"),
    F("email", "email", True, label="メールアドレス"),
    F("content", "message", True, label="お問い合わせ内容"),
]
std_case("static-hiragana-everywhere", "会社名（ふりがな） and お名前（ふりがな） せい/めい, all "
         "in hiragana; the script checks hiragana.", """<form action="/contact/send.php" method="post">
<table class="tbl">
<tr><th>会社名<em>※</em></th><td><input type="text" name="company"></td></tr>
<tr><th>会社名（ふりがな）<em>※</em></th><td><input type="text" name="company_furi" placeholder="かぶしきがいしゃ〇〇"></td></tr>
<tr><th>お名前<em>※</em></th><td>姓 <input type="text" name="sei" size="12"> 名 <input type="text" name="mei" size="12"></td></tr>
<tr><th>お名前（ふりがな）<em>※</em></th><td>せい <input type="text" name="sei_furi" size="12"> めい <input type="text" name="mei_furi" size="12"></td></tr>
<tr><th>メールアドレス<em>※</em></th><td><input type="email" name="email"></td></tr>
<tr><th>お問い合わせ内容<em>※</em></th><td><textarea name="content" rows="7"></textarea></td></tr>
</table>
<p><input type="submit" value="送信する"></p>
</form>""", fields)

# 13. Preferred contact method radio.
fields = [
    F("name", "full_name", True, label="お名前"),
    F("email", "email", True, label="メールアドレス"),
    F("tel", "phone", label="電話番号"),
    F("contact_method", "contact_method", True, value="mail", label="ご希望の連絡方法",
      rule={"one_of": ["tel", "mail", "either"]}),
    F("message", "message", True, label="お問い合わせ内容"),
]
std_case("static-contact-method", "A required ご希望の連絡方法 radio (電話 / メール / "
         "どちらでも) whose values are codes; メール is the sender's channel.", """<form action="/contact/send.php" method="post">
<p><label for="n">お名前*</label><br><input id="n" type="text" name="name"></p>
<p><label for="e">メールアドレス*</label><br><input id="e" type="email" name="email"></p>
<p><label for="t">電話番号</label><br><input id="t" type="tel" name="tel"></p>
<fieldset><legend>ご希望の連絡方法*</legend>
<label><input type="radio" name="contact_method" value="tel"> 電話</label>
<label><input type="radio" name="contact_method" value="mail"> メール</label>
<label><input type="radio" name="contact_method" value="either"> どちらでも可</label>
</fieldset>
<p><label for="m">お問い合わせ内容*</label><br><textarea id="m" name="message" rows="6"></textarea></p>
<p><button type="submit">送信</button></p>
</form>""", fields)

# 14. Position, department and URL fields, all optional.
fields = [
    F("company", "company_name", True, label="会社名"),
    F("company_kana", "company_name_kana", kana_script="katakana", label="会社名（フリガナ）"),
    F("department", "department", label="部署名"),
    F("position", "position", label="役職"),
    F("url", "url", label="ホームページURL"),
    F("name", "full_name", True, label="お名前"),
    F("email", "email", True, label="メール"),
    F("message", "message", True, label="お問い合わせ内容"),
]
std_case("static-position-url", "Optional 会社名（フリガナ）, 部署名, 役職 and ホームページURL, "
         "each clearly labelled with label[for] (form-engine case A-23).", """<form action="/contact/send.php" method="post">
<p><label for="a">会社名</label><input id="a" name="company" type="text"></p>
<p><label for="b">会社名（フリガナ）</label><input id="b" name="company_kana" type="text"></p>
<p><label for="c">部署名</label><input id="c" name="department" type="text"></p>
<p><label for="d">役職</label><input id="d" name="position" type="text"></p>
<p><label for="e">ホームページURL</label><input id="e" name="url" type="url"></p>
<p><label for="f">お名前</label><input id="f" name="name" type="text"></p>
<p><label for="g">メール</label><input id="g" name="email" type="email"></p>
<p><label for="h">お問い合わせ内容</label><textarea id="h" name="message"></textarea></p>
<button type="submit">送信</button>
</form>""", fields)

# 15. 会社名または氏名 (form-engine case A-31): the company name goes there.
fields = [
    F("cname", "company_name", True, label="会社名または氏名"),
    F("email", "email", True, label="メール"),
    F("body", "message", True, label="内容"),
]
std_case("static-company-or-name", "A single field labelled 会社名または氏名 (company name "
         "preferred; form-engine case A-31).", """<form action="/contact/send.php" method="post">
<p><label for="a">会社名または氏名</label><input id="a" name="cname" type="text" required></p>
<p><label for="b">メール</label><input id="b" name="email" type="email" required></p>
<p><label for="c">内容</label><textarea id="c" name="body" required></textarea></p>
<button type="submit">送信</button>
</form>""", fields)

# 16. Three textareas: only the inquiry one takes the message.
fields = [
    F("name", "full_name", True, label="お名前"),
    F("email", "email", True, label="メール"),
    F("addr", "address", fill=False),
    F("inq", "message", True, label="お問い合わせ内容"),
    F("other", "other", fill=False),
]
std_case("static-three-textareas", "Three textareas (ご住所, お問い合わせ内容, その他ご要望): "
         "the message goes only into お問い合わせ内容 (form-engine case A-41).", """<form action="/contact/send.php" method="post">
<p><label for="n">お名前</label><input id="n" name="name" type="text"></p>
<p><label for="e">メール</label><input id="e" name="email" type="email"></p>
<p><label for="x">ご住所</label><textarea id="x" name="addr" rows="2"></textarea></p>
<p><label for="m">お問い合わせ内容</label><textarea id="m" name="inq" rows="8"></textarea></p>
<p><label for="o">その他ご要望</label><textarea id="o" name="other" rows="3"></textarea></p>
<button type="submit">送信</button>
</form>""", fields)

# 17. The message textarea is named q_body.
fields = [
    F("name", "full_name", True, label="お名前"),
    F("mail", "email", True, label="メール"),
    F("q_body", "message", True, label="ご質問"),
]
std_case("static-q-body", "The question textarea is named q_body (the reference engine "
         "excluded it because of the token q; form-engine case A-33).", """<form action="/contact/send.php" method="post">
<label for="a">お名前</label><input id="a" type="text" name="name">
<label for="b">メール</label><input id="b" type="email" name="mail">
<label for="c">ご質問</label><textarea id="c" name="q_body"></textarea>
<button type="submit">送信</button>
</form>""", fields)

# 18-20. Required fields the sender cannot truthfully fill.
fields = [
    F("name", "full_name", True, label="お名前"),
    F("email", "email", True, label="メール"),
    F("visit_date", "other", True, fill=False),
    F("body", "message", True, label="内容"),
]
std_case("unfillable-visit-date", "A required ご来店予定日 (planned visit date) the sender "
         "cannot truthfully give (form-engine case A-34): skip, never invent a date or put the "
         "company name there.", """<form action="/contact/send.php" method="post">
<p><label for="a">お名前<span class="must">*</span></label><input id="a" name="name" type="text" required></p>
<p><label for="b">メール<span>*</span></label><input id="b" name="email" type="email" required></p>
<p><label for="c">ご来店予定日<span>*</span></label><input id="c" name="visit_date" type="text" required placeholder="例）2024年5月10日"></p>
<p><label for="d">内容<span>*</span></label><textarea id="d" name="body" required></textarea></p>
<button type="submit">送信</button>
</form>""", fields, verdict="contact_form", outcome="skipped", code="REQUIRED_FIELD_UNFILLABLE")

fields = [
    F("name", "full_name", True, label="お名前"),
    F("age", "age", True, fill=False),
    F("email", "email", True, label="メールアドレス"),
    F("message", "message", True, label="ご相談内容"),
]
std_case("unfillable-age", "A required 年齢 select (20代/30代/…): the sender's age is "
         "unknown, so the form cannot be filled truthfully.", """<form action="/contact/send.php" method="post">
<table>
<tr><th>お名前 ※</th><td><input type="text" name="name"></td></tr>
<tr><th>年齢 ※</th><td><select name="age" required><option value="">選択してください</option><option>10代</option><option>20代</option><option>30代</option><option>40代</option><option>50代</option><option>60代以上</option></select></td></tr>
<tr><th>メールアドレス ※</th><td><input type="email" name="email"></td></tr>
<tr><th>ご相談内容 ※</th><td><textarea name="message"></textarea></td></tr>
</table>
<input type="submit" value="送信">
</form>""", fields, verdict="contact_form", outcome="skipped", code="REQUIRED_FIELD_UNFILLABLE")

fields = [
    F("order_no", "other", True, fill=False),
    F("name", "full_name", True, label="お名前"),
    F("email", "email", True, label="メールアドレス"),
    F("detail", "message", True, label="お問い合わせ内容"),
]
std_case("unfillable-order-number", "A customer-support form whose first field is a required "
         "ご注文番号 (order number, pattern ORD-NNNNNNNN): the sender has none.", """<p>ご購入商品に関するお問い合わせは、ご注文番号をご用意のうえご連絡ください。</p>
<form action="/contact/send.php" method="post">
<div class="f"><label for="o">ご注文番号 <span class="req">必須</span></label><input id="o" type="text" name="order_no" pattern="ORD-[0-9]{8}" required placeholder="ORD-00000000"></div>
<div class="f"><label for="n">お名前 <span class="req">必須</span></label><input id="n" type="text" name="name" required></div>
<div class="f"><label for="e">メールアドレス <span class="req">必須</span></label><input id="e" type="email" name="email" required></div>
<div class="f"><label for="d">お問い合わせ内容 <span class="req">必須</span></label><textarea id="d" name="detail" required></textarea></div>
<button type="submit">送信する</button>
</form>""", fields, title="ご購入者さまサポート窓口", verdict="contact_form", outcome="skipped",
         code="REQUIRED_FIELD_UNFILLABLE")

# 21. Optional fields the sender has no value for are simply left empty.
fields = [
    F("name", "full_name", True, label="お名前"),
    F("birthday", "other", fill=False),
    F("visit", "other", fill=False),
    F("email", "email", True, label="メールアドレス"),
    F("message", "message", True, label="お問い合わせ内容"),
]
std_case("static-optional-unknowns", "Optional 生年月日 (date input) and ご来場希望日 are "
         "left empty; everything else is filled.", """<form action="/contact/send.php" method="post">
<p>お名前（必須）<input type="text" name="name" required></p>
<p>生年月日（任意）<input type="date" name="birthday"></p>
<p>ご来場希望日（任意）<input type="text" name="visit" placeholder="例：5月10日 午後"></p>
<p>メールアドレス（必須）<input type="email" name="email" required></p>
<p>お問い合わせ内容（必須）<textarea name="message" required></textarea></p>
<p><input type="submit" value="送信する"></p>
</form>""", fields)

# 22-24. Honeypots: off-screen, hidden by a stylesheet class, and a suspicious name.
fields = [
    F("your-name", "full_name", label="お名前"),
    F("your-email", "email", label="メールアドレス"),
    F("honeypot_email", "honeypot"),
    F("your-message", "message", label="メッセージ"),
]
std_case("honeypot-offscreen", "An off-screen honeypot (position:absolute; left:-9999px, "
         "tabindex=-1, label 'Leave empty') plus hidden inputs (form-engine case A-10).",
         """<form action="/contact/send.php" method="post">
<p><label for="nm">お名前</label><input type="text" id="nm" name="your-name"></p>
<p><label for="em">メールアドレス</label><input type="email" id="em" name="your-email"></p>
<div style="position:absolute;left:-9999px"><label for="hp">Leave empty</label><input type="text" id="hp" name="honeypot_email" tabindex="-1" autocomplete="off"></div>
<input type="hidden" name="token" value="abc"><input type="hidden" name="mail_hidden" value="">
<p><label for="ms">メッセージ</label><textarea id="ms" name="your-message"></textarea></p>
<input type="submit" value="送信">
</form>""", fields, honeypots=["honeypot_email"], hidden={"token": "abc"})

fields = [
    F("company", "company_name", True, label="会社名"),
    F("name", "full_name", True, label="お名前"),
    F("email", "email", True, label="メールアドレス"),
    F("website_url", "honeypot"),
    F("message", "message", True, label="お問い合わせ内容"),
]
std_case("honeypot-css-class", "A honeypot named website_url hidden only by a class rule in "
         "the page's <style> (.form-extra{display:none}); its label says ホームページ.",
         """<form action="/contact/send.php" method="post" class="cform">
<div class="cform__item"><label for="c1">会社名<span class="req">必須</span></label><input id="c1" type="text" name="company" required></div>
<div class="cform__item"><label for="c2">お名前<span class="req">必須</span></label><input id="c2" type="text" name="name" required></div>
<div class="cform__item"><label for="c3">メールアドレス<span class="req">必須</span></label><input id="c3" type="email" name="email" required></div>
<div class="cform__item form-extra"><label for="c4">ホームページ</label><input id="c4" type="text" name="website_url" autocomplete="off"></div>
<div class="cform__item"><label for="c5">お問い合わせ内容<span class="req">必須</span></label><textarea id="c5" name="message" required></textarea></div>
<button type="submit">送信する</button>
</form>""", fields, honeypots=["website_url"],
         head="<style>.form-extra{display:none}.cform__item{margin-bottom:1em}</style>\n")

fields = [
    F("name", "full_name", True, label="お名前"),
    F("mail", "email", True, label="メールアドレス"),
    F("hp_trap_field", "honeypot"),
    F("comment", "message", True, label="ご質問"),
]
std_case("honeypot-suspicious-name", "A trap input named hp_trap_field, class "
         "\"trap\", aria-hidden and visibility:hidden.", """<form action="/contact/send.php" method="post">
<dl>
<dt>お名前 ※</dt><dd><input type="text" name="name"></dd>
<dt>メールアドレス ※</dt><dd><input type="text" name="mail"></dd>
<dt class="trap" aria-hidden="true" style="visibility:hidden;height:0;overflow:hidden">確認</dt><dd class="trap" aria-hidden="true" style="visibility:hidden;height:0;overflow:hidden"><input type="text" name="hp_trap_field" value="" tabindex="-1"></dd>
<dt>ご質問 ※</dt><dd><textarea name="comment"></textarea></dd>
</dl>
<p><input type="submit" value="送信"></p>
</form>""", fields, honeypots=["hp_trap_field"])

# 25. Many hidden inputs (tracking, form id, referrer) the script checks.
fields = [
    F("name", "full_name", True, label="お名前"),
    F("company", "company_name", label="会社名"),
    F("email", "email", True, label="メールアドレス"),
    F("message", "message", True, label="お問い合わせ内容"),
]
std_case("static-hidden-inputs", "Hidden form_id, page, utm_source, timestamp and checksum "
         "inputs that the script compares with what it issued.", """<form action="/contact/send.php" method="post">
<input type="hidden" name="form_id" value="contact-main">
<input type="hidden" name="page" value="/contact/">
<input type="hidden" name="utm_source" value="">
<input type="hidden" name="ts" value="1717040000">
<input type="hidden" name="checksum" value="9f2c1e7a5b">
<p><label>お名前 <span>*</span><input type="text" name="name"></label></p>
<p><label>会社名<input type="text" name="company"></label></p>
<p><label>メールアドレス <span>*</span><input type="email" name="email"></label></p>
<p><label>お問い合わせ内容 <span>*</span><textarea name="message"></textarea></label></p>
<p><button type="submit">送信</button></p>
</form>""", fields, hidden={"form_id": "contact-main", "ts": "1717040000", "checksum": "9f2c1e7a5b"})

# 26. Laravel: _token bound to the session cookie.
fields = [
    F("company_name", "company_name", True, label="会社名"),
    F("name", "full_name", True, label="氏名"),
    F("email", "email", True, label="メールアドレス"),
    F("tel", "phone", label="電話番号"),
    F("content", "message", True, label="お問い合わせ内容"),
]
std_case("static-laravel-csrf", "A Laravel form: hidden _token bound to the laravel_session "
         "cookie (a post without the cookie is refused with 419-style 'page expired').",
         """<form method="POST" action="/contact/send.php">
<input type="hidden" name="_token" value="{{csrf_token}}" autocomplete="off">
<div class="mb-4"><label class="block" for="company_name">会社名 <span class="text-red-600">*</span></label><input id="company_name" class="form-input" type="text" name="company_name" required></div>
<div class="mb-4"><label class="block" for="name">氏名 <span class="text-red-600">*</span></label><input id="name" class="form-input" type="text" name="name" required></div>
<div class="mb-4"><label class="block" for="email">メールアドレス <span class="text-red-600">*</span></label><input id="email" class="form-input" type="email" name="email" required></div>
<div class="mb-4"><label class="block" for="tel">電話番号</label><input id="tel" class="form-input" type="tel" name="tel"></div>
<div class="mb-4"><label class="block" for="content">お問い合わせ内容 <span class="text-red-600">*</span></label><textarea id="content" class="form-textarea" name="content" rows="6" required></textarea></div>
<button type="submit" class="btn-primary">送信する</button>
</form>""", fields, style="tailwind", csrf_field="_token", session_cookie="laravel_session")
