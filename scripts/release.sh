#!/usr/bin/env bash
# Builds a standalone `tosspay` for people without Swift and packs it:
#   dist/tosspay-<version>-linux-<arch>.tar.gz
# holding the binary (release, Swift runtime and Foundation linked in: --static-swift-stdlib),
# README.md (run, the import map, the test keys, the data file, the minimum glibc), LICENSE,
# THIRD_PARTY_NOTICES.txt and fixtures/basic.json. The version is the one `tosspay --version`
# prints (TossPayVersion.current), so the archive's name and the binary agree.
#
# The build uses its own scratch path (.build-static, or $TOSSPAY_STATIC_SCRATCH) so it never
# fights the debug build in .build. A first build takes many minutes and both cores.
# scripts/archive-test.sh checks the archive.
set -euo pipefail
cd "$(dirname "$0")/.."

SCRATCH=${TOSSPAY_STATIC_SCRATCH:-.build-static}
echo "==> swift build -c release --static-swift-stdlib --scratch-path $SCRATCH"
swift build -c release --product tosspay --static-swift-stdlib --scratch-path "$SCRATCH"
BINARY="$SCRATCH/release/tosspay"

VERSION=$("$BINARY" --version)
case "$VERSION" in
    [0-9]*.[0-9]*.[0-9]*) ;;
    *) echo "tosspay --version printed '$VERSION', not a version" >&2; exit 1 ;;
esac
ARCH=$(uname -m)
NAME="tosspay-$VERSION-linux-$ARCH"

