/// The checkout window (결제창), a mustache template rendered by ``CheckoutController``.
/// Mobile-first, Korean, no external assets; stable `data-testid` hooks for browser tests.
enum CheckoutTemplate {
    static let page = #"""
    <!doctype html>
    <html lang="ko">
    <head>
    <meta charset="utf-8">
    <meta name="viewport" content="width=device-width, initial-scale=1, viewport-fit=cover">
    <title>토스페이 결제</title>
    <style>
    *{box-sizing:border-box}
    [hidden]{display:none!important}
    body{margin:0;font-family:-apple-system,BlinkMacSystemFont,"Apple SD Gothic Neo","Noto Sans KR","Malgun Gothic",sans-serif;background:#f2f4f6;color:#191f28;-webkit-font-smoothing:antialiased}
    main{max-width:480px;margin:0 auto;min-height:100vh;background:#fff;display:flex;flex-direction:column}
    header{display:flex;align-items:center;justify-content:space-between;padding:16px 20px 8px}
    .brand{font-weight:800;font-size:18px;color:#3182f6;letter-spacing:-.3px}
    .close{border:0;background:none;font-size:15px;color:#4e5968;padding:10px 4px;cursor:pointer;border-radius:8px}
    .close:focus-visible,.option:focus-within,button:focus-visible,select:focus-visible{outline:3px solid #90c2ff;outline-offset:2px}
    section{padding:8px 20px 16px}
    .merchant{color:#6b7684;font-size:14px;margin:0}
    .product{font-size:17px;margin:6px 0 2px;font-weight:600;word-break:break-all}
    .amount{font-size:30px;font-weight:800;margin:4px 0 0;letter-spacing:-.5px}
    .rows{margin:12px 0 0;padding:12px 0 0;border-top:1px solid #f2f4f6}
    .row{display:flex;justify-content:space-between;font-size:15px;padding:4px 0;color:#4e5968}
    .row.discount span:last-child{color:#f04452}
    .row.total{color:#191f28;font-weight:700}
    h2{font-size:15px;color:#6b7684;font-weight:600;margin:8px 0 10px}
    .option{display:flex;align-items:center;gap:12px;border:1.5px solid #e5e8eb;border-radius:14px;padding:14px;margin-bottom:10px;cursor:pointer;background:#fff}
    .option input{width:20px;height:20px;accent-color:#3182f6;margin:0}
    .option:has(input:checked){border-color:#3182f6;background:#f4f8ff}
    .option .label{display:flex;flex-direction:column;gap:2px;min-width:0}
    .option strong{font-size:16px}
    .option small{color:#6b7684;font-size:13px;overflow-wrap:anywhere}
    .cards{margin:4px 0 0 8px}
    .cards[hidden],.installment[hidden]{display:none}
    .installment{margin:6px 0 12px}
    .installment label{display:block;font-size:14px;color:#4e5968;margin-bottom:6px}
    select{width:100%;font-size:16px;padding:12px;border-radius:12px;border:1.5px solid #e5e8eb;background:#fff}
    .points{display:flex;align-items:center;gap:10px;font-size:15px;padding:6px 0}
    .points input{width:20px;height:20px;accent-color:#3182f6}
    footer{margin-top:auto;padding:12px 20px calc(16px + env(safe-area-inset-bottom));background:#fff}
    .confirm{width:100%;border:0;border-radius:16px;background:#3182f6;color:#fff;font-size:17px;font-weight:700;padding:17px;cursor:pointer}
    .confirm:disabled{background:#a5c8f8;cursor:default}
    .result{min-height:22px;font-size:15px;margin:0 0 10px;text-align:center}
    .result.error{color:#f04452}.result.ok{color:#1b64da}
    .notice{padding:48px 24px;text-align:center}
    .notice h1{font-size:20px;margin:0 0 10px}.notice p{color:#6b7684;margin:0 0 24px}
    .test{display:inline-block;font-size:12px;color:#fff;background:#ff9f40;border-radius:6px;padding:2px 6px;margin-left:6px;vertical-align:middle}
    </style>
    </head>
    <body>
    <main>
    {{#notice}}
    <header><span class="brand">toss pay</span></header>
    <div class="notice" data-testid="checkout-notice" role="alert">
      <h1>{{title}}</h1>
      <p>{{message}}</p>
      <button type="button" class="confirm" data-testid="checkout-cancel" id="close-notice" data-reason="{{message}}">닫기</button>
      <p class="result" data-testid="checkout-result" aria-live="polite" id="result" data-status="{{status}}"></p>
    </div>
    {{/notice}}
    {{#checkout}}
    <form id="checkout" novalidate>
    <header>
      <span class="brand">toss pay{{#isTest}}<span class="test">테스트</span>{{/isTest}}</span>
      <button type="button" class="close" data-testid="checkout-cancel" id="cancel" aria-label="결제창 닫기">닫기 ✕</button>
    </header>
    <section aria-label="주문 정보">
      <p class="merchant">{{merchantName}}</p>
      <p class="product">{{productDesc}}</p>
      <p class="amount" data-testid="checkout-amount" id="pay-amount">{{paidText}}</p>
      <div class="rows">
        <div class="row"><span>주문 금액</span><span data-testid="checkout-order-amount">{{amountText}}</span></div>
        {{#promotionText}}<div class="row discount" data-testid="checkout-discount"><span>{{promotionName}}</span><span>-{{promotionText}}</span></div>{{/promotionText}}
        <div class="row discount" id="points-row" hidden><span>토스포인트</span><span id="points-text"></span></div>
      </div>
    </section>
    <section aria-labelledby="methods-title">
      <h2 id="methods-title">결제 수단</h2>
      {{#tossMoney}}
      <label class="option" data-testid="method-TOSS_MONEY">
        <input type="radio" name="payMethod" value="TOSS_MONEY" {{#checked}}checked{{/checked}}>
        <span class="label"><strong>토스머니</strong><small>잔액 {{balanceText}}{{#account}} · 부족하면 {{bankName}} {{accountNumber}}에서 자동 충전{{/account}}</small></span>
      </label>
      {{/tossMoney}}
      {{#card}}
      <label class="option" data-testid="method-CARD">
        <input type="radio" name="payMethod" value="CARD" {{#checked}}checked{{/checked}}>
        <span class="label"><strong>카드</strong><small>{{count}}장의 카드</small></span>
      </label>
      <div class="cards" id="cards" role="radiogroup" aria-label="카드 선택" hidden>
        {{#cards}}
        <label class="option" data-testid="card-{{code}}">
          <input type="radio" name="card" value="{{code}}" data-type="{{methodType}}" {{#first}}checked{{/first}}>
          <span class="label"><strong>{{name}}카드</strong><small>{{number}} · {{typeText}}</small></span>
        </label>
        {{/cards}}
        {{#installmentAllowed}}
        <div class="installment" id="installment-box" hidden>
          <label for="installment">할부</label>
          <select id="installment" name="spreadOut" data-testid="installment">
            <option value="0">일시불</option>
            {{#months}}<option value="{{.}}">{{.}}개월</option>{{/months}}
          </select>
        </div>
        {{/installmentAllowed}}
      </div>
      {{/card}}
      {{#pointsAvailable}}
      <label class="points" data-testid="use-points"><input type="checkbox" id="use-points" value="{{pointsUsable}}"> 토스포인트 {{pointsText}} 사용 (보유 {{pointsBalanceText}})</label>
      {{/pointsAvailable}}
      {{^hasMethod}}<p role="alert">사용할 수 있는 결제 수단이 없어요.</p>{{/hasMethod}}
    </section>
    <footer>
      <p class="result" data-testid="checkout-result" id="result" aria-live="polite"></p>
      <button type="submit" class="confirm" data-testid="checkout-confirm" id="confirm" {{^hasMethod}}disabled{{/hasMethod}}>{{paidText}} 결제하기</button>
    </footer>
    </form>
    {{/checkout}}
    </main>
    <script>
    (function () {
      var token = {{{tokenJSON}}};
      var userKey = {{{userKeyJSON}}};
      var amount = {{amountValue}};
      var promotion = {{promotionValue}};
      var installmentMinimum = {{installmentMinimum}};
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
        if (userKey) { headers['x-toss-user-key'] = userKey; }
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
      var select = document.getElementById('installment');
      var usePoints = document.getElementById('use-points');
      var confirmButton = document.getElementById('confirm');
      function method() { var checked = form.querySelector('input[name=payMethod]:checked'); return checked ? checked.value : null; }
      function card() { return form.querySelector('input[name=card]:checked'); }
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
            document.getElementById('cancel').disabled = true;
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
    </script>
    </body>
    </html>
    """#
}
