#!/usr/bin/env bash
# Every package as it would be published, checked with dry runs only (nothing is uploaded):
#
#   crates  `cargo publish --workspace --dry-run` (ncpcert and ncpcert-cli, the CLI verified
#           against the packaged core), then the packaged ncpcert crate's own tests, examples
#           and doctests, run from the unpacked .crate alone;
#   wheel   the manylinux2014 abi3 wheel (maturin --zig), `auditwheel show`, a stripped
#           extension, PEP 639 licence metadata;
#   sdist   `maturin sdist`, installed into a fresh venv and smoke-tested there;
#   twine   `twine check --strict` on the wheel and the sdist;
#   npm     `npm publish --dry-run` of bindings-wasm/pkg, and package.json's fields;
#
# and LICENSE-MIT, LICENSE-APACHE and NOTICE in every artefact (the .crate files, the wheel,
# the sdist, the npm tarball). Installs what it needs (PyPI: maturin, ziglang, auditwheel,
# twine), idempotently. Artefacts go to target/release-check/.
#
# NCPCERT_WHEEL=path reuses a manylinux2014 wheel built by bindings-python/tests/run.sh
# (scripts/test.sh passes it) instead of building it again; NCPCERT_SKIP_NPM_BUILD=1 uses the
# bindings-wasm/pkg and dist/ that scripts/build-npm.sh made (scripts/test.sh builds them).
source "$(dirname "$0")/lib/common.sh"

OUT="$REPO_ROOT/target/release-check"
VENV="$REPO_ROOT/.venv-release"
LICENCES=(LICENSE-MIT LICENSE-APACHE NOTICE)
export PIP_DISABLE_PIP_VERSION_CHECK=1 PIP_NO_INPUT=1 PYTHONDONTWRITEBYTECODE=1
TIMES=()
started=$SECONDS
timed() { TIMES+=("$(printf '%4ds  %s' "$((SECONDS - started))" "$1")"); started=$SECONDS; }
die() { printf '!!! release check failed: %s\n' "$*" >&2; exit 1; }

# Every licence file in a listing of an archive (one path per line) under `prefix`.
require_licences() {
  local what="$1" listing="$2" prefix="$3" f
  for f in "${LICENCES[@]}"; do
    grep -qx "$prefix$f" <<<"$listing" || die "$what lacks $prefix$f"
  done
  echo "$what: ${LICENCES[*]} present"
}

rm -rf -- "$OUT"
mkdir -p "$OUT"

# ------------------------------------------------------------------------------ tools
step "release tools (maturin, ziglang, auditwheel, twine) in .venv-release"
if ! "$VENV/bin/python" -c 'import sys; sys.exit(sys.version_info[:2] != tuple(map(int, sys.argv[1].split("."))))' \
    "$(python3 -c 'import sys; print("%d.%d" % sys.version_info[:2])')" 2>/dev/null; then
  rm -rf -- "$VENV"
  python3 -m venv "$VENV"
fi
if ! "$VENV/bin/python" -c 'import importlib.metadata as m; [m.version(p) for p in ("maturin", "ziglang", "auditwheel", "twine")]' 2>/dev/null; then
  "$VENV/bin/python" -m pip install -q "maturin>=1.9.4,<2" ziglang auditwheel twine
fi
timed "tools"

