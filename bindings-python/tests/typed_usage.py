"""Typed use of every public name of ``ncpcert``, checked with ``mypy --strict`` (the package
ships ``py.typed``). Not a pytest module: it is also run as a script by the test suite, so the
annotations below are the ones real code would rely on."""

from __future__ import annotations

import asyncio
import json
from typing import Any, Literal

import ncpcert
from ncpcert import (
    ApiError,
    CertificateType,
    CsrError,
    CsrKey,
    CsrReport,
    CsrSubject,
    Finding,
    GatewayError,
    HttpError,
    IssuanceResponse,
    MalformedResponseError,
    NcpAuth,
    NcpError,
    OrderError,
    PaidCertificate,
    PlacedOrder,
    PreparedRequest,
    Report,
    SanEntry,
    ServiceError,
    SignedRequest,
    Signer,
    SigningError,
    ValidationError,
    ValidationMethod,
)

AK = "EXAMPLEAK0000000NCP1"
SK = "EXAMPLESECRET00000000000000000000NCPSK01"
PATH = "/api/v2/certificate/requestPaidCertificateIssuance"
CSR_PEM = """-----BEGIN CERTIFICATE REQUEST-----
MIICvTCCAaUCAQAwPjELMAkGA1UEBhMCS1IxFTATBgNVBAoMDEV4YW1wbGUgQ29y
cDEYMBYGA1UEAwwPd3d3LmV4YW1wbGUuY29tMIIBIjANBgkqhkiG9w0BAQEFAAOC
AQ8AMIIBCgKCAQEAy/f0l/pROSijzx32F6l+2BKbrIvyqFr5pug34VH/KA8ofU7X
zEVDU6eiflIEnv8nclKuQejUZd5q2gn4ZtJC775I8DX7SRi+wHr77eIUFcI/17W2
grQ4IoUcZY4hjRu2ISee3Pu/OsN8AWvQB7nd6x2V+sxBJs0i4C70rOzD0PtVji2z
KP8xKsPnAjlv9h+25xMYuywK9QA7W5uCFiD6WUKTZuT/D+ouBf6PDZhZe59TG4as
GsitH6BgvGie+puOs4KmqZZvp9eMGD5QIhsbBJEHtyJxGl35GzIZlzfRSal8qreb
M2guRuo4Q1LY6I8Rz444WJwR3k3x2mNB/ANTEQIDAQABoDowOAYJKoZIhvcNAQkO
MSswKTAnBgNVHREEIDAegg93d3cuZXhhbXBsZS5jb22CC2V4YW1wbGUuY29tMA0G
CSqGSIb3DQEBCwUAA4IBAQCRUQsoR5bN2TsA1izt6PMZOeLmuHVpsQh+/NC5hdow
jnkM4q6cyFOpdTzv/vniob1DYjdGB7nSEgE0si0fRQx38uO7d0KkkFDDuXCCixD2
u2yWqVUpT0yNHVFpAUqtYWzcfKj5vu15WVo52Za2iyFTH/kKvF1T1mS1CjruG3Bf
XoxWnEaaRnDnbjqLdglAK+YNXHoXccvekHyEcZDQArycYKto5s3XdCVZ4PijXVoe
k8ZKZ1DLpuuRJqBrOOIf15efcIOdbABMzlerQNyZKxgx8u0OVuQaoc7IB1pSoI1E
JcjaqJSgu63pi/YvhMUmASwzXnjwTBHBIfpHX/wk3ZyF
-----END CERTIFICATE REQUEST-----
"""


