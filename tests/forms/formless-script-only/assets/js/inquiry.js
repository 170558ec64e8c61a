(function () {
  var k = ['na', 'me'].join('');
  document.getElementById('inqSend').addEventListener('click', function () {
    var payload = {};
    payload[k] = document.getElementById('inqName').value;
    payload['mail'] = document.getElementById('inqMail').value;
    payload['body'] = document.getElementById('inqBody').value;
    payload['sig'] = btoa(String(Date.now()));
    fetch('/api/v1/inquiries', {method: 'POST', headers: {'Content-Type': 'application/json'}, body: JSON.stringify(payload)})
      .then(function (r) { return r.json(); }).then(function () { alert('送信しました'); });
  });
})();
