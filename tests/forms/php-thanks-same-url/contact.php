<!DOCTYPE html>
<html lang="ja">
<head>
<meta charset="UTF-8">
<meta http-equiv="X-UA-Compatible" content="IE=edge">
<meta name="viewport" content="width=device-width,initial-scale=1">
<title>お問い合わせ｜浪速技研株式会社</title>
<meta name="description" content="浪速技研株式会社のお問い合わせページです。">
<link rel="stylesheet" href="/assets/css/modern.css">
</head>
<body id="modern" class="lower">
<header class="l-header">
  <div class="l-header__inner">
    <p class="l-header__logo"><a href="/"><img src="/assets/img/logo.svg" alt="浪速技研株式会社" width="220" height="40"></a></p>
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
    <p class="l-header__tel">お電話でのお問い合わせ <a href="tel:011-544-3031">011-544-3031</a></p>
  </div>
</header>
<div class="p-pagetitle"><h1>お問い合わせ</h1></div>
<main class="l-main">
<form action="" method="post" class="inquiry">
<p><label for="c1">会社名</label><input id="c1" type="text" name="company"></p>
<p><label for="c2">お名前 <b class="req">*</b></label><input id="c2" type="text" name="name"></p>
<p><label for="c3">メールアドレス <b class="req">*</b></label><input id="c3" type="email" name="email"></p>
<p><label for="c4">電話番号</label><input id="c4" type="tel" name="tel"></p>
<p><label for="c5">お問い合わせ内容 <b class="req">*</b></label><textarea id="c5" name="message" rows="7"></textarea></p>
<p><input type="submit" name="submit" value="送信する"></p>
</form>
</main>
  <footer id="footer" class="site-footer">
    <div class="footer-inner">
      <p class="footer-name">浪速技研株式会社</p>
      <p class="footer-address">〒060-0001 北海道札幌市中央区北一条西3-6-14</p>
      <p class="footer-tel">TEL：011-544-3031　FAX：011-544-3032<br>営業時間：10:00〜19:00（水曜定休）</p>
      <p class="copyright"><small>&copy; 1967-2024 浪速技研株式会社 All Rights Reserved.</small></p>
    </div>
  </footer>
</body>
</html>
