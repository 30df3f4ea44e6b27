# Shared by the scripts in scripts/: strict mode, repository root, and idempotent installs of
# the tools the builds need. Every install is skipped when the tool is already there.
set -euo pipefail
REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$REPO_ROOT"

# A step's heading, with the time of day (UTC) so that a log shows where the minutes go.
step() { printf '\n==> %s  [%s]\n' "$*" "$(date -u +%T)"; }

# SPEC §9 download budgets of the npm package's four .wasm files, gzip -9, in bytes: the full
# one (`ncpcert`), the signing-only one (`ncpcert/signer`), the order workflow's
# (`ncpcert/order`, which the main entry's placeOrder loads on its first call) and the keys
# module's (`ncpcert/keys`: no key arithmetic, WebCrypto makes the keys and signs; the core
# builds the CSR around the signature). Checked by check-wasm-size.sh, reported by bench.sh.
export NCPCERT_WASM_GZIP_BUDGET=350000
export NCPCERT_SIGNER_WASM_GZIP_BUDGET=25000
export NCPCERT_ORDER_WASM_GZIP_BUDGET=150000
export NCPCERT_KEYS_WASM_GZIP_BUDGET=150000

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

# The standard library's sources, which the npm package's .wasm builds compile (build-npm.sh).
ensure_rust_src() {
  rustup component list --installed 2>/dev/null | grep -q '^rust-src' \
    || rustup component add rust-src
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

# --- Other languages (bindings-c, bindings-go, bindings-java, bindings-php) ---------------

# cbindgen generates bindings-c/include/ncpcert.h; pinned so the drift test is stable
# (Debian's cbindgen is too old for this code).
CBINDGEN_VERSION=0.29.4
ensure_cbindgen() {
  if cbindgen --version 2>/dev/null | grep -qx "cbindgen $CBINDGEN_VERSION"; then
    return
  fi
  step "installing cbindgen $CBINDGEN_VERSION (about 1 minute)"
  cargo install --quiet cbindgen --version "=$CBINDGEN_VERSION" --locked
}

# apt waits for a lock another apt holds (up to 10 minutes) instead of failing at once.
_apt_updated=""
apt_install() {
  if [[ -z "$_apt_updated" ]]; then
    apt-get -o DPkg::Lock::Timeout=600 update -qq
    _apt_updated=1
  fi
  DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=600 install -y -qq "$@" >/dev/null
}

# Every Debian package a suite installs for itself (Chromium, curl, the C tools, PHP, Maven),
# installed in one place before the suites run side by side, so that no two installs race.
ensure_debian_packages() {
  local missing=()
  [[ -x /usr/bin/chromium ]] || missing+=(chromium)
  command -v curl >/dev/null 2>&1 || missing+=(curl)
  if ((${#missing[@]})); then
    step "installing ${missing[*]} (Debian packages)"
    apt_install "${missing[@]}"
  fi
  ensure_c_tools
  ensure_maven
}

# Runs pairs of (name, function) side by side, each in a process of its own whose output goes
# to a log of its own (two suites' lines interleaved would be unreadable). Prints each log
# whole as soon as its suite ends, with its time, and fails when any failed, after all ended.
# Meanwhile, every two minutes, one line per running suite says which step it is at.
side_by_side() {
  local dir pid status failed=0
  dir=$(mktemp -d)
  local -A name_of=() start_of=()
  while (($#)); do
    ("$2") >"$dir/$1.log" 2>&1 &
    name_of[$!]="$1"
    start_of[$!]=$SECONDS
    echo "started: $1"
    shift 2
  done
  local waited=0
  while ((${#name_of[@]})); do
    sleep 1
    # Every two minutes, a sign of life: each running suite and the step it is at.
    if ((++waited % 120 == 0)); then
      for pid in "${!name_of[@]}"; do
        printf '  … %s: running for %d s, at: %s\n' "${name_of[$pid]}" "$((SECONDS - start_of[$pid]))" \
          "$(grep '^==> ' "$dir/${name_of[$pid]}.log" | tail -n 1 | cut -c5-)"
      done
    fi
    for pid in "${!name_of[@]}"; do
      kill -0 "$pid" 2>/dev/null && continue # still running
      status=0
      wait "$pid" || status=$?
      local name="${name_of[$pid]}"
      printf '\n######## %s: %s after %d s; its log follows\n' "$name" \
        "$([[ $status == 0 ]] && echo passed || echo "FAILED (exit $status)")" \
        "$((SECONDS - start_of[$pid]))"
      cat "$dir/$name.log"
      printf '######## end of %s\n' "$name"
      ((status == 0)) || failed=1
      unset "name_of[$pid]"
    done
  done
  rm -rf "$dir"
  return "$failed"
}

# C compiler, sanitizers, valgrind, pkg-config, cJSON (the C suite's JSON reader), PHP with FFI.
ensure_c_tools() {
  local missing=()
  command -v gcc >/dev/null 2>&1 || missing+=(gcc)
  command -v g++ >/dev/null 2>&1 || missing+=(g++)
  command -v valgrind >/dev/null 2>&1 || missing+=(valgrind)
  command -v pkg-config >/dev/null 2>&1 || missing+=(pkg-config)
  [[ -f /usr/include/cjson/cJSON.h ]] || missing+=(libcjson-dev)
  if ((${#missing[@]})); then
    step "installing ${missing[*]} (Debian packages)"
    apt_install "${missing[@]}"
  fi
  ensure_php_ffi
}

# A PHP command line with the FFI extension, in the array PHP_FFI (the binary and its flags).
# A machine may already have a `php` that lacks FFI, or Debian's with the module not enabled
# in conf.d; Debian's php8.2-cli ships ffi.so, so load it by hand when it is not listed, and
# install Debian's PHP when no candidate has it.
PHP_FFI=()
_php_with_ffi() {
  local bin
  for bin in "$(command -v php 2>/dev/null || true)" /usr/bin/php /usr/bin/php8.2; do
    [[ -n "$bin" && -x "$bin" ]] || continue
    if "$bin" -m 2>/dev/null | grep -qx FFI; then
      PHP_FFI=("$bin" -d ffi.enable=1)
      return 0
    fi
    if "$bin" -d extension=ffi -m 2>/dev/null | grep -qx FFI; then
      PHP_FFI=("$bin" -d extension=ffi -d ffi.enable=1)
      return 0
    fi
  done
  return 1
}
ensure_php_ffi() {
  _php_with_ffi && return
  step "installing php-cli (Debian packages; the PHP found has no FFI extension)"
  apt_install php-cli php8.2-cli
  _php_with_ffi && return
  echo "No PHP with the FFI extension: tried php, /usr/bin/php and /usr/bin/php8.2, with and" \
    "without '-d extension=ffi', after installing Debian's php8.2-cli." >&2
  return 1
}

# Go (with the module proxy) runs the Go module's tests; Debian's Go is too old for wazero.
ensure_go() {
  export PATH="$PATH:/usr/local/go/bin"
  if ! command -v go >/dev/null 2>&1; then
    echo "Go 1.25+ is needed (expected at /usr/local/go/bin)" >&2
    return 1
  fi
}

ensure_maven() {
  command -v mvn >/dev/null 2>&1 && command -v javac >/dev/null 2>&1 && return
  step "installing Maven and a JDK (Debian packages)"
  apt_install maven openjdk-17-jdk-headless
}

# The newest JDK 22+ on the machine (for the FFM API), or nothing.
find_jdk22() {
  local best="" best_major=0 dir major
  for dir in /usr/lib/jvm/* /opt/* /opt/java/*; do
    [[ -x "$dir/bin/java" && -x "$dir/bin/javac" ]] || continue
    major=$("$dir/bin/java" -XshowSettings:properties -version 2>&1 \
      | awk -F'= ' '/java.specification.version/ { print $2 }' | cut -d. -f1)
    if [[ "$major" =~ ^[0-9]+$ ]] && ((major >= 22 && major > best_major)); then
      best="$dir" best_major="$major"
    fi
  done
  [[ -n "$best" ]] && echo "$best"
}

# A venv with Python's wasmtime for the zero-import wasm test.
WASMTIME_VERSION=50.0.1
ensure_ffi_venv() {
  local venv="$REPO_ROOT/.venv-ffi"
  if ! "$venv/bin/python" -c "import wasmtime, pytest, sys; from importlib.metadata import version; sys.exit(version('wasmtime') != '$WASMTIME_VERSION')" 2>/dev/null; then
    python3 -m venv "$venv"
    "$venv/bin/pip" install -q "wasmtime==$WASMTIME_VERSION" "pytest>=8,<10"
  fi
}
