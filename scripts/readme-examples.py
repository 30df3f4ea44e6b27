#!/usr/bin/env python3
"""Runs the examples of the READMEs, as written, so that they cannot drift from the code.

    scripts/readme-examples.py [--python PY] [--node-modules DIR] [--cli BIN] [--only LANG,...]

Which blocks run:
- Rust: every ```rust block of a README in RUST_READMES, with rustdoc's own Markdown test
  runner (`rustdoc --test README.md` against the built `ncpcert` crate); a block that is only
  a fragment is marked ```rust,ignore, as in rustdoc comments.
- Every other language: a fenced block whose line before is `<!-- example: run -->`. Each
  runs in a fresh directory holding the sample CSR as `csr.pem`, with the example keys in
  NCP_ACCESS_KEY / NCP_SECRET_KEY and HOME pointing there (no real credentials file is read):
  ```python with the interpreter that has the ncpcert wheel installed, ```js as an ES module
  with the npm package installed by the Node suite, ```sh with bash -e and the `ncpcert`
  command first on PATH. A block fails the run when it exits non-zero; the checks are the
  block's own (`assert`, `assert.equal`, `test`, a command's exit status).
- Blocks marked `<!-- e2e: NAME -->` talk to NCP and are run against the mock NCP by the
  end-to-end suite (tests/e2e); they are only counted here.

Every other block is a fragment (a signature, an install command, a loop with the reader's
own HTTP client): listed at the end, not run.
"""

from __future__ import annotations

import argparse
import os
import pathlib
import re
import shutil
import subprocess
import sys
import tempfile

ROOT = pathlib.Path(__file__).resolve().parent.parent
READMES = [
    "README.md",
    "core/README.md",
    "cli/README.md",
    "bindings-python/README.md",
    "bindings-wasm/js/README.md",
    "bindings-c/README.md",
    "bindings-go/README.md",
    "bindings-java/README.md",
    "bindings-php/README.md",
]
RUST_READMES = ["README.md", "core/README.md"]
SAMPLE_CSR = ROOT / "tests/data/sample.csr.pem"
# The example keys of the test vectors and the mock NCP: never real ones.
KEYS = {
    "NCP_ACCESS_KEY": "EXAMPLEAK0000000NCP1",
    "NCP_SECRET_KEY": "EXAMPLESECRET00000000000000000000NCPSK01",
}
FENCE = re.compile(r"^```([A-Za-z0-9_,+-]*)\s*$")
MARKER = re.compile(r"^<!--\s*(example|e2e):\s*([^>]*?)\s*-->\s*$")


class Block:
    def __init__(self, readme: str, line: int, info: str, code: str, marker: tuple[str, str] | None):
        self.readme, self.line, self.code, self.marker = readme, line, code, marker
        self.lang = info.split(",")[0]
        self.info = info

    def __str__(self) -> str:
        return f"{self.readme}:{self.line} ({self.info or 'no language'})"


def blocks(readme: str) -> list[Block]:
    """The fenced blocks of a README, each with the marker on the last non-blank line before it."""
    lines = (ROOT / readme).read_text(encoding="utf-8").splitlines()
    found, i, previous = [], 0, ""
    while i < len(lines):
        m = FENCE.match(lines[i])
        if m:
            start = i
            i += 1
            body = []
            while i < len(lines) and not lines[i].startswith("```"):
                body.append(lines[i])
                i += 1
            mk = MARKER.match(previous)
            found.append(Block(readme, start + 1, m.group(1), "\n".join(body) + "\n",
                               (mk.group(1), mk.group(2)) if mk else None))
            previous = ""
        elif lines[i].strip():
            previous = lines[i].strip()
        i += 1
    return found


