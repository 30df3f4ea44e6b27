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

from ._api import (
    inspect_csr,
    list_advanced_certificates,
    parse_certificate_list,
    parse_response,
    prepare,
    sign,
    transport_outcome,
    validate,
    verify,
)
from ._errors import (
    ApiError,
    CsrError,
    GatewayError,
    HttpError,
    MalformedResponseError,
    NcpError,
    ServiceError,
    SigningError,
    ValidationError,
)
from ._models import (
    CertificateList,
    CertificateOrder,
    CertificateSummary,
    CertificateType,
    CsrKey,
    CsrReport,
    CsrSubject,
    Finding,
    IssuanceResponse,
    PaidCertificate,
    PreparedRequest,
    Report,
    SanEntry,
    SignedRequest,
    ValidationMethod,
)
from ._signer import NcpAuth, Signer

__version__ = "0.1.0"

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
]
