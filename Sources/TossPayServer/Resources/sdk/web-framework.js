/* tosspay's Apps-in-Toss front-end module (SPEC §10), an ES module: what a mini-app imports from
   "@apps-in-toss/web-framework" or "@apps-in-toss/framework" for Toss login and Toss Pay. An
   import map points both names at this file, with the app in its query:

     <script type="importmap">
     {"imports": {"@apps-in-toss/framework": "http://127.0.0.1:8080/sdk/web-framework.js?merchantId=m_…",
                  "@apps-in-toss/web-framework": "http://127.0.0.1:8080/sdk/web-framework.js?merchantId=m_…"}}
     </script>

     import { TossPay, appLogin } from "@apps-in-toss/framework";
     const { authorizationCode, referrer } = await appLogin();
     const { success, reason } = await TossPay.checkoutPayment({ payToken });

   checkoutPayment is /sdk/tosspay.js's own, loaded once from this module's origin, so the two
   behave alike. appLogin logs in to the app named by ?merchantId= (none: the sandbox merchant,
   open mode only): the person who last logged in to this app in this browser again without a
   window if they agreed before (POST /login/again), otherwise through tosspay's login window
   (/login) in an overlay; a closed window rejects with Error('Login failed'). */

const moduleURL = new URL(import.meta.url);
/** The tosspay server this module came from: its windows and routes. */
const origin = moduleURL.origin;
/** The app logging in (a merchant id), or null for the sandbox merchant. */
const merchantId = moduleURL.searchParams.get('merchantId') || null;
/** Where this browser remembers the last person who logged in to the app. */
const storageKey = 'tosspay:login:' + (merchantId || 'sandbox');

// ---------------------------------------------------------------- Toss Pay: /sdk/tosspay.js

/** @type {Promise<(options: unknown) => Promise<{success: boolean, reason?: string}>> | null} */
let checkoutSDK = null;

/** /sdk/tosspay.js from this origin, loaded on first use; its checkoutPayment. */
function loadCheckoutSDK() {
  if (!checkoutSDK) {
    checkoutSDK = new Promise((resolve, reject) => {
      const script = document.createElement('script');
      script.src = origin + '/sdk/tosspay.js';
      script.async = true;
      script.setAttribute('data-tosspay-sdk', 'checkout');
      // The script has just run: the global is its own, whatever the page loaded before.
      script.addEventListener('load', () => {
        const own = /** @type {any} */ (window).checkoutPayment;
        if (typeof own === 'function') { resolve(own); } else { reject(new Error('토스페이 SDK를 불러오지 못했어요.')); }
      });
      script.addEventListener('error', () => {
        checkoutSDK = null; // the next call tries again
        script.remove();
        reject(new Error('토스페이 SDK를 불러오지 못했어요. (' + script.src + ')'));
      });
      document.head.appendChild(script);
    });
  }
  return checkoutSDK;
}

/**
 * Opens the checkout window for `options.payToken` (or `options.params.payToken`) and resolves
 * `{success: true}` once the buyer authenticated, `{success: false, reason}` when they closed
 * it; never rejects on a cancel (see /sdk/tosspay.js).
 * @param {{payToken: string} | {params: {payToken: string}}} options
 * @returns {Promise<{success: boolean, reason?: string}>}
 */
export function checkoutPayment(options) {
  return loadCheckoutSDK().then((checkout) => checkout(options));
}

/** `TossPay.checkoutPayment`, as the guide calls it. */
export const TossPay = Object.freeze({ checkoutPayment });

// ---------------------------------------------------------------- Toss login

/** The person remembered for this app, or null. */
function rememberedPerson() {
  try { return window.localStorage.getItem(storageKey); } catch (error) { return null; }
}

/** @param {string} person */
function rememberPerson(person) {
  try { window.localStorage.setItem(storageKey, person); } catch (error) { /* storage off: a window next time */ }
}

/**
 * The answer of a login route, with or without the success envelope; null when it holds no code.
 * @param {any} body
 */
function loginAnswer(body) {
  const answer = body && body.resultType === 'SUCCESS' ? body.success : body;
  return answer && typeof answer.authorizationCode === 'string' ? answer : null;
}

/**
 * `POST /login/again`: a code for `person` without a window when they agreed to the app's terms
 * before; null otherwise (not agreed, or tosspay cannot be reached — the window then decides).
 * @param {string} person
 */
async function loginAgain(person) {
  try {
    const response = await fetch(origin + '/login/again', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ merchantId, person }),
      credentials: 'omit',
    });
    if (!response.ok) { return null; }
    return loginAnswer(await response.json());
  } catch (error) {
    return null;
  }
}

/**
 * The login window (/login) in an overlay, like the checkout window: resolves the window's
 * answer once the person confirms, rejects with Error('Login failed') when it is closed.
 * @returns {Promise<{authorizationCode: string, referrer: string, person: string}>}
 */
