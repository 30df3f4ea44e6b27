#!/usr/bin/env bash
# The C suite: header drift and strictness, the test program under AddressSanitizer +
# UBSan and under valgrind memcheck, and the example program linked through pkg-config
# (shared and static). Expects the tools of scripts/lib/common.sh (ensure_c_tools).
set -euo pipefail
HERE="$(cd "$(dirname "$0")" && pwd)"
REPO="$(cd "$HERE/../.." && pwd)"
OUT="$REPO/target/ncpcert-c"
cd "$REPO"

bash "$HERE/check-header.sh"
bash bindings-c/build.sh
python3 "$HERE/hostile_inputs.py" "$OUT/hostile"

CFLAGS=(-std=c99 -Wall -Wextra -Werror -pedantic -g -I "$OUT/include")
LIBS=(-L "$OUT/lib" -lncpcert_ffi -lcjson -pthread)
export LD_LIBRARY_PATH="$OUT/lib${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"
mkdir -p "$OUT/bin"
gcc "${CFLAGS[@]}" -O1 "$HERE"/*.c "${LIBS[@]}" -o "$OUT/bin/test_ncpcert"
gcc "${CFLAGS[@]}" -O1 -fsanitize=address,undefined -fno-sanitize-recover=undefined -fno-omit-frame-pointer \
  "$HERE"/*.c "${LIBS[@]}" -o "$OUT/bin/test_ncpcert_asan"

echo "--- C suite under AddressSanitizer + UBSan"
ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 "$OUT/bin/test_ncpcert_asan" tests "$OUT/hostile"

echo "--- C suite under valgrind memcheck (no leak, no invalid access)"
# valgrind runs code ~20-50x slower: the catalogue's time limit is scaled to match.
if ! NCPCERT_TIME_SCALE=30 valgrind -q --leak-check=full --show-leak-kinds=definite,indirect,possible \
  --errors-for-leak-kinds=definite,indirect,possible --error-exitcode=99 \
  "$OUT/bin/test_ncpcert" tests "$OUT/hostile" >"$OUT/valgrind.log" 2>&1; then
  cat "$OUT/valgrind.log"
  echo "FAIL: the C suite under valgrind (log above)"
  exit 1
fi
tail -n 2 "$OUT/valgrind.log"

echo "--- example program (pkg-config; shared and static)"
export PKG_CONFIG_PATH="$OUT/pkgconfig"
# shellcheck disable=SC2046
gcc -std=c99 -Wall -Wextra -Werror -pedantic bindings-c/examples/sign_and_prepare.c \
  $(pkg-config --cflags --libs ncpcert) -o "$OUT/bin/sign_and_prepare"
# shellcheck disable=SC2046
gcc -std=c99 -Wall -Wextra -Werror -pedantic bindings-c/examples/sign_and_prepare.c \
  $(pkg-config --cflags ncpcert) "$OUT/lib/libncpcert_ffi.a" $(pkg-config --static --libs-only-l ncpcert | sed 's/-lncpcert_ffi//') \
  -o "$OUT/bin/sign_and_prepare_static"
passed=0 failed=0
for exe in sign_and_prepare sign_and_prepare_static; do
  output=$(env -u NCP_ACCESS_KEY -u NCP_SECRET_KEY "$OUT/bin/$exe" tests/data/sample.csr.pem 1700000000000)
  # The reference signature of SPEC §3 (tests/vectors/signature_v2.json, cm2-paid-request).
  if grep -q 'QC4FHb9YQpqibbUVDfmpQuu0+bjhcf/RvDNS5mc4hjA=' <<<"$output" \
    && grep -q '"url":"https://certificatemanager.apigw.ntruss.com/api/v2/certificate/requestPaidCertificateIssuance"' <<<"$output" \
    && ! grep -q 'EXAMPLESECRET' <<<"$output"; then
    passed=$((passed + 1))
  else
    echo "FAIL $exe: $output"
    failed=$((failed + 1))
  fi
done
if "$OUT/bin/sign_and_prepare" tests/data/own/rsa-1024.pem 1700000000000 2>"$OUT/example.err"; then
  echo "FAIL: the example accepted an RSA-1024 CSR"; failed=$((failed + 1))
elif grep -q 'csr.rsa_key_size' "$OUT/example.err"; then passed=$((passed + 1))
else echo "FAIL: the example's error lacks the finding: $(cat "$OUT/example.err")"; failed=$((failed + 1)); fi
echo "C example: $passed passed, $failed failed"
[[ $failed -eq 0 ]]