# ------------------------------------------------------------------------------ crates
step "crates: cargo publish --workspace --dry-run (ncpcert, ncpcert-cli)"
# One dry run for both: the CLI is verified against the packaged core through a temporary
# local registry (a dry run of ncpcert-cli alone would look for ncpcert on crates.io).
# --allow-dirty: the check also runs on work trees with uncommitted changes.
# Its own target directory: cargo takes what it built from a registry as never changing, so
# in a shared one an ncpcert built by an earlier run (other sources, same version number) would
# be linked instead of this one. Cargo also unpacks the core from the temporary registry into
# $CARGO_HOME/registry/src/-<hash>/ once per version: both are cleared first (local registries'
# folders start with "-"; crates.io's are never touched).
PUBLISH_TARGET="$REPO_ROOT/target/release-check-cargo"
rm -rf "$PUBLISH_TARGET/package"
rm -rf "$PUBLISH_TARGET"/debug/.fingerprint/ncpcert-* "$PUBLISH_TARGET"/debug/deps/*ncpcert* \
  "$PUBLISH_TARGET"/debug/build/ncpcert-*
for stale in "${CARGO_HOME:-$HOME/.cargo}"/registry/src/-*/ncpcert-0.1.0 \
             "${CARGO_HOME:-$HOME/.cargo}"/registry/src/-*/ncpcert-cli-0.1.0; do
  [[ -d "$stale" ]] && rm -rf -- "$stale"
done
CARGO_TARGET_DIR="$PUBLISH_TARGET" cargo publish --workspace --dry-run --allow-dirty --quiet
for crate in ncpcert ncpcert-cli; do
  # A multi-package dry run leaves the .crate files in its temporary registry.
  file="$PUBLISH_TARGET/package/$crate-0.1.0.crate"
  [[ -f "$file" ]] || file="$PUBLISH_TARGET/package/tmp-registry/$crate-0.1.0.crate"
  [[ -f "$file" ]] || die "no $crate-0.1.0.crate under $PUBLISH_TARGET/package"
  listing="$(tar -tzf "$file")"
  require_licences "$file" "$listing" "$crate-0.1.0/"
  grep -qx "$crate-0.1.0/README.md" <<<"$listing" || die "$file lacks its README.md"
  cp "$file" "$OUT/"
done
timed "crates: publish dry runs"

