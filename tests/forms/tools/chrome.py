"""Site chrome: the headers, navigation and footers real Japanese company sites wrap around
their contact forms (WordPress themes, static corporate templates, 2000s table layouts)."""
import hashlib

PREFIXES = ["東和", "北辰", "三栄", "大和田", "丸信", "朝日", "協和", "光洋", "中央", "日進",
            "富士見", "青葉", "桜井", "白鷺", "八洲", "明星", "若草", "瑞穂", "松風", "昭栄",
            "新和", "大成", "平和", "旭日", "清水", "千代田", "湘南", "浪速", "博多", "杜の都"]
TRADES = [("精工", "Seiko"), ("建設", "Kensetsu"), ("商事", "Shoji"), ("工業", "Kogyo"),
          ("食品", "Foods"), ("不動産", "Estate"), ("設計事務所", "Design Office"),
          ("システムズ", "Systems"), ("印刷", "Printing"), ("運輸", "Transport"),
          ("電機", "Electric"), ("化成", "Chemical"), ("技研", "Giken"), ("製作所", "Works"),
          ("ホーム", "Home"), ("産業", "Sangyo"), ("物流", "Logistics"), ("テクノ", "Techno")]
PLACES = [("東京都", "港区芝公園", "105-0011", "03"), ("大阪府", "大阪市中央区本町", "541-0053", "06"),
          ("愛知県", "名古屋市中区栄", "460-0008", "052"), ("福岡県", "福岡市博多区博多駅前", "812-0011", "092"),
          ("北海道", "札幌市中央区北一条西", "060-0001", "011"), ("宮城県", "仙台市青葉区一番町", "980-0811", "022"),
          ("広島県", "広島市中区紙屋町", "730-0031", "082"), ("神奈川県", "横浜市西区みなとみらい", "220-0012", "045"),
          ("京都府", "京都市下京区烏丸通", "600-8008", "075"), ("静岡県", "浜松市中区板屋町", "430-0928", "053"),
          ("新潟県", "新潟市中央区万代", "950-0088", "025"), ("埼玉県", "さいたま市大宮区桜木町", "330-0854", "048")]


