"""The hostile-input catalogue (``tests/vectors/hostile.json``, format in
``tests/vectors/README.md``) through the public Python API: every case must give the outcome
the catalogue states, every exception must come from the ``ncpcert`` package with the expected
code (or be the documented ``TypeError`` where the catalogue says so), and every call must
return within the catalogue's time limit."""

from __future__ import annotations

import json
import re
import sys
import time
from json.decoder import scanstring
from typing import Any, Callable

import ncpcert
import pytest
from conftest import REPO

sys.path.insert(0, str(REPO / "tests" / "vectors"))
from hostile_generators import CATALOGUE, gen, text  # noqa: E402

LIMIT_S = CATALOGUE["time_limit_ms"] / 1000
CASES = CATALOGUE["cases"]

# --------------------------------------------------------------------------- JSON as host values

_NUMBER = re.compile(r"-?(?:0|[1-9]\d*)(\.\d+)?([eE][-+]?\d+)?")
_SPACE = re.compile(r"[ \t\n\r]*")


def parse_json(data: str) -> Any:
    """``json.loads``; for nesting deeper than its recursion allows, the same values built
    without recursion (a user can build such a dict in Python without JSON, too)."""
    try:
        return json.loads(data)
    except RecursionError:
        return _parse_json_iteratively(data)


def _parse_json_iteratively(s: str) -> Any:
    # Each open container: [container, pending key, expecting a key].
    stack: list[list[Any]] = []
    result: Any = None
    pos = 0

    def add(value: Any) -> None:
        nonlocal result
        if not stack:
            result = value
        elif isinstance(stack[-1][0], list):
            stack[-1][0].append(value)
        else:
            stack[-1][0][stack[-1][1]] = value

    while True:
        pos = _SPACE.match(s, pos).end()  # type: ignore[union-attr]
        if pos >= len(s):
            return result
        c = s[pos]
        if c in "[{":
            container: Any = [] if c == "[" else {}
            add(container)
            stack.append([container, None, c == "{"])
            pos += 1
        elif c in "]}":
            stack.pop()
            pos += 1
        elif c == ",":
            if isinstance(stack[-1][0], dict):
                stack[-1][2] = True
            pos += 1
        elif c == ":":
            pos += 1
        elif c == '"':
            string, pos = scanstring(s, pos + 1)
            if stack and stack[-1][2]:
                stack[-1][1], stack[-1][2] = string, False
            else:
                add(string)
        else:
            for word, literal in (("true", True), ("false", False), ("null", None)):
                if s.startswith(word, pos):
                    add(literal)
                    pos += len(word)
                    break
            else:
                m = _NUMBER.match(s, pos)
                assert m, f"catalogue JSON: unexpected {s[pos:pos + 20]!r}"
                add(float(m.group()) if m.group(1) or m.group(2) else int(m.group()))
                pos = m.end()


# --------------------------------------------------------------------------- running


def build_call(case: dict[str, Any]) -> Callable[[], Any]:
    """The arguments are built here; only the returned call is timed."""
    call, inp = case["call"], case["input"]
    if call == "sign":
        defaults = CATALOGUE["sign_defaults"]

        def arg(key: str) -> str:
            return text(inp.get(key, defaults[key]), key)

        ts_text = inp.get("timestamp", defaults["timestamp"])
        ts: int | float = int(ts_text) if re.fullmatch(r"-?\d+", ts_text) else float(ts_text)
        args = (arg("method"), arg("path"), ts, arg("access_key"), arg("secret_key"))
        return lambda: ncpcert.sign(*args)
    if call in ("validate", "prepare"):
        request = parse_json(text(inp["request"], "request"))
        if "csr" in inp:
            request["csr"] = gen(inp["csr"])
        strict = bool(inp.get("strict", False))
        if call == "validate":
            return lambda: ncpcert.validate(request, strict=strict)
        options: dict[str, Any] = {"strict": strict}
        if "site" in inp:
            options["site"] = inp["site"]
        if "base_url" in inp:
            options["base_url"] = text(inp["base_url"], "base_url")
        return lambda: ncpcert.prepare(request, **options)
    if call == "inspect_csr":
        data = gen(inp)
        return lambda: ncpcert.inspect_csr(data)
    if call == "parse_response":
        body = gen(inp["body"])
        return lambda: ncpcert.parse_response(inp["status"], body)
    pytest.fail(f"catalogue: unknown call {call}")


