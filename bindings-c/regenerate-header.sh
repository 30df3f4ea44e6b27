#!/usr/bin/env bash
# Regenerates include/ncpcert.h from the crate's sources (cbindgen, pinned in
# scripts/lib/common.sh). Usage: bindings-c/regenerate-header.sh [OUTPUT]
set -euo pipefail
HERE="$(cd "$(dirname "$0")" && pwd)"
cd "$HERE"
cbindgen --quiet --config cbindgen.toml --crate ncpcert-ffi --output "${1:-include/ncpcert.h}"
