#!/usr/bin/env bash
# Builds the npm package `ncpcert` from bindings-wasm/ into bindings-wasm/pkg/ and packs it
# into bindings-wasm/dist/. Installs the wasm target, the exact wasm-bindgen CLI of
# Cargo.lock and wasm-opt (npm `binaryen`) when missing; downloads only registry packages.
source "$(dirname "$0")/lib/common.sh"

ensure_wasm_target
ensure_wasm_bindgen_cli

step "npm package: wasm build"
cargo build --quiet -p ncpcert-wasm --target wasm32-unknown-unknown --profile release-wasm
wasm="target/wasm32-unknown-unknown/release-wasm/ncpcert_wasm.wasm"

src=bindings-wasm/js
# Laid out in a staging folder and moved into place at the end, so that pkg/ is never seen
# half-built.
final=bindings-wasm/pkg
pkg=bindings-wasm/pkg.staging
rm -rf "$pkg" bindings-wasm/dist
mkdir -p "$pkg/lib" "$pkg/node" "$pkg/web" bindings-wasm/dist

wasm-bindgen --target nodejs --no-typescript --out-dir "$pkg/node" "$wasm"
wasm-bindgen --target web --no-typescript --out-dir "$pkg/web" "$wasm"

step "npm package: wasm-opt"
(cd bindings-wasm/tools && npm install --silent --no-audit --no-fund)
wasm_opt=bindings-wasm/tools/node_modules/.bin/wasm-opt
for f in "$pkg/node/ncpcert_wasm_bg.wasm" "$pkg/web/ncpcert_wasm_bg.wasm"; do
  "$wasm_opt" -Oz --enable-bulk-memory --enable-sign-ext --enable-mutable-globals \
    --enable-nontrapping-float-to-int --enable-reference-types --enable-multivalue \
    --strip-debug --strip-producers \
    "$f" -o "$f.opt"
  mv "$f.opt" "$f"
done

step "npm package: layout"
cp "$src/package.json" "$src/README.md" "$src/index.d.ts" "$pkg/"
cp LICENSE-MIT LICENSE-APACHE NOTICE "$pkg/"
# The same declarations as an ES module for `import` under node16/nodenext resolution.
cp "$src/index.d.ts" "$pkg/index.d.mts"
cp "$src/api.js" "$pkg/lib/api.js"
# The CommonJS copy of the shared layer: the same source with its exports rewritten.
{
  echo '"use strict";'
  sed -e 's/^export class /class /' -e 's/^export function /function /' "$src/api.js"
  echo 'module.exports = { createApi, NcpError, NcpValidationError, NcpSigningError, NcpCsrError, NcpApiError };'
} > "$pkg/lib/api.cjs"
echo '{ "type": "module" }' > "$pkg/lib/package.json"
echo '{ "type": "module" }' > "$pkg/web/package.json"
cp "$src/node-index.cjs" "$pkg/node/index.cjs"
cp "$src/node-index.mjs" "$pkg/node/index.mjs"
cp "$src/web-index.js" "$pkg/web/index.js"
rm -f "$pkg/node/.gitignore" "$pkg/web/.gitignore"

rm -rf "$final"
mv "$pkg" "$final"
(cd "$final" && npm pack --silent --pack-destination ../dist >/dev/null)
size=$(gzip -9c "$final/web/ncpcert_wasm_bg.wasm" | wc -c)
echo "npm package: $(ls bindings-wasm/dist/*.tgz); web .wasm $(wc -c < "$final/web/ncpcert_wasm_bg.wasm") bytes, $size gzipped"
