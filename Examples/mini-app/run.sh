#!/usr/bin/env bash
# Starts everything the sample mini-app needs and prints its URL:
#   tosspay serve   on 127.0.0.1:${TOSSPAY_PORT:-8080}  (sandbox, open mode, SQLite and logs in
#                   ${MINI_APP_DATA:-$TMPDIR/tosspay-mini-app})
#   merchant-server on 127.0.0.1:${MERCHANT_PORT:-3000} (serves the mini-app at / and /my-api/*)
# Ctrl-C stops both.
set -euo pipefail
cd "$(dirname "$0")/../.."

TOSSPAY_PORT="${TOSSPAY_PORT:-8080}"
MERCHANT_PORT="${MERCHANT_PORT:-3000}"
DATA_DIR="${MINI_APP_DATA:-${TMPDIR:-/tmp}/tosspay-mini-app}"
TOSSPAY_URL="http://127.0.0.1:$TOSSPAY_PORT"
MERCHANT_URL="http://127.0.0.1:$MERCHANT_PORT"

echo "==> swift build --product tosspay; swift build --product merchant-server"
swift build --product tosspay
swift build --product merchant-server
mkdir -p "$DATA_DIR"

pids=()
stop() {
    for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
    wait 2>/dev/null || true
}
trap stop EXIT
trap 'exit 130' INT TERM

# wait_for URL PID: until the process we started answers /health (not something else on the port).
wait_for() {
    for _ in $(seq 1 150); do
        kill -0 "$2" 2>/dev/null || { echo "run.sh: the server for $1 exited (port in use?):" >&2; tail -5 "$3" >&2; exit 1; }
        if curl -fsS "$1/health" >/dev/null 2>&1; then return 0; fi
        sleep 0.1
    done
    echo "run.sh: $1 did not answer; see $3" >&2
    exit 1
}

env -u TOSSPAY_BASE_URL .build/debug/tosspay serve --host 127.0.0.1 --port "$TOSSPAY_PORT" \
    --database "$DATA_DIR/tosspay.sqlite" >"$DATA_DIR/tosspay.log" 2>&1 &
pids+=($!)
wait_for "$TOSSPAY_URL" "$!" "$DATA_DIR/tosspay.log"

MINI_APP_DIR="$PWD/Examples/mini-app" .build/debug/merchant-server --host 127.0.0.1 --port "$MERCHANT_PORT" \
    --database "$DATA_DIR/merchant.sqlite" --tosspay-url "$TOSSPAY_URL" >"$DATA_DIR/merchant-server.log" 2>&1 &
pids+=($!)
wait_for "$MERCHANT_URL" "$!" "$DATA_DIR/merchant-server.log"

cat <<INFO

  토스 카페 (sample mini-app):  $MERCHANT_URL/
  tosspay (checkout, console):  $TOSSPAY_URL/console
  logs:                         $DATA_DIR/tosspay.log, $DATA_DIR/merchant-server.log

Press Ctrl-C to stop.
INFO
wait -n  # until Ctrl-C or either server stops