def signing() -> None:
    signature: str = ncpcert.sign("POST", PATH, 1_700_000_000_000, AK, SK)
    ok: bool = ncpcert.verify("POST", PATH, 1_700_000_000_000, AK, SK, signature)
    assert ok and signature == "QC4FHb9YQpqibbUVDfmpQuu0+bjhcf/RvDNS5mc4hjA="

    def clock() -> int:
        return 1_700_000_000_000

    signer: Signer = Signer(AK, SK, clock=clock, clock_offset_ms=250)
    headers: dict[str, str] = signer.headers("post", PATH)
    explicit: dict[str, str] = signer.headers("POST", PATH, 1_700_000_000_000)
    now: int | float = signer.now_ms()
    same: bool = signer.verify("POST", PATH, 1_700_000_000_000, explicit["x-ncp-apigw-signature-v2"])
    access_key: str = signer.access_key
    assert headers["x-ncp-apigw-timestamp"] == "1700000000250" and same and now == 1_700_000_000_250
    assert access_key == AK

    auth: NcpAuth = NcpAuth(AK, SK, clock=clock, clock_offset_ms=0)
    inner: Signer = auth.signer
    assert repr(auth).startswith("NcpAuth(") and inner.access_key == AK


def requests_and_reports() -> PreparedRequest:
    as_dict: dict[str, Any] = {
        "csr": CSR_PEM,
        "certificateType": CertificateType.DV,
        "certificateName": "www-example",
        "commonName": "www.example.com",
        "dnsName": ["www.example.com", "example.com"],
        "validationMethod": ValidationMethod.DNS,
    }
    report: Report = ncpcert.validate(as_dict, strict=False)
    valid: bool = report.valid
    findings: tuple[Finding, ...] = report.findings
    errors: list[Finding] = report.errors
    warnings: list[Finding] = report.warnings
    data: dict[str, Any] = report.to_dict()
    assert valid and not findings and not errors and not warnings and data["valid"] is True

    prepared: PreparedRequest = ncpcert.prepare(as_dict, site="public")
    gov: PreparedRequest = ncpcert.prepare(as_dict, site="gov", strict=True)
    custom: PreparedRequest = ncpcert.prepare(as_dict, base_url="http://127.0.0.1:8080/prefix")
    by_keywords: PreparedRequest = ncpcert.prepare(
        csr=CSR_PEM.encode(),
        certificate_type=CertificateType.OV,
        certificate_name="www-example",
        common_name="www.example.com",
        dns_name=["www.example.com", "example.com"],
        validation_method=ValidationMethod.PERSISTENT_DNS,
        organization_no=42,
    )
    keyword_report: Report = ncpcert.validate(
        csr=CSR_PEM, certificate_type="DV", certificate_name="x", common_name="www.example.com", validation_method="E"
    )
    method: str = prepared.method
    url: str = prepared.url
    path: str = prepared.path
    request_headers: dict[str, str] = prepared.headers
    body: str | None = prepared.body  # None for a call sent without a body (a GET)
    prepared_warnings: tuple[Finding, ...] = prepared.warnings
    assert method == "POST" and url.endswith(path) and request_headers and body and not prepared_warnings
    assert gov.url != custom.url and "NCP_PAID_OV_01" in (by_keywords.body or "") and keyword_report.valid is True
    as_data: dict[str, Any] = prepared.to_dict()
    assert as_data["method"] == "POST"

    try:
        ncpcert.prepare({})
    except ValidationError as e:
        listed: list[dict[str, str]] = e.errors()
        non_blocking: list[dict[str, str]] = e.warnings
        # Both are lists that may also be called.
        same_errors: list[dict[str, str]] = e.errors
        same_warnings: list[dict[str, str]] = e.warnings()
        assert listed == same_errors and non_blocking == same_warnings
        all_findings: list[Finding] = e.findings
        code: str = e.code
        message: str = e.message
        as_value_error: ValueError = e
        assert listed and not non_blocking and all_findings and code and message and as_value_error
    return prepared


def finding_fields(f: Finding) -> str:
    severity: Literal["error", "warning"] = f.severity
    as_dict: dict[str, str] = f.to_dict()
    again: Finding = Finding.from_dict(as_dict)
    return f"{f.code} {f.field} {severity} {f.message} {again == f}"


