"""The checkout window on a 360 × 640 phone (issue 15 part 5): the pay button stays on screen
while the card list is open (a sticky footer), the window's 닫기 (or Escape) is the one close
control — the SDK draws no ✕ of its own — and changing points shows Core's figures from
`POST /checkout/{payToken}/quote`, never figures the page computed."""

import os
import shutil
import uuid
from pathlib import Path

import pytest
from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support import expected_conditions as EC

from conftest import (
    CHROMEDRIVER, CHROMIUM, DOCS_SCREENSHOTS, WAIT, by_testid, checkout_outcome, enter_checkout, leave_checkout, no_horizontal_overflow,
    start_checkout, wait,
)

PHONE_WIDTH, PHONE_HEIGHT = 360, 640


@pytest.fixture
def driver():
    """Headless Chromium as conftest's, but with a 360 × 640 viewport (conftest's is 360 × 800);
    it replaces conftest's `driver` in this module, so `shot` photographs this one."""
    options = webdriver.ChromeOptions()
    if Path(CHROMIUM).exists():
        options.binary_location = CHROMIUM
    for argument in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage",
                     f"--window-size={PHONE_WIDTH},{PHONE_HEIGHT}", "--lang=ko-KR", "--disable-gpu"):
        options.add_argument(argument)
    options.add_experimental_option(
        "mobileEmulation", {"deviceMetrics": {"width": PHONE_WIDTH, "height": PHONE_HEIGHT, "pixelRatio": 1.0}}
    )
    browser = webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)
    browser.set_script_timeout(WAIT)
    browser.set_page_load_timeout(30)
    try:
        yield browser
    finally:
        browser.quit()


@pytest.fixture
def phone(driver):
    """The 360 × 640 browser."""
    return driver


def open_mini_app(driver, stack, user_key, product=None):
    url = f"{stack.merchant.url}/?userKey={user_key}"
    if product:
        url += f"&product={product}"
    driver.get(url)
    wait(driver).until(EC.element_to_be_clickable(by_testid("buy")))
    assert driver.execute_script("return [window.innerWidth, window.innerHeight]") == [PHONE_WIDTH, PHONE_HEIGHT]


def buyer_with_points(stack, points: int) -> str:
    user_key = "phone-" + uuid.uuid4().hex[:16]
    status, answer = stack.request(stack.tosspay.url + "/sandbox/v1/users", {"userKey": user_key, "points": points})
    assert answer["resultType"] == "SUCCESS", answer
    return user_key


def confirm_box_on_screen(driver) -> dict:
    """The pay button's box in the phone's viewport (the overlay frame's offset added), and
    whether it is the topmost element at its centre. Call from inside the checkout frame."""
    inner = driver.execute_script(
        """
        var b = document.querySelector('[data-testid="checkout-confirm"]').getBoundingClientRect();
        var x = b.left + b.width / 2, y = b.top + b.height / 2;
        var hit = document.elementFromPoint(x, y);
        return {top: b.top, bottom: b.bottom, left: b.left, right: b.right, height: b.height,
                topmost: !!hit && hit.closest('[data-testid="checkout-confirm"]') !== null,
                scrollable: document.scrollingElement.scrollHeight > window.innerHeight};
        """
    )
    driver.switch_to.default_content()
    frame = driver.execute_script(
        "var f = document.querySelector('[data-testid=\"tosspay-frame\"]').getBoundingClientRect();"
        "return {top: f.top, left: f.left, height: window.innerHeight, width: window.innerWidth};"
    )
    enter_checkout(driver)
    return {
        "top": frame["top"] + inner["top"], "bottom": frame["top"] + inner["bottom"],
        "left": frame["left"] + inner["left"], "right": frame["left"] + inner["right"],
        "viewport": (frame["width"], frame["height"]), "topmost": inner["topmost"], "scrollable": inner["scrollable"],
    }


def assert_confirm_in_view(driver, where: str) -> None:
    box = confirm_box_on_screen(driver)
    width, height = box["viewport"]
    assert (width, height) == (PHONE_WIDTH, PHONE_HEIGHT)
    assert 0 <= box["top"] < box["bottom"] <= height, f"{where}: pay button at {box} outside 0…{height}"
    assert 0 <= box["left"] < box["right"] <= width, f"{where}: pay button at {box} outside 0…{width}"
    assert box["topmost"], f"{where}: something covers the pay button"


