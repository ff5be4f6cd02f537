"""Toss login and the Apps-in-Toss front-end module (/sdk/web-framework.js) in headless Chromium.

The centre is the integration guide's own front-end code: a page with an import map pointing
`@apps-in-toss/framework` and `@apps-in-toss/web-framework` at tosspay's module runs the guide's
`handlePayment` exactly as the guide prints it (import line included, from the committed copy in
guide/, checked against the guide's text by SHA-256) after an `appLogin()`. The test logs in
through the login window, pays in the checkout window, lets the guide's code execute, refunds,
and checks every step on the server; a second `appLogin()` must open no window.
"""

import base64
import hashlib
import os
import re
import shutil
import sqlite3
import tempfile
import uuid
from pathlib import Path

import pytest
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support import expected_conditions as EC

from conftest import (
    Server, Stack, binary, by_testid, enter_checkout, free_port, leave_checkout, no_horizontal_overflow, wait,
)

GUIDE = Path(__file__).resolve().parent / "guide"
# The guide's section "2. 결제 인증하기" (lines 149–210 of tosspay-integration-guide.ko.txt) and
# its code block (lines 184–208), committed byte for byte because tests may not read the guide
# itself (it lives outside the repository; guide/README.md tells how they were cut).
SECTION = GUIDE / "checkout-payment-section.ko.txt"
SAMPLE = GUIDE / "handle-payment.js"
# SHA-256 of the section as cut from the guide: the committed excerpt is the guide's text.
SECTION_SHA256 = "666883462f6352ce6210c779d9d266e4278a34670fa3054c792f6b27e0c75a15"

# As conftest starts its servers: nothing of the caller's TOSSPAY_/MERCHANT_/MINI_APP_ settings.
CLEAN_ENV = {key: value for key, value in os.environ.items() if not key.startswith(("TOSSPAY_", "MERCHANT_", "MINI_APP_"))}
LOGIN_FRAME = "tosspay-login-frame"
LOGIN_OVERLAY = "tosspay-login-overlay"


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def sample_in_section() -> str:
    """The code block of the section that defines handlePayment, as the guide prints it."""
    blocks = re.findall(r"^```\n(.*?)^```$", SECTION.read_text(encoding="utf-8"), flags=re.DOTALL | re.MULTILINE)
    matching = [block for block in blocks if "async function handlePayment" in block]
    assert len(matching) == 1, blocks
    return matching[0]


def test_the_committed_sample_is_the_guides_code():
    # Two committed files, compared by hash: the excerpt is the guide's section (its hash was
    # taken from the guide when it was cut), and the sample the page runs is that section's
    # code block, byte for byte — so the browser tests below run the guide's code unchanged.
    assert sha256(SECTION.read_bytes()) == SECTION_SHA256
    assert sha256(sample_in_section().encode("utf-8")) == sha256(SAMPLE.read_bytes())
    assert SAMPLE.read_text(encoding="utf-8").startswith('import { TossPay } from "@apps-in-toss/framework";\n')


# The test page: the import map, then the guide's sample as a module, then (after it, outside the
# guide's code) the hooks WebDriver calls. %TOSSPAY_ORIGIN% is filled in by the merchant server.
PAGE = """<!doctype html>
<html lang="ko">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>가이드 예제</title>
<script type="importmap">
{"imports": {"@apps-in-toss/framework": "%TOSSPAY_ORIGIN%/sdk/web-framework.js",
             "@apps-in-toss/web-framework": "%TOSSPAY_ORIGIN%/sdk/web-framework.js"}}
</script>
<script>
  // What the guide's code logs as failures (console.error), for the test to read.
  window.guideErrors = [];
  var originalError = console.error;
  console.error = function () { window.guideErrors.push(Array.prototype.map.call(arguments, String).join(' ')); originalError.apply(console, arguments); };
</script>
</head>
<body>
<main><h1>가이드 예제</h1><p>handlePayment</p></main>
<script type="module">
__SAMPLE__
// ---- test hooks, not the guide's code
import { appLogin } from "@apps-in-toss/web-framework";
window.handlePayment = handlePayment;
window.appLogin = appLogin;
window.guideReady = true;
</script>
</body>
</html>
"""


