#!/usr/bin/env bash
# The main job, from nothing to certificate files in one command, against a local mock of NCP
# (tests/mock_ncp, on free loopback ports: Certificate Manager, Global DNS with the zone
# example.com, and an authoritative name server serving what Global DNS applied):
# `ncpcert issue --generate-key --dns ncloud` makes the key and the CSR, orders (never twice),
# publishes the TXT records NCP asks for, waits until they are served and the certificate is
# issued, writes the files and removes the records. Each step is shown on stderr. Then the
# files, the certificate checked with openssl, and the journal of what was bought. Uses the
# example keys and throwaway directories; nothing leaves this machine. Extra arguments go to
# `ncpcert issue` (e.g. --validation PD, --key-algorithm p256, -v).
source "$(dirname "$0")/lib/common.sh"

# The mock issues real certificates with the openssl command.
command -v openssl >/dev/null 2>&1 || { apt-get update -qq && apt-get install -y -qq openssl; }
cargo build --quiet --release -p ncpcert-cli
ncpcert="$REPO_ROOT/target/release/ncpcert"

ready="$(mktemp -u)"
python3 tests/mock_ncp/server.py --port 0 --keys tests/mock_ncp/keys.example.json \
  --zone example.com --foreign-record example.com --dns-port 0 --quiet-dns \
  --ready-file "$ready" 2>/dev/null &
mock=$!
state="$(mktemp -d)"
work="$(mktemp -d)"
trap 'kill "$mock" 2>/dev/null; wait "$mock" 2>/dev/null; rm -rf "$ready" "$state" "$work"' EXIT
for _ in $(seq 100); do
  # The ready file's second line is the name server's address.
  [ -s "$ready" ] && [ "$(wc -l <"$ready")" -ge 2 ] && break
  sleep 0.1
done
[ -s "$ready" ] || { echo "the mock NCP server did not start" >&2; exit 1; }
endpoint="$(sed -n 1p "$ready")"
dns="$(sed -n 2p "$ready")"
echo "mock NCP (Certificate Manager and Global DNS) on $endpoint, its name server on $dns"
echo

export NCP_ACCESS_KEY=EXAMPLEAK0000000NCP1 NCP_SECRET_KEY=EXAMPLESECRET00000000000000000000NCPSK01
set -x
"$ncpcert" --state-dir "$state" issue --domain www.example.com --domain example.com \
  --generate-key --dns ncloud --out "$work/certs" \
  --endpoint "$endpoint" --dns-endpoint "$endpoint" --dns-resolver "$dns" --poll-interval 1 "$@"
{ set +x; } 2>/dev/null
echo
ls -l "$work/certs"
openssl x509 -in "$work/certs/cert.pem" -noout -subject -ext subjectAltName
openssl verify -CAfile "$work/certs/root.pem" -untrusted "$work/certs/chain.pem" "$work/certs/cert.pem"
[ "$(openssl pkey -in "$work/certs/key.pem" -pubout)" = "$(openssl x509 -in "$work/certs/cert.pem" -noout -pubkey)" ] \
  && echo "key.pem holds the certificate's key"
echo
"$ncpcert" --state-dir "$state" journal
