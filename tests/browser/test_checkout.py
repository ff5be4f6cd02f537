"""End-to-end checkout in headless Chromium: the sample mini-app, the SDK's overlay and the
checkout window, each test checking the payment's status on the server, not only the page."""

import os
import shutil

import pytest
from selenium.common.exceptions import TimeoutException
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import Select

from conftest import (
    DOCS_SCREENSHOTS, by_testid, checkout_outcome, enter_checkout, leave_checkout, no_horizontal_overflow,
    start_checkout, wait,
)


def open_mini_app(driver, stack, user_key, product=None):
    url = f"{stack.merchant.url}/?userKey={user_key}"
    if product:
        url += f"&product={product}"
    driver.get(url)
    wait(driver).until(EC.element_to_be_clickable(by_testid("buy")))
    # The SDK was loaded from the tosspay origin.
    assert driver.execute_script("return typeof TossPay.checkoutPayment === 'function'")


def receipt(driver) -> dict:
    element = wait(driver).until(EC.visibility_of_element_located(by_testid("receipt")))
    fields = {
        name: driver.find_element(*by_testid(f"receipt-{name}")).text
        for name in ("product", "order-no", "amount", "method", "status", "approval-time")
    }
    fields["payToken"] = element.get_attribute("data-pay-token")
    return fields


def test_pay_with_toss_money_through_the_mini_app(driver, stack, user_key, shot):
    open_mini_app(driver, stack, user_key, product="americano")
    assert no_horizontal_overflow(driver)
    shot("product-page")

    driver.find_element(*by_testid("buy")).click()
    enter_checkout(driver)
    assert no_horizontal_overflow(driver)
    money = driver.find_element(*by_testid("method-TOSS_MONEY"))
    assert money.find_element(By.TAG_NAME, "input").is_selected()
    assert "4,500원" in driver.find_element(*by_testid("checkout-amount")).text
    path = shot("checkout")
    readme_image = DOCS_SCREENSHOTS / "checkout-360.png"
    if not readme_image.exists() or os.environ.get("UPDATE_DOCS_SCREENSHOTS") == "1":
        readme_image.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(path, readme_image)

    driver.find_element(*by_testid("checkout-confirm")).click()
    leave_checkout(driver)
    paid = receipt(driver)
    shot("receipt")

    assert "PAID" in paid["status"]
    assert paid["method"] == "토스머니"
    assert paid["amount"] == "4,500원"
    status = stack.status(paid["payToken"], user_key, paid["order-no"])
    assert status["payStatus"] == "PAY_COMPLETE"
    assert status["payMethod"] == "TOSS_MONEY"
    assert status["amount"] == 4500 and status["paidAmount"] == 4500
    assert status["orderNo"] == paid["order-no"]
    assert stack.order(paid["order-no"])["status"] == "PAID"


def test_pay_by_card_with_three_months_installment(driver, stack, user_key, shot):
    open_mini_app(driver, stack, user_key, product="gift-card-50000")
    driver.find_element(*by_testid("buy")).click()
    enter_checkout(driver)
    shot("checkout")

    driver.find_element(*by_testid("method-CARD")).click()
    card = wait(driver).until(EC.element_to_be_clickable(by_testid("card-4")))
    card.click()
    installment = wait(driver).until(EC.visibility_of_element_located(by_testid("installment")))
    Select(installment).select_by_value("3")
    shot("card-installment")
    driver.find_element(*by_testid("checkout-confirm")).click()
    leave_checkout(driver)
    paid = receipt(driver)
    shot("receipt")

    assert "PAID" in paid["status"] and paid["method"] == "카드" and paid["amount"] == "50,000원"
    status = stack.status(paid["payToken"], user_key, paid["order-no"])
    assert status["payStatus"] == "PAY_COMPLETE"
    assert status["payMethod"] == "CARD"
    assert status["card"]["cardCompanyCode"] == 4
    assert status["card"]["spreadOut"] == 3