def profile(seed):
    h = int(hashlib.sha256(seed.encode()).hexdigest(), 16)
    prefix = PREFIXES[h % len(PREFIXES)]
    trade, trade_en = TRADES[(h // 31) % len(TRADES)]
    pref, town, postal, area = PLACES[(h // 997) % len(PLACES)]
    kind = ["株式会社", "有限会社", "株式会社", "株式会社"][(h // 7) % 4]
    name = f"{kind}{prefix}{trade}" if (h // 13) % 3 else f"{prefix}{trade}{kind}"
    if "事務所" in trade:
        name = f"{prefix}{trade}"
    number = f"{(h // 101) % 9 + 1}-{(h // 1009) % 20 + 1}-{(h // 10007) % 30 + 1}"
    local = f"{(h // 7919) % 9000 + 1000}"
    sub = f"{(h // 104729) % 9000 + 1000}"
    if len(area) == 2:
        tel = f"{area}-{local}-{sub}"
    else:
        tel = f"{area}-{local[:3]}-{sub}"
    return {
        "name": name,
        "short": prefix + trade,
        "en": f"{trade_en} Co., Ltd.",
        "postal": postal,
        "address": f"{pref}{town}{number}",
        "tel": tel,
        "fax": tel[:-1] + str((int(tel[-1]) + 1) % 10),
        "year": 1950 + h % 70,
        "hours": ["平日 9:00〜18:00（土日祝を除く）", "9:00〜17:30（土・日・祝日、年末年始休業）",
                  "月〜金 8:30〜17:30", "10:00〜19:00（水曜定休）"][(h // 3) % 4],
    }


NAV_SETS = [
    ["ホーム", "会社概要", "事業内容", "施工実績", "採用情報", "お問い合わせ"],
    ["TOP", "私たちについて", "サービス", "導入事例", "ニュース", "お問い合わせ"],
    ["トップページ", "製品情報", "技術紹介", "会社案内", "アクセス", "お問い合わせ"],
    ["ホーム", "企業情報", "商品紹介", "よくあるご質問", "リクルート", "CONTACT"],
]


def nav(seed, links=True):
    h = int(hashlib.sha256(("nav" + seed).encode()).hexdigest(), 16)
    items = NAV_SETS[h % len(NAV_SETS)]
    paths = ["/", "/company/", "/service/", "/works/", "/news/", "/contact/"]
    return "\n".join(f'      <li><a href="{p}">{t}</a></li>' for p, t in zip(paths, items))


def footer(p, extra=""):
    return f"""  <footer id="footer" class="site-footer">
    <div class="footer-inner">
      <p class="footer-name">{p['name']}</p>
      <p class="footer-address">〒{p['postal']} {p['address']}</p>
      <p class="footer-tel">TEL：{p['tel']}　FAX：{p['fax']}<br>営業時間：{p['hours']}</p>
{extra}      <p class="copyright"><small>&copy; {p['year']}-2024 {p['name']} All Rights Reserved.</small></p>
    </div>
  </footer>"""


def wp(seed, title, main, theme="lightning", charset="UTF-8", head="", footer_extra="",
       body_class="page-template-default page", sidebar=""):
    p = profile(seed)
    aside = f'\n    <aside class="sidebar">\n{sidebar}\n    </aside>' if sidebar else ""
    return f"""<!DOCTYPE html>
<html lang="ja">
<head>
<meta charset="{charset}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title} | {p['name']}</title>
<meta name="generator" content="WordPress 6.4.3">
<link rel="stylesheet" id="wp-block-library-css" href="/wp-includes/css/dist/block-library/style.min.css?ver=6.4.3" media="all">
<link rel="stylesheet" id="{theme}-style-css" href="/wp-content/themes/{theme}/style.css?ver=15.2" media="all">
{head}</head>
<body class="{body_class} wp-theme-{theme}">
<div id="page" class="site">
  <header id="site-header" class="site-header">
    <div class="site-branding"><a href="/" rel="home"><span class="site-title">{p['name']}</span></a></div>
    <nav id="global-nav" class="global-nav" aria-label="メインメニュー">
      <ul class="menu">
{nav(seed)}
      </ul>
    </nav>
  </header>
  <div class="page-header"><h1 class="page-header-title">{title}</h1></div>
  <div class="breadcrumb"><ol><li><a href="/">HOME</a></li><li>{title}</li></ol></div>
  <div class="site-body">
    <main id="main" class="main-section">
      <article class="entry">
        <div class="entry-body">
{main}
        </div>
      </article>
    </main>{aside}
  </div>
{footer(p, footer_extra)}
</div>
<script src="/wp-includes/js/jquery/jquery.min.js?ver=3.7.1" id="jquery-core-js"></script>
</body>
</html>
"""


def corp(seed, title, main, charset="UTF-8", head="", footer_extra="", header_extra="",
         lang="ja", style="modern"):
    p = profile(seed)
    return f"""<!DOCTYPE html>
<html lang="{lang}">
<head>
<meta charset="{charset}">
<meta http-equiv="X-UA-Compatible" content="IE=edge">
<meta name="viewport" content="width=device-width,initial-scale=1">
<title>{title}｜{p['name']}</title>
<meta name="description" content="{p['name']}の{title}ページです。">
<link rel="stylesheet" href="/assets/css/{style}.css">
{head}</head>
<body id="{style}" class="lower">
<header class="l-header">
  <div class="l-header__inner">
    <p class="l-header__logo"><a href="/"><img src="/assets/img/logo.svg" alt="{p['name']}" width="220" height="40"></a></p>
{header_extra}    <nav class="l-gnav">
      <ul>
{nav(seed)}
      </ul>
    </nav>
    <p class="l-header__tel">お電話でのお問い合わせ <a href="tel:{p['tel']}">{p['tel']}</a></p>
  </div>
</header>
<div class="p-pagetitle"><h1>{title}</h1></div>
<main class="l-main">
{main}
</main>
{footer(p, footer_extra)}
</body>
</html>
"""


def retro(seed, title, main, charset="Shift_JIS", footer_extra=""):
    p = profile(seed)
    return f"""<!DOCTYPE HTML PUBLIC "-//W3C//DTD HTML 4.01 Transitional//EN">
<html>
<head>
<meta http-equiv="Content-Type" content="text/html; charset={charset}">
<meta http-equiv="Content-Style-Type" content="text/css">
<title>{p['name']}　{title}</title>
<link rel="stylesheet" href="/css/style.css" type="text/css">
</head>
<body bgcolor="#ffffff" leftmargin="0" topmargin="0" marginwidth="0" marginheight="0">
<table width="760" border="0" cellspacing="0" cellpadding="0" align="center">
<tr>
<td><a href="/index.html"><img src="/img/title.gif" width="760" height="90" border="0" alt="{p['name']}"></a></td>
</tr>
<tr>
<td bgcolor="#003366" align="center"><font color="#ffffff" size="2">
<a href="/index.html"><font color="#ffffff">ホーム</font></a>｜<a href="/company.html"><font color="#ffffff">会社概要</font></a>｜<a href="/products.html"><font color="#ffffff">製品案内</font></a>｜<a href="/contact/"><font color="#ffffff">お問い合わせ</font></a>
</font></td>
</tr>
<tr>
<td valign="top" style="padding:20px;">
<h2><img src="/img/h_contact.gif" alt="{title}" width="300" height="30"></h2>
{main}
</td>
</tr>
<tr>
<td bgcolor="#eeeeee" align="center"><font size="2">{p['name']}<br>
〒{p['postal']} {p['address']}　TEL {p['tel']}<br>
{footer_extra}Copyright (C) {p['name']} All rights reserved.</font></td>
</tr>
</table>
</body>
</html>
"""


def bare(title, body, charset="UTF-8"):
    return f"""<!DOCTYPE html>
<html lang="ja">
<head>
<meta charset="{charset}">
<title>{title}</title>
</head>
<body>
{body}
</body>
</html>
"""
