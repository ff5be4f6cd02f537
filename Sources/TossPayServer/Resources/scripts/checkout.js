/* The checkout window's script (checkout.mustache inlines it): confirms or cancels through
   /checkout/{payToken}/authorize and /cancel and posts the outcome to the opener. */
(function () {
  // The page's data, from the JSON data island the server wrote (see layout.mustache).
  var data = JSON.parse(document.getElementById('checkout-data').textContent);
  var token = data.payToken;
  var pageToken = data.pageToken || null;
  var amount = data.amount;
  var promotion = data.promotion;
  var installmentMinimum = data.installmentMinimum;
  var result = document.getElementById('result');
  var done = false;
  function won(value) { return value.toString().replace(/\B(?=(\d{3})+(?!\d))/g, ',') + '원'; }
  function notify(success, reason) {
    if (done) { return; }
    done = true;
    var message = { type: 'tosspay:checkout', payToken: token, success: success };
    if (!success) { message.reason = reason; }
    if (window.parent && window.parent !== window) { window.parent.postMessage(message, '*'); }
    if (window.opener) { window.opener.postMessage(message, '*'); }
  }
  function show(text, kind) { result.textContent = text; result.className = 'result ' + (kind || ''); result.setAttribute('data-status', kind || ''); }
  function post(path, body) {
    var headers = { 'Content-Type': 'application/json' };
    if (pageToken) { headers['x-tosspay-page-token'] = pageToken; }
    return fetch(path, { method: 'POST', headers: headers, body: JSON.stringify(body) })
      .then(function (response) { return response.json(); })
      .catch(function () { return { resultType: 'FAIL', error: { errorCode: 'NETWORK', reason: '네트워크 오류가 발생했어요.' } }; });
  }
  function cancel() {
    // Once the buyer has confirmed (or the window has reported), closing changes nothing.
    if (done) { return; }
    post('/checkout/' + encodeURIComponent(token) + '/cancel', { payToken: token }).then(function (answer) {
      var reason = answer.resultType === 'SUCCESS' ? '사용자가 결제를 취소했어요.' : (answer.error && answer.error.reason) || '결제가 취소되었어요.';
      show('결제를 취소했어요.', 'cancelled');
      notify(false, reason);
    });
  }
  var closeNotice = document.getElementById('close-notice');
  if (closeNotice) {
    closeNotice.addEventListener('click', function () { show('', 'closed'); notify(false, closeNotice.getAttribute('data-reason') || '결제를 진행할 수 없어요.'); });
    return;
  }
  var form = document.getElementById('checkout');
  if (!form) { return; }
  var cards = document.getElementById('cards');
  var box = document.getElementById('installment-box');
  var select = /** @type {HTMLSelectElement | null} */ (document.getElementById('installment'));
  var usePoints = /** @type {HTMLInputElement | null} */ (document.getElementById('use-points'));
  var confirmButton = /** @type {HTMLButtonElement} */ (document.getElementById('confirm'));
  function method() { var checked = /** @type {HTMLInputElement | null} */ (form.querySelector('input[name=payMethod]:checked')); return checked ? checked.value : null; }
  function card() { return /** @type {HTMLInputElement | null} */ (form.querySelector('input[name=card]:checked')); }
  function points() { return usePoints && usePoints.checked ? parseInt(usePoints.value, 10) : 0; }
  function refresh() {
    var paid = amount - promotion - points();
    var isCard = method() === 'CARD';
    if (cards) { cards.hidden = !isCard; }
    if (box) {
      var chosen = card();
      box.hidden = !(isCard && chosen && chosen.getAttribute('data-type') === 'CREDIT' && paid >= installmentMinimum);
      if (box.hidden && select) { select.value = '0'; }
    }
    var row = document.getElementById('points-row');
    if (row) { row.hidden = points() === 0; document.getElementById('points-text').textContent = '-' + won(points()); }
    document.getElementById('pay-amount').textContent = won(paid);
    confirmButton.textContent = won(paid) + ' 결제하기';
  }
  form.addEventListener('change', refresh);
  refresh();
  document.getElementById('cancel').addEventListener('click', cancel);
  // The SDK's overlay close button asks the window to cancel.
  window.addEventListener('message', function (event) {
    if (event.source === window.parent && event.data && event.data.type === 'tosspay:cancel' && event.data.payToken === token) { cancel(); }
  });
  document.addEventListener('keydown', function (event) { if (event.key === 'Escape') { cancel(); } });
  form.addEventListener('submit', function (event) {
    event.preventDefault();
    var chosen = method();
    if (!chosen) { show('결제 수단을 선택해주세요.', 'error'); return; }
    var body = { payToken: token, payMethod: chosen, points: points() };
    if (chosen === 'CARD') {
      var selected = card();
      if (!selected) { show('카드를 선택해주세요.', 'error'); return; }
      body.cardCompanyCode = parseInt(selected.value, 10);
      body.spreadOut = select && box && !box.hidden ? parseInt(select.value, 10) : 0;
    }
    confirmButton.disabled = true;
    show('결제를 인증하고 있어요…', '');
    post('/checkout/' + encodeURIComponent(token) + '/authorize', body).then(function (answer) {
      if (answer.resultType === 'SUCCESS') {
        show('결제 인증이 완료됐어요.', 'ok');
        /** @type {HTMLButtonElement} */ (document.getElementById('cancel')).disabled = true;
        notify(true);
      } else {
        var error = answer.error || {};
        show(error.reason || '결제를 인증하지 못했어요.', 'error');
        confirmButton.disabled = false;
        if (error.errorCode === 'COMMON_ITS_NOT_ABLE_TO_CHANGE_STATUS' || error.errorCode === 'TRANSACTION_NOT_FOUND' || error.errorCode === 'PAY_UNAUTHORIZED') {
          confirmButton.disabled = true;
          notify(false, error.reason);
        }
      }
    });
  });
})();
