"""The functions of the package: conversion between Python values and the Rust core."""

from __future__ import annotations

import enum
import json
from collections.abc import Mapping
from typing import Any

from . import _native
from ._errors import NcpError, ValidationError, from_core
from ._models import CertificateList, CsrReport, Finding, IssuanceResponse, PreparedRequest, Report

__all__ = [
    "sign",
    "verify",
    "validate",
    "prepare",
    "inspect_csr",
    "parse_response",
    "list_advanced_certificates",
    "parse_certificate_list",
    "transport_outcome",
]

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

Bytes = (bytes, bytearray, memoryview)


def text(value: object, name: str) -> str:
    """A ``str`` argument for the core. A lone surrogate cannot travel as UTF-8: it becomes
    U+FFFD, which the core then refuses with its own message."""
    if not isinstance(value, str):
        raise TypeError(f"{name} must be str, not {type(value).__name__}")
    if value.isascii():  # the common case, checked without encoding
        return value
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        value = value.encode("utf-16", "surrogatepass").decode("utf-16", "replace")
    return value


def timestamp(value: object, name: str = "timestamp_ms") -> int | float:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise TypeError(f"{name} must be an int of milliseconds, not {type(value).__name__}")
    return value


def call(fn: Any, *args: Any) -> Any:
    try:
        return fn(*args)
    except _native.CoreError as e:
        raise from_core(e) from None


def sign(method: str, path_and_query: str, timestamp_ms: int, access_key: str, secret_key: str) -> str:
    """NCP API Gateway signature v2 of one request (base64).

    ``path_and_query`` is the request-target exactly as sent (``/path?query``, no host);
    ``timestamp_ms`` is milliseconds since the Unix epoch, sent in ``x-ncp-apigw-timestamp``.
    Raises :class:`SigningError` for input that cannot be signed.
    """
    return call(  # type: ignore[no-any-return]
        _native.sign,
        text(method, "method"),
        text(path_and_query, "path_and_query"),
        timestamp(timestamp_ms),
        text(access_key, "access_key"),
        text(secret_key, "secret_key"),
    )


def verify(
    method: str, path_and_query: str, timestamp_ms: int, access_key: str, secret_key: str, signature: str
) -> bool:
    """Checks a received signature in constant time (for servers and tests)."""
    return call(  # type: ignore[no-any-return]
        _native.verify,
        text(method, "method"),
        text(path_and_query, "path_and_query"),
        timestamp(timestamp_ms),
        text(access_key, "access_key"),
        text(secret_key, "secret_key"),
        text(signature, "signature"),
    )


def _to_json(value: object, path: str, problems: list[Finding]) -> object:
    """The JSON value of a request field. What JSON cannot carry (bytes, NaN, objects, a lone
    surrogate that has no UTF-8 form) becomes a finding naming the field, not a crash."""
    if isinstance(value, enum.Enum):
        value = value.value
    if value is None or isinstance(value, (bool, int)):
        return value
    if isinstance(value, float):
        if value != value or value in (float("inf"), float("-inf")):
            problems.append(_unreadable(path, f"is {value}, which JSON cannot carry; give a number"))
        return value
    if isinstance(value, str):
        if not value.isascii():
            try:
                value.encode("utf-8")
            except UnicodeEncodeError as e:
                problems.append(_unreadable(path, f"holds a lone surrogate at position {e.start}; it is not text"))
        return value
    if isinstance(value, Mapping):
        out: dict[str, object] = {}
        for k, v in value.items():
            if not isinstance(k, str):
                problems.append(_unreadable(path or "request", f"has a key of type {type(k).__name__}; keys are str"))
                continue
            out[k] = _to_json(v, f"{path}.{k}" if path else k, problems)
        return out
    if isinstance(value, (list, tuple)):
        return [_to_json(v, f"{path}[{i}]", problems) for i, v in enumerate(value)]
    problems.append(_unreadable(path, f"is a {type(value).__name__}, which is not a JSON value; give str, int, list or dict"))
    return None


def _unreadable(path: str, what: str) -> Finding:
    return Finding("request.invalid", path, "error", f"`{path}` {what}")


def _request_args(
    request: Mapping[str, Any] | None, fields: dict[str, Any]
) -> tuple[str, bytes | None, list[Finding]]:
    """JSON text with the API's names, the CSR when it is given as bytes, and the fields JSON
    cannot carry (when there are any, the JSON text is not usable)."""
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
        return json.dumps(_to_json(body, "", problems)), csr_bytes, problems
    except RecursionError:
        # Nesting deeper than Python can walk; the core would refuse beyond 128 levels anyway.
        message = "the request is nested too deeply to be read as JSON; give the API's fields as flat values"
        return "", csr_bytes, [Finding("request.invalid", "", "error", message)]


