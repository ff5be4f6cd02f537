/* 토스 카페: the integration guide's front end as a mini-app, on tosspay's Apps-in-Toss module
 * (the page's import map points both package names at /sdk/web-framework.js):
 *
 *   0. appLogin()  (the Toss login window, or nothing if this person agreed before) → { authorizationCode, referrer }
 *      POST /my-api/login  (merchant server → generate-token + login-me; a session cookie)
 *   1. GET  /my-api/payment/create   (merchant server → make-payment, buyer from the session) → { payToken, orderNo, amount }
 *   2. TossPay.checkoutPayment({ payToken })  (the Toss Pay checkout window) → { success, reason }
 *   3. POST /my-api/payment/execute  (merchant server → execute-payment) → the paid order
 *   4. POST /my-api/payment/refund   (merchant server → refund-payment) → the refunded order
 *
 * The browser never decides the price or the buyer: the merchant server does. `?userKey=…` skips
 * login and names a made-up sandbox buyer instead (sent as x-toss-user-key; the checkout tests
 * use it); `?product=…` picks a product.
 */
import { TossPay } from "@apps-in-toss/framework";
import { appLogin } from "@apps-in-toss/web-framework";

/** @type {{tossPayOrigin?: string, products: {id: string, name: string, amount: number}[]}} */
const config = /** @type {any} */ (window).MINI_APP_CONFIG || { products: [] };
const query = new URLSearchParams(window.location.search);
const testBuyer = query.get('userKey');
const methodNames = { TOSS_MONEY: '토스머니', CARD: '카드' };
const statusNames = { PAID: '결제 완료', PENDING: '결제 대기', FAILED: '실패', AMOUNT_MISMATCH: '금액 불일치', REFUNDED: '환불 완료' };

/** @param {string} id */
function element(id) { return /** @type {HTMLElement} */ (document.getElementById(id)); }
/** @param {string} id */
function button(id) { return /** @type {HTMLButtonElement} */ (document.getElementById(id)); }

const els = {
  products: element('products'),
  signedIn: element('signed-in'),
  signedOut: element('signed-out'),
  userKey: element('user-key'),
  login: button('login'),
  buy: button('buy'),
  progress: element('progress'),
  receipt: element('receipt'),
  refund: button('refund'),
  refundResult: element('refund-result'),
  failure: element('failure'),
  failureReason: element('failure-reason'),
};

/** The buyer's userKey once known (the session's, or ?userKey=). */
let buyer = testBuyer;

/** @param {number} value */
function won(value) { return Number(value).toLocaleString('ko-KR') + '원'; }
/** @param {string} text */
function setProgress(text) { els.progress.textContent = text; }
/** @param {unknown} error */
function messageOf(error) { return error instanceof Error ? error.message : String(error); }

/** A merchant-server answer: its JSON, or an Error with the server's reason. @param {Response} response */
async function readJSON(response) {
  const body = await response.json().catch(() => ({}));
  if (!response.ok) { throw new Error(body.reason || '서버 오류 (HTTP ' + response.status + ')'); }
  return body;
}

/** @param {string | number | null} userKey */
function showBuyer(userKey) {
  buyer = userKey === null || userKey === undefined ? null : String(userKey);
  els.userKey.textContent = buyer || '';
  els.signedIn.hidden = !buyer;
  els.signedOut.hidden = !!buyer;
  els.login.hidden = !!buyer;
}

/** Toss login: appLogin() in the browser, the code to the merchant server, which keeps the session. */
async function login() {
  setProgress('토스로 로그인하고 있어요…');
  const { authorizationCode, referrer } = await appLogin();
  const me = await fetch('/my-api/login', {
    method: 'POST',
    body: JSON.stringify({ authorizationCode, referrer }),
    headers: { 'Content-Type': 'application/json' },
  }).then(readJSON);
  showBuyer(me.userKey);
  setProgress('');
}

function selectedProduct() {
  const checked = /** @type {HTMLInputElement | null} */ (els.products.querySelector('input[name=product]:checked'));
  const id = checked ? checked.value : null;
  return config.products.filter((product) => product.id === id)[0] || null;
}

function refreshBuyButton() {
  const product = selectedProduct();
  els.buy.disabled = !product;
  els.buy.textContent = product ? won(product.amount) + ' 결제하기' : '결제하기';
}

function renderProducts() {
  const wanted = query.get('product');
  const chosen = config.products.some((product) => product.id === wanted) ? wanted : (config.products[0] || { id: null }).id;
  for (const product of config.products) {
    const label = document.createElement('label');
    label.className = 'product';
    label.setAttribute('data-testid', 'product-' + product.id);
    const input = document.createElement('input');
    input.type = 'radio';
    input.name = 'product';
    input.value = product.id;
    input.checked = product.id === chosen;
    const name = document.createElement('span');
    name.className = 'name';
    name.textContent = product.name;
    const price = document.createElement('span');
    price.className = 'price';
    price.textContent = won(product.amount);
    label.append(input, name, price);
    els.products.appendChild(label);
  }
  els.products.addEventListener('change', refreshBuyButton);
  refreshBuyButton();
}