function openLoginWindow() {
  return new Promise((resolve, reject) => {
    const previousFocus = /** @type {HTMLElement | null} */ (document.activeElement);
    const overlay = document.createElement('div');
    overlay.setAttribute('data-testid', 'tosspay-login-overlay');
    overlay.setAttribute('role', 'dialog');
    overlay.setAttribute('aria-modal', 'true');
    overlay.setAttribute('aria-label', '토스 로그인');
    overlay.style.cssText = 'position:fixed;inset:0;z-index:2147483647;background:rgba(0,0,0,.45);display:flex;align-items:flex-end;justify-content:center';
    const frame = document.createElement('iframe');
    frame.setAttribute('data-testid', 'tosspay-login-frame');
    frame.title = '토스 로그인 창';
    frame.src = origin + '/login' + (merchantId ? '?merchantId=' + encodeURIComponent(merchantId) : '');
    frame.style.cssText = 'border:0;width:100%;max-width:480px;height:100%;background:#fff';
    // The overlay's own close control: it works even when the window cannot load.
    const close = document.createElement('button');
    close.type = 'button';
    close.setAttribute('data-testid', 'tosspay-login-overlay-close');
    close.setAttribute('aria-label', '로그인 창 닫기');
    close.textContent = '✕';
    close.style.cssText = 'position:absolute;top:8px;right:8px;z-index:1;border:0;border-radius:16px;width:32px;height:32px;background:rgba(0,0,0,.55);color:#fff;font-size:16px;cursor:pointer';
    close.addEventListener('click', () => finish(null));
    // Focus sentinels around the dialog, as in the checkout overlay: Tab past the close
    // control comes back to the window, Shift+Tab before the window goes to the close control.
    /** @param {() => HTMLElement} target */
    function sentinel(target) {
      const edge = document.createElement('span');
      edge.tabIndex = 0;
      edge.style.cssText = 'position:absolute;width:1px;height:1px;overflow:hidden;opacity:0';
      edge.addEventListener('focus', () => target().focus());
      return edge;
    }
    overlay.appendChild(sentinel(() => close));
    overlay.appendChild(frame);
    overlay.appendChild(close);
    overlay.appendChild(sentinel(() => frame));
    let finished = false;
    /** @param {{authorizationCode: string, referrer: string, person: string} | null} answer */
    function finish(answer) {
      if (finished) { return; }
      finished = true;
      window.removeEventListener('message', onMessage);
      document.removeEventListener('focusin', keepFocusInside, true);
      overlay.remove();
      if (previousFocus && previousFocus.focus) { previousFocus.focus(); }
      if (answer) { resolve(answer); } else { reject(new Error('Login failed')); }
    }
    /** @param {MessageEvent} event */
    function onMessage(event) {
      const data = event.data;
      if (event.origin !== origin || event.source !== frame.contentWindow || !data || data.type !== 'tosspay:login') { return; }
      if (data.cancelled) { finish(null); return; }
      const answer = loginAnswer(data);
      if (answer && typeof answer.person === 'string') { finish(answer); }
    }
    // A modal dialog: focus that leaves the overlay goes back to the window; Escape closes it.
    /** @param {FocusEvent} event */
    function keepFocusInside(event) {
      if (!finished && !overlay.contains(/** @type {Node} */ (event.target))) { frame.focus(); }
    }
    overlay.addEventListener('keydown', (event) => {
      if (event.key === 'Escape') { event.preventDefault(); finish(null); }
    });
    window.addEventListener('message', onMessage);
    document.addEventListener('focusin', keepFocusInside, true);
    document.body.appendChild(overlay);
    frame.focus();
  });
}

/** @type {Promise<{authorizationCode: string, referrer: 'DEFAULT' | 'SANDBOX'}> | null} */
let pendingLogin = null;

async function login() {
  const person = rememberedPerson();
  let answer = person ? await loginAgain(person) : null;
  if (!answer) {
    answer = await openLoginWindow();
    rememberPerson(answer.person);
  }
  return { authorizationCode: answer.authorizationCode, referrer: /** @type {'DEFAULT' | 'SANDBOX'} */ (answer.referrer) };
}

/**
 * Toss login for this module's app: resolves `{authorizationCode, referrer}` (the code is good
 * for 10 minutes, once, for this app's server to exchange with generate-token); rejects with
 * `Error('Login failed')` when the person closes the window. Calls made while a login is under
 * way share it.
 * @returns {Promise<{authorizationCode: string, referrer: 'DEFAULT' | 'SANDBOX'}>}
 */
export function appLogin() {
  if (!pendingLogin) {
    pendingLogin = login().finally(() => { pendingLogin = null; });
  }
  return pendingLogin;
}
