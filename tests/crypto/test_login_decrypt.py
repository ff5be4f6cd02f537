"""Toss login's personal fields, decrypted by an independent implementation.

login-me's personal fields (SPEC §9) are standard base64 of IV (12 bytes) ‖ ciphertext ‖ GCM tag
(16 bytes), AES-256-GCM under the app's 32-byte key with the app's AAD (UTF-8). These tests read
them with the `cryptography` package (OpenSSL) — not with tosspay's Swift code — so a mistake
shared by the server's sealing and the Swift client's opening cannot pass unnoticed.

The server's base URL comes from TOSSPAY_CRYPTO_URL (scripts/crypto-tests.sh starts one).
Run alone:  TOSSPAY_CRYPTO_URL=http://127.0.0.1:8080 python3 -m pytest tests/crypto -q
"""
import base64
import datetime
import json
import os
import re
import urllib.error
import urllib.request
import uuid

import pytest
from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

BASE = os.environ.get("TOSSPAY_CRYPTO_URL", "http://127.0.0.1:8080").rstrip("/")
OAUTH = "/api-partner/v1/apps-in-toss/user/oauth2/"
FIELDS = ["name", "phone", "birthday", "ci", "gender", "nationality", "email"]


def request(method, path, body=None, headers=None):
    """One call; returns (status, parsed JSON body)."""
    data = json.dumps(body, ensure_ascii=False).encode() if body is not None else None
    sent = {"Content-Type": "application/json"} if data is not None else {}
    sent.update(headers or {})
    req = urllib.request.Request(BASE + path, data=data, headers=sent, method=method)
    try:
        with urllib.request.urlopen(req, timeout=10) as response:
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read() or b"null")


def success(status, body):
    assert status == 200, f"HTTP {status}: {body}"
    assert body["resultType"] == "SUCCESS", body
    return body["success"]


class App:
    """A merchant of these tests' own (an app in Toss login's terms) with its key and AAD."""

    def __init__(self, name):
        created = success(*request("POST", "/sandbox/v1/merchants", {"name": name}))
        self.merchant_id = created["merchantId"]
        key = created["testApiKey"]
        self.auth = {"Authorization": "Basic " + base64.b64encode(key.encode() + b":").decode()}
        settings = success(*request("GET", f"/sandbox/v1/merchants/{self.merchant_id}/login", headers=self.auth))
        self.key = base64.b64decode(settings["decryptionKey"], validate=True)
        self.aad = settings["aad"].encode("utf-8")

    def login_me(self, person):
        """The person logs in (sandbox authorize), the app exchanges the code and reads the user."""
        code = success(*request("POST", "/sandbox/v1/login/authorize", {"person": person}, self.auth))
        assert code["referrer"] == "SANDBOX"
        tokens = success(*request(
            "POST", OAUTH + "generate-token",
            {"authorizationCode": code["authorizationCode"], "referrer": code["referrer"]}, self.auth,
        ))
        return success(*request("GET", OAUTH + "login-me", headers={"Authorization": "Bearer " + tokens["accessToken"]}))


def split(field):
    """IV, ciphertext ‖ tag (what AESGCM.decrypt takes) of one field."""
    raw = base64.b64decode(field, validate=True)  # standard alphabet with padding, nothing else
    assert len(raw) >= 12 + 16, f"too short for IV and tag: {len(raw)} bytes"
    return raw[:12], raw[12:]


def decrypt(field, key, aad):
    iv, sealed = split(field)
    return AESGCM(key).decrypt(iv, sealed, aad).decode("utf-8")


@pytest.fixture(scope="module")
def apps():
    suffix = uuid.uuid4().hex[:6]
    return App("복호화 A " + suffix), App("복호화 B " + suffix)


@pytest.fixture(scope="module")
def person():
    return "복호화" + uuid.uuid4().hex[:6]


def test_the_app_key_is_aes_256(apps):
    for app in apps:
        assert len(app.key) == 32
        assert app.aad


def test_every_personal_field_decrypts_to_a_plausible_value(apps, person):
    app, _ = apps
    user = app.login_me(person)
    assert isinstance(user["userKey"], int) and 100_000_000 <= user["userKey"] <= 999_999_999
    assert user["di"] is None
    scope = user["scope"].split(",")
    assert "user_key" in scope
    clear = {name: decrypt(user[name], app.key, app.aad) for name in FIELDS}

    assert clear["name"] == person
    assert re.fullmatch(r"010\d{8}", clear["phone"]), clear["phone"]
    birthday = datetime.datetime.strptime(clear["birthday"], "%Y%m%d").date()
    assert 1960 <= birthday.year <= 2005
    assert len(clear["ci"]) == 88 and base64.b64decode(clear["ci"], validate=True)
    assert clear["gender"] in ("MALE", "FEMALE")
    assert clear["nationality"] in ("LOCAL", "FOREIGNER")
    assert re.fullmatch(r"[^@\s]+@[^@\s]+\.[a-z]+", clear["email"]), clear["email"]


def test_each_field_has_its_own_random_iv(apps, person):
    app, _ = apps
    first, second = app.login_me(person), app.login_me(person)
    ivs = [split(user[name])[0] for user in (first, second) for name in FIELDS]
    assert len(set(ivs)) == len(ivs), "an IV was reused under the same key"
    # Same clear text, different ciphertext.
    assert first["phone"] != second["phone"]
    assert decrypt(first["phone"], app.key, app.aad) == decrypt(second["phone"], app.key, app.aad)


def test_the_aad_and_the_tag_are_checked(apps, person):
    app, _ = apps
    field = app.login_me(person)["name"]
    with pytest.raises(InvalidTag):
        decrypt(field, app.key, app.aad + b"x")
    with pytest.raises(InvalidTag):
        decrypt(field, app.key, b"")
    raw = bytearray(base64.b64decode(field))
    raw[12] ^= 0x01  # first ciphertext byte
    with pytest.raises(InvalidTag):
        decrypt(base64.b64encode(bytes(raw)).decode(), app.key, app.aad)
    raw = bytearray(base64.b64decode(field))
    raw[-1] ^= 0x80  # last tag byte
    with pytest.raises(InvalidTag):
        decrypt(base64.b64encode(bytes(raw)).decode(), app.key, app.aad)


def test_each_app_reads_only_its_own_fields(apps, person):
    a, b = apps
    assert a.key != b.key
    user_a, user_b = a.login_me(person), b.login_me(person)
    # One person, two apps: two userKeys, the same personal data under two keys.
    assert user_a["userKey"] != user_b["userKey"]
    for name in FIELDS:
        assert decrypt(user_a[name], a.key, a.aad) == decrypt(user_b[name], b.key, b.aad)
        with pytest.raises(InvalidTag):
            decrypt(user_a[name], b.key, b.aad)
    # An app cannot read another app's key.
    status, body = request("GET", f"/sandbox/v1/merchants/{a.merchant_id}/login", headers=b.auth)
    assert status == 404 and body["resultType"] == "FAIL", (status, body)