# Every resource must be inside the binary: SwiftPM's resource bundles (Bundle.module) would be
# read from a directory beside it, which an archive does not carry.
if ls -d "$SCRATCH"/release/*.resources >/dev/null 2>&1; then
    echo "resource bundles found beside the binary (use .embedInCode):" "$SCRATCH"/release/*.resources >&2
    exit 1
fi

# The newest glibc symbol version the binary needs is the oldest glibc it runs on.
GLIBC=$(objdump -T "$BINARY" | grep -o 'GLIBC_[0-9][0-9.]*' | sed 's/GLIBC_//' | sort -uV | tail -n 1)
[ -n "$GLIBC" ] || { echo "no versioned glibc symbols found in $BINARY" >&2; exit 1; }

STAGE_ROOT=$(mktemp -d)
trap 'rm -rf "$STAGE_ROOT"' EXIT
STAGE="$STAGE_ROOT/$NAME"
mkdir -p "$STAGE/fixtures"
# Debug information out (a third of the size); the symbol table stays, so crash backtraces keep names.
strip --strip-debug -o "$STAGE/tosspay" "$BINARY"
cp Examples/fixtures/basic.json "$STAGE/fixtures/basic.json"
[ -f LICENSE ] || { echo "no LICENSE at the repository root" >&2; exit 1; }
cp LICENSE "$STAGE/LICENSE"

# Apache-2.0 and the other licenses of what is linked in ask for their notices to travel with it.
{
    echo "tosspay $VERSION links these into one binary; their licenses and notices follow."
    echo
    for file in /opt/swift/usr/share/swift/LICENSE.txt "$(dirname "$(dirname "$(command -v swift)")")/share/swift/LICENSE.txt"; do
        if [ -f "$file" ]; then
            echo "================ Swift runtime, standard library and Foundation ($file)"
            cat "$file"
            echo
            break
        fi
    done
    for package in $(ls "$SCRATCH/checkouts" | sort); do
        for file in "$SCRATCH/checkouts/$package"/LICENSE* "$SCRATCH/checkouts/$package"/NOTICE*; do
            [ -f "$file" ] || continue
            echo "================ $package: $(basename "$file")"
            cat "$file"
            echo
        done
    done
} >"$STAGE/THIRD_PARTY_NOTICES.txt"

LICENSE_ROW=$(printf '%s\n ' "| \`LICENSE\` | tosspay's license |")
LICENSE_ROW=${LICENSE_ROW% }
SIZE_MB=$(( $(stat -c %s "$STAGE/tosspay") / 1024 / 1024 ))
cat >"$STAGE/README.md" <<README
# tosspay $VERSION (Linux $ARCH)

A local **Toss Pay** (Apps-in-Toss) payment server in one file: the partner API (make, execute,
refund, status), the checkout window, the SDK and \`@apps-in-toss/framework\` module, Toss login,
the console, a sandbox world of buyers, and durable storage. No Swift toolchain is needed: the
Swift runtime and Foundation are inside the binary (${SIZE_MB} MB), and so is every page,
stylesheet and script.

Runs on Linux $ARCH with **glibc $GLIBC or newer** (check yours with \`ldd --version\`).
Besides glibc it needs only libstdc++, libgcc_s and zlib, part of every glibc distribution's
base system (\`ldd tosspay\` lists them).

## Run

\`\`\`sh
./tosspay serve                      # http://127.0.0.1:8080
./tosspay serve --port 9000 --database /var/lib/tosspay/tosspay.sqlite
./tosspay --help                     # every command (serve, pay, sandbox, fixtures, verify, …) and its options
\`\`\`

**The data file**: \`tosspay serve\` keeps everything in \`tosspay.sqlite\` in the directory it is
started from (created on first start, with \`tosspay.sqlite-wal\` and \`tosspay.sqlite-shm\` beside
it while it runs). Delete the three files to start from nothing; \`--database\` puts them elsewhere,
or \`--database postgres://user:password@host:5432/db\` uses PostgreSQL.

## The test keys

The official test key works here as the built-in sandbox merchant's key, in both of its
spellings (the official site prints the second):

- \`sk_test_w5INQyINqa5INQe013Nq\`
- \`sk_test_w5lNQylNqa5lNQe013Nq\`

Send it as \`Authorization: Basic base64("<key>:")\` (curl: \`-u 'sk_test_w5INQyINqa5INQe013Nq:'\`).
On \`127.0.0.1\` no key is needed at all. Your own merchant with its own keys:
\`curl -s http://127.0.0.1:8080/sandbox/v1/merchants -H 'Content-Type: application/json' -d '{"name":"My shop"}'\`.

## A payment with curl

\`\`\`sh
B=http://127.0.0.1:8080/api-partner/v1/apps-in-toss/pay
H=(-H 'Content-Type: application/json' -H 'x-toss-user-key: 1234')
curl -s \$B/make-payment "\${H[@]}" -d '{"orderNo":"o-1","productDesc":"coffee","amount":1000,"amountTaxFree":0,"isTestPayment":true}'
curl -s http://127.0.0.1:8080/sandbox/v1/checkout/authorize "\${H[@]}" -d '{"payToken":"<payToken>","payMethod":"TOSS_MONEY"}'
curl -s \$B/execute-payment "\${H[@]}" -d '{"payToken":"<payToken>","isTestPayment":true}'
curl -s \$B/get-payment-status "\${H[@]}" -d '{"payToken":"<payToken>","orderNo":"o-1","isTestPayment":true}'
\`\`\`

## The guide's front-end code, unchanged: the import map

\`\`\`html
<script type="importmap">
{ "imports": {
    "@apps-in-toss/framework": "http://127.0.0.1:8080/sdk/web-framework.js",
    "@apps-in-toss/web-framework": "http://127.0.0.1:8080/sdk/web-framework.js" } }
</script>
<script type="module">
  import { TossPay, appLogin } from "@apps-in-toss/framework";
  const { authorizationCode, referrer } = await appLogin();          // the login window
  await TossPay.checkoutPayment({ payToken });                         // the checkout window
</script>
\`\`\`

Add \`?merchantId=m_…\` to both URLs for your own merchant. Types: \`/sdk/web-framework.d.ts\`;
the classic script \`/sdk/tosspay.js\` exposes \`TossPay.checkoutPayment\` too. The console is at
\`http://127.0.0.1:8080/console\`.

## A known world: fixtures

\`fixtures/basic.json\` makes a buyer, a Toss Money payment paid and refunded, a card payment
paid in 3 months, and a payment waiting for a browser checkout:

\`\`\`sh
./tosspay serve --fixtures fixtures/basic.json          # applied once, to an empty store
./tosspay fixtures apply fixtures/basic.json --api-key sk_test_w5INQyINqa5INQe013Nq   # against a running server
\`\`\`

## What is inside

| file | what |
|---|---|
| \`tosspay\` | the server and command-line tool (release build, Swift runtime, Foundation, SQLite and every page inside) |
| \`README.md\` | this file |
$LICENSE_ROW| \`THIRD_PARTY_NOTICES.txt\` | licenses and notices of the Swift runtime and the packages linked in |
| \`fixtures/basic.json\` | the example fixtures file |

The full documentation (every endpoint, error code and setting) lives with the source, in
\`README.md\` and \`docs/\`.
README

mkdir -p dist
ARCHIVE="dist/$NAME.tar.gz"
tar --owner=0 --group=0 --numeric-owner --sort=name -czf "$ARCHIVE" -C "$STAGE_ROOT" "$NAME"
(cd dist && sha256sum "$NAME.tar.gz" >"$NAME.tar.gz.sha256")
echo "==> $ARCHIVE ($(du -h "$ARCHIVE" | cut -f1); binary ${SIZE_MB} MB; glibc >= $GLIBC)"
