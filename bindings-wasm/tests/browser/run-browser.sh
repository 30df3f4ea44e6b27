#!/usr/bin/env bash
# Browser tests of the npm package's browser entry (bindings-wasm/pkg/full/browser.js) in Debian's Chromium,
# driven by playwright-core. Installs what it needs, idempotently; never downloads a browser
# (no `npx playwright install`: only Debian's chromium package).
#   bash bindings-wasm/tests/browser/run-browser.sh
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/../../.." && pwd)"
CHROMIUM="${CHROMIUM:-/usr/bin/chromium}"

if [ ! -f "$ROOT/bindings-wasm/pkg/full/browser.js" ]; then
  echo "run-browser.sh: $ROOT/bindings-wasm/pkg/full/browser.js is missing: run scripts/build-npm.sh first" >&2
  exit 2
fi

if [ ! -x "$CHROMIUM" ]; then
  echo "run-browser.sh: installing Debian chromium" >&2
  SUDO=""
  if [ "$(id -u)" != 0 ]; then SUDO="sudo"; fi
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq chromium
fi

cd "$HERE"
if [ ! -f node_modules/playwright-core/package.json ] ||
   [ "$(node -p "require('./node_modules/playwright-core/package.json').version")" != \
     "$(node -p "require('./package.json').devDependencies['playwright-core']")" ]; then
  echo "run-browser.sh: installing playwright-core" >&2
  # The browser comes from Debian; playwright-core itself never downloads one.
  PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm install --no-audit --no-fund
fi

CHROMIUM="$CHROMIUM" exec node run.mjs
