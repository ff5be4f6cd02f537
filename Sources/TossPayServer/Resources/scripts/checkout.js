/* The checkout window's script (checkout.mustache inlines it): confirms or cancels through
   /checkout/{payToken}/authorize and /cancel and posts the outcome to the opener. The figures
   (amount to pay, points used, whether installments apply) are Core's: the server wrote them
   for no points, and /checkout/{payToken}/quote answers them when the buyer changes points —
   this script only shows them, it does no money arithmetic. */
(function () {
  // The page's data, from the JSON data island the server wrote (see layout.mustache).
  var data = JSON.parse(document.getElementById('checkout-data').textContent);
  var token = data.payToken;
  var pageToken = data.pageToken || null;
  var result = document.getElementById('result');
  var done = false;
  function won(value) { return value.toString().replace(/\B(?=(\d{3})+(?!\d))/g, ',') + '원'; }
  function tell(message) {
    if (window.parent && window.parent !== window) { window.parent.postMessage(message, '*'); }
    if (window.opener) { window.opener.postMessage(message, '*'); }
  }
  function notify(success, reason) {
    if (done) { return; }
    done = true;
    var message = { type: 'tosspay:checkout', payToken: token, success: success };
    if (!success) { message.reason = reason; }
    tell(message);
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
  // The SDK's overlay draws no close control of its own: it waits for this message to know the
  // window loaded, and asks the window to cancel (Escape on the mini-app's side).
  tell({ type: 'tosspay:ready', payToken: token });
  var closeNotice = document.getElementById('close-notice');
  if (closeNotice) {
    var closeWindow = function () { show('', 'closed'); notify(false, closeNotice.getAttribute('data-reason') || '결제를 진행할 수 없어요.'); };
    closeNotice.addEventListener('click', closeWindow);
    document.addEventListener('keydown', function (event) { if (event.key === 'Escape') { closeWindow(); } });
    window.addEventListener('message', function (event) {
      if (event.source === window.parent && event.data && event.data.type === 'tosspay:cancel' && event.data.payToken === token) { closeWindow(); }
    });
    return;
  }
  var form = document.getElementById('checkout');
  if (!form) { return; }
  var cards = document.getElementById('cards');
  var box = document.getElementById('installment-box');
  var select = /** @type {HTMLSelectElement | null} */ (document.getElementById('installment'));
  var pointsInput = /** @type {HTMLInputElement | null} */ (document.getElementById('points-input'));
  var pointsAll = document.getElementById('points-all');
  var confirmButton = /** @type {HTMLButtonElement} */ (document.getElementById('confirm'));
  var hasMethod = !confirmButton.disabled;
  // Core's figures for the points shown; null while a quote is on its way or was refused.
  var figures = data.figures;
  var quoteNumber = 0;
  var quoteTimer = 0;
  var authorizing = false;
  function method() { var checked = /** @type {HTMLInputElement | null} */ (form.querySelector('input[name=payMethod]:checked')); return checked ? checked.value : null; }
  function card() { return /** @type {HTMLInputElement | null} */ (form.querySelector('input[name=card]:checked')); }
  function refresh() {
    var isCard = method() === 'CARD';
    if (cards) { cards.hidden = !isCard; }
    // While a quote is pending or refused the installment choice stays as it was.
    if (box && figures) {
      var chosen = card();
      box.hidden = !(figures.installmentAvailable && isCard && chosen && chosen.getAttribute('data-type') === 'CREDIT');
      if (box.hidden && select) { select.value = '0'; }
    }
    confirmButton.disabled = !hasMethod || !figures || done || authorizing;
    if (!figures) { return; }
    var row = document.getElementById('points-row');
    if (row) { row.hidden = figures.pointAmount === 0; document.getElementById('points-text').textContent = '-' + won(figures.pointAmount); }
    document.getElementById('pay-amount').textContent = won(figures.paidAmount);
    confirmButton.textContent = won(figures.paidAmount) + ' 결제하기';
  }
  // What the buyer typed, sent as typed: the quote, not this script, decides what is allowed.
  function typedPoints() {
    var text = pointsInput ? pointsInput.value.replace(/[,\s]/g, '') : '';
    if (text === '') { return 0; }
    return /^-?\d+(\.\d+)?$/.test(text) ? Number(text) : text;
  }
  function askQuote() {
    clearTimeout(quoteTimer);
    var number = ++quoteNumber;
    figures = null;
    show('', 'quoting');
    refresh();
    if (pointsInput) { pointsInput.setAttribute('aria-busy', 'true'); }
    post('/checkout/' + encodeURIComponent(token) + '/quote', { payToken: token, points: typedPoints() }).then(function (answer) {
      if (number !== quoteNumber) { return; }  // a later change asked again
      if (pointsInput) { pointsInput.removeAttribute('aria-busy'); }
      if (answer.resultType === 'SUCCESS') {
        figures = answer.success;
        if (pointsInput) { pointsInput.removeAttribute('aria-invalid'); }
        show('', 'quoted');
      } else {
        if (pointsInput) { pointsInput.setAttribute('aria-invalid', 'true'); }
        show((answer.error && answer.error.reason) || '포인트를 확인하지 못했어요.', 'error');
      }
      refresh();
    });
  }
  if (pointsInput) {
    pointsInput.addEventListener('input', function () {
      clearTimeout(quoteTimer);
      figures = null;
      show('', 'quoting');
      refresh();
      quoteTimer = setTimeout(askQuote, 250);
    });
  }
  if (pointsAll && pointsInput) {
    pointsAll.addEventListener('click', function () {
      // The most the buyer may use, as Core last said.
      var most = data.figures.maxPoints;
      pointsInput.value = String(most);
      askQuote();
    });
  }
  form.addEventListener('change', function (event) {
    if (event.target === pointsInput) { return; }
    refresh();
    // Opening the card list brings it up the screen, clear of the footer that stays at the bottom.
    var target = /** @type {HTMLInputElement} */ (event.target);
    if (cards && target.name === 'payMethod' && target.value === 'CARD') { cards.scrollIntoView({ block: 'start' }); }
  });
  refresh();
  document.getElementById('cancel').addEventListener('click', cancel);
  // Escape on the mini-app's side: the SDK's overlay asks the window to cancel.
  window.addEventListener('message', function (event) {
    if (event.source === window.parent && event.data && event.data.type === 'tosspay:cancel' && event.data.payToken === token) { cancel(); }
  });
  document.addEventListener('keydown', function (event) { if (event.key === 'Escape') { cancel(); } });
  form.addEventListener('submit', function (event) {
    event.preventDefault();
    // Enter in the points field submits too: only figures Core answered for may be confirmed.
    if (!figures || done || authorizing) { return; }
    var chosen = method();
    if (!chosen) { show('결제 수단을 선택해주세요.', 'error'); return; }
    var body = { payToken: token, payMethod: chosen, points: figures.pointAmount };
    if (chosen === 'CARD') {
      var selected = card();
      if (!selected) { show('카드를 선택해주세요.', 'error'); return; }
      body.cardCompanyCode = parseInt(selected.value, 10);
      body.spreadOut = select && box && !box.hidden ? parseInt(select.value, 10) : 0;
    }
    authorizing = true;
    confirmButton.disabled = true;
    show('결제를 인증하고 있어요…', '');
    post('/checkout/' + encodeURIComponent(token) + '/authorize', body).then(function (answer) {
      authorizing = false;
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
