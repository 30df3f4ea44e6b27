#!/usr/bin/env bash
# The C ABI and its callers (SPEC §11): C (header drift, ASan + UBSan, valgrind, the example),
# the zero-import .wasm (Node and Python wasmtime), Go (wazero), Java (JNA; FFM on JDK 22+)
# and PHP (FFI). Installs what it needs first (idempotent).
source "$(dirname "$0")/lib/common.sh"

ensure_wasm_target
ensure_cbindgen
ensure_c_tools
ensure_go
ensure_maven
ensure_ffi_venv

declare -a TIMES=()
timed() {
  local name="$1" start=$SECONDS
  shift
  step "$name"
  "$@"
  TIMES+=("$name: $((SECONDS - start)) s")
}

c_suite() { bash bindings-c/tests/run.sh; }

wasm_suite() {
  bash bindings-c/build-wasm.sh
  node --test bindings-c/tests/wasm/node-wasm.test.mjs
  .venv-ffi/bin/python -m pytest -q -p no:cacheprovider bindings-c/tests/wasm
}

# The Go module embeds the checked-in bindings-go/ncpcert-ffi.wasm: first check that it is the
# module the sources build now (a stale copy fails, saying how to regenerate it), then test it.
go_suite() {
  bash bindings-go/regenerate-wasm.sh --check
  (cd bindings-go && go vet ./... && NCPCERT_GO_REQUIRE_MOCK=1 go test -count=1 ./...)
}

java_suite() {
  local jdk22
  (cd bindings-java && mvn -B --no-transfer-progress test)
  if jdk22=$(find_jdk22); then
    echo "JDK 22+ found ($jdk22): the JNA and FFM backends both run"
    (cd bindings-java && JAVA_HOME="$jdk22" mvn -B --no-transfer-progress test)
  else
    echo "#####################################################################"
    echo "## NO JDK 22+: FFM tests SKIPPED (only the JNA backend was tested) ##"
    echo "#####################################################################"
  fi
}

php_suite() {
  echo "PHP: ${PHP_FFI[*]}"
  "${PHP_FFI[@]}" bindings-php/tests/run.php
}

timed "C: header, ASan + UBSan, valgrind, example" c_suite
timed "zero-import wasm: Node and Python wasmtime" wasm_suite
timed "Go (pure Go over wazero)" go_suite
timed "Java (JNA; FFM on JDK 22+)" java_suite
timed "PHP (FFI)" php_suite

step "other languages: times"
printf '  %s\n' "${TIMES[@]}"
