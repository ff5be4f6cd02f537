#!/usr/bin/env bash
# Runs every test of tosspay on a fresh machine: builds the package (and the `tosspay` binary
# that the end-to-end tests start as a real process), then runs all Swift Testing suites.
set -euo pipefail
cd "$(dirname "$0")/.."

echo "==> swift build --build-tests"
swift build --build-tests

# PostgreSQL: a throwaway cluster on a free loopback port in a temp folder, removed on exit, so
# the PostgreSQL storage and multi-instance tests run (TOSSPAY_TEST_POSTGRES_URL). An URL already
# set is used as it is. Without PostgreSQL binaries those tests are skipped, visibly.
pg_tool() {
    if command -v "$1" >/dev/null 2>&1; then command -v "$1"; return 0; fi
    local dir
    for dir in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -rV); do
        if [ -x "$dir/$1" ]; then echo "$dir/$1"; return 0; fi
    done
    return 1
}

PG_DIR=""
PG_CTL=""
PG_AS=()
stop_postgres() {
    if [ -n "$PG_DIR" ]; then
        "${PG_AS[@]}" "$PG_CTL" -D "$PG_DIR/data" -m immediate -w stop >/dev/null 2>&1 || true
        rm -rf "$PG_DIR"
    fi
}

start_postgres() {
    local initdb
    if ! initdb=$(pg_tool initdb) || ! PG_CTL=$(pg_tool pg_ctl); then
        echo "PostgreSQL not found: PostgreSQL tests will be skipped"
        return 0
    fi
    # In /tmp, which the unprivileged user can reach whatever TMPDIR is.
    PG_DIR=$(mktemp -d /tmp/tosspay-pg.XXXXXX)
    trap stop_postgres EXIT
    trap 'exit 130' INT TERM
    if [ "$(id -u)" = 0 ]; then
        # PostgreSQL refuses to run as root: use an unprivileged system user.
        id tosspaytest >/dev/null 2>&1 || useradd --system --no-create-home --shell /usr/sbin/nologin tosspaytest
        chown tosspaytest "$PG_DIR"
        chmod 700 "$PG_DIR"
        if command -v runuser >/dev/null 2>&1; then
            PG_AS=(runuser -u tosspaytest --)
        else
            PG_AS=(su -s /bin/sh tosspaytest -c '"$0" "$@"')
        fi
    else
        PG_AS=(env)
    fi
    "${PG_AS[@]}" "$initdb" -D "$PG_DIR/data" -A trust -U postgres -E UTF8 --no-locale --no-sync >"$PG_DIR/initdb.log" 2>&1 \
        || { cat "$PG_DIR/initdb.log"; echo "initdb failed"; exit 1; }
    local attempt port
    for attempt in 1 2 3 4 5 6 7 8; do
        port=$((20000 + RANDOM % 40000))
        # Something answers on it: try another.
        if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then continue; fi
        if "${PG_AS[@]}" "$PG_CTL" -D "$PG_DIR/data" -l "$PG_DIR/server.log" -w -t 60 \
            -o "-c listen_addresses=127.0.0.1 -p $port -k $PG_DIR -c max_connections=300 -c shared_buffers=64MB" start >/dev/null; then
            export TOSSPAY_TEST_POSTGRES_URL="postgres://postgres@127.0.0.1:$port/postgres?sslmode=disable"
            echo "==> PostgreSQL $("$PG_CTL" --version | awk '{print $3}') on 127.0.0.1:$port (throwaway cluster in $PG_DIR)"
            return 0
        fi
    done
    cat "$PG_DIR/server.log" || true
    echo "could not start PostgreSQL"
    exit 1
}

if [ -n "${TOSSPAY_TEST_POSTGRES_URL:-}" ]; then
    echo "==> PostgreSQL tests use TOSSPAY_TEST_POSTGRES_URL from the environment"
else
    start_postgres
fi

# Every suite runs even when an earlier one failed; the script fails if any did.
failed=()
# The SDK and page scripts: tsc (with tosspay.d.ts) and eslint, from Debian's packages.
./scripts/js-checks.sh || failed+=("js checks")
echo "==> swift test"
mkdir -p .build
SWIFT_TEST_LOG=.build/swift-test.log
# The connection-limit test times /health beside 300 silent sockets (SPEC §8: within the head
# timeout + 2 s); it runs alone after the rest, so the other suites' load does not stretch it.
swift test --skip-build --skip ConnectionLimitTests "$@" 2>&1 | tee "$SWIFT_TEST_LOG" || failed+=("swift test")
swift test --skip-build --filter ConnectionLimitTests 2>&1 | tee -a "$SWIFT_TEST_LOG" || failed+=("swift test")
# The live server against docs/openapi.yaml: Schemathesis (all phases) + tests/contract.
./scripts/contract-tests.sh || failed+=("contract tests")
./scripts/crypto-tests.sh || failed+=("crypto tests")
# The mini-app, SDK and checkout window in headless Chromium (tests/browser).
./scripts/browser-tests.sh || failed+=("browser tests")
# The release archive (issue 15): a static release build packed by release.sh, then unpacked
# out of reach of the build tree and run with `env -i` through a payment and every resource.
{ ./scripts/release.sh && ./scripts/archive-test.sh; } || failed+=("release archive")
if [ ${#failed[@]} -gt 0 ]; then
    if [[ " ${failed[*]} " == *" swift test "* ]]; then
        # The full log is long: repeat what failed so the end of the output says it.
        echo "==> what failed in swift test (full log: $SWIFT_TEST_LOG)"
        grep -E "✘|error:|Fatal error|Crash|signal [0-9]+|exited with" "$SWIFT_TEST_LOG" | grep -v "passed after" | tail -n 60 || true
    fi
    echo "FAILED: ${failed[*]}"
    exit 1
fi
echo "==> all suites passed"
