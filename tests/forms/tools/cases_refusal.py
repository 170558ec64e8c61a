"""Refusal notices (営業お断り) in many phrasings and places, and near-miss sentences that
are not refusals."""
from chrome import corp, wp
from kit import cf7_form, cf7_site, cf7_submit, cf7_text, cf7_textarea, CF7_SCRIPT
from cases_static import THANKS, direct_site
from lib import Case, F

STD_FIELDS = [
    F("name", "full_name", True, label="お名前"),
    F("email", "email", True, label="メールアドレス"),
    F("message", "message", True, label="お問い合わせ内容"),
]


def simple_form(note_top="", note_inside="", note_bottom="", action="/contact/send.php"):
    return f"""{note_top}<form action="{action}" method="post" class="contact-form">
{note_inside}<dl class="form-list">
<dt><label for="name">お名前</label><span class="req">必須</span></dt>
<dd><input type="text" id="name" name="name" required></dd>
<dt><label for="email">メールアドレス</label><span class="req">必須</span></dt>
<dd><input type="email" id="email" name="email" required></dd>
<dt><label for="message">お問い合わせ内容</label><span class="req">必須</span></dt>
<dd><textarea id="message" name="message" rows="8" required></textarea></dd>
</dl>
<p class="submit"><button type="submit">送信する</button></p>
</form>
{note_bottom}"""


# 1. The classic notice right inside the form.
name = "refusal-in-form"
Case(name, "refusal", "「営業目的のお問い合わせはご遠慮ください。」 inside the form, above "
     "the fields.", "/contact/",
     {"contact/index.html": corp(name, "お問い合わせ", simple_form(
         note_inside='<p class="note">※営業目的のお問い合わせはご遠慮ください。</p>\n')),
      "contact/thanks.html": corp(name, "送信完了", THANKS)},
     direct_site(STD_FIELDS), STD_FIELDS, verdict="prohibited", outcome="skipped",
     code="PROHIBITION_DETECTED")

# 2. Near miss: business hours, business days and a spam-filter note, none of them a refusal.
name = "nearmiss-business-hours"
top = """<div class="contact-info">
<p>営業時間：平日 9:00〜18:00（土日祝・年末年始を除く）</p>
<p>営業時間外にいただいたお問い合わせは、翌営業日以降に順次ご回答いたします。</p>
<p>迷惑メール対策でドメイン指定受信を設定されている方は「@example.jp」からのメールを受信できるよう設定してください。</p>
</div>
"""
Case(name, "nearmiss", "Business hours (営業時間), business days (翌営業日) and a spam-filter "
     "note around the form: no refusal, the form must be sent.", "/contact/",
     {"contact/index.html": corp(name, "お問い合わせ", simple_form(note_top=top)),
      "contact/thanks.html": corp(name, "送信完了", THANKS)},
     direct_site(STD_FIELDS), STD_FIELDS)
