#!/usr/bin/env bash
# Toss login's encrypted personal fields, decrypted with Python's `cryptography` (OpenSSL) rather
# than tosspay's own Swift code: starts .build/debug/tosspay on a free loopback port with a fresh
# SQLite file (sandbox open mode), runs tests/crypto with pytest, stops the server.
#
# Installs `cryptography` and `pytest` with pip when they are missing. Extra arguments go to
# pytest. Exits non-zero on any failure.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)

say() { printf '==> %s\n' "$*"; }

if ! python3 -c 'import cryptography.hazmat.primitives.ciphers.aead, pytest' >/dev/null 2>&1; then
    say "installing cryptography and pytest from PyPI"
    python3 -m pip install --quiet --disable-pip-version-check cryptography pytest \
        || python3 -m pip install --quiet --disable-pip-version-check --break-system-packages cryptography pytest
    python3 -c 'import cryptography.hazmat.primitives.ciphers.aead, pytest' \
        || { echo "crypto-tests: cryptography or pytest cannot be imported after pip install" >&2; exit 1; }
fi

BIN="$ROOT/.build/debug/tosspay"
if [[ ! -x "$BIN" ]]; then
    say "building tosspay"
    swift build --product tosspay
fi

WORK=$(mktemp -d "${TMPDIR:-/tmp}/tosspay-crypto.XXXXXX")
PORT=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()')
URL="http://127.0.0.1:$PORT"
SERVER_PID=""

stop_server() {
    if [[ -n "$SERVER_PID" ]] && kill -0 "$SERVER_PID" 2>/dev/null; then
        kill -TERM "$SERVER_PID" 2>/dev/null || true
        for _ in $(seq 50); do kill -0 "$SERVER_PID" 2>/dev/null || break; sleep 0.1; done
        kill -KILL "$SERVER_PID" 2>/dev/null || true
    fi
    SERVER_PID=""
}
trap 'stop_server; rm -rf "$WORK"' EXIT

say "starting $BIN on $URL (database $WORK/crypto.sqlite)"
env TOSSPAY_HTTP_HOST=127.0.0.1 TOSSPAY_HTTP_PORT="$PORT" TOSSPAY_DB_PATH="$WORK/crypto.sqlite" \
    TOSSPAY_LOG_LEVEL=warning "$BIN" serve >"$WORK/server.log" 2>&1 &
SERVER_PID=$!
for _ in $(seq 100); do
    if curl -fsS "$URL/health" >/dev/null 2>&1; then break; fi
    if ! kill -0 "$SERVER_PID" 2>/dev/null; then cat "$WORK/server.log" >&2; echo "crypto-tests: the server did not start" >&2; exit 1; fi
    sleep 0.1
done
curl -fsS "$URL/health" >/dev/null

say "pytest tests/crypto"
STATUS=0
TOSSPAY_CRYPTO_URL="$URL" python3 -m pytest tests/crypto -q -p no:cacheprovider "$@" || STATUS=$?
if [[ $STATUS -ne 0 ]]; then
    echo "crypto-tests: FAILED; server log:" >&2
    tail -n 40 "$WORK/server.log" >&2
fi
exit $STATUS
