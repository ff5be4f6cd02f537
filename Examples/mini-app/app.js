/* 토스 카페: the guide's handlePayment flow in a sample mini-app.
 *
 *   1. GET  /my-api/payment/create   (merchant server → make-payment)  → { payToken, orderNo, amount }
 *   2. TossPay.checkoutPayment({ payToken })  (the Toss Pay checkout window) → { success, reason }
 *   3. POST /my-api/payment/execute  (merchant server → execute-payment) → the paid order
 *
 * The browser never decides the price: the merchant server does. In a real mini-app the
 * userKey comes from Toss login; here a sandbox buyer is made up (or taken from ?userKey=).
 */
(function () {
  'use strict';

  var config = window.MINI_APP_CONFIG || { products: [] };
  var query = new URLSearchParams(window.location.search);
  var methodNames = { TOSS_MONEY: '토스머니', CARD: '카드' };
  var statusNames = { PAID: '결제 완료', PENDING: '결제 대기', FAILED: '실패', AMOUNT_MISMATCH: '금액 불일치' };

  var els = {
    products: document.getElementById('products'),
    userKey: document.getElementById('user-key'),
    buy: document.getElementById('buy'),
    progress: document.getElementById('progress'),
    receipt: document.getElementById('receipt'),
    failure: document.getElementById('failure'),
    failureReason: document.getElementById('failure-reason')
  };

  function won(value) { return Number(value).toLocaleString('ko-KR') + '원'; }

  /** The sandbox buyer: ?userKey=, else one remembered by this browser. */
  function buyerUserKey() {
    var fromQuery = query.get('userKey');
    if (fromQuery) { return fromQuery; }
    var stored = null;
    try { stored = window.localStorage.getItem('mini-app-user-key'); } catch (e) { /* private mode */ }
    if (!stored) {
      var random = Math.random().toString(36).slice(2, 10) + Date.now().toString(36);
      stored = 'sandbox-buyer-' + random;
      try { window.localStorage.setItem('mini-app-user-key', stored); } catch (e) { /* private mode */ }
    }
    return stored;
  }

  var userKey = buyerUserKey();
  els.userKey.textContent = userKey;

  function selectedProduct() {
    var checked = els.products.querySelector('input[name=product]:checked');
    var id = checked ? checked.value : null;
    return config.products.filter(function (product) { return product.id === id; })[0] || null;
  }

  function refreshBuyButton() {
    var product = selectedProduct();
    els.buy.disabled = !product;
    els.buy.textContent = product ? won(product.amount) + ' 결제하기' : '결제하기';
  }

  function renderProducts() {
    var wanted = query.get('product');
    var chosen = config.products.some(function (p) { return p.id === wanted; }) ? wanted : (config.products[0] || {}).id;
    config.products.forEach(function (product) {
      var label = document.createElement('label');
      label.className = 'product';
      label.setAttribute('data-testid', 'product-' + product.id);
      var input = document.createElement('input');
      input.type = 'radio';
      input.name = 'product';
      input.value = product.id;
      input.checked = product.id === chosen;
      var name = document.createElement('span');
      name.className = 'name';
      name.textContent = product.name;
      var price = document.createElement('span');
      price.className = 'price';
      price.textContent = won(product.amount);
      label.appendChild(input);
      label.appendChild(name);
      label.appendChild(price);
      els.products.appendChild(label);
    });
    els.products.addEventListener('change', refreshBuyButton);
    refreshBuyButton();
  }

  function setProgress(text) { els.progress.textContent = text; }

  function remember(payToken, orderNo) {
    document.body.setAttribute('data-pay-token', payToken || '');
    document.body.setAttribute('data-order-no', orderNo || '');
  }

  function showReceipt(order) {
    document.getElementById('receipt-product').textContent = order.productName;
    document.getElementById('receipt-order-no').textContent = order.orderNo;
    document.getElementById('receipt-amount').textContent = won(order.paidAmount != null ? order.paidAmount : order.amount);
    document.getElementById('receipt-method').textContent = methodNames[order.payMethod] || order.payMethod || '-';
    document.getElementById('receipt-approval-time').textContent = order.approvalTime || '-';
    var status = document.getElementById('receipt-status');
    status.textContent = (statusNames[order.status] || order.status) + ' (' + order.status + ')';
    status.setAttribute('data-status', order.status);
    els.receipt.setAttribute('data-pay-token', order.payToken || '');
    els.receipt.hidden = false;
    setProgress('');
    document.getElementById('again').focus();
  }

  function showFailure(reason) {
    els.failureReason.textContent = reason || '알 수 없는 이유로 결제하지 못했어요.';
    els.failure.setAttribute('data-pay-token', document.body.getAttribute('data-pay-token') || '');
    els.failure.hidden = false;
    setProgress('');
  }

  function readJSON(response) {
    return response.json().catch(function () { return {}; }).then(function (body) {
      if (!response.ok) {
        throw new Error(body.reason || ('서버 오류 (HTTP ' + response.status + ')'));
      }
      return body;
    });
  }

  /** The guide's handlePayment, with what a shop shows its buyer at each step. */
  async function handlePayment() {
    var product = selectedProduct();
    if (!product) { return; }
    els.buy.disabled = true;
    els.receipt.hidden = true;
    els.failure.hidden = true;
    remember(null, null);
    try {
      setProgress('주문을 만들고 있어요…');
      // 결제 생성: the merchant server decides the amount and calls make-payment.
      var created = await fetch('/my-api/payment/create?productId=' + encodeURIComponent(product.id), {
        headers: { 'x-toss-user-key': userKey }
      }).then(readJSON);
      var payToken = created.payToken;
      remember(payToken, created.orderNo);

      if (!window.TossPay || typeof window.TossPay.checkoutPayment !== 'function') {
        throw new Error('토스페이 SDK를 불러오지 못했어요. (' + (config.tossPayOrigin || '?') + '/sdk/tosspay.js)');
      }
      setProgress('결제창에서 결제를 진행해주세요.');
      // 결제 인증: the buyer picks a method and confirms (or closes the window).
      var outcome = await window.TossPay.checkoutPayment({ payToken: payToken });

      if (outcome.success) {
        setProgress('결제를 승인하고 있어요…');
        // 결제 실행: the merchant server calls execute-payment and checks the amount.
        var order = await fetch('/my-api/payment/execute', {
          method: 'POST',
          body: JSON.stringify({ payToken: payToken }),
          headers: { 'Content-Type': 'application/json' }
        }).then(readJSON);
        showReceipt(order);
      } else {
        showFailure(outcome.reason);
      }
    } catch (error) {
      showFailure('결제 중 오류가 발생했어요: ' + (error && error.message ? error.message : error));
    } finally {
      refreshBuyButton();
    }
  }

  els.buy.addEventListener('click', handlePayment);
  document.getElementById('again').addEventListener('click', function () { els.receipt.hidden = true; els.buy.focus(); });
  document.getElementById('retry').addEventListener('click', function () { els.failure.hidden = true; handlePayment(); });
  renderProducts();
  window.handlePayment = handlePayment;
})();