@pytest.fixture(scope="module")
def guide_app(stack):
    """A second example merchant server whose mini-app page is the guide's sample (PAGE), so the
    guide's relative fetches reach its /my-api and its session cookie."""
    folder = Path(tempfile.mkdtemp(prefix="tosspay-guide-"))
    (folder / "index.html").write_text(PAGE.replace("__SAMPLE__", SAMPLE.read_text(encoding="utf-8")), encoding="utf-8")
    port = free_port()
    server = Server(
        "merchant-server-guide", [str(binary("merchant-server")), "--host", "127.0.0.1", "--port", str(port),
                                  "--database", str(folder / "merchant.sqlite"), "--tosspay-url", stack.tosspay.url],
        port, folder, dict(CLEAN_ENV, MINI_APP_DIR=str(folder)),
    )
    server.database = folder / "merchant.sqlite"  # the shop's own records (its orders' orderNos)
    try:
        yield server
    finally:
        server.stop()
        shutil.rmtree(folder, ignore_errors=True)


def new_person() -> str:
    """A person no other test has used, so the first login asks for consent."""
    return "가이드" + uuid.uuid4().hex[:8]


def open_guide(driver, guide_app) -> None:
    driver.get(guide_app.url + "/")
    wait(driver).until(lambda d: d.execute_script("return window.guideReady === true"))


def start_login(driver) -> None:
    """`appLogin()`, then the code to the merchant server's /my-api/login (as a mini-app does),
    without waiting; ``login_outcome`` reads the result."""
    driver.execute_script(
        """
        window.__login = window.appLogin().then(function (result) {
          return fetch('/my-api/login', { method: 'POST', headers: { 'Content-Type': 'application/json' },
                                          body: JSON.stringify(result) })
            .then(function (response) { return response.json().then(function (body) {
              return { result: result, status: response.status, body: body }; }); });
        }, function (error) { return { rejected: error instanceof Error ? error.message : String(error) }; });
        """
    )


def login_outcome(driver) -> dict:
    driver.switch_to.default_content()
    return driver.execute_async_script("var done = arguments[arguments.length - 1]; window.__login.then(done);")


def enter_login(driver) -> None:
    """Into the login window the module opened as an overlay iframe."""
    driver.switch_to.default_content()
    frame = wait(driver).until(EC.presence_of_element_located(by_testid(LOGIN_FRAME)))
    driver.switch_to.frame(frame)
    # The confirm button is enabled once the window's script handles it.
    wait(driver).until(EC.any_of(EC.element_to_be_clickable(by_testid("login-confirm")), EC.presence_of_element_located(by_testid("login-notice"))))


def watch_for_windows(driver) -> None:
    """Records every login overlay or iframe added to the page from now on."""
    driver.execute_script(
        """
        window.__windows = [];
        new MutationObserver(function (records) {
          records.forEach(function (record) { record.addedNodes.forEach(function (node) {
            if (node.nodeType === 1 && (node.tagName === 'IFRAME' || node.getAttribute('data-testid') === 'tosspay-login-overlay'
                || node.querySelector('iframe'))) { window.__windows.push(node.outerHTML.slice(0, 200)); }
          }); });
        }).observe(document.documentElement, { childList: true, subtree: true });
        """
    )


