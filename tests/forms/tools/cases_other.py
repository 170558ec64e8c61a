"""Pages without a contact form, and sites that fail."""
from chrome import corp
from lib import Case, F

# 1. A product search page: the only form is a site search.
name = "not-contact-search"
main = """<section class="search">
<h2>製品検索</h2>
<form action="/products/search" method="get" role="search">
<input type="search" name="q" placeholder="型番・キーワードで検索">
<select name="cat"><option value="">すべてのカテゴリ</option><option value="valve">バルブ</option><option value="pump">ポンプ</option></select>
<button type="submit">検索</button>
</form>
<p>お問い合わせはお電話にて承っております。</p>
</section>"""
Case(name, "not_contact", "Product search page: a GET search form and a phone number, no "
     "contact form.", "/products/",
     {"products.html": corp(name, "製品検索", main), "results.html": corp(name, "検索結果", "<p>該当する製品はありません。</p>")},
     {"routes": [{"path": "/products/", "page": "products.html"},
                 {"path": "/products/search", "page": "results.html"}]},
     verdict="not_a_contact_form", outcome="skipped", code="NO_FORM_FOUND")

# 2. The contact page answers 500.
name = "fail-http-500"
Case(name, "failure", "The contact page answers 500 Internal Server Error.", "/contact/",
     {"contact.html": corp(name, "お問い合わせ", "<p>unused</p>")},
     {"routes": [{"path": "/contact/", "page": "contact.html", "faults": {"status": 500}}]},
     verdict="contact_form", outcome="failed", code="SERVER_ERROR", must_not_submit=True)

from chrome import wp  # noqa: E402


def not_contact(name, description, entry, pages, routes):
    return Case(name, "not_contact", description, entry, pages, {"routes": routes},
                verdict="not_a_contact_form", outcome="skipped", code="NO_FORM_FOUND")


name = "not-contact-login"
page = corp(name, "会員ログイン", """<section class="login">
<form action="/member/login" method="post">
<p><label for="lid">ログインID（メールアドレス）</label><input id="lid" type="text" name="login_id"></p>
<p><label for="pw">パスワード</label><input id="pw" type="password" name="password"></p>
<p><label><input type="checkbox" name="remember" value="1"> ログイン状態を保持する</label></p>
<p><button type="submit">ログイン</button></p>
<p><a href="/member/reminder">パスワードをお忘れの方</a></p>
</form></section>""")
not_contact(name, "A member login page (ID + password), nothing else.", "/member/login",
            {"login.html": page}, [{"path": "/member/login", "page": "login.html"}])

name = "not-contact-newsletter"
page = corp(name, "メールマガジン登録", """<section class="mailmag">
<p>新製品情報やキャンペーン情報をメールマガジンでお届けします（月2回配信）。</p>
<form action="/mailmag/subscribe" method="post">
<p><label for="mm">メールアドレス</label><input id="mm" type="email" name="mm_email"></p>
<p><label><input type="checkbox" name="mm_agree" value="1"> 配信に同意する</label></p>
<p><button type="submit">登録する</button></p>
</form>
<p>配信停止は各メール末尾のリンクから行えます。</p></section>""")
not_contact(name, "A newsletter subscription page: one email field and 登録する.",
            "/mailmag/", {"mailmag.html": page}, [{"path": "/mailmag/", "page": "mailmag.html"}])

name = "not-contact-recruit"
page = wp(name, "採用エントリー", """<p>新卒・中途採用へのエントリーは下記フォームより受け付けております。</p>
<form action="/recruit/entry/send.php" method="post" enctype="multipart/form-data">
<table class="entry"><tr><th>希望職種</th><td><select name="job"><option value="">選択</option><option>営業職</option><option>技術職</option><option>事務職</option></select></td></tr>
<tr><th>氏名</th><td><input type="text" name="entry_name"></td></tr>
<tr><th>生年月日</th><td><input type="date" name="birth"></td></tr>
<tr><th>最終学歴</th><td><input type="text" name="school" placeholder="〇〇大学〇〇学部"></td></tr>
<tr><th>職務経歴</th><td><textarea name="career" rows="6"></textarea></td></tr>
<tr><th>志望動機</th><td><textarea name="motivation" rows="6"></textarea></td></tr>
<tr><th>履歴書</th><td><input type="file" name="resume"></td></tr>
<tr><th>メールアドレス</th><td><input type="email" name="entry_email"></td></tr></table>
<p><input type="submit" value="エントリーする"></p></form>""")
not_contact(name, "A recruitment entry form (希望職種, 生年月日, 最終学歴, 職務経歴, 志望動機, "
            "履歴書): not a channel for business inquiries.", "/recruit/entry/",
            {"entry.html": page}, [{"path": "/recruit/entry/", "page": "entry.html"}])