def test_closing_the_window_resolves_false_and_cancels(driver, stack, user_key, shot):
    open_mini_app(driver, stack, user_key)
    token = stack.make_payment(user_key, amount=3000)
    start_checkout(driver, "TossPay.checkoutPayment", {"payToken": token})
    enter_checkout(driver)
    shot("checkout")
    driver.find_element(*by_testid("checkout-cancel")).click()

    outcome = checkout_outcome(driver)
    assert outcome["success"] is False
    assert isinstance(outcome.get("reason"), str) and outcome["reason"]
    leave_checkout(driver)
    shot("closed")
    assert stack.status(token, user_key)["payStatus"] == "PAY_CANCEL"


def test_mini_app_shows_the_reason_when_the_buyer_closes(driver, stack, user_key, shot):
    open_mini_app(driver, stack, user_key, product="cheesecake")
    driver.find_element(*by_testid("buy")).click()
    enter_checkout(driver)
    driver.find_element(*by_testid("checkout-cancel")).click()
    leave_checkout(driver)
    failure = wait(driver).until(EC.visibility_of_element_located(by_testid("failure")))
    reason = driver.find_element(*by_testid("failure-reason")).text
    shot("failure")
    assert reason
    assert not driver.find_element(*by_testid("receipt")).is_displayed()
    token = failure.get_attribute("data-pay-token")
    order_no = driver.find_element(By.TAG_NAME, "body").get_attribute("data-order-no")
    assert stack.status(token, user_key, order_no)["payStatus"] == "PAY_CANCEL"


def test_escape_on_the_mini_apps_side_cancels_through_the_window(driver, stack, user_key, shot):
    open_mini_app(driver, stack, user_key)
    token = stack.make_payment(user_key, amount=2500)
    start_checkout(driver, "TossPay.checkoutPayment", {"payToken": token})
    enter_checkout(driver)
    driver.switch_to.default_content()
    shot("overlay")
    # The overlay draws no close control of its own (the window's 닫기 is the one); Escape
    # reaching the mini-app's page asks the window to cancel, which reports as its 닫기 does.
    assert not driver.find_elements(*by_testid("tosspay-overlay-close"))
    driver.execute_script(
        "document.querySelector('[data-testid=\"tosspay-overlay\"]').firstChild"
        ".dispatchEvent(new KeyboardEvent('keydown', {key: 'Escape', bubbles: true}))"
    )
    outcome = checkout_outcome(driver)
    assert outcome["success"] is False and outcome["reason"]
    assert not driver.find_elements(*by_testid("tosspay-overlay"))
    assert stack.status(token, user_key)["payStatus"] == "PAY_CANCEL"


def test_escape_key_closes_the_window(driver, stack, user_key, shot):
    open_mini_app(driver, stack, user_key)
    token = stack.make_payment(user_key, amount=2000)
    start_checkout(driver, "TossPay.checkoutPayment", {"payToken": token})
    enter_checkout(driver)
    shot("checkout")
    ActionChains(driver).send_keys(Keys.ESCAPE).perform()
    outcome = checkout_outcome(driver)
    assert outcome["success"] is False and outcome["reason"]
    assert stack.status(token, user_key)["payStatus"] == "PAY_CANCEL"


def test_expired_token_shows_a_notice_and_cannot_be_paid(driver, stack, user_key, shot):
    open_mini_app(driver, stack, user_key)
    token = stack.make_payment(user_key, amount=1500)
    stack.advance_clock(901)
    assert stack.status(token, user_key)["payStatus"] == "PAY_CANCEL"

    start_checkout(driver, "TossPay.checkoutPayment", {"payToken": token})
    enter_checkout(driver)
    notice = wait(driver).until(EC.visibility_of_element_located(by_testid("checkout-notice")))
    shot("expired-notice")
    assert "지났" in notice.text  # 결제 시간이 지났어요
    assert driver.find_element(*by_testid("checkout-result")).get_attribute("data-status") == "EXPIRED"
    for testid in ("checkout-confirm", "method-TOSS_MONEY", "method-CARD"):
        assert not driver.find_elements(*by_testid(testid)), testid

    # Nothing can pay it: not the checkout window's authorize action, not execute.
    _, answer = stack.request(
        f"{stack.tosspay.url}/checkout/{token}/authorize", {"payToken": token, "payMethod": "TOSS_MONEY"},
        {"x-toss-user-key": user_key},
    )
    assert answer["resultType"] == "FAIL"
    _, answer = stack.partner("execute-payment", {"payToken": token, "isTestPayment": True}, user_key)
    assert answer["resultType"] == "FAIL"

    driver.find_element(*by_testid("checkout-cancel")).click()
    outcome = checkout_outcome(driver)
    assert outcome["success"] is False and outcome["reason"]
    leave_checkout(driver)
    assert stack.status(token, user_key)["payStatus"] == "PAY_CANCEL"