def run_rust(readme: str) -> bool:
    """rustdoc's Markdown test runner against the `ncpcert` crate the test command built."""
    # The crate as it is now (a no-op when the test command's build is fresh).
    subprocess.run(["cargo", "build", "--quiet", "-p", "ncpcert"], cwd=ROOT, check=True)
    rlib = ROOT / "target/debug/libncpcert.rlib"
    # The rustdoc of the toolchain that built the crate (the repository's, not the one of the
    # directory the examples run in).
    sysroot = subprocess.run(["rustc", "--print", "sysroot"], cwd=ROOT, check=True,
                             stdout=subprocess.PIPE, text=True).stdout.strip()
    command = [str(pathlib.Path(sysroot) / "bin" / "rustdoc"), "--test", str(ROOT / readme), "--edition", "2021",
               "-L", f"dependency={ROOT / 'target/debug/deps'}", "--extern", f"ncpcert={rlib}"]
    print(f"--> rust: rustdoc --test {readme}", flush=True)
    # The examples run where rustdoc runs: in a directory holding the sample CSR, like the others.
    with tempfile.TemporaryDirectory(prefix="ncpcert-readme-") as work:
        shutil.copy(SAMPLE_CSR, pathlib.Path(work) / "csr.pem")
        env = {k: v for k, v in os.environ.items() if not k.startswith("NCP_")}
        env.update(KEYS)
        return subprocess.run(command, cwd=work, env=env).returncode == 0


def run_block(block: Block, args: argparse.Namespace) -> bool:
    with tempfile.TemporaryDirectory(prefix="ncpcert-readme-") as work:
        where = pathlib.Path(work)
        shutil.copy(SAMPLE_CSR, where / "csr.pem")
        env = {k: v for k, v in os.environ.items() if not k.startswith("NCP_")}
        env.update(KEYS, HOME=str(where))
        if block.lang == "python":
            (where / "example.py").write_text(block.code, encoding="utf-8")
            command = [args.python, "example.py"]
        elif block.lang in ("js", "javascript"):
            (where / "node_modules").symlink_to(pathlib.Path(args.node_modules).resolve())
            (where / "example.mjs").write_text(block.code, encoding="utf-8")
            command = ["node", "example.mjs"]
        elif block.lang in ("sh", "bash", "console"):
            (where / "example.sh").write_text(block.code, encoding="utf-8")
            env["PATH"] = f"{pathlib.Path(args.cli).resolve().parent}{os.pathsep}{env.get('PATH', '')}"
            command = ["bash", "-euo", "pipefail", "example.sh"]
        else:
            print(f"!!! {block}: no runner for the language {block.lang!r}", file=sys.stderr)
            return False
        print(f"--> {block.lang}: {block}", flush=True)
        result = subprocess.run(command, cwd=where, env=env, stdout=subprocess.PIPE,
                                stderr=subprocess.STDOUT, text=True, timeout=120)
        if result.returncode != 0:
            print(result.stdout, end="")
            print(f"!!! {block} exited with {result.returncode}", file=sys.stderr)
            return False
        return True


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--python", default=str(ROOT / ".venv-e2e/bin/python"),
                        help="a Python with the ncpcert wheel installed (default: the e2e venv)")
    parser.add_argument("--node-modules", default=str(ROOT / "bindings-wasm/tests/node_modules"),
                        help="a node_modules holding the npm package (default: the Node suite's)")
    parser.add_argument("--cli", default=str(ROOT / "target/release/ncpcert"),
                        help="the ncpcert command (default: the release build)")
    parser.add_argument("--only", default="", help="comma-separated languages to run (rust, python, js, sh)")
    args = parser.parse_args()
    only = {lang for lang in args.only.split(",") if lang}

    failed: list[str] = []
    ran = e2e = 0
    fragments: list[Block] = []
    for readme in READMES:
        if not (ROOT / readme).exists():
            continue
        for block in blocks(readme):
            if block.lang == "rust":
                if "ignore" in block.info.split(","):
                    fragments.append(block)
                continue  # rustdoc below
            if block.marker and block.marker[0] == "e2e":
                e2e += 1
            elif block.marker == ("example", "run"):
                if only and block.lang not in only:
                    continue
                ran += 1
                if not run_block(block, args):
                    failed.append(str(block))
            elif block.marker:
                failed.append(f"{block}: unknown marker {block.marker}")
            else:
                fragments.append(block)
    if not only or "rust" in only:
        for readme in RUST_READMES:
            if not run_rust(readme):
                failed.append(f"{readme}: rust examples")

    print(f"\nREADME examples: {ran} run here, {e2e} run by the end-to-end suite, "
          f"Rust ones by rustdoc; {len(fragments)} fragments not run:")
    for block in fragments:
        print(f"    {block}")
    if failed:
        print("\n!!! FAILED:\n    " + "\n    ".join(failed), file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
