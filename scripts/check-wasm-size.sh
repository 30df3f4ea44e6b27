#!/usr/bin/env bash
# The browser download budget of SPEC §9 (NCPCERT_WASM_GZIP_BUDGET, set in lib/common.sh): the
# npm package's .wasm, gzipped with gzip -9. The size is deterministic for a given toolchain
# and lockfile, so exceeding it fails the build. Run after scripts/build-npm.sh.
source "$(dirname "$0")/lib/common.sh"

budget=$NCPCERT_WASM_GZIP_BUDGET
status=0
for wasm in bindings-wasm/pkg/web/ncpcert_wasm_bg.wasm bindings-wasm/pkg/node/ncpcert_wasm_bg.wasm; do
  if [ ! -f "$wasm" ]; then
    echo "check-wasm-size: $wasm is missing; run scripts/build-npm.sh first" >&2
    exit 2
  fi
  raw=$(wc -c <"$wasm")
  gz=$(gzip -9c "$wasm" | wc -c)
  if [ "$gz" -le "$budget" ]; then
    echo "wasm size: $wasm $gz bytes gzipped ($raw raw), within the $budget-byte budget"
  else
    echo "wasm size: $wasm $gz bytes gzipped ($raw raw) is over the $budget-byte budget (SPEC §9)" >&2
    status=1
  fi
done
exit "$status"
