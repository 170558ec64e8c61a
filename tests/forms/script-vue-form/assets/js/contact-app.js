(function(){
var app=document.getElementById('app'),form=app.querySelector('form'),data={};
app.querySelectorAll('[v-model]').forEach(function(el){
 var k=el.getAttribute('v-model').replace('form.','');data[k]='';
 el.addEventListener('input',function(){data[k]=el.value;});});
var err=app.querySelector('.error');err.textContent='';err.hidden=true;
form.addEventListener('submit',function(e){e.preventDefault();
 fetch('/api/contact',{method:'POST',headers:{'Content-Type':'application/json'},body:JSON.stringify(data)})
 .then(function(r){if(r.ok){location.href='/contact/thanks/';}else{err.textContent='送信できませんでした。入力内容をご確認ください。';err.hidden=false;}});});
})();