def test_pay_button_stays_in_view_with_the_card_list_open(phone, stack, user_key, shot):
    driver = phone
    open_mini_app(driver, stack, user_key)
    token = stack.make_payment(user_key, amount=60_000)
    start_checkout(driver, "TossPay.checkoutPayment", {"payToken": token})
    enter_checkout(driver)
    assert_confirm_in_view(driver, "methods closed")

    driver.find_element(*by_testid("method-CARD")).click()
    wait(driver).until(EC.visibility_of_element_located(by_testid("card-10")))
    wait(driver).until(EC.visibility_of_element_located(by_testid("installment")))
    assert no_horizontal_overflow(driver)
    # The open list (nine cards and the installment choice) is taller than the phone.
    assert confirm_box_on_screen(driver)["scrollable"], "the card list should not fit 640 px"
    assert_confirm_in_view(driver, "card list open, at the top")
    path = shot("cards-open-top")
    readme_image = DOCS_SCREENSHOTS / "checkout-360x640-cards.png"
    if not readme_image.exists() or os.environ.get("UPDATE_DOCS_SCREENSHOTS") == "1":
        readme_image.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(path, readme_image)

    for card in ("card-5", "card-10"):
        driver.execute_script("arguments[0].scrollIntoView({block: 'center'})", driver.find_element(*by_testid(card)))
        assert_confirm_in_view(driver, f"scrolled to {card}")
    driver.execute_script("window.scrollTo(0, document.scrollingElement.scrollHeight)")
    assert_confirm_in_view(driver, "scrolled to the bottom")
    # At the bottom the last card is not hidden under the footer: it can be clicked.
    last = driver.find_element(*by_testid("card-10"))
    last.click()
    assert last.find_element(By.TAG_NAME, "input").is_selected()
    shot("cards-open-bottom")

    driver.find_element(*by_testid("checkout-confirm")).click()
    assert checkout_outcome(driver) == {"success": True}
    leave_checkout(driver)
    status = stack.status(token, user_key)
    assert status["payStatus"] == "PAY_APPROVED"
    assert status["payMethod"] == "CARD"


@pytest.mark.parametrize("how", ["close-button", "escape"])
def test_the_windows_close_is_the_one_close_control(phone, stack, user_key, shot, how):
    driver = phone
    open_mini_app(driver, stack, user_key, product="cheesecake")
    driver.find_element(*by_testid("buy")).click()
    enter_checkout(driver)

    # The window has one close control, 닫기; the overlay around it draws none (no ✕).
    closes = driver.find_elements(*by_testid("checkout-cancel"))
    assert len(closes) == 1 and closes[0].text == "닫기"
    assert "✕" not in driver.find_element(By.TAG_NAME, "body").text
    assert_confirm_in_view(driver, "cheesecake order")
    driver.switch_to.default_content()
    overlay = driver.find_element(*by_testid("tosspay-overlay"))
    assert overlay.find_elements(By.TAG_NAME, "button") == []
    assert "✕" not in driver.execute_script("return arguments[0].textContent", overlay)
    assert not driver.find_elements(*by_testid("tosspay-overlay-close"))
    enter_checkout(driver)
    shot("open")

    if how == "close-button":
        driver.find_element(*by_testid("checkout-cancel")).click()
    else:
        ActionChains(driver).send_keys(Keys.ESCAPE).perform()
    leave_checkout(driver)
    # The mini-app got the cancel the SDK reports: success false with a reason.
    failure = wait(driver).until(EC.visibility_of_element_located(by_testid("failure")))
    assert driver.find_element(*by_testid("failure-reason")).text
    shot("closed")
    token = failure.get_attribute("data-pay-token")
    order_no = driver.find_element(By.TAG_NAME, "body").get_attribute("data-order-no")
    assert stack.status(token, user_key, order_no)["payStatus"] == "PAY_CANCEL"


def record_quotes(driver) -> None:
    """Inside the checkout frame: keeps every /quote request body and answer in window.__quotes."""
    driver.execute_script(
        """
        window.__quotes = [];
        var original = window.fetch;
        window.fetch = function (url, init) {
          var answer = original.apply(this, arguments);
          if (String(url).indexOf('/quote') >= 0) {
            answer.then(function (response) { return response.clone().json(); }).then(function (json) {
              window.__quotes.push({ url: String(url), body: JSON.parse(init.body), answer: json });
            });
          }
          return answer;
        };
        """
    )


def type_points(driver, text: str) -> None:
    field = driver.find_element(*by_testid("points-input"))
    field.send_keys(Keys.CONTROL, "a")
    field.send_keys(Keys.BACKSPACE)
    field.send_keys(text)


def last_quote(driver, points) -> dict:
    """The answer of the last quote the page asked, once it asked one for `points` and showed it."""
    wait(driver).until(lambda d: d.execute_script(
        "var q = window.__quotes; return q.length > 0 && q[q.length - 1].body.points === arguments[0];", points
    ))
    wait(driver).until(lambda d: d.find_element(*by_testid("checkout-result")).get_attribute("data-status") in ("quoted", "error"))
    return driver.execute_script("return window.__quotes[window.__quotes.length - 1]")


