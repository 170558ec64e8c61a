"""WordPress + Contact Form 7 sites."""
from chrome import wp
from kit import (CF7_SCRIPT, cf7_acceptance, cf7_choice, cf7_form, cf7_select, cf7_site,
                 cf7_submit, cf7_text, cf7_textarea)
from lib import PREFECTURES, Case, F

# 1. The default CF7 template as most small WordPress sites ship it.
name = "cf7-basic"
fields = [
    F("your-name", "full_name", True, label="お名前"),
    F("your-email", "email", True, label="メールアドレス"),
    F("your-subject", "subject", label="題名"),
    F("your-message", "message", label="メッセージ本文"),
]
inner = f"""<p><label> お名前 (必須)<br />
{cf7_text("your-name", "お名前", True, autocomplete="name")} </label>
</p>
<p><label> メールアドレス (必須)<br />
{cf7_text("your-email", "メールアドレス", True, kind="email", autocomplete="email")} </label>
</p>
<p><label> 題名<br />
{cf7_text("your-subject", "題名")} </label>
</p>
<p><label> メッセージ本文 (任意)<br />
{cf7_textarea("your-message")} </label>
</p>
<p>{cf7_submit()}</p>"""
main = f"""<p>お問い合わせは下記フォームよりお送りください。内容を確認のうえ、担当者よりご連絡いたします。</p>
{cf7_form(5, 12, inner)}"""
Case(name, "cf7", "Contact Form 7 default template (label-wrapped fields); AJAX feedback "
     "endpoint and the no-JS fallback both accept the submission.", "/contact/",
     {"contact.html": wp(name, "お問い合わせ", main, head=CF7_SCRIPT)},
     cf7_site(5, 12, fields), fields)

# 2. A corporate CF7 form laid out in a table with company, department, kana, phone,
# an inquiry-type select and an acceptance checkbox.
name = "cf7-corporate-table"
fields = [
    F("company-name", "company_name", True, label="会社名"),
    F("department", "department", label="部署名"),
    F("your-name", "full_name", True, label="ご担当者名"),
    F("your-kana", "full_name_kana", True, kana_script="katakana", label="フリガナ"),
    F("your-email", "email", True, label="メールアドレス"),
    F("your-tel", "phone", True, label="電話番号"),
    F("inquiry-type", "inquiry_type", True, value="その他", label="お問い合わせ種別",
      rule={"one_of": ["製品について", "お見積りのご依頼", "採用について", "その他"]}),
    F("your-message", "message", True, label="お問い合わせ内容"),
    F("acceptance-privacy", "consent", True, value="1", label="個人情報の取り扱い"),
]
req = '<span class="required">必須</span>'
inner = f"""<table class="contact-table">
<tbody>
<tr><th>会社名{req}</th><td>{cf7_text("company-name", "会社名", True, placeholder="例）株式会社〇〇", autocomplete="organization")}</td></tr>
<tr><th>部署名</th><td>{cf7_text("department", "部署名", placeholder="例）総務部")}</td></tr>
<tr><th>ご担当者名{req}</th><td>{cf7_text("your-name", "ご担当者名", True, placeholder="例）山田 太郎")}</td></tr>
<tr><th>フリガナ{req}</th><td>{cf7_text("your-kana", "フリガナ", True, placeholder="例）ヤマダ タロウ")}</td></tr>
<tr><th>メールアドレス{req}</th><td>{cf7_text("your-email", "メールアドレス", True, kind="email", placeholder="例）info@example.com")}</td></tr>
<tr><th>電話番号{req}</th><td>{cf7_text("your-tel", "電話番号", True, kind="tel", placeholder="例）03-1234-5678")}</td></tr>
<tr><th>お問い合わせ種別{req}</th><td>{cf7_select("inquiry-type", ["製品について", "お見積りのご依頼", "採用について", "その他"], True, first_as_label="選択してください")}</td></tr>
<tr><th>お問い合わせ内容{req}</th><td>{cf7_textarea("your-message", True)}</td></tr>
</tbody>
</table>
<div class="privacy-box">
<p>ご入力いただいた個人情報は、お問い合わせへの回答のみに利用し、第三者に提供することはありません。詳しくは<a href="/privacy/">プライバシーポリシー</a>をご確認ください。</p>
<p class="acceptance">{cf7_acceptance("acceptance-privacy", "個人情報の取り扱いに同意する")}</p>
</div>
<p class="submit-btn">{cf7_submit("送信する")}</p>"""
main = f"""<div class="contact-lead">
<p>製品・サービスに関するご質問、お見積りのご依頼は、以下のフォームよりお気軽にお問い合わせください。<br>
3営業日以内に担当者よりご連絡いたします。</p>
<p class="tel-box">お電話でのお問い合わせ：受付時間 平日9:00〜17:00</p>
</div>
{cf7_form(128, 34, inner)}"""
Case(name, "cf7", "CF7 inside a th/td table: company, department, kana, phone, required "
     "inquiry-type select (その他 is the neutral choice) and an acceptance checkbox.",
     "/contact/", {"contact.html": wp(name, "お問い合わせ", main, theme="cocoon",
                                       head=CF7_SCRIPT)},
     cf7_site(128, 34, fields), fields)

