"""Forms that exist or submit only through script: an HTTP engine must skip them
(NEEDS_BROWSER); the browser fallback renders, fills with input events, clicks and sends them.
Every script here really works (the sample-site server records what it posts), and each case's
`browser` member says what the browser path must achieve."""
from chrome import corp, wp
from cases_static import THANKS
from kit import CF7_MESSAGES, cf7_acceptance, cf7_form, cf7_submit, cf7_text, cf7_textarea, rules
from lib import Case, F, derive

NAME = derive("full_name")
EMAIL = derive("email")
COMPANY = derive("company_name")
PHONE = derive("phone")
MESSAGE = derive("message")


def browser_case(name, description, pages, site, final_fields, confirm=False):
    return Case(name, "needs_browser", description, "/contact/", pages, site,
                verdict="needs_browser", outcome="skipped", code="NEEDS_BROWSER",
                browser={"expected_outcome": "success", "expected_code": "SUCCESS",
                         "expect_confirm_step": confirm, "final_fields": final_fields})


API_FIELDS = {"name": {"label": "お名前", "required": True},
              "email": {"label": "メールアドレス", "required": True, "format": "email"},
              "message": {"label": "お問い合わせ内容", "required": True}}

# 1. A React single-page app: an empty #root, a bundle that renders a controlled form (the
# values live in the app's state and change only through input events) and posts that state
# as JSON, then shows its thank-you message in place.
name = "script-react-spa"
bundle = r"""(()=>{"use strict";
var state={company:"",name:"",email:"",phone:"",message:""};
var rows=[["company","会社名","text",true],["name","お名前","text",true],["email","メールアドレス","email",true],["phone","電話番号","tel",false],["message","お問い合わせ内容","textarea",true]];
var root=document.getElementById("root");
function el(t,p){var e=document.createElement(t);for(var k in p)e[k]=p[k];return e;}
function render(){
 var f=el("form",{className:"contact-form",noValidate:true});
 rows.forEach(function(r){
  var w=el("div",{className:"form-row"});
  w.appendChild(el("label",{htmlFor:"f-"+r[0],textContent:r[1]+(r[3]?"（必須）":"")}));
  var i=r[2]==="textarea"?el("textarea",{rows:6}):el("input",{type:r[2]});
  i.id="f-"+r[0];i.name=r[0];i.required=r[3];i.value=state[r[0]];
  i.addEventListener("input",function(e){state[r[0]]=e.target.value;});
  w.appendChild(i);f.appendChild(w);});
 var b=el("button",{type:"submit",textContent:"送信する",className:"btn-submit"});
 f.appendChild(b);
 f.addEventListener("submit",function(e){e.preventDefault();b.disabled=true;
  fetch("/api/contact",{method:"POST",headers:{"Content-Type":"application/json"},body:JSON.stringify(state)})
  .then(function(r){
   if(r.ok){root.innerHTML='<div class="thanks"><h2>送信完了</h2><p>お問い合わせありがとうございました。担当者より折り返しご連絡いたします。</p></div>';return;}
   b.disabled=false;var p=el("p",{className:"error",textContent:"入力内容に誤りがあります。"});f.insertBefore(p,f.firstChild);});
 });
 root.innerHTML="";root.appendChild(f);
}
render();})();
"""
browser_case(
    name, "A React single-page app: the HTML is an empty #root and a bundle that renders a "
    "controlled form (values reach the app only through input events) and posts its state as "
    "JSON to /api/contact.",
    {"contact/index.html": """<!DOCTYPE html>
<html lang="ja"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><title>お問い合わせ | Acme Cloud</title>
<script defer="defer" src="/static/js/main.8f3a2c1e.js"></script><link href="/static/css/main.1b2c3d4e.css" rel="stylesheet"></head>
<body><noscript>このページを表示するにはJavaScriptを有効にしてください。</noscript><div id="root"></div></body></html>""",
     "static/js/main.8f3a2c1e.js": bundle,
     "static/css/main.1b2c3d4e.css": "body{margin:0;font-family:sans-serif}.form-row{margin:8px 16px}\n"},
    {"forms": {"api": {"fields": dict(API_FIELDS, company={"label": "会社名", "required": True})}},
     "routes": [{"path": "/contact/", "page": "contact/index.html"},
                {"path": "/static/js/main.8f3a2c1e.js", "page": "static/js/main.8f3a2c1e.js"},
                {"path": "/static/css/main.1b2c3d4e.css", "page": "static/css/main.1b2c3d4e.css"},
                {"path": "/api/contact", "method": "POST", "submit": {
                    "form": "api", "step": "final", "body": "json", "response": "json"}}]},
    {"company": COMPANY, "name": NAME, "email": EMAIL, "phone": PHONE, "message": MESSAGE})

