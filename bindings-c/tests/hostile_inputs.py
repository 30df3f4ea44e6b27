"""Writes the hostile-input catalogue (tests/vectors/hostile.json, format in
tests/vectors/README.md) as plain files for the C suite, which cannot run the catalogue's
generators itself: OUT/cases.json lists every case with its call, its expectation (the
catalogue's, unchanged: `language_expect["c"]` when present, else `expect`) and its
arguments, each byte argument as a file OUT/inputs/N.bin holding exactly the bytes the C
ABI receives. Text becomes UTF-8, a lone surrogate U+FFFD (as in Rust, whose strings cannot
hold one). Usage: python3 hostile_inputs.py OUT"""

from __future__ import annotations

import base64
import json
import sys
from pathlib import Path
from typing import Any

TESTS = Path(__file__).resolve().parents[2] / "tests"
CATALOGUE = json.loads((TESTS / "vectors" / "hostile.json").read_text(encoding="utf-8"))


def to_bytes(data: str | bytes) -> bytes:
    if isinstance(data, bytes):
        return data
    return data.encode("utf-16", "surrogatepass").decode("utf-16", "replace").encode("utf-8")


def der_length(n: int) -> bytes:
    if n < 0x80:
        return bytes([n])
    raw = n.to_bytes((n.bit_length() + 7) // 8, "big")
    return bytes([0x80 | len(raw)]) + raw


def gen(value: Any) -> str | bytes:
    """A generator of the catalogue: text (str) or bytes."""
    if isinstance(value, str):
        return value
    ((kind, a),) = value.items()
    if kind == "text":
        return str(a)
    if kind == "hex":
        return bytes.fromhex("".join(a.split()))
    if kind == "base64":
        return base64.b64decode(a)
    if kind == "file":
        return (TESTS / a).read_bytes()
    if kind == "file_text":
        return (TESTS / a).read_text(encoding="utf-8")
    if kind == "surrogate":
        return chr(int(a, 16))
    if kind == "repeat":
        return gen(a["unit"]) * a["times"]
    if kind == "concat":
        parts = [gen(p) for p in a]
        if all(isinstance(p, str) for p in parts):
            return "".join(parts)  # type: ignore[arg-type]
        return b"".join(to_bytes(p) for p in parts)
    if kind == "numbered":
        return a["separator"].join(a["template"].replace("{i}", str(i)) for i in range(a["times"]))
    if kind == "der_nest":
        tag = bytes.fromhex(a["tag"])
        inner = to_bytes(gen(a["inner"]))
        length, headers = len(inner), []
        for _ in range(a["depth"]):
            header = tag + der_length(length)
            length += len(header)
            headers.append(header)
        return b"".join(reversed(headers)) + inner
    if kind == "pem":
        width, eol = a.get("line_width", 64), a.get("eol", "\n")
        b64 = base64.b64encode(to_bytes(gen(a["der"]))).decode("ascii")
        lines = "".join(b64[i : i + width] + eol for i in range(0, len(b64), width))
        return f"-----BEGIN {a['label']}-----{eol}{lines}-----END {a['label']}-----{eol}"
    if kind == "json":
        return to_json(a)
    if kind == "base_request_with":
        return to_json({**CATALOGUE["base_request"], **a})
    raise SystemExit(f"hostile.json: unknown generator {kind}")


def to_json(value: Any) -> str:
    if isinstance(value, dict) and len(value) == 1:
        ((key, inner),) = value.items()
        if key == "$gen":
            return json.dumps(gen(inner))
        if key == "$raw":
            return str(gen(inner))
    if isinstance(value, list):
        return "[" + ",".join(to_json(v) for v in value) + "]"
    if isinstance(value, dict):
        return "{" + ",".join(f"{json.dumps(k)}:{to_json(v)}" for k, v in value.items()) + "}"
    return json.dumps(value)


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
