"""The exceptions ncpcert raises. All derive from :class:`NcpError`; input errors are also
:class:`ValueError`, so ``except ValueError`` keeps working. Every exception pickles.

Imported when an error is first raised or named: nothing here is needed to sign."""

from __future__ import annotations

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Iterable
    from typing import Any

    from ._models import Finding

__all__ = [
    "FindingDicts",
    "NcpError",
    "ValidationError",
    "SigningError",
    "CsrError",
    "ApiError",
    "GatewayError",
    "ServiceError",
    "HttpError",
    "MalformedResponseError",
    "OrderError",
    "DnsError",
]


class NcpError(Exception):
    """Base class of every ncpcert error. ``code`` is a stable machine-readable code, one of
    the core's table (an :class:`ApiError` carries NCP's own)."""

    def __init__(self, message: str, code: str = "internal.engine") -> None:
        super().__init__(message)
        self.message = message
        self.code = code

    def __reduce__(self) -> tuple[Any, ...]:
        return (_rebuild, (type(self), self.__dict__.copy()))

    def __str__(self) -> str:
        return self.message


def _rebuild(cls: type[NcpError], state: dict[str, Any]) -> NcpError:
    error = cls.__new__(cls)
    Exception.__init__(error, state.get("message", ""))
    error.__dict__.update(state)
    return error


class FindingDicts(list[dict[str, str]]):
    """A list of findings as dicts ``{code, field, severity, message}`` that may also be
    called: ``error.errors`` and ``error.errors()`` are the same list, and so are
    ``error.warnings`` and ``error.warnings()``. Calling returns a plain ``list`` copy."""

    __slots__ = ()

    def __call__(self) -> list[dict[str, str]]:
        return list(self)


class ValidationError(NcpError, ValueError):
    """The request has errors (or warnings, under ``strict=True``).

    ``errors`` lists the blocking findings as dicts ``{code, field, severity, message}``,
    ``warnings`` the others; both are lists that may also be called (``errors()``, as in
    pydantic, and ``warnings()`` alike). ``findings`` holds all of them as :class:`Finding`
    objects.
    """

    def __init__(self, message: str, findings: Iterable[Finding], code: str = "request.invalid") -> None:
        super().__init__(message, code)
        self.findings: list[Finding] = list(findings)

    @property
    def errors(self) -> FindingDicts:
        """Every blocking finding, as data (a list; calling it gives the same list)."""
        return FindingDicts(f.to_dict() for f in self.findings if f.severity == "error")

    @property
    def warnings(self) -> FindingDicts:
        """Every non-blocking finding, as data (a list; calling it gives the same list)."""
        return FindingDicts(f.to_dict() for f in self.findings if f.severity != "error")


class SigningError(NcpError, ValueError):
    """An input that cannot be signed: method, path, timestamp or keys."""


class CsrError(NcpError, ValueError):
    """An input that is not one readable CSR (too large, a private key, none or several, bad DER)."""

    def __init__(self, message: str, code: str = "csr.malformed", field: str = "csr") -> None:
        super().__init__(message, code)
        self.field = field


class ApiError(NcpError):
    """NCP answered with an error, or with something unreadable.

    ``kind`` is ``"gateway"``, ``"service"``, ``"http"`` or ``"malformed"``; each has its
    subclass. ``hint`` says what to do.

    ``outcome`` says what the failure means for the next attempt:

    - ``"resendable"`` (``.resendable``): NCP did not act on the request; send it again after a
      backoff, freshly signed;
    - ``"ambiguous"`` (``.ambiguous``): NCP may have acted on it. Before sending the issuance
      request again, look the certificate name up (:func:`list_advanced_certificates`); a
      lookup itself may simply be retried;
    - ``"final"``: do not send it again unchanged.

    ``retryable`` is ``True`` exactly when the outcome is ``"resendable"``.
    """

    kind = "api"

    def __init__(
        self,
        message: str,
        code: str,
        *,
        http_status: int,
        details: str | None = None,
        retryable: bool = False,
        hint: str = "",
        outcome: str = "final",
    ) -> None:
        super().__init__(message, code)
        self.http_status = http_status
        self.details = details
        self.retryable = retryable
        self.hint = hint
        self.outcome = outcome

    @property
    def resendable(self) -> bool:
        """NCP did not act on the request: it may be sent again (freshly signed)."""
        return self.outcome == "resendable"

    @property
    def ambiguous(self) -> bool:
        """NCP may have acted on the request: look the certificate up before ordering again."""
        return self.outcome == "ambiguous"

    def __str__(self) -> str:
        return f"{self.message} (HTTP {self.http_status}, code {self.code}). {self.hint}".strip()


