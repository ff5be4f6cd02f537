#!/usr/bin/env bash
# Contract tests: a live tosspay server against docs/openapi.yaml.
#
#   1. checks that the document embedded in the server is docs/openapi.yaml (generate-openapi.py);
#   2. starts .build/debug/tosspay on a free loopback port with a fresh SQLite file (sandbox open
#      mode, so no credentials; auth.failureLimit 0, since Schemathesis sends many wrong keys);
#   3. runs Schemathesis with every phase (examples, coverage, fuzzing, stateful) and the checks of
#      tests/contract/schemathesis.toml: no 5xx, documented statuses, response bodies matching
#      their schemas, documented Content-Type and headers, invalid input refused with 4xx;
#   4. runs the pytest flows of tests/contract/ (card and Toss Money payments through refund, every
#      FAIL status, the sandbox controls), each answer checked against the spec;
#   5. checks that the server process is still alive and /health answers, then stops it.
#
# Exits non-zero on any failure. Environment:
#   CONTRACT_SEED          Schemathesis seed (default: random; printed so a run can be repeated)
#   CONTRACT_MAX_EXAMPLES  examples per operation and phase (default: from schemathesis.toml)
#   CONTRACT_MAX_TIME      hard limit in seconds for the Schemathesis run (default 300)
#   CONTRACT_KEEP_LOG      keep the server log and the reports under .build/contract (default: on failure only)
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)

say() { printf '==> %s\n' "$*"; }

python3 scripts/generate-openapi.py --check

if ! command -v schemathesis >/dev/null 2>&1 || ! python3 -c 'import schemathesis, pytest' >/dev/null 2>&1; then
    say "installing schemathesis and pytest from PyPI"
    python3 -m pip install --quiet --disable-pip-version-check schemathesis pytest
fi

BIN="$ROOT/.build/debug/tosspay"
if [[ ! -x "$BIN" ]]; then
    say "building tosspay"
    swift build --product tosspay
fi

WORK=$(mktemp -d "${TMPDIR:-/tmp}/tosspay-contract.XXXXXX")
OUT="$ROOT/.build/contract"
mkdir -p "$OUT"
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

say "starting $BIN on $URL (database $WORK/contract.sqlite)"
# Open mode on loopback; default payment expiry; no rate limit, so the fuzzer's pace is not
# answered with 429 (the limiter has its own tests; 429 stays documented and is checked by pytest).
env TOSSPAY_HTTP_HOST=127.0.0.1 TOSSPAY_HTTP_PORT="$PORT" TOSSPAY_DB_PATH="$WORK/contract.sqlite" \
    TOSSPAY_RATELIMIT_PERMINUTE=0 TOSSPAY_AUTH_FAILURE_LIMIT=0 TOSSPAY_LOG_LEVEL=warning \
    "$BIN" serve >"$WORK/server.log" 2>&1 &
SERVER_PID=$!
for _ in $(seq 100); do
    if curl -fsS "$URL/health" >/dev/null 2>&1; then break; fi
    if ! kill -0 "$SERVER_PID" 2>/dev/null; then cat "$WORK/server.log" >&2; echo "contract: the server did not start" >&2; exit 1; fi
    sleep 0.1
done
curl -fsS "$URL/health" >/dev/null

SEED=${CONTRACT_SEED:-$(python3 -c 'import random; print(random.randrange(2**32))')}
STATUS=0
ST_ARGS=(--url "$URL" -H 'x-toss-user-key: fuzz-user' --seed "$SEED" --no-color
         --phases examples,coverage,fuzzing,stateful
         --report junit,ndjson --report-dir "$OUT")
if [[ -n "${CONTRACT_MAX_EXAMPLES:-}" ]]; then ST_ARGS+=(--max-examples "$CONTRACT_MAX_EXAMPLES"); fi

say "schemathesis (seed $SEED; repeat with CONTRACT_SEED=$SEED)"
started=$(date +%s)
timeout --kill-after=10 "${CONTRACT_MAX_TIME:-300}" \
    schemathesis --config-file tests/contract/schemathesis.toml run docs/openapi.yaml "${ST_ARGS[@]}" \
    >"$OUT/schemathesis.log" 2>&1 || STATUS=$?
grep -v '^\s*$' "$OUT/schemathesis.log" | tail -n 60
[[ $STATUS -eq 124 || $STATUS -eq 137 ]] && echo "contract: schemathesis did not finish within ${CONTRACT_MAX_TIME:-300}s" >&2
SCHEMATHESIS_RESULT=$([[ $STATUS -eq 0 ]] && echo passed || echo FAILED)
say "schemathesis $SCHEMATHESIS_RESULT in $(( $(date +%s) - started ))s"

alive() {
    kill -0 "$SERVER_PID" 2>/dev/null && curl -fsS --max-time 5 "$URL/health" >/dev/null 2>&1
}
if ! alive; then
    echo "contract: the server is no longer running or /health does not answer after fuzzing (a crash)" >&2
    tail -n 50 "$WORK/server.log" >&2
    exit 1
fi

say "pytest tests/contract"
PYTEST_STATUS=0
TOSSPAY_CONTRACT_URL="$URL" python3 -m pytest tests/contract -q -p no:cacheprovider --junitxml="$OUT/pytest.xml" \
    >"$OUT/pytest.log" 2>&1 || PYTEST_STATUS=$?
tail -n 40 "$OUT/pytest.log"
PYTEST_SUMMARY=$(grep -E '(passed|failed|error)' "$OUT/pytest.log" | tail -n 1 | sed -E 's/=+//g; s/^ +| +$//g')

if ! alive; then
    echo "contract: the server is no longer running or /health does not answer (a crash)" >&2
    tail -n 50 "$WORK/server.log" >&2
    exit 1
fi
stop_server

if [[ $STATUS -ne 0 || $PYTEST_STATUS -ne 0 ]]; then
    cp "$WORK/server.log" "$OUT/server.log"
    echo "contract: FAILED — schemathesis $SCHEMATHESIS_RESULT (seed $SEED); pytest: $PYTEST_SUMMARY; logs in $OUT" >&2
    exit 1
fi
[[ -n "${CONTRACT_KEEP_LOG:-}" ]] && cp "$WORK/server.log" "$OUT/server.log"
echo "contract: OK — schemathesis passed (seed $SEED); pytest: $PYTEST_SUMMARY; server alive"
