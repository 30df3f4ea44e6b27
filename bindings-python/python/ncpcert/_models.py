"""Result types: plain, typed, immutable data read from the core's values.

The fields, and the reading and writing of the core's dicts, are generated from the core's
types (``_generated``, through ``_base.Model``); each public class here subclasses its generated
class and adds the conveniences, so that nested values are built as these classes too.

Imported when a result is first made or named (dataclasses and enum cost more to import than
signing needs)."""

from __future__ import annotations

import enum
from dataclasses import asdict, dataclass, field
from typing import Any, Literal

from . import _generated

__all__ = [
    "CertificateType",
    "ValidationMethod",
    "Finding",
    "Report",
    "PreparedRequest",
    "SignedRequest",
    "CsrSubject",
    "CsrKey",
    "SanEntry",
    "CsrReport",
    "PaidCertificate",
    "IssuanceResponse",
    "CertificateSummary",
    "CertificateOrder",
    "CertificateList",
    "DcvRecord",
    "DcvStatuses",
    "CertificateChain",
    "Organization",
    "OrganizationList",
    "PlacedOrder",
    "TxtRecord",
    "Published",
    "Issued",
    "OrderSubscription",
    "OrderList",
    "OrderDetails",
    "Expiry",
    "InventoryRow",
    "RenewalDecision",
]

Severity = Literal["error", "warning"]


class CertificateType(str, enum.Enum):
    """``certificateType``. Plain strings (``"DV"``, ``"ov"``, the full values) work too."""

    DV = "NCP_PAID_DV_01"
    OV = "NCP_PAID_OV_01"


class ValidationMethod(str, enum.Enum):
    """``validationMethod``: the methods NCP offers. Plain strings (``"D"``, ``"PD"``) work too.

    Email validation (``"E"``) is not a member: NCP discontinued it in February 2026. The
    string ``"E"`` is still accepted, with the warning ``validationMethod.email_discontinued``
    (an error under ``strict=True``)."""

    DNS = "D"
    PERSISTENT_DNS = "PD"


class Finding(_generated.Finding):
    """One validation finding: stable ``code``, JSON path ``field``, ``severity``, ``message``."""

    def to_dict(self) -> dict[str, str]:
        return super().to_dict()

    def __str__(self) -> str:
        return f"{self.severity} [{self.code}] {self.field}: {self.message}"


class Report(_generated.Report):
    """Every finding of one validation run; ``valid`` when none is an error."""

    @property
    def errors(self) -> list[Finding]:
        return [f for f in self.findings if f.severity == "error"]

    @property
    def warnings(self) -> list[Finding]:
        return [f for f in self.findings if f.severity != "error"]


class PreparedRequest(_generated.PreparedRequest):
    """A validated request, ready to sign: exactly what to send, less the signature.

    ``body`` is ``None`` for a call sent without one (a ``GET``, such as a lookup)."""


@dataclass(frozen=True)
class SignedRequest:
    """A signed request: send exactly ``method`` to ``url`` with ``headers`` and ``body``
    (``None``: send no body)."""

    method: str
    url: str
    path: str
    headers: dict[str, str]
    body: str | None
    timestamp_ms: int

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


class CsrSubject(_generated.CsrSubject):
    """The CSR's subject: every CN (``common_name`` is the first), and O, OU, C, ST, L."""

    @property
    def common_name(self) -> str | None:
        return self.common_names[0] if self.common_names else None


class CsrKey(_generated.CsrKey):
    """The CSR's public key: ``algorithm``, and ``bits``, ``curve``, ``rsa_exponent`` where
    they apply."""


class SanEntry(_generated.SanEntry):
    """One subjectAltName entry: ``kind`` (``"dns"``, ``"ip"``, …) and ``value``."""


class CsrReport(_generated.CsrReport):
    """What :func:`inspect_csr` read from a CSR, and the findings of the CSR-only rules.
    ``to_dict()`` is the report as the core, the CLI's ``inspect --json`` and the npm package
    give it."""

    @property
    def valid(self) -> bool:
        return not any(f.severity == "error" for f in self.findings)

    @property
    def dns_names(self) -> list[str]:
        return [e.value for e in self.san if e.kind == "dns"]


class PaidCertificate(_generated.PaidCertificate):
    """``paidCertificate`` of a successful answer; ``status`` is e.g. ``"ONGOING"``."""


class IssuanceResponse(_generated.IssuanceResponse):
    """A successful answer of ``requestPaidCertificateIssuance``."""


class CertificateSummary(_generated.CertificateSummary):
    """One certificate of a ListAdvancedCertificates answer; ``status`` is e.g. ``"ONGOING"``,
    ``dns_names`` its names (NCP sends a comma-separated string), ``extra`` every other field.
    ``issued`` (NORMAL and its variants), ``pending`` (ONGOING) and ``failed`` (NCP will not
    issue it: VALIDATION_FAILED, …) say what a poller does next."""


class CertificateOrder(_generated.CertificateOrder):
    """One entry of ``orders``: its ``order_id`` and ``certificates``."""


class CertificateList(_generated.CertificateListAnswer):
    """A successful answer of ListAdvancedCertificates. ``match`` is the certificate named
    exactly as asked (see :func:`ncpcert.parse_certificate_list`), else ``None``."""

    @property
    def certificates(self) -> list[CertificateSummary]:
        """Every certificate of every order, in the order sent."""
        return [c for order in self.orders for c in order.certificates]


