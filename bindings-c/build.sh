#!/usr/bin/env bash
# Builds the C library and lays it out for users and for the other-language tests:
#   target/ncpcert-c/lib/        libncpcert_ffi.so (.dylib / .dll) and libncpcert_ffi.a
#   target/ncpcert-c/include/    ncpcert.h, and ncpcert.ffi.h (preprocessed, for PHP FFI)
#   target/ncpcert-c/pkgconfig/  ncpcert.pc, with prefix=target/ncpcert-c
# Usage: bindings-c/build.sh [--prefix DIR]   (with --prefix, also installs into DIR/lib,
#        DIR/include and DIR/lib/pkgconfig/ncpcert.pc with prefix=DIR).
set -euo pipefail
HERE="$(cd "$(dirname "$0")" && pwd)"
REPO="$(cd "$HERE/.." && pwd)"
OUT="$REPO/target/ncpcert-c"
PREFIX="$OUT"
if [[ "${1:-}" == "--prefix" ]]; then PREFIX="$2"; fi

cd "$REPO"
cargo build --quiet -p ncpcert-ffi --release
VERSION=$(awk -F'"' '/^version = / { print $2; exit }' Cargo.toml)

mkdir -p "$OUT/lib" "$OUT/include" "$OUT/pkgconfig"
for f in libncpcert_ffi.so libncpcert_ffi.dylib ncpcert_ffi.dll libncpcert_ffi.a ncpcert_ffi.lib; do
  [[ -f "target/release/$f" ]] && cp "target/release/$f" "$OUT/lib/"
done
cp "$HERE/include/ncpcert.h" "$OUT/include/"
# PHP's FFI::cdef cannot read preprocessor directives: the same declarations, preprocessed
# without the system headers (FFI knows size_t and the <stdint.h> types itself).
grep -v '^#include' "$HERE/include/ncpcert.h" | gcc -E -P -std=c99 -x c - \
  | sed '/^[[:space:]]*$/d' >"$OUT/include/ncpcert.ffi.h"

# Libs.private: what a static link of a Rust staticlib needs on Linux (rustc's
# --print native-static-libs for this crate).
write_pc() {
  cat >"$2" <<PC
prefix=$1
libdir=\${prefix}/lib
includedir=\${prefix}/include

Name: ncpcert
Description: Prepare, validate and sign NAVER Cloud Platform Certificate Manager requests (C ABI)
Version: $VERSION
Libs: -L\${libdir} -lncpcert_ffi
Libs.private: -lgcc_s -lutil -lrt -lpthread -lm -ldl -lc
Cflags: -I\${includedir}
PC
}
write_pc "$OUT" "$OUT/pkgconfig/ncpcert.pc"

if [[ "$PREFIX" != "$OUT" ]]; then
  mkdir -p "$PREFIX/lib/pkgconfig" "$PREFIX/include"
  cp "$OUT"/lib/* "$PREFIX/lib/"
  cp "$OUT"/include/* "$PREFIX/include/"
  write_pc "$PREFIX" "$PREFIX/lib/pkgconfig/ncpcert.pc"
fi
echo "ncpcert C library $VERSION in $OUT (pkg-config prefix $PREFIX)"
