"""The console's request log (요청 로그, the request inspector) in headless Chromium at 360 px: a
merchant's API requests appear within a second or so, masked, openable, and filterable; another
merchant's never do."""

import time
import uuid

from selenium.webdriver.support import expected_conditions as EC

from conftest import Stack, by_testid, no_horizontal_overflow, wait
from test_console import basic, new_merchant, sign_in

POLL_SECONDS = 20  # generous: the server stores its queue every 100 ms


def make_payment(stack: Stack, key: str, user_key: str, order_no: str) -> str:
    body = {"orderNo": order_no, "productDesc": "요청 로그 상품", "amount": 1000, "amountTaxFree": 0, "isTestPayment": True}
    _, made = stack.request(stack.tosspay.url + Stack.PARTNER + "make-payment", body, dict(basic(key), **{"x-toss-user-key": user_key}))
    assert made["resultType"] == "SUCCESS", made
    return made["success"]["payToken"]


def rows_after_reload(driver, count: int):
    """Reloads the page until it lists at least `count` requests."""
    deadline = time.monotonic() + POLL_SECONDS
    while True:
        rows = driver.find_elements(*by_testid("console-request-row"))
        if len(rows) >= count or time.monotonic() > deadline:
            return rows
        time.sleep(0.2)
        driver.refresh()


def test_requests_appear_masked_and_filter_at_360(driver, stack, user_key, shot):
    merchant = new_merchant(stack)
    key = merchant["testApiKey"]
    order_no = "log-" + uuid.uuid4().hex[:12]
    token = make_payment(stack, key, user_key, order_no)
    # The same orderNo again: refused after authentication, so recorded with its status and code.
    body = {"orderNo": order_no, "productDesc": "요청 로그 상품", "amount": 1000, "amountTaxFree": 0, "isTestPayment": True, "apiKey": key}
    status, refused = stack.request(stack.tosspay.url + Stack.PARTNER + "make-payment", body, {"x-toss-user-key": user_key})
    assert status == 400 and refused["resultType"] == "FAIL", refused
    other = new_merchant(stack)
    other_order = "other-" + uuid.uuid4().hex[:12]
    make_payment(stack, other["testApiKey"], user_key, other_order)

    sign_in(driver, stack, key)
    driver.find_element(*by_testid("console-requests-link")).click()
    wait(driver).until(EC.presence_of_element_located(by_testid("console-requests-filters")))
    rows = rows_after_reload(driver, 2)
    assert len(rows) == 2, driver.page_source
    assert no_horizontal_overflow(driver)
    assert other_order not in driver.page_source
    shot("request-log")

    newest = rows[0]
    assert newest.get_attribute("data-status") == "400"
    assert newest.find_element(*by_testid("console-request-error")).text
    newest.find_element("css selector", "summary").click()
    request_body = wait(driver).until(EC.visibility_of(newest.find_element(*by_testid("console-request-body")))).text
    assert '"apiKey":"sk_test_****"' in request_body
    assert key not in driver.page_source and key[8:] not in driver.page_source
    headers = rows[1].get_attribute("textContent")
    assert "Basic ****" in headers and token in headers
    assert no_horizontal_overflow(driver)
    shot("request-opened")

    driver.find_element(*by_testid("console-requests-status")).send_keys("200")
    driver.find_element(*by_testid("console-requests-apply")).click()
    wait(driver).until(EC.url_contains("status=200"))
    rows = driver.find_elements(*by_testid("console-request-row"))
    assert [row.get_attribute("data-status") for row in rows] == ["200"]
    shot("filtered")

    driver.find_element(*by_testid("console-requests-status")).clear()
    driver.find_element(*by_testid("console-requests-status")).send_keys("abc")
    driver.find_element(*by_testid("console-requests-apply")).click()
    wait(driver).until(EC.presence_of_element_located(by_testid("console-error")))
    assert no_horizontal_overflow(driver)