step "crates: the packaged ncpcert crate's tests, examples and doctests, from the .crate alone"
# Unpacked outside the repository (cargo would take it for a workspace member), always at the
# same place, and built in a target directory of its own whose ncpcert artefacts are cleared
# first: the .crate keeps its files' times, so cargo could otherwise take a test binary built
# from an earlier package for fresh. Its dependencies stay compiled between runs.
unpacked="${TMPDIR:-/tmp}/ncpcert-release-check-$(id -u)"
CRATE_TARGET="$REPO_ROOT/target/release-check-crate"
rm -rf -- "$unpacked" "$CRATE_TARGET"/debug/.fingerprint/ncpcert-* "$CRATE_TARGET"/debug/deps/*ncpcert* \
  "$CRATE_TARGET"/debug/build/ncpcert-* "$CRATE_TARGET"/debug/examples/*prepare_and_sign*
mkdir -p "$unpacked"
SCRATCH=("$unpacked")
trap 'rm -rf -- "${SCRATCH[@]}"' EXIT
tar -xzf "$OUT/ncpcert-0.1.0.crate" -C "$unpacked"
(cd "$unpacked/ncpcert-0.1.0" &&
  CARGO_TARGET_DIR="$CRATE_TARGET" cargo test --locked --quiet --all-targets &&
  CARGO_TARGET_DIR="$CRATE_TARGET" cargo test --locked --quiet --doc) ||
  die "the packaged ncpcert crate's tests fail"
timed "crates: packaged crate tests"

# ------------------------------------------------------------------------------ wheel
step "wheel: manylinux2014 abi3 (maturin --zig), auditwheel show"
if [[ -n "${NCPCERT_WHEEL:-}" ]]; then
  [[ -f "$NCPCERT_WHEEL" ]] || die "NCPCERT_WHEEL=$NCPCERT_WHEEL does not exist"
  cp "$NCPCERT_WHEEL" "$OUT/"
  echo "reusing $NCPCERT_WHEEL"
else
  rm -rf bindings-python/python/ncpcert/__pycache__
  (export VIRTUAL_ENV="$VENV" PATH="$VENV/bin:$PATH" &&
    maturin build --release --zig --compatibility manylinux2014 \
      -m bindings-python/Cargo.toml --out "$OUT")
fi
shopt -s nullglob
wheels=("$OUT"/ncpcert-*-cp310-abi3-*manylinux2014_x86_64*.whl)
shopt -u nullglob
[[ ${#wheels[@]} -eq 1 ]] || die "expected one manylinux2014 abi3 wheel in $OUT, found: ${wheels[*]:-none}"
WHEEL="${wheels[0]}"
audit="$("$VENV/bin/auditwheel" show "$WHEEL")"
echo "$audit"
grep -q 'manylinux_2_17_x86_64' <<<"$audit" || die "auditwheel does not find $WHEEL manylinux2014 (manylinux_2_17)"
"$VENV/bin/python" - "$WHEEL" "${LICENCES[@]}" <<'PY' || die "the wheel's contents"
import subprocess, sys, tempfile, zipfile
wheel, licences = sys.argv[1], sys.argv[2:]
names = zipfile.ZipFile(wheel).namelist()
info = next(n.split("/")[0] for n in names if n.endswith(".dist-info/METADATA"))
missing = [f for f in licences if f"{info}/licenses/{f}" not in names]
assert not missing, f"the wheel lacks {missing}"
metadata = zipfile.ZipFile(wheel).read(f"{info}/METADATA").decode()
assert "License-Expression: MIT OR Apache-2.0" in metadata, "no License-Expression"
for f in licences:
    assert f"License-File: {f}" in metadata, f"no License-File: {f}"
assert not [n for n in names if "__pycache__" in n or n.endswith(".pyc")], "bytecode in the wheel"
(so,) = [n for n in names if n.endswith(".so")]
with tempfile.TemporaryDirectory() as d:
    path = zipfile.ZipFile(wheel).extract(so, d)
    sections = subprocess.run(["readelf", "-S", "-W", path], capture_output=True, text=True, check=True).stdout
    assert ".symtab" not in sections and ".debug_info" not in sections, f"{so} is not stripped"
print(f"wheel: {licences} in {info}/licenses, License-Expression and License-File set, {so} stripped")
PY
timed "wheel: manylinux2014 build + auditwheel"

# ------------------------------------------------------------------------------ sdist
step "sdist: maturin sdist, then installed into a fresh venv and smoke-tested"
rm -rf bindings-python/python/ncpcert/__pycache__
"$VENV/bin/maturin" sdist -m bindings-python/Cargo.toml --out "$OUT" 2>&1 | grep -v '^warning: manifest has no documentation' || true
SDIST="$OUT/ncpcert-0.1.0.tar.gz"
[[ -f "$SDIST" ]] || die "no $SDIST"
listing="$(tar -tzf "$SDIST")"
require_licences "$SDIST" "$listing" "ncpcert-0.1.0/"
if grep -q '^ncpcert-0.1.0/bindings-python/tests/' <<<"$listing"; then
  die "the sdist holds the test suite, which needs the repository's tests/ data it does not hold"
fi
tar -xzOf "$SDIST" ncpcert-0.1.0/PKG-INFO | grep -qx 'License-Expression: MIT OR Apache-2.0' ||
  die "the sdist's PKG-INFO has no License-Expression"
smoke="$(mktemp -d "${TMPDIR:-/tmp}/ncpcert-sdist-smoke.XXXXXXXX")"
SCRATCH+=("$smoke")
python3 -m venv "$smoke/venv"
# The same cargo target directory as the other builds: dependencies compiled once.
CARGO_TARGET_DIR="$REPO_ROOT/target" "$smoke/venv/bin/python" -m pip install -q "$SDIST" ||
  die "pip install $SDIST"
(cd "$smoke" && NCPCERT_FIXTURES="$REPO_ROOT/tests/data" "$smoke/venv/bin/python" - <<'PY') || die "the sdist's smoke test"
import os, pathlib, shutil, tempfile
import ncpcert

fixtures = pathlib.Path(os.environ["NCPCERT_FIXTURES"])
PATH = "/api/v2/certificate/requestPaidCertificateIssuance"
assert ncpcert.sign("POST", PATH, 1700000000000, "EXAMPLEAK0000000NCP1",
                    "EXAMPLESECRET00000000000000000000NCPSK01") == "QC4FHb9YQpqibbUVDfmpQuu0+bjhcf/RvDNS5mc4hjA="
assert ncpcert.__version__ == "0.1.0", ncpcert.__version__
report = ncpcert.inspect_csr((fixtures / "sample.csr.pem").read_bytes())
assert report.subject.common_name == "www.example.com" and report.to_dict()["findings"] is not None
with tempfile.TemporaryDirectory() as home:
    os.environ.pop("NCP_ACCESS_KEY", None)
    os.environ.pop("NCP_SECRET_KEY", None)
    os.environ["HOME"] = home
    try:
        ncpcert.Signer.from_env()
    except ncpcert.SigningError as e:
        assert e.code == "credentials.missing", e.code
    else:
        raise AssertionError("from_env found keys in an empty home")
    (pathlib.Path(home) / ".ncloud").mkdir()
    shutil.copy(fixtures / "credentials" / "configure", pathlib.Path(home) / ".ncloud" / "configure")
    assert ncpcert.Signer.from_env().access_key == "FIXTUREAKFILE0000001"
try:
    ncpcert.prepare({})
except ncpcert.ValidationError as e:
    assert e.errors() == e.errors and e.warnings == e.warnings()
print("sdist smoke test: sign, inspect_csr, from_env, ValidationError, __version__ all fine")
PY
timed "sdist: build + fresh-venv install + smoke test"

# ------------------------------------------------------------------------------ twine
step "twine check --strict (wheel and sdist)"
"$VENV/bin/twine" check --strict "$WHEEL" "$SDIST"
timed "twine check"

# ------------------------------------------------------------------------------ npm
step "npm: npm publish --dry-run of bindings-wasm/pkg"
if [[ "${NCPCERT_SKIP_NPM_BUILD:-}" != 1 || ! -f bindings-wasm/pkg/package.json ]]; then
  ./scripts/build-npm.sh
fi
node - bindings-wasm/pkg/package.json <<'JS' || die "package.json"
const pkg = require(require("node:path").resolve(process.argv[2]));
const need = ["name", "version", "description", "license", "files", "types", "exports", "sideEffects", "engines"];
const missing = need.filter((k) => pkg[k] === undefined);
if (missing.length) throw new Error(`package.json lacks ${missing.join(", ")}`);
if (pkg.license !== "MIT OR Apache-2.0") throw new Error(`license is ${pkg.license}`);
for (const f of ["LICENSE-MIT", "LICENSE-APACHE", "NOTICE"]) {
  if (!pkg.files.includes(f)) throw new Error(`files lacks ${f}`);
}
console.log("package.json: " + need.join(", ") + " set");
JS
publish_log="$OUT/npm-publish-dry-run.log"
(cd bindings-wasm/pkg && npm publish --dry-run --ignore-scripts) >"$publish_log" 2>&1 ||
  { cat "$publish_log"; die "npm publish --dry-run"; }
grep -E '^\+ ncpcert@|total files' "$publish_log" || true
# Clean: no warning but the one every dry run without a login gives.
if grep -i 'npm warn' "$publish_log" | grep -v 'requires you to be logged in'; then
  die "npm publish --dry-run warns (see $publish_log)"
fi
shopt -s nullglob
tarballs=(bindings-wasm/dist/ncpcert-*.tgz)
shopt -u nullglob
[[ ${#tarballs[@]} -eq 1 ]] || die "expected one bindings-wasm/dist/ncpcert-*.tgz"
require_licences "${tarballs[0]}" "$(tar -tzf "${tarballs[0]}")" "package/"
cp "${tarballs[0]}" "$OUT/"
timed "npm: publish dry run"

step "release check passed; artefacts in target/release-check/"
ls -1 "$OUT" | grep -v '\.log$'
printf 'time per part:\n'
printf '  %s\n' "${TIMES[@]}"
