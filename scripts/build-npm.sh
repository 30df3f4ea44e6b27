#!/usr/bin/env bash
# Builds the npm package `ncpcert` from bindings-wasm/, one crate built four times: feature
# `full` (the full API), `signer` (`ncpcert/signer`, signing alone: the same signing exports),
# `order` (`ncpcert/order`, the order workflow, which the main entry's placeOrder loads on
# its first call) and `keys` (`ncpcert/keys`: keys and CSRs made with the host's WebCrypto, the
# core building the CSR around its signature), into bindings-wasm/pkg/, and packs it into
# bindings-wasm/dist/. Installs the
# wasm target, the exact wasm-bindgen CLI of Cargo.lock and wasm-opt (npm `binaryen`) when
# missing; downloads only registry packages.
#
# Layout (SPEC §13): one wasm-bindgen `bundler` build per module, whose glue serves every host;
# each build's .wasm ships once, in its folder, and every entry of that folder loads it:
#   full/, signer/, order/, keys/: <glue>_bg.wasm, <glue>_bg.js (+ .cjs copy), node.js, node.cjs,
#                           deno.js, workerd.js, browser.js
#   lib/: the shared JavaScript layer (errors, signing, api, order, keys, load, node-keys), ESM +
#         CommonJS copies
#   types/: declarations, .d.ts (ESM) and .d.cts (CommonJS)
# The entries of full/ and signer/ come from one set of templates (js/entries/); those of
# order/ are js/entries/order/, which prepare with full/'s entry of the same host; those of
# keys/ are js/entries/keys/, which check names and CSRs with full/'s module.
source "$(dirname "$0")/lib/common.sh"

ensure_wasm_target
ensure_rust_src
ensure_wasm_bindgen_cli

step "npm package: wasm builds (full, signing-only, order workflow, keys)"
# Each feature set has its profile, hence its own output folder (the three builds of one crate
# would otherwise overwrite one file); each .wasm is copied out under its module's name, which
# names its wasm-bindgen glue.
release=target/wasm32-unknown-unknown
wasm_out=target/npm-wasm
mkdir -p "$wasm_out"

# wasm_build PROFILE [cargo arguments]: one build of ncpcert-wasm for the npm package, with the
# standard library compiled for it (`-Z build-std`) and every panic an immediate trap
# (`-C panic=immediate-abort`). The prebuilt standard library is optimised for speed and formats
# each panic's message and location before trapping; on wasm32-unknown-unknown nothing can show
# that message (JavaScript sees the same `RuntimeError` either way, which the shared layer turns
# into an `internal.panic` NcpError), so the formatting, the messages and the source paths are
# dead weight: 19.3 KB of the gzipped full .wasm (368 485 -> 349 231 bytes). Both are unstable
# options of this toolchain, hence RUSTC_BOOTSTRAP; they are used for these four builds only,
# never for native code (the CLI, Python, C keep unwinding or aborting as before).
# The source paths some crates still record (for their own error locations) are written
# relative to the registry and the standard library's sources, not under this machine's home:
# the same .wasm whoever builds it.
wasm_build() {
  local profile=$1 registry sysroot
  shift
  registry="${CARGO_HOME:-$HOME/.cargo}/registry/src"
  sysroot="$(rustc --print sysroot)/lib/rustlib/src/rust"
  RUSTC_BOOTSTRAP=1 RUSTFLAGS="${RUSTFLAGS:-} -Zunstable-options -Cpanic=immediate-abort \
    --remap-path-prefix=$registry=crates --remap-path-prefix=$sysroot=rust" \
    cargo build --quiet -p ncpcert-wasm --target wasm32-unknown-unknown --profile "$profile" \
    -Z build-std=std,panic_abort "$@"
}

wasm_build release-wasm
cp "$release/release-wasm/ncpcert_wasm.wasm" "$wasm_out/ncpcert_wasm.wasm"
wasm_build release-wasm-order --no-default-features --features order
cp "$release/release-wasm-order/ncpcert_wasm.wasm" "$wasm_out/ncpcert_wasm_order.wasm"
# The signing-only build: SHA-256's compact software backend (its unrolled one is ~8 KB of
# code), for the 25 000-byte budget of SPEC §9. A flag of sha2's own, set for this build only.
RUSTFLAGS="${RUSTFLAGS:-} --cfg sha2_backend_soft=\"compact\"" \
  wasm_build release-wasm-signer --no-default-features --features signer
cp "$release/release-wasm-signer/ncpcert_wasm.wasm" "$wasm_out/ncpcert_wasm_signer.wasm"
# The keys build (its own 150 000-byte budget): no key arithmetic (WebCrypto makes the keys and
# signs), the CSR's structure only. SHA-256's compact backend too, should anything link it.
RUSTFLAGS="${RUSTFLAGS:-} --cfg sha2_backend_soft=\"compact\"" \
  wasm_build release-wasm-keys --no-default-features --features keys
cp "$release/release-wasm-keys/ncpcert_wasm.wasm" "$wasm_out/ncpcert_wasm_keys.wasm"

src=bindings-wasm/js
tools=bindings-wasm/tools
# Laid out in a staging folder and moved into place at the end, so that pkg/ is never seen
# half-built.
final=bindings-wasm/pkg
pkg=bindings-wasm/pkg.staging
rm -rf "$pkg" bindings-wasm/dist
mkdir -p "$pkg/lib" "$pkg/types" "$pkg/full" "$pkg/signer" "$pkg/order" "$pkg/keys" bindings-wasm/dist

(cd "$tools" && npm ci --silent --no-audit --no-fund)
wasm_opt=$tools/node_modules/.bin/wasm-opt

