#!/usr/bin/env python3
"""Generates every language's model types from the one description the core exports.

The core's Rust types are the description: `cargo run -p ncpcert --example export-schema
--features schema` prints their JSON Schema (schema/ncpcert.schema.json). From it this script
writes, for each language, the types of what its package returns:

  - TypeScript declarations  bindings-wasm/js/types/models.d.ts
  - Python dataclasses       bindings-python/python/ncpcert/_generated.py
  - Go structs               bindings-go/models.go
  - Java classes             bindings-java/src/main/java/ncpcert/model/*.java

  scripts/generate-types.py            # export the schema, write every file
  scripts/generate-types.py --check    # fail (exit 1) when a checked-in file differs
  scripts/generate-types.py --schema FILE [--check]   # from a schema file, without cargo

Standard library only. The schema's shapes this reads are the ones schemars derives from serde
attributes: objects, `$ref`, `oneOf` of string constants (enums), `oneOf` of objects with a
constant tag (tagged enums), `anyOf` of references (untagged enums), `[T, "null"]` and
`anyOf [T, null]` (nullable), arrays, maps, and `additionalProperties` (unknown fields kept).
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from pathlib import Path

from typegen.go import Go
from typegen.java import Java
from typegen.python import Python
from typegen.typescript import TypeScript
from typegen.schema import HEADER, Model

ROOT = Path(__file__).resolve().parent.parent
SCHEMA = ROOT / "schema" / "ncpcert.schema.json"

def export_schema() -> str:
    out = subprocess.run(
        ["cargo", "run", "-q", "-p", "ncpcert", "--example", "export-schema", "--features", "schema"],
        cwd=ROOT,
        check=True,
        stdout=subprocess.PIPE,
    ).stdout.decode()
    return out


# --------------------------------------------------------------------------- main


def outputs(document: dict) -> dict[Path, str]:
    model = Model(document)
    files = {
        ROOT / "bindings-wasm/js/types/models.d.ts": TypeScript(model).render(),
        ROOT / "bindings-python/python/ncpcert/_generated.py": Python(model).render(),
        ROOT / "bindings-go/models.go": gofmt(Go(model).render()),
    }
    java_dir = ROOT / "bindings-java/src/main/java/ncpcert/model"
    for name, text in Java(model).render().items():
        files[java_dir / name] = text
    return files


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--check", action="store_true", help="fail when a checked-in file differs")
    parser.add_argument("--schema", type=Path, help="read this schema instead of exporting it with cargo")
    args = parser.parse_args()

    schema_text = args.schema.read_text() if args.schema else export_schema()
    files = {SCHEMA: schema_text}
    files.update(outputs(json.loads(schema_text)))
    java_dir = ROOT / "bindings-java/src/main/java/ncpcert/model"
    # A generated Java class the schema no longer has (hand-written classes beside them stay).
    stale = [
        p for p in java_dir.glob("*.java")
        if p not in files and HEADER in p.read_text()
    ] if java_dir.is_dir() else []

    if args.check:
        drift = [p for p, text in files.items() if not p.exists() or p.read_text() != text] + stale
        for p in drift:
            print(f"out of date: {p.relative_to(ROOT)}", file=sys.stderr)
        if drift:
            print("the generated types differ from the core's types: run scripts/generate-types.py and commit", file=sys.stderr)
            return 1
        print(f"generated types up to date ({len(files)} files)")
        return 0
    for p, text in files.items():
        p.parent.mkdir(parents=True, exist_ok=True)
        if not p.exists() or p.read_text() != text:
            p.write_text(text)
            print(f"wrote {p.relative_to(ROOT)}")
    for p in stale:
        p.unlink()
        print(f"removed {p.relative_to(ROOT)}")
    return 0


def gofmt(text: str) -> str:
    """Go source in gofmt's layout (the layout every Go file of the project is checked in)."""
    try:
        return subprocess.run(["gofmt"], input=text.encode(), check=True, stdout=subprocess.PIPE).stdout.decode()
    except FileNotFoundError:
        sys.exit("gofmt (Go) is needed to generate bindings-go/models.go")


if __name__ == "__main__":
    sys.exit(main())