class GatewayError(ApiError):
    """The API Gateway refused the call (keys, signature, clock, subscription, throttling)."""

    kind = "gateway"


class ServiceError(ApiError):
    """Certificate Manager refused the request (``returnCode`` other than ``"0"``)."""

    kind = "service"


class HttpError(ApiError):
    """Any other non-2xx answer, including an empty body."""

    kind = "http"


class MalformedResponseError(ApiError):
    """A 2xx answer that is not the documented JSON."""

    kind = "malformed"


class OrderError(NcpError):
    """The order workflow (:func:`ncpcert.place_order`) ended without an order that is this
    request's. ``code`` says whether anything may have been bought:

    - ``"order.name_taken"``: the certificate name belongs to an earlier certificate; nothing
      was bought, choose another name;
    - ``"order.not_this_request"``: a certificate with this name and these names is issued for
      another key than the request's CSR; nothing was bought;
    - ``"order.refused"``: NCP refused the request; nothing was bought (``cause`` says why);
    - ``"order.not_placed"``: every attempt failed before NCP acted on it; nothing was bought;
    - ``"order.outcome_unknown"``: an order may exist and it could not be told; check (``hint``
      says how) before ordering again.

    ``message`` and ``hint`` are the core's. ``steps`` lists what the workflow did (dicts, as
    the core gives them); ``certificate_no`` is the certificate concerned, if any;
    ``certificate`` the certificate found by name (a dict), if one was; ``cause`` the failure
    that ended it (a dict: NCP's answer, ``{"type": "api", …}``, or the transport's,
    ``{"type": "transport", "written": …, …}``), if any.
    """

    def __init__(
        self,
        message: str,
        code: str,
        *,
        hint: str = "",
        certificate_name: str = "",
        certificate_no: int | None = None,
        certificate: dict[str, Any] | None = None,
        cause: dict[str, Any] | None = None,
        steps: Iterable[dict[str, Any]] = (),
    ) -> None:
        super().__init__(message, code)
        self.hint = hint
        self.certificate_name = certificate_name
        self.certificate_no = certificate_no
        self.certificate = certificate
        self.cause = cause
        self.steps: list[dict[str, Any]] = list(steps)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> OrderError:
        """The error from the core's JSON shape (``{"type": "order", "code", "message", …}``)."""
        number = data.get("certificateNo")
        return cls(
            str(data.get("message", "")),
            str(data.get("code") or "internal.engine"),
            hint=str(data.get("hint") or ""),
            certificate_name=str(data.get("certificateName") or ""),
            certificate_no=number if isinstance(number, int) else None,
            certificate=data.get("certificate"),
            cause=data.get("cause"),
            steps=data.get("steps") or (),
        )

    def to_dict(self) -> dict[str, Any]:
        """The error in the core's JSON shape, as the CLI's ``--json`` prints ``error``."""
        data: dict[str, Any] = {
            "type": "order",
            "code": self.code,
            "message": self.message,
            "hint": self.hint,
            "certificateName": self.certificate_name,
        }
        if self.certificate_no is not None:
            data["certificateNo"] = self.certificate_no
        if self.certificate is not None:
            data["certificate"] = self.certificate
        if self.cause is not None:
            data["cause"] = self.cause
        data["steps"] = list(self.steps)
        return data

    def __str__(self) -> str:
        return f"{self.message} [{self.code}] {self.hint}".strip()