/** @param {string | null} payToken @param {string | null} orderNo */
function remember(payToken, orderNo) {
  document.body.setAttribute('data-pay-token', payToken || '');
  document.body.setAttribute('data-order-no', orderNo || '');
}

/** @param {any} order */
function showReceipt(order) {
  element('receipt-product').textContent = order.productName;
  element('receipt-order-no').textContent = order.orderNo;
  element('receipt-amount').textContent = won(typeof order.paidAmount === 'number' ? order.paidAmount : order.amount);
  element('receipt-method').textContent = methodNames[order.payMethod] || order.payMethod || '-';
  element('receipt-approval-time').textContent = order.approvalTime || '-';
  const status = element('receipt-status');
  status.textContent = (statusNames[order.status] || order.status) + ' (' + order.status + ')';
  status.setAttribute('data-status', order.status);
  els.receipt.setAttribute('data-pay-token', order.payToken || '');
  els.refund.hidden = order.status !== 'PAID';
  els.refund.disabled = false;
  els.refundResult.textContent = '';
  els.receipt.hidden = false;
  setProgress('');
  button('again').focus();
}

/** @param {string | undefined} reason */
function showFailure(reason) {
  els.failureReason.textContent = reason || '알 수 없는 이유로 결제하지 못했어요.';
  els.failure.setAttribute('data-pay-token', document.body.getAttribute('data-pay-token') || '');
  els.failure.hidden = false;
  setProgress('');
}

/** The guide's handlePayment, after a login when there is no buyer yet, with what a shop shows. */
async function handlePayment() {
  const product = selectedProduct();
  if (!product) { return; }
  els.buy.disabled = true;
  els.receipt.hidden = true;
  els.failure.hidden = true;
  remember(null, null);
  try {
    if (!buyer) { await login(); }
    setProgress('주문을 만들고 있어요…');
    // 결제 생성: the merchant server decides the amount and the buyer, and calls make-payment.
    /** @type {Record<string, string>} */
    const headers = testBuyer ? { 'x-toss-user-key': testBuyer } : {};
    const { payToken, orderNo } = await fetch('/my-api/payment/create?productId=' + encodeURIComponent(product.id), { headers })
      .then(readJSON);
    remember(payToken, orderNo);

    setProgress('결제창에서 결제를 진행해주세요.');
    // 결제 인증: the buyer picks a method and confirms (or closes the window).
    const { success, reason } = await TossPay.checkoutPayment({ payToken });

    if (success) {
      setProgress('결제를 승인하고 있어요…');
      // 결제 실행: the merchant server calls execute-payment and checks the amount.
      const order = await fetch('/my-api/payment/execute', {
        method: 'POST',
        body: JSON.stringify({ payToken }),
        headers: { 'Content-Type': 'application/json' },
      }).then(readJSON);
      showReceipt(order);
    } else {
      showFailure(reason);
    }
  } catch (error) {
    showFailure('결제 중 오류가 발생했어요: ' + messageOf(error));
  } finally {
    refreshBuyButton();
  }
}

/** The receipt after a refund, or why there was none. @param {any} order @param {string | null} failure */
function showRefund(order, failure) {
  if (failure) {
    els.refundResult.textContent = '환불하지 못했어요: ' + failure;
    els.refund.disabled = false;
    return;
  }
  const status = element('receipt-status');
  status.textContent = (statusNames[order.status] || order.status) + ' (' + order.status + ')';
  status.setAttribute('data-status', order.status);
  els.refundResult.textContent = '환불됐어요.';
  els.refund.hidden = true;
}

/** 결제 환불: the merchant server refunds the whole order (refund-payment). */
async function handleRefund() {
  const payToken = els.receipt.getAttribute('data-pay-token');
  els.refund.disabled = true;
  els.refundResult.textContent = '환불하고 있어요…';
  try {
    const order = await fetch('/my-api/payment/refund', {
      method: 'POST',
      body: JSON.stringify({ payToken, reason: '고객 요청' }),
      headers: { 'Content-Type': 'application/json' },
    }).then(readJSON);
    showRefund(order, null);
  } catch (error) {
    showRefund(null, messageOf(error));
  }
}

els.login.addEventListener('click', () => {
  els.login.disabled = true;
  login()
    .catch((error) => setProgress('로그인하지 못했어요: ' + messageOf(error)))
    .finally(() => { els.login.disabled = false; });
});
els.buy.addEventListener('click', handlePayment);
els.refund.addEventListener('click', handleRefund);
button('again').addEventListener('click', () => { els.receipt.hidden = true; els.buy.focus(); });
button('retry').addEventListener('click', () => { els.failure.hidden = true; handlePayment(); });
renderProducts();
showBuyer(testBuyer);
if (!testBuyer) {
  // A session from an earlier visit: the merchant server still knows the buyer.
  fetch('/my-api/me').then((response) => (response.ok ? response.json() : null))
    .then((me) => { if (me && (typeof me.userKey === 'number' || typeof me.userKey === 'string') && !buyer) { showBuyer(me.userKey); } })
    .catch(() => { /* not logged in */ });
}
/** @type {any} */ (window).handlePayment = handlePayment;
