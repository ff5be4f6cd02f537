#!/usr/bin/env bash
# make-migration-inputs.sh — builds the committed inputs of the issue-11 data migration test.
#
# Usage:  scripts/make-migration-inputs.sh OLD_TOSSPAY_BINARY OUTPUT_DIRECTORY
#
#   OLD_TOSSPAY_BINARY  a `tosspay` binary built from commit 5c13459, the last commit before the
#                       work on issue 11 (per-merchant sandbox worlds) started, e.g.
#                         git worktree add --detach /work/before 5c13459
#                         (cd /work/before && swift build --product tosspay)
#                         scripts/make-migration-inputs.sh /work/before/.build/debug/tosspay \
#                             Tests/Fixtures/before-issue-11
#   OUTPUT_DIRECTORY    created if missing; these files in it are replaced:
#
#   tosspay-before-11.sqlite        a SQLite database written by `OLD serve --database <file>`
#                                   (stopped with SIGTERM, checkpointed, no -wal/-shm left).
#   tosspay-before-11.postgres.sql  the same scenario run against a throwaway PostgreSQL cluster,
#                                   dumped with `pg_dump --inserts --no-owner --no-privileges`:
#                                   plain SQL, INSERT statements, no COPY and no psql
#                                   meta-commands, so a test can run it through a plain SQL
#                                   connection into an empty database.
#   manifest.json                   what a test needs to check the migration, for each of the two
#                                   databases (ids, keys and payTokens are random, so they differ):
#                                   merchants and their keys, each payment (payToken, merchant,
#                                   userKey, orderNo, amount, status, refundable amount), each
#                                   buyer as GET /sandbox/v1/users/{userKey} shows it at the end,
#                                   and the sandbox clock.
#
# The old server is driven only over HTTP (curl; jq reads the JSON), in its default
# configuration, on a free loopback port (open mode; the partner API is called with each
# merchant's test key as `Authorization: Basic base64(key:)`). The scenario, the same for both
# databases:
#
#   1. merchants A "Alpha Shop" and B "Beta Shop" (POST /sandbox/v1/merchants);
#   2. B: `shared-buyer` pays 7,000 won with Toss Money; the clock is advanced 365 days + 1 hour
#      and POST /sandbox/v1/settlements/run settles it (SETTLEMENT_COMPLETE). This runs first so
#      that it is the only settled payment;
#   3. A: `shared-buyer` pays 30,000 won with Toss Money, then A refunds 10,000 of it
#      (REFUND_SUCCESS, 20,000 refundable);
#   4. B: `shared-buyer` pays 20,000 won by card (company 4, KB국민) (PAY_COMPLETE);
#   5. A: `alpha-only` pays 5,000 won with Toss Money (PAY_COMPLETE);
#   6. `full-card-buyer` is created with POST /sandbox/v1/users holding one card (company 4)
#      given as a full 16-digit number (the old server stores it in clear; checked on the SQLite
#      file), and A: `full-card-buyer` pays 1,200 won on that card (PAY_COMPLETE);
#   7. `unused-buyer` is created with POST /sandbox/v1/users and never pays;
#   8. A: `alpha-only` makes a 3,000-won payment that is never authorized (PAY_STANDBY; it
#      expires 15 minutes after creation on the sandbox clock, and reads as PAY_CANCEL after
#      that, but stays stored as PAY_STANDBY until a server's expiry sweep writes it).
#
# Needs: curl, jq, python3 with its sqlite3 module (free port, VACUUM INTO, checks), and PostgreSQL 15
# binaries (initdb, pg_ctl, psql, pg_dump on PATH or in /usr/lib/postgresql/*/bin). PostgreSQL
# refuses to run as root: as root the cluster runs as the unprivileged user `tosspaytest`
# (created if missing), as scripts/test.sh does.
set -euo pipefail
shopt -s inherit_errexit