def test_guide_handle_payment_after_app_login_pays_executes_and_refunds(driver, stack, guide_app, shot):
    open_guide(driver, guide_app)
    person = new_person()

    # 1. appLogin(): the first login of this person in this app shows the consent window.
    start_login(driver)
    enter_login(driver)
    assert no_horizontal_overflow(driver)
    listed = [element.get_attribute("data-person") for element in driver.find_elements(*by_testid("login-person"))]
    assert {"김토스", "이앱인", "박샌드"} <= set(listed), listed
    assert driver.find_element(*by_testid("login-app")).text  # the app's name
    assert driver.find_elements(*by_testid("login-terms"))
    shot("login-window")
    driver.find_element(*by_testid("login-new-person")).send_keys(person)
    shot("login-new-person")
    driver.find_element(*by_testid("login-confirm")).click()
    driver.switch_to.default_content()
    wait(driver).until(EC.invisibility_of_element_located(by_testid(LOGIN_OVERLAY)))
    login = login_outcome(driver)
    assert "rejected" not in login, login
    assert login["result"]["referrer"] == "SANDBOX" and login["result"]["authorizationCode"]
    assert set(login["result"]) == {"authorizationCode", "referrer"}
    assert login["status"] == 200, login
    user_key = login["body"]["userKey"]
    assert isinstance(user_key, int) and 100_000_000 <= user_key <= 999_999_999
    assert driver.execute_script("return localStorage.getItem('tosspay:login:sandbox')") == person
    shot("logged-in")

    # 2. The guide's handlePayment, unchanged: create → TossPay.checkoutPayment → execute.
    driver.execute_script("window.__pay = window.handlePayment().then(function () { return 'done'; });")
    enter_checkout(driver)
    assert no_horizontal_overflow(driver)
    driver.switch_to.default_content()
    pay_token = driver.find_element(*by_testid("tosspay-frame")).get_attribute("src").rsplit("/checkout/", 1)[1]
    enter_checkout(driver)
    shot("checkout")
    driver.find_element(*by_testid("checkout-confirm")).click()
    leave_checkout(driver)
    assert driver.execute_async_script("var done = arguments[arguments.length - 1]; window.__pay.then(done);") == "done"
    assert driver.execute_script("return window.guideErrors") == []
    shot("paid")

    # On the server: the session's buyer (the login's userKey) paid, and the shop executed it.
    # get-payment-status needs the orderNo too: the shop's own records have it.
    with sqlite3.connect(guide_app.database) as shop:
        (order_no,) = shop.execute("SELECT order_no FROM orders WHERE pay_token = ?", (pay_token,)).fetchone()
    status = stack.status(pay_token, str(user_key), order_no)
    assert status["payStatus"] == "PAY_COMPLETE", status
    order = Stack.request(guide_app.url + "/my-api/orders/" + status["orderNo"])[1]
    assert order["status"] == "PAID" and order["payToken"] == pay_token, order

    # 3. Refund, as the shop's server would (the partner API, for the same buyer).
    _, refunded = stack.partner(
        "refund-payment", {"payToken": pay_token, "reason": "가이드 예제 환불", "isTestPayment": True}, str(user_key)
    )
    assert refunded["resultType"] == "SUCCESS", refunded
    assert stack.status(pay_token, str(user_key), order_no)["payStatus"] == "REFUND_SUCCESS"

    # 4. A second appLogin(): the same person, no window, a new code for the same userKey.
    watch_for_windows(driver)
    start_login(driver)
    again = login_outcome(driver)
    assert "rejected" not in again, again
    assert again["status"] == 200 and again["body"]["userKey"] == user_key, again
    assert again["result"]["authorizationCode"] != login["result"]["authorizationCode"]
    assert driver.execute_script("return window.__windows") == []
    assert not driver.find_elements(*by_testid(LOGIN_FRAME))
    shot("second-login-no-window")


@pytest.mark.parametrize("how", ["window-close", "overlay-close", "escape"])
def test_closing_the_login_window_rejects_with_login_failed(driver, stack, guide_app, shot, how):
    open_guide(driver, guide_app)
    start_login(driver)
    enter_login(driver)
    if how == "window-close":
        driver.find_element(*by_testid("login-close")).click()
    elif how == "escape":
        ActionChains(driver).send_keys(Keys.ESCAPE).perform()
    else:
        driver.switch_to.default_content()
        driver.find_element(*by_testid("tosspay-login-overlay-close")).click()
    assert login_outcome(driver) == {"rejected": "Login failed"}
    wait(driver).until(EC.invisibility_of_element_located(by_testid(LOGIN_OVERLAY)))
    assert not driver.find_elements(*by_testid(LOGIN_FRAME))
    assert driver.execute_script("return localStorage.getItem('tosspay:login:sandbox')") is None
    shot("closed")