def signed(prepared: PreparedRequest) -> SignedRequest:
    signer = Signer(AK, SK)
    result: SignedRequest = signer.sign_request(prepared)
    fixed: SignedRequest = signer.sign_request(prepared, 1_700_000_000_000)
    timestamp_ms: int = fixed.timestamp_ms
    send: tuple[str, str, dict[str, str], str | None] = (result.method, result.url, result.headers, result.body)
    path: str = result.path
    data: dict[str, Any] = result.to_dict()
    assert timestamp_ms == 1_700_000_000_000 and send[0] == "POST" and path and data
    return result


def from_env() -> None:
    try:
        signer: Signer = Signer.from_env(configure_file="/nonexistent/configure", clock_offset_ms=0)
        auth: NcpAuth = NcpAuth.from_env(clock=lambda: 1_700_000_000_000)
        access_key: str = signer.access_key
        same: Signer = auth.signer
        assert access_key and same
    except ncpcert.SigningError as e:
        code: str = e.code
        assert code.startswith("credentials.")
    version: str = ncpcert.__version__
    assert version


def csr() -> None:
    report: CsrReport = ncpcert.inspect_csr(CSR_PEM)
    as_dict: dict[str, Any] = report.to_dict()
    assert as_dict["findings"] is not None
    from_bytes: CsrReport = ncpcert.inspect_csr(CSR_PEM.encode())
    subject: CsrSubject = report.subject
    cn: str | None = subject.common_name
    cns: tuple[str, ...] = subject.common_names
    parts: tuple[str | None, ...] = (
        subject.organization,
        subject.organizational_unit,
        subject.country,
        subject.state,
        subject.locality,
    )
    san: tuple[SanEntry, ...] = report.san
    kinds: list[str] = [entry.kind for entry in san] + [entry.value for entry in san]
    key: CsrKey = report.key
    key_facts: tuple[str, int | None, str | None, int | None] = (key.algorithm, key.bits, key.curve, key.rsa_exponent)
    signature_valid: bool | None = report.signature_valid
    others: tuple[bool, str, str, str, bool, list[str]] = (
        report.has_san_extension,
        report.signature_algorithm,
        report.canonical_pem,
        report.fingerprint_sha256,
        report.valid,
        report.dns_names,
    )
    findings: tuple[Finding, ...] = report.findings
    assert cn == "www.example.com" and cns and parts[2] == "KR" and kinds and key_facts[1] == 2048
    assert signature_valid is True and others[4] and not findings and from_bytes == report
    try:
        ncpcert.inspect_csr(b"not a csr")
    except CsrError as e:
        field: str = e.field
        code: str = e.code
        assert field == "csr" and code == "csr.malformed"


def responses() -> None:
    body = (
        b'{"returnCode":"0","returnMessage":"success","totalRows":1,"paidCertificate":{"certificateNo":1,'
        b'"requestSn":"R","certificateName":"n","statusCode":"0","statusName":"ONGOING",'
        b'"regDate":"2026-11-28 17:10:00","validationMethod":"D","organizationNo":null}}'
    )
    response: IssuanceResponse = ncpcert.parse_response(200, body)
    from_text: IssuanceResponse = ncpcert.parse_response(200, body.decode())
    top: tuple[str, str, int | None, dict[str, Any]] = (
        response.return_code,
        response.return_message,
        response.total_rows,
        response.extra,
    )
    certificate: PaidCertificate = response.paid_certificate
    facts: tuple[int, str, str, int, str, str, str, str | None, int | None, dict[str, Any]] = (
        certificate.certificate_no,
        certificate.request_sn,
        certificate.certificate_name,
        certificate.status_code,
        certificate.status_name,
        certificate.status,
        certificate.reg_date,
        certificate.validation_method,
        certificate.organization_no,
        certificate.extra,
    )
    assert top[0] == "0" and facts[5] == "ONGOING" and from_text == response

    answers: list[tuple[int, bytes, type[ApiError]]] = [
        (401, b'{"error":{"errorCode":"200","message":"Authentication Failed"}}', GatewayError),
        (400, b'{"returnCode":"1002","returnMessage":"Invalid PEM format"}', ServiceError),
        (403, b"", HttpError),
        (200, b"<html>", MalformedResponseError),
    ]
    for status, data, cls in answers:
        try:
            ncpcert.parse_response(status, data)
        except ApiError as e:
            kind: str = e.kind
            http_status: int = e.http_status
            retryable: bool = e.retryable
            outcome: str = e.outcome
            resendable: bool = e.resendable
            ambiguous: bool = e.ambiguous
            details: str | None = e.details
            hint: str = e.hint
            assert isinstance(e, cls) and kind and http_status == status and not retryable and hint
            assert outcome in ("final", "ambiguous") and not resendable and ambiguous == (outcome == "ambiguous")
            assert details is None or details


