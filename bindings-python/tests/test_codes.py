"""Every code the package can raise is one of the core's tables: the package maps the core's
errors to its classes and never makes a code of its own.

The tables are read two ways: from the extension (``_native.error_codes()``,
``_native.finding_codes()``) and, independently, from the core's sources
(``core/src/codes.rs``, ``core/src/report.rs``); the package's sources are read with ``ast``.
"""

from __future__ import annotations

import ast
import inspect
import re
from pathlib import Path
from typing import Any

import pytest

import ncpcert
import ncpcert._errors as errors
import ncpcert._native as native
from conftest import REPO

PACKAGE = Path(ncpcert.__file__).parent
SOURCES = sorted(PACKAGE.glob("*.py"))
# A code's form: `area.what`, e.g. `argument.invalid`, `organizationNo.required`.
CODE_SHAPE = re.compile(r"[a-z][A-Za-z]*(\.[a-z_]+)+")


def table_from_source() -> dict[str, str]:
    """`ErrorCode`'s table as `core/src/codes.rs` writes it: `Variant = "code", "type", exit,` (then its texts)."""
    text = (REPO / "core" / "src" / "codes.rs").read_text(encoding="utf-8")
    return dict(re.findall(r'^\s+[A-Z][A-Za-z0-9]+ = "([^"]+)", "([a-z]+)", [0-9],$', text, re.M))


def findings_from_source() -> set[str]:
    """`Code`'s table as `core/src/report.rs` writes it: `Variant = "code", Severity,` (then its texts)."""
    text = (REPO / "core" / "src" / "report.rs").read_text(encoding="utf-8")
    return set(re.findall(r'^\s+[A-Z][A-Za-z0-9]+ = "([^"]+)", [A-Z][a-z]+,$', text, re.M))


ERROR_CODES = dict(native.error_codes())
FINDING_CODES = set(native.finding_codes())
KNOWN = set(ERROR_CODES) | FINDING_CODES


def test_the_extension_gives_the_cores_tables() -> None:
    from_source = table_from_source()
    assert len(from_source) >= 25, "core/src/codes.rs no longer has the expected layout"
    assert ERROR_CODES == from_source
    findings = findings_from_source()
    assert len(findings) >= 40, "core/src/report.rs no longer has the expected layout"
    assert FINDING_CODES == findings
    assert [code for code, _ in native.error_codes()][0] == "request.invalid"
    assert {"argument.invalid", "internal.engine", "internal.misuse", "order.name_taken"} <= set(ERROR_CODES)
    assert {"csr.malformed", "domain.underscore"} <= FINDING_CODES


def _trees() -> list[tuple[Path, ast.Module]]:
    return [(path, ast.parse(path.read_text(encoding="utf-8"), str(path))) for path in SOURCES]


def _docstrings(tree: ast.Module) -> set[int]:
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)):
            first = node.body[0] if node.body else None
            if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant):
                found.add(id(first.value))
    return found


def test_every_code_shaped_literal_in_the_package_is_in_the_tables() -> None:
    seen = []
    for path, tree in _trees():
        docstrings = _docstrings(tree)
        for node in ast.walk(tree):
            if (
                isinstance(node, ast.Constant)
                and isinstance(node.value, str)
                and id(node) not in docstrings
                and CODE_SHAPE.fullmatch(node.value)
            ):
                seen.append((path.name, node.lineno, node.value))
    assert seen, "the sweep found no code at all: it no longer reads the package"
    unknown = [hit for hit in seen if hit[2] not in KNOWN]
    assert not unknown, f"codes that are not the core's: {unknown}"


def _code_argument(cls: Any, call: ast.Call) -> ast.expr | None:
    """The expression passed as ``code`` to ``cls(...)``, by the class's own signature."""
    parameters = list(inspect.signature(cls).parameters)
    if "code" not in parameters:
        return None
    for keyword in call.keywords:
        if keyword.arg == "code":
            return keyword.value
    index = parameters.index("code")
    positional = [arg for arg in call.args if not isinstance(arg, ast.Starred)]
    return positional[index] if index < len(positional) else None


def test_every_code_the_package_raises_or_defaults_to_is_in_the_tables() -> None:
    classes: dict[str, Any] = {
        name: getattr(errors, name)
        for name in dir(errors)
        if isinstance(getattr(errors, name), type) and issubclass(getattr(errors, name), errors.NcpError)
    }
    classes["Finding"] = ncpcert.Finding
    given: list[tuple[str, int, str]] = []
    computed = 0
    for path, tree in _trees():
        for node in ast.walk(tree):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in classes:
                cls = classes[node.func.id]
                if cls is ncpcert.Finding:
                    code = node.args[0] if node.args else None
                else:
                    code = _code_argument(cls, node)
                if isinstance(code, ast.Constant):
                    given.append((path.name, node.lineno, code.value))
                elif code is not None:
                    computed += 1  # a code taken from the core's error object
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                args = node.args
                positional = args.posonlyargs + args.args
                pairs = list(zip(positional[len(positional) - len(args.defaults) :], args.defaults))
                pairs += [(a, d) for a, d in zip(args.kwonlyargs, args.kw_defaults) if d is not None]
                for arg, default in pairs:
                    if arg.arg == "code" and isinstance(default, ast.Constant):
                        given.append((path.name, default.lineno, default.value))
    assert len(given) >= 5 and computed >= 1, (given, computed)
    unknown = [hit for hit in given if hit[2] not in KNOWN]
    assert not unknown, f"codes that are not the core's: {unknown}"


EXPECTED_CLASS = {
    "signing": ncpcert.SigningError,
    "validation": ncpcert.ValidationError,
    "csr": ncpcert.CsrError,
    "order": ncpcert.OrderError,
    "dns": ncpcert.DnsError,
}


@pytest.mark.parametrize("code", sorted(ERROR_CODES))
def test_every_code_of_the_table_maps_to_its_class(code: str) -> None:
    error_type = ERROR_CODES[code]
    error = errors.from_dict({"type": error_type, "code": code, "message": "m"})
    assert error.code == code and error.message == "m"
    assert type(error) is EXPECTED_CLASS.get(error_type, ncpcert.NcpError)


def test_the_types_the_mapping_tells_apart_are_the_cores() -> None:
    tree = ast.parse(inspect.getsource(errors.from_dict))
    compared = {
        node.comparators[0].value
        for node in ast.walk(tree)
        if isinstance(node, ast.Compare)
        and isinstance(node.left, ast.Name)
        and node.left.id == "kind"
        and isinstance(node.comparators[0], ast.Constant)
    }
    # `api` is the type of NCP's answers, whose codes are NCP's own.
    assert compared == set(EXPECTED_CLASS) | {"api"}
    assert set(EXPECTED_CLASS) <= set(ERROR_CODES.values())


def test_an_error_of_the_core_arrives_as_its_object() -> None:
    with pytest.raises(native.CoreError) as info:
        native.prepare({}, None, "public", None, False)
    data = info.value.args[0]
    assert isinstance(data, dict)
    assert (data["type"], data["code"]) == ("validation", "request.invalid")
    assert all(finding["code"] in FINDING_CODES for finding in data["findings"])
    with pytest.raises(native.CoreError) as info:
        native.list_certificates({"page": 0}, "public", None)
    assert (info.value.args[0]["type"], info.value.args[0]["code"]) == ("argument", "argument.invalid")