REQ_BADGE = '<span class="must">必須</span>'
ANY_BADGE = '<span class="any">任意</span>'
PREFS = PREFECTURES

# 3. dl/dt/dd with split names and kana, postal code, prefecture select, email confirmation.
name = "cf7-split-dl"
fields = [
    F("your-company", "company_name", label="会社名"),
    F("your-sei", "last_name", True, label="姓"),
    F("your-mei", "first_name", True, label="名"),
    F("your-sei-kana", "last_name_kana", True, kana_script="katakana", label="セイ"),
    F("your-mei-kana", "first_name_kana", True, kana_script="katakana", label="メイ"),
    F("your-zip", "postal_code", label="郵便番号"),
    F("your-pref", "prefecture", value="東京都", label="都道府県"),
    F("your-address", "address", part="after_prefecture", label="住所"),
    F("your-tel", "phone", True, label="電話番号"),
    F("your-email", "email", True, label="メールアドレス"),
    F("your-email_confirm", "email_confirm", True, label="メールアドレス（確認用）"),
    F("your-message", "message", True, label="お問い合わせ内容"),
]
inner = f"""<dl class="cf-list">
<dt>会社名{ANY_BADGE}</dt>
<dd>{cf7_text("your-company", "会社名")}</dd>
<dt>お名前{REQ_BADGE}</dt>
<dd><div class="name-row"><span class="name-label">姓</span>{cf7_text("your-sei", "姓", True, placeholder="山田", size=15)}<span class="name-label">名</span>{cf7_text("your-mei", "名", True, placeholder="太郎", size=15)}</div></dd>
<dt>フリガナ{REQ_BADGE}</dt>
<dd><div class="name-row"><span class="name-label">セイ</span>{cf7_text("your-sei-kana", "セイ", True, placeholder="ヤマダ", size=15)}<span class="name-label">メイ</span>{cf7_text("your-mei-kana", "メイ", True, placeholder="タロウ", size=15)}</div></dd>
<dt>郵便番号{ANY_BADGE}</dt>
<dd>〒{cf7_text("your-zip", "郵便番号", placeholder="123-4567", size=10)}</dd>
<dt>都道府県{ANY_BADGE}</dt>
<dd>{cf7_select("your-pref", PREFS, first_as_label="都道府県を選択")}</dd>
<dt>ご住所{ANY_BADGE}</dt>
<dd>{cf7_text("your-address", "ご住所", placeholder="市区町村・番地・建物名")}</dd>
<dt>電話番号{REQ_BADGE}</dt>
<dd>{cf7_text("your-tel", "電話番号", True, kind="tel", placeholder="03-1234-5678")}</dd>
<dt>メールアドレス{REQ_BADGE}</dt>
<dd>{cf7_text("your-email", "メールアドレス", True, kind="email")}</dd>
<dt>メールアドレス（確認用）{REQ_BADGE}</dt>
<dd>{cf7_text("your-email_confirm", "確認用", True, kind="email")}<br><small>確認のため、再度ご入力ください。</small></dd>
<dt>お問い合わせ内容{REQ_BADGE}</dt>
<dd>{cf7_textarea("your-message", True)}</dd>
</dl>
<p class="form-submit">{cf7_submit("送信する")}</p>"""
main = f"""<p>以下のフォームに必要事項をご記入のうえ、送信してください。</p>
{cf7_form(214, 88, inner)}"""
Case(name, "cf7", "CF7 in a dl/dt/dd layout: 姓/名 and セイ/メイ split inputs, 〒 postal code "
     "with a hyphen example, prefecture select, address after the prefecture, email + 確認用.",
     "/contact/", {"contact.html": wp(name, "お問い合わせ", main, theme="snow-monkey",
                                       head=CF7_SCRIPT)},
     cf7_site(214, 88, fields), fields)

