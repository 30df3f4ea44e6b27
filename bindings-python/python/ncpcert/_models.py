"""Result types: plain, typed, immutable data read from the core's JSON.

Imported when a result is first made or named (dataclasses and enum cost more to import than
signing needs)."""

from __future__ import annotations

import enum
from dataclasses import asdict, dataclass, field
from typing import Any, Literal

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


def _take(d: dict[str, Any], known: dict[str, str]) -> dict[str, Any]:
    """The keyword arguments of the fields in ``known`` (JSON name → attribute), taken out of
    ``d``; what is left in ``d`` is the ``extra``."""
    return {py: d.pop(js) for js, py in known.items() if js in d}


@dataclass(frozen=True)
class Finding:
    """One validation finding: stable ``code``, JSON path ``field``, ``severity``, ``message``."""

    code: str
    field: str
    severity: Severity
    message: str

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Finding:
        return cls(str(data["code"]), str(data["field"]), data["severity"], str(data["message"]))

    def to_dict(self) -> dict[str, str]:
        return {"code": self.code, "field": self.field, "severity": self.severity, "message": self.message}

    def __str__(self) -> str:
        return f"{self.severity} [{self.code}] {self.field}: {self.message}"


@dataclass(frozen=True)
class Report:
    """Every finding of one validation run; ``valid`` when none is an error."""

    valid: bool
    findings: tuple[Finding, ...]

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Report:
        return cls(bool(data["valid"]), tuple(Finding.from_dict(f) for f in data["findings"]))

    @property
    def errors(self) -> list[Finding]:
        return [f for f in self.findings if f.severity == "error"]

    @property
    def warnings(self) -> list[Finding]:
        return [f for f in self.findings if f.severity != "error"]

    def to_dict(self) -> dict[str, Any]:
        """``{"valid": bool, "findings": [{code, field, severity, message}, …]}``."""
        return {"valid": self.valid, "findings": [f.to_dict() for f in self.findings]}


@dataclass(frozen=True)
class PreparedRequest:
    """A validated request, ready to sign: exactly what to send, less the signature.

    ``body`` is ``None`` for a call sent without one (a ``GET``, such as a lookup)."""

    method: str
    url: str
    path: str
    headers: dict[str, str]
    body: str | None
    warnings: tuple[Finding, ...] = ()

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> PreparedRequest:
        return cls(
            data["method"],
            data["url"],
            data["path"],
            dict(data["headers"]),
            data["body"],
            tuple(Finding.from_dict(f) for f in data.get("warnings", [])),
        )

    def to_dict(self) -> dict[str, Any]:
        d = asdict(self)
        d["warnings"] = [f.to_dict() for f in self.warnings]
        return d


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


@dataclass(frozen=True)
class CsrSubject:
    common_names: tuple[str, ...]
    organization: str | None
    organizational_unit: str | None
    country: str | None
    state: str | None
    locality: str | None

    @property
    def common_name(self) -> str | None:
        return self.common_names[0] if self.common_names else None


@dataclass(frozen=True)
class CsrKey:
    algorithm: str
    bits: int | None
    curve: str | None
    rsa_exponent: int | None


@dataclass(frozen=True)
class SanEntry:
    kind: str
    value: str


@dataclass(frozen=True)
class CsrReport:
    """What :func:`inspect_csr` read from a CSR, and the findings of the CSR-only rules."""

    subject: CsrSubject
    san: tuple[SanEntry, ...]
    has_san_extension: bool
    key: CsrKey
    signature_algorithm: str
    signature_valid: bool | None
    canonical_pem: str
    fingerprint_sha256: str
    findings: tuple[Finding, ...]

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> CsrReport:
        s, k = d["subject"], d["key"]
        return cls(
            CsrSubject(
                tuple(s["commonNames"]),
                s["organization"],
                s["organizationalUnit"],
                s["country"],
                s["state"],
                s["locality"],
            ),
            tuple(SanEntry(e["kind"], e["value"]) for e in d["san"]),
            bool(d["hasSanExtension"]),
            CsrKey(k["algorithm"], k["bits"], k["curve"], k["rsaExponent"]),
            d["signatureAlgorithm"],
            d["signatureValid"],
            d["canonicalPem"],
            d["fingerprintSha256"],
            tuple(Finding.from_dict(f) for f in d["findings"]),
        )

    @property
    def valid(self) -> bool:
        return not any(f.severity == "error" for f in self.findings)

    def to_dict(self) -> dict[str, Any]:
        """The report as the core, the CLI's ``inspect --json`` and the npm package give it:
        the API's camelCase names, ``findings`` as ``[{code, field, severity, message}, …]``."""
        s, k = self.subject, self.key
        return {
            "subject": {
                "commonNames": list(s.common_names),
                "organization": s.organization,
                "organizationalUnit": s.organizational_unit,
                "country": s.country,
                "state": s.state,
                "locality": s.locality,
            },
            "san": [{"kind": e.kind, "value": e.value} for e in self.san],
            "hasSanExtension": self.has_san_extension,
            "key": {"algorithm": k.algorithm, "bits": k.bits, "curve": k.curve, "rsaExponent": k.rsa_exponent},
            "signatureAlgorithm": self.signature_algorithm,
            "signatureValid": self.signature_valid,
            "canonicalPem": self.canonical_pem,
            "fingerprintSha256": self.fingerprint_sha256,
            "findings": [f.to_dict() for f in self.findings],
        }

    @property
    def dns_names(self) -> list[str]:
        return [e.value for e in self.san if e.kind == "dns"]


