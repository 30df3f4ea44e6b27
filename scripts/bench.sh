#!/usr/bin/env bash
# Runs every SPEC §9 measurement in one go and writes BENCHMARKS.md at the repository root.
# Not part of scripts/test.sh: timing is not a test. Installs what it needs first (idempotent,
# registry packages and Debian's chromium only):
#   - the npm package (scripts/build-npm.sh) and, in bindings-wasm/bench/, playwright-core,
#     @peculiar/x509 + reflect-metadata (bundled for the browser page by esbuild) and the packed
#     package itself (--no-save);
#   - the Python abi3 wheel (maturin in .venv-build, as the Python suite builds it) and the venv
#     .venv-bench with that wheel and pyca/cryptography.
# Then: criterion core benches (several rounds), Node, headless Chromium (signing and CSR
# inspection), Python, cold starts of whole node and python processes, wasm size.
# Each sub-benchmark prints JSON lines, collected in target/bench/results.jsonl; their logs go
# to target/bench/*.log. scripts/bench_report.py writes the markdown.
#   scripts/bench.sh                      # NCPCERT_BENCH_ROUNDS=9 by default
#   NCPCERT_BENCH_ROUNDS=5 NCPCERT_BENCH_CRITERION_ROUNDS=3 scripts/bench.sh
source "$(dirname "$0")/lib/common.sh"

START=$SECONDS
ROUNDS="${NCPCERT_BENCH_ROUNDS:-9}"
CRITERION_ROUNDS="${NCPCERT_BENCH_CRITERION_ROUNDS:-5}"
CHROMIUM="${CHROMIUM:-/usr/bin/chromium}"
OUT="$REPO_ROOT/target/bench"
RESULTS="$OUT/results.jsonl"
export PIP_DISABLE_PIP_VERSION_CHECK=1 PIP_NO_INPUT=1 PYTHONDONTWRITEBYTECODE=1
export CARGO_TARGET_DIR="$REPO_ROOT/target"
mkdir -p "$OUT"
: > "$RESULTS"

# Every step header shows the time since the start.
step() { printf '\n==> [%ds] %s\n' "$((SECONDS - START))" "$*"; }

FAILED=()
fail() { printf '!!! FAILED: %s\n' "$*" >&2; FAILED+=("$*"); }

# A venv that works, created if missing and recreated if broken.
ensure_venv() {
  local venv="$1"
  if [[ -x "$venv/bin/python" ]] && "$venv/bin/python" -m pip --version >/dev/null 2>&1; then
    return 0
  fi
  rm -rf -- "$venv"
  python3 -m venv "$venv"
}

ensure_chromium() {
  [[ -x "$CHROMIUM" ]] && return
  local sudo=""
  [[ "$(id -u)" == 0 ]] || sudo=sudo
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq chromium
}

# ---------------------------------------------------------------------------- builds
step "toolchain"
ensure_wasm_target
ensure_chromium

