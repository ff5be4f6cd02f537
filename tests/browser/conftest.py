"""Fixtures for the browser tests: a real `tosspay serve`, the example merchant server serving
the sample mini-app, and headless Chromium at 360 px wide.

Both servers are the debug binaries in `.build/debug` (`scripts/browser-tests.sh` builds them),
each with a temporary SQLite database on a free loopback port; they are stopped afterwards.
Screenshots of each step go to `test-output/screenshots/<test>/`.
"""

import json
import os
import re
import shutil
import socket
import subprocess
import tempfile
import time
import urllib.error
import urllib.request
import uuid
from pathlib import Path

import pytest

os.environ.setdefault("SE_AVOID_STATS", "true")  # never let selenium fetch a driver or phone home

from selenium import webdriver  # noqa: E402
from selenium.webdriver.chrome.service import Service  # noqa: E402
from selenium.webdriver.common.by import By  # noqa: E402
from selenium.webdriver.support import expected_conditions as EC  # noqa: E402
from selenium.webdriver.support.ui import WebDriverWait  # noqa: E402

ROOT = Path(__file__).resolve().parents[2]
OUTPUT = ROOT / "test-output"
SCREENSHOTS = OUTPUT / "screenshots"
DOCS_SCREENSHOTS = ROOT / "docs" / "screenshots"
CHROMEDRIVER = os.environ.get("CHROMEDRIVER", "/usr/bin/chromedriver")
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
WAIT = 15  # seconds for any one thing to happen in the browser
WIDTH, HEIGHT = 360, 800


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def binary(name: str) -> Path:
    path = ROOT / ".build" / "debug" / name
    if not path.exists():
        pytest.exit(f"{path} is missing: run `swift build --product {name}` (scripts/browser-tests.sh does)", returncode=2)
    return path


class Server:
    """A child process that answers `GET /health` on a loopback port."""

    def __init__(self, name: str, args: list, port: int, cwd: Path, env: dict):
        self.name = name
        self.url = f"http://127.0.0.1:{port}"
        (OUTPUT / "logs").mkdir(parents=True, exist_ok=True)
        self.log_path = OUTPUT / "logs" / f"{name}.log"
        self.log = open(self.log_path, "wb")
        self.process = subprocess.Popen(args, cwd=cwd, env=env, stdout=self.log, stderr=subprocess.STDOUT)
        self.wait_until_healthy()

    def wait_until_healthy(self, timeout: float = 30.0) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"{self.name} exited with {self.process.returncode}:\n{self.log_path.read_text(errors='replace')}")
            try:
                with urllib.request.urlopen(self.url + "/health", timeout=1) as response:
                    if response.status == 200:
                        return
            except OSError:
                pass
            time.sleep(0.1)
        self.stop()
        raise RuntimeError(f"{self.name} did not answer {self.url}/health within {timeout}s")

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=10)
        self.log.close()


class Stack:
    """The running tosspay and merchant server, with helpers that talk to them directly."""

    PARTNER = "/api-partner/v1/apps-in-toss/pay/"

    def __init__(self, tosspay: Server, merchant: Server):
        self.tosspay = tosspay
        self.merchant = merchant
        self.order_nos = {}  # payToken → orderNo of the payments make_payment made

    @staticmethod
    def request(url: str, body=None, headers=None, method=None):
        """(HTTP status, parsed JSON) of one request; non-2xx answers are returned, not raised."""
        data = None if body is None else json.dumps(body).encode()
        all_headers = {"Content-Type": "application/json"}
        all_headers.update(headers or {})
        request = urllib.request.Request(url, data=data, headers=all_headers, method=method or ("GET" if body is None else "POST"))
        try:
            with urllib.request.urlopen(request, timeout=10) as response:
                return response.status, json.loads(response.read() or b"null")
        except urllib.error.HTTPError as error:
            return error.code, json.loads(error.read() or b"null")

    def partner(self, endpoint: str, body: dict, user_key: str):
        return self.request(self.tosspay.url + self.PARTNER + endpoint, body, {"x-toss-user-key": user_key})

    def make_payment(self, user_key: str, amount: int = 1000, **fields) -> str:
        body = {
            "orderNo": "browser-" + uuid.uuid4().hex[:20], "productDesc": "브라우저 테스트 상품", "amount": amount,
            "amountTaxFree": 0, "isTestPayment": True,
        }
        body.update(fields)
        status, answer = self.partner("make-payment", body, user_key)
        assert answer["resultType"] == "SUCCESS", answer
        self.order_nos[answer["success"]["payToken"]] = body["orderNo"]
        return answer["success"]["payToken"]

    def status(self, pay_token: str, user_key: str, order_no: str = None) -> dict:
        """get-payment-status, the server-side truth every test checks. It requires the orderNo as
        well as the payToken: `order_no` defaults to the one make_payment used; for a payment the
        shop made, pass the shop's orderNo (the receipt's, or the page's `data-order-no`)."""
        order_no = order_no or self.order_nos.get(pay_token)
        assert order_no, f"get-payment-status needs the orderNo of {pay_token}: pass order_no"
        body = {"payToken": pay_token, "orderNo": order_no, "isTestPayment": True}
        _, answer = self.partner("get-payment-status", body, user_key)
        assert answer["resultType"] == "SUCCESS", answer
        return answer["success"]

    def order(self, order_no: str) -> dict:
        status, answer = self.request(self.merchant.url + "/my-api/orders/" + order_no)
        assert status == 200, answer
        return answer

    def advance_clock(self, seconds: int) -> dict:
        status, answer = self.request(self.tosspay.url + "/sandbox/v1/clock/advance", {"seconds": seconds})
        assert answer["resultType"] == "SUCCESS", answer
        return answer["success"]


