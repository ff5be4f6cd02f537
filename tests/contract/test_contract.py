"""Contract tests: a live tosspay server against docs/openapi.yaml.

Schemathesis (run by scripts/contract-tests.sh before these) fuzzes every operation, but random
input rarely completes a payment, so these tests walk the flows that fuzzing seldom reaches —
card and Toss Money payments through execute, partial and full refunds, status after each,
the sandbox controls, and every FAIL status the spec lists — and check each answer against the
spec's response schema, status codes and Content-Type.

The server's base URL comes from TOSSPAY_CONTRACT_URL (scripts/contract-tests.sh sets it).
Run alone:  TOSSPAY_CONTRACT_URL=http://127.0.0.1:8080 python3 -m pytest tests/contract -q
"""
import base64
import json
import os
import pathlib
import uuid

import pytest
import requests
import schemathesis

ROOT = pathlib.Path(__file__).resolve().parents[2]
SPEC_PATH = ROOT / "docs" / "openapi.yaml"
BASE = os.environ.get("TOSSPAY_CONTRACT_URL", "http://127.0.0.1:8080").rstrip("/")
PARTNER = "/api-partner/v1/apps-in-toss/pay"
BUYER = "contract-buyer-" + uuid.uuid4().hex[:8]

SCHEMA = schemathesis.openapi.from_path(str(SPEC_PATH))


def media_type(response):
    return response.headers.get("Content-Type", "").split(";")[0].strip().lower()


_MERCHANT_AUTH = {}


def merchant_auth():
    """Basic credentials of a merchant of these tests' own: its world (buyers, clock, promotions,
    maintenance windows) is its alone, so whatever the fuzzer did to the built-in sandbox
    merchant's world (promotions that discount everything, say) cannot change the flows."""
    if not _MERCHANT_AUTH:
        response = requests.post(BASE + "/sandbox/v1/merchants", json={"name": "계약 테스트"}, timeout=10)
        key = response.json()["success"]["testApiKey"]
        _MERCHANT_AUTH["Authorization"] = "Basic " + base64.b64encode(key.encode() + b":").decode()
    return dict(_MERCHANT_AUTH)


def acts_on_a_world(path):
    """Every partner call and sandbox control but merchant creation acts on the caller's world."""
    return path.startswith(PARTNER) or (path.startswith("/sandbox/v1/") and path != "/sandbox/v1/merchants")


def call(method, path, template=None, body=None, raw=None, user_key=BUYER, headers=None, content_type="application/json"):
    """Sends one request and checks the answer against the operation `template` (default: path).
    Partner calls and sandbox controls carry this module's merchant credentials unless `headers`
    has others."""
    sent = merchant_auth() if acts_on_a_world(path) else {}
    if content_type is not None:
        sent["Content-Type"] = content_type
    if user_key is not None:
        sent["x-toss-user-key"] = user_key
    sent.update(headers or {})
    data = raw if raw is not None else (json.dumps(body, ensure_ascii=False).encode() if body is not None else None)
    response = requests.request(method, BASE + path, data=data, headers=sent, timeout=10)
    operation = SCHEMA[template or path][method]
    documented = operation.definition.raw["responses"]
    assert str(response.status_code) in documented, f"{method} {path}: undocumented status {response.status_code}: {response.text[:300]}"
    spec_response = documented[str(response.status_code)]
    if "$ref" in spec_response:
        name = spec_response["$ref"].rsplit("/", 1)[-1]
        spec_response = SCHEMA.raw_schema["components"]["responses"][name]
    allowed = list(spec_response.get("content", {}).keys())
    assert media_type(response) in allowed, f"{method} {path}: Content-Type {response.headers.get('Content-Type')} not in {allowed}"
    operation.validate_response(response)
    return response


def success(response):
    envelope = response.json()
    assert response.status_code == 200 and envelope["resultType"] == "SUCCESS", response.text
    return envelope["success"]


def failure(response, status, code):
    envelope = response.json()
    assert response.status_code == status, response.text
    assert envelope["resultType"] == "FAIL" and envelope["error"]["errorCode"] == code, response.text
    return envelope["error"]


def order_no(prefix="contract"):
    return f"{prefix}-{uuid.uuid4().hex[:12]}"


def make(amount=1000, **extra):
    body = {"orderNo": order_no(), "productDesc": "계약 테스트 상품", "amount": amount, "amountTaxFree": 0, "isTestPayment": True}
    body.update(extra)
    return success(call("POST", f"{PARTNER}/make-payment", body=body))["payToken"], body


