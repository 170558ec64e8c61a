<!DOCTYPE html>
<html lang="ja">
<head>
<meta charset="UTF-8">
<meta http-equiv="X-UA-Compatible" content="IE=edge">
<meta name="viewport" content="width=device-width,initial-scale=1">
<title>入力エラー｜株式会社桜井テクノ</title>
<meta name="description" content="株式会社桜井テクノの入力エラーページです。">
<link rel="stylesheet" href="/assets/css/modern.css">
</head>
<body id="modern" class="lower">
<header class="l-header">
  <div class="l-header__inner">
    <p class="l-header__logo"><a href="/"><img src="/assets/img/logo.svg" alt="株式会社桜井テクノ" width="220" height="40"></a></p>
    <nav class="l-gnav">
      <ul>
      <li><a href="/">ホーム</a></li>
      <li><a href="/company/">会社概要</a></li>
      <li><a href="/service/">事業内容</a></li>
      <li><a href="/works/">施工実績</a></li>
      <li><a href="/news/">採用情報</a></li>
      <li><a href="/contact/">お問い合わせ</a></li>
      </ul>
    </nav>
    <p class="l-header__tel">お電話でのお問い合わせ <a href="tel:048-340-1939">048-340-1939</a></p>
  </div>
</header>
<div class="p-pagetitle"><h1>入力エラー</h1></div>
<main class="l-main">
<div class="error-box"><p>入力内容に誤りがあります。</p>{{errors}}</div>
<p><a href="javascript:history.back();">入力画面に戻る</a></p>
</main>
  <footer id="footer" class="site-footer">
    <div class="footer-inner">
      <p class="footer-name">株式会社桜井テクノ</p>
      <p class="footer-address">〒330-0854 埼玉県さいたま市大宮区桜木町9-18-7</p>
      <p class="footer-tel">TEL：048-340-1939　FAX：048-340-1930<br>営業時間：平日 9:00〜18:00（土日祝を除く）</p>
      <p class="copyright"><small>&copy; 1982-2024 株式会社桜井テクノ All Rights Reserved.</small></p>
    </div>
  </footer>
</body>
</html>
