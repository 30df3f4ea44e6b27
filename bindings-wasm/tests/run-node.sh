#!/usr/bin/env bash
# Node test suite of the npm package `ncpcert`: installs the packed tarball
# (../dist/ncpcert-*.tgz, made by scripts/build-npm.sh) into this folder's node_modules without
# recording it, runs the node:test files in node/, then type-checks typecheck/usage.ts
# against the package's own declarations.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")"

shopt -s nullglob
tarballs=(../dist/ncpcert-*.tgz)
shopt -u nullglob
if [ "${#tarballs[@]}" -ne 1 ]; then
  echo "run-node.sh: expected exactly one ../dist/ncpcert-*.tgz (run scripts/build-npm.sh first), found ${#tarballs[@]}" >&2
  exit 2
fi
tarball="$(cd "$(dirname "${tarballs[0]}")" && pwd)/$(basename "${tarballs[0]}")"

# Dev dependencies (typescript, @types/node): only when missing or package.json changed.
stamp=node_modules/.ncpcert-tests-package.json
if [ ! -d node_modules/typescript ] || [ ! -d node_modules/@types/node ] \
  || ! cmp -s package.json "$stamp"; then
  # --no-package-lock: exact pins in package.json, no lockfile left behind.
  npm install --no-audit --no-fund --no-package-lock
  cp package.json "$stamp"
fi

# The package under test, from the tarball, never written to package.json. Removed first so
# that a rebuilt tarball with the same version number is always the one tested.
rm -rf node_modules/ncpcert
npm install --no-save --no-audit --no-fund --no-package-lock "$tarball"

export NCPCERT_TARBALL="$tarball"
tap="$(mktemp)"
trap 'rm -f "$tap"' EXIT
status=0
# The spec reporter for reading; the TAP reporter for the final `# pass N` / `# fail N` summary.
node --test --test-reporter=spec --test-reporter-destination=stdout \
  --test-reporter=tap --test-reporter-destination="$tap" node/ || status=$?
echo "---- summary (TAP) ----"
grep -E '^# (tests|suites|pass|fail|cancelled|skipped|todo|duration_ms) ' "$tap" || true

echo "---- typecheck ----"
npx tsc --noEmit -p typecheck/tsconfig.json || status=$?

if [ "$status" -ne 0 ]; then
  echo "run-node.sh: FAILED" >&2
else
  echo "run-node.sh: all passed"
fi
exit "$status"
