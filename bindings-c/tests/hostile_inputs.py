"""Writes the hostile-input catalogue (tests/vectors/hostile.json, format in
tests/vectors/README.md) as plain files for the C suite, which cannot run the catalogue's
generators itself: OUT/cases.json lists every case with its call, its expectation (the
catalogue's, unchanged: `language_expect["c"]` when present, else `expect`) and its
arguments, each byte argument as a file OUT/inputs/N.bin holding exactly the bytes the C
ABI receives. Text becomes UTF-8, a lone surrogate U+FFFD (as in Rust, whose strings cannot
hold one). Usage: python3 hostile_inputs.py OUT"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "tests" / "vectors"))
from hostile_generators import CATALOGUE, gen, to_bytes  # noqa: E402


def main(out: Path) -> None:
    (out / "inputs").mkdir(parents=True, exist_ok=True)
    counter = 0

    def put(value: Any) -> str:
        nonlocal counter
        counter += 1
        name = f"inputs/{counter}.bin"
        (out / name).write_bytes(to_bytes(gen(value)))
        return name

    cases = []
    for case in CATALOGUE["cases"]:
        call, inp = case["call"], case["input"]
        args: dict[str, Any] = {}
        if call == "sign":
            defaults = CATALOGUE["sign_defaults"]
            for key in ("method", "path", "access_key", "secret_key"):
                args[key] = put(inp.get(key, defaults[key]))
            args["timestamp"] = inp.get("timestamp", defaults["timestamp"])
        elif call in ("validate", "prepare"):
            args["request"] = put(inp["request"])
            if "csr" in inp:
                args["csr"] = put(inp["csr"])
            args["strict"] = bool(inp.get("strict", False))
            if "site" in inp:
                args["site"] = put(inp["site"])
            if "base_url" in inp:
                args["base_url"] = put(inp["base_url"])
        elif call == "inspect_csr":
            args["input"] = put(inp)
        elif call == "parse_response":
            args["status"] = inp["status"]
            args["body"] = put(inp["body"])
        else:
            raise SystemExit(f"hostile.json: unknown call {call}")
        expect = case.get("language_expect", {}).get("c", case["expect"])
        cases.append({"id": case["id"], "call": call, "args": args, "expect": expect})
    doc = {"time_limit_ms": CATALOGUE["time_limit_ms"], "cases": cases}
    (out / "cases.json").write_text(json.dumps(doc, indent=1), encoding="utf-8")
    print(f"hostile catalogue: {len(cases)} cases written to {out}")


if __name__ == "__main__":
    main(Path(sys.argv[1]))
