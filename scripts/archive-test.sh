#!/usr/bin/env bash
# Checks that a release archive (scripts/release.sh) stands alone, as someone without Swift
# would use it:
#   - it holds tosspay, README.md (with the minimum glibc the binary really needs), the
#     third-party notices, fixtures/basic.json and the LICENSE;
#   - `tosspay --version` is the version in the archive's name;
#   - `ldd` lists only base-system libraries (glibc's, libstdc++, libgcc_s, zlib), nothing from
#     the Swift toolchain;
#   - unpacked in a temporary directory, with the build tree it came from renamed out of reach
#     (restored on exit) and an empty environment (`env -i`: no PATH, no Swift), it serves a
#     full payment over curl (make, sandbox authorize, execute, status), the checkout window,
#     the SDK scripts and types, the login window, the console and the OpenAPI document, applies
#     the example fixtures, and `tosspay verify` finds the store clean.
# Usage: scripts/archive-test.sh [dist/tosspay-<version>-linux-<arch>.tar.gz]  (default: the newest)
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
ARCHIVE=${1:-$(ls -t "$ROOT"/dist/tosspay-*-linux-*.tar.gz 2>/dev/null | head -n 1 || true)}
[ -n "$ARCHIVE" ] && [ -f "$ARCHIVE" ] || { echo "no archive: run scripts/release.sh first" >&2; exit 1; }
NAME=$(basename "$ARCHIVE" .tar.gz)
VERSION=${NAME#tosspay-}
VERSION=${VERSION%-linux-*}
ARCH=${NAME##*-linux-}

WORK=$(mktemp -d /tmp/tosspay-archive.XXXXXX)
SCRATCH="$ROOT/${TOSSPAY_STATIC_SCRATCH:-.build-static}"
AWAY="$SCRATCH.away-$$"
SERVER_PID=""
cleanup() {
    if [ -n "$SERVER_PID" ]; then kill "$SERVER_PID" 2>/dev/null || true; wait "$SERVER_PID" 2>/dev/null || true; fi
    if [ -d "$AWAY" ]; then mv "$AWAY" "$SCRATCH"; fi
    rm -rf "$WORK"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

fail() { echo "FAIL: $*" >&2; [ -f "$WORK/server.log" ] && tail -n 20 "$WORK/server.log" >&2; exit 1; }
pass() { echo "ok   $*"; }

# Unpacked away from the repository.
cp "$ARCHIVE" "$WORK/"
cd "$WORK"
tar xzf "$NAME.tar.gz"
DIR="$WORK/$NAME"
BIN="$DIR/tosspay"
for file in tosspay README.md THIRD_PARTY_NOTICES.txt fixtures/basic.json; do
    [ -e "$DIR/$file" ] || fail "the archive has no $file"
done
[ -f "$DIR/LICENSE" ] || fail "the archive has no LICENSE"
pass "contents: $(cd "$DIR" && find . -type f | sort | tr '\n' ' ')"
[ "$(uname -m)" = "$ARCH" ] || fail "archive for $ARCH, this machine is $(uname -m)"

# The build tree the binary came from is out of reach from here on.
if [ -d "$SCRATCH" ]; then mv "$SCRATCH" "$AWAY"; pass "moved $(basename "$SCRATCH") out of reach"; fi

[ "$(env -i "$BIN" --version)" = "$VERSION" ] || fail "tosspay --version prints '$(env -i "$BIN" --version)', the archive says $VERSION"
pass "tosspay --version = $VERSION"

ldd "$BIN" >"$WORK/ldd.txt" 2>&1 || fail "ldd: $(cat "$WORK/ldd.txt")"
if grep -Eiq 'swift|foundation|dispatch|blocksruntime|/opt/|not found' "$WORK/ldd.txt"; then
    fail "ldd lists toolchain libraries: $(cat "$WORK/ldd.txt")"
fi
while read -r line; do
    library=$(echo "$line" | awk '{print $1}')
    case "$(basename "$library")" in
        linux-vdso.so.*|ld-linux*.so.*|libc.so.*|libm.so.*|libdl.so.*|libpthread.so.*|librt.so.*|libutil.so.*|libstdc++.so.*|libgcc_s.so.*|libz.so.*) ;;
        *) fail "ldd lists a library outside the base system: $line" ;;
    esac
done <"$WORK/ldd.txt"
pass "ldd: $(awk '{print $1}' "$WORK/ldd.txt" | xargs -n1 basename | tr '\n' ' ')"

GLIBC=$(objdump -T "$BIN" | grep -o 'GLIBC_[0-9][0-9.]*' | sed 's/GLIBC_//' | sort -uV | tail -n 1)
grep -q "glibc $GLIBC or newer" "$DIR/README.md" || fail "README.md does not state glibc $GLIBC"
pass "README.md states glibc $GLIBC"

# The server, with nothing but its own file and a data directory.
mkdir -p "$WORK/run"
(cd "$WORK/run" && exec env -i "$BIN" serve --port 0) >"$WORK/server.log" 2>&1 &
SERVER_PID=$!
PORT=""
for _ in $(seq 1 600); do
    PORT=$(sed -n 's/.*listening on 127\.0\.0\.1:\([0-9]*\).*/\1/p' "$WORK/server.log" | head -n 1)
    [ -n "$PORT" ] && break
    kill -0 "$SERVER_PID" 2>/dev/null || fail "the server exited"
    sleep 0.1
done
[ -n "$PORT" ] || fail "the server did not start listening"
[ -f "$WORK/run/tosspay.sqlite" ] || fail "no tosspay.sqlite in the working directory"
BASE="http://127.0.0.1:$PORT"
pass "serving on $BASE with its data in ./tosspay.sqlite"

PAY="$BASE/api-partner/v1/apps-in-toss/pay"
H=(-H 'Content-Type: application/json' -H 'x-toss-user-key: archive-buyer')
field() { sed -n "s/.*\"$1\":\"\([^\"]*\)\".*/\1/p"; }
expect_success() { # name, body
    case "$2" in *'"resultType":"SUCCESS"'*) ;; *) fail "$1: $2" ;; esac
}