@pytest.fixture(scope="session")
def stack():
    workdir = Path(tempfile.mkdtemp(prefix="tosspay-browser-"))
    env = {key: value for key, value in os.environ.items() if not key.startswith(("TOSSPAY_", "MERCHANT_", "MINI_APP_"))}
    tosspay_port = free_port()
    tosspay = Server(
        "tosspay", [str(binary("tosspay")), "serve", "--host", "127.0.0.1", "--port", str(tosspay_port),
                    "--database", str(workdir / "tosspay.sqlite")],
        tosspay_port, workdir, env,
    )
    merchant = None
    try:
        merchant_port = free_port()
        merchant_env = dict(env, MINI_APP_DIR=str(ROOT / "Examples" / "mini-app"))
        merchant = Server(
            "merchant-server", [str(binary("merchant-server")), "--host", "127.0.0.1", "--port", str(merchant_port),
                                "--database", str(workdir / "merchant.sqlite"), "--tosspay-url", tosspay.url],
            merchant_port, workdir, merchant_env,
        )
        yield Stack(tosspay, merchant)
    finally:
        if merchant is not None:
            merchant.stop()
        tosspay.stop()
        shutil.rmtree(workdir, ignore_errors=True)


@pytest.fixture
def driver():
    options = webdriver.ChromeOptions()
    if Path(CHROMIUM).exists():
        options.binary_location = CHROMIUM
    for argument in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", f"--window-size={WIDTH},{HEIGHT}",
                     "--lang=ko-KR", "--disable-gpu"):
        options.add_argument(argument)
    # A phone-sized viewport of exactly 360 px (a desktop window cannot be that narrow).
    options.add_experimental_option("mobileEmulation", {"deviceMetrics": {"width": WIDTH, "height": HEIGHT, "pixelRatio": 1.0}})
    browser = webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)
    browser.set_script_timeout(WAIT)
    browser.set_page_load_timeout(30)
    try:
        yield browser
    finally:
        browser.quit()


@pytest.fixture
def user_key() -> str:
    """A fresh sandbox buyer (1,000,000 won Toss Money, a card of every company)."""
    return "browser-" + uuid.uuid4().hex[:16]


@pytest.fixture
def shot(request, driver):
    """`shot("step")` saves a screenshot to test-output/screenshots/<test>/<nn>-step.png."""
    folder = SCREENSHOTS / re.sub(r"[^A-Za-z0-9_.-]+", "_", request.node.name)
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True, exist_ok=True)
    count = [0]

    def take(step: str) -> Path:
        count[0] += 1
        path = folder / f"{count[0]:02d}-{step}.png"
        driver.save_screenshot(str(path))
        return path

    return take


def wait(driver, timeout: float = WAIT) -> WebDriverWait:
    return WebDriverWait(driver, timeout)


def by_testid(testid: str):
    return (By.CSS_SELECTOR, f'[data-testid="{testid}"]')


def enter_checkout(driver):
    """Switches into the checkout window that the SDK opened as an overlay iframe."""
    driver.switch_to.default_content()
    frame = wait(driver).until(EC.presence_of_element_located(by_testid("tosspay-frame")))
    driver.switch_to.frame(frame)
    wait(driver).until(EC.presence_of_element_located((By.CSS_SELECTOR, '[data-testid="checkout-confirm"], [data-testid="checkout-notice"]')))


def leave_checkout(driver):
    """Back to the mini-app once the overlay is gone."""
    driver.switch_to.default_content()
    wait(driver).until(EC.invisibility_of_element_located(by_testid("tosspay-overlay")))


def start_checkout(driver, call: str, options: dict) -> None:
    """Calls the SDK (`call` e.g. `TossPay.checkoutPayment`) without waiting; the outcome (or a
    rejection, which must never happen) is kept for ``checkout_outcome``."""
    driver.execute_script(
        """
        var call = arguments[0], options = arguments[1];
        var fn = call.split('.').reduce(function (object, key) { return object[key]; }, window);
        window.__checkout = fn(options).then(
          function (result) { return { resolved: result }; },
          function (error) { return { rejected: String(error) }; });
        """,
        call, options,
    )


def checkout_outcome(driver) -> dict:
    """The promise's result object, returned through execute_async_script."""
    driver.switch_to.default_content()
    outcome = driver.execute_async_script(
        "var done = arguments[arguments.length - 1]; window.__checkout.then(done);"
    )
    assert "rejected" not in outcome, f"checkoutPayment rejected: {outcome}"
    return outcome["resolved"]


def no_horizontal_overflow(driver) -> bool:
    return driver.execute_script("return document.documentElement.scrollWidth <= window.innerWidth")
