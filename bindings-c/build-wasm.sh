#!/usr/bin/env bash
# Builds the zero-import ncpcert-ffi.wasm (wasm32-unknown-unknown, no wasm-bindgen) into
# target/ncpcert-c/wasm/, and copies it next to the Go module's sources, which embed it.
set -euo pipefail
HERE="$(cd "$(dirname "$0")" && pwd)"
REPO="$(cd "$HERE/.." && pwd)"
cd "$REPO"
# -p only: a workspace build for wasm32 would drag PyO3 in. release-wasm aborts on panic
# (a panic is a trap: `unreachable`, no import) and optimises for size.
cargo build --quiet -p ncpcert-ffi --target wasm32-unknown-unknown --profile release-wasm
mkdir -p target/ncpcert-c/wasm
cp target/wasm32-unknown-unknown/release-wasm/ncpcert_ffi.wasm target/ncpcert-c/wasm/ncpcert-ffi.wasm
cp target/ncpcert-c/wasm/ncpcert-ffi.wasm bindings-go/ncpcert-ffi.wasm
echo "zero-import module: target/ncpcert-c/wasm/ncpcert-ffi.wasm ($(wc -c <target/ncpcert-c/wasm/ncpcert-ffi.wasm) bytes)"
