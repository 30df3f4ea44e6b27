#!/usr/bin/env bash
# The real ACME programs the DNS-provider test runs against ncpcert: Let's Encrypt's test CA
# pebble and lego (Go module proxy, built into target/acme-clients/bin) and certbot (PyPI, in
# target/acme-clients/certbot-venv). Idempotent: what is there at the pinned version is kept.
# Prints nothing on success but the three paths, one per line: pebble, lego, certbot.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."

PEBBLE_VERSION=v2.10.3
# lego v5's dependencies are not all on the module proxy; v4.21.0's are (its exec provider
# calls `EXEC_PATH present|cleanup FQDN VALUE` as v5's does).
LEGO_VERSION=v4.21.0
CERTBOT_VERSION=5.8.0

dir="$PWD/target/acme-clients"
bin="$dir/bin"
mkdir -p "$bin"
log="$dir/install.log"
: >"$log"

build_pebble() {
  if [ -x "$bin/pebble" ] && [ "$(cat "$bin/pebble.version" 2>/dev/null)" = "$PEBBLE_VERSION" ]; then return; fi
  GOBIN="$bin" GOFLAGS=-buildvcs=false go install "github.com/letsencrypt/pebble/v2/cmd/pebble@$PEBBLE_VERSION"
  echo "$PEBBLE_VERSION" >"$bin/pebble.version"
}

build_lego() {
  if [ -x "$bin/lego" ] && [ "$(cat "$bin/lego.version" 2>/dev/null)" = "$LEGO_VERSION" ]; then return; fi
  # A module of its own to build in: lego's command is not `go install`able at this version
  # (the proxy refuses the version list of lego/v4).
  local mod="$dir/lego-build"
  rm -rf "$mod" && mkdir -p "$mod"
  (
    cd "$mod"
    go mod init ncpcert-acme-clients/lego >/dev/null 2>&1
    go get "github.com/go-acme/lego/v4/cmd/lego@$LEGO_VERSION"
    GOFLAGS=-buildvcs=false go build -o "$bin/lego" github.com/go-acme/lego/v4/cmd/lego
  )
  echo "$LEGO_VERSION" >"$bin/lego.version"
}

install_certbot() {
  local venv="$dir/certbot-venv"
  if "$venv/bin/certbot" --version 2>/dev/null | grep -qx "certbot $CERTBOT_VERSION"; then return; fi
  rm -rf "$venv"
  python3 -m venv "$venv"
  "$venv/bin/pip" install --quiet --disable-pip-version-check "certbot==$CERTBOT_VERSION"
}

# Side by side: the lego build takes minutes on a cold Go build cache, the rest seconds.
build_lego >>"$log" 2>&1 &
lego_pid=$!
status=0
build_pebble >>"$log" 2>&1 || status=$?
install_certbot >>"$log" 2>&1 || status=$?
wait "$lego_pid" || status=$?
if [ "$status" -ne 0 ]; then
  cat "$log" >&2
  echo "install-acme-clients: failed (log above)" >&2
  exit "$status"
fi
printf '%s\n' "$bin/pebble" "$bin/lego" "$dir/certbot-venv/bin/certbot"