def core_quote(stack, driver, token: str, points) -> dict:
    """Core's figures, asked directly with the page's own token."""
    page_token = driver.execute_script("return JSON.parse(document.getElementById('checkout-data').textContent).pageToken")
    _, answer = stack.request(
        f"{stack.tosspay.url}/checkout/{token}/quote", {"payToken": token, "points": points}, {"x-tosspay-page-token": page_token}
    )
    return answer


def won(value: int) -> str:
    return f"{value:,}원"


def test_changing_points_shows_the_quotes_figures(phone, stack, shot):
    driver = phone
    user_key = buyer_with_points(stack, 3_000)
    open_mini_app(driver, stack, user_key)
    token = stack.make_payment(user_key, amount=10_000)
    start_checkout(driver, "TossPay.checkoutPayment", {"payToken": token})
    enter_checkout(driver)
    record_quotes(driver)
    assert driver.find_element(*by_testid("checkout-amount")).text == "10,000원"

    type_points(driver, "1234")
    quoted = last_quote(driver, 1234)
    assert quoted["url"].endswith(f"/checkout/{token}/quote")
    core = core_quote(stack, driver, token, 1234)
    assert quoted["answer"] == core and core["resultType"] == "SUCCESS"
    figures = core["success"]
    assert figures["paidAmount"] == 8_766 and figures["pointAmount"] == 1_234
    assert driver.find_element(*by_testid("checkout-amount")).text == won(figures["paidAmount"])
    assert driver.find_element(*by_testid("checkout-confirm")).text == won(figures["paidAmount"]) + " 결제하기"
    assert driver.find_element(By.ID, "points-text").text == "-" + won(figures["pointAmount"])
    assert_confirm_in_view(driver, "points typed")
    shot("points-1234")

    # 전액 사용: the most Core allows.
    driver.find_element(*by_testid("points-all")).click()
    quoted = last_quote(driver, 3_000)
    assert quoted["answer"]["success"]["paidAmount"] == 7_000
    assert driver.find_element(*by_testid("checkout-amount")).text == "7,000원"

    # Over the balance: the quote's reason, and no paying with figures Core refused.
    type_points(driver, "3001")
    quoted = last_quote(driver, 3_001)
    assert quoted["answer"]["error"]["errorCode"] == "COMMON_INVALID_PARAMETER"
    result = driver.find_element(*by_testid("checkout-result"))
    assert result.get_attribute("data-status") == "error" and "보유한 토스 포인트" in result.text
    assert not driver.find_element(*by_testid("checkout-confirm")).is_enabled()
    assert driver.find_element(*by_testid("points-input")).get_attribute("aria-invalid") == "true"
    shot("points-over-balance")

    # Not a whole number: the page sends what was typed and shows the quote's refusal.
    type_points(driver, "1.5")
    quoted = last_quote(driver, 1.5)
    assert quoted["answer"]["error"]["errorCode"] == "COMMON_INVALID_PARAMETER"
    assert not driver.find_element(*by_testid("checkout-confirm")).is_enabled()

    type_points(driver, "2000")
    quoted = last_quote(driver, 2_000)
    assert quoted["answer"]["success"]["paidAmount"] == 8_000
    assert driver.find_element(*by_testid("checkout-confirm")).text == "8,000원 결제하기"
    driver.find_element(*by_testid("checkout-confirm")).click()
    assert checkout_outcome(driver) == {"success": True}
    leave_checkout(driver)
    _, executed = stack.partner("execute-payment", {"payToken": token, "isTestPayment": True}, user_key)
    assert executed["resultType"] == "SUCCESS", executed
    assert executed["success"]["paidAmount"] == 8_000
    assert executed["success"]["discountedAmount"] == 2_000


def test_points_that_bring_the_amount_under_50000_hide_installments(phone, stack, shot):
    driver = phone
    user_key = buyer_with_points(stack, 1_000)
    open_mini_app(driver, stack, user_key)
    token = stack.make_payment(user_key, amount=50_500)
    start_checkout(driver, "TossPay.checkoutPayment", {"payToken": token})
    enter_checkout(driver)
    record_quotes(driver)
    driver.find_element(*by_testid("method-CARD")).click()
    wait(driver).until(EC.visibility_of_element_located(by_testid("installment")))

    type_points(driver, "501")
    assert last_quote(driver, 501)["answer"]["success"]["installmentAvailable"] is False
    wait(driver).until(EC.invisibility_of_element_located(by_testid("installment")))
    shot("49999-no-installment")
    type_points(driver, "500")
    assert last_quote(driver, 500)["answer"]["success"]["installmentAvailable"] is True
    wait(driver).until(EC.visibility_of_element_located(by_testid("installment")))
    assert_confirm_in_view(driver, "installment shown again")
    driver.find_element(*by_testid("checkout-confirm")).click()
    assert checkout_outcome(driver) == {"success": True}
    assert stack.status(token, user_key)["payStatus"] == "PAY_APPROVED"
