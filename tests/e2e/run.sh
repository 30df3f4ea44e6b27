#!/usr/bin/env bash
# End-to-end suite: the mock NCP server's own tests, then every host (CLI, Python requests and
# httpx, Node fetch, curl) against it over loopback; certbot and lego with ncpcert as their DNS
# provider against pebble. Needs the npm package (scripts/build-npm.sh)
# and the Python wheel (bindings-python/tests/run.sh) built first; installs the rest.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."

command -v curl >/dev/null 2>&1 || { apt-get update -qq && apt-get install -y -qq curl; }

# The real ACME programs of test_acme_clients.py (pebble, lego, certbot): built and installed
# in the background while the rest is prepared (lego's build takes minutes on a cold cache).
export PATH="$PATH:/usr/local/go/bin"
mkdir -p target/acme-clients
bash tests/e2e/install-acme-clients.sh >target/acme-clients/run.log 2>&1 &
acme_clients=$!

shopt -s nullglob
wheels=(bindings-python/dist/ncpcert-*.whl)
shopt -u nullglob
[ "${#wheels[@]}" -eq 1 ] || { echo "e2e: build the Python wheel first (bindings-python/tests/run.sh)" >&2; exit 2; }
[ -f bindings-wasm/pkg/full/node.cjs ] || { echo "e2e: build the npm package first (scripts/build-npm.sh)" >&2; exit 2; }

venv=.venv-e2e
if ! "$venv/bin/python" -c "import pytest" >/dev/null 2>&1; then
  rm -rf "$venv"
  python3 -m venv "$venv"
fi
"$venv/bin/pip" install --quiet --disable-pip-version-check -r bindings-python/tests/requirements.txt
"$venv/bin/pip" install --quiet --disable-pip-version-check --force-reinstall --no-deps "${wheels[0]}"

cargo build --quiet --release -p ncpcert-cli
wait "$acme_clients" || { cat target/acme-clients/run.log >&2; echo "e2e: installing pebble, lego and certbot failed" >&2; exit 1; }
"$venv/bin/python" -m pytest tests/mock_ncp tests/e2e -q -p no:cacheprovider
