#!/usr/bin/env bash
# Python suite of ncpcert: builds the abi3 wheel once, as it is released (manylinux2014, with
# zig), then on two CPython versions (python3 and the newest other pyenv CPython 3.12+) installs
# it into a test venv and runs pytest, mypy --strict on typed_usage.py, mypy.stubtest and
# pyright --verifytypes. The source distribution is built and smoke-tested in a fresh venv by
# scripts/release-check.sh.
#
# Idempotent, callable from any directory; installs what it needs (PyPI only). Every step runs
# even after a failure, and the script exits non-zero if any failed.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$ROOT"
TESTS=bindings-python/tests
DIST=bindings-python/dist
REQUIREMENTS="$TESTS/requirements.txt"
export PIP_DISABLE_PIP_VERSION_CHECK=1 PIP_NO_INPUT=1 PYTHONDONTWRITEBYTECODE=1
# One cargo target directory for every build here (the wheel and the PEP 517 source build).
export CARGO_TARGET_DIR="$ROOT/target"

FAILED=()
step() { printf '\n==> %s\n' "$*"; }
fail() { printf '!!! FAILED: %s\n' "$*" >&2; FAILED+=("$*"); }

# A venv that works, created if missing and recreated if broken (or of another version).
ensure_venv() {
  local python="$1" venv="$2" want
  want="$("$python" -c 'import sys; print("%d.%d" % sys.version_info[:2])')"
  if [[ -x "$venv/bin/python" ]] &&
     [[ "$("$venv/bin/python" -c 'import sys; print("%d.%d" % sys.version_info[:2])' 2>/dev/null || true)" == "$want" ]] &&
     "$venv/bin/python" -m pip --version >/dev/null 2>&1; then
    return 0
  fi
  echo "creating $venv with $python"
  rm -rf -- "$venv"
  "$python" -m venv "$venv"
}

# ---------------------------------------------------------------------------- 1. the wheel
step "build the abi3 wheel (manylinux2014, zig)"
ensure_venv python3 .venv-build
if ! .venv-build/bin/python -c 'import importlib.metadata as m, sys; v = tuple(int(x) for x in m.version("maturin").split(".")[:2]); m.version("ziglang"); sys.exit(not ((1, 9) <= v < (2, 0)))' 2>/dev/null; then
  .venv-build/bin/python -m pip install -q "maturin>=1.9.4,<2" ziglang
fi
rm -rf -- "$DIST"
# maturin finds zig (PyPI `ziglang`) in the activated venv: glibc 2.17 symbols only, so the
# wheel installs on RHEL/CentOS 7+, Debian 9+, Ubuntu 18.04+, Amazon Linux 2.
(export VIRTUAL_ENV="$ROOT/.venv-build" PATH="$ROOT/.venv-build/bin:$PATH" &&
  maturin build --release --zig --compatibility manylinux2014 -m bindings-python/Cargo.toml --out "$DIST")
shopt -s nullglob
wheels=("$DIST"/ncpcert-*-abi3-*.whl)
shopt -u nullglob
if [[ ${#wheels[@]} -ne 1 ]]; then
  echo "expected exactly one abi3 wheel in $DIST, found: ${wheels[*]:-none}" >&2
  exit 1
fi
WHEEL="${wheels[0]}"
echo "wheel: $WHEEL"

# ---------------------------------------------------------------------------- 2. the versions
PYTHONS=("$(command -v python3)")
newest=""
shopt -s nullglob
for candidate in /root/.pyenv/versions/3.1[2-9]*/bin/python3.1*; do
  [[ "$candidate" =~ /python3\.1[0-9]$ && -x "$candidate" ]] || continue
  newest="$(printf '%s\n%s\n' "$newest" "$candidate" | sed '/^$/d' | sort -V | tail -n1)"
done
shopt -u nullglob
base_version="$(python3 -c 'import sys; print("%d.%d" % sys.version_info[:2])')"
if [[ -z "$newest" ]]; then
  echo "no CPython 3.12+ under /root/.pyenv/versions: the abi3 wheel is tested on $base_version only"
elif [[ "$("$newest" -c 'import sys; print("%d.%d" % sys.version_info[:2])')" == "$base_version" ]]; then
  echo "the newest pyenv CPython is python3's own version ($base_version): tested once"
else
  PYTHONS+=("$newest")
fi

VERSIONS=()
for python in "${PYTHONS[@]}"; do
  version="$("$python" -c 'import sys; print("%d.%d" % sys.version_info[:2])')"
  VERSIONS+=("$version")
  venv=".venv-test-$version"
  step "CPython $version ($python) in $venv"
  ensure_venv "$python" "$venv"
  py="$venv/bin/python"
  if ! "$py" -m pip install -q -r "$REQUIREMENTS"; then
    fail "$version: pip install -r $REQUIREMENTS"
    continue
  fi
  if ! "$py" -m pip install -q --force-reinstall --no-deps "$WHEEL"; then
    fail "$version: pip install $WHEEL"
    continue
  fi

  step "$version: pytest"
  # Hypothesis keeps its caches in the venv, not in the work tree.
  HYPOTHESIS_STORAGE_DIRECTORY="$ROOT/$venv/.hypothesis" "$py" -m pytest "$TESTS" -q -p no:cacheprovider ||
    fail "$version: pytest"

  step "$version: mypy --strict typed_usage.py"
  # mypy and stubtest run from inside the venv, so that their .mypy_cache lands there too
  # (stubtest takes no cache option); ncpcert is imported from the installed wheel either way.
  (cd "$venv" && "$ROOT/$py" -m mypy --strict "$ROOT/$TESTS/typed_usage.py") || fail "$version: mypy --strict"

  step "$version: stubtest"
  (cd "$venv" && "$ROOT/$py" -m mypy.stubtest ncpcert --allowlist "$ROOT/$TESTS/stubtest-allowlist.txt") ||
    fail "$version: mypy.stubtest"

  step "$version: pyright --verifytypes ncpcert (at least 99 % of the public surface typed)"
  # pyright finds the installed package through the activated venv's python.
  if (cd "$venv" && export VIRTUAL_ENV="$ROOT/$venv" PATH="$ROOT/$venv/bin:$PATH" &&
      { pyright --verifytypes ncpcert --outputjson || true; } > verifytypes.json &&
      python - verifytypes.json <<'PY'
import json, sys
report = json.load(open(sys.argv[1]))
completeness = report["typeCompleteness"]
score = completeness["completenessScore"]
counts = completeness["exportedSymbolCounts"]
print(f"pyright: type completeness {score:.1%} ({counts['withKnownType']} of {sum(counts.values())} exported symbols known)")
for symbol in completeness["symbols"]:
    if not symbol["isTypeKnown"]:
        print("  not fully typed:", symbol["name"])
sys.exit(0 if score >= 0.99 else 1)
PY
  ); then :; else
    fail "$version: pyright --verifytypes"
  fi
done

# ---------------------------------------------------------------------------- summary
joined="$(IFS=,; echo "${VERSIONS[*]}" | sed 's/,/, /g')"
if [[ ${#FAILED[@]} -gt 0 ]]; then
  printf '\npython: %d step(s) failed on %s:\n' "${#FAILED[@]}" "$joined" >&2
  printf '  - %s\n' "${FAILED[@]}" >&2
  exit 1
fi
printf '\npython: all suites passed on %s\n' "$joined"
