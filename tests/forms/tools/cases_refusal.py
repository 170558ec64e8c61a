"""Refusal notices (営業お断り) in many phrasings and places, and near-miss sentences that
are not refusals."""
from chrome import corp, retro, wp
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


def refusal(name, description, page_html, fields=None, charset="utf-8", **kwargs):
    fields = fields or STD_FIELDS
    return Case(name, "refusal", description, "/contact/",
                {"contact/index.html": page_html, "contact/thanks.html": corp(name, "送信完了", THANKS)},
                direct_site(fields), fields, verdict="prohibited", outcome="skipped",
                code="PROHIBITION_DETECTED", charset=charset, **kwargs)


def nearmiss(name, description, page_html, fields=None):
    fields = fields or STD_FIELDS
    return Case(name, "nearmiss", description, "/contact/",
                {"contact/index.html": page_html, "contact/thanks.html": corp(name, "送信完了", THANKS)},
                direct_site(fields), fields)


# Refusals, each phrased and placed differently.
name = "refusal-footer-short"
refusal(name, "Only two words in the footer: 営業お断り (shorter than the reference's "
        "10-character sentence minimum).",
        corp(name, "お問い合わせ", simple_form(), footer_extra='      <p class="footer-note"><small>営業お断り</small></p>\n'))

name = "refusal-sidebar-heading"
page = wp(name, "お問い合わせ", simple_form(), sidebar="""      <section class="widget widget_text"><h3 class="widget-title">営業電話・営業メールお断り</h3>
      <div class="textwidget"><p>恐れ入りますが、当社ではお問い合わせ窓口を業務に関するご連絡専用としております。</p></div></section>""")
refusal(name, "A sidebar widget heading 営業電話・営業メールお断り next to the form.", page)

name = "refusal-notes-list"
notes = """<div class="notes"><h3>ご注意事項</h3><ul>
<li>お問い合わせへの回答には3営業日ほどお時間をいただく場合がございます。</li>
<li>営業・勧誘目的でのフォーム利用は禁止とさせていただきます。</li>
<li>携帯電話のメールアドレスをご利用の場合、返信が届かないことがあります。</li>
</ul></div>
"""
refusal(name, "A ご注意事項 list under the form: 営業・勧誘目的でのフォーム利用は禁止"
        "とさせていただきます (between two unrelated notes, one mentioning 営業日).",
        corp(name, "お問い合わせ", simple_form(note_bottom=notes)))

name = "refusal-proposal-polite"
refusal(name, "弊社へのご提案・売り込み等はご遠慮いただいております。 above the form "
        "(no 営業 at all).",
        corp(name, "お問い合わせ", simple_form(note_top='<p class="lead">お問い合わせは下記フォームより承ります。なお、弊社へのご提案・売り込み等はご遠慮いただいております。</p>\n')))

name = "refusal-annai"
refusal(name, "営業のご案内はお断りしています。 inside the form (form-engine case B-19: no "
        "contact word).", corp(name, "お問い合わせ", simple_form(
            note_inside='<p class="caution">営業のご案内はお断りしています。</p>\n')))

name = "refusal-sales-rep"
refusal(name, "営業担当者からのご連絡はご遠慮ください。 (form-engine case B-38: the word "
        "営業担当 must not hide the refusal).", corp(name, "お問い合わせ", simple_form(
            note_inside='<p>※営業担当者からのご連絡はご遠慮ください。</p>\n')))

name = "refusal-english"
en_form = """<form action="/contact/send.php" method="post">
<p>Please use this form for inquiries about our products. Unsolicited sales offers are not accepted.</p>
<p><label for="name">Name *</label><input id="name" type="text" name="name"></p>
<p><label for="email">Email *</label><input id="email" type="email" name="email"></p>
<p><label for="message">Message *</label><textarea id="message" name="message"></textarea></p>
<p><button type="submit">Send</button></p>
</form>"""
refusal(name, "English page: 'Unsolicited sales offers are not accepted.' (form-engine case "
        "B-35).", corp(name, "Contact", en_form, lang="en"))

name = "refusal-competitors"
refusal(name, "同業他社様からのお問い合わせ、営業目的のお問い合わせにはご返答いたしかねます。",
        corp(name, "お問い合わせ", simple_form(
            note_top='<div class="info"><p>同業他社様からのお問い合わせ、営業目的のお問い合わせにはご返答いたしかねます。あらかじめご了承ください。</p></div>\n')))