def authorize(token, **choice):
    body = {"payToken": token, "payMethod": "TOSS_MONEY"}
    body.update(choice)
    return success(call("POST", "/sandbox/v1/checkout/authorize", body=body))


def execute(token, **extra):
    return success(call("POST", f"{PARTNER}/execute-payment", body={"payToken": token, "isTestPayment": True, **extra}))


def status(token, order):
    """get-payment-status requires both identifiers: the payToken and the orderNo it was made with."""
    return success(call("POST", f"{PARTNER}/get-payment-status", body={"payToken": token, "orderNo": order, "isTestPayment": True}))


# ---- the document itself --------------------------------------------------------------------


def test_served_document_is_docs_openapi_yaml():
    response = requests.get(BASE + "/openapi.yaml", timeout=10)
    assert response.status_code == 200
    assert media_type(response) == "application/yaml"
    assert response.content == SPEC_PATH.read_bytes()


def test_every_operation_has_an_id_and_documents_its_statuses():
    for path, item in SCHEMA.raw_schema["paths"].items():
        for method, operation in item.items():
            if method == "parameters":
                continue
            assert operation.get("operationId"), f"{method} {path} has no operationId"
            assert "200" in operation["responses"], f"{method} {path} documents no 200"
            assert "500" in operation["responses"], f"{method} {path} documents no 500"


# ---- partner API flows ------------------------------------------------------------------------


def test_toss_money_flow_with_cash_receipt_and_partial_refunds():
    token, made = make(amount=25000, cashReceipt=True, cashReceiptTradeOption="CULTURE", enablePayMethods="TOSS_MONEY")
    waiting = status(token, made["orderNo"])
    assert waiting["payStatus"] == "PAY_STANDBY" and waiting["card"] is None and waiting["transactions"] == []
    assert (waiting["amountTaxable"], waiting["amountVat"]) == (22727, 2273)
    approved = authorize(token)
    assert approved["payStatus"] == "PAY_APPROVED" and approved["cardCompanyCode"] is None and approved["spreadOut"] == 0
    paid = execute(token, orderNo=made["orderNo"])
    assert paid["payMethod"] == "TOSS_MONEY" and paid["cardCompanyCode"] is None and paid["noInterest"] is None
    assert paid["cashReceiptMgtKey"] is not None and paid["accountBankCode"] == "092"
    refund_no = "r-" + uuid.uuid4().hex[:10]
    body = {"payToken": token, "reason": "부분 환불 (사이즈 교환)", "amount": 5000, "refundNo": refund_no, "isTestPayment": True}
    first = success(call("POST", f"{PARTNER}/refund-payment", body=body))
    assert first["refundNo"] == refund_no and first["refundableAmount"] == 20000
    again = success(call("POST", f"{PARTNER}/refund-payment", body=body))
    assert again == first
    failure(call("POST", f"{PARTNER}/refund-payment", body={**body, "amount": 4000}), 400, "REFUND_REFUND_NO_DUPLICATE")
    rest = success(call("POST", f"{PARTNER}/refund-payment", body={"payToken": token, "reason": "고객 변심", "isTestPayment": True}))
    assert rest["refundableAmount"] == 0 and rest["refundedAmount"] == 20000
    failure(call("POST", f"{PARTNER}/refund-payment", body={"payToken": token, "reason": "again", "isTestPayment": True}), 400, "REFUND_ALREADY_REFUNDED")
    final = status(token, made["orderNo"])
    assert final["payStatus"] == "REFUND_SUCCESS"
    assert [step["stepType"] for step in final["transactions"]] == ["PAY", "REFUND", "REFUND"]
    assert final["transactions"][1]["transactionAmount"] == -5000
    assert final["payToken"] == token and final["orderNo"] == made["orderNo"]


