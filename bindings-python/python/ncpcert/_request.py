"""Requests given as Python values (a dict with the API's names, or snake_case keyword
arguments) turned into the JSON values (dicts, lists, str, int, float, bool, None) the core
reads. Imported by the first ``validate`` or ``prepare``, not by ``import ncpcert``."""

from __future__ import annotations

import enum
from collections.abc import Mapping
from typing import Any

from ._api import Bytes, json_int
from ._models import Finding

__all__ = ["request_args", "request_value"]

# snake_case keyword arguments and the API's JSON names.
_JSON_NAMES = {
    "csr": "csr",
    "certificate_type": "certificateType",
    "certificate_name": "certificateName",
    "common_name": "commonName",
    "dns_name": "dnsName",
    "dns_names": "dnsName",
    "validation_method": "validationMethod",
    "organization_no": "organizationNo",
    "extra": "extra",
}


def _to_json(value: object, path: str, problems: list[Finding]) -> object:
    """The JSON value of a request field. What JSON cannot carry (bytes, NaN, objects, a lone
    surrogate that has no UTF-8 form) becomes a finding naming the field, not a crash."""
    if isinstance(value, enum.Enum):
        value = value.value
    if value is None or isinstance(value, bool):
        return value
    if isinstance(value, int):
        return json_int(value)
    if isinstance(value, float):
        if value != value or value in (float("inf"), float("-inf")):
            problems.append(_unreadable(path, f"is {value}, which JSON cannot carry; give a number"))
        return value
    if isinstance(value, str):
        _check_text(value, path, "holds", problems)
        return value
    if isinstance(value, Mapping):
        out: dict[str, object] = {}
        for k, v in value.items():
            if not isinstance(k, str):
                problems.append(_unreadable(path or "request", f"has a key of type {type(k).__name__}; keys are str"))
                continue
            if not _check_text(k, path or "request", "has a key holding", problems):
                continue
            out[k] = _to_json(v, f"{path}.{k}" if path else k, problems)
        return out
    if isinstance(value, (list, tuple)):
        return [_to_json(v, f"{path}[{i}]", problems) for i, v in enumerate(value)]
    problems.append(_unreadable(path, f"is a {type(value).__name__}, which is not a JSON value; give str, int, list or dict"))
    return None


def _check_text(value: str, path: str, what: str, problems: list[Finding]) -> bool:
    """Whether ``value`` is text: a lone surrogate has no UTF-8 form, so no JSON reader can
    take it (it becomes a finding naming the field)."""
    if value.isascii():
        return True
    try:
        value.encode("utf-8")
    except UnicodeEncodeError as e:
        problems.append(_unreadable(path, f"{what} a lone surrogate at position {e.start}; it is not text"))
        return False
    return True


def _unreadable(path: str, what: str) -> Finding:
    return Finding("request.invalid", path, "error", f"`{path}` {what}")


def request_args(
    request: Mapping[str, Any] | None, fields: dict[str, Any]
) -> tuple[object, bytes | None, list[Finding]]:
    """The request as a JSON value with the API's names, the CSR when it is given as bytes,
    and the fields JSON cannot carry (when there are any, the value is not usable)."""
    if request is not None and fields:
        raise TypeError("pass the request either as a dict or as keyword arguments, not both")
    if request is None:
        body: dict[str, Any] = {_JSON_NAMES.get(k, k): v for k, v in fields.items()}
    elif isinstance(request, Mapping):
        body = dict(request)
    else:
        raise TypeError(f"request must be a dict with the API's field names, not {type(request).__name__}")
    csr = body.get("csr")
    csr_bytes = None
    if isinstance(csr, Bytes):
        csr_bytes = bytes(csr)
        del body["csr"]
    problems: list[Finding] = []
    try:
        return _to_json(body, "", problems), csr_bytes, problems
    except RecursionError:
        # Nesting deeper than Python can walk; the core would refuse beyond 128 levels anyway.
        message = "the request is nested too deeply to be read as JSON; give the API's fields as flat values"
        return None, csr_bytes, [Finding("request.invalid", "", "error", message)]


def in_lang(problems: list[Finding], lang: str) -> list[Finding]:
    """The package's own findings with their text in ``lang``: the code's own text (the
    core's table), as the core says it in that language."""
    if lang == "en":
        return problems
    from . import _native
    from ._api import call

    return [Finding(p.code, p.field, p.severity, call(_native.code_text, p.code, lang)) for p in problems]


def request_value(
    request: Mapping[str, Any] | None, fields: dict[str, Any], lang: str = "en"
) -> tuple[object, bytes | None]:
    """:func:`request_args` for a call that sends the request: the JSON value and the CSR
    bytes, or :class:`ValidationError` naming every field JSON cannot carry."""
    value, csr, problems = request_args(request, fields)
    if problems:
        from ._errors import ValidationError

        problems = in_lang(problems, lang)
        if lang == "en":
            message = "the request cannot be sent as JSON: " + "; ".join(f.message for f in problems)
        else:
            message = "\n".join(f"{f.field}: {f.message} [{f.code}]" if f.field else f"{f.message} [{f.code}]" for f in problems)
        raise ValidationError(message, problems)
    return value, csr