name = "refusal-sjis"
sjis_form = """<p>お問い合わせは下記フォームをご利用ください。<br>
<font color="red">※セールス・勧誘のお電話、メールはお断りいたします。</font></p>
<form method="post" action="/contact/send.php">
<table border="1" cellpadding="5">
<tr><td>お名前</td><td><input type="text" name="name" size="30"></td></tr>
<tr><td>メールアドレス</td><td><input type="text" name="email" size="40"></td></tr>
<tr><td>お問い合わせ内容</td><td><textarea name="message" cols="40" rows="6"></textarea></td></tr>
</table>
<input type="submit" value="送信">
</form>"""
Case(name, "refusal", "Shift_JIS page: セールス・勧誘のお電話、メールはお断りいたします。",
     "/contact/", {"contact/index.html": retro(name, "お問い合わせ", sjis_form),
                   "contact/thanks.html": retro(name, "送信完了", "<p>送信しました。</p>")},
     direct_site(STD_FIELDS), STD_FIELDS, verdict="prohibited", outcome="skipped",
     code="PROHIBITION_DETECTED", charset="shift_jis")

name = "refusal-attestation"
att_fields = STD_FIELDS + [F("not_sales", "consent", True, value="1")]
att_form = simple_form().replace('<p class="submit">', """<p class="check"><label><input type="checkbox" name="not_sales" value="1" required> 営業・勧誘目的のお問い合わせではありません（必須）</label></p>
<p class="submit">""")
Case(name, "refusal", "A required checkbox attesting 営業・勧誘目的のお問い合わせではありません: "
     "ticking it would be a false statement, so the form must not be sent.", "/contact/",
     {"contact/index.html": corp(name, "お問い合わせ", att_form),
      "contact/thanks.html": corp(name, "送信完了", THANKS)},
     direct_site(att_fields), att_fields, verdict="prohibited", outcome="skipped",
     code="PROHIBITION_DETECTED")

name = "refusal-no-reply"
refusal(name, "※営業メールには返信いたしかねます。 in small print under the submit button.",
        corp(name, "お問い合わせ", simple_form(note_bottom='<p class="small">※営業メールには返信いたしかねます。ご了承ください。</p>\n')))

name = "refusal-seo-ads"
refusal(name, "求人広告・SEO対策・ホームページ制作等の営業はお断りします。 in a notice box.",
        corp(name, "お問い合わせ", simple_form(note_top='<div class="notice-box"><p>【ご注意】求人広告・SEO対策・ホームページ制作等の営業はお断りします。</p></div>\n')))

name = "refusal-in-label"
label_form = simple_form().replace(
    '<dt><label for="message">お問い合わせ内容</label>',
    '<dt><label for="message">お問い合わせ内容（営業・勧誘はご遠慮ください）</label>')
refusal(name, "The refusal sits in the message field's own label: お問い合わせ内容（営業・勧誘"
        "はご遠慮ください）.", corp(name, "お問い合わせ", label_form))

name = "refusal-split-elements"
refusal(name, "The sentence is split across two inline elements: <span>営業目的の</span>"
        "<span>お問い合わせはご遠慮ください。</span> (form-engine case B-41).",
        corp(name, "お問い合わせ", simple_form(
            note_inside='<p class="note"><span class="em">営業目的の</span><span>お問い合わせはご遠慮ください。</span></p>\n')))

name = "refusal-users-only"
refusal(name, "本フォームは製品ユーザー様専用です。セールス・広告掲載のご依頼はお受けして"
        "おりません。", corp(name, "サポート窓口", simple_form(
            note_top='<p>本フォームは製品ユーザー様専用です。セールス・広告掲載のご依頼はお受けしておりません。</p>\n')))

name = "refusal-eucjp"
euc_form = """<h3>お問い合わせフォーム</h3>
<p>弊社への営業目的でのご連絡は固くお断りいたします。</p>
<form method="post" action="/contact/send.php">
<p>お名前<br><input type="text" name="name"></p>
<p>メールアドレス<br><input type="text" name="email"></p>
<p>お問い合わせ内容<br><textarea name="message" rows="6" cols="40"></textarea></p>
<p><input type="submit" value="送信する"></p>
</form>"""
Case(name, "refusal", "EUC-JP page: 弊社への営業目的でのご連絡は固くお断りいたします。",
     "/contact/", {"contact/index.html": retro(name, "お問い合わせ", euc_form, charset="EUC-JP"),
                   "contact/thanks.html": retro(name, "送信完了", "<p>送信しました。</p>", charset="EUC-JP")},
     direct_site(STD_FIELDS), STD_FIELDS, verdict="prohibited", outcome="skipped",
     code="PROHIBITION_DETECTED", charset="euc-jp")

