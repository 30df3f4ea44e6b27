#!/usr/bin/env bash
# The JavaScript host matrix of the npm package (SPEC §13): declarations checked by
# @arethetypeswrong/cli, then Node (ESM, CommonJS, TypeScript), Deno, Bun, esbuild for Node,
# Cloudflare Workers (wrangler + miniflare) and pages built by esbuild, vite, webpack and rollup
# in headless Chromium — each from the packed tarball (../../dist/ncpcert-*.tgz, made by
# scripts/build-npm.sh) installed in a fresh folder, target/hosts/app. The tools are pinned in
# package-lock.json here and installed with `npm ci` when it changed; all come from the npm
# registry (deno, bun and workerd ship their binaries inside registry packages).
#   bash run.sh [HOST...]     (see drive.mjs for the host names; all by default)
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/../../.." && pwd)"
cd "$HERE"

shopt -s nullglob
tarballs=("$ROOT"/bindings-wasm/dist/ncpcert-*.tgz)
shopt -u nullglob
if [ "${#tarballs[@]}" -ne 1 ]; then
  echo "hosts/run.sh: expected exactly one bindings-wasm/dist/ncpcert-*.tgz (run scripts/build-npm.sh first)" >&2
  exit 2
fi
tarball="${tarballs[0]}"

# Headless Chromium for the pages: Debian's, as for the browser tests.
if [ ! -x "${CHROMIUM:-/usr/bin/chromium}" ]; then
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium
fi

stamp=node_modules/.ncpcert-hosts-lock.json
if ! cmp -s package-lock.json "$stamp"; then
  # The install scripts of deno, bun, esbuild and workerd take their binaries from their
  # platform packages (optional dependencies, from the registry): nothing is downloaded.
  PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund
  cp package-lock.json "$stamp"
fi

echo "---- declarations: attw --pack ----"
# The package as packed, every entry point, under node10, node16 (CJS and ESM) and bundler.
npx --no-install attw --pack "$ROOT/bindings-wasm/pkg" --format table-flipped

app="$ROOT/target/hosts/app"
rm -rf "$app"
mkdir -p "$app"
cp -R app/. "$app/"
# The sample CSR as a module every host can import, bundled or not.
node -e 'const fs = require("fs"); fs.writeFileSync(process.argv[2], "export const CSR = " + JSON.stringify(fs.readFileSync(process.argv[1], "utf8")) + ";\n")' \
  "$ROOT/tests/data/sample.csr.pem" "$app/csr.js"
echo '{ "name": "ncpcert-host-app", "private": true, "type": "module" }' > "$app/package.json"
(cd "$app" && npm install --no-audit --no-fund --no-package-lock "$tarball" >/dev/null)

echo "---- hosts ----"
node drive.mjs "$app" "$@"