def test_card_flow_with_installments_has_the_guides_types():
    token, made = make(amount=60000, installment="USE", enablePayMethods="CARD")
    approved = authorize(token, payMethod="CARD", cardCompanyCode=4, spreadOut=3)
    assert approved["cardCompanyCode"] == 4 and approved["spreadOut"] == 3
    paid = execute(token)
    assert (paid["cardCompanyCode"], paid["spreadOut"], paid["noInterest"]) == ("4", "3", "false")
    assert paid["accountNumber"] is None and paid["salesCheckLinkUrl"].endswith("/sales-check/" + token)
    card = status(token, made["orderNo"])["card"]
    assert (card["cardCompanyCode"], card["spreadOut"], card["noInterest"]) == (4, 3, False)
    slip = call("GET", f"/sales-check/{token}", template="/sales-check/{payToken}", user_key=None, content_type=None)
    assert slip.status_code == 200
    page = call("GET", f"/checkout/{token}", template="/checkout/{payToken}", user_key=None, content_type=None)
    assert page.status_code == 409
    refund = success(call("POST", f"{PARTNER}/refund-payment", body={"payToken": token, "reason": "부분 환불", "amount": 20000, "isTestPayment": True}))
    assert refund["cardNumber"] == paid["cardNumber"] and refund["accountBankCode"] is None


def test_checkout_pages_for_waiting_cancelled_and_unknown_payments():
    token, _ = make()
    assert call("GET", f"/checkout/{token}", template="/checkout/{payToken}", user_key=None, content_type=None).status_code == 200
    cancelled = success(call("POST", "/sandbox/v1/checkout/cancel", body={"payToken": token}, user_key=None))
    assert cancelled["payStatus"] == "PAY_CANCEL" and cancelled["payMethod"] is None and cancelled["spreadOut"] is None
    assert call("GET", f"/checkout/{token}", template="/checkout/{payToken}", user_key=None, content_type=None).status_code == 410
    assert call("GET", "/checkout/nope", template="/checkout/{payToken}", user_key=None, content_type=None).status_code == 404
    assert call("GET", "/sales-check/nope", template="/sales-check/{payToken}", user_key=None, content_type=None).status_code == 404
    failure(call("POST", f"{PARTNER}/execute-payment", body={"payToken": token, "isTestPayment": True}), 400, "COMMON_ITS_NOT_ABLE_TO_CHANGE_STATUS")


def test_business_rule_failures_match_the_spec():
    token, made = make()
    failure(call("POST", f"{PARTNER}/execute-payment", body={"payToken": token, "isTestPayment": True}), 400, "EXECUTE_PAY_NOT_APPROVED")
    failure(call("POST", f"{PARTNER}/execute-payment", body={"payToken": token, "isTestPayment": False}), 404, "TRANSACTION_NOT_FOUND")
    failure(call("POST", f"{PARTNER}/execute-payment", body={"payToken": token, "isTestPayment": True}, user_key="someone-else"), 400, "PAY_UNAUTHORIZED")
    failure(call("POST", f"{PARTNER}/make-payment", body=made), 400, "PAYMENT_EXISTING_PAYMENT")
    failure(call("POST", f"{PARTNER}/refund-payment", body={"payToken": token, "reason": "x", "isTestPayment": True}), 400, "COMMON_REFUND_ERROR")
    failure(call("POST", f"{PARTNER}/get-payment-status", body={"payToken": "unknown-token", "orderNo": made["orderNo"], "isTestPayment": True}), 404, "TRANSACTION_NOT_FOUND")


def test_status_requires_both_identifiers_naming_the_missing_one():
    token, made = make()
    other, _ = make()
    path = f"{PARTNER}/get-payment-status"
    assert status(token, made["orderNo"])["payToken"] == token
    error = failure(call("POST", path, body={"payToken": token, "isTestPayment": True}), 400, "COMMON_INVALID_PARAMETER")
    assert "orderNo" in error["reason"]
    error = failure(call("POST", path, body={"payToken": token, "orderNo": None, "isTestPayment": True}), 400, "COMMON_INVALID_PARAMETER")
    assert "orderNo" in error["reason"]
    error = failure(call("POST", path, body={"orderNo": made["orderNo"], "isTestPayment": True}), 400, "COMMON_INVALID_PARAMETER")
    assert "payToken" in error["reason"]
    error = failure(call("POST", path, body={"isTestPayment": True}), 400, "COMMON_INVALID_PARAMETER")
    assert "payToken" in error["reason"], "with both missing the reason names payToken first"
    failure(call("POST", path, body={"payToken": other, "orderNo": made["orderNo"], "isTestPayment": True}), 404, "TRANSACTION_NOT_FOUND")


