"""The generators of the hostile-input catalogue (``hostile.json`` beside this file, format in
``README.md``), for every Python reader of it: the Python binding's tests and the C suite's
input writer. Text is a ``str`` (a lone surrogate is itself); bytes are ``bytes``."""

from __future__ import annotations

import base64
import json
from pathlib import Path
from typing import Any

TESTS = Path(__file__).resolve().parents[1]
CATALOGUE: dict[str, Any] = json.loads((TESTS / "vectors" / "hostile.json").read_text(encoding="utf-8"))


class CatalogueError(ValueError):
    """The catalogue holds a generator this module does not know, or one of the wrong kind."""


def to_bytes(data: str | bytes) -> bytes:
    """UTF-8, with a lone surrogate as U+FFFD (what Rust strings, the Python package and
    JavaScript's TextEncoder do)."""
    if isinstance(data, bytes):
        return data
    return data.encode("utf-16", "surrogatepass").decode("utf-16", "replace").encode("utf-8")


def _one_key(value: Any) -> tuple[str, Any] | None:
    if isinstance(value, dict) and len(value) == 1:
        return next(iter(value.items()))
    return None


def _der_length(n: int) -> bytes:
    # X.690 8.1.3: short form below 128, else the long form.
    if n < 0x80:
        return bytes([n])
    raw = n.to_bytes((n.bit_length() + 7) // 8, "big")
    return bytes([0x80 | len(raw)]) + raw


def gen(value: Any) -> str | bytes:
    """What a catalogue generator produces: text (``str``) or bytes."""
    if isinstance(value, str):
        return value
    pair = _one_key(value)
    if pair is None:
        raise CatalogueError(f"hostile.json: bad generator {value!r}")
    kind, a = pair
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
            header = tag + _der_length(length)
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
    raise CatalogueError(f"hostile.json: unknown generator {kind}")


def text(value: Any, what: str) -> str:
    """A generator that must produce text (``what`` names it in the error)."""
    data = gen(value)
    if not isinstance(data, str):
        raise CatalogueError(f"hostile.json: {what} must generate text")
    return data


def to_json(value: Any) -> str:
    """JSON text of a catalogue value; ``{"$gen": G}`` is G's text as a JSON string,
    ``{"$raw": G}`` G's text as is."""
    special = _one_key(value)
    if special and special[0] == "$gen":
        return json.dumps(text(special[1], "$gen"))
    if special and special[0] == "$raw":
        return text(special[1], "$raw")
    if isinstance(value, list):
        return "[" + ",".join(to_json(v) for v in value) + "]"
    if isinstance(value, dict):
        return "{" + ",".join(f"{json.dumps(k)}:{to_json(v)}" for k, v in value.items()) + "}"
    return json.dumps(value)
