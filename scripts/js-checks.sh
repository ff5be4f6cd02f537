#!/usr/bin/env bash
# Type-checks and lints the browser code the server embeds (Sources/TossPayServer/Resources):
# `tsc -p .` (tsconfig.json: the SDK's tosspay.d.ts with a mini-app's use of it, tests/sdk/usage.ts,
# and the SDK and checkout window scripts with checkJs) and `eslint` (.eslintrc.json) on the scripts;
# then the front-end module: `tsc -p tests/browser/guide` (web-framework.d.ts under both package
# names with the guide's handlePayment, tests/browser/guide/usage.ts and the sample mini-app's
# app.js; web-framework.js and the login window's script with checkJs) and `eslint` on the ES
# modules (web-framework.js, the mini-app's app.js) parsed as modules.
#
# Uses Debian's node-typescript and eslint packages; on a machine without them it installs them
# (apt, as root or through sudo). A few seconds.
set -euo pipefail
cd "$(dirname "$0")/.."

fail() { echo "js-checks: $*" >&2; exit 1; }

as_root() {
    if [ "$(id -u)" -eq 0 ]; then "$@"
    elif command -v sudo >/dev/null 2>&1; then sudo -n "$@"
    else return 1
    fi
}

if ! command -v tsc >/dev/null 2>&1 || ! command -v eslint >/dev/null 2>&1; then
    echo "==> installing node-typescript and eslint (apt)"
    command -v apt-get >/dev/null 2>&1 || fail "tsc or eslint is missing and apt-get is not available: install TypeScript and ESLint."
    as_root env DEBIAN_FRONTEND=noninteractive apt-get update -q \
        || fail "apt-get update failed (no network, or not root and no sudo): cannot install node-typescript and eslint."
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends node-typescript eslint \
        || fail "apt-get install node-typescript eslint failed (no network?)."
    command -v tsc >/dev/null 2>&1 && command -v eslint >/dev/null 2>&1 || fail "tsc or eslint is still missing after apt-get install."
fi

# Debian keeps its node modules in /usr/share/nodejs, which a Node.js from elsewhere (NodeSource)
# does not search; an eslint newer than Debian's would otherwise ignore .eslintrc.json.
export NODE_PATH="/usr/share/nodejs${NODE_PATH:+:$NODE_PATH}"
export ESLINT_USE_FLAT_CONFIG=false

SCRIPTS=(Sources/TossPayServer/Resources/sdk/tosspay.js Sources/TossPayServer/Resources/scripts/checkout.js
         Sources/TossPayServer/Resources/scripts/login.js)
MODULES=(Sources/TossPayServer/Resources/sdk/web-framework.js Examples/mini-app/app.js)

echo "==> tsc -p tsconfig.json ($(tsc --version))"
tsc --noEmit -p tsconfig.json
echo "==> tsc -p tests/browser/guide/tsconfig.json (the front-end module, the guide's handlePayment, the mini-app)"
tsc --noEmit -p tests/browser/guide/tsconfig.json
echo "==> eslint ($(eslint --version)) ${SCRIPTS[*]}"
# The unix formatter: Debian installs the default one's dependencies only as recommendations.
eslint --no-eslintrc -c .eslintrc.json -f unix --max-warnings 0 "${SCRIPTS[@]}"
echo "==> eslint (modules) ${MODULES[*]}"
# The same rules, parsed as ES2020 modules (`import.meta`).
eslint --no-eslintrc -c .eslintrc.json --parser-options sourceType:module --parser-options ecmaVersion:2020 \
    -f unix --max-warnings 0 "${MODULES[@]}"
echo "==> browser code checks passed"