# 4. An acceptance box beside a newsletter opt-in, and an inquiry-type radio with その他.
name = "cf7-newsletter-optin"
fields = [
    F("company", "company_name", True, label="会社名"),
    F("fullname", "full_name", True, label="お名前"),
    F("mail", "email", True, label="メールアドレス"),
    F("category", "inquiry_type", True, value="その他", label="お問い合わせ項目",
      rule={"one_of": ["サービスについて", "料金について", "取材・メディア掲載", "その他"]}),
    F("content", "message", True, label="お問い合わせ内容"),
    F("privacy", "consent", True, value="1", label="個人情報の取り扱い"),
    F("mailmagazine", "other", value=None, fill=False),
]
inner = f"""<div class="form-group"><p class="form-label">会社名 <span class="req">*</span></p>{cf7_text("company", "会社名", True)}</div>
<div class="form-group"><p class="form-label">お名前 <span class="req">*</span></p>{cf7_text("fullname", "お名前", True)}</div>
<div class="form-group"><p class="form-label">メールアドレス <span class="req">*</span></p>{cf7_text("mail", "メールアドレス", True, kind="email")}</div>
<div class="form-group"><p class="form-label">お問い合わせ項目 <span class="req">*</span></p>{cf7_choice("category", "radio", ["サービスについて", "料金について", "取材・メディア掲載", "その他"], True)}</div>
<div class="form-group"><p class="form-label">お問い合わせ内容 <span class="req">*</span></p>{cf7_textarea("content", True)}</div>
<div class="form-group agree">{cf7_acceptance("privacy", "個人情報の取り扱いについて同意する")}</div>
<div class="form-group optin"><span class="wpcf7-form-control-wrap" data-name="mailmagazine"><span class="wpcf7-form-control wpcf7-checkbox"><span class="wpcf7-list-item first last"><label><input type="checkbox" name="mailmagazine[]" value="メールマガジンを購読する" /><span class="wpcf7-list-item-label">メールマガジンを購読する</span></label></span></span></span></div>
<div class="form-submit">{cf7_submit("送信")}</div>"""
fields[-1] = F("mailmagazine[]", "other", fill=False)
main = f"""<p>サービスに関するお問い合わせは以下よりお送りください。<br>
<a href="/privacy-policy/">個人情報の取り扱い</a>をご確認のうえ、同意いただける場合はチェックを入れてください。</p>
{cf7_form(77, 9, inner)}"""
Case(name, "cf7", "CF7 with a required privacy acceptance next to an optional メールマガジン "
     "opt-in (must stay unchecked) and an inquiry-type radio group whose neutral choice is "
     "その他.", "/contact/",
     {"contact.html": wp(name, "お問い合わせ", main, theme="swell", head=CF7_SCRIPT)},
     cf7_site(77, 9, fields), fields)