if [ $# -ne 2 ]; then
    sed -n '2,12p' "$0" >&2
    exit 2
fi
OLD=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
[ -x "$OLD" ] || { echo "not an executable: $OLD" >&2; exit 2; }
mkdir -p "$2"
OUT=$(cd "$2" && pwd)
for tool in curl jq python3; do
    command -v "$tool" >/dev/null || { echo "$tool is needed" >&2; exit 2; }
done

# The old server reads TOSSPAY_* variables: none from the caller's environment may change it.
while IFS= read -r name; do unset "$name"; done < <(env | sed -n 's/^\(TOSSPAY_[A-Za-z0-9_]*\)=.*/\1/p')

WORK=$(mktemp -d /tmp/make-migration-inputs.XXXXXX)
chmod 755 "$WORK"
SERVER_PID=""
PG_DIR=""
PG_CTL=""
PG_AS=()
cleanup() {
    if [ -n "$SERVER_PID" ]; then kill -TERM "$SERVER_PID" 2>/dev/null || true; wait "$SERVER_PID" 2>/dev/null || true; fi
    if [ -n "$PG_DIR" ]; then
        "${PG_AS[@]}" "$PG_CTL" -D "$PG_DIR/data" -m immediate -w stop >/dev/null 2>&1 || true
        rm -rf "$PG_DIR"
    fi
    rm -rf "$WORK"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

log() { echo "==> $*" >&2; }
fail() { echo "FAILED: $*" >&2; exit 1; }

free_port() {
    python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'
}

# ---------------------------------------------------------------------------------------------
# The old server

BASE=""
start_server() { # $1 = --database value, $2 = log file
    local port attempt
    for attempt in 1 2 3 4 5; do
        port=$(free_port)
        "$OLD" serve --database "$1" --host 127.0.0.1 --port "$port" --log-level warning >"$2" 2>&1 &
        SERVER_PID=$!
        BASE="http://127.0.0.1:$port"
        local i
        for i in $(seq 1 150); do
            if curl -sf -o /dev/null "$BASE/health"; then return 0; fi
            kill -0 "$SERVER_PID" 2>/dev/null || break
            sleep 0.2
        done
        kill -TERM "$SERVER_PID" 2>/dev/null || true
        wait "$SERVER_PID" 2>/dev/null || true
        SERVER_PID=""
    done
    cat "$2" >&2
    fail "the old server did not start"
}

stop_server() { # SIGTERM: the server drains, closes the store and checkpoints SQLite
    local rc=0
    kill -TERM "$SERVER_PID"
    wait "$SERVER_PID" || rc=$?
    SERVER_PID=""
    [ "$rc" = 0 ] || [ "$rc" = 143 ] || fail "the old server exited with $rc"
}

# call METHOD PATH [BODY] [extra curl args…] — prints the envelope's `success` object; any
# failure envelope (or a non-JSON answer) stops the script.
call() {
    local method=$1 path=$2 body=${3:-}
    shift 3 || shift $#
    local args=(-sS -X "$method" "$BASE$path")
    if [ -n "$body" ]; then args+=(-H 'Content-Type: application/json' --data "$body"); fi
    local answer
    answer=$(curl "${args[@]}" "$@") || fail "$method $path: curl failed"
    if [ "$(jq -r '.resultType' <<<"$answer" 2>/dev/null)" != SUCCESS ]; then
        fail "$method $path $body: $answer"
    fi
    jq -c '.success' <<<"$answer"
}

basic() { printf 'Authorization: Basic %s' "$(printf '%s:' "$1" | base64 -w0)"; }

partner() { # partner ENDPOINT KEY USERKEY BODY
    call POST "/api-partner/v1/apps-in-toss/pay/$1" "$4" -H "$(basic "$2")" -H "x-toss-user-key: $3"
}

make_payment() { # KEY USERKEY ORDERNO AMOUNT DESC → payToken
    partner make-payment "$1" "$2" "$(jq -nc --arg o "$3" --argjson a "$4" --arg d "$5" \
        '{orderNo:$o, productDesc:$d, amount:$a, amountTaxFree:0, isTestPayment:true}')" | jq -r '.payToken'
}

authorize() { # USERKEY PAYTOKEN METHOD [CARDCOMPANY]
    local body
    if [ "$3" = CARD ]; then
        body=$(jq -nc --arg t "$2" --argjson c "$4" '{payToken:$t, payMethod:"CARD", cardCompanyCode:$c, spreadOut:0}')
    else
        body=$(jq -nc --arg t "$2" '{payToken:$t, payMethod:"TOSS_MONEY"}')
    fi
    call POST /sandbox/v1/checkout/authorize "$body" -H "x-toss-user-key: $1" >/dev/null
}

execute() { # KEY USERKEY PAYTOKEN
    partner execute-payment "$1" "$2" "$(jq -nc --arg t "$3" '{payToken:$t, isTestPayment:true}')" >/dev/null
}

status() { # KEY USERKEY PAYTOKEN → success object (the userKey is only validated, not compared)
    partner get-payment-status "$1" "$2" "$(jq -nc --arg t "$3" '{payToken:$t, isTestPayment:true}')"
}

FULL_CARD_NUMBER=5412345678909876
ADVANCE_SECONDS=$((365 * 86400 + 3600)) # past the default settlement period of 365 days

# run_scenario RESULT_JSON — runs the scenario against $BASE and writes what the manifest
# records for this database.
run_scenario() {
    local result=$1
    local a b ka kb
    a=$(call POST /sandbox/v1/merchants '{"name":"Alpha Shop"}')
    b=$(call POST /sandbox/v1/merchants '{"name":"Beta Shop"}')
    ka=$(jq -r .testApiKey <<<"$a")
    kb=$(jq -r .testApiKey <<<"$b")
    local payments=()

    # 2. B's payment that becomes settled (first, so that it is the only one due).
    local t_settled
    t_settled=$(make_payment "$kb" shared-buyer B-settled-7000 7000 "Beta settled order")
    authorize shared-buyer "$t_settled" TOSS_MONEY
    execute "$kb" shared-buyer "$t_settled"
    call POST /sandbox/v1/clock/advance "{\"seconds\":$ADVANCE_SECONDS}" >/dev/null
    local settled
    settled=$(call POST /sandbox/v1/settlements/run '' | jq -r .settled)
    # The background sweep may have settled it first (settled 0 here); the status decides.
    [ "$(status "$kb" shared-buyer "$t_settled" | jq -r .payStatus)" = SETTLEMENT_COMPLETE ] \
        || fail "B's 7,000-won payment is not SETTLEMENT_COMPLETE (settlements/run settled $settled)"
    payments+=("B settled-7000 shared-buyer $t_settled")

    # 3. A: shared-buyer 30,000 Toss Money, partial refund of 10,000.
    local t_a30
    t_a30=$(make_payment "$ka" shared-buyer A-shared-30000 30000 "Alpha order shared buyer")
    authorize shared-buyer "$t_a30" TOSS_MONEY
    execute "$ka" shared-buyer "$t_a30"
    partner refund-payment "$ka" shared-buyer "$(jq -nc --arg t "$t_a30" \
        '{payToken:$t, reason:"부분 환불", amount:10000, refundNo:"A-shared-30000-refund-1", isTestPayment:true}')" >/dev/null
    payments+=("A shared-30000-refunded-10000 shared-buyer $t_a30")

    # 4. B: shared-buyer 20,000 by card (KB국민, 4).
    local t_b20
    t_b20=$(make_payment "$kb" shared-buyer B-shared-20000 20000 "Beta order shared buyer")
    authorize shared-buyer "$t_b20" CARD 4
    execute "$kb" shared-buyer "$t_b20"
    payments+=("B shared-20000-card shared-buyer $t_b20")

    # 5. A: alpha-only 5,000 Toss Money.
    local t_a5
    t_a5=$(make_payment "$ka" alpha-only A-alpha-5000 5000 "Alpha order alpha only")
    authorize alpha-only "$t_a5" TOSS_MONEY
    execute "$ka" alpha-only "$t_a5"
    payments+=("A alpha-only-5000 alpha-only $t_a5")

    # 6. full-card-buyer: one card given with its full number; A: 1,200 won on it.
    call POST /sandbox/v1/users "$(jq -nc --arg n "$FULL_CARD_NUMBER" \
        '{userKey:"full-card-buyer", tossMoneyBalance:50000, points:0,
          cards:[{cardCompanyCode:4, cardMethodType:"CREDIT", limit:1000000, cardNumber:$n}]}')" >/dev/null
    local t_card
    t_card=$(make_payment "$ka" full-card-buyer A-full-card-1200 1200 "Alpha order full card")
    authorize full-card-buyer "$t_card" CARD 4
    execute "$ka" full-card-buyer "$t_card"
    payments+=("A full-card-1200 full-card-buyer $t_card")

    # 7. unused-buyer: created, never used.
    call POST /sandbox/v1/users '{"userKey":"unused-buyer","tossMoneyBalance":123000,"points":4500}' >/dev/null

    # 8. A: a payment left in PAY_STANDBY.
    local t_standby
    t_standby=$(make_payment "$ka" alpha-only A-standby-3000 3000 "Alpha order never authorized")
    payments+=("A standby-3000 alpha-only $t_standby")

    # What the old server shows at the end.
    local merchants_json payments_json users_json clock_json
    merchants_json=$(jq -nc --argjson a "$a" --argjson b "$b" '{A:$a, B:$b}')
    payments_json='[]'
    local entry label merchant user token key mid s
    for entry in "${payments[@]}"; do
        read -r merchant label user token <<<"$entry"
        if [ "$merchant" = A ]; then key=$ka; mid=$(jq -r .merchantId <<<"$a"); else key=$kb; mid=$(jq -r .merchantId <<<"$b"); fi
        s=$(status "$key" "$user" "$token")
        payments_json=$(jq -c --arg lbl "$label" --arg m "$merchant" --arg mid "$mid" --arg u "$user" --argjson s "$s" \
            '. + [{"label":$lbl, merchant:$m, merchantId:$mid, userKey:$u, payToken:$s.payToken, orderNo:$s.orderNo,
                   mode:$s.mode, amount:$s.amount, payStatus:$s.payStatus, payMethod:$s.payMethod,
                   cardCompanyCode:($s.card.cardCompanyCode // null), paidAmount:$s.paidAmount,
                   refundableAmount:$s.refundableAmount,
                   refundedAmount:([$s.transactions[] | select(.stepType=="REFUND") | -.transactionAmount] | add // 0),
                   createdTs:$s.createdTs, paidTs:$s.paidTs}]' <<<"$payments_json")
    done
    users_json='{}'
    local u merchants_of
    for u in shared-buyer alpha-only full-card-buyer unused-buyer; do
        merchants_of=$(jq -c --arg u "$u" '[.[] | select(.userKey==$u) | .merchant] | unique' <<<"$payments_json")
        users_json=$(jq -c --arg u "$u" --argjson v "$(call GET "/sandbox/v1/users/$u" '')" --argjson m "$merchants_of" \
            '. + {($u): ($v + {usedByMerchants:$m})}' <<<"$users_json")
    done
    users_json=$(jq -c --arg n "$FULL_CARD_NUMBER" '.["full-card-buyer"].fullCardNumbers = {"4": $n}' <<<"$users_json")
    clock_json=$(call GET /sandbox/v1/clock '')
    jq -n --argjson m "$merchants_json" --argjson p "$payments_json" --argjson u "$users_json" --argjson c "$clock_json" \
        --argjson adv "$ADVANCE_SECONDS" \
        '{merchants:$m, payments:$p, users:$u, clock:($c + {advancedSeconds:$adv})}' >"$result"
}

# ---------------------------------------------------------------------------------------------
# 1. SQLite

log "SQLite: $OLD serve --database $WORK/sqlite/tosspay.sqlite"
mkdir -p "$WORK/sqlite"
start_server "$WORK/sqlite/tosspay.sqlite" "$WORK/sqlite-server.log"
run_scenario "$WORK/sqlite.json"
stop_server

# A clean single-file copy: VACUUM INTO writes a new database with no WAL of its own.
rm -f "$OUT/tosspay-before-11.sqlite" "$OUT/tosspay-before-11.sqlite-wal" "$OUT/tosspay-before-11.sqlite-shm"
python3 - "$WORK/sqlite/tosspay.sqlite" "$OUT/tosspay-before-11.sqlite" <<'PY'
import sqlite3, sys
source = sqlite3.connect(sys.argv[1])
source.execute("PRAGMA wal_checkpoint(TRUNCATE)")
source.execute("VACUUM INTO ?", (sys.argv[2],))
source.close()
copy = sqlite3.connect(sys.argv[2])
mode = copy.execute("PRAGMA journal_mode").fetchone()[0]
if mode.lower() == "wal":
    copy.execute("PRAGMA journal_mode=DELETE")
assert copy.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
copy.close()
PY
for suffix in -wal -shm -journal; do
    [ ! -e "$OUT/tosspay-before-11.sqlite$suffix" ] || fail "$OUT/tosspay-before-11.sqlite$suffix remains"
done

# The old binary keeps a card number given to POST /sandbox/v1/users in clear in `users`.
python3 - "$OUT/tosspay-before-11.sqlite" "$FULL_CARD_NUMBER" <<'PY' || fail "the full card number is not in the users table"
import sqlite3, sys
db = sqlite3.connect(sys.argv[1])
rows = db.execute("SELECT user_key FROM users WHERE record LIKE ?", ("%" + sys.argv[2] + "%",)).fetchall()
db.close()
assert [r[0] for r in rows] == ["full-card-buyer"], rows
PY
log "SQLite: the full card number $FULL_CARD_NUMBER is stored in clear in users (full-card-buyer)"

# The old `verify` finds no violation (on a copy: opening the store switches it to WAL mode, and
# the kept file stays exactly as written).
cp "$OUT/tosspay-before-11.sqlite" "$WORK/verify.sqlite"
"$OLD" verify --database "$WORK/verify.sqlite" >&2 || fail "old verify found violations in the SQLite database"

# ---------------------------------------------------------------------------------------------
# 2. PostgreSQL

pg_tool() {
    if command -v "$1" >/dev/null 2>&1; then command -v "$1"; return 0; fi
    local dir
    for dir in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -rV); do
        if [ -x "$dir/$1" ]; then echo "$dir/$1"; return 0; fi
    done
    return 1
}
INITDB=$(pg_tool initdb) || fail "initdb not found"
PG_CTL=$(pg_tool pg_ctl) || fail "pg_ctl not found"
PG_DUMP=$(pg_tool pg_dump) || fail "pg_dump not found"
PSQL=$(pg_tool psql) || fail "psql not found"

PG_DIR=$(mktemp -d /tmp/tosspay-pg.XXXXXX)
if [ "$(id -u)" = 0 ]; then
    id tosspaytest >/dev/null 2>&1 || useradd --system --no-create-home --shell /usr/sbin/nologin tosspaytest
    chown tosspaytest "$PG_DIR"
    chmod 700 "$PG_DIR"
    if command -v runuser >/dev/null 2>&1; then PG_AS=(runuser -u tosspaytest --); else PG_AS=(su -s /bin/sh tosspaytest -c '"$0" "$@"'); fi
else
    PG_AS=(env)
fi
"${PG_AS[@]}" "$INITDB" -D "$PG_DIR/data" -A trust -U postgres -E UTF8 --no-locale --no-sync >"$PG_DIR/initdb.log" 2>&1 \
    || { cat "$PG_DIR/initdb.log" >&2; fail "initdb"; }
PG_PORT=""
for attempt in 1 2 3 4 5 6 7 8; do
    port=$(free_port)
    if "${PG_AS[@]}" "$PG_CTL" -D "$PG_DIR/data" -l "$PG_DIR/server.log" -w -t 60 \
        -o "-c listen_addresses=127.0.0.1 -p $port -k $PG_DIR" start >/dev/null; then
        PG_PORT=$port
        break
    fi
done
[ -n "$PG_PORT" ] || { cat "$PG_DIR/server.log" >&2; fail "could not start PostgreSQL"; }
"$PSQL" -X -q -h 127.0.0.1 -p "$PG_PORT" -U postgres -d postgres -v ON_ERROR_STOP=1 -c 'CREATE DATABASE tosspay' \
    || fail "CREATE DATABASE"
PG_URL="postgres://postgres@127.0.0.1:$PG_PORT/tosspay?sslmode=disable"

log "PostgreSQL $("$PG_CTL" --version | awk '{print $3}'): $OLD serve --database $PG_URL"
start_server "$PG_URL" "$WORK/postgres-server.log"
run_scenario "$WORK/postgres.json"
stop_server

# Plain SQL with INSERTs. Newer pg_dump releases add `\restrict KEY` / `\unrestrict KEY` psql
# meta-commands (with a random key); a plain SQL connection cannot run them, so they are
# dropped, which also keeps the file the same from run to run.
"$PG_DUMP" -h 127.0.0.1 -p "$PG_PORT" -U postgres --inserts --no-owner --no-privileges --no-comments tosspay \
    | grep -v -E '^\\(restrict|unrestrict) ' >"$OUT/tosspay-before-11.postgres.sql"
grep -q -E '^COPY ' "$OUT/tosspay-before-11.postgres.sql" && fail "the dump has COPY statements"
grep -q -E '^\\' "$OUT/tosspay-before-11.postgres.sql" && fail "the dump has psql meta-commands"
grep -q "$FULL_CARD_NUMBER" "$OUT/tosspay-before-11.postgres.sql" || fail "the full card number is not in the PostgreSQL dump"

# The dump restores into an empty database.
"$PSQL" -X -q -h 127.0.0.1 -p "$PG_PORT" -U postgres -d postgres -v ON_ERROR_STOP=1 -c 'CREATE DATABASE restore_check' >/dev/null
"$PSQL" -X -q -h 127.0.0.1 -p "$PG_PORT" -U postgres -d restore_check -v ON_ERROR_STOP=1 \
    -f "$OUT/tosspay-before-11.postgres.sql" >/dev/null || fail "the dump does not restore into an empty database"
log "PostgreSQL: the dump restores into an empty database"
"$OLD" verify --database "postgres://postgres@127.0.0.1:$PG_PORT/restore_check?sslmode=disable" >&2 \
    || fail "old verify found violations in the restored PostgreSQL dump"

# ---------------------------------------------------------------------------------------------
# 3. The manifest

jq -n --slurpfile sqlite "$WORK/sqlite.json" --slurpfile postgres "$WORK/postgres.json" \
    '{
    madeBy: {
        commit: "5c13459",
        script: "scripts/make-migration-inputs.sh",
        notes: [
            "Each database ran the same scenario; merchant ids, API keys and payTokens are random, so each has its own section.",
            "merchants.*.testApiKey / liveApiKey are the keys as created; the server stores only their SHA-256 hashes.",
            "users.* is GET /sandbox/v1/users/{userKey} at the end (card numbers masked), plus usedByMerchants (A/B from this scenario) and, for full-card-buyer, the full card number given to POST /sandbox/v1/users.",
            "payments[].payStatus and refundableAmount are get-payment-status at the end; refundedAmount is the sum of its REFUND steps.",
            "The standby payment expires 15 minutes after creation on the sandbox clock: it is stored as PAY_STANDBY, and status reads PAY_CANCEL once that time has passed.",
            "clock.offsetSeconds is the stored sandbox clock offset (shared by all merchants in the old server); clock.now/epochMillis are wall clock + offset when the manifest was read."
        ]
    },
    scenario: [
        "merchants A (Alpha Shop) and B (Beta Shop)",
        "B: shared-buyer pays 7,000 (TOSS_MONEY); clock +365 days 1 hour; settlements/run -> SETTLEMENT_COMPLETE",
        "A: shared-buyer pays 30,000 (TOSS_MONEY); A refunds 10,000 (REFUND_SUCCESS, 20,000 refundable)",
        "B: shared-buyer pays 20,000 by card 4 (PAY_COMPLETE)",
        "A: alpha-only pays 5,000 (TOSS_MONEY, PAY_COMPLETE)",
        "full-card-buyer created by POST /sandbox/v1/users with one card 4 given as a full number; A: pays 1,200 on it (PAY_COMPLETE)",
        "unused-buyer created by POST /sandbox/v1/users (tossMoneyBalance 123000, points 4500), never used",
        "A: alpha-only 3,000 made, never authorized (PAY_STANDBY)"
    ],
    sharedBuyers: ["shared-buyer"],
    sandboxMerchant: {merchantId: "sandbox", note: "built in; owns the published test key; no payments in this scenario"},
    sqlite: ({file: "tosspay-before-11.sqlite"} + $sqlite[0]),
    postgres: ({file: "tosspay-before-11.postgres.sql", restore: "run the file as plain SQL into an empty database (e.g. psql -v ON_ERROR_STOP=1 -d EMPTY_DB -f tosspay-before-11.postgres.sql)"} + $postgres[0])
}' >"$OUT/manifest.json"

log "wrote:"
ls -l "$OUT/tosspay-before-11.sqlite" "$OUT/tosspay-before-11.postgres.sql" "$OUT/manifest.json" >&2
