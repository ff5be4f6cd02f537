#!/usr/bin/env bash
# Runs every test of tosspay on a fresh machine: builds the package (and the `tosspay` binary
# that the end-to-end tests start as a real process), then runs all Swift Testing suites.
set -euo pipefail
cd "$(dirname "$0")/.."

echo "==> swift build --build-tests"
swift build --build-tests

echo "==> swift test"
swift test --skip-build "$@"