@dataclass(frozen=True)
class PaidCertificate:
    """``paidCertificate`` of a successful answer; ``status`` is e.g. ``"ONGOING"``."""

    certificate_no: int
    request_sn: str
    certificate_name: str
    status_code: int
    status_name: str
    status: str
    reg_date: str
    validation_method: str | None = None
    organization_no: int | None = None
    extra: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class IssuanceResponse:
    """A successful answer of ``requestPaidCertificateIssuance``."""

    return_code: str
    return_message: str
    total_rows: int | None
    paid_certificate: PaidCertificate
    extra: dict[str, Any] = field(default_factory=dict)

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> IssuanceResponse:
        d = dict(d)
        pc = dict(d.pop("paidCertificate"))
        known = {
            "certificateNo": "certificate_no",
            "requestSn": "request_sn",
            "certificateName": "certificate_name",
            "statusCode": "status_code",
            "statusName": "status_name",
            "status": "status",
            "regDate": "reg_date",
            "validationMethod": "validation_method",
            "organizationNo": "organization_no",
        }
        certificate = PaidCertificate(**_take(pc, known), extra=pc)
        return cls(
            str(d.pop("returnCode")),
            str(d.pop("returnMessage", "")),
            d.pop("totalRows", None),
            certificate,
            d,
        )


@dataclass(frozen=True)
class CertificateSummary:
    """One certificate of a ListAdvancedCertificates answer; ``status`` is e.g. ``"ONGOING"``,
    ``dns_names`` a list (NCP sends a comma-separated string), ``extra`` every other field.
    ``issued`` (NORMAL and its variants), ``pending`` (ONGOING) and ``failed`` (NCP will not
    issue it: VALIDATION_FAILED, …) say what a poller does next."""

    certificate_no: int
    certificate_name: str
    common_name: str
    dns_names: list[str]
    status_code: int
    status_name: str
    status: str
    certificate_type: str | None = None
    issued: bool = False
    pending: bool = False
    failed: bool = False
    extra: dict[str, Any] = field(default_factory=dict)

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> CertificateSummary:
        d = dict(d)
        known = {
            "certificateNo": "certificate_no",
            "certificateName": "certificate_name",
            "commonName": "common_name",
            "dnsName": "dns_names",
            "statusCode": "status_code",
            "statusName": "status_name",
            "status": "status",
            "certificateType": "certificate_type",
            "issued": "issued",
            "pending": "pending",
            "failed": "failed",
        }
        return cls(**_take(d, known), extra=d)


@dataclass(frozen=True)
class CertificateOrder:
    """One entry of ``orders``: its ``order_id`` and ``certificates``."""

    order_id: str | None
    certificates: tuple[CertificateSummary, ...]
    extra: dict[str, Any] = field(default_factory=dict)

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> CertificateOrder:
        d = dict(d)
        certificates = tuple(CertificateSummary.from_dict(c) for c in d.pop("certificates", []))
        return cls(d.pop("orderId", None), certificates, d)


