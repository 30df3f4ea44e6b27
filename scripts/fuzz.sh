#!/usr/bin/env bash
# Runs the libFuzzer targets of fuzz/ for a given time each and prints, per target, the
# executions per second and the total executed. Installs nightly Rust and cargo-fuzz (from
# crates.io) when missing. Not part of the test command: fuzzing is open-ended.
#
#   scripts/fuzz.sh [SECONDS_PER_TARGET] [TARGET...]     (default: 60 s, every target)
#   JOBS=2 scripts/fuzz.sh 600                            (two targets at a time)
#
# A crash, timeout (> 10 s for one input), leak or out-of-memory (> 2 GB) stops that target,
# leaves the input in fuzz/artifacts/<target>/ and makes the script exit 1. Reproduce with
#   cd fuzz && cargo +nightly fuzz run <target> artifacts/<target>/<file>
# and turn it into a regression test in core/tests/ before fixing it.
source "$(dirname "$0")/lib/common.sh"

seconds="${1:-60}"
shift || true
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(inspect_csr validate_json parse_response parse_certificate_list parse_after_request sign)
jobs="${JOBS:-1}"

rustup toolchain list | grep -q '^nightly' || rustup toolchain install nightly --profile minimal
cargo +nightly fuzz --version >/dev/null 2>&1 || cargo install cargo-fuzz --locked

step "fuzz: seed corpus from tests/data and tests/vectors"
python3 fuzz/seed_corpus.py

step "fuzz: build (nightly, AddressSanitizer)"
(cd fuzz && cargo +nightly fuzz build -O)

# Largest input per target: room for the 64 KiB CSR limit (SPEC C3) to be crossed, and for
# long JSON bodies; the signing inputs are short strings.
max_len() {
  case "$1" in
    inspect_csr) echo 70000 ;;
    validate_json | parse_response | parse_certificate_list | parse_after_request) echo 16384 ;;
    *) echo 4096 ;;
  esac
}

mkdir -p fuzz/logs
run_one() {
  local target="$1" log="fuzz/logs/$1.log"
  (cd fuzz && cargo +nightly fuzz run -O "$target" -- \
    -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -max_len="$(max_len "$target")" \
    -print_final_stats=1) >"$log" 2>&1
}

failed=0
pids=()
names=()
for target in "${targets[@]}"; do
  step "fuzz: $target for ${seconds}s (log: fuzz/logs/$target.log)"
  run_one "$target" &
  pids+=($!)
  names+=("$target")
  if [ ${#pids[@]} -ge "$jobs" ]; then
    wait "${pids[0]}" || { echo "fuzz: ${names[0]} FAILED"; failed=1; }
    pids=("${pids[@]:1}")
    names=("${names[@]:1}")
  fi
done
for i in "${!pids[@]}"; do
  wait "${pids[$i]}" || { echo "fuzz: ${names[$i]} FAILED"; failed=1; }
done

step "fuzz: results"
printf '%-16s %12s %16s %s\n' target execs/s "total execs" outcome
for target in "${targets[@]}"; do
  log="fuzz/logs/$target.log"
  rate=$(awk '/stat::average_exec_per_sec/ { print $2 }' "$log" | tail -1)
  total=$(awk '/stat::number_of_executed_units/ { print $2 }' "$log" | tail -1)
  if grep -qE 'ERROR: (libFuzzer|AddressSanitizer|LeakSanitizer)|panicked at|SUMMARY:' "$log"; then
    outcome="FAILED (see $log)"
    failed=1
  else
    outcome=ok
  fi
  printf '%-16s %12s %16s %s\n' "$target" "${rate:-?}" "${total:-?}" "$outcome"
done
exit "$failed"