@pytest.mark.parametrize("path", ["make-payment", "execute-payment", "refund-payment", "get-payment-status"])
def test_every_partner_fail_status_is_a_documented_envelope(path):
    full = f"{PARTNER}/{path}"
    failure(call("POST", full, body={"isTestPayment": True}), 400, "COMMON_INVALID_PARAMETER")
    failure(call("POST", full, raw=b"{}", content_type="text/plain"), 400, "COMMON_INVALID_PARAMETER")
    failure(call("POST", full, raw=b"[" * 40 + b"]" * 40), 400, "COMMON_INVALID_PARAMETER")
    failure(call("POST", full, body={"isTestPayment": True}, user_key=None), 400, "COMMON_INVALID_PARAMETER")
    failure(call("POST", full, raw=b'{"pad":"' + b"x" * 70000 + b'"}'), 413, "COMMON_INVALID_PARAMETER")
    bad_key = {"Authorization": "Basic " + base64.b64encode(b"sk_test_not_a_key:").decode()}
    failure(call("POST", full, body={"isTestPayment": True}, headers=bad_key), 401, "COMMON_INVALID_API_KEY")
    failure(call("POST", full, body={"isTestPayment": True}, headers={"Authorization": "Bearer x"}), 401, "COMMON_UNAUTHORIZED")
    # Fault injection reaches the statuses business rules cannot (429, 500) with a valid body.
    token, made = make()
    bodies = {
        "make-payment": {**made, "orderNo": order_no()},
        "execute-payment": {"payToken": token, "isTestPayment": True},
        "refund-payment": {"payToken": token, "reason": "x", "isTestPayment": True},
        "get-payment-status": {"payToken": token, "orderNo": made["orderNo"], "isTestPayment": True},
    }
    for code, status_code in [("COMMON_THROTTLED", 429), ("COMMON_SYSTEM_ERROR", 500), ("TRANSACTION_NOT_FOUND", 404), ("COMMON_UNAUTHORIZED", 401)]:
        failure(call("POST", full, body=bodies[path], headers={"x-tosspay-test-code": code}), status_code, code)


def test_unknown_route_is_a_404_envelope():
    response = requests.get(BASE + "/api-partner/v1/apps-in-toss/pay/make-payment", timeout=10)
    assert response.status_code == 404 and media_type(response) == "application/json"
    assert response.json()["error"]["reason"].startswith("존재하지 않는 API")


# ---- sandbox controls ---------------------------------------------------------------------------


def test_merchants_and_promotions():
    merchant = success(call("POST", "/sandbox/v1/merchants", body={"name": "계약 테스트 가맹점"}, user_key=None))
    key = {"Authorization": "Basic " + base64.b64encode(merchant["testApiKey"].encode() + b":").decode()}
    template = "/sandbox/v1/merchants/{merchantId}/promotions"
    path = f"/sandbox/v1/merchants/{merchant['merchantId']}/promotions"
    created = success(call("POST", path, template=template, body={"discountRate": 10, "maximumDiscount": 3000, "budget": 100000}, user_key=None, headers=key))
    assert created["discountAmount"] is None and created["active"] is True
    listed = success(call("GET", path, template=template, user_key=None, content_type=None, headers=key))
    assert [p["promotionId"] for p in listed["promotions"]] == [created["promotionId"]]
    failure(call("POST", path, template=template, body={"discountRate": 10, "discountAmount": 5}, user_key=None, headers=key), 400, "COMMON_INVALID_PARAMETER")
    failure(call("GET", "/sandbox/v1/merchants/m_unknown/promotions", template=template, user_key=None, content_type=None, headers=key), 404, "COMMON_INVALID_PARAMETER")
    # With another merchant's key (this module's), the merchant's world is not the caller's.
    failure(call("GET", path, template=template, user_key=None, content_type=None), 404, "COMMON_INVALID_PARAMETER")
    # A payment of that merchant gets the discount.
    made = {"orderNo": order_no(), "productDesc": "할인 상품", "amount": 10000, "amountTaxFree": 0, "isTestPayment": True}
    token = success(call("POST", f"{PARTNER}/make-payment", body=made, headers=key))["payToken"]
    approved = success(call("POST", "/sandbox/v1/checkout/authorize", body={"payToken": token, "payMethod": "TOSS_MONEY"}, headers=key))
    assert approved["promotionAmount"] == 1000
    # Another merchant's checkout control does not find it.
    failure(call("POST", "/sandbox/v1/checkout/cancel", body={"payToken": token}, user_key=None), 404, "TRANSACTION_NOT_FOUND")
    paid = success(call("POST", f"{PARTNER}/execute-payment", body={"payToken": token, "isTestPayment": True}, headers=key))
    assert (paid["discountedAmount"], paid["paidAmount"]) == (1000, 9000)


