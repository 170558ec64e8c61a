<!DOCTYPE HTML PUBLIC "-//W3C//DTD HTML 4.01 Transitional//EN">
<html>
<head>
<meta http-equiv="Content-Type" content="text/html; charset=Shift_JIS">
<meta http-equiv="Content-Style-Type" content="text/css">
<title>株式会社湘南電機　入力エラー</title>
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
<h2><img src="/img/h_contact.gif" alt="入力エラー" width="300" height="30"></h2>
<p><font color="red"><b>入力にエラーがあります。下記をご確認の上「戻る」ボタンにて修正をお願い致します。</b></font></p>
{{errors}}
<p align="center"><input type="button" value=" 前画面に戻る " onClick="history.back()"></p>
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