def validate(request: Mapping[str, Any] | None = None, /, *, strict: bool = False, **fields: Any) -> Report:
    """Checks a request against every rule and returns all findings at once.

    Give the request as a dict with the API's JSON names (``{"commonName": …}``) or as
    keyword arguments in snake_case (``common_name=…``). Never raises for a bad request (a
    value JSON cannot carry, such as bytes, NaN or a lone surrogate, is reported against its
    field); ``TypeError`` only for arguments of the wrong type.
    """
    json_text, csr, problems = _request_args(request, fields)
    if problems:
        return Report(False, tuple(problems))
    return Report.from_dict(json.loads(_native.validate(json_text, csr, bool(strict))))


def prepare(
    request: Mapping[str, Any] | None = None,
    /,
    *,
    site: str = "public",
    base_url: str | None = None,
    strict: bool = False,
    **fields: Any,
) -> PreparedRequest:
    """Validates the request and returns the exact HTTP request to send (unsigned).

    ``site`` is ``"public"``, ``"gov"`` or ``"fin"``; ``base_url`` overrides it with any
    ``http(s)://host[:port][/prefix]``. Raises :class:`ValidationError` listing every error.
    """
    json_text, csr, problems = _request_args(request, fields)
    if problems:
        message = "the request cannot be sent as JSON: " + "; ".join(f.message for f in problems)
        raise ValidationError(message, problems)
    site = text(site, "site")
    if base_url is not None:
        base_url = text(base_url, "base_url")
    data = call(_native.prepare, json_text, csr, site, base_url, bool(strict))
    return PreparedRequest.from_dict(json.loads(data))


def inspect_csr(data: str | bytes) -> CsrReport:
    """Reads and checks a CSR (PEM text, lenient, or DER bytes) the way a public CA would.

    Raises :class:`CsrError` when the input is not one readable CSR.
    """
    if isinstance(data, str):
        raw = text(data, "data").encode("utf-8")
    elif isinstance(data, Bytes):
        raw = bytes(data)
    else:
        raise TypeError(f"data must be str or bytes, not {type(data).__name__}")
    return CsrReport.from_dict(json.loads(call(_native.inspect_csr, raw)))


def _answer(status: object, body: object) -> tuple[int, bytes]:
    """An HTTP status and body as the core takes them."""
    if isinstance(status, bool) or not isinstance(status, int):
        raise TypeError(f"status must be an int, not {type(status).__name__}")
    if not 0 <= status <= 65535:
        raise NcpError(f"status {status} is not an HTTP status code", "argument.invalid")
    if isinstance(body, str):
        return status, text(body, "body").encode("utf-8")
    if isinstance(body, Bytes):
        return status, bytes(body)
    raise TypeError(f"body must be bytes or str, not {type(body).__name__}")


def parse_response(status: int, body: bytes | str) -> IssuanceResponse:
    """Reads NCP's answer: the issued certificate, or an :class:`ApiError` subclass raised."""
    status, raw = _answer(status, body)
    return IssuanceResponse.from_dict(json.loads(call(_native.parse_response, status, raw)))


def _optional_int(value: object, name: str) -> int | None:
    if value is not None and (isinstance(value, bool) or not isinstance(value, int)):
        raise TypeError(f"{name} must be an int, not {type(value).__name__}")
    return value


def list_advanced_certificates(
    certificate_name: str | None = None,
    *,
    page: int | None = None,
    page_size: int | None = None,
    site: str = "public",
    base_url: str | None = None,
) -> PreparedRequest:
    """The ListAdvancedCertificates call (``GET …/getPaidCertificates``), unsigned.

    ``certificate_name`` restricts the answer to that name; the query is percent-encoded once,
    and the URL holds exactly the request-target that is signed. ``body`` is ``None``: send
    none. Raises :class:`NcpError` (code ``argument.invalid``) for an unusable argument.
    """
    query = {
        "certificateName": None if certificate_name is None else text(certificate_name, "certificate_name"),
        "page": _optional_int(page, "page"),
        "pageSize": _optional_int(page_size, "page_size"),
    }
    site = text(site, "site")
    if base_url is not None:
        base_url = text(base_url, "base_url")
    data = call(_native.list_certificates, json.dumps(query), site, base_url)
    return PreparedRequest.from_dict(json.loads(data))


def parse_certificate_list(status: int, body: bytes | str, *, name: str | None = None) -> CertificateList:
    """Reads NCP's answer to ListAdvancedCertificates, or raises an :class:`ApiError` subclass.

    With ``name``, ``.match`` is the certificate named exactly so (byte for byte; the newest
    when several are), or ``None``.
    """
    status, raw = _answer(status, body)
    if name is not None:
        name = text(name, "name")
    return CertificateList.from_dict(json.loads(call(_native.parse_certificate_list, status, raw, name)))


def transport_outcome(*, written: bool) -> str:
    """What a failed HTTP exchange means for the next attempt (SPEC §12): ``"resendable"``
    when no byte of the request was written (a connect error), ``"ambiguous"`` otherwise (a
    read timeout, a reset): NCP may have acted on it."""
    if not isinstance(written, bool):
        raise TypeError(f"written must be a bool, not {type(written).__name__}")
    return _native.transport_outcome(written)