def errors() -> list[NcpError]:
    try:
        ncpcert.sign("GET", "no-slash", 1_700_000_000_000, AK, SK)
    except SigningError as e:
        as_value_error: ValueError = e
        assert as_value_error
    built: list[NcpError] = [
        NcpError("message", "code"),
        SigningError("bad path", "signing.path"),
        ValidationError("invalid", [Finding("c", "f", "error", "m")]),
        CsrError("bad", "csr.malformed", "csr"),
        ApiError("m", "c", http_status=500, details=None, retryable=False, hint="h", outcome="ambiguous"),
        GatewayError("m", "200", http_status=401),
        ServiceError("m", "1002", http_status=400),
        HttpError("m", "403", http_status=403),
        MalformedResponseError("m", "malformed", http_status=200),
        OrderError("m", "order.name_taken", hint="h", certificate_name="n", certificate_no=None, cause=None, steps=[]),
        ncpcert.DnsError("m", "dns.zone_missing", hint="h", names=["example.com"], ordered=False),
    ]
    return built


async def with_async_clock() -> str:
    auth = NcpAuth(AK, SK)
    await asyncio.sleep(0)
    return auth.signer.headers("GET", "/")["x-ncp-iam-access-key"]


def enums() -> tuple[str, str]:
    certificate_type: CertificateType = CertificateType("NCP_PAID_OV_01")
    method: ValidationMethod = ValidationMethod.PERSISTENT_DNS
    as_text: str = certificate_type.value + method.value
    return as_text, ncpcert.__version__


def main() -> None:
    signing()
    prepared = requests_and_reports()
    signed(prepared)
    csr()
    from_env()
    responses()
    lookups()
    lifecycle()
    keys()
    orders()
    issuance()
    renewal()
    assert len(errors()) == 11
    assert asyncio.run(with_async_clock()) == AK
    assert enums()[0] == "NCP_PAID_OV_01PD"
    print(finding_fields(Finding("c", "f", "warning", "m")))
    names: list[str] = list(ncpcert.__all__)
    assert all(hasattr(ncpcert, name) for name in names)


def lookups() -> None:
    prepared: ncpcert.PreparedRequest = ncpcert.list_advanced_certificates("www-example", page=1, page_size=20)
    body: str | None = prepared.body
    listed: ncpcert.CertificateList = ncpcert.parse_certificate_list(
        200, b'{"returnCode":"0","orders":[]}', name="www-example"
    )
    found: ncpcert.CertificateSummary | None = listed.match
    orders: tuple[ncpcert.CertificateOrder, ...] = listed.orders
    everything: list[ncpcert.CertificateSummary] = listed.certificates
    outcome: str = ncpcert.transport_outcome(written=False)
    assert body is None and found is None and not orders and not everything and outcome == "resendable"



def keys() -> None:
    key_pem: str = ncpcert.generate_key("p256")
    default_key: str = ncpcert.generate_key()
    csr_pem: str = ncpcert.make_csr(key_pem, ["www.example.com", "example.com"])
    from_tuple: str = ncpcert.make_csr(default_key, ("www.example.com",))
    assert csr_pem.startswith("-----BEGIN CERTIFICATE REQUEST-----") and from_tuple


