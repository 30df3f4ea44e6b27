#!/usr/bin/env bash
# The Go module embeds ncpcert-ffi.wasm, checked in so that `go get` needs no Rust toolchain.
#
#   bindings-go/regenerate-wasm.sh          build it afresh (bindings-c/build-wasm.sh) and
#                                           replace the checked-in copy
#   bindings-go/regenerate-wasm.sh --check  build it afresh and fail unless the checked-in
#                                           copy is the same, byte for byte
#
# The build is reproducible (no machine's paths in it; the Rust version pinned in
# build-wasm.sh), so the check holds on any machine until the Rust sources, Cargo.lock or
# the pinned toolchain change.
set -euo pipefail
HERE="$(cd "$(dirname "$0")" && pwd)"
REPO="$(cd "$HERE/.." && pwd)"
fresh="$REPO/target/ncpcert-c/wasm/ncpcert-ffi.wasm"
checked_in="$HERE/ncpcert-ffi.wasm"

case "${1:-}" in
"")
  bash "$REPO/bindings-c/build-wasm.sh"
  cp "$fresh" "$checked_in"
  echo "bindings-go/ncpcert-ffi.wasm: $(wc -c <"$checked_in") bytes, sha256 $(sha256sum "$checked_in" | cut -c1-64)"
  ;;
--check)
  bash "$REPO/bindings-c/build-wasm.sh"
  if ! cmp -s "$fresh" "$checked_in"; then
    echo "bindings-go/ncpcert-ffi.wasm is not the module the sources build now" \
      "($(wc -c <"$checked_in" 2>/dev/null || echo 0) bytes checked in, $(wc -c <"$fresh") bytes built)." >&2
    echo "Regenerate it with bindings-go/regenerate-wasm.sh and commit it." >&2
    exit 1
  fi
  echo "bindings-go/ncpcert-ffi.wasm equals a fresh build ($(wc -c <"$checked_in") bytes)"
  ;;
*)
  echo "usage: bindings-go/regenerate-wasm.sh [--check]" >&2
  exit 2
  ;;
esac
