/* The login window's script (login.mustache inlines it): confirming logs the chosen person in
   through POST /login/authorize, and the window posts the code to its opener; closing posts a
   cancel. Messages: {type: 'tosspay:login', authorizationCode, referrer, person} or
   {type: 'tosspay:login', cancelled: true} (/sdk/web-framework.js's appLogin reads them). */
(function () {
  // The page's data, from the JSON data island the server wrote (see layout.mustache).
  var data = JSON.parse(document.getElementById('login-data').textContent);
  var merchantId = data.merchantId || null;
  var result = document.getElementById('result');
  var done = false;
  function notify(message) {
    if (done) { return; }
    done = true;
    message.type = 'tosspay:login';
    if (window.parent && window.parent !== window) { window.parent.postMessage(message, '*'); }
    if (window.opener) { window.opener.postMessage(message, '*'); }
  }
  function show(text, kind) { result.textContent = text; result.className = 'result ' + (kind || ''); result.setAttribute('data-status', kind || ''); }
  function close() {
    // Once logged in (or reported), closing changes nothing.
    if (done) { return; }
    show('로그인을 취소했어요.', 'cancelled');
    notify({ cancelled: true });
  }
  document.getElementById('close').addEventListener('click', close);
  document.addEventListener('keydown', function (event) { if (event.key === 'Escape') { close(); } });
  var form = document.getElementById('login');
  if (!form) { return; }
  var newPerson = /** @type {HTMLInputElement} */ (document.getElementById('new-person'));
  var confirmButton = /** @type {HTMLButtonElement} */ (document.getElementById('confirm'));
  function chosen() { return /** @type {HTMLInputElement | null} */ (form.querySelector('input[name=person]:checked')); }
  // A typed name is the choice; picking a listed person clears it.
  newPerson.addEventListener('input', function () {
    if (newPerson.value.trim() === '') { return; }
    var checked = chosen();
    if (checked) { checked.checked = false; }
  });
  form.addEventListener('change', function (event) {
    if (/** @type {HTMLInputElement} */ (event.target).name === 'person') { newPerson.value = ''; }
  });
  form.addEventListener('submit', function (event) {
    event.preventDefault();
    if (done) { return; }
    var typed = newPerson.value.trim();
    var checked = chosen();
    var person = typed || (checked ? checked.value : '');
    if (!person) { show('로그인할 사람을 고르거나 이름을 입력해주세요.', 'error'); newPerson.focus(); return; }
    confirmButton.disabled = true;
    show('로그인하고 있어요…', '');
    fetch('/login/authorize', {
      method: 'POST', headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ merchantId: merchantId, person: person })
    })
      .then(function (response) { return response.json(); })
      .catch(function () { return { resultType: 'FAIL', error: { reason: '네트워크 오류가 발생했어요.' } }; })
      .then(function (body) {
        var answer = body && body.resultType === 'SUCCESS' ? body.success : body;
        if (answer && typeof answer.authorizationCode === 'string') {
          show(answer.person + '(으)로 로그인했어요.', 'ok');
          /** @type {HTMLButtonElement} */ (document.getElementById('close')).disabled = true;
          notify({ authorizationCode: answer.authorizationCode, referrer: answer.referrer, person: answer.person || person });
        } else {
          show((body && body.error && body.error.reason) || '로그인하지 못했어요.', 'error');
          confirmButton.disabled = false;
        }
      });
  });
  // The page comes with confirming disabled: from here on, confirming is this script's.
  confirmButton.disabled = false;
})();