def lifecycle() -> None:
    base = "http://127.0.0.1:9/p"
    names: list[str] = ncpcert.validation_domains(["*.example.com", "www.example.com", "example.com"])
    from_tuple: list[str] = ncpcert.validation_domains(("www.example.com",))
    dcv_call: ncpcert.PreparedRequest = ncpcert.list_dcv_statuses(1000, names[0], site="public", base_url=base)
    chain_call: ncpcert.PreparedRequest = ncpcert.get_certificate_chain(1000, site="public", base_url=None)
    orgs_call: ncpcert.PreparedRequest = ncpcert.list_organizations(
        organization_name_kor=None,
        organization_name_eng="Example Corp",
        business_registration_no=None,
        verification_progress_code=7,
        site="public",
        base_url=base,
    )
    assert names == ["example.com", "www.example.com"] and from_tuple == ["www.example.com"]
    assert dcv_call.body is None and chain_call.body is None and orgs_call.body is not None

    statuses: ncpcert.DcvStatuses = ncpcert.parse_dcv_statuses(
        200,
        b'{"returnCode":"0","totalRows":1,"dnsVerificationList":[{"validSn":1,"requestSn":"R",'
        b'"validStatusCode":"VALID_STATUS_REG","txtName":"_dnsauth","txtValue":"token","ttl":300}]}',
        domain="example.com",
    )
    top: tuple[str, str, int | None, dict[str, Any]] = (
        statuses.return_code,
        statuses.return_message,
        statuses.total_rows,
        statuses.extra,
    )
    records: tuple[ncpcert.DcvRecord, ...] = statuses.records
    record: ncpcert.DcvRecord = records[0]
    state: Literal["success", "pending", "timeout", "unknown"] = record.state
    facts: tuple[str | None, str | None, str, str | None, str | None, str | None, str | None, str, dict[str, Any]] = (
        record.valid_sn,
        record.request_sn,
        record.valid_status_code,
        record.txt_name,
        record.txt_value,
        record.value_field,
        record.record_name,
        record.record_type,
        record.extra,
    )
    assert top[0] == "0" and state == "pending" and facts[6] == "_dnsauth.example.com" and facts[8] == {"ttl": 300}

    pem = open(  # a real certificate: the chain's certificates are parsed as X.509
        __file__.rsplit("/bindings-python/", 1)[0] + "/core/tests/data/order/same-key.cert.pem"
    ).read()
    chain: ncpcert.CertificateChain = ncpcert.parse_certificate_chain(
        200, json.dumps({"returnCode": "0", "certificate": pem, "subCaCertificate": pem})
    )
    parts: tuple[str, str | None, str | None, str | None] = (
        chain.certificate,
        chain.sub_ca_certificate,
        chain.root_ca_certificate,
        chain.subject_common_name,
    )
    files: dict[str, str] = chain.files
    envelope: tuple[str, str, int | None, dict[str, Any]] = (
        chain.return_code,
        chain.return_message,
        chain.total_rows,
        chain.extra,
    )
    assert parts[2] is None and sorted(files) == ["cert.pem", "chain.pem", "fullchain.pem"] and envelope[0] == "0"

    listing: ncpcert.OrganizationList = ncpcert.parse_organizations(
        200, b'[{"organizationNo":20001,"verificationProgressCode":"7"},{"organizationNo":2,"memberNo":"m"}]'
    )
    about: tuple[str | None, str, int | None, str | None, dict[str, Any]] = (
        listing.return_code,
        listing.return_message,
        listing.total_rows,
        listing.list_field,
        listing.extra,
    )
    every: tuple[ncpcert.Organization, ...] = listing.organizations
    validated: list[ncpcert.Organization] = listing.validated
    organization: ncpcert.Organization = every[1]
    fields: tuple[int, str | None, str | None, str | None, str | None, int | None, str, bool, dict[str, Any]] = (
        organization.organization_no,
        organization.organization_name_kor,
        organization.organization_name_eng,
        organization.business_registration_no,
        organization.verification_type,
        organization.verification_progress_code,
        organization.verification_progress,
        organization.validated,
        organization.extra,
    )
    assert about[0] is None and [o.organization_no for o in validated] == [20001]
    assert fields[6] == "UNKNOWN" and fields[7] is False and fields[8] == {"memberNo": "m"}


