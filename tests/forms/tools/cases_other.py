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