# 5. The CF7 Honeypot plugin's hidden field.
name = "cf7-honeypot-plugin"
fields = [
    F("your-name", "full_name", True, label="お名前"),
    F("your-email", "email", True, label="メールアドレス"),
    F("your-tel", "phone", label="電話番号"),
    F("your-message", "message", True, label="お問い合わせ内容"),
    F("your-website", "honeypot"),
]
hp = ('<span id="wpcf7-656e2a1f0e5f7-wrapper" class="wpcf7-form-control-wrap your-website-wrap" '
      'style="display:none !important; visibility:hidden !important;"><label for="wpcf7-656e2a1f0e5f7-field" '
      'class="hp-message">Please leave this field empty.</label><input id="wpcf7-656e2a1f0e5f7-field" '
      'class="wpcf7-form-control wpcf7-text your-website" type="text" name="your-website" value="" '
      'size="40" tabindex="-1" autocomplete="new-password" /></span>')
inner = f"""<p>お名前（必須）<br />{cf7_text("your-name", "お名前", True)}</p>
<p>メールアドレス（必須）<br />{cf7_text("your-email", "メールアドレス", True, kind="email")}</p>
<p>電話番号<br />{cf7_text("your-tel", "電話番号", kind="tel")}</p>
{hp}
<p>お問い合わせ内容（必須）<br />{cf7_textarea("your-message", True)}</p>
<p>{cf7_submit("送信する")}</p>"""
main = f"""<p>ご質問・ご相談はお気軽にどうぞ。</p>
{cf7_form(301, 45, inner)}"""
Case(name, "cf7", "CF7 with the Honeypot plugin: a text input hidden by inline style, "
     "tabindex=-1, \"Please leave this field empty\"; filling it marks the post as spam.",
     "/contact/", {"contact.html": wp(name, "お問い合わせ", main, theme="xwrite", head=CF7_SCRIPT)},
     cf7_site(301, 45, fields, honeypots=["your-website"]), fields, honeypots=["your-website"])

# 6. CF7 with the reCAPTCHA v3 integration.
name = "cf7-recaptcha-v3"
fields = [
    F("your-name", "full_name", True, label="お名前"),
    F("your-email", "email", True, label="メールアドレス"),
    F("your-subject", "subject", True, label="件名"),
    F("your-message", "message", True, label="本文"),
]
inner = f"""<p><label> お名前<span class="req">（必須）</span><br />{cf7_text("your-name", "お名前", True)}</label></p>
<p><label> メールアドレス<span class="req">（必須）</span><br />{cf7_text("your-email", "メールアドレス", True, kind="email")}</label></p>
<p><label> 件名<span class="req">（必須）</span><br />{cf7_text("your-subject", "件名", True)}</label></p>
<p><label> 本文<span class="req">（必須）</span><br />{cf7_textarea("your-message", True)}</label></p>
<p>{cf7_submit()}</p>
<p class="recaptcha-note"><small>このサイトはreCAPTCHAによって保護されており、Googleの<a href="https://policies.google.com/privacy">プライバシーポリシー</a>と<a href="https://policies.google.com/terms">利用規約</a>が適用されます。</small></p>"""
head = (CF7_SCRIPT + '<script src="https://www.google.com/recaptcha/api.js?render=6LfQx3IaAAAAAGzp1mVRmFZ8cTPyb0tY0l3DxRkL&amp;ver=3.0" id="google-recaptcha-js"></script>\n'
        '<script id="wpcf7-recaptcha-js-before">var wpcf7_recaptcha = {"sitekey":"6LfQx3IaAAAAAGzp1mVRmFZ8cTPyb0tY0l3DxRkL","actions":{"homepage":"homepage","contactform":"contactform"}};</script>\n')