def test_users_clock_maintenance_and_settlement():
    key = "contract-user-" + uuid.uuid4().hex[:6]
    saved = success(call("POST", "/sandbox/v1/users", body={
        "userKey": key, "status": "PAUSED", "tossMoneyBalance": 5, "points": 300,
        "bankAccount": {"bankCode": "004", "accountNumber": "12345678901", "balance": 0},
        "cards": [{"cardCompanyCode": 3, "cardMethodType": "CHECK", "limit": 1000}],
    }, user_key=None))
    assert saved["status"] == "PAUSED" and saved["bankAccount"]["accountNumber"] == "123*****901"
    shown = success(call("GET", f"/sandbox/v1/users/{key}", template="/sandbox/v1/users/{userKey}", user_key=None, content_type=None))
    assert shown == saved
    failure(call("GET", "/sandbox/v1/users/" + "x" * 65, template="/sandbox/v1/users/{userKey}", user_key=None, content_type=None), 400, "COMMON_INVALID_PARAMETER")
    clock = success(call("GET", "/sandbox/v1/clock", user_key=None, content_type=None))
    windows = success(call("PUT", "/sandbox/v1/bank-maintenance", body={"windows": ["23:30-00:30"]}, user_key=None))
    assert windows["windows"] == ["23:30-00:30"]
    assert success(call("GET", "/sandbox/v1/bank-maintenance", user_key=None, content_type=None))["windows"] == ["23:30-00:30"]
    assert success(call("PUT", "/sandbox/v1/bank-maintenance", body={"windows": []}, user_key=None))["windows"] == []
    failure(call("PUT", "/sandbox/v1/bank-maintenance", body={"windows": ["25:00-01:00"]}, user_key=None), 400, "COMMON_INVALID_PARAMETER")
    token, made = make()
    authorize(token)
    execute(token)
    advanced = success(call("POST", "/sandbox/v1/clock/advance", body={"seconds": 366 * 86400}, user_key=None))
    assert advanced["offsetSeconds"] >= clock["offsetSeconds"] + 366 * 86400
    settled = success(call("POST", "/sandbox/v1/settlements/run", user_key=None, content_type=None))
    assert settled["settled"] >= 1
    assert status(token, made["orderNo"])["payStatus"] == "SETTLEMENT_COMPLETE"
    failure(call("POST", "/sandbox/v1/clock/advance", body={"seconds": 0}, user_key=None), 400, "COMMON_INVALID_PARAMETER")


def test_pages_health_metrics_and_sdk():
    assert success(call("GET", "/health", user_key=None, content_type=None)) == {"status": "UP"}
    for path in ["/sdk/tosspay.js", "/sdk/tosspay.d.ts", "/metrics", "/openapi.yaml"]:
        assert call("GET", path, user_key=None, content_type=None).status_code == 200


def test_free_text_lengths_count_characters_not_code_points():
    """The `x-max-characters` bounds of the spec: user-perceived characters, enforced exactly."""
    made = {"orderNo": order_no(), "amount": 1000, "amountTaxFree": 0, "isTestPayment": True}
    success(call("POST", f"{PARTNER}/make-payment", body={**made, "productDesc": "가" * 255}))
    failure(call("POST", f"{PARTNER}/make-payment", body={**made, "orderNo": order_no(), "productDesc": "가" * 256}), 400, "COMMON_INVALID_PARAMETER")
    # 100 characters of 2 code points each (e + combining acute) fit the 100-character name.
    success(call("POST", "/sandbox/v1/merchants", body={"name": "e\u0301" * 100}, user_key=None))
    failure(call("POST", "/sandbox/v1/merchants", body={"name": "e" * 101}, user_key=None), 400, "COMMON_INVALID_PARAMETER")
    # Decomposed Korean: 255 characters of 3 code points each.
    token, _ = make()
    authorize(token)
    execute(token)
    nfd = "\u1100\u1161\u11a8" * 255
    failure(call("POST", f"{PARTNER}/refund-payment", body={"payToken": token, "reason": nfd + "a", "isTestPayment": True}), 400, "COMMON_INVALID_PARAMETER")
    success(call("POST", f"{PARTNER}/refund-payment", body={"payToken": token, "reason": nfd, "isTestPayment": True}))