name = "not-contact-download"
page = corp(name, "資料ダウンロード", """<div class="dl"><h2>製品カタログ（PDF）ダウンロード</h2>
<p>以下の項目にご回答いただくと、カタログをダウンロードいただけます。</p>
<form action="/download/catalog" method="post">
<p>会社名<input type="text" name="dl_company"></p>
<p>お名前<input type="text" name="dl_name"></p>
<p>メールアドレス<input type="email" name="dl_email"></p>
<p>ご検討状況<br><label><input type="radio" name="status" value="1">情報収集中</label><label><input type="radio" name="status" value="2">導入を検討中</label><label><input type="radio" name="status" value="3">比較中</label></p>
<p>ご興味のある製品<br><label><input type="checkbox" name="interest[]" value="A">産業用ポンプ</label><label><input type="checkbox" name="interest[]" value="B">バルブ</label></p>
<p><button type="submit">ダウンロードする</button></p></form></div>""")
not_contact(name, "A catalogue download survey (ご検討状況, ご興味のある製品): a lead form, "
            "not a contact form.", "/download/", {"download.html": page},
            [{"path": "/download/", "page": "download.html"}])

name = "not-contact-cart"
page = corp(name, "ショッピングカート", """<form action="/cart/update" method="post">
<table class="cart"><tr><th>商品</th><th>単価</th><th>数量</th><th>小計</th></tr>
<tr><td>業務用洗剤 5L</td><td>3,980円</td><td><input type="number" name="qty[1024]" value="2" min="1"></td><td>7,960円</td></tr>
<tr><td>詰め替えボトル</td><td>480円</td><td><input type="number" name="qty[2048]" value="1" min="1"></td><td>480円</td></tr></table>
<p>クーポンコード <input type="text" name="coupon"> <button type="submit" name="apply">適用</button></p>
<p><button type="submit" name="checkout">レジに進む</button></p>
</form>""", style="shop")
not_contact(name, "A shopping cart (quantities, coupon, レジに進む).", "/cart/",
            {"cart.html": page}, [{"path": "/cart/", "page": "cart.html"}])

name = "not-contact-blog-comment"
page = wp(name, "新工場竣工のお知らせ", """<p>このたび、第二工場が竣工いたしました。今後とも変わらぬご愛顧を賜りますようお願い申し上げます。</p>
<div id="comments" class="comments-area"><div id="respond" class="comment-respond">
<h3 id="reply-title" class="comment-reply-title">コメントを残す</h3>
<form action="/wp-comments-post.php" method="post" id="commentform" class="comment-form" novalidate>
<p class="comment-notes">メールアドレスが公開されることはありません。</p>
<p class="comment-form-comment"><label for="comment">コメント</label><textarea id="comment" name="comment" cols="45" rows="8" maxlength="65525" required></textarea></p>
<p class="comment-form-author"><label for="author">名前</label><input id="author" name="author" type="text" size="30"></p>
<p class="comment-form-email"><label for="email">メール</label><input id="email" name="email" type="email" size="30"></p>
<p class="comment-form-url"><label for="url">サイト</label><input id="url" name="url" type="url" size="30"></p>
<p class="form-submit"><input name="submit" type="submit" id="submit" class="submit" value="コメントを送信"><input type="hidden" name="comment_post_ID" value="312" id="comment_post_ID"><input type="hidden" name="comment_parent" id="comment_parent" value="0"></p>
</form></div></div>""", body_class="post-template-default single single-post")
not_contact(name, "A blog post with the WordPress comment form (コメントを残す, "
            "commentform).", "/news/new-factory/", {"post.html": page},
            [{"path": "/news/new-factory/", "page": "post.html"}])

