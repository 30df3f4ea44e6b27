#!/usr/bin/env bash
# The main job: prepare, validate and sign an example request from the bundled sample CSR,
# and print exactly what would be sent. Nothing is sent.
source "$(dirname "$0")/lib/common.sh"
cargo run --quiet --release -p ncpcert --example prepare_and_sign -- "$@"