def class_of(e: ncpcert.NcpError) -> str:
    if isinstance(e, ncpcert.SigningError):
        return "signing"
    if isinstance(e, ncpcert.ValidationError):
        return "validation"
    if isinstance(e, ncpcert.CsrError):
        return "csr"
    if isinstance(e, ncpcert.ApiError):
        return "api"
    return "argument"


def finding_matches(f: Any, expect: dict[str, Any]) -> bool:
    return (
        f.code == expect["code"]
        and expect.get("field", f.field) == f.field
        and expect.get("severity", f.severity) == f.severity
    )


def describe(outcome: dict[str, Any]) -> str:
    findings = outcome.get("findings", [])
    codes = [f"{f.code}@{f.field}({f.severity})" for f in findings[:8]]
    if len(findings) > 8:
        codes.append(f"… {len(findings)} in all")
    if outcome["returned"]:
        return f"a normal return (value {outcome.get('value')!r}; findings [{', '.join(codes)}])"
    return (
        f"a {outcome['class']} error {outcome['code']!r} (api kind {outcome.get('kind')}; "
        f"findings [{', '.join(codes)}]): {str(outcome.get('message'))[:200]}"
    )


def matches(expect: dict[str, Any], outcome: dict[str, Any]) -> bool:
    kind = expect["kind"]
    if kind == "ok":
        return (
            outcome["returned"]
            and not any(f.severity == "error" for f in outcome["findings"])
            and expect.get("value", outcome.get("value")) == outcome.get("value")
        )
    if kind == "finding":
        return (outcome["returned"] or outcome["class"] == "validation") and any(
            finding_matches(f, expect) for f in outcome["findings"]
        )
    if kind == "error":
        return (
            not outcome["returned"]
            and outcome["class"] == expect["class"]
            and outcome["code"] == expect["code"]
            and expect.get("api_kind", outcome.get("kind")) == outcome.get("kind")
        )
    if kind == "type_error":
        return outcome["class"] == "type_error"
    return False


@pytest.mark.parametrize("case", CASES, ids=[c["id"] for c in CASES])
def test_hostile_case(case: dict[str, Any]) -> None:
    expect = case.get("language_expect", {}).get("python", case["expect"])
    call = build_call(case)
    start = time.perf_counter()
    try:
        result = call()
    except ncpcert.NcpError as e:
        took = time.perf_counter() - start
        assert type(e).__module__.split(".")[0] == "ncpcert", f"{type(e)} is not an ncpcert exception"
        assert isinstance(e.code, str) and e.code, f"{type(e).__name__} without a code"
        outcome: dict[str, Any] = {
            "returned": False,
            "class": class_of(e),
            "code": e.code,
            "kind": getattr(e, "kind", None) if isinstance(e, ncpcert.ApiError) else None,
            "findings": list(getattr(e, "findings", [])),
            "message": str(e),
        }
    except TypeError as e:
        # Only where the catalogue documents it (an argument of the wrong Python type).
        took = time.perf_counter() - start
        if expect["kind"] != "type_error":
            raise AssertionError(f"TypeError where {expect} was expected: {e}") from e
        outcome = {"returned": False, "class": "type_error", "code": "", "findings": []}
    else:
        # Anything other than an NcpError (or a documented TypeError) propagates and fails.
        took = time.perf_counter() - start
        findings = list(getattr(result, "findings", []))
        outcome = {"returned": True, "findings": findings, "value": result if isinstance(result, str) else None}
    assert matches(expect, outcome), f"expected {expect}, got {describe(outcome)}"
    assert took <= LIMIT_S, f"took {took:.2f} s, over the {LIMIT_S} s limit"


def test_catalogue_is_large_and_ids_unique() -> None:
    assert len(CASES) >= 70
    assert len({c["id"] for c in CASES}) == len(CASES)