def test_after_unlink_the_next_login_asks_again(driver, stack, guide_app, shot):
    open_guide(driver, guide_app)
    person = new_person()
    start_login(driver)
    enter_login(driver)
    driver.find_element(*by_testid("login-new-person")).send_keys(person)
    driver.find_element(*by_testid("login-confirm")).click()
    user_key = login_outcome(driver)["body"]["userKey"]

    status, answer = stack.request(stack.tosspay.url + "/sandbox/v1/login/unlink", {"userKey": user_key, "referrer": "UNLINK"})
    assert status == 200 and answer["resultType"] == "SUCCESS", answer

    # The remembered person has no consent any more: POST /login/again refuses, the window opens.
    start_login(driver)
    enter_login(driver)
    shot("asked-again")
    driver.find_element(*by_testid("login-new-person")).send_keys(person)
    driver.find_element(*by_testid("login-confirm")).click()
    again = login_outcome(driver)
    assert again["status"] == 200 and again["body"]["userKey"] == user_key, again


def test_the_module_url_names_the_app(driver, stack, guide_app, shot):
    # A module imported with ?merchantId= logs in to that app: its name in the window, a code
    # that only its key can exchange, a userKey other than the same person's in the sandbox app.
    _, created = stack.request(stack.tosspay.url + "/sandbox/v1/merchants", {"name": "브라우저 로그인 앱"})
    app = created["success"]
    open_guide(driver, guide_app)
    driver.execute_script(
        """
        window.__login = import(arguments[0]).then(function (module) { return module.appLogin(); })
          .then(function (result) { return { result: result }; },
                function (error) { return { rejected: error instanceof Error ? error.message : String(error) }; });
        """,
        stack.tosspay.url + "/sdk/web-framework.js?merchantId=" + app["merchantId"],
    )
    enter_login(driver)
    assert driver.find_element(*by_testid("login-app")).text == "브라우저 로그인 앱"
    shot("app-login-window")
    driver.find_element(*by_testid("login-person")).click()  # 김토스
    driver.find_element(*by_testid("login-confirm")).click()
    outcome = login_outcome(driver)
    assert "rejected" not in outcome, outcome
    assert driver.execute_script("return localStorage.getItem(arguments[0])", "tosspay:login:" + app["merchantId"]) == "김토스"

    oauth = stack.tosspay.url + "/api-partner/v1/apps-in-toss/user/oauth2/"
    key = {"Authorization": "Basic " + base64.b64encode((app["testApiKey"] + ":").encode()).decode()}
    status, tokens = stack.request(oauth + "generate-token", outcome["result"], key)
    assert status == 200 and tokens["resultType"] == "SUCCESS", tokens
    access = {"Authorization": "Bearer " + tokens["success"]["accessToken"]}
    _, me = stack.request(oauth + "login-me", headers=access)
    _, sandbox = stack.request(stack.tosspay.url + "/sandbox/v1/login/authorize", {"person": "김토스"})
    _, sandbox_tokens = stack.request(oauth + "generate-token", sandbox["success"])
    _, sandbox_me = stack.request(oauth + "login-me", headers={"Authorization": "Bearer " + sandbox_tokens["success"]["accessToken"]})
    assert me["success"]["userKey"] != sandbox_me["success"]["userKey"]


def focused_testid(driver):
    return driver.execute_script("return document.activeElement && document.activeElement.getAttribute('data-testid')")