class DcvRecord(_generated.DcvRecord):
    """One DNS TXT record NCP checks to validate a domain (an entry of ListDcvStatuses'
    ``dnsVerificationList``).

    ``state`` is ``"success"``, ``"pending"`` (publish the record, then wait), ``"timeout"``
    (the validation window ended) or ``"unknown"`` (``valid_status_code`` is new).
    ``record_name`` is the fully qualified name to publish the record at (set when the answer
    was read with ``domain=``), ``txt_value`` the value to publish. NCP does not document the
    field holding the value: ``value_field`` names the one it was read from, and ``txt_value``
    is ``None`` when no known field held one; then look in ``extra``, which keeps every other
    field as NCP sent it."""


class DcvStatuses(_generated.DcvStatuses):
    """A successful answer of ListDcvStatuses for one name: its ``records`` in the order sent,
    ``validated`` when there is at least one and NCP validated every one; ``extra`` keeps every
    other field (``dnsVerificationCount``, ``emailVerificationList``, …)."""


class CertificateChain(_generated.CertificateChain):
    """A successful answer of GetCertificateChain: each PEM with LF line endings and one final
    newline. ``files`` maps file names to their text: ``cert.pem`` (the certificate),
    ``chain.pem`` (the SubCA), ``fullchain.pem`` (certificate then SubCA, what a TLS server
    is configured with) and ``root.pem``; a part NCP did not send has no file. ``extra`` keeps
    every other field."""


class Organization(_generated.Organization):
    """One organisation of ListOrganizations: ``organization_no`` is what an OV request's
    ``organization_no`` takes, once ``validated`` (``verification_progress_code`` 7).
    ``verification_progress`` names the stage (``"VALIDATED"``, ``"DOCUMENT_CHECK"``,
    ``"FAILED"``, …, ``"UNKNOWN"``); ``extra`` keeps every other field."""


class OrganizationList(_generated.OrganizationList):
    """A successful answer of ListOrganizations. ``return_code`` is ``None`` for a bare list;
    ``list_field`` names the field the list was read from (NCP does not document it), ``None``
    for a bare list or one flat organisation."""

    @property
    def validated(self) -> list[Organization]:
        """The organisations whose validation is complete: the ones an OV request may name."""
        return [o for o in self.organizations if o.validated]


class PlacedOrder(_generated.PlacedOrder):
    """The order exists, and it is this request's (:func:`ncpcert.place_order`).

    ``path`` is ``"accepted"`` (NCP answered the request) or ``"recovered"`` (an answer was
    lost, or a run was interrupted, and the lookup found this request's order: same names and
    type, placed by this run or one in the journal, and once issued holding the CSR's key;
    nothing was ordered again). ``status`` is the certificate's state when last seen (e.g.
    ``"ONGOING"``), ``attempts`` the paid attempts this run sent, ``steps`` everything the
    workflow did (dicts, as the core gives them, each with ``"step"`` naming its kind).
    ``answer`` is NCP's answer (when accepted), ``certificate`` the certificate as listed (when
    recovered), ``chain`` the chain read to prove the key (when recovered and already issued);
    each is ``None`` otherwise."""

    @property
    def extra(self) -> dict[str, Any]:
        """Always empty: every field of the result is an attribute (``answer``,
        ``certificate`` and ``chain`` too)."""
        return {}


class TxtRecord(_generated.TxtRecord):
    """A TXT record to publish: ``fqdn``, its full name (lower case, no trailing dot), and
    ``value``, unquoted."""


class Published(_generated.Published):
    """What a Global DNS publication did: ``zones`` (each name and its zone), the records
    ``created``, ``already_present`` (there before, with the same value: not ncpcert's to
    delete), ``deleted`` and ``absent`` (to delete, not there), and the ``servers`` that served
    every value."""


@dataclass(frozen=True)
class Issued(_generated.Issued):
    """The certificate :func:`ncpcert.issue` obtained, proved to hold the key.

    ``certificate_no`` and ``certificate_name`` name it; ``key_pem`` is its private key
    (PKCS#8 PEM: the one given, or the one made for it) and is never shown by ``repr``;
    ``files`` maps file names to their PEM text: ``cert.pem``, ``chain.pem``, ``fullchain.pem``
    (what a TLS server is configured with) and ``root.pem``. ``records`` are the DCV records
    published, ``created`` those this run created, ``kept`` whether they were kept (``PD``);
    ``cleanup_error`` is the Global DNS error (a dict, as the core gives it) when deleting them
    failed (the certificate is fine; the records are still there). ``order`` is the order as
    placed or found. ``to_dict()`` leaves the key out."""

    key_pem: str = field(default="", repr=False, compare=False)


class OrderSubscription(_generated.OrderSubscription):
    """The subscription of one order: ``subscription_end_dt`` as NCP sent it (Korean time,
    ``None`` until the order's first certificate is issued), ``remaining_days`` (negative once
    over), ``extendable_years``."""


class OrderList(_generated.OrderList):
    """A successful answer of ListOrders."""

    def find(self, order_id: str) -> OrderSubscription | None:
        """The order ``order_id``, or ``None``."""
        return next((o for o in self.orders if o.order_id == order_id), None)


class OrderDetails(_generated.OrderDetails):
    """A successful answer of GetOrder: the subscription and the order's certificates."""


class Expiry(_generated.Expiry):
    """The validity of an issued certificate, read from the certificate itself."""

    def days_left(self, now_ms: int) -> int:
        """Whole days from ``now_ms`` to ``not_after``, rounded down (negative once expired)."""
        return (self.not_after_ms - now_ms) // 86_400_000


class InventoryRow(_generated.InventoryRow):
    """One certificate of the inventory."""

    def expires_within(self, days: int) -> bool:
        """Issued, not superseded, and fewer than ``days`` whole days left."""
        return self.issued and not self.superseded and self.days_left is not None and self.days_left < days


class RenewalDecision(_generated.RenewalDecision):
    """``action`` (``"none"``, ``"reissue"``, ``"order"``, ``"skip"``) and why."""