name = "not-contact-phone-only"
page = corp(name, "お問い合わせ", """<section class="contact-info">
<p>製品・サービスに関するお問い合わせは、お電話またはFAXにて承っております。</p>
<dl><dt>電話</dt><dd>0120-000-000（受付時間 平日9:00〜17:00）</dd><dt>FAX</dt><dd>03-0000-0001（24時間受付）</dd></dl>
<p>FAXでのお問い合わせの際は、<a href="/pdf/fax_sheet.pdf">FAX用紙（PDF）</a>をご利用ください。</p>
<div class="map"><iframe src="https://maps.google.com/maps?q=tokyo&amp;output=embed" width="600" height="300" loading="lazy"></iframe></div>
</section>""")
not_contact(name, "A お問い合わせ page with only a phone number, a FAX sheet and a map.",
            "/contact/", {"contact.html": page}, [{"path": "/contact/", "page": "contact.html"}])

name = "not-contact-reservation"
page = corp(name, "ご来店予約", """<form action="/reserve/confirm" method="post">
<p>ご希望日 <input type="date" name="date" required></p>
<p>ご希望時間 <select name="time"><option>10:00</option><option>11:00</option><option>13:00</option><option>14:00</option></select></p>
<p>人数 <select name="people"><option>1名</option><option>2名</option><option>3名以上</option></select></p>
<p>お名前 <input type="text" name="rsv_name"></p>
<p>電話番号 <input type="tel" name="rsv_tel"></p>
<p><button type="submit">予約内容を確認する</button></p>
</form>""")
not_contact(name, "A showroom reservation form (date, time, number of people): not a "
            "contact form.", "/reserve/", {"reserve.html": page},
            [{"path": "/reserve/", "page": "reserve.html"}])

# Sites that fail.
def failure(name, description, code, routes, pages=None, entry="/contact/"):
    pages = pages or {"contact.html": corp(name, "お問い合わせ", "<p>お問い合わせフォーム</p>")}
    return Case(name, "failure", description, entry, pages, {"routes": routes},
                verdict="contact_form", outcome="failed", code=code, must_not_submit=True)


failure("fail-timeout", "The contact page never answers (the connection stays open).",
        "TIMEOUT", [{"path": "/contact/", "page": "contact.html", "faults": {"hang": True}}])
failure("fail-redirect-loop", "/contact/ redirects to /inquiry/ which redirects back.",
        "TOO_MANY_REDIRECTS", [{"path": "/contact/", "redirect": "/inquiry/"},
                               {"path": "/inquiry/", "redirect": "/contact/"}])
failure("fail-not-found", "The contact URL answers 404 (the site was renewed).", "NOT_FOUND",
        [{"path": "/", "page": "contact.html"}], entry="/contact/form.html")
failure("fail-huge-page", "A 40 MB page (huge inline data) beyond any sane size cap.",
        "PAGE_TOO_LARGE", [{"path": "/contact/", "page": "contact.html",
                            "faults": {"huge_page_bytes": 40000000}}])
failure("fail-gzip-bomb", "A small gzip body that inflates to 1 GiB.", "PAGE_TOO_LARGE",
        [{"path": "/contact/", "page": "contact.html",
          "faults": {"gzip_bomb_bytes": 1073741824}}])
failure("fail-endless-chunked", "A chunked body that never ends.", "PAGE_TOO_LARGE",
        [{"path": "/contact/", "page": "contact.html", "faults": {"endless_chunked": True}}])
failure("fail-slow-loris", "The page arrives one byte every 5 seconds.", "TIMEOUT",
        [{"path": "/contact/", "page": "contact.html", "faults": {"slow_loris_tick_ms": 5000}}])
failure("fail-503-maintenance", "Every page answers 503 (maintenance).", "SERVER_ERROR",
        [{"path": "/contact/", "page": "contact.html", "faults": {"status": 503}}])
