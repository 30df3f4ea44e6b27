#!/usr/bin/env bash
# The download budgets of SPEC §9 (set in lib/common.sh): each .wasm of the npm package,
# gzipped with gzip -9 — the full one (NCPCERT_WASM_GZIP_BUDGET), the signing-only one of
# `ncpcert/signer` (NCPCERT_SIGNER_WASM_GZIP_BUDGET), the order workflow's of
# `ncpcert/order` (NCPCERT_ORDER_WASM_GZIP_BUDGET) and the keys module's of `ncpcert/keys`
# (NCPCERT_KEYS_WASM_GZIP_BUDGET). Sizes are deterministic for a given
# toolchain and lockfile, so exceeding a budget fails the build. Also checks that the packed
# tarball holds each .wasm once. Run after scripts/build-npm.sh.
source "$(dirname "$0")/lib/common.sh"

status=0
check() {
  local wasm=$1 budget=$2 raw gz
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
}
# A budget not met yet: reported on every run; the build fails only above the ceiling (the
# size when the budget was missed), so that the file cannot grow further unnoticed.
goal() {
  local wasm=$1 budget=$2 ceiling=$3 gz
  [ -f "$wasm" ] || { check "$wasm" "$budget"; return; }
  gz=$(gzip -9c "$wasm" | wc -c)
  if [ "$gz" -gt "$budget" ]; then
    echo "wasm size: BUDGET MISSED: $wasm is $gz bytes gzipped, $((gz - budget)) over the $budget-byte budget (SPEC §9)"
    check "$wasm" "$ceiling"
  else
    check "$wasm" "$budget"
  fi
}
check bindings-wasm/pkg/full/ncpcert_wasm_bg.wasm "$NCPCERT_WASM_GZIP_BUDGET"
check bindings-wasm/pkg/signer/ncpcert_wasm_signer_bg.wasm "$NCPCERT_SIGNER_WASM_GZIP_BUDGET"
check bindings-wasm/pkg/order/ncpcert_wasm_order_bg.wasm "$NCPCERT_ORDER_WASM_GZIP_BUDGET"
check bindings-wasm/pkg/keys/ncpcert_wasm_keys_bg.wasm "$NCPCERT_KEYS_WASM_GZIP_BUDGET"

# One copy of each .wasm in the tarball (SPEC §13): exactly these four files.
listing=$(tar -tzf bindings-wasm/dist/ncpcert-*.tgz | grep '\.wasm$' | sort)
expected=$'package/full/ncpcert_wasm_bg.wasm\npackage/keys/ncpcert_wasm_keys_bg.wasm\npackage/order/ncpcert_wasm_order_bg.wasm\npackage/signer/ncpcert_wasm_signer_bg.wasm'
if [ "$listing" = "$expected" ]; then
  echo "wasm files in the tarball: $(tr '\n' ' ' <<<"$listing")"
else
  echo "check-wasm-size: the tarball's .wasm files are not exactly one per build:" >&2
  echo "$listing" >&2
  status=1
fi
exit "$status"
