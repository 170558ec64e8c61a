"""EC-CUBE shops' お問い合わせ pages (EC-CUBE 4 and the older 2.x)."""
from chrome import corp
from kit import form_spec
from lib import PREFECTURES, Case, F

PREFS = PREFECTURES
PREF_OPTIONS = "".join(f'<option value="{i + 1}">{p}</option>' for i, p in enumerate(PREFS))


def shop_page(seed, title, body):
    return corp(seed, title, f'<div class="ec-layoutRole"><div class="ec-contactRole">{body}</div></div>',
                style="eccube")


# 1. EC-CUBE 4: Symfony form names, _token, mode=confirm → mode=complete, digits-only phone
# and postal code (the placeholders show 11122223333 and 5300001).
name = "eccube4-contact"
fields = [
    F("contact[name][name01]", "last_name", True, label="お名前(姓)"),
    F("contact[name][name02]", "first_name", True, label="お名前(名)"),
    F("contact[kana][kana01]", "last_name_kana", kana_script="katakana", label="お名前(セイ)"),
    F("contact[kana][kana02]", "first_name_kana", kana_script="katakana", label="お名前(メイ)"),
    F("contact[postal_code]", "postal_code", style="digits", label="郵便番号"),
    F("contact[address][pref]", "prefecture", value="13", label="都道府県"),
    F("contact[address][addr01]", "city", label="市区町村名"),
    F("contact[address][addr02]", "address_line", label="番地・ビル名"),
    F("contact[phone_number]", "phone", style="digits", label="電話番号"),
    F("contact[email]", "email", True, label="メールアドレス"),
    F("contact[contents]", "message", True, label="お問い合わせ内容"),
]
form = f"""<div class="ec-pageHeader"><h1>お問い合わせ</h1></div>
<div class="ec-off1Grid"><div class="ec-off1Grid__cell">
<form method="post" action="/contact" class="h-adr" novalidate>
<span class="p-country-name" style="display:none;">Japan</span>
<input type="hidden" id="contact__token" name="_token" value="{{{{csrf_token}}}}" />
<div class="ec-borderedDefs">
<dl><dt><label class="ec-label required">お名前</label><span class="ec-required">必須</span></dt>
<dd><div class="ec-halfInput"><input type="text" id="contact_name_name01" name="contact[name][name01]" required="required" placeholder="姓" /><input type="text" id="contact_name_name02" name="contact[name][name02]" required="required" placeholder="名" /></div></dd></dl>
<dl><dt><label class="ec-label">お名前(カナ)</label></dt>
<dd><div class="ec-halfInput"><input type="text" id="contact_kana_kana01" name="contact[kana][kana01]" placeholder="セイ" /><input type="text" id="contact_kana_kana02" name="contact[kana][kana02]" placeholder="メイ" /></div></dd></dl>
<dl><dt><label class="ec-label">住所</label></dt>
<dd><div class="ec-zipInput"><span>〒</span><input type="text" id="contact_postal_code" name="contact[postal_code]" class="p-postal-code" placeholder="例：5300001" maxlength="8" />
<div class="ec-zipInputHelp"><div class="ec-zipInputHelp__icon"><div class="ec-icon"><img src="/html/template/default/assets/icon/question-white.svg" alt=""></div></div><a href="https://www.post.japanpost.jp/zipcode/" target="_blank"><span>郵便番号検索</span></a></div></div>
<div class="ec-select"><select id="contact_address_pref" name="contact[address][pref]" class="p-region-id"><option value="">都道府県を選択</option>{PREF_OPTIONS}</select></div>
<div class="ec-input"><input type="text" id="contact_address_addr01" name="contact[address][addr01]" class="p-locality p-street-address" placeholder="市区町村名(例：大阪市北区)" /></div>
<div class="ec-input"><input type="text" id="contact_address_addr02" name="contact[address][addr02]" class="p-extended-address" placeholder="番地・ビル名(例：西梅田1丁目6-8)" /></div></dd></dl>
<dl><dt><label class="ec-label" for="contact_phone_number">電話番号</label></dt>
<dd><div class="ec-telInput"><input type="tel" id="contact_phone_number" name="contact[phone_number]" maxlength="14" placeholder="例：11122223333" /></div></dd></dl>
<dl><dt><label class="ec-label required" for="contact_email">メールアドレス</label><span class="ec-required">必須</span></dt>
<dd><div class="ec-input"><input type="email" id="contact_email" name="contact[email]" required="required" placeholder="例：ec-cube@example.com" /></div></dd></dl>
<dl><dt><label class="ec-label required" for="contact_contents">お問い合わせ内容</label><span class="ec-required">必須</span></dt>
<dd><div class="ec-input"><textarea id="contact_contents" name="contact[contents]" required="required"></textarea></div>
<p>ご注文に関するお問い合わせには、必ず「ご注文番号」をご記入くださいますようお願いいたします。</p></dd></dl>
</div>
<div class="ec-RegisterRole__actions"><div class="ec-off4Grid"><div class="ec-off4Grid__cell">
<button type="submit" class="ec-blockBtn--action" name="mode" value="confirm">確認ページへ</button>
</div></div></div>
</form>
</div></div>"""
confirm = """<div class="ec-pageHeader"><h1>お問い合わせ(確認ページ)</h1></div>
<div class="ec-off1Grid"><div class="ec-off1Grid__cell">
<form method="post" action="/contact" class="h-adr">
<input type="hidden" id="contact__token" name="_token" value="{{csrf_token}}" />
<p class="ec-para-normal">内容によっては回答をさしあげるのにお時間をいただくこともございます。<br>また、休業日は翌営業日以降の対応となりますのでご了承ください。</p>
<div class="ec-borderedDefs">
<dl><dt>お名前</dt><dd>{{value:contact[name][name01]}} {{value:contact[name][name02]}}</dd></dl>
<dl><dt>お名前(カナ)</dt><dd>{{value:contact[kana][kana01]}} {{value:contact[kana][kana02]}}</dd></dl>
<dl><dt>住所</dt><dd>〒{{value:contact[postal_code]}} {{value:contact[address][addr01]}}{{value:contact[address][addr02]}}</dd></dl>
<dl><dt>電話番号</dt><dd>{{value:contact[phone_number]}}</dd></dl>
<dl><dt>メールアドレス</dt><dd>{{value:contact[email]}}</dd></dl>
<dl><dt>お問い合わせ内容</dt><dd>{{value_br:contact[contents]}}</dd></dl>
</div>
{{hidden_all}}
<div class="ec-RegisterRole__actions"><div class="ec-off4Grid"><div class="ec-off4Grid__cell">
<button type="submit" class="ec-blockBtn--action" name="mode" value="complete">送信する</button>
<button type="submit" class="ec-blockBtn--cancel" name="mode" value="back">戻る</button>
</div></div></div>
</form>
</div></div>"""
complete = """<div class="ec-pageHeader"><h1>お問い合わせ(完了)</h1></div>
<div class="ec-reportHeading"><h2>お問い合わせ頂きありがとうございます。</h2></div>
<p class="ec-reportDescription">確認メールをお送りいたしましたので、ご確認ください。<br>今後ともご愛顧賜りますようよろしくお願い申し上げます。</p>
<div class="ec-off4Grid"><div class="ec-off4Grid__cell"><a class="ec-blockBtn--cancel" href="/">トップページへ</a></div></div>"""
site = {
    "session_cookie": "eccube",
    "forms": {"contact": form_spec(fields, csrf_field="_token",
                                   error_format='<p class="ec-errorMessage">{message}</p>')},
    "routes": [
        {"path": "/contact", "page": "contact.html"},
        {"path": "/contact", "method": "POST", "submit": {
            "form": "contact", "step_field": "mode",
            "step_values": {"confirm": "confirm", "complete": "final", "back": "back"},
            "on_input": "contact.html", "on_error": "contact.html", "on_confirm": "confirm.html",
            "on_final": {"redirect": "/contact/complete"}}},
        {"path": "/contact/complete", "page": "complete.html"},
    ],
}
site["forms"]["contact"]["fields"]["contact[postal_code]"]["format"] = "postal_digits"
Case(name, "eccube", "EC-CUBE 4 お問い合わせ: contact[name][name01]-style names, _token, "
     "mode=confirm then mode=complete, prefecture ids, and digits-only phone and postal code "
     "(placeholders 11122223333 and 5300001; the server rejects hyphens).", "/contact",
     {"contact.html": shop_page(name, "お問い合わせ", form),
      "confirm.html": shop_page(name, "お問い合わせ(確認ページ)", confirm),
      "complete.html": shop_page(name, "お問い合わせ(完了)", complete)},
     site, fields, confirm_page="confirm.html")

