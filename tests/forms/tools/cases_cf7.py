"""WordPress + Contact Form 7 sites."""
from chrome import wp
from kit import (CF7_SCRIPT, cf7_acceptance, cf7_choice, cf7_form, cf7_select, cf7_site,
                 cf7_submit, cf7_text, cf7_textarea)
from lib import Case, F

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
