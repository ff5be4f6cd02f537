"""The console (`/console`, SPEC §6) in headless Chromium: a merchant signs in with its key,
filters its payments, refunds one, and issues new keys. Every outcome is checked on the server
through the partner API, not only on the page."""

import base64
import os
import shutil
import uuid

from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import Select

from conftest import DOCS_SCREENSHOTS, Stack, by_testid, no_horizontal_overflow, wait


def basic(key: str) -> dict:
    return {"Authorization": "Basic " + base64.b64encode(f"{key}:".encode()).decode()}


def new_merchant(stack: Stack) -> dict:
    status, answer = stack.request(stack.tosspay.url + "/sandbox/v1/merchants", {"name": "브라우저 콘솔 가맹점"})
    assert answer["resultType"] == "SUCCESS", answer
    return answer["success"]


def paid_payment(stack: Stack, key: str, user_key: str, amount: int) -> tuple:
    order_no = "console-" + uuid.uuid4().hex[:16]
    body = {"orderNo": order_no, "productDesc": "콘솔 상품", "amount": amount, "amountTaxFree": 0, "isTestPayment": True}
    _, made = stack.request(stack.tosspay.url + Stack.PARTNER + "make-payment", body, dict(basic(key), **{"x-toss-user-key": user_key}))
    assert made["resultType"] == "SUCCESS", made
    token = made["success"]["payToken"]
    _, approved = stack.request(stack.tosspay.url + "/sandbox/v1/checkout/authorize", {"payToken": token, "payMethod": "TOSS_MONEY"},
                                dict(basic(key), **{"x-toss-user-key": user_key}))
    assert approved["resultType"] == "SUCCESS", approved
    _, executed = stack.request(stack.tosspay.url + Stack.PARTNER + "execute-payment", {"payToken": token, "isTestPayment": True},
                                dict(basic(key), **{"x-toss-user-key": user_key}))
    assert executed["resultType"] == "SUCCESS", executed
    return token, order_no


def status_with_key(stack: Stack, key: str, token: str, order_no: str, user_key: str) -> dict:
    """get-payment-status by the payment's payToken and orderNo (both required)."""
    _, answer = stack.request(stack.tosspay.url + Stack.PARTNER + "get-payment-status",
                              {"payToken": token, "orderNo": order_no, "isTestPayment": True},
                              dict(basic(key), **{"x-toss-user-key": user_key}))
    assert answer["resultType"] == "SUCCESS", answer
    return answer["success"]


def sign_in(driver, stack: Stack, key: str) -> None:
    driver.get(stack.tosspay.url + "/console")
    field = wait(driver).until(EC.element_to_be_clickable(by_testid("console-api-key")))
    field.send_keys(key)
    field.send_keys(Keys.ENTER)  # the keyboard alone signs in
    wait(driver).until(EC.presence_of_element_located(by_testid("merchant-id")))


def test_sign_in_filter_and_refund_part_of_a_payment(driver, stack, user_key, shot):
    merchant = new_merchant(stack)
    key = merchant["testApiKey"]
    token, order_no = paid_payment(stack, key, user_key, 10_000)
    waiting_token = stack.make_payment(user_key)  # the sandbox merchant's: never listed here

    sign_in(driver, stack, key)
    assert driver.find_element(*by_testid("merchant-id")).text == merchant["merchantId"]
    assert no_horizontal_overflow(driver)
    shot("workspace")
    rows = [row.get_attribute("data-pay-token") for row in driver.find_elements(*by_testid("console-payment-row"))]
    assert rows == [token]
    assert waiting_token not in driver.page_source

    Select(driver.find_element(*by_testid("console-filter-status"))).select_by_value("PAY_STANDBY")
    driver.find_element(*by_testid("console-filter-apply")).click()
    wait(driver).until(EC.presence_of_element_located(by_testid("console-no-payments")))
    Select(driver.find_element(*by_testid("console-filter-status"))).select_by_value("PAY_COMPLETE")
    driver.find_element(*by_testid("console-filter-apply")).click()
    link = wait(driver).until(EC.element_to_be_clickable((By.LINK_TEXT, order_no)))
    shot("filtered")
    link.click()

    amount = wait(driver).until(EC.element_to_be_clickable(by_testid("console-refund-amount")))
    amount.send_keys("4000")
    driver.find_element(*by_testid("console-refund-reason")).send_keys("부분 환불")
    shot("refund-form")
    driver.find_element(*by_testid("console-refund-submit")).click()
    wait(driver).until(EC.presence_of_element_located(by_testid("console-notice")))
    assert len(driver.find_elements(*by_testid("console-transaction"))) == 2
    assert no_horizontal_overflow(driver)
    path = shot("refunded")
    readme_image = DOCS_SCREENSHOTS / "console-360.png"
    if not readme_image.exists() or os.environ.get("UPDATE_DOCS_SCREENSHOTS") == "1":
        readme_image.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(path, readme_image)

    # Back and submit the same form again (same refundNo): still one refund.
    driver.back()
    driver.back()
    if driver.find_elements(*by_testid("console-refund-submit")):
        driver.find_element(*by_testid("console-refund-amount")).clear()
        driver.find_element(*by_testid("console-refund-amount")).send_keys("4000")
        driver.find_element(*by_testid("console-refund-reason")).send_keys("부분 환불")
        driver.find_element(*by_testid("console-refund-submit")).click()
        wait(driver).until(EC.presence_of_element_located(by_testid("console-payment-details")))

    status = status_with_key(stack, key, token, order_no, user_key)
    assert status["payStatus"] == "REFUND_SUCCESS"
    refunds = [step for step in status["transactions"] if step["stepType"] == "REFUND"]
    assert len(refunds) == 1, status


def test_a_refund_over_the_refundable_amount_is_refused_on_the_page(driver, stack, user_key, shot):
    merchant = new_merchant(stack)
    key = merchant["testApiKey"]
    token, order_no = paid_payment(stack, key, user_key, 5_000)
    sign_in(driver, stack, key)
    driver.get(stack.tosspay.url + "/console/payments/" + token)
    wait(driver).until(EC.element_to_be_clickable(by_testid("console-refund-amount"))).send_keys("5001")
    driver.find_element(*by_testid("console-refund-reason")).send_keys("너무 많이")
    driver.find_element(*by_testid("console-refund-submit")).click()
    error = wait(driver).until(EC.presence_of_element_located(by_testid("console-error")))
    assert "COMMON_INVALID_PARAMETER" in error.text
    shot("refused")
    assert status_with_key(stack, key, token, order_no, user_key)["payStatus"] == "PAY_COMPLETE"


def test_new_keys_are_shown_once_and_work(driver, stack, user_key, shot):
    merchant = new_merchant(stack)
    sign_in(driver, stack, merchant["testApiKey"])
    driver.find_element(*by_testid("console-issue-keys")).click()
    new_test_key = wait(driver).until(EC.presence_of_element_located(by_testid("console-new-test-key"))).text
    new_live_key = driver.find_element(*by_testid("console-new-live-key")).text
    assert new_test_key.startswith("sk_test_") and new_live_key.startswith("sk_live_")
    shot("new-keys")
    token, order_no = paid_payment(stack, new_test_key, user_key, 1_000)
    assert status_with_key(stack, merchant["testApiKey"], token, order_no, user_key)["payStatus"] == "PAY_COMPLETE"
    driver.get(stack.tosspay.url + "/console")
    wait(driver).until(EC.presence_of_element_located(by_testid("console-keys")))
    assert new_test_key not in driver.page_source
    assert len(driver.find_elements(By.CSS_SELECTOR, '[data-testid="console-keys"] tr')) == 4