step "npm package"
./scripts/build-npm.sh
shopt -s nullglob
tarballs=(bindings-wasm/dist/ncpcert-*.tgz)
shopt -u nullglob
[[ ${#tarballs[@]} -eq 1 ]] || { echo "expected one bindings-wasm/dist/ncpcert-*.tgz" >&2; exit 1; }
TARBALL="$REPO_ROOT/${tarballs[0]}"

step "bench dependencies (playwright-core, @peculiar/x509, esbuild, the packed package)"
(
  cd bindings-wasm/bench
  # Every devDependency installed at its pinned version, or install them all.
  if ! node -e '
    const want = require("./package.json").devDependencies;
    for (const [name, version] of Object.entries(want)) {
      if (require(`./node_modules/${name}/package.json`).version !== version) process.exit(1);
    }' 2>/dev/null; then
    PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm install --no-audit --no-fund --no-package-lock
  fi
  # @peculiar/x509 and its dependencies as one ES module the page imports without a bundler.
  node_modules/.bin/esbuild peculiar-entry.js --bundle --format=esm --log-level=warning \
    --outfile=peculiar.bundle.js
  # The package as users get it, from the tarball; removed first so a rebuilt tarball with the
  # same version is the one measured.
  rm -rf node_modules/ncpcert
  npm install --no-save --no-audit --no-fund --no-package-lock "$TARBALL"
)

step "python wheel and .venv-bench"
ensure_venv .venv-build
if ! .venv-build/bin/python -c 'import importlib.metadata as m, sys; v = tuple(int(x) for x in m.version("maturin").split(".")[:2]); sys.exit(not ((1, 9) <= v < (2, 0)))' 2>/dev/null; then
  .venv-build/bin/python -m pip install -q "maturin>=1.9.4,<2"
fi
rm -rf -- "$OUT/wheel"
.venv-build/bin/maturin build --release -m bindings-python/Cargo.toml --out "$OUT/wheel"
ensure_venv .venv-bench
# pyca/cryptography (the CSR baseline) and the official NCP Python SDK (the signing baseline
# `ApiClient.make_signature`, which ncloud-sdk takes from its ncloud-server package).
.venv-bench/bin/python -m pip install -q cryptography "ncloud-sdk==1.1.9"
.venv-bench/bin/python -m pip install -q --force-reinstall --no-deps "$OUT"/wheel/ncpcert-*-abi3-*.whl

step "criterion benches: build"
cargo bench --quiet -p ncpcert --bench core --no-run

# ---------------------------------------------------------------------------- measurements
MEASURE_START=$SECONDS
step "native: criterion core benches, $CRITERION_ROUNDS rounds"
: > "$OUT/criterion.log"
for ((r = 1; r <= CRITERION_ROUNDS; r++)); do
  echo "round $r of $CRITERION_ROUNDS"
  # Only this round's results under target/criterion: read from estimates.json below. Only
  # the median point estimate is used, so fewer bootstrap resamples than the default 100 000.
  rm -rf target/criterion
  if cargo bench --quiet -p ncpcert --bench core -- --warm-up-time 1 --measurement-time 3 \
       --nresamples 10000 >> "$OUT/criterion.log" 2>&1; then
    python3 scripts/bench_report.py criterion "$r" target/criterion >> "$RESULTS" || fail "criterion round $r: results"
  else
    fail "criterion round $r (see $OUT/criterion.log)"
    break
  fi
done

step "node: wasm Signer.headers vs node:crypto"
(cd bindings-wasm/bench && NCPCERT_BENCH_ROUNDS="$ROUNDS" node sign.mjs) >> "$RESULTS" || fail "node bench"

step "browser: wasm Signer.headers vs crypto.subtle.sign, inspectCsr vs @peculiar/x509 (headless Chromium)"
CHROMIUM="$CHROMIUM" NCPCERT_BENCH_ROUNDS="$ROUNDS" node bindings-wasm/bench/browser.mjs >> "$RESULTS" || fail "browser bench"

step "python: Signer.headers and inspect_csr vs the stdlib and pyca"
.venv-bench/bin/python bindings-python/bench/bench.py --rounds "$ROUNDS" >> "$RESULTS" || fail "python bench"

step "python: cold start, whole process (import ncpcert + one sign vs hmac/hashlib/base64)"
.venv-bench/bin/python bindings-python/bench/cold_start.py --rounds "$ROUNDS" >> "$RESULTS" || fail "python cold start"

# The npm package's four .wasm files (SPEC §9 budgets) and the Node cold start of both entries:
# the JavaScript hosts' figures, kept in functions of their own.
js_wasm_sizes() {
  local id member raw gz
  for pair in "wasm.size:package/full/ncpcert_wasm_bg.wasm" \
              "wasm.size.signer:package/signer/ncpcert_wasm_signer_bg.wasm" \
              "wasm.size.order:package/order/ncpcert_wasm_order_bg.wasm" \
              "wasm.size.keys:package/keys/ncpcert_wasm_keys_bg.wasm"; do
    id=${pair%%:*}
    member=${pair#*:}
    if raw=$(tar -xzOf "$TARBALL" "$member" | wc -c) && gz=$(tar -xzOf "$TARBALL" "$member" | gzip -9c | wc -c); then
      echo "$member: $raw bytes, $gz bytes with gzip -9"
      printf '{"id": "%s", "file": "%s", "raw_bytes": %d, "gzip9_bytes": %d}\n' \
        "$id" "$(basename "$TARBALL"):$member" "$raw" "$gz" >> "$RESULTS"
    else
      fail "wasm size ($member)"
    fi
  done
}

js_node_cold_start() {
  (cd bindings-wasm/bench && NCPCERT_BENCH_ROUNDS="$ROUNDS" node cold-start.mjs) >> "$RESULTS" || fail "node cold start"
}

step "wasm sizes: the npm package's four .wasm files"
js_wasm_sizes

step "node: cold start of ncpcert and ncpcert/signer vs node:crypto (whole process)"
js_node_cold_start

# ---------------------------------------------------------------------------- report
step "BENCHMARKS.md"
python3 scripts/bench_report.py markdown "$RESULTS" BENCHMARKS.md \
  --seconds "$((SECONDS - START))" --measure-seconds "$((SECONDS - MEASURE_START))"
echo "scripts/bench.sh: $((SECONDS - START)) s"
if [[ ${#FAILED[@]} -gt 0 ]]; then
  printf '\nbench: %d part(s) failed:\n' "${#FAILED[@]}" >&2
  printf '  - %s\n' "${FAILED[@]}" >&2
  exit 1
fi
