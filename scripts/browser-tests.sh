#!/usr/bin/env bash
# Runs the browser tests (tests/browser): the sample mini-app, the SDK and the checkout window in
# headless Chromium, against a real `tosspay serve` and the example merchant server.
#
# On a fresh Debian/Ubuntu machine it installs what is missing: chromium, chromium-driver and
# fonts-noto-cjk (apt, as root or through sudo) and selenium + pytest (pip). Screenshots go to
# test-output/screenshots/. Extra arguments go to pytest, e.g. `-k card -x`.
set -euo pipefail
cd "$(dirname "$0")/.."

export SE_AVOID_STATS=true   # selenium must not download a driver or send statistics
CHROMEDRIVER="${CHROMEDRIVER:-/usr/bin/chromedriver}"

fail() { echo "browser-tests: $*" >&2; exit 1; }

as_root() {
    if [ "$(id -u)" -eq 0 ]; then "$@"
    elif command -v sudo >/dev/null 2>&1; then sudo -n "$@"
    else return 1
    fi
}

if [ ! -x "$CHROMEDRIVER" ]; then
    echo "==> installing chromium, chromium-driver, fonts-noto-cjk (apt)"
    command -v apt-get >/dev/null 2>&1 || fail "$CHROMEDRIVER is missing and apt-get is not available: install Chromium and its chromedriver, then set CHROMEDRIVER=/path/to/chromedriver."
    as_root env DEBIAN_FRONTEND=noninteractive apt-get update -q \
        || fail "apt-get update failed (no network, or not root and no sudo): cannot install chromium-driver."
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends chromium chromium-driver fonts-noto-cjk \
        || fail "apt-get install chromium chromium-driver fonts-noto-cjk failed (no network?)."
    [ -x "$CHROMEDRIVER" ] || fail "chromium-driver was installed but $CHROMEDRIVER is still missing."
fi

if ! python3 -c "import selenium, pytest" >/dev/null 2>&1; then
    echo "==> installing selenium and pytest (pip)"
    python3 -m pip install --quiet selenium pytest \
        || python3 -m pip install --quiet --break-system-packages selenium pytest \
        || fail "pip install selenium pytest failed (no network, or pip missing: apt-get install python3-pip)."
    python3 -c "import selenium, pytest" >/dev/null 2>&1 || fail "selenium or pytest still cannot be imported after pip install."
fi

# The two servers the tests start; (re)built when missing or older than the Swift sources.
for product in tosspay merchant-server; do
    binary=".build/debug/$product"
    # Swift sources, and the page templates, stylesheet and scripts embedded in the binary.
    if [ ! -x "$binary" ] || [ -n "$(find Sources Examples/merchant-server Package.swift \( -name '*.swift' -o -path '*/Resources/*' \) -type f -newer "$binary" -print -quit)" ]; then
        echo "==> swift build --product $product"
        swift build --product "$product" || fail "swift build --product $product failed."
    fi
done

mkdir -p test-output/screenshots
echo "==> python3 -m pytest tests/browser"
exec python3 -m pytest tests/browser -q -p no:cacheprovider "$@"
