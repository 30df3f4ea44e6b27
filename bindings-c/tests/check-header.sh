#!/usr/bin/env bash
# The checked-in include/ncpcert.h must be what cbindgen generates from the sources now
# (drift test), and must compile as strict C99 (and as C++).
set -euo pipefail
HERE="$(cd "$(dirname "$0")/.." && pwd)"
TMP="$(mktemp -d)"
trap 'rm -rf "$TMP"' EXIT
"$HERE/regenerate-header.sh" "$TMP/ncpcert.h"
if ! diff -u "$HERE/include/ncpcert.h" "$TMP/ncpcert.h" >"$TMP/drift.diff"; then
  cat "$TMP/drift.diff"
  echo "FAIL: bindings-c/include/ncpcert.h is out of date with bindings-c/src:"
  echo "      run bindings-c/regenerate-header.sh and commit the header."
  exit 1
fi
echo "header: no drift"
printf '#include "ncpcert.h"\nint main(void) { return ncpcert_version() == 0; }\n' >"$TMP/use.c"
gcc -std=c99 -Wall -Wextra -Werror -pedantic -I "$HERE/include" -c "$TMP/use.c" -o "$TMP/use.o"
g++ -std=c++11 -Wall -Wextra -Werror -pedantic -I "$HERE/include" -x c++ -c "$TMP/use.c" -o "$TMP/use-cxx.o"
echo "header: compiles with gcc -std=c99 -Wall -Wextra -Werror -pedantic (and as C++11)"