# 2. A Vue-style app: the form is in the HTML with v-model bindings and no names; the app keeps
# the values in its data, posts JSON and moves to a thanks page.
name = "script-vue-form"
app_js = r"""(function(){
var app=document.getElementById('app'),form=app.querySelector('form'),data={};
app.querySelectorAll('[v-model]').forEach(function(el){
 var k=el.getAttribute('v-model').replace('form.','');data[k]='';
 el.addEventListener('input',function(){data[k]=el.value;});});
var err=app.querySelector('.error');err.textContent='';err.hidden=true;
form.addEventListener('submit',function(e){e.preventDefault();
 fetch('/api/contact',{method:'POST',headers:{'Content-Type':'application/json'},body:JSON.stringify(data)})
 .then(function(r){if(r.ok){location.href='/contact/thanks/';}else{err.textContent='送信できませんでした。入力内容をご確認ください。';err.hidden=false;}});});
})();
"""
browser_case(
    name, "A Vue app: the form is in the HTML as a template with v-model bindings and "
    "@submit.prevent; the script posts JSON, the form itself has no action and its controls "
    "no names.",
    {"contact/index.html": corp(name, "お問い合わせ", """<div id="app">
<form @submit.prevent="submit" class="contact" novalidate>
  <div class="field"><label for="c-name">お名前</label><input id="c-name" type="text" v-model="form.name"></div>
  <div class="field"><label for="c-email">メールアドレス</label><input id="c-email" type="email" v-model="form.email"></div>
  <div class="field"><label for="c-message">お問い合わせ内容</label><textarea id="c-message" v-model="form.message"></textarea></div>
  <p class="error" v-if="error">{{ error }}</p>
  <button type="submit" :disabled="sending">送信する</button>
</form>
</div>
<script src="/assets/js/contact-app.js"></script>"""),
     "assets/js/contact-app.js": app_js,
     "contact/thanks.html": corp(name, "送信完了", THANKS)},
    {"forms": {"api": {"fields": dict(API_FIELDS)}},
     "routes": [{"path": "/contact/", "page": "contact/index.html"},
                {"path": "/assets/js/contact-app.js", "page": "assets/js/contact-app.js"},
                {"path": "/contact/thanks/", "page": "contact/thanks.html"},
                {"path": "/api/contact", "method": "POST", "submit": {
                    "form": "api", "step": "final", "body": "json", "response": "json"}}]},
    {"name": NAME, "email": EMAIL, "message": MESSAGE})

