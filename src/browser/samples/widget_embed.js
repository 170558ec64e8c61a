// An embed snippet in the style of hosted form services: it inserts an iframe with the form.
(function () {
  const host = document.getElementById('contact-widget');
  const frame = document.createElement('iframe');
  frame.src = '/widget/form?id=' + encodeURIComponent(host.dataset.form);
  frame.title = 'お問い合わせフォーム';
  frame.style.cssText = 'width:640px;height:720px;border:0';
  host.append(frame);
})();
