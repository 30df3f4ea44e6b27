"""ncpcert: prepare, validate and sign NAVER Cloud Platform Certificate Manager requests for
Advanced DV / OV certificates, and read NCP's answers.

The work is done by a Rust core (``ncpcert._native``, an implementation detail); this package
is its typed Python face. Nothing here sends anything: make the HTTP call with exactly the
method, URL, headers and body you get, or pass ``auth=NcpAuth(...)`` to requests or httpx.

>>> import ncpcert
>>> ncpcert.sign("POST", "/api/v2/certificate/requestPaidCertificateIssuance", 1700000000000,
...              "EXAMPLEAK0000000NCP1", "EXAMPLESECRET00000000000000000000NCPSK01")
'QC4FHb9YQpqibbUVDfmpQuu0+bjhcf/RvDNS5mc4hjA='
"""

from __future__ import annotations

# Importing ncpcert stays cheap (SPEC §9: a process that imports it and signs once starts no
# slower than one using hmac, hashlib and base64): the functions come from `_api`, which
# imports only the extension; the classes, whose modules need dataclasses and enum, are
# imported when first used (module `__getattr__`, PEP 562). Type checkers see plain imports.
from ._api import (
    decide_renewal,
    expiry,
    generate_key,
    get_order,
    inventory,
    list_orders,
    parse_order,
    parse_order_list,
    renewal_name,
    get_certificate_chain,
    inspect_csr,
    list_advanced_certificates,
    list_dcv_statuses,
    list_organizations,
    make_csr,
    parse_certificate_chain,
    parse_certificate_list,
    parse_dcv_statuses,
    parse_organizations,
    parse_response,
    prepare,
    sign,
    transport_outcome,
    validate,
    validation_domains,
    verify,
)

TYPE_CHECKING = False
if TYPE_CHECKING:
    from ._errors import (
        ApiError,
        CsrError,
        DnsError,
        GatewayError,
        HttpError,
        MalformedResponseError,
        NcpError,
        OrderError,
        ServiceError,
        SigningError,
        ValidationError,
    )
    from ._models import (
        CertificateChain,
        CertificateList,
        CertificateOrder,
        CertificateSummary,
        CertificateType,
        CsrKey,
        CsrReport,
        CsrSubject,
        DcvRecord,
        DcvStatuses,
        Finding,
        IssuanceResponse,
        Issued,
        Expiry,
        InventoryRow,
        OrderDetails,
        OrderList,
        OrderSubscription,
        RenewalDecision,
        Organization,
        OrganizationList,
        PaidCertificate,
        PlacedOrder,
        PreparedRequest,
        Published,
        Report,
        SanEntry,
        SignedRequest,
        TxtRecord,
        ValidationMethod,
    )
    from ._issue import issue
    from ._order import place_order, place_order_async
    from ._signer import NcpAuth, Signer

    __version__: str
    """The installed distribution's version (from its metadata)."""
else:
    _LAZY = {
        "_errors": (
            "ApiError",
            "CsrError",
            "DnsError",
            "GatewayError",
            "HttpError",
            "MalformedResponseError",
            "NcpError",
            "OrderError",
            "ServiceError",
            "SigningError",
            "ValidationError",
        ),
        "_models": (
            "CertificateChain",
            "CertificateList",
            "CertificateOrder",
            "CertificateSummary",
            "CertificateType",
            "CsrKey",
            "CsrReport",
            "CsrSubject",
            "DcvRecord",
            "DcvStatuses",
            "Finding",
            "IssuanceResponse",
            "Issued",
            "Expiry",
            "InventoryRow",
            "OrderDetails",
            "OrderList",
            "OrderSubscription",
            "RenewalDecision",
            "Organization",
            "OrganizationList",
            "PaidCertificate",
            "PlacedOrder",
            "PreparedRequest",
            "Published",
            "Report",
            "SanEntry",
            "SignedRequest",
            "TxtRecord",
            "ValidationMethod",
        ),
        "_signer": ("NcpAuth", "Signer"),
        "_order": ("place_order", "place_order_async"),
        "_issue": ("issue",),
    }
    _WHERE = {name: module for module, names in _LAZY.items() for name in names}

    def __getattr__(name):
        module = _WHERE.get(name)
        if module is not None:
            from importlib import import_module

            value = getattr(import_module(f"{__name__}.{module}"), name)
        elif name == "__version__":
            from importlib.metadata import version

            value = version("ncpcert")
        else:
            raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
        globals()[name] = value
        return value

    def __dir__():
        return sorted(set(globals()) | set(_WHERE) | {"__version__"})

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
    "list_dcv_statuses",
    "parse_dcv_statuses",
    "validation_domains",
    "get_certificate_chain",
    "parse_certificate_chain",
    "list_organizations",
    "parse_organizations",
    "generate_key",
    "make_csr",
    "list_orders",
    "parse_order_list",
    "get_order",
    "parse_order",
    "expiry",
    "decide_renewal",
    "renewal_name",
    "inventory",
    "place_order",
    "place_order_async",
    "issue",
    "Signer",
    "NcpAuth",
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
    "CertificateType",
    "ValidationMethod",
    "Finding",
    "Report",
    "PreparedRequest",
    "SignedRequest",
    "CsrReport",
    "CsrSubject",
    "CsrKey",
    "SanEntry",
    "IssuanceResponse",
    "PaidCertificate",
    "CertificateList",
    "CertificateOrder",
    "CertificateSummary",
    "DcvStatuses",
    "DcvRecord",
    "CertificateChain",
    "OrganizationList",
    "Organization",
    "PlacedOrder",
    "Issued",
    "TxtRecord",
    "Published",
    "OrderList",
    "OrderSubscription",
    "OrderDetails",
    "Expiry",
    "InventoryRow",
    "RenewalDecision",
]
