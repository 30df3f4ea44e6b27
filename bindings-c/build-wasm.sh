#!/usr/bin/env bash
# Builds the zero-import ncpcert-ffi.wasm (wasm32-unknown-unknown, no wasm-bindgen) into
# target/ncpcert-c/wasm/ncpcert-ffi.wasm, reproducibly: the same sources and the same Rust
# toolchain give the same bytes on any machine, whatever the checkout's path, $HOME, the
# cargo home or the rustup home. The Go module embeds a copy of this file
# (bindings-go/regenerate-wasm.sh copies it there, or checks that the copy is current).
#
# The toolchain is pinned (NCPCERT_FFI_WASM_TOOLCHAIN below): another rustc version makes
# other bytes. When the default toolchain is not that version, the pinned one is installed
# with rustup (once) and used for this build alone.
set -euo pipefail
HERE="$(cd "$(dirname "$0")" && pwd)"
REPO="$(cd "$HERE/.." && pwd)"
cd "$REPO"

# The rustc of the checked-in bindings-go/ncpcert-ffi.wasm. Change it together with a
# regenerated .wasm (bindings-go/regenerate-wasm.sh).
NCPCERT_FFI_WASM_TOOLCHAIN=1.95.0

toolchain=()
if [[ "$(rustc --version 2>/dev/null | awk '{print $2}')" != "$NCPCERT_FFI_WASM_TOOLCHAIN" ]]; then
  if ! rustup run "$NCPCERT_FFI_WASM_TOOLCHAIN" rustc --version >/dev/null 2>&1; then
    echo "installing Rust $NCPCERT_FFI_WASM_TOOLCHAIN (the toolchain of ncpcert-ffi.wasm) with rustup" >&2
    rustup toolchain install "$NCPCERT_FFI_WASM_TOOLCHAIN" --profile minimal --target wasm32-unknown-unknown
  fi
  toolchain=("+$NCPCERT_FFI_WASM_TOOLCHAIN")
fi
pinned="${toolchain[0]:+$NCPCERT_FFI_WASM_TOOLCHAIN}"
if ! rustup target list --installed ${pinned:+--toolchain "$pinned"} | grep -qx wasm32-unknown-unknown; then
  rustup target add ${pinned:+--toolchain "$pinned"} wasm32-unknown-unknown
fi

# Absolute paths reach the module through panic locations (file!() of every crate that can
# panic): map each root a path can start with to a fixed name. rustc applies the last
# matching mapping, so the wider roots come first. Paths of the workspace's own crates are
# already relative to the workspace root; the standard library's are /rustc/<commit>, except
# in generic code compiled here when the rust-src component is installed (then rustc writes
# their local path): mapped back to /rustc/<commit>, so that rust-src changes nothing.
cargo_home="${CARGO_HOME:-$HOME/.cargo}"
sysroot="$(rustc "${toolchain[@]}" --print sysroot)"
rustc_commit="$(rustc "${toolchain[@]}" -vV | awk '/^commit-hash:/ { print $2 }')"
target_dir="${CARGO_TARGET_DIR:-$REPO/target}"
remap=(
  "--remap-path-prefix=$REPO=/ncpcert"
  "--remap-path-prefix=$target_dir=/ncpcert/target"
  "--remap-path-prefix=$cargo_home=/cargo"
  "--remap-path-prefix=$sysroot=/rust"
  "--remap-path-prefix=$sysroot/lib/rustlib/src/rust=/rustc/$rustc_commit"
)
# Only this build's flags: a RUSTFLAGS of the caller would change the bytes.
unset RUSTFLAGS CARGO_BUILD_RUSTFLAGS
export CARGO_ENCODED_RUSTFLAGS="$(IFS=$'\x1f'; echo "${remap[*]}")"

# -p only: a workspace build for wasm32 would drag PyO3 in. release-wasm aborts on panic
# (a panic is a trap: `unreachable`, no import) and optimises for size. --locked: the
# versions of Cargo.lock, nothing newer.
cargo "${toolchain[@]}" build --quiet --locked -p ncpcert-ffi --target wasm32-unknown-unknown --profile release-wasm
mkdir -p target/ncpcert-c/wasm
cp "$target_dir/wasm32-unknown-unknown/release-wasm/ncpcert_ffi.wasm" target/ncpcert-c/wasm/ncpcert-ffi.wasm
echo "zero-import module: target/ncpcert-c/wasm/ncpcert-ffi.wasm ($(wc -c <target/ncpcert-c/wasm/ncpcert-ffi.wasm) bytes, Rust $NCPCERT_FFI_WASM_TOOLCHAIN)"
