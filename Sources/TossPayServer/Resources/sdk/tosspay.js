/* tosspay sandbox SDK: TossPay.checkoutPayment({ payToken }) → Promise<{ success, reason? }> */
(function (global) {
  'use strict';
  var current = /** @type {HTMLScriptElement | null} */ (document.currentScript);
  var origin = current && current.src ? new URL(current.src, global.location.href).origin : global.location.origin;

  function tokenOf(options) {
    if (!options || typeof options !== 'object') { return null; }
    if (typeof options.payToken === 'string') { return options.payToken; }
    if (options.params && typeof options.params.payToken === 'string') { return options.params.payToken; }
    return null;
  }

  function checkoutPayment(options) {
    return new Promise(function (resolve, reject) {
      var payToken = tokenOf(options);
      if (!payToken) { reject(new TypeError('checkoutPayment: options.payToken (string) is required')); return; }
      var previousFocus = /** @type {HTMLElement | null} */ (document.activeElement);
      var overlay = document.createElement('div');
      overlay.setAttribute('data-testid', 'tosspay-overlay');
      overlay.setAttribute('role', 'dialog');
      overlay.setAttribute('aria-modal', 'true');
      overlay.setAttribute('aria-label', '토스페이 결제');
      overlay.style.cssText = 'position:fixed;inset:0;z-index:2147483647;background:rgba(0,0,0,.45);display:flex;align-items:flex-end;justify-content:center';
      var frame = document.createElement('iframe');
      frame.setAttribute('data-testid', 'tosspay-frame');
      frame.title = '토스페이 결제창';
      frame.src = origin + '/checkout/' + encodeURIComponent(payToken);
      frame.style.cssText = 'border:0;width:100%;max-width:480px;height:100%;background:#fff';
      // No close control of its own: the window's 닫기 (and Escape inside it) is the one way
      // to close, and it reports like any outcome. Escape on this page asks the window to
      // cancel; a window that never loaded (no `tosspay:ready`) ends the call instead.
      var ready = false;
      function askToCancel() {
        if (frame.contentWindow) { frame.contentWindow.postMessage({ type: 'tosspay:cancel', payToken: payToken }, origin); }
        if (!ready) { setTimeout(function () { finish({ success: false, reason: '결제창을 불러오지 못했어요.' }); }, 1500); }
      }
      frame.addEventListener('load', function () {
        // The window says it is ready while it loads; after its load event, silence means
        // the page is not the checkout window (an error page, an unreachable server).
        setTimeout(function () {
          if (!ready) { finish({ success: false, reason: '결제창을 불러오지 못했어요.' }); }
        }, 3000);
      });
      // Focus sentinels around the dialog: Tab past the window's last control, or Shift+Tab
      // before its first, comes back to the window.
      function sentinel() {
        var edge = document.createElement('span');
        edge.tabIndex = 0;
        edge.style.cssText = 'position:absolute;width:1px;height:1px;overflow:hidden;opacity:0';
        edge.addEventListener('focus', function () { frame.focus(); });
        return edge;
      }
      overlay.appendChild(sentinel());
      overlay.appendChild(frame);
      overlay.appendChild(sentinel());
      var finished = false;
      function finish(outcome) {
        if (finished) { return; }
        finished = true;
        global.removeEventListener('message', onMessage);
        document.removeEventListener('focusin', keepFocusInside, true);
        if (overlay.parentNode) { overlay.parentNode.removeChild(overlay); }
        if (previousFocus && previousFocus.focus) { previousFocus.focus(); }
        resolve(outcome);
      }
      function onMessage(event) {
        var data = event.data;
        if (event.origin !== origin || !data || data.payToken !== payToken) { return; }
        if (data.type === 'tosspay:ready') { ready = true; return; }
        if (data.type !== 'tosspay:checkout') { return; }
        finish(data.success ? { success: true } : { success: false, reason: data.reason || '결제가 취소되었어요.' });
      }
      // A modal dialog: focus that leaves the overlay (Tab past the window, a click on the
      // dimmed page) goes back to the checkout window; Escape closes it.
      function keepFocusInside(event) {
        if (!finished && !overlay.contains(event.target)) { frame.focus(); }
      }
      overlay.addEventListener('keydown', function (event) {
        if (event.key === 'Escape') { event.preventDefault(); askToCancel(); }
      });
      global.addEventListener('message', onMessage);
      document.addEventListener('focusin', keepFocusInside, true);
      document.body.appendChild(overlay);
      frame.focus();
    });
  }

  var TossPay = global.TossPay || {};
  TossPay.checkoutPayment = checkoutPayment;
  TossPay.authorize = checkoutPayment;
  global.TossPay = TossPay;
  global.checkoutPayment = checkoutPayment;
})(window);