@dataclass(frozen=True)
class CertificateList:
    """A successful answer of ListAdvancedCertificates. ``match`` is the certificate named
    exactly as asked (see :func:`ncpcert.parse_certificate_list`), else ``None``."""

    return_code: str
    return_message: str
    total_count: int | None
    orders: tuple[CertificateOrder, ...]
    match: CertificateSummary | None = None
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def certificates(self) -> list[CertificateSummary]:
        """Every certificate of every order, in the order sent."""
        return [c for order in self.orders for c in order.certificates]

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> CertificateList:
        d = dict(d)
        orders = tuple(CertificateOrder.from_dict(o) for o in d.pop("orders", []))
        found = d.pop("match", None)
        return cls(
            str(d.pop("returnCode")),
            str(d.pop("returnMessage", "")),
            d.pop("totalCount", None),
            orders,
            CertificateSummary.from_dict(found) if found is not None else None,
            d,
        )


@dataclass(frozen=True)
class DcvRecord:
    """One DNS TXT record NCP checks to validate a domain (an entry of ListDcvStatuses'
    ``dnsVerificationList``).

    ``state`` is ``"success"``, ``"pending"`` (publish the record, then wait), ``"timeout"``
    (the validation window ended) or ``"unknown"`` (``valid_status_code`` is new).
    ``record_name`` is the fully qualified name to publish the record at (set when the answer
    was read with ``domain=``), ``txt_value`` the value to publish. NCP does not document the
    field holding the value: ``value_field`` names the one it was read from, and ``txt_value``
    is ``None`` when no known field held one; then look in ``extra``, which keeps every other
    field as NCP sent it."""

    valid_sn: str | None
    request_sn: str | None
    valid_status_code: str
    state: Literal["success", "pending", "timeout", "unknown"]
    txt_name: str | None
    txt_value: str | None
    value_field: str | None
    record_name: str | None = None
    record_type: str = "TXT"
    extra: dict[str, Any] = field(default_factory=dict)

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> DcvRecord:
        d = dict(d)
        known = {
            "validSn": "valid_sn",
            "requestSn": "request_sn",
            "validStatusCode": "valid_status_code",
            "state": "state",
            "txtName": "txt_name",
            "txtValue": "txt_value",
            "valueField": "value_field",
            "recordName": "record_name",
            "recordType": "record_type",
        }
        return cls(**_take(d, known), extra=d)


@dataclass(frozen=True)
class DcvStatuses:
    """A successful answer of ListDcvStatuses for one name: its ``records`` in the order sent,
    ``validated`` when there is at least one and NCP validated every one; ``extra`` keeps every
    other field (``dnsVerificationCount``, ``emailVerificationList``, …)."""

    return_code: str
    return_message: str
    total_rows: int | None
    records: tuple[DcvRecord, ...]
    validated: bool = False
    extra: dict[str, Any] = field(default_factory=dict)

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> DcvStatuses:
        d = dict(d)
        records = tuple(DcvRecord.from_dict(r) for r in d.pop("dnsVerificationList", []))
        return cls(
            str(d.pop("returnCode")),
            str(d.pop("returnMessage", "")),
            d.pop("totalRows", None),
            records,
            bool(d.pop("validated", False)),
            d,
        )


@dataclass(frozen=True)
class CertificateChain:
    """A successful answer of GetCertificateChain: each PEM with LF line endings and one final
    newline. ``files`` maps file names to their text: ``cert.pem`` (the certificate),
    ``chain.pem`` (the SubCA), ``fullchain.pem`` (certificate then SubCA, what a TLS server
    is configured with) and ``root.pem``; a part NCP did not send has no file. ``extra`` keeps
    every other field."""

    return_code: str
    return_message: str
    total_rows: int | None
    subject_common_name: str | None
    certificate: str
    sub_ca_certificate: str | None
    root_ca_certificate: str | None
    files: dict[str, str]
    extra: dict[str, Any] = field(default_factory=dict)

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> CertificateChain:
        d = dict(d)
        known = {
            "returnCode": "return_code",
            "returnMessage": "return_message",
            "totalRows": "total_rows",
            "subjectCommonName": "subject_common_name",
            "certificate": "certificate",
            "subCaCertificate": "sub_ca_certificate",
            "rootCaCertificate": "root_ca_certificate",
            "files": "files",
        }
        kwargs = _take(d, known)
        kwargs["files"] = dict(kwargs.get("files") or {})
        return cls(**kwargs, extra=d)