def test_unknown_token_shows_a_notice_and_resolves_false(driver, stack, user_key, shot):
    open_mini_app(driver, stack, user_key)
    start_checkout(driver, "TossPay.checkoutPayment", {"payToken": "unknownToken0000000000"})
    enter_checkout(driver)
    wait(driver).until(EC.visibility_of_element_located(by_testid("checkout-notice")))
    shot("not-found-notice")
    assert driver.find_element(*by_testid("checkout-result")).get_attribute("data-status") == "NOT_FOUND"
    assert not driver.find_elements(*by_testid("checkout-confirm"))
    driver.find_element(*by_testid("checkout-cancel")).click()
    outcome = checkout_outcome(driver)
    assert outcome["success"] is False and outcome["reason"]
    _, answer = stack.partner(
        "get-payment-status", {"payToken": "unknownToken0000000000", "orderNo": "browser-unknown", "isTestPayment": True}, user_key
    )
    assert answer["error"]["errorCode"] == "TRANSACTION_NOT_FOUND"

def test_card_only_payment_hides_toss_money(driver, stack, user_key, shot):
    open_mini_app(driver, stack, user_key)
    token = stack.make_payment(user_key, amount=12000, enablePayMethods="CARD")
    start_checkout(driver, "TossPay.checkoutPayment", {"payToken": token})
    enter_checkout(driver)
    wait(driver).until(EC.visibility_of_element_located(by_testid("card-1")))
    shot("card-only")
    assert not driver.find_elements(*by_testid("method-TOSS_MONEY"))
    assert driver.find_element(*by_testid("method-CARD")).find_element(By.TAG_NAME, "input").is_selected()
    driver.find_element(*by_testid("card-1")).click()
    driver.find_element(*by_testid("checkout-confirm")).click()

    assert checkout_outcome(driver) == {"success": True}
    status = stack.status(token, user_key)
    assert status["payStatus"] == "PAY_APPROVED"
    assert status["payMethod"] == "CARD"


@pytest.mark.parametrize("call, options", [
    ("TossPay.checkoutPayment", "params"),
    ("TossPay.authorize", "flat"),
    ("checkoutPayment", "flat"),
])
def test_sdk_call_forms(driver, stack, user_key, shot, call, options):
    open_mini_app(driver, stack, user_key)
    token = stack.make_payment(user_key, amount=1000)
    start_checkout(driver, call, {"params": {"payToken": token}} if options == "params" else {"payToken": token})
    enter_checkout(driver)
    shot("checkout")
    driver.find_element(*by_testid("checkout-confirm")).click()
    assert checkout_outcome(driver) == {"success": True}
    leave_checkout(driver)
    assert stack.status(token, user_key)["payStatus"] == "PAY_APPROVED"


def test_no_installment_under_50000(driver, stack, user_key, shot):
    open_mini_app(driver, stack, user_key)
    token = stack.make_payment(user_key, amount=49_999)
    start_checkout(driver, "TossPay.checkoutPayment", {"payToken": token})
    enter_checkout(driver)
    driver.find_element(*by_testid("method-CARD")).click()
    wait(driver).until(EC.visibility_of_element_located(by_testid("card-4"))).click()
    shot("card-no-installment")
    assert not driver.find_elements(*by_testid("installment"))
    driver.find_element(*by_testid("checkout-confirm")).click()
    assert checkout_outcome(driver) == {"success": True}
    _, executed = stack.partner("execute-payment", {"payToken": token, "isTestPayment": True}, user_key)
    assert executed["resultType"] == "SUCCESS", executed
    status = stack.status(token, user_key)
    assert status["payStatus"] == "PAY_COMPLETE"
    assert status["card"]["spreadOut"] == 0


