"""The functions of the package: conversion between Python values and the Rust core.

Imports only the extension at first: `sign` and `verify` need nothing else, so that a process
that imports ncpcert and signs once stays cheap (SPEC §9). What the other functions need
(json, the result classes, the exceptions) is imported inside them; Python keeps each module
after its first import, so later calls pay one dictionary lookup.
"""

from __future__ import annotations

from . import _native

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Mapping
    from typing import Any

    from ._models import CertificateList, CsrReport, IssuanceResponse, PreparedRequest, Report

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
        from ._errors import from_core

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


def validate(request: Mapping[str, Any] | None = None, /, *, strict: bool = False, **fields: Any) -> Report:
    """Checks a request against every rule and returns all findings at once.

    Give the request as a dict with the API's JSON names (``{"commonName": …}``) or as
    keyword arguments in snake_case (``common_name=…``). Never raises for a bad request (a
    value JSON cannot carry, such as bytes, NaN or a lone surrogate, is reported against its
    field); ``TypeError`` only for arguments of the wrong type.
    """
    import json

    from ._models import Report
    from ._request import request_args

    json_text, csr, problems = request_args(request, fields)
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
    import json

    from ._errors import ValidationError
    from ._models import PreparedRequest
    from ._request import request_args

    json_text, csr, problems = request_args(request, fields)
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
    import json

    from ._models import CsrReport

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
        from ._errors import NcpError

        raise NcpError(f"status {status} is not an HTTP status code", "argument.invalid")
    if isinstance(body, str):
        return status, text(body, "body").encode("utf-8")
    if isinstance(body, Bytes):
        return status, bytes(body)
    raise TypeError(f"body must be bytes or str, not {type(body).__name__}")


def parse_response(status: int, body: bytes | str) -> IssuanceResponse:
    """Reads NCP's answer: the issued certificate, or an :class:`ApiError` subclass raised."""
    import json

    from ._models import IssuanceResponse

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
    import json

    from ._models import PreparedRequest

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
    import json

    from ._models import CertificateList

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