# placeOrder is not among them: the full entries define it themselves, loading order/ on its
# first call (the templates' `@order-begin` … `@order-end` blocks, kept for full/ only).
FULL_NAMES="sign, verify, validate, prepare, inspectCsr, parseResponse, listAdvancedCertificates, parseCertificateList, listDcvStatuses, parseDcvStatuses, validationDomains, getCertificateChain, parseCertificateChain, listOrganizations, parseOrganizations, transportOutcome, Signer, NcpOrderError"
SIGNER_NAMES="sign, verify, Signer"

# bindgen DIR WASM GLUE: the wasm-bindgen glue and the optimised .wasm of one build in DIR.
bindgen() {
  local dir=$1 wasm=$2 glue=$3 out=$pkg/$1
  step "npm package: $dir/ (wasm-bindgen, wasm-opt, entries)"
  wasm-bindgen --target bundler --no-typescript --out-dir "$out" "$wasm"
  # The bundler target's own entry imports the .wasm as an ES module, which only some hosts
  # do: each entry loads it its host's way instead.
  rm -f "$out/${glue%_bg}.js" "$out/.gitignore"
  # Functions that differ only in constants merged first, then -Oz until nothing changes:
  # 1.1 + 1.6 KB less of the gzipped full .wasm, 0.2 + 1.2 KB of the order one, no measurable
  # change in signing or CSR inspection speed (Node, interleaved runs).
  # --low-memory-unused lets a small constant added to an address become the load's or store's
  # offset (1.1 KB less of the full .wasm): the two differ only for an address that wraps
  # around to the first 1 KiB of memory, which Rust's code never reaches that way (its stack
  # comes first and ends there, growing down from 1 MiB).
  "$wasm_opt" --merge-similar-functions -Oz --converge --low-memory-unused \
    --enable-bulk-memory --enable-sign-ext --enable-mutable-globals \
    --enable-nontrapping-float-to-int --enable-reference-types --enable-multivalue \
    --strip-debug --strip-producers \
    "$out/$glue.wasm" -o "$out/$glue.wasm.opt"
  mv "$out/$glue.wasm.opt" "$out/$glue.wasm"
  node "$tools/esm-to-cjs.mjs" "$out/$glue.js" "$out/$glue.cjs"
}

# build DIR WASM GLUE API CREATE NAMES ORDER: a build whose entries come from the templates;
# ORDER=yes keeps their placeOrder blocks.
build() {
  local dir=$1 wasm=$2 glue=$3 api=$4 create=$5 names=$6 order=$7 out=$pkg/$1
  bindgen "$dir" "$wasm" "$glue"
  local cjs_exports blocks
  cjs_exports=$(tr -d ' ' <<<"$names" | tr ',' '\n' | sed 's/.*/exports.&\ =\ api.&;/')
  if [ "$order" = yes ]; then
    blocks='/^\/\/ @order-\(begin\|end\)$/d'
  else
    blocks='/^\/\/ @order-begin$/,/^\/\/ @order-end$/d'
  fi
  for t in "$src"/entries/*.js "$src"/entries/*.cjs; do
    local name
    name=$(basename "$t")
    sed -e "$blocks" -e "s/@DIR@/$dir/g" -e "s/@GLUE@/$glue/g" -e "s/@API@/$api/g" \
      -e "s/@CREATE@/$create/g" -e "s/@NAMES@/$names/g" "$t" \
      | awk -v lines="$cjs_exports" '$0 == "@CJS_EXPORTS@" { print lines; next } { print }' \
      > "$out/$name"
  done
}

build full "$wasm_out/ncpcert_wasm.wasm" ncpcert_wasm_bg api createApi "$FULL_NAMES" yes
build signer "$wasm_out/ncpcert_wasm_signer.wasm" ncpcert_wasm_signer_bg signing createSigningApi "$SIGNER_NAMES" no
bindgen order "$wasm_out/ncpcert_wasm_order.wasm" ncpcert_wasm_order_bg
cp "$src"/entries/order/*.js "$src"/entries/order/*.cjs "$pkg/order/"
bindgen keys "$wasm_out/ncpcert_wasm_keys.wasm" ncpcert_wasm_keys_bg
cp "$src"/entries/keys/*.js "$src"/entries/keys/*.cjs "$pkg/keys/"

step "npm package: shared layer, declarations, metadata"
for f in errors signing api order keys load node-keys; do
  cp "$src/$f.js" "$pkg/lib/$f.js"
  node "$tools/esm-to-cjs.mjs" "$src/$f.js" "$pkg/lib/$f.cjs"
done
# The same declarations for both module formats: .d.ts is ESM in this "type": "module"
# package, .d.cts CommonJS (whose default export is the `exports.default` of the require entry).
for f in index models signer order keys; do
  cp "$src/types/$f.d.ts" "$pkg/types/$f.d.ts"
  sed -e 's#from "./\(index\|models\)\.js"#from "./\1.cjs"#' "$src/types/$f.d.ts" > "$pkg/types/$f.d.cts"
done
cp "$src/package.json" "$src/README.md" "$pkg/"
cp LICENSE-MIT LICENSE-APACHE NOTICE "$pkg/"

rm -rf "$final"
mv "$pkg" "$final"
(cd "$final" && npm pack --silent --pack-destination ../dist >/dev/null)
for w in "$final"/full/*.wasm "$final"/signer/*.wasm "$final"/order/*.wasm "$final"/keys/*.wasm; do
  echo "npm package: $w $(wc -c <"$w") bytes, $(gzip -9c "$w" | wc -c) gzipped"
done
echo "npm package: $(ls bindings-wasm/dist/*.tgz)"