# 3. A HubSpot-style embed: hbspt.forms.create puts an <iframe> holding the form into a div; the
# form inside fills a hidden context field by script and posts with fetch, then shows its
# inline thank-you message.
name = "script-hubspot-embed"
embed_js = r"""window.hbspt={forms:{create:function(o){
 var t=document.querySelector(o.target),f=document.createElement('iframe');
 f.src='/_hs/forms/'+o.portalId+'/'+o.formId+'.html';f.className='hs-form-iframe';
 f.style.cssText='width:100%;height:640px;border:0';f.title='Form '+o.formId;t.appendChild(f);}}};
"""
hs_form = """<!DOCTYPE html>
<html lang="ja"><head><meta charset="utf-8"><title>HubSpot Form</title></head><body>
<form id="hsForm_a1b2c3d4" class="hs-form stacked hs-custom-form" novalidate>
<div class="hs_company hs-form-field"><label for="company-a1b2"><span>会社名</span><span class="hs-form-required">*</span></label><div class="input"><input id="company-a1b2" name="company" required type="text" class="hs-input"></div></div>
<div class="hs_lastname hs-form-field"><label for="lastname-a1b2"><span>姓</span><span class="hs-form-required">*</span></label><div class="input"><input id="lastname-a1b2" name="lastname" required type="text" class="hs-input"></div></div>
<div class="hs_firstname hs-form-field"><label for="firstname-a1b2"><span>名</span><span class="hs-form-required">*</span></label><div class="input"><input id="firstname-a1b2" name="firstname" required type="text" class="hs-input"></div></div>
<div class="hs_email hs-form-field"><label for="email-a1b2"><span>メールアドレス</span><span class="hs-form-required">*</span></label><div class="input"><input id="email-a1b2" name="email" required type="email" class="hs-input"></div></div>
<div class="hs_message hs-form-field"><label for="message-a1b2"><span>お問い合わせ内容</span><span class="hs-form-required">*</span></label><div class="input"><textarea id="message-a1b2" name="message" required class="hs-input"></textarea></div></div>
<input type="hidden" name="hs_context" value="">
<div class="hs_submit"><input type="submit" value="送信" class="hs-button primary large"></div>
</form>
<script>
(function(){var f=document.getElementById('hsForm_a1b2c3d4');
f.addEventListener('submit',function(e){e.preventDefault();
 f.elements.hs_context.value=JSON.stringify({pageUrl:parent.location.href,pageName:parent.document.title});
 fetch('/_hs/submissions/v3/21234567/a1b2c3d4',{method:'POST',body:new URLSearchParams(new FormData(f))})
 .then(function(r){if(r.ok){f.outerHTML='<div class="submitted-message"><p>送信ありがとうございました。担当者よりご連絡いたします。</p></div>';}});});
})();
</script></body></html>"""
browser_case(
    name, "A HubSpot form embed: hbspt.forms.create builds an iframe holding the form inside a "
    "div; the form sets a hidden context by script and posts with fetch.",
    {"contact/index.html": corp(name, "お問い合わせ", """<p>以下のフォームよりお問い合わせください。</p>
<div id="hubspot-form"></div>
<script charset="utf-8" type="text/javascript" src="/_hs/forms/embed/v2.js"></script>
<script>
  hbspt.forms.create({
    region: "na1",
    portalId: "21234567",
    formId: "a1b2c3d4",
    target: "#hubspot-form"
  });
</script>"""),
     "_hs/forms/embed/v2.js": embed_js,
     "_hs/forms/21234567/a1b2c3d4.html": hs_form},
    {"forms": {"hs": {"fields": {"company": {"required": True}, "lastname": {"required": True},
                                 "firstname": {"required": True},
                                 "email": {"required": True, "format": "email"},
                                 "message": {"required": True}},
                      "captcha_field": "hs_context"}},
     "routes": [{"path": "/contact/", "page": "contact/index.html"},
                {"path": "/_hs/forms/embed/v2.js", "page": "_hs/forms/embed/v2.js"},
                {"path": "/_hs/forms/21234567/a1b2c3d4.html",
                 "page": "_hs/forms/21234567/a1b2c3d4.html"},
                {"path": "/_hs/submissions/v3/21234567/a1b2c3d4", "method": "POST", "submit": {
                    "form": "hs", "step": "final", "body": "form", "response": "json"}}]},
    {"company": COMPANY, "lastname": derive("last_name"), "firstname": derive("first_name"),
     "email": EMAIL, "message": MESSAGE, "hs_context": "*"})

# 4. A formrun embed: the SDK builds a real <form> in div.formrun-embed and computes its
# hidden token when the form is submitted (an ordinary post, then a thanks page).
name = "script-formrun-embed"
formrun_js = r"""(function(){
document.querySelectorAll('.formrun-embed').forEach(function(d){
 d.innerHTML='<form class="formrun" action="/_formrun/@miraiworks-inquiry/submit" method="post">'+
 '<div class="_formrun_field"><label>会社名</label><input name="会社名" type="text"></div>'+
 '<div class="_formrun_field"><label>お名前 <span class="req">必須</span></label><input name="お名前" type="text" required></div>'+
 '<div class="_formrun_field"><label>メールアドレス <span class="req">必須</span></label><input name="メールアドレス" type="email" required></div>'+
 '<div class="_formrun_field"><label>お問い合わせ内容 <span class="req">必須</span></label><textarea name="お問い合わせ内容" required></textarea></div>'+
 '<input type="hidden" name="_formrun_gotcha" value="">'+
 '<input type="hidden" name="_formrun_token" value="">'+
 '<button type="submit">送信する</button></form>';
 var f=d.querySelector('form');
 f.addEventListener('submit',function(){
  var s=0,t=f.elements['メールアドレス'].value+'|'+Date.now();
  for(var i=0;i<t.length;i++)s=(s*31+t.charCodeAt(i))>>>0;
  f.elements._formrun_token.value='fr1.'+s.toString(16);});});
})();
"""
browser_case(
    name, "A formrun embed (div.formrun-embed + its SDK): the SDK builds the form, with Japanese "
    "field names, and computes the hidden _formrun_token at submit; an ordinary post follows.",
    {"contact/index.html": corp(name, "お問い合わせ", """<div class="formrun-embed" data-formrun-form="@miraiworks-inquiry" data-formrun-redirect="true"></div>
<script src="/_formrun/js/v2/embed.js"></script>"""),
     "_formrun/js/v2/embed.js": formrun_js,
     "contact/thanks.html": corp(name, "送信完了", THANKS)},
    {"forms": {"fr": {"fields": {"お名前": {"required": True},
                                 "メールアドレス": {"required": True, "format": "email"},
                                 "お問い合わせ内容": {"required": True}},
                      "honeypots": ["_formrun_gotcha"], "captcha_field": "_formrun_token"}},
     "routes": [{"path": "/contact/", "page": "contact/index.html"},
                {"path": "/_formrun/js/v2/embed.js", "page": "_formrun/js/v2/embed.js"},
                {"path": "/contact/thanks/", "page": "contact/thanks.html"},
                {"path": "/_formrun/@miraiworks-inquiry/submit", "method": "POST", "submit": {
                    "form": "fr", "step": "final", "body": "form", "response": "html",
                    "on_final": {"redirect": "/contact/thanks/"}}}]},
    {"会社名": COMPANY, "お名前": NAME, "メールアドレス": EMAIL, "お問い合わせ内容": MESSAGE,
     "_formrun_gotcha": "", "_formrun_token": "*"})