def free_url() -> str:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return f"http://127.0.0.1:{s.getsockname()[1]}"


def order_error_fields(e: OrderError) -> None:
    code: str = e.code
    message: str = e.message
    hint: str = e.hint
    name: str = e.certificate_name
    number: int | None = e.certificate_no
    certificate: dict[str, Any] | None = e.certificate
    cause: dict[str, Any] | None = e.cause
    steps: list[dict[str, Any]] = e.steps
    data: dict[str, Any] = e.to_dict()
    again: OrderError = OrderError.from_dict(data)
    as_ncp_error: NcpError = e
    assert code == "order.not_placed" and message and hint and name == "www-example" and number is None
    assert certificate is None and cause is not None and cause["written"] is False and steps and again.code == code
    assert as_ncp_error


def orders() -> None:
    import httpx
    import requests

    request: dict[str, Any] = {
        "csr": CSR_PEM,
        "certificateType": "DV",
        "certificateName": "www-example",
        "commonName": "www.example.com",
        "dnsName": ["www.example.com", "example.com"],
        "validationMethod": "D",
    }
    # Nothing listens there: the connection is refused, so nothing was bought.
    for session in (requests.Session(), httpx.Client()):
        try:
            ncpcert.place_order(
                request,
                session=session,
                auth=NcpAuth(AK, SK),
                site="public",
                base_url=free_url(),
                retries=0,
                timeout=5.0,
                journal=None,
            )
        except OrderError as e:
            order_error_fields(e)

    async def with_async_client() -> PlacedOrder | None:
        async with httpx.AsyncClient() as client:
            try:
                return await ncpcert.place_order_async(
                    request, session=client, auth=Signer(AK, SK), base_url=free_url(), retries=0
                )
            except OrderError as e:
                order_error_fields(e)
                return None

    assert asyncio.run(with_async_client()) is None

    placed: PlacedOrder = PlacedOrder.from_dict(
        {
            "path": "recovered",
            "certificateNo": 1000,
            "certificateName": "www-example",
            "status": "ONGOING",
            "statusCode": 0,
            "statusName": "ONGOING",
            "orderId": "900001",
            "attempts": 1,
            "answer": None,
            "certificate": None,
            "chain": None,
            "steps": [{"step": "lookup", "page": 1, "found": True, "certificateNo": 1000}],
        }
    )
    path: Literal["accepted", "recovered"] = placed.path
    facts: tuple[int, str, str, int, str, str | None, int, tuple[dict[str, Any], ...], dict[str, Any]] = (
        placed.certificate_no,
        placed.certificate_name,
        placed.status,
        placed.status_code,
        placed.status_name,
        placed.order_id,
        placed.attempts,
        placed.steps,
        placed.extra,
    )
    answer: IssuanceResponse | None = placed.answer
    listed: ncpcert.CertificateSummary | None = placed.certificate
    chain: ncpcert.CertificateChain | None = placed.chain
    data: dict[str, Any] = placed.to_dict()
    assert path == "recovered" and facts[0] == 1000 and answer is None and listed is None and chain is None
    assert data["certificateNo"] == 1000 and PlacedOrder.from_dict(data) == placed


class PrintingHook:
    """A ``dns=`` object: publishes and removes one TXT record."""

    def present(self, fqdn: str, value: str) -> None:
        print("present", fqdn, value)

    def cleanup(self, fqdn: str, value: str) -> None:
        print("cleanup", fqdn, value)


