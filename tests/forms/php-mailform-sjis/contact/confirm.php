<!DOCTYPE HTML PUBLIC "-//W3C//DTD HTML 4.01 Transitional//EN">
<html>
<head>
<meta http-equiv="Content-Type" content="text/html; charset=Shift_JIS">
<meta http-equiv="Content-Style-Type" content="text/css">
<title>株式会社湘南電機　確認画面</title>
<link rel="stylesheet" href="/css/style.css" type="text/css">
</head>
<body bgcolor="#ffffff" leftmargin="0" topmargin="0" marginwidth="0" marginheight="0">
<table width="760" border="0" cellspacing="0" cellpadding="0" align="center">
<tr>
<td><a href="/index.html"><img src="/img/title.gif" width="760" height="90" border="0" alt="株式会社湘南電機"></a></td>
</tr>
<tr>
<td bgcolor="#003366" align="center"><font color="#ffffff" size="2">
<a href="/index.html"><font color="#ffffff">ホーム</font></a>｜<a href="/company.html"><font color="#ffffff">会社概要</font></a>｜<a href="/products.html"><font color="#ffffff">製品案内</font></a>｜<a href="/contact/"><font color="#ffffff">お問い合わせ</font></a>
</font></td>
</tr>
<tr>
<td valign="top" style="padding:20px;">
<h2><img src="/img/h_contact.gif" alt="確認画面" width="300" height="30"></h2>
<p>以下の内容でよろしければ「送信する」ボタンを押してください。</p>
<form method="post" action="mail.php">
<table border="1" cellspacing="0" cellpadding="6" width="100%">
<tr><td width="30%" bgcolor="#eeeeee">会社名</td><td>{{value:会社名}}</td></tr>
<tr><td bgcolor="#eeeeee">お名前</td><td>{{value:お名前}}</td></tr>
<tr><td bgcolor="#eeeeee">メールアドレス</td><td>{{value:メールアドレス}}</td></tr>
<tr><td bgcolor="#eeeeee">電話番号</td><td>{{value:電話番号}}</td></tr>
<tr><td bgcolor="#eeeeee">お問い合わせ内容</td><td>{{value_br:お問い合わせ内容}}</td></tr>
</table>
<p align="center">
<input type="hidden" name="mail_set" value="send_submit">
{{hidden_all}}
<input type="button" value="前画面に戻る" onClick="history.back()">　<input type="submit" value="　送信する　">
</p>
</form>
</td>
</tr>
<tr>
<td bgcolor="#eeeeee" align="center"><font size="2">株式会社湘南電機<br>
〒812-0011 福岡県福岡市博多区博多駅前1-7-14　TEL 092-290-4118<br>
Copyright (C) 株式会社湘南電機 All rights reserved.</font></td>
</tr>
</table>
</body>
</html>
