"""Pages with several forms where the contact form is not the first one."""
from chrome import corp, wp
from cases_static import THANKS, direct_site
from lib import Case, F

STD = [
    F("name", "full_name", True, label="お名前"),
    F("email", "email", True, label="メールアドレス"),
    F("message", "message", True, label="お問い合わせ内容"),
]


def contact_form(prefix=""):
    return f"""<form action="/contact/send.php" method="post" id="contactform" class="contact">
<p><label for="{prefix}n">お名前 <span class="req">*</span></label><input id="{prefix}n" type="text" name="name"></p>
<p><label for="{prefix}e">メールアドレス <span class="req">*</span></label><input id="{prefix}e" type="email" name="email"></p>
<p><label for="{prefix}m">お問い合わせ内容 <span class="req">*</span></label><textarea id="{prefix}m" name="message" rows="6"></textarea></p>
<p><button type="submit">送信する</button></p>
</form>"""


def multi(name, description, page, fields=STD):
    return Case(name, "multi_form", description, "/contact/",
                {"contact/index.html": page, "contact/thanks.html": corp(name, "送信完了", THANKS)},
                direct_site(fields), fields, form={"id": "contactform"})


name = "multi-search-first"
multi(name, "A site-search form in the header comes before the contact form.",
      corp(name, "お問い合わせ", contact_form(), header_extra="""    <form class="l-search" action="/search/" method="get" role="search"><input type="search" name="s" placeholder="サイト内検索"><button type="submit">検索</button></form>
"""))

name = "multi-login-sidebar"
multi(name, "A member login form in the sidebar precedes the contact form in the HTML "
      "(form-engine case A-43).", wp(name, "お問い合わせ", contact_form(), sidebar="""      <section class="widget"><h3>会員ログイン</h3><form action="/login" method="post"><input type="text" name="login_id" placeholder="ログインID"><input type="password" name="password" placeholder="パスワード"><button>ログイン</button></form></section>""").replace(
          '<main id="main" class="main-section">', '<aside class="sidebar-top"><form action="/login" method="post" class="quick-login"><input type="text" name="quick_id" placeholder="ID"><input type="password" name="quick_pw"><button>ログイン</button></form></aside>\n    <main id="main" class="main-section">'))

name = "multi-newsletter-first"
fields = [
    F("name", "full_name", True, label="お名前"),
    F("mail", "email", True, label="メール"),
    F("q_body", "message", True, label="ご質問"),
]
page = corp(name, "お問い合わせ", """<div class="newsletter-box"><form action="/newsletter/subscribe" method="post"><label for="nl">メルマガ登録</label><input type="email" id="nl" name="nl_email"><button type="submit">登録</button></form></div>
<form action="/contact/send.php" method="post" id="contactform"><label for="a">お名前</label><input id="a" type="text" name="name"><label for="b">メール</label><input id="b" type="email" name="mail">
<label for="c">ご質問</label><textarea id="c" name="q_body"></textarea><button type="submit">送信</button></form>""")
multi(name, "A newsletter form (email + 登録) before the inquiry form whose textarea is named "
      "q_body (form-engine case A-13).", page, fields)

name = "multi-unsubscribe-first"
fields = [
    F("name", "full_name", True, label="お名前"),
    F("email2", "email", True, label="メールアドレス"),
    F("message", "message", True, label="お問い合わせ内容"),
]
page = corp(name, "お問い合わせ", """<form action="/mail/unsubscribe" method="post"><input type="email" name="email" placeholder="メールアドレス"><textarea name="reason" placeholder="配信停止理由"></textarea><button type="submit">配信停止</button></form>
<form action="/contact/send.php" method="post" id="contactform"><input type="text" name="name" placeholder="お名前"><input type="email" name="email2" placeholder="メールアドレス"><textarea name="message" placeholder="お問い合わせ内容"></textarea><button type="submit">送信</button></form>""")
multi(name, "An unsubscribe form with its own email and textarea comes first (form-engine "
      "case A-42); only placeholders label the contact form.", page, fields)

name = "multi-recruit-tab-first"
page = corp(name, "お問い合わせ・エントリー", """<div class="tabs"><ul><li class="active">採用エントリー</li><li>お問い合わせ</li></ul>
<div class="tab-panel"><form action="/recruit/entry.php" method="post">
<p>氏名 <input type="text" name="r_name"></p><p>最終学歴 <input type="text" name="r_school"></p><p>職務経歴 <textarea name="r_career"></textarea></p><p>メールアドレス <input type="email" name="r_email"></p>
<p><button type="submit">エントリー</button></p></form></div>
<div class="tab-panel" style="display:none">""" + contact_form("c") + "</div></div>")
multi(name, "Two tabs: a recruitment entry form (shown) before the business contact form "
      "(in a tab hidden until clicked).", page)

name = "multi-download-first"
page = corp(name, "資料請求・お問い合わせ", """<section><h2>資料請求</h2><form action="/download/" method="post">
<p>会社名 <input type="text" name="d_company"></p><p>メールアドレス <input type="email" name="d_email"></p><p>ご興味のある製品 <select name="d_product"><option>全製品</option><option>製品A</option></select></p>
<p><button type="submit">資料を請求する</button></p></form></section>
<section><h2>その他のお問い合わせ</h2>""" + contact_form("k") + "</section>")
multi(name, "A 資料請求 form before the general contact form on the same page.", page)

name = "multi-order-first"
page = corp(name, "お問い合わせ", """<section class="quick-order"><h2>クイック注文</h2><form action="/order/add" method="post">
<p>品番 <input type="text" name="item_code" placeholder="例：A-1024"></p><p>数量 <input type="number" name="quantity" value="1" min="1"></p>
<p>配送先郵便番号 <input type="text" name="ship_zip"></p><p><button type="submit">カートに入れる</button></p></form></section>
<section><h2>お問い合わせ</h2>""" + contact_form("o") + "</section>")
multi(name, "A quick-order form (品番, 数量, 配送先郵便番号, カートに入れる) before the "
      "contact form.", page)