def issuance() -> None:
    import requests

    # Nothing listens there: the preflight's first Global DNS call fails, nothing is ordered.
    for dns in ("ncloud", PrintingHook()):
        try:
            issued: ncpcert.Issued = ncpcert.issue(
                domains=["www.example.com", "example.com"],
                certificate_name="www-example",
                certificate_type=CertificateType.DV,
                validation_method=ValidationMethod.DNS,
                key_pem=None,
                key_algorithm="p256",
                dns=dns,
                session=requests.Session(),
                auth=NcpAuth(AK, SK),
                base_url=free_url(),
                dns_base_url=free_url(),
                dns_resolver="127.0.0.1:9",
                poll_interval=0.01,
                wait_timeout=0.1,
                journal=None,
            )
        except ncpcert.DnsError as e:
            code: str = e.code
            names: list[str] = e.names
            ordered: bool = e.ordered
            number: int | None = e.certificate_no
            status: int | None = e.http_status
            cleanup: dict[str, Any] | None = e.cleanup_error
            assert code.startswith("dns.") and not ordered and number is None and names is not None
            assert status is None or status > 0 and cleanup is None
        except OrderError as e:
            assert e.code.startswith("order.")
        else:
            facts: tuple[int, str, str, dict[str, str], bool] = (
                issued.certificate_no, issued.certificate_name, issued.key_pem, issued.files, issued.kept
            )
            records: tuple[ncpcert.TxtRecord, ...] = issued.records + issued.created
            assert facts and records is not None and issued.cleanup_error is None
    record: ncpcert.TxtRecord = ncpcert.TxtRecord.from_dict({"fqdn": "_dnsauth.example.com", "value": "v"})
    published: ncpcert.Published = ncpcert.Published.from_dict(
        {"zones": {"example.com": "example.com"}, "created": [record.to_dict()], "alreadyPresent": [],
         "deleted": [], "absent": [], "servers": ["127.0.0.1:53"]}
    )
    assert published.created == (record,) and record.fqdn == "_dnsauth.example.com"


def renewal() -> None:
    listed: ncpcert.PreparedRequest = ncpcert.list_orders(page=1, page_size=0)
    one: ncpcert.PreparedRequest = ncpcert.get_order("900001")
    orders: ncpcert.OrderList = ncpcert.parse_order_list(
        200, '{"returnCode":"0","orders":[{"orderId":"1","remainingDays":10,"subscriptionEndDt":null}]}'
    )
    order: ncpcert.OrderSubscription | None = orders.find("1")
    details: ncpcert.OrderDetails = ncpcert.parse_order(200, '{"returnCode":"0","orderId":"1","certificates":[]}')
    try:
        ncpcert.expiry("not a certificate")
    except ncpcert.NcpError as e:
        assert e.code == "certificate.invalid"
    expiry: ncpcert.Expiry = ncpcert.Expiry.from_dict(
        {"notBefore": "1970-01-01T00:00:00Z", "notAfter": "1970-04-01T00:00:00Z", "notBeforeMs": 0,
         "notAfterMs": 7_776_000_000, "lifetimeDays": 90, "serialNumber": "01", "names": ["example.com"]}
    )
    decision: ncpcert.RenewalDecision = ncpcert.decide_renewal(
        expiry, order, now_ms=7_000_000_000, days=None, allow_order=False
    )
    action: str = decision.action
    name: str = ncpcert.renewal_name("web-cert", at_least=0, taken=["web-cert-r2"])
    certificates: ncpcert.CertificateList = ncpcert.parse_certificate_list(200, '{"returnCode":"0","orders":[]}')
    rows: list[ncpcert.InventoryRow] = ncpcert.inventory(certificates, orders, {}, now_ms=0)
    assert listed.method == one.method == "GET" and details.order_id == "1"
    assert action == "reissue" and name == "web-cert-r3" and rows == []
    assert expiry.days_left(0) == 90 and not any(r.expires_within(30) for r in rows)


if __name__ == "__main__":
    main()