main = cf7_form(55, 20, inner, extra_hidden='<input type="hidden" name="_wpcf7_recaptcha_response" value="" />\n')
Case(name, "captcha", "CF7 with its reCAPTCHA v3 integration: the token field "
     "_wpcf7_recaptcha_response is filled by Google's script; without it CF7 rejects the post.",
     "/contact/", {"contact.html": wp(name, "お問い合わせ", main, head=head)},
     cf7_site(55, 20, fields, extra_form={"captcha_field": "_wpcf7_recaptcha_response"}),
     fields, verdict="captcha", outcome="skipped", code="BOT_DETECTED")

# 7. CF7 with Really Simple CAPTCHA ([captchac] image + [captchar] answer).
name = "cf7-image-captcha"
fields = [
    F("your-name", "full_name", True, label="お名前"),
    F("your-email", "email", True, label="メールアドレス"),
    F("your-message", "message", True, label="お問い合わせ内容"),
    F("captcha-170", "captcha", True),
]
inner = f"""<p>お名前 (必須)<br />{cf7_text("your-name", "お名前", True)}</p>
<p>メールアドレス (必須)<br />{cf7_text("your-email", "メールアドレス", True, kind="email")}</p>
<p>お問い合わせ内容 (必須)<br />{cf7_textarea("your-message", True)}</p>
<p>画像に表示されている文字を入力してください<br />
<input type="hidden" name="_wpcf7_captcha_challenge_captcha-170" value="1437188364" /><img class="wpcf7-form-control wpcf7-captchac wpcf7-captcha-captcha-170" width="72" height="24" alt="captcha" src="/wp-content/uploads/wpcf7_captcha/1437188364.png" /><br />
<span class="wpcf7-form-control-wrap" data-name="captcha-170"><input size="40" maxlength="4" class="wpcf7-form-control wpcf7-captchar" autocomplete="off" aria-invalid="false" value="" type="text" name="captcha-170" />{{{{error:captcha-170}}}}</span></p>
<p>{cf7_submit()}</p>"""
main = cf7_form(91, 14, inner)
Case(name, "captcha", "CF7 with Really Simple CAPTCHA: an image of 4 characters and the "
     "input captcha-170 that must repeat them.", "/contact/",
     {"contact.html": wp(name, "お問い合わせ", main, theme="lightning", head=CF7_SCRIPT),
      "wp-content/uploads/wpcf7_captcha/1437188364.png": b"\x89PNG\r\n\x1a\n" + b"\x00" * 32},
     cf7_site(91, 14, fields, extra_form={"captcha_field": "captcha-170",
                                          "captcha_answer": "K7QW"},
              extra_routes=[{"path": "/wp-content/uploads/wpcf7_captcha/1437188364.png",
                             "page": "wp-content/uploads/wpcf7_captcha/1437188364.png"}]),
     fields, verdict="captcha", outcome="skipped", code="BOT_DETECTED")

