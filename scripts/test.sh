#!/usr/bin/env bash
# Runs every test suite. Installs what it needs first (idempotent).
source "$(dirname "$0")/lib/common.sh"

step "toolchain"
ensure_rust_components
ensure_wasm_target
ensure_openssl

step "format"
cargo fmt --all --check

step "clippy"
cargo clippy --workspace --all-targets -- -D warnings

step "rustdoc (warnings are errors)"
RUSTDOCFLAGS="-D warnings" cargo doc --quiet -p ncpcert --no-deps

step "rust tests"
cargo test --workspace

step "generated types are the core's (schema; TypeScript, Python, Go, Java models)"
python3 scripts/generate-types.py --check

step "core builds for wasm32-unknown-unknown"
cargo build -p ncpcert --target wasm32-unknown-unknown --release

step "npm package"
./scripts/build-npm.sh

step "wasm sizes (SPEC §9 budgets of all four modules) and one .wasm per build"
./scripts/check-wasm-size.sh

step "Debian packages for every suite (before they run side by side)"
ensure_debian_packages

# Two lanes on the two cores: the JavaScript suites wait on browsers and package installs
# while the Python suites compile, and so on. Lengths on a fresh 2-core machine, alone:
# JavaScript 2 min + other languages 3.5; Python 3.5 + end-to-end 3.5 (which needs the wheel
# the Python suites build, and the npm package built above; on a cold Go build cache, building
# lego for the ACME-client test adds about 4 min, overlapped with the Python suites' wait).
javascript_and_other_language_suites() {
  step "node tests"
  bash bindings-wasm/tests/run-node.sh

  step "browser tests (headless Chromium)"
  bash bindings-wasm/tests/browser/run-browser.sh

  step "JavaScript hosts (SPEC §13): attw, Node ESM/CJS/TypeScript, Deno, Bun, Workers, bundlers in Chromium"
  bash bindings-wasm/tests/hosts/run.sh

  step "other languages: C ABI, zero-import wasm, Go, Java, PHP"
  ./scripts/test-other-languages.sh
}

python_and_end_to_end_suites() {
  step "python tests (abi3 wheel on two CPython versions)"
  bash bindings-python/tests/run.sh

  step "end-to-end tests (mock NCP server; CLI, requests, httpx, Node fetch, curl; certbot and lego with ncpcert dns against pebble)"
  bash tests/e2e/run.sh

  # After the end-to-end suite: its venv has the wheel, the CLI's release build is fresh, and
  # the Node suite's node_modules has the npm package (the other lane; waited for below).
  step "README examples (Rust with rustdoc; Python, JavaScript, sh as written)"
  python3 scripts/readme-examples.py --only rust,python,sh
}

step "suites side by side: JavaScript, C, Go, Java, PHP | Python, end-to-end"
side_by_side "JavaScript and other-language suites" javascript_and_other_language_suites \
  "Python and end-to-end suites" python_and_end_to_end_suites

step "README examples of JavaScript (the npm package the Node suite installed)"
python3 scripts/readme-examples.py --only js

step "release packages: dry runs of every artefact, licence files in each (scripts/release-check.sh)"
# The wheel run.sh built and tested is the one checked; the npm package is the one built above.
shopt -s nullglob
tested_wheels=(bindings-python/dist/ncpcert-*-abi3-*manylinux2014*.whl)
shopt -u nullglob
NCPCERT_WHEEL="${tested_wheels[0]:-}" NCPCERT_SKIP_NPM_BUILD=1 ./scripts/release-check.sh

step "all suites passed"
