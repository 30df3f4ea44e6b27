# Shared by the scripts in scripts/: strict mode, repository root, and idempotent installs of
# the tools the builds need. Every install is skipped when the tool is already there.
set -euo pipefail
REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$REPO_ROOT"

step() { printf '\n==> %s\n' "$*"; }

# SPEC §9 browser download budget: the npm package's full .wasm, gzip -9, "350 KB" read as 350 000
# bytes (the stricter reading). Checked by check-wasm-size.sh, reported by bench.sh.
export NCPCERT_WASM_GZIP_BUDGET=350000

ensure_rust_components() {
  local installed
  installed="$(rustup component list --installed 2>/dev/null || true)"
  for c in clippy rustfmt; do
    grep -q "^$c" <<<"$installed" || rustup component add "$c"
  done
}

ensure_wasm_target() {
  rustup target list --installed | grep -qx wasm32-unknown-unknown \
    || rustup target add wasm32-unknown-unknown
}

# The CSR tests compare signature verdicts with OpenSSL's.
ensure_openssl() {
  command -v openssl >/dev/null 2>&1 && return
  apt-get update -qq && apt-get install -y -qq openssl
}

# The wasm-bindgen CLI must equal the wasm-bindgen crate version in Cargo.lock exactly.
ensure_wasm_bindgen_cli() {
  local want
  want=$(awk '/^name = "wasm-bindgen"$/ { getline; gsub(/version = |"/, ""); print; exit }' Cargo.lock)
  if wasm-bindgen --version 2>/dev/null | grep -qx "wasm-bindgen $want"; then
    return
  fi
  step "installing wasm-bindgen-cli $want (about 2 minutes)"
  cargo install --quiet wasm-bindgen-cli --version "=$want" --locked \
    || cargo install --quiet wasm-bindgen-cli --version "=$want"
}
