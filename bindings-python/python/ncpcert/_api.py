"""The functions of the package: conversion between Python values and the Rust core.

Arguments reach the core as Python objects (dicts, lists, str, int, bool, None) and results
come back as dicts with the core's field names, made into the result classes here: no JSON
text crosses the boundary.

Imports only the extension at first: `sign` and `verify` need nothing else, so that a process
that imports ncpcert and signs once stays cheap. What the other functions need (the
result classes, the exceptions) is imported inside them; Python keeps each module after its
first import, so later calls pay one dictionary lookup.
"""

from __future__ import annotations

from . import _native

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Mapping
    from typing import Any

    from collections.abc import Iterable

    from ._models import (
        CertificateChain,
        CertificateList,
        CsrReport,
        DcvStatuses,
        Expiry,
        InventoryRow,
        IssuanceResponse,
        OrderDetails,
        OrderList,
        OrderSubscription,
        OrganizationList,
        PreparedRequest,
        RenewalDecision,
        Report,
    )

__all__ = [
    "list_orders",
    "parse_order_list",
    "get_order",
    "parse_order",
    "expiry",
    "decide_renewal",
    "renewal_name",
    "inventory",
    "sign",
    "verify",
    "validate",
    "prepare",
    "inspect_csr",
    "parse_response",
    "list_advanced_certificates",
    "parse_certificate_list",
    "transport_outcome",
    "list_dcv_statuses",
    "parse_dcv_statuses",
    "validation_domains",
    "get_certificate_chain",
    "parse_certificate_chain",
    "list_organizations",
    "parse_organizations",
    "generate_key",
    "make_csr",
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


def json_int(value: int) -> int | float:
    """An int as a JSON number: beyond 64 bits, the float a JSON reader makes of it (the
    largest float for one too large even for that), so that the core says what is wrong with
    the number as it would for the same JSON text."""
    if -(2**63) <= value < 2**64:
        return value
    try:
        return float(value)
    except OverflowError:
        import sys

        return sys.float_info.max if value > 0 else -sys.float_info.max


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


def validate(
    request: Mapping[str, Any] | None = None, /, *, strict: bool = False, lang: str = "en", **fields: Any
) -> Report:
    """Checks a request against every rule and returns all findings at once.

    Give the request as a dict with the API's JSON names (``{"commonName": …}``) or as
    keyword arguments in snake_case (``common_name=…``). Never raises for a bad request (a
    value JSON cannot carry, such as bytes, NaN or a lone surrogate, is reported against its
    field); ``TypeError`` only for arguments of the wrong type. ``lang`` (``"en"`` or
    ``"ko"``) is the language of the messages; the codes are the same in both.
    """
    from ._models import Report
    from ._request import request_args

    value, csr, problems = request_args(request, fields)
    if problems:
        from ._request import in_lang

        return Report(False, tuple(in_lang(problems, text(lang, "lang"))))
    return Report.from_dict(call(_native.validate, value, csr, bool(strict), text(lang, "lang")))


def prepare(
    request: Mapping[str, Any] | None = None,
    /,
    *,
    site: str = "public",
    base_url: str | None = None,
    strict: bool = False,
    lang: str = "en",
    **fields: Any,
) -> PreparedRequest:
    """Validates the request and returns the exact HTTP request to send (unsigned).

    ``site`` is ``"public"``, ``"gov"`` or ``"fin"``; ``base_url`` overrides it with any
    ``http(s)://host[:port][/prefix]``. Raises :class:`ValidationError` listing every error,
    in ``lang`` (``"en"`` or ``"ko"``).
    """
    from ._models import PreparedRequest
    from ._request import request_value

    value, csr = request_value(request, fields, text(lang, "lang"))
    site = text(site, "site")
    if base_url is not None:
        base_url = text(base_url, "base_url")
    return PreparedRequest.from_dict(
        call(_native.prepare, value, csr, site, base_url, bool(strict), text(lang, "lang"))
    )


def inspect_csr(data: str | bytes, *, lang: str = "en") -> CsrReport:
    """Reads and checks a CSR (PEM text, lenient, or DER bytes) the way a public CA would.

    Raises :class:`CsrError` when the input is not one readable CSR. ``lang`` (``"en"`` or
    ``"ko"``) is the language of the messages.
    """
    from ._models import CsrReport

    if isinstance(data, str):
        raw = text(data, "data").encode("utf-8")
    elif isinstance(data, Bytes):
        raw = bytes(data)
    else:
        raise TypeError(f"data must be str or bytes, not {type(data).__name__}")
    return CsrReport.from_dict(call(_native.inspect_csr, raw, text(lang, "lang")))


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
    from ._models import IssuanceResponse

    status, raw = _answer(status, body)
    return IssuanceResponse.from_dict(call(_native.parse_response, status, raw))


def _optional_int(value: object, name: str) -> int | float | None:
    if value is not None and (isinstance(value, bool) or not isinstance(value, int)):
        raise TypeError(f"{name} must be an int, not {type(value).__name__}")
    return None if value is None else json_int(value)


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
    from ._models import PreparedRequest

    query = {
        "certificateName": None if certificate_name is None else text(certificate_name, "certificate_name"),
        "page": _optional_int(page, "page"),
        "pageSize": _optional_int(page_size, "page_size"),
    }
    site = text(site, "site")
    if base_url is not None:
        base_url = text(base_url, "base_url")
    return PreparedRequest.from_dict(call(_native.list_certificates, query, site, base_url))


def parse_certificate_list(status: int, body: bytes | str, *, name: str | None = None) -> CertificateList:
    """Reads NCP's answer to ListAdvancedCertificates, or raises an :class:`ApiError` subclass.

    With ``name``, ``.match`` is the certificate named exactly so (byte for byte; the newest
    when several are), or ``None``.
    """
    from ._models import CertificateList

    status, raw = _answer(status, body)
    if name is not None:
        name = text(name, "name")
    return CertificateList.from_dict(call(_native.parse_certificate_list, status, raw, name))


def transport_outcome(*, written: bool) -> str:
    """What a failed HTTP exchange means for the next attempt: ``"resendable"``
    when no byte of the request was written (a connect error), ``"ambiguous"`` otherwise (a
    read timeout, a reset): NCP may have acted on it."""
    if not isinstance(written, bool):
        raise TypeError(f"written must be a bool, not {type(written).__name__}")
    return _native.transport_outcome(written)


# -- the calls after the issuance request (SPEC §12) ------------------------------------------
# As in the rest of the package, an argument of the wrong type is a TypeError; every rule about
# the values themselves (positive numbers, names that can be sent) is the core's, whose refusal
# is an NcpError with code ``argument.invalid``.


def _optional_text(value: object, name: str) -> str | None:
    return None if value is None else text(value, name)


def _argument_int(value: object, name: str) -> int | float:
    # bool is an int to Python, never a certificate number or a code.
    if isinstance(value, bool) or not isinstance(value, int):
        raise TypeError(f"{name} must be an int, not {type(value).__name__}")
    return json_int(value)


def _endpoint(site: object, base_url: object) -> tuple[str, str | None]:
    return text(site, "site"), _optional_text(base_url, "base_url")


def _prepared(fn: Any, options: dict[str, Any], site: object, base_url: object) -> PreparedRequest:
    from ._models import PreparedRequest

    site_name, url = _endpoint(site, base_url)
    return PreparedRequest.from_dict(call(fn, options, site_name, url))


def list_dcv_statuses(
    certificate_no: int, domain_address: str, *, site: str = "public", base_url: str | None = None
) -> PreparedRequest:
    """The ListDcvStatuses call (``GET …/getVerificationInfo/{certificateNo}?domainAddress=``),
    unsigned: the DNS records NCP checks to validate ``domain_address``, one name of the
    certificate (ask once per name of :func:`validation_domains`).

    ``body`` is ``None``: send none. Raises :class:`TypeError` for an argument of the wrong type,
    :class:`NcpError` (code ``argument.invalid``) for an unusable value.
    """
    options = {
        "certificateNo": _argument_int(certificate_no, "certificate_no"),
        "domainAddress": text(domain_address, "domain_address"),
    }
    return _prepared(_native.list_dcv_statuses, options, site, base_url)


def parse_dcv_statuses(status: int, body: bytes | str, *, domain: str | None = None) -> DcvStatuses:
    """Reads NCP's answer to ListDcvStatuses, or raises an :class:`ApiError` subclass.

    Give ``domain`` (the ``domain_address`` asked about) to get each record's
    ``record_name``: the fully qualified name to publish its TXT record at. NCP does not
    document the field holding the TXT value: ``txt_value`` is read from the first known name
    present (``value_field`` says which), else ``None``; every field is kept in ``extra``.
    """
    from ._models import DcvStatuses

    status, raw = _answer(status, body)
    name = _optional_text(domain, "domain")
    return DcvStatuses.from_dict(call(_native.parse_dcv_statuses, status, raw, name))


def validation_domains(names: Iterable[str]) -> list[str]:
    """The names to ask :func:`list_dcv_statuses` about, from a certificate's names (its common
    name first, then each dnsName): lower-cased, without a trailing dot, each once; a wildcard
    ``*.example.com`` is validated through ``example.com``."""
    if isinstance(names, (str, *Bytes)) or not hasattr(names, "__iter__"):
        raise TypeError(f"names must be a list of str, not {type(names).__name__}")
    items = [text(name, "each name") for name in names]
    return call(_native.validation_domains, items)  # type: ignore[no-any-return]


def get_certificate_chain(
    certificate_no: int, *, site: str = "public", base_url: str | None = None
) -> PreparedRequest:
    """The GetCertificateChain call (``GET …/exportCertificate/{certificateNo}/chain``),
    unsigned. ``body`` is ``None``: send none. Raises :class:`TypeError` for an argument
    of the wrong type, :class:`NcpError` (code ``argument.invalid``) for an unusable value."""
    options = {"certificateNo": _argument_int(certificate_no, "certificate_no")}
    return _prepared(_native.get_certificate_chain, options, site, base_url)


def parse_certificate_chain(status: int, body: bytes | str) -> CertificateChain:
    """Reads NCP's answer to GetCertificateChain, or raises an :class:`ApiError` subclass (a
    :class:`MalformedResponseError` when it holds no readable certificate, as before the
    certificate is issued).

    Every PEM has LF line endings and one final newline; ``files`` maps ``cert.pem``,
    ``chain.pem`` (the SubCA), ``fullchain.pem`` (certificate then SubCA) and ``root.pem``
    to the text to write (a part NCP did not send has no file).
    """
    from ._models import CertificateChain

    status, raw = _answer(status, body)
    return CertificateChain.from_dict(call(_native.parse_certificate_chain, status, raw))


def list_organizations(
    *,
    organization_name_kor: str | None = None,
    organization_name_eng: str | None = None,
    business_registration_no: str | None = None,
    verification_progress_code: int | None = None,
    site: str = "public",
    base_url: str | None = None,
) -> PreparedRequest:
    """The ListOrganizations call (``POST …/organization/getOrganizationInfoList``), unsigned,
    optionally filtered (exact matches; ``verification_progress_code=7``: validated ones).

    ``body`` is ``"{}"`` without filters (NCP requires a body). Raises :class:`TypeError`
    for an argument of the wrong type, :class:`NcpError` (code ``argument.invalid``) for an
    unusable value.
    """
    options = {
        "organizationNameKor": _optional_text(organization_name_kor, "organization_name_kor"),
        "organizationNameEng": _optional_text(organization_name_eng, "organization_name_eng"),
        "businessRegistrationNo": _optional_text(business_registration_no, "business_registration_no"),
        "verificationProgressCode": None
        if verification_progress_code is None
        else _argument_int(verification_progress_code, "verification_progress_code"),
    }
    return _prepared(_native.list_organizations, options, site, base_url)


def parse_organizations(status: int, body: bytes | str) -> OrganizationList:
    """Reads NCP's answer to ListOrganizations (a bare list or any object holding one), or
    raises an :class:`ApiError` subclass. ``.validated`` lists the organisations an OV request
    may name (validation complete)."""
    from ._models import OrganizationList

    status, raw = _answer(status, body)
    return OrganizationList.from_dict(call(_native.parse_organizations, status, raw))


def generate_key(algorithm: str = "rsa2048", *, lang: str = "en") -> str:
    """A new private key as PKCS#8 PEM text (``-----BEGIN PRIVATE KEY-----``).

    ``algorithm`` is ``"rsa2048"`` (the default: what NCP's load balancers take everywhere),
    ``"rsa3072"``, ``"rsa4096"``, ``"p256"`` or ``"p384"``. The key is made from
    ``os.urandom``. Write it to a file only you can read (mode 0600), and never log it.
    Raises :class:`NcpError` (code ``key.algorithm``) for an unknown algorithm; its message
    is in ``lang`` (``"en"`` or ``"ko"``).
    """
    import os

    return call(_native.generate_key, text(algorithm, "algorithm"), os.urandom(32), text(lang, "lang"))  # type: ignore[no-any-return]


def make_csr(key_pem: str, names: Iterable[str], *, lang: str = "en") -> str:
    """A CSR (PEM text, ``-----BEGIN CERTIFICATE REQUEST-----``) for ``names``, signed with
    the private key ``key_pem``.

    The first name is the common name; every name goes in the subjectAltName (Unicode names
    as their A-labels). The key is PKCS#8, PKCS#1 (``RSA PRIVATE KEY``) or SEC1 (``EC PRIVATE
    KEY``) PEM: RSA of 2048 to 4096 bits, P-256 or P-384, unencrypted. Raises
    :class:`ValidationError` (code ``csr.names_invalid``, with every finding) for names a
    certificate cannot hold, :class:`NcpError` (code ``key.invalid``) for a key that cannot
    be used; no error ever shows the key. Messages are in ``lang`` (``"en"`` or ``"ko"``);
    the codes are the same in both.
    """
    if isinstance(names, (str, *Bytes)) or not hasattr(names, "__iter__"):
        raise TypeError(f"names must be a list of str, not {type(names).__name__}")
    items = [text(name, "each name") for name in names]
    return call(_native.make_csr, text(key_pem, "key_pem"), items, text(lang, "lang"))  # type: ignore[no-any-return]


# -- inventory and renewal ------------------------------------------------------------------


def list_orders(
    *, page: int = 1, page_size: int = 0, site: str = "public", base_url: str | None = None
) -> PreparedRequest:
    """The ListOrders call (``GET …/certificate/orders?page=1&pageSize=0``: every order),
    unsigned: the subscription of each Advanced certificate order. ``body`` is ``None``.
    Raises :class:`TypeError` for an argument of the wrong type, :class:`NcpError` (code
    ``argument.invalid``) for an unusable value."""
    options = {"page": _argument_int(page, "page"), "pageSize": _argument_int(page_size, "page_size")}
    return _prepared(_native.list_orders, options, site, base_url)


def parse_order_list(status: int, body: bytes | str) -> OrderList:
    """Reads NCP's answer to ListOrders, or raises an :class:`ApiError` subclass. Each order's
    ``subscription_end_dt`` is NCP's text (Korean time, ``None`` until the order's first
    certificate is issued); ``remaining_days`` is ``None`` while it is."""
    from ._models import OrderList

    status, raw = _answer(status, body)
    return OrderList.from_dict(call(_native.parse_order_list, status, raw))


def get_order(order_id: str, *, site: str = "public", base_url: str | None = None) -> PreparedRequest:
    """The GetOrder call (``GET …/certificate/orders/{orderId}``), unsigned."""
    options = {"orderId": text(order_id, "order_id")}
    return _prepared(_native.get_order, options, site, base_url)


def parse_order(status: int, body: bytes | str) -> OrderDetails:
    """Reads NCP's answer to GetOrder, or raises an :class:`ApiError` subclass: the
    subscription, ``certificates`` (read like the certificate list's) and
    ``other_certificates`` (entries that do not read as one, as sent)."""
    from ._models import OrderDetails

    status, raw = _answer(status, body)
    return OrderDetails.from_dict(call(_native.parse_order, status, raw))


def expiry(pem: str) -> Expiry:
    """The validity of the certificate ``pem`` (``cert.pem``, or a chain whose first block is
    it): ``not_before``/``not_after`` (RFC 3339, UTC), the same in milliseconds, its lifetime
    in days, serial number and DNS names. ``.days_left(now_ms)`` counts whole days left.
    Raises :class:`NcpError` (code ``certificate.invalid``) when it cannot be read."""
    from ._models import Expiry

    return Expiry.from_dict(call(_native.certificate_expiry, text(pem, "pem")))


def _now_ms(now_ms: object) -> int:
    if now_ms is None:
        import time

        return int(time.time() * 1000)
    return int(_argument_int(now_ms, "now_ms"))


def _as_dict(value: object, name: str) -> object:
    if value is None or isinstance(value, dict):
        return value
    to_dict = getattr(value, "to_dict", None)
    if to_dict is None:
        raise TypeError(f"{name} must be a model of ncpcert or a dict, not {type(value).__name__}")
    return to_dict()


def decide_renewal(
    certificate: Expiry | Mapping[str, Any],
    order: OrderSubscription | Mapping[str, Any] | None = None,
    *,
    now_ms: int | None = None,
    days: int | None = None,
    allow_order: bool = False,
) -> RenewalDecision:
    """Whether and how to renew the certificate whose :func:`expiry` is ``certificate``.

    Due when fewer than ``days`` whole days are left (default: a third of its lifetime). A due
    certificate is reissued (``action == "reissue"``) while its ``order`` (from
    :func:`parse_order_list`) has remaining days; outside the subscription the action is
    ``"order"`` only with ``allow_order=True``, else ``"skip"`` (code ``renew.skipped``: it needs
    a person); with no order it is ``"skip"`` too. ``now_ms`` defaults to the clock."""
    from ._models import RenewalDecision

    if days is not None:
        days = int(_argument_int(days, "days"))
    if not isinstance(allow_order, bool):
        raise TypeError(f"allow_order must be a bool, not {type(allow_order).__name__}")
    return RenewalDecision.from_dict(
        call(
            _native.decide_renewal,
            _as_dict(certificate, "certificate"),
            _as_dict(order, "order"),
            _now_ms(now_ms),
            days,
            allow_order,
        )
    )


def renewal_name(old_name: str, *, at_least: int = 0, taken: Iterable[str] = ()) -> str:
    """A new certificate name for the renewal of ``old_name`` that meets NCP's name rule (at
    most 20 characters): ``web-cert`` → ``web-cert-r2``, ``web-cert-r2`` → ``web-cert-r3``;
    never one of ``taken``."""
    if isinstance(taken, (str, *Bytes)):
        raise TypeError("taken must be a list of str")
    names = [text(t, "each taken name") for t in taken]
    return call(_native.renewal_name, text(old_name, "old_name"), int(_argument_int(at_least, "at_least")), names)  # type: ignore[no-any-return]


def inventory(
    certificates: CertificateList,
    orders: OrderList | None = None,
    chains: Mapping[int, str] | None = None,
    *,
    now_ms: int | None = None,
) -> list[InventoryRow]:
    """The inventory: one row per certificate of ``certificates`` (from
    :func:`parse_certificate_list`) with its names, validity and days left (from ``chains``,
    the issued certificates' PEM by number, else from the listing), whether a newer issued
    certificate of its order and names supersedes it, and its order's subscription (from
    ``orders``). ``row.expires_within(days)`` is what monitoring counts."""
    from ._models import InventoryRow

    pems = {str(_argument_int(no, "each certificate number")): text(pem, "each chain") for no, pem in (chains or {}).items()}
    rows = call(
        _native.inventory,
        _as_dict(certificates, "certificates"),
        _as_dict(orders, "orders"),
        pems,
        _now_ms(now_ms),
    )
    return [InventoryRow.from_dict(row) for row in rows]
