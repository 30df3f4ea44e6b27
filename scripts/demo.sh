#!/usr/bin/env bash
# The main job: prepare, validate and sign an Advanced DV request from the bundled sample CSR,
# send it through the order workflow (never ordering twice) to a local mock of NCP
# (tests/mock_ncp, on a free loopback port), print what was sent (stderr, -v) and the result,
# then the journal of what was bought, and stop the mock. Uses the example keys and a
# throwaway state directory; nothing leaves this machine.
source "$(dirname "$0")/lib/common.sh"

cargo build --quiet --release -p ncpcert-cli
ncpcert="$REPO_ROOT/target/release/ncpcert"

ready="$(mktemp -u)"
python3 tests/mock_ncp/server.py --port 0 --keys tests/mock_ncp/keys.example.json \
  --ready-file "$ready" 2>/dev/null &
mock=$!
state="$(mktemp -d)"
trap 'kill "$mock" 2>/dev/null; wait "$mock" 2>/dev/null; rm -rf "$ready" "$state"' EXIT
for _ in $(seq 100); do
  [ -s "$ready" ] && break
  sleep 0.1
done
[ -s "$ready" ] || { echo "the mock NCP server did not start" >&2; exit 1; }
endpoint="$(cat "$ready")"
echo "mock NCP listening on $endpoint"
echo

export NCP_ACCESS_KEY=EXAMPLEAK0000000NCP1 NCP_SECRET_KEY=EXAMPLESECRET00000000000000000000NCPSK01
"$ncpcert" --state-dir "$state" -v request --endpoint "$endpoint" \
  --csr tests/data/sample.csr.pem --type dv --name www-example \
  --common-name www.example.com --dns-name www.example.com --dns-name example.com \
  --validation D "$@"
echo
"$ncpcert" --state-dir "$state" journal