# 8. The English version of a Japanese manufacturer's site.
name = "cf7-english-site"
fields = [
    F("your-company", "company_name", True, label="Company"),
    F("your-name", "full_name", True, label="Name"),
    F("your-country", "other", fill=False),
    F("your-email", "email", True, label="E-mail"),
    F("your-phone", "phone", label="Phone"),
    F("your-inquiry", "inquiry_type", True, value="Other",
      rule={"one_of": ["Product information", "Request a quote", "Technical support", "Other"]}),
    F("your-message", "message", True, label="Message"),
    F("accept-policy", "consent", True, value="1"),
]
inner = f"""<div class="row"><label>Company <abbr title="required">*</abbr></label>{cf7_text("your-company", "Company", True, autocomplete="organization")}</div>
<div class="row"><label>Name <abbr title="required">*</abbr></label>{cf7_text("your-name", "Name", True, autocomplete="name")}</div>
<div class="row"><label>Country</label>{cf7_text("your-country", "Country")}</div>
<div class="row"><label>E-mail <abbr title="required">*</abbr></label>{cf7_text("your-email", "E-mail", True, kind="email")}</div>
<div class="row"><label>Phone</label>{cf7_text("your-phone", "Phone", kind="tel")}</div>
<div class="row"><label>Inquiry type <abbr title="required">*</abbr></label>{cf7_select("your-inquiry", ["Product information", "Request a quote", "Technical support", "Other"], True, first_as_label="---")}</div>
<div class="row"><label>Message <abbr title="required">*</abbr></label>{cf7_textarea("your-message", True)}</div>
<div class="row">{cf7_acceptance("accept-policy", 'I agree to the <a href="/en/privacy/">Privacy Policy</a>.')}</div>
<div class="row">{cf7_submit("Submit")}</div>"""
main = f"""<p>Please fill in the form below. Our sales representative will get back to you within two business days.</p>
{cf7_form(402, 310, inner, action_path="/en/contact/", aria="Contact form")}"""
Case(name, "cf7", "English contact page of a Japanese company (CF7): Company, Name, Country, "
     "E-mail, Phone, an inquiry-type select (Other), Message and a privacy acceptance. The "
     "optional Country field is left empty (the sender has no such value).",
     "/en/contact/", {"contact.html": wp(name, "Contact Us", main, head=CF7_SCRIPT)},
     cf7_site(402, 310, fields, entry="/en/contact/"), fields)

# 9. A CF7 form with a file attachment: the form is multipart/form-data.
name = "cf7-file-upload"
fields = [
    F("company-name", "company_name", label="貴社名"),
    F("your-name", "full_name", True, label="ご担当者様名"),
    F("your-email", "email", True, label="メールアドレス"),
    F("your-tel", "phone", label="電話番号"),
    F("your-message", "message", True, label="ご相談内容"),
]
inner = f"""<table class="form-table"><tbody>
<tr><th>貴社名</th><td>{cf7_text("company-name", "貴社名")}</td></tr>
<tr><th>ご担当者様名<span class="hissu">※</span></th><td>{cf7_text("your-name", "ご担当者様名", True)}</td></tr>
<tr><th>メールアドレス<span class="hissu">※</span></th><td>{cf7_text("your-email", "メールアドレス", True, kind="email")}</td></tr>
<tr><th>電話番号</th><td>{cf7_text("your-tel", "電話番号", kind="tel")}</td></tr>
<tr><th>ご相談内容<span class="hissu">※</span></th><td>{cf7_textarea("your-message", True)}</td></tr>
<tr><th>図面・資料の添付</th><td><span class="wpcf7-form-control-wrap" data-name="file-drawing"><input size="40" class="wpcf7-form-control wpcf7-file" accept=".pdf,.dxf,.jpg,.png" aria-invalid="false" type="file" name="file-drawing" /></span><br><small>PDF・DXF・JPG・PNG（10MBまで）</small></td></tr>
</tbody></table>
<p class="center">{cf7_submit("送信する")}</p>"""
main = f"""<p><span class="hissu">※</span>は必須項目です。図面や仕様書がございましたら添付してください。</p>
{cf7_form(66, 21, inner)}"""
page = wp(name, "お見積り・ご相談", main, head=CF7_SCRIPT).replace(
    'method="post" class="wpcf7-form', 'method="post" class="wpcf7-form', 1).replace(
    'novalidate="novalidate"', 'enctype="multipart/form-data" novalidate="novalidate"', 1)
Case(name, "cf7", "CF7 with an optional file attachment, so the form is "
     "multipart/form-data; the file input is left empty.", "/contact/",
     {"contact.html": page}, cf7_site(66, 21, fields), fields)

