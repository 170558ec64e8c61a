(()=>{"use strict";
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