# 2. EC-CUBE 2.13: zip01/zip02, tel01-03, email/email02, image buttons, transactionid.
name = "eccube2-contact"
fields = [
    F("name01", "last_name", True, label="お名前(姓)"),
    F("name02", "first_name", True, label="お名前(名)"),
    F("kana01", "last_name_kana", True, kana_script="katakana", label="お名前(フリガナ・姓)"),
    F("kana02", "first_name_kana", True, kana_script="katakana", label="お名前(フリガナ・名)"),
    F("zip01", "postal_code_1", label="郵便番号1"),
    F("zip02", "postal_code_2", label="郵便番号2"),
    F("pref", "prefecture", value="13", label="都道府県"),
    F("addr01", "city", label="住所1"),
    F("addr02", "address_line", label="住所2"),
    F("tel01", "phone_1", label="電話番号1"),
    F("tel02", "phone_2", label="電話番号2"),
    F("tel03", "phone_3", label="電話番号3"),
    F("email", "email", True, label="メールアドレス"),
    F("email02", "email_confirm", True, label="メールアドレス(確認)"),
    F("contents", "message", True, label="お問い合わせ内容", rule={"max_length": 3000}),
]
IMG = "/user_data/packages/default/img/button"
form = f"""<div id="undercolumn"><div id="undercolumn_contact">
<h2 class="title">お問い合わせ</h2>
<p>お問い合わせはメールにて承っています。<br />内容によっては回答をさしあげるのにお時間をいただくこともございます。<br />休業日は翌営業日以降の対応となりますのでご了承ください。</p>
<p class="attention">※ご注文に関するお問い合わせには、必ず「ご注文番号」と「お名前」をご記入の上、お問い合わせください。</p>
<form name="form1" id="form1" method="post" action="?">
<input type="hidden" name="transactionid" value="{{{{csrf_token}}}}" />
<input type="hidden" name="mode" value="confirm" />
<table summary="お問い合わせ">
<tr><th>お名前<span class="attention">※</span></th><td>姓&nbsp;<input type="text" class="box120" name="name01" value="" maxlength="50" style="ime-mode: active;" />　名&nbsp;<input type="text" class="box120" name="name02" value="" maxlength="50" style="ime-mode: active;" /></td></tr>
<tr><th>お名前(フリガナ)<span class="attention">※</span></th><td>セイ&nbsp;<input type="text" class="box120" name="kana01" value="" maxlength="50" style="ime-mode: active;" />　メイ&nbsp;<input type="text" class="box120" name="kana02" value="" maxlength="50" style="ime-mode: active;" /></td></tr>
<tr><th>郵便番号</th><td><p class="top">〒&nbsp;<input type="text" name="zip01" class="box60" value="" maxlength="3" style="ime-mode: disabled;" />&nbsp;-&nbsp;<input type="text" name="zip02" class="box60" value="" maxlength="4" style="ime-mode: disabled;" />　<a href="http://search.post.japanpost.jp/zipcode/" target="_blank"><span class="mini">郵便番号検索</span></a></p>
<p class="zipimg"><a href="javascript:eccube.getAddress('/input_zip.php', 'zip01', 'zip02', 'pref', 'addr01');"><img src="{IMG}/btn_address_input.jpg" alt="住所自動入力" /></a>&nbsp;<span class="mini">郵便番号を入力後、クリックしてください。</span></p></td></tr>
<tr><th>住所</th><td><select name="pref"><option value="" selected="selected">都道府県を選択</option>{PREF_OPTIONS}</select>
<p class="top"><input type="text" name="addr01" class="box380" value="" style="ime-mode: active;" /><br />市区町村名（例：千代田区神田神保町）</p>
<p class="top"><input type="text" name="addr02" class="box380" value="" style="ime-mode: active;" /><br />番地・ビル名（例：1-3-5）</p>
<p class="mini"><span class="attention">住所は2つに分けてご記入ください。マンション名は必ず記入してください。</span></p></td></tr>
<tr><th>電話番号</th><td><input type="text" name="tel01" class="box60" value="" maxlength="6" style="ime-mode: disabled;" />&nbsp;-&nbsp;<input type="text" name="tel02" class="box60" value="" maxlength="6" style="ime-mode: disabled;" />&nbsp;-&nbsp;<input type="text" name="tel03" class="box60" value="" maxlength="6" style="ime-mode: disabled;" /></td></tr>
<tr><th>メールアドレス<span class="attention">※</span></th><td><input type="text" class="box380 top" name="email" value="" maxlength="200" style="ime-mode: disabled;" /><br />
<input type="text" class="box380" name="email02" value="" maxlength="200" style="ime-mode: disabled;" /><br />
<p class="mini"><span class="attention">確認のため2度入力してください。</span></p></td></tr>
<tr><th>お問い合わせ内容<span class="attention">※</span><br /><span class="mini">（全角3000字以下）</span></th><td><textarea name="contents" class="box380" cols="60" rows="20" style="ime-mode: active;"></textarea></td></tr>
</table>
<div class="btn_area"><ul><li><input type="image" class="hover_change_image" src="{IMG}/btn_confirm.jpg" alt="確認ページへ" name="confirm" id="confirm" /></li></ul></div>
</form>
</div></div>"""
confirm = f"""<div id="undercolumn"><div id="undercolumn_contact">
<h2 class="title">お問い合わせ(確認ページ)</h2>
<p>下記入力内容で送信してもよろしいでしょうか？<br />よろしければ、一番下の「完了ページへ」ボタンをクリックしてください。</p>
<form name="form1" id="form1" method="post" action="?">
<input type="hidden" name="transactionid" value="{{{{csrf_token}}}}" />
<input type="hidden" name="mode" value="complete" />
{{{{hidden_all}}}}
<table summary="お問い合わせ内容確認">
<tr><th>お名前</th><td>{{{{value:name01}}}}　{{{{value:name02}}}}</td></tr>
<tr><th>お名前(フリガナ)</th><td>{{{{value:kana01}}}}　{{{{value:kana02}}}}</td></tr>
<tr><th>郵便番号</th><td>〒{{{{value:zip01}}}}-{{{{value:zip02}}}}</td></tr>
<tr><th>住所</th><td>{{{{value:addr01}}}}{{{{value:addr02}}}}</td></tr>
<tr><th>電話番号</th><td>{{{{value:tel01}}}}-{{{{value:tel02}}}}-{{{{value:tel03}}}}</td></tr>
<tr><th>メールアドレス</th><td>{{{{value:email}}}}</td></tr>
<tr><th>お問い合わせ内容</th><td>{{{{value_br:contents}}}}</td></tr>
</table>
<div class="btn_area"><ul>
<li><a href="?" onclick="eccube.setModeAndSubmit('return', '', ''); return false;"><img class="hover_change_image" src="{IMG}/btn_back.jpg" alt="戻る" border="0" name="back02" id="back02" /></a></li>
<li><input type="image" class="hover_change_image" src="{IMG}/btn_complete.jpg" alt="完了ページへ" name="send" id="send" /></li>
</ul></div>
</form>
</div></div>"""
complete = """<div id="undercolumn"><div id="undercolumn_contact">
<h2 class="title">お問い合わせ(完了ページ)</h2>
<div id="complete_area"><div class="message">お問い合わせ内容の送信が完了いたしました。</div>
<p>万一、ご回答メールが届かない場合は、トラブルの可能性もありますので大変お手数ではございますがもう一度お問い合わせいただくか、お電話にてお問い合わせください。<br />今後ともご愛顧賜りますようよろしくお願い申し上げます。</p></div>
</div></div>"""
site = {
    "session_cookie": "ECSESSID",
    "forms": {"contact": form_spec(fields, csrf_field="transactionid",
                                   exclude_from_echo=["confirm.x", "confirm.y"])},
    "routes": [
        {"path": "/contact/", "page": "contact/index.html"},
        {"path": "/contact/index.php", "page": "contact/index.html"},
        {"path": "/contact/", "method": "POST", "submit": {
            "form": "contact", "step_field": "mode",
            "step_values": {"confirm": "confirm", "complete": "final", "return": "back"},
            "on_input": "contact/index.html", "on_error": "contact/index.html",
            "on_confirm": "contact/confirm.html",
            "on_final": {"redirect": "/contact/complete.php"}}},
        {"path": "/contact/complete.php", "page": "contact/complete.html"},
    ],
}
Case(name, "eccube", "EC-CUBE 2.13 お問い合わせ: name01/name02, kana01/kana02, zip01/zip02, "
     "tel01-03, email + email02, transactionid, mode=confirm → mode=complete, and image "
     "submit buttons (name.x/name.y) on both screens.", "/contact/",
     {"contact/index.html": shop_page(name, "お問い合わせ", form),
      "contact/confirm.html": shop_page(name, "お問い合わせ(確認ページ)", confirm),
      "contact/complete.html": shop_page(name, "お問い合わせ(完了ページ)", complete)},
     site, fields, confirm_page="contact/confirm.html")