name = "refusal-modal-text"
refusal(name, "A privacy/terms box above the form whose third article forbids 営業・宣伝"
        "目的での利用 (第3条).", corp(name, "お問い合わせ", simple_form(
            note_top="""<div class="terms-box" style="height:160px;overflow:auto">
<p>第1条（目的）本フォームは、当社製品・サービスに関するお問い合わせを受け付けるためのものです。</p>
<p>第2条（個人情報）ご入力いただいた個人情報は、お問い合わせへの回答にのみ利用します。</p>
<p>第3条（禁止事項）本フォームを営業・宣伝目的で利用することを禁止します。</p>
</div>
""")))

# Near misses: sentences with 営業, 販売, スパム, 迷惑 that are not refusals.
name = "nearmiss-privacy-sales-purpose"
nearmiss(name, "個人情報の販売目的での利用はいたしません and a spam note about URLs: neither "
         "refuses sales contact.", corp(name, "お問い合わせ", simple_form(
             note_bottom='<div class="privacy"><p>お預かりした個人情報を第三者へ販売目的で提供することはいたしません。</p><p>スパム対策のため、URLを含むメッセージは送信できません。</p></div>\n')))

name = "nearmiss-sales-welcome"
nearmiss(name, "The company invites proposals: 営業・協業のご提案も歓迎しております。",
         corp(name, "お問い合わせ", simple_form(
             note_top='<p>製品に関するご質問のほか、営業・協業のご提案も歓迎しております。お気軽にお問い合わせください。</p>\n')))

name = "nearmiss-active-sales"
nearmiss(name, "Company text about its own sales activity (積極的な営業活動, 営業所一覧, "
         "営業部) around the form (form-engine case B-21).", corp(name, "お問い合わせ", simple_form(
             note_top='<p>弊社では全国の営業所を拠点に積極的な営業活動を行っております。お近くの営業所は<a href="/offices/">営業所一覧</a>をご覧ください。</p>\n',
             note_bottom='<p>お電話でのお問い合わせ：営業部 直通 03-0000-1234（受付時間 9:00〜17:00）</p>\n')))

name = "nearmiss-copyright"
nearmiss(name, "掲載内容の無断転載・商業利用はご遠慮ください in the footer (form-engine case "
         "B-37, about reuse of the site's content).",
         corp(name, "お問い合わせ", simple_form(),
              footer_extra='      <p class="footer-note"><small>当サイトに掲載されている文章・画像の無断転載・商業利用はご遠慮ください。</small></p>\n'))

name = "nearmiss-fraud-warning"
nearmiss(name, "A warning about impostors: 当社を名乗る不審な営業電話にご注意ください / 当社から"
         "営業のお電話を差し上げることはございません.", corp(name, "お問い合わせ", simple_form(
             note_top='<div class="alert"><p>【注意喚起】当社を名乗る不審な営業電話が確認されています。当社から突然営業のお電話を差し上げることはございませんので、ご注意ください。</p></div>\n')))

name = "nearmiss-rep-will-call"
nearmiss(name, "担当営業よりご連絡いたします and 営業日 wording (form-engine cases B-05, B-06).",
         corp(name, "お問い合わせ", simple_form(
             note_top='<p>お問い合わせいただいた内容は担当営業よりご連絡いたします。営業日以外のお問い合わせは翌営業日にご連絡いたします。</p>\n')))

name = "nearmiss-nuisance-policy"
nearmiss(name, "迷惑行為と判断した場合は対応いたしかねます (about abuse, not sales) and a "
         "迷惑メール filter note.", corp(name, "お問い合わせ", simple_form(
             note_bottom='<ul class="notes"><li>迷惑メールフォルダに返信が振り分けられる場合がございます。</li><li>誹謗中傷など迷惑行為と判断した場合は対応いたしかねます。</li></ul>\n')))

name = "nearmiss-holiday-notice"
nearmiss(name, "A holiday notice: 年末年始休業のお知らせ … 1月5日より通常営業いたします.",
         corp(name, "お問い合わせ", simple_form(
             note_top='<div class="news"><h3>年末年始休業のお知らせ</h3><p>12月29日から1月4日まで休業いたします。1月5日より通常営業いたします。休業期間中のお問い合わせは営業開始後に順次ご回答いたします。</p></div>\n')))