def focused_testid(driver):
    return driver.execute_script("return document.activeElement && document.activeElement.getAttribute('data-testid')")


def tab_to(driver, testid, limit=25):
    for _ in range(limit):
        if focused_testid(driver) == testid:
            return
        ActionChains(driver).send_keys(Keys.TAB).perform()
    raise AssertionError(f"Tab never reached {testid}; focus is on {focused_testid(driver)}")


def test_keyboard_only_purchase(driver, stack, user_key, shot):
    open_mini_app(driver, stack, user_key, product="americano")
    tab_to(driver, "buy")
    ActionChains(driver).send_keys(Keys.ENTER).perform()
    enter_checkout(driver)
    tab_to(driver, "checkout-confirm")
    shot("confirm-focused")
    ActionChains(driver).send_keys(Keys.ENTER).perform()
    leave_checkout(driver)
    paid = receipt(driver)
    shot("receipt")
    assert "PAID" in paid["status"]
    assert stack.status(paid["payToken"], user_key, paid["order-no"])["payStatus"] == "PAY_COMPLETE"


def test_focus_stays_in_the_overlay_while_it_is_open(driver, stack, user_key, shot):
    open_mini_app(driver, stack, user_key)
    token = stack.make_payment(user_key, amount=1000)
    start_checkout(driver, "TossPay.checkoutPayment", {"payToken": token})
    enter_checkout(driver)
    driver.switch_to.default_content()
    inside = "var a = document.activeElement, o = document.querySelector('[data-testid=\"tosspay-overlay\"]'); return !!(o && a && o.contains(a));"
    driver.execute_script("document.querySelector('[data-testid=\"tosspay-frame\"]').focus()")
    for _ in range(6):
        ActionChains(driver).send_keys(Keys.TAB).perform()
        driver.switch_to.default_content()
        assert driver.execute_script(inside), f"Tab left the overlay: {focused_testid(driver)}"
    for _ in range(3):
        ActionChains(driver).key_down(Keys.SHIFT).send_keys(Keys.TAB).key_up(Keys.SHIFT).perform()
        driver.switch_to.default_content()
        assert driver.execute_script(inside), f"Shift+Tab left the overlay: {focused_testid(driver)}"
    # A script (or a stray click) focusing the mini-app's button is sent back to the window.
    driver.execute_script("document.querySelector('[data-testid=\"buy\"]').focus()")
    assert driver.execute_script(inside)
    shot("focus-trapped")
    # Escape, wherever focus is in the dialog, closes it like the window's 닫기.
    ActionChains(driver).send_keys(Keys.ESCAPE).perform()
    outcome = checkout_outcome(driver)
    assert outcome["success"] is False
    assert stack.status(token, user_key)["payStatus"] == "PAY_CANCEL"
    # Once closed, focus may go anywhere again.
    driver.execute_script("document.querySelector('[data-testid=\"buy\"]').focus()")
    assert focused_testid(driver) == "buy"


def test_closing_after_approval_keeps_the_payment_approved(driver, stack, user_key, shot):
    # The checkout window opened on its own (as a popup or a link would show it).
    token = stack.make_payment(user_key, amount=1000)
    driver.get(f"{stack.tosspay.url}/checkout/{token}")
    wait(driver).until(EC.element_to_be_clickable(by_testid("checkout-confirm"))).click()
    wait(driver).until(EC.text_to_be_present_in_element_attribute(by_testid("checkout-result"), "data-status", "ok"))
    assert stack.status(token, user_key)["payStatus"] == "PAY_APPROVED"
    shot("approved")

    driver.find_element(*by_testid("checkout-cancel")).click()
    # A page that (wrongly) cancels says so once the server answered; a fixed page ignores the click.
    try:
        wait(driver, 3).until(EC.text_to_be_present_in_element_attribute(by_testid("checkout-result"), "data-status", "cancelled"))
    except TimeoutException:
        pass
    shot("after-close")
    assert stack.status(token, user_key)["payStatus"] == "PAY_APPROVED"
