(function(){
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