@dataclass(frozen=True)
class Organization:
    """One organisation of ListOrganizations: ``organization_no`` is what an OV request's
    ``organization_no`` takes, once ``validated`` (``verification_progress_code`` 7).
    ``verification_progress`` names the stage (``"VALIDATED"``, ``"DOCUMENT_CHECK"``,
    ``"FAILED"``, …, ``"UNKNOWN"``); ``extra`` keeps every other field."""

    organization_no: int
    organization_name_kor: str | None
    organization_name_eng: str | None
    business_registration_no: str | None
    verification_type: str | None
    verification_progress_code: int | None
    verification_progress: str
    validated: bool
    extra: dict[str, Any] = field(default_factory=dict)

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Organization:
        d = dict(d)
        known = {
            "organizationNo": "organization_no",
            "organizationNameKor": "organization_name_kor",
            "organizationNameEng": "organization_name_eng",
            "businessRegistrationNo": "business_registration_no",
            "verificationType": "verification_type",
            "verificationProgressCode": "verification_progress_code",
            "verificationProgress": "verification_progress",
            "validated": "validated",
        }
        return cls(**_take(d, known), extra=d)


@dataclass(frozen=True)
class OrganizationList:
    """A successful answer of ListOrganizations. ``return_code`` is ``None`` for a bare list;
    ``list_field`` names the field the list was read from (NCP does not document it), ``None``
    for a bare list or one flat organisation."""

    return_code: str | None
    return_message: str
    total_rows: int | None
    list_field: str | None
    organizations: tuple[Organization, ...]
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def validated(self) -> list[Organization]:
        """The organisations whose validation is complete: the ones an OV request may name."""
        return [o for o in self.organizations if o.validated]

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> OrganizationList:
        d = dict(d)
        organizations = tuple(Organization.from_dict(o) for o in d.pop("organizations", []))
        return cls(
            d.pop("returnCode", None),
            str(d.pop("returnMessage", "")),
            d.pop("totalRows", None),
            d.pop("listField", None),
            organizations,
            d,
        )


_PLACED_ORDER_FIELDS = {
    "path": "path",
    "certificateNo": "certificate_no",
    "certificateName": "certificate_name",
    "status": "status",
    "statusCode": "status_code",
    "statusName": "status_name",
    "orderId": "order_id",
    "attempts": "attempts",
    "steps": "steps",
}


@dataclass(frozen=True)
class PlacedOrder:
    """The order exists, and it is this request's (:func:`ncpcert.place_order`).

    ``path`` is ``"accepted"`` (NCP answered the request) or ``"recovered"`` (an answer was
    lost, or a run was interrupted, and the lookup found this request's order: same names and
    type, placed by this run or one in the journal, and once issued holding the CSR's key;
    nothing was ordered again). ``status`` is the certificate's state
    when last seen (e.g. ``"ONGOING"``), ``attempts`` the paid attempts this run sent,
    ``steps`` everything the workflow did (dicts, as the core gives them, each with ``"step"``
    naming its kind). ``extra`` keeps every other field of the core's answer: ``answer`` (NCP's
    answer, when accepted), ``certificate`` (the certificate as listed, when recovered),
    ``chain`` (the chain read to prove the key, when recovered and already issued); the
    properties of the same names read them as :class:`IssuanceResponse`,
    :class:`CertificateSummary` and :class:`CertificateChain`."""

    path: Literal["accepted", "recovered"]
    certificate_no: int
    certificate_name: str
    status: str
    status_code: int
    status_name: str
    order_id: str | None
    attempts: int
    steps: list[dict[str, Any]]
    extra: dict[str, Any] = field(default_factory=dict)

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> PlacedOrder:
        d = dict(d)
        kwargs = _take(d, _PLACED_ORDER_FIELDS)
        kwargs.setdefault("order_id", None)
        kwargs["steps"] = list(kwargs.get("steps") or [])
        return cls(**kwargs, extra=d)

    def to_dict(self) -> dict[str, Any]:
        """The result in the core's JSON shape (the API's camelCase names)."""
        data = {js: getattr(self, py) for js, py in _PLACED_ORDER_FIELDS.items()}
        data["steps"] = list(self.steps)
        return {**data, **self.extra}

    @property
    def answer(self) -> IssuanceResponse | None:
        """NCP's answer to the request (when ``path == "accepted"``), else ``None``."""
        found = self.extra.get("answer")
        return IssuanceResponse.from_dict(found) if found else None

    @property
    def certificate(self) -> CertificateSummary | None:
        """The certificate as listed (when ``path == "recovered"``), else ``None``."""
        found = self.extra.get("certificate")
        return CertificateSummary.from_dict(found) if found else None

    @property
    def chain(self) -> CertificateChain | None:
        """The chain read to prove the certificate's key was the CSR's (when recovered and
        already issued), else ``None``."""
        found = self.extra.get("chain")
        return CertificateChain.from_dict(found) if found else None