# 10. ふりがな in hiragana, asked by label and placeholder.
name = "cf7-hiragana-furigana"
fields = [
    F("your-name", "full_name", True, label="お名前"),
    F("your-furigana", "full_name_kana", True, kana_script="hiragana", label="ふりがな"),
    F("your-email", "email", True, label="メールアドレス"),
    F("your-tel", "phone", True, label="電話番号"),
    F("your-message", "message", True, label="お問い合わせ内容"),
]
inner = f"""<div class="cf-row"><div class="cf-th">お名前<span class="cf-req">必須</span></div><div class="cf-td">{cf7_text("your-name", "お名前", True, placeholder="例）山田 花子")}</div></div>
<div class="cf-row"><div class="cf-th">ふりがな<span class="cf-req">必須</span></div><div class="cf-td">{cf7_text("your-furigana", "ふりがな", True, placeholder="例）やまだ はなこ")}<p class="cf-note">ひらがなでご入力ください</p></div></div>
<div class="cf-row"><div class="cf-th">メールアドレス<span class="cf-req">必須</span></div><div class="cf-td">{cf7_text("your-email", "メールアドレス", True, kind="email", placeholder="例）info@example.com")}</div></div>
<div class="cf-row"><div class="cf-th">電話番号<span class="cf-req">必須</span></div><div class="cf-td">{cf7_text("your-tel", "電話番号", True, kind="tel", placeholder="例）090-1234-5678")}</div></div>
<div class="cf-row"><div class="cf-th">お問い合わせ内容<span class="cf-req">必須</span></div><div class="cf-td">{cf7_textarea("your-message", True)}</div></div>
<div class="cf-submit">{cf7_submit("確認して送信")}</div>"""
main = cf7_form(12, 7, inner)
Case(name, "cf7", "CF7 whose furigana field asks for hiragana (label ふりがな, placeholder "
     "やまだ はなこ, note ひらがなでご入力ください); the server checks hiragana.", "/contact/",
     {"contact.html": wp(name, "お問い合わせ", main, theme="cocoon", head=CF7_SCRIPT)},
     cf7_site(12, 7, fields), fields)

# 11. A refusal notice in the page text above a CF7 form.
name = "cf7-refusal-above"
fields = [
    F("your-name", "full_name", True, label="お名前"),
    F("your-email", "email", True, label="メールアドレス"),
    F("your-message", "message", True, label="メッセージ本文"),
]
inner = f"""<p><label> お名前 (必須)<br />{cf7_text("your-name", "お名前", True)} </label></p>
<p><label> メールアドレス (必須)<br />{cf7_text("your-email", "メールアドレス", True, kind="email")} </label></p>
<p><label> メッセージ本文<br />{cf7_textarea("your-message")} </label></p>
<p>{cf7_submit()}</p>"""
main = f"""<div class="wp-block-group notice-box">
<p>当社製品・サービスに関するお問い合わせは、下記フォームよりお願いいたします。</p>
<p><strong>※当社への営業・勧誘のご連絡は、フォーム・お電話ともに一切お断りしております。</strong></p>
</div>
{cf7_form(8, 3, inner)}"""
Case(name, "refusal", "A notice above the CF7 form: 当社への営業・勧誘のご連絡は、フォーム・"
     "お電話ともに一切お断りしております。", "/contact/",
     {"contact.html": wp(name, "お問い合わせ", main, head=CF7_SCRIPT)},
     cf7_site(8, 3, fields), fields, verdict="prohibited", outcome="skipped",
     code="PROHIBITION_DETECTED")

