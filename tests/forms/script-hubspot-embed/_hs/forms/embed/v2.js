window.hbspt={forms:{create:function(o){
 var t=document.querySelector(o.target),f=document.createElement('iframe');
 f.src='/_hs/forms/'+o.portalId+'/'+o.formId+'.html';f.className='hs-form-iframe';
 f.style.cssText='width:100%;height:640px;border:0';f.title='Form '+o.formId;t.appendChild(f);}}};