def test_the_login_window_alone_at_360_px_with_the_keyboard(driver, stack, shot):
    driver.get(stack.tosspay.url + "/login")
    wait(driver).until(EC.element_to_be_clickable(by_testid("login-confirm")))
    assert no_horizontal_overflow(driver)
    shot("login-window")
    # The first person is chosen; arrows move through the list, Tab reaches the name field and
    # the confirm button, Enter logs in.
    first = driver.find_element(*by_testid("login-person")).find_element(By.TAG_NAME, "input")
    assert first.is_selected()
    first.send_keys(Keys.ARROW_DOWN)
    chosen = driver.execute_script("return document.querySelector('input[name=person]:checked').value")
    assert chosen == "이앱인"
    for _ in range(10):
        if focused_testid(driver) == "login-confirm":
            break
        ActionChains(driver).send_keys(Keys.TAB).perform()
    assert focused_testid(driver) == "login-confirm"
    ActionChains(driver).send_keys(Keys.ENTER).perform()
    wait(driver).until(EC.text_to_be_present_in_element_attribute(by_testid("login-result"), "data-status", "ok"))
    shot("logged-in")


def test_an_unknown_app_shows_a_notice(driver, stack, shot):
    driver.get(stack.tosspay.url + "/login?merchantId=m_doesnotexist")
    notice = wait(driver).until(EC.visibility_of_element_located(by_testid("login-notice")))
    assert driver.find_element(*by_testid("login-result")).get_attribute("data-status") == "APP_NOT_FOUND"
    assert not driver.find_elements(*by_testid("login-confirm"))
    assert notice.text
    shot("unknown-app")


def test_the_module_and_its_types_are_served(stack):
    import urllib.request

    for path, kind in (("/sdk/web-framework.js?merchantId=m_x", "text/javascript"), ("/sdk/web-framework.d.ts", "application/typescript")):
        with urllib.request.urlopen(stack.tosspay.url + path, timeout=10) as response:
            assert response.headers["Content-Type"].startswith(kind)
            # Module scripts are fetched with CORS: the mini-app is on another origin.
            assert response.headers["Access-Control-Allow-Origin"] == "*"
            text = response.read().decode()
        for name in ("TossPay", "checkoutPayment", "appLogin"):
            assert re.search(r"export (declare )?(const|function) " + name + r"\b", text), (path, name)


def test_the_sample_mini_app_logs_in_pays_and_refunds(driver, stack, shot):
    # Examples/mini-app without ?userKey=: the buy button logs in first (the login window), then
    # the guide's flow runs with the session's buyer, and the receipt's refund goes through the
    # merchant server.
    driver.get(stack.merchant.url + "/?product=americano")
    wait(driver).until(EC.element_to_be_clickable(by_testid("buy")))
    assert no_horizontal_overflow(driver)
    shot("signed-out")
    driver.find_element(*by_testid("buy")).click()
    enter_login(driver)
    driver.find_element(*by_testid("login-new-person")).send_keys(new_person())
    driver.find_element(*by_testid("login-confirm")).click()
    enter_checkout(driver)
    driver.find_element(*by_testid("checkout-confirm")).click()
    leave_checkout(driver)
    receipt = wait(driver).until(EC.visibility_of_element_located(by_testid("receipt")))
    shot("receipt")
    user_key = driver.find_element(*by_testid("user-key")).text
    assert re.fullmatch(r"\d{9}", user_key), user_key
    pay_token = receipt.get_attribute("data-pay-token")
    order_no = driver.find_element(*by_testid("receipt-order-no")).text
    status = stack.status(pay_token, user_key, order_no)
    assert status["payStatus"] == "PAY_COMPLETE" and status["amount"] == 4500
    assert stack.order(status["orderNo"])["status"] == "PAID"

    driver.find_element(*by_testid("refund")).click()
    wait(driver).until(EC.text_to_be_present_in_element_attribute(by_testid("receipt-status"), "data-status", "REFUNDED"))
    shot("refunded")
    assert stack.status(pay_token, user_key, order_no)["payStatus"] == "REFUND_SUCCESS"
    assert stack.order(order_no)["status"] == "REFUNDED"

    # Reloaded, the page still knows the buyer (the merchant server's session): no window.
    driver.get(stack.merchant.url + "/?product=americano")
    wait(driver).until(EC.text_to_be_present_in_element(by_testid("user-key"), user_key))
    assert not driver.find_elements(*by_testid("tosspay-login-frame"))