# 12. The inquiry types include a sales channel: choose it (no refusal here).
name = "cf7-sales-option"
fields = [
    F("company", "company_name", True, label="会社名"),
    F("your-name", "full_name", True, label="お名前"),
    F("your-email", "email", True, label="メールアドレス"),
    F("your-tel", "phone", label="電話番号"),
    F("inquiry", "inquiry_type", True, value="営業・協業のご提案",
      rule={"one_of": ["製品に関するお問い合わせ", "採用に関するお問い合わせ", "営業・協業のご提案", "その他"]}),
    F("your-message", "message", True, label="お問い合わせ内容"),
]
inner = f"""<table class="tbl"><tbody>
<tr><th>お問い合わせ種別 <em>*</em></th><td>{cf7_choice("inquiry", "radio", ["製品に関するお問い合わせ", "採用に関するお問い合わせ", "営業・協業のご提案", "その他"], True)}</td></tr>
<tr><th>会社名 <em>*</em></th><td>{cf7_text("company", "会社名", True)}</td></tr>
<tr><th>お名前 <em>*</em></th><td>{cf7_text("your-name", "お名前", True)}</td></tr>
<tr><th>メールアドレス <em>*</em></th><td>{cf7_text("your-email", "メールアドレス", True, kind="email")}</td></tr>
<tr><th>電話番号</th><td>{cf7_text("your-tel", "電話番号", kind="tel")}</td></tr>
<tr><th>お問い合わせ内容 <em>*</em></th><td>{cf7_textarea("your-message", True)}</td></tr>
</tbody></table>
<p>{cf7_submit("送信")}</p>"""
main = f"""<p>営業・協業のご提案も、こちらのフォームから「営業・協業のご提案」を選択してお送りください。担当部署より折り返しご連絡いたします。</p>
{cf7_form(140, 52, inner)}"""
Case(name, "nearmiss", "The company routes sales proposals through the form: an inquiry "
     "type 営業・協業のご提案 exists and should be chosen; no refusal.", "/contact/",
     {"contact.html": wp(name, "お問い合わせ", main, theme="emanon", head=CF7_SCRIPT)},
     cf7_site(140, 52, fields), fields)

# 13. Two fields per table row (会社名 | 部署名, 電話 | FAX).
name = "cf7-two-column-table"
fields = [
    F("company", "company_name", True, label="会社名"),
    F("busho", "department", label="部署名"),
    F("your-name", "full_name", True, label="ご担当者名"),
    F("yakushoku", "position", label="役職"),
    F("tel", "phone", True, label="電話番号"),
    F("fax", "fax"),
    F("your-email", "email", True, label="メールアドレス"),
    F("your-message", "message", True, label="お問い合わせ内容"),
]
inner = f"""<table class="form2col"><tbody>
<tr><th>会社名 <span class="req">※</span></th><td>{cf7_text("company", "会社名", True, size=30)}</td><th>部署名</th><td>{cf7_text("busho", "部署名", size=20)}</td></tr>
<tr><th>ご担当者名 <span class="req">※</span></th><td>{cf7_text("your-name", "ご担当者名", True, size=30)}</td><th>役職</th><td>{cf7_text("yakushoku", "役職", size=20)}</td></tr>
<tr><th>電話番号 <span class="req">※</span></th><td>{cf7_text("tel", "電話番号", True, kind="tel", size=20)}</td><th>FAX</th><td>{cf7_text("fax", "FAX", kind="tel", size=20)}</td></tr>
<tr><th>メールアドレス <span class="req">※</span></th><td colspan="3">{cf7_text("your-email", "メールアドレス", True, kind="email", size=50)}</td></tr>
<tr><th>お問い合わせ内容 <span class="req">※</span></th><td colspan="3">{cf7_textarea("your-message", True)}</td></tr>
</tbody></table>
<p class="submit">{cf7_submit("送信する")}</p>"""
main = f"""<p><span class="req">※</span>印の項目は必ずご記入ください。</p>
{cf7_form(23, 11, inner)}"""
Case(name, "cf7", "Two-column table rows: 会社名|部署名, ご担当者名|役職, 電話番号|FAX in "
     "one row each (th td th td); FAX stays empty.", "/contact/",
     {"contact.html": wp(name, "お問い合わせ", main, theme="lightning", head=CF7_SCRIPT)},
     cf7_site(23, 11, fields), fields)