MADE=$(curl -sS "$PAY/make-payment" "${H[@]}" -d '{"orderNo":"archive-1","productDesc":"archive test","amount":12000,"amountTaxFree":0,"isTestPayment":true}')
expect_success make-payment "$MADE"
TOKEN=$(echo "$MADE" | field payToken)
[ -n "$TOKEN" ] || fail "make-payment gave no payToken: $MADE"
AUTHORIZED=$(curl -sS "$BASE/sandbox/v1/checkout/authorize" "${H[@]}" -d "{\"payToken\":\"$TOKEN\",\"payMethod\":\"CARD\",\"cardCompanyCode\":4,\"spreadOut\":0}")
expect_success authorize "$AUTHORIZED"
[ "$(echo "$AUTHORIZED" | field payStatus)" = PAY_APPROVED ] || fail "authorize: $AUTHORIZED"
EXECUTED=$(curl -sS "$PAY/execute-payment" "${H[@]}" -d "{\"payToken\":\"$TOKEN\",\"orderNo\":\"archive-1\",\"isTestPayment\":true}")
expect_success execute "$EXECUTED"
case "$EXECUTED" in *'"amount":12000'*'"payMethod":"CARD"'*) ;; *) fail "execute: $EXECUTED" ;; esac
STATUS=$(curl -sS "$PAY/get-payment-status" "${H[@]}" -d "{\"payToken\":\"$TOKEN\",\"orderNo\":\"archive-1\",\"isTestPayment\":true}")
expect_success status "$STATUS"
[ "$(echo "$STATUS" | field payStatus)" = PAY_COMPLETE ] || fail "status: $STATUS"
pass "make → authorize → execute → status: PAY_COMPLETE"

# Pages and scripts: every byte of them comes from inside the binary.
page() { # path, content type prefix, text it must contain
    local body type
    type=$(curl -sS -o "$WORK/page" -w '%{http_code} %{content_type}' "$BASE$1")
    body=$(cat "$WORK/page")
    case "$type" in "200 $2"*) ;; *) fail "GET $1: $type" ;; esac
    case "$body" in *"$3"*) ;; *) fail "GET $1 lacks '$3'" ;; esac
    pass "GET $1 → $type ($(wc -c <"$WORK/page") bytes)"
}
WAITING=$(curl -sS "$PAY/make-payment" "${H[@]}" -d '{"orderNo":"archive-2","productDesc":"checkout page","amount":3000,"amountTaxFree":0,"isTestPayment":true}')
expect_success make-payment "$WAITING"
page "/checkout/$(echo "$WAITING" | field payToken)" text/html '<style'
page /sdk/tosspay.js text/javascript checkoutPayment
page /sdk/tosspay.d.ts application/typescript checkoutPayment
page /sdk/web-framework.js text/javascript appLogin
page /sdk/web-framework.d.ts application/typescript appLogin
page /login text/html '<script'
page /console text/html '<style'
page /openapi.yaml "" 'openapi:'

# The shipped fixtures, by the shipped binary.
env -i "$BIN" fixtures apply "$DIR/fixtures/basic.json" --base-url "$BASE" --api-key sk_test_w5INQyINqa5INQe013Nq >"$WORK/fixtures.out" 2>&1 \
    || fail "fixtures apply: $(cat "$WORK/fixtures.out")"
pass "fixtures/basic.json: $(tail -n 1 "$WORK/fixtures.out")"

kill -TERM "$SERVER_PID"
wait "$SERVER_PID" || fail "the server did not stop cleanly on SIGTERM"
SERVER_PID=""
(cd "$WORK/run" && env -i "$BIN" verify) >"$WORK/verify.out" 2>&1 || fail "verify: $(cat "$WORK/verify.out")"
pass "tosspay verify: $(tail -n 1 "$WORK/verify.out")"
echo "PASS $NAME"