class DnsError(NcpError):
    """Publishing or checking the domain validation records failed (NCP Global DNS, the name
    servers, or a ``dns=`` hook), or the preflight of :func:`ncpcert.issue` refused to start.
    ``code`` says which:

    - ``"dns.zone_missing"``: a name lies in no zone of the account's Global DNS;
    - ``"dns.pending_changes"``: a zone holds someone else's changes not yet applied (applying
      would publish them too): nothing was changed;
    - ``"dns.api"``: Global DNS refused a call (``http_status``, ``ncp_code``, ``details``);
    - ``"dns.duplicate_record"``: Global DNS refused a second TXT value at one name;
    - ``"dns.not_served"``: the name servers did not serve every value in time;
    - ``"dns.no_servers"``: the zone's name servers could not be found or asked;
    - ``"dns.value_field"``: no known field of NCP's DCV item holds the TXT value (``fields``
      lists those NCP sent);
    - ``"dns.hook_failed"``: the ``dns=`` object's ``present`` or ``cleanup`` raised.

    ``message`` and ``hint`` are the core's; ``names`` the names concerned. From
    :func:`ncpcert.issue`: ``ordered`` says whether an order exists (calling again with the
    same arguments, key and journal resumes it, never ordering twice), ``certificate_no`` is
    its number, ``cleanup_error`` the error of the clean-up that followed, if it failed too
    (a dict).
    """

    def __init__(
        self,
        message: str,
        code: str,
        *,
        hint: str = "",
        names: Iterable[str] = (),
        http_status: int | None = None,
        ncp_code: str | None = None,
        details: str | None = None,
        certificate_name: str = "",
        certificate_no: int | None = None,
        ordered: bool = False,
        fields: Iterable[str] = (),
        cleanup_error: dict[str, Any] | None = None,
    ) -> None:
        super().__init__(message, code)
        self.hint = hint
        self.names: list[str] = list(names)
        self.http_status = http_status
        self.ncp_code = ncp_code
        self.details = details
        self.certificate_name = certificate_name
        self.certificate_no = certificate_no
        self.ordered = ordered
        self.fields: list[str] = list(fields)
        self.cleanup_error = cleanup_error

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> DnsError:
        """The error from the core's shape: a Global DNS error, or an issuance error carrying
        one in ``dns``."""
        nested = data.get("dns")
        inner: dict[str, Any] = nested if isinstance(nested, dict) else data
        number = data.get("certificateNo")
        status = inner.get("httpStatus")
        return cls(
            str(data.get("message", "")),
            str(data.get("code") or "internal.engine"),
            hint=str(data.get("hint") or ""),
            names=[str(n) for n in inner.get("names") or ()],
            http_status=status if isinstance(status, int) else None,
            ncp_code=inner.get("ncpCode"),
            details=inner.get("details"),
            certificate_name=str(data.get("certificateName") or ""),
            certificate_no=number if isinstance(number, int) else None,
            ordered=bool(data.get("ordered")),
            fields=[str(f) for f in data.get("fields") or ()],
            cleanup_error=data.get("cleanupError"),
        )

    def __str__(self) -> str:
        return f"{self.message} [{self.code}] {self.hint}".strip()


_API_KINDS: dict[str, type[ApiError]] = {
    "gateway": GatewayError,
    "service": ServiceError,
    "http": HttpError,
    "malformed": MalformedResponseError,
}


def from_core(error: Exception) -> NcpError:
    """Turns the extension's ``CoreError`` (the core's error object, a dict) into the matching
    exception."""
    data = error.args[0] if error.args else None
    if not isinstance(data, dict):
        return NcpError(str(data or "ncpcert failed unexpectedly"), "internal.engine")
    return from_dict(data)


def from_dict(data: dict[str, Any]) -> NcpError:
    """The exception of an error in the core's JSON shape (``{"type", "code", "message", …}``)."""
    kind = data.get("type")
    message = data.get("message", "")
    code = data.get("code") or "internal.engine"
    if kind == "signing":
        return SigningError(message, code)
    if kind == "validation":
        from ._models import Finding

        return ValidationError(message, [Finding.from_dict(f) for f in data.get("findings") or []], code)
    if kind == "csr":
        return CsrError(message, code, data.get("field", "csr"))
    if kind == "order":
        # From the issuance workflow, the order workflow's own error rides in `order`.
        inner = data.get("order")
        return OrderError.from_dict({**inner, **data} if isinstance(inner, dict) else data)
    if kind == "dns":
        return DnsError.from_dict(data)
    if kind == "api":
        cls = _API_KINDS.get(data.get("kind", ""), ApiError)
        return cls(
            message,
            code,
            http_status=int(data.get("httpStatus", 0)),
            details=data.get("details"),
            retryable=bool(data.get("retryable")),
            hint=data.get("hint", ""),
            outcome=str(data.get("outcome", "final")),
        )
    return NcpError(message, code)