# 5. Contact Form 7 with Akismet's JavaScript check and the AJAX submit: a hidden ak_js field
# is filled by script (CF7 refuses the post as spam without it), and the form is sent by
# fetch to CF7's REST route, which answers JSON (mail_sent) shown in the page.
name = "cf7-ajax-script-token"
fields = [F("your-name", "full_name", True, label="お名前"),
          F("your-email", "email", True, label="メールアドレス"),
          F("your-message", "message", True, label="お問い合わせ内容"),
          F("acceptance-1", "consent", True, value="1", label="プライバシーポリシーに同意する")]
inner = f"""<p><label> お名前（必須）<br />
{cf7_text("your-name", "お名前", True, autocomplete="name")} </label></p>
<p><label> メールアドレス（必須）<br />
{cf7_text("your-email", "メールアドレス", True, kind="email", autocomplete="email")} </label></p>
<p><label> お問い合わせ内容（必須）<br />
{cf7_textarea("your-message", True)} </label></p>
{cf7_acceptance("acceptance-1", "プライバシーポリシーに同意する")}
<p>{cf7_submit()}</p>"""
ak = ('<p style="display: none !important;" class="akismet-fields-container">'
      '<input type="hidden" id="ak_js_1" name="ak_js" value="" />'
      '<script>document.getElementById( "ak_js_1" ).setAttribute( "value", ( new Date() ).getTime() );</script></p>\n')
wpcf7_js = r"""<script id="contact-form-7-js">
document.querySelectorAll('form.wpcf7-form').forEach(function(f){
 f.addEventListener('submit',function(e){e.preventDefault();
  var id=f.querySelector('[name=_wpcf7]').value,out=f.querySelector('.wpcf7-response-output');
  fetch('/wp-json/contact-form-7/v1/contact-forms/'+id+'/feedback',{method:'POST',body:new FormData(f)})
  .then(function(r){return r.json();}).then(function(j){
   f.setAttribute('data-status',j.status==='mail_sent'?'sent':'invalid');
   f.className='wpcf7-form '+(j.status==='mail_sent'?'sent':'invalid');
   out.textContent=j.message;out.removeAttribute('aria-hidden');
   if(j.status==='mail_sent')f.reset();});});});
</script>
"""
main = f"""<p>お問い合わせは下記フォームよりお送りください。</p>
{cf7_form(7, 21, inner + ak)}"""
unit = "wpcf7-f7-p21-o1"
cf7_rules = rules(fields)
Case(name, "needs_browser", "Contact Form 7 with Akismet's JavaScript field (ak_js, set by "
     "script; empty means spam) and the AJAX submit answered with CF7's JSON: over HTTP the "
     "token stays empty, so only a browser can send it.", "/contact/",
     {"contact.html": wp(name, "お問い合わせ", main + wpcf7_js)},
     {"forms": {"contact": {"fields": cf7_rules,
                            "hidden": {"_wpcf7": "7", "_wpcf7_unit_tag": unit},
                            "captcha_field": "ak_js"}},
      "routes": [{"path": "/contact/", "page": "contact.html"},
                 {"path": "/wp-json/contact-form-7/v1/contact-forms/7/feedback", "method": "POST",
                  "submit": {"form": "contact", "step": "final", "response": "cf7_json",
                             "messages": dict(CF7_MESSAGES)}}]},
     fields, verdict="needs_browser", outcome="skipped", code="NEEDS_BROWSER",
     browser={"expected_outcome": "success", "expected_code": "SUCCESS",
              "expect_confirm_step": False,
              "final_fields": {"_wpcf7": "7", "_wpcf7_version": "5.8.4", "_wpcf7_locale": "ja",
                               "_wpcf7_unit_tag": unit, "_wpcf7_container_post": "21",
                               "_wpcf7_posted_data_hash": "", "ak_js": "*",
                               "your-name": NAME, "your-email": EMAIL,
                               "your-message": MESSAGE, "acceptance-1": "1"}})
