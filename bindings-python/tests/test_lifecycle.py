"""The calls after the issuance request (SPEC §12) — ListDcvStatuses, GetCertificateChain,
ListOrganizations — built, signed with ``ncpcert.Signer``, sent with ``http.client`` to the
mock NCP (``tests/mock_ncp/server.py``, stdlib only, which recomputes every signature from the
raw request line and answers 401 otherwise) and parsed; a whole order from the sample CSR to
the certificate files; the README's "From request to certificate files" example run as it is
written; the builders' arguments and the parsers' hostile answers.

The certificates the mock issues are real X.509 (openssl): the files are compared with the PEMs
the mock keeps, and checked with pyca/cryptography when the venv has it, else with the
``openssl`` command."""

from __future__ import annotations

import base64
import dataclasses
import hashlib
import hmac
import http.client
import json
import shutil
import subprocess
import sys
import time
import urllib.parse
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

import ncpcert
from conftest import DATA, MOCK_KEYS, REPO, sample_request

KEYS = MOCK_KEYS
AK, SK = next(iter(KEYS.items()))
SIGNER = ncpcert.Signer(AK, SK)
README = REPO / "bindings-python" / "README.md"
CSR_PEM = (DATA / "sample.csr.pem").read_text()



needs_openssl = pytest.mark.skipif(shutil.which("openssl") is None, reason="the mock issues with openssl")


# --------------------------------------------------------------------------- sending


def send(prepared: ncpcert.PreparedRequest, signer: ncpcert.Signer = SIGNER) -> tuple[int, bytes]:
    """Signs ``prepared`` and sends exactly its method, request-target, headers and body."""
    signed = signer.sign_request(prepared)
    parts = urllib.parse.urlsplit(signed.url)
    assert parts.path + (f"?{parts.query}" if parts.query else "") == signed.path
    connection = http.client.HTTPConnection(parts.hostname or "", parts.port, timeout=10)
    try:
        body = None if signed.body is None else signed.body.encode("utf-8")
        connection.request(signed.method, signed.path, body=body, headers=signed.headers)
        response = connection.getresponse()
        return response.status, response.read()
    finally:
        connection.close()


def exchange(mock: Any, prepared: ncpcert.PreparedRequest, verdict: str) -> tuple[int, bytes]:
    """Sends ``prepared``; the mock verified its signature over the raw request line and
    answered it as ``verdict`` says."""
    status, body = send(prepared)
    seen = mock.requests[-1]
    assert seen.target == prepared.path
    assert seen.status != 401, seen.response
    assert (status, seen.verdict) == (200, verdict), (status, seen.verdict, body)
    return status, body


def order(mock: Any, **fields: Any) -> tuple[int, dict[str, Any]]:
    """Places an order for the sample CSR; its certificate number and the request."""
    request = {**sample_request(), **fields}
    status, body = exchange(mock, ncpcert.prepare(request, base_url=mock.url), "accepted")
    return ncpcert.parse_response(status, body).paid_certificate.certificate_no, request


def dcv(mock: Any, certificate_no: int, domain: str) -> ncpcert.DcvStatuses:
    prepared = ncpcert.list_dcv_statuses(certificate_no, domain, base_url=mock.url)
    status, body = exchange(mock, prepared, "dcv-listed")
    return ncpcert.parse_dcv_statuses(status, body, domain=domain)


def listed(mock: Any, name: str) -> ncpcert.CertificateSummary:
    status, body = exchange(mock, ncpcert.list_advanced_certificates(name, base_url=mock.url), "listed")
    found = ncpcert.parse_certificate_list(status, body, name=name).match
    assert found is not None
    return found


def chain(mock: Any, certificate_no: int) -> ncpcert.CertificateChain:
    status, body = exchange(mock, ncpcert.get_certificate_chain(certificate_no, base_url=mock.url), "chain-sent")
    return ncpcert.parse_certificate_chain(status, body)


def organizations(mock: Any, **filters: Any) -> ncpcert.OrganizationList:
    status, body = exchange(mock, ncpcert.list_organizations(base_url=mock.url, **filters), "orgs-listed")
    return ncpcert.parse_organizations(status, body)


# --------------------------------------------------------------------------- the certificates


def check_certificates(files: dict[str, str], csr_pem: str, names: list[str], tmp_path: Path) -> str:
    """The leaf carries the CSR's public key and names, the SubCA issued it and the root the
    SubCA; with pyca/cryptography when it is installed, else with openssl. Says which."""
    try:
        from cryptography import x509
        from cryptography.hazmat.primitives import serialization
    except ImportError:
        return check_certificates_with_openssl(files, csr_pem, names, tmp_path)
    leaf, sub_ca = x509.load_pem_x509_certificates(files["fullchain.pem"].encode())
    (root,) = x509.load_pem_x509_certificates(files["root.pem"].encode())
    assert leaf == x509.load_pem_x509_certificate(files["cert.pem"].encode())
    assert sub_ca == x509.load_pem_x509_certificate(files["chain.pem"].encode())
    spki = serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo
    csr = x509.load_pem_x509_csr(csr_pem.encode())
    assert leaf.public_key().public_bytes(*spki) == csr.public_key().public_bytes(*spki)
    san = leaf.extensions.get_extension_for_class(x509.SubjectAlternativeName).value
    assert sorted(san.get_values_for_type(x509.DNSName)) == sorted(names)
    leaf.verify_directly_issued_by(sub_ca)
    sub_ca.verify_directly_issued_by(root)
    return "cryptography"


def check_certificates_with_openssl(files: dict[str, str], csr_pem: str, names: list[str], tmp_path: Path) -> str:
    for name, text in files.items():
        (tmp_path / name).write_text(text)
    (tmp_path / "request.csr").write_text(csr_pem)

    def openssl(*args: str, stdin: str | None = None) -> str:
        done = subprocess.run(["openssl", *args], input=stdin, capture_output=True, text=True, check=True, cwd=tmp_path)
        return done.stdout

    assert openssl("x509", "-in", "cert.pem", "-noout", "-pubkey") == openssl(
        "req", "-in", "request.csr", "-noout", "-pubkey"
    )
    san = openssl("x509", "-in", "cert.pem", "-noout", "-ext", "subjectAltName")
    assert sorted(part.strip().removeprefix("DNS:") for part in san.splitlines()[1].split(",")) == sorted(names)
    # fullchain.pem holds two certificates: the leaf, then the SubCA that issued it.
    bundle = openssl("crl2pkcs7", "-nocrl", "-certfile", "fullchain.pem")
    subjects = [line for line in openssl("pkcs7", "-print_certs", "-noout", stdin=bundle).splitlines()
                if line.startswith("subject=")]
    assert len(subjects) == 2 and "www.example.com" in subjects[0] and "Sub CA" in subjects[1]
    verified = openssl("verify", "-CAfile", "root.pem", "-untrusted", "chain.pem", "cert.pem")
    assert verified.strip() == "cert.pem: OK"
    return "openssl"


# --------------------------------------------------------------------------- the whole order


@needs_openssl
def test_a_whole_order_from_the_csr_to_the_files(mock: Any, tmp_path: Path) -> None:
    certificate_no, request = order(mock)
    names = [request["commonName"], *request["dnsName"]]
    domains = ncpcert.validation_domains(names)
    assert domains == ["www.example.com", "example.com"]

    to_publish = []
    for domain in domains:
        answer = dcv(mock, certificate_no, domain)
        assert answer.return_code == "0"
        assert answer.extra["emailVerificationList"] == []
        (record,) = answer.records
        assert record.state == "pending" and record.valid_status_code == "VALID_STATUS_REG"
        assert record.value_field == "txtValue" and record.record_type == "TXT"
        assert record.record_name is not None and record.txt_value is not None
        to_publish.append((record.record_name, record.txt_value))
    # What the package says to publish is what the mock checks for.
    assert sorted(to_publish) == sorted(mock.required_txt(certificate_no))
    assert listed(mock, request["certificateName"]).status == "ONGOING"

    for name, value in to_publish:
        mock.publish_txt(name, value)
    for _ in range(50):  # the mock validates on read: the first poll normally sees NORMAL
        found = listed(mock, request["certificateName"])
        if found.status != "ONGOING":
            break
        time.sleep(0.1)
    assert found.status == "NORMAL" and found.certificate_no == certificate_no
    assert [r.state for d in domains for r in dcv(mock, certificate_no, d).records] == ["success", "success"]

    issued = chain(mock, certificate_no)
    placed = mock.find_order(certificate_no)
    assert issued.subject_common_name == "www.example.com"
    assert issued.certificate == placed.certificatePem
    assert issued.sub_ca_certificate == placed.subCaPem
    assert issued.root_ca_certificate == placed.rootCaPem
    assert issued.files == {
        "cert.pem": placed.certificatePem,
        "chain.pem": placed.subCaPem,
        "fullchain.pem": placed.certificatePem + placed.subCaPem,
        "root.pem": placed.rootCaPem,
    }
    for text in issued.files.values():
        assert "\r" not in text and text.endswith("-----END CERTIFICATE-----\n")
    assert check_certificates(issued.files, CSR_PEM, ["www.example.com", "example.com"], tmp_path)
    assert len(mock.orders) == 1


@needs_openssl
def test_a_failed_validation_shows_in_the_listing_and_the_records(mock: Any) -> None:
    certificate_no, request = order(mock)
    mock.fail_validation(certificate_no)
    assert listed(mock, request["certificateName"]).status == "VALIDATION_FAILED"
    states = [r.state for d in ncpcert.validation_domains(["www.example.com", "example.com"])
              for r in dcv(mock, certificate_no, d).records]
    assert states == ["timeout", "timeout"]
    # No certificate: the mock refuses the chain (a service error of its own, 1007).
    status, body = send(ncpcert.get_certificate_chain(certificate_no, base_url=mock.url))
    assert (status, mock.requests[-1].verdict) == (400, "service:1007")
    with pytest.raises(ncpcert.ServiceError) as info:
        ncpcert.parse_certificate_chain(status, body)
    assert info.value.code == "1007" and info.value.outcome == "final"


def test_a_chain_asked_for_too_early_is_an_error(mock: Any) -> None:
    certificate_no, _ = order(mock)
    status, body = send(ncpcert.get_certificate_chain(certificate_no, base_url=mock.url))
    assert status == 400
    with pytest.raises(ncpcert.ServiceError):
        ncpcert.parse_certificate_chain(status, body)


def test_unknown_certificates_and_wrong_keys_are_refused_by_ncp(mock: Any) -> None:
    status, body = send(ncpcert.list_dcv_statuses(4242, "www.example.com", base_url=mock.url))
    assert (status, mock.requests[-1].verdict) == (400, "service:1006")
    with pytest.raises(ncpcert.ServiceError) as service:
        ncpcert.parse_dcv_statuses(status, body)
    assert service.value.code == "1006"
    wrong = ncpcert.Signer(AK, SK[:-1] + "X")
    for prepared in (
        ncpcert.list_dcv_statuses(1000, "www.example.com", base_url=mock.url),
        ncpcert.get_certificate_chain(1000, base_url=mock.url),
        ncpcert.list_organizations(base_url=mock.url),
    ):
        status, body = send(prepared, wrong)
        assert (status, mock.requests[-1].verdict) == (401, "auth:signature-mismatch")
        for parse in (ncpcert.parse_dcv_statuses, ncpcert.parse_certificate_chain, ncpcert.parse_organizations):
            with pytest.raises(ncpcert.GatewayError) as gateway:
                parse(status, body)
            assert gateway.value.code == "200" and gateway.value.http_status == 401


@needs_openssl
def test_unknown_fields_are_kept_in_extra(start_mock: Callable[..., Any]) -> None:
    mock = start_mock(extra_fields=True)
    certificate_no, request = order(mock)
    unknown = {
        "futureField": {"nested": [1, "x"]},
        "mockNote": "added by the mock (extra_fields): a field no client knows",
    }

    answer = dcv(mock, certificate_no, "www.example.com")
    assert unknown.items() <= answer.extra.items()
    assert unknown.items() <= answer.records[0].extra.items()
    assert answer.records[0].extra["regDate"]  # a field NCP sends that the package does not name

    mock.validate(certificate_no)
    issued = chain(mock, certificate_no)
    assert unknown.items() <= issued.extra.items()
    assert set(issued.files) == {"cert.pem", "chain.pem", "fullchain.pem", "root.pem"}

    listing = organizations(mock)
    assert unknown.items() <= listing.extra.items()
    assert all(unknown.items() <= o.extra.items() for o in listing.organizations)
    assert listing.organizations[0].extra["memberNo"] == "3000001"

    found = listed(mock, request["certificateName"])
    assert unknown.items() <= found.extra.items()


@pytest.mark.parametrize("wrapper", ["envelope", "bare"])
def test_organisations_in_either_wrapper_with_the_validated_marked(
    start_mock: Callable[..., Any], wrapper: str
) -> None:
    mock = start_mock(org_wrapper=wrapper)
    listing = organizations(mock)
    assert mock.requests[-1].body == b"{}"  # NCP requires a body even without filters
    if wrapper == "envelope":
        assert (listing.return_code, listing.list_field, listing.total_rows) == ("0", "organizationInfoList", 3)
    else:
        assert (listing.return_code, listing.list_field, listing.total_rows) == (None, None, None)
    numbers = [o.organization_no for o in listing.organizations]
    assert numbers == [20001, 20002, 20003]
    assert [o.validated for o in listing.organizations] == [True, False, False]
    assert [o.organization_no for o in listing.validated] == [20001]
    first = listing.validated[0]
    assert (first.verification_progress_code, first.verification_progress) == (7, "VALIDATED")
    assert first.organization_name_eng == "Example Corp"
    assert first.business_registration_no == "123-45-67890"
    assert first.verification_type == "BUSINESS_REGISTRATION"
    assert [o.verification_progress for o in listing.organizations[1:]] == ["DOCUMENT_CHECK", "FAILED"]

    only_validated = organizations(mock, verification_progress_code=7)
    assert json.loads(mock.requests[-1].body) == {"verificationProgressCode": 7}
    assert [o.organization_no for o in only_validated.organizations] == [20001]
    by_number = organizations(
        mock, business_registration_no="234-56-78901", organization_name_eng="Documents Pending Corp"
    )
    assert [o.organization_no for o in by_number.organizations] == [20002]
    assert by_number.validated == []
    korean = organizations(mock, organization_name_kor=listing.organizations[0].organization_name_kor)
    assert [o.organization_no for o in korean.organizations] == [20001]


def test_organisations_with_integer_codes(start_mock: Callable[..., Any]) -> None:
    replaced = [
        {"organizationNo": 5, "verificationProgressCode": 7},
        {"organizationNo": "6", "verificationProgressCode": 91},
    ]
    mock = start_mock(organizations={AK: replaced})
    listing = organizations(mock)
    assert [(o.organization_no, o.validated, o.verification_progress) for o in listing.organizations] == [
        (5, True, "VALIDATED"),
        (6, False, "EXPIRED"),
    ]


@pytest.mark.parametrize("field, known", [("someOtherName", False), ("dcvValue", True), ("txtValue", True)])
def test_the_txt_value_under_another_name(start_mock: Callable[..., Any], field: str, known: bool) -> None:
    mock = start_mock(txt_value_field=field)
    certificate_no, _ = order(mock)
    (record,) = dcv(mock, certificate_no, "example.com").records
    (token,) = [value for name, value in mock.required_txt(certificate_no) if name == record.record_name]
    if known:
        assert (record.txt_value, record.value_field) == (token, field)
    else:
        # The core does not know the name: no value, and the field is kept as sent.
        assert (record.txt_value, record.value_field) == (None, None)
        assert record.extra[field] == token
    assert record.txt_name == record.record_name == "_dnsauth.example.com"


def test_a_domain_that_is_not_a_name_of_the_order(mock: Any) -> None:
    certificate_no, _ = order(mock)
    status, body = send(ncpcert.list_dcv_statuses(certificate_no, "other.example.org", base_url=mock.url))
    assert (status, mock.requests[-1].verdict) == (400, "service:1003")
    with pytest.raises(ncpcert.ServiceError):
        ncpcert.parse_dcv_statuses(status, body, domain="other.example.org")


# --------------------------------------------------------------------------- the README example


def readme_snippet(marker: str) -> str:
    """The code block that follows ``<!-- e2e: MARKER -->`` in the README."""
    text = README.read_text(encoding="utf-8")
    start = text.index(f"<!-- e2e: {marker} -->")
    fence = text.index("```python\n", start) + len("```python\n")
    return text[fence : text.index("\n```", fence) + 1]


def readme_lifecycle() -> dict[str, Any]:
    """The README's order (``order_certificate``, over ``place_order``) and, after it, its
    lifecycle example, run in one namespace as a reader would paste them."""
    namespace: dict[str, Any] = {"__name__": "readme"}
    exec(compile(readme_snippet("place-order-requests"), "README order", "exec"), namespace)
    exec(compile(readme_snippet("lifecycle-requests"), "README lifecycle", "exec"), namespace)
    return namespace


@needs_openssl
def test_the_readme_example_issues_and_writes_the_files(
    start_mock: Callable[..., Any], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    mock = start_mock(auto_validate=True)  # validates once each record was read: no DNS to fake
    example = readme_lifecycle()
    out = tmp_path / "certs"
    example["issue"](sample_request(), ncpcert.NcpAuth(AK, SK), out, base_url=mock.url, poll_interval=0.05)
    placed = mock.orders[0]
    assert len(mock.orders) == 1
    assert {p.name: p.read_text() for p in out.iterdir()} == {
        "cert.pem": placed.certificatePem,
        "chain.pem": placed.subCaPem,
        "fullchain.pem": placed.certificatePem + placed.subCaPem,
        "root.pem": placed.rootCaPem,
    }
    printed = capsys.readouterr().out
    for name, value in mock.required_txt(placed.certificateNo):
        assert f'{name} TXT "{value}"' in printed
    assert str(out / "fullchain.pem") in printed
    assert all(r.status != 401 for r in mock.requests)
    assert {r.route for r in mock.requests} == {"issuance", "dcv", "list", "chain"}
    # The files are never overwritten.
    with pytest.raises(FileExistsError):
        example["write_chain_files"](placed.certificateNo, ncpcert.NcpAuth(AK, SK), out, base_url=mock.url)


@needs_openssl
def test_the_readme_pieces_with_records_published_by_hand(mock: Any, tmp_path: Path) -> None:
    example = readme_lifecycle()
    auth = ncpcert.NcpAuth(AK, SK)
    request = sample_request()
    certificate = example["order_certificate"](request, auth, base_url=mock.url)
    records = example["dns_records"](certificate.certificate_no, [request["commonName"], *request["dnsName"]], auth,
                                     base_url=mock.url)
    for record in records:
        mock.publish_txt(record.record_name, record.txt_value)
    issued = example["wait_until_issued"](request["certificateName"], auth, base_url=mock.url, poll_interval=0.05)
    assert issued.status == "NORMAL"
    chain = example["write_chain_files"](certificate.certificate_no, auth, tmp_path, base_url=mock.url)
    assert (tmp_path / "fullchain.pem").read_text() == chain.files["fullchain.pem"]


@needs_openssl
def test_the_readme_example_stops_when_validation_fails(mock: Any) -> None:
    example = readme_lifecycle()
    auth = ncpcert.NcpAuth(AK, SK)
    certificate = example["order_certificate"](sample_request(), auth, base_url=mock.url)
    mock.fail_validation(certificate.certificate_no)
    with pytest.raises(RuntimeError, match="VALIDATION_FAILED"):
        example["wait_until_issued"]("www-example", auth, base_url=mock.url, poll_interval=0.05)


def test_the_readme_example_gives_up_after_wait_timeout(mock: Any) -> None:
    example = readme_lifecycle()
    auth = ncpcert.NcpAuth(AK, SK)
    example["order_certificate"](sample_request(), auth, base_url=mock.url)
    start = time.monotonic()
    with pytest.raises(TimeoutError):
        example["wait_until_issued"]("www-example", auth, base_url=mock.url, poll_interval=0.05, wait_timeout=0.3)
    assert time.monotonic() - start < 5
    polls = [r for r in mock.requests if r.route == "list"]
    assert 1 <= len(polls) <= 8  # with backoff, never faster than poll_interval


# --------------------------------------------------------------------------- builders


def stdlib_signature(method: str, target: str) -> str:
    message = f"{method} {target}\n1700000000000\n{AK}".encode()
    return base64.b64encode(hmac.new(SK.encode(), message, hashlib.sha256).digest()).decode()


@pytest.mark.parametrize(
    "prepared, method, target, body",
    [
        (
            lambda: ncpcert.list_dcv_statuses(55332, "www.example.com", base_url="http://127.0.0.1:9/p"),
            "GET",
            "/p/api/v2/certificate/getVerificationInfo/55332?domainAddress=www.example.com",
            None,
        ),
        (
            lambda: ncpcert.list_dcv_statuses(7, "*.예시.example.com", base_url="http://127.0.0.1:9/p"),
            "GET",
            "/p/api/v2/certificate/getVerificationInfo/7?domainAddress=%2A.%EC%98%88%EC%8B%9C.example.com",
            None,
        ),
        (
            lambda: ncpcert.get_certificate_chain(55332, base_url="http://127.0.0.1:9/p"),
            "GET",
            "/p/api/v2/certificate/exportCertificate/55332/chain",
            None,
        ),
        (
            lambda: ncpcert.list_organizations(base_url="http://127.0.0.1:9/p"),
            "POST",
            "/p/api/v2/organization/getOrganizationInfoList",
            {},
        ),
        (
            lambda: ncpcert.list_organizations(
                organization_name_kor="예시 주식회사",
                organization_name_eng="Example Corp",
                business_registration_no="123-45-67890",
                verification_progress_code=7,
                base_url="http://127.0.0.1:9/p",
            ),
            "POST",
            "/p/api/v2/organization/getOrganizationInfoList",
            {
                "organizationNameKor": "예시 주식회사",
                "organizationNameEng": "Example Corp",
                "businessRegistrationNo": "123-45-67890",
                "verificationProgressCode": 7,
            },
        ),
    ],
    ids=["dcv", "dcv-encoded", "chain", "orgs", "orgs-filtered"],
)
def test_builders_give_the_exact_call_and_sign_it(
    prepared: Callable[[], ncpcert.PreparedRequest], method: str, target: str, body: dict[str, Any] | None
) -> None:
    call = prepared()
    assert (call.method, call.path, call.url) == (method, target, "http://127.0.0.1:9" + target)
    assert call.headers == {"Content-Type": "application/json", "Accept": "application/json"}
    assert (call.body if body is None else json.loads(call.body or "")) == body
    signed = SIGNER.sign_request(call, 1_700_000_000_000)
    assert signed.headers["x-ncp-apigw-signature-v2"] == stdlib_signature(method, target)
    assert signed.body == call.body


def test_sites() -> None:
    assert ncpcert.get_certificate_chain(1).url == (
        "https://certificatemanager.apigw.ntruss.com/api/v2/certificate/exportCertificate/1/chain"
    )
    assert ncpcert.list_dcv_statuses(1, "a.example.com", site="public").url.startswith(
        "https://certificatemanager.apigw.ntruss.com/api/v2/certificate/getVerificationInfo/1?"
    )
    assert ncpcert.list_organizations().url == (
        "https://certificatemanager.apigw.ntruss.com/api/v2/organization/getOrganizationInfoList"
    )


def test_validation_domains() -> None:
    names = ["www.Example.com", "example.com.", "*.example.com", "WWW.example.com", "api.example.com"]
    assert ncpcert.validation_domains(names) == ["www.example.com", "example.com", "api.example.com"]
    assert ncpcert.validation_domains(tuple(names)) == ncpcert.validation_domains(iter(names))
    assert ncpcert.validation_domains([]) == []


BAD_ARGUMENTS: list[tuple[str, Callable[[], object]]] = [
    ("dcv number 0", lambda: ncpcert.list_dcv_statuses(0, "www.example.com")),
    ("dcv number negative", lambda: ncpcert.list_dcv_statuses(-1, "www.example.com")),
    ("dcv number 2**64", lambda: ncpcert.list_dcv_statuses(2**64, "www.example.com")),
    ("dcv number bool", lambda: ncpcert.list_dcv_statuses(True, "www.example.com")),
    ("dcv number str", lambda: ncpcert.list_dcv_statuses("5", "www.example.com")),  # type: ignore[arg-type]
    ("dcv number float", lambda: ncpcert.list_dcv_statuses(5.0, "www.example.com")),  # type: ignore[arg-type]
    ("dcv number None", lambda: ncpcert.list_dcv_statuses(None, "www.example.com")),  # type: ignore[arg-type]
    ("dcv domain empty", lambda: ncpcert.list_dcv_statuses(5, "")),
    ("dcv domain space", lambda: ncpcert.list_dcv_statuses(5, "a b.example.com")),
    ("dcv domain newline", lambda: ncpcert.list_dcv_statuses(5, "a.example.com\n")),
    ("dcv domain NUL", lambda: ncpcert.list_dcv_statuses(5, "a\x00b")),
    ("dcv domain long", lambda: ncpcert.list_dcv_statuses(5, "a" * 300)),
    ("dcv domain bytes", lambda: ncpcert.list_dcv_statuses(5, b"a.example.com")),  # type: ignore[arg-type]
    ("dcv site", lambda: ncpcert.list_dcv_statuses(5, "a.example.com", site="mars")),
    ("dcv site type", lambda: ncpcert.list_dcv_statuses(5, "a.example.com", site=None)),  # type: ignore[arg-type]
    ("dcv base url", lambda: ncpcert.list_dcv_statuses(5, "a.example.com", base_url="ftp://x")),
    ("dcv base url type", lambda: ncpcert.list_dcv_statuses(5, "a.example.com", base_url=5)),  # type: ignore[arg-type]
    ("chain number 0", lambda: ncpcert.get_certificate_chain(0)),
    ("chain number bool", lambda: ncpcert.get_certificate_chain(False)),
    ("chain number str", lambda: ncpcert.get_certificate_chain("1")),  # type: ignore[arg-type]
    ("chain base url", lambda: ncpcert.get_certificate_chain(1, base_url="not a url")),
    ("orgs name empty", lambda: ncpcert.list_organizations(organization_name_kor="")),
    ("orgs name control", lambda: ncpcert.list_organizations(organization_name_eng="a\x07")),
    ("orgs name type", lambda: ncpcert.list_organizations(business_registration_no=123)),  # type: ignore[arg-type]
    ("orgs code bool", lambda: ncpcert.list_organizations(verification_progress_code=True)),
    ("orgs code str", lambda: ncpcert.list_organizations(verification_progress_code="7")),  # type: ignore[arg-type]
    ("orgs code 2**64", lambda: ncpcert.list_organizations(verification_progress_code=2**64)),
    ("orgs site", lambda: ncpcert.list_organizations(site="moon")),
    ("domains str", lambda: ncpcert.validation_domains("www.example.com")),
    ("domains bytes", lambda: ncpcert.validation_domains(b"www.example.com")),  # type: ignore[arg-type]
    ("domains None", lambda: ncpcert.validation_domains(None)),  # type: ignore[arg-type]
    ("domains int item", lambda: ncpcert.validation_domains(["a.example.com", 5])),  # type: ignore[list-item]
    ("parse status str", lambda: ncpcert.parse_dcv_statuses("200", b"{}")),  # type: ignore[arg-type]
    ("parse status bool", lambda: ncpcert.parse_certificate_chain(True, b"{}")),
    ("parse status range", lambda: ncpcert.parse_organizations(70000, b"[]")),
    ("parse status negative", lambda: ncpcert.parse_organizations(-1, b"[]")),
    ("parse body None", lambda: ncpcert.parse_certificate_chain(200, None)),  # type: ignore[arg-type]
    ("parse body int", lambda: ncpcert.parse_organizations(200, 5)),  # type: ignore[arg-type]
    ("parse domain type", lambda: ncpcert.parse_dcv_statuses(200, b"{}", domain=5)),  # type: ignore[arg-type]
]

WRONG_TYPES = {'dcv number bool', 'dcv number str', 'dcv number float', 'dcv number None', 'dcv domain bytes', 'dcv site type', 'dcv base url type', 'chain number bool', 'chain number str', 'orgs name type', 'orgs code bool', 'orgs code str', 'domains str', 'domains bytes', 'domains None', 'domains int item', 'parse status str', 'parse status bool', 'parse body None', 'parse body int', 'parse domain type'}


@pytest.mark.parametrize("call", [c for n, c in BAD_ARGUMENTS if n not in WRONG_TYPES],
                         ids=[n for n, _ in BAD_ARGUMENTS if n not in WRONG_TYPES])
def test_bad_values_raise_ncp_error(call: Callable[[], object]) -> None:
    with pytest.raises(ncpcert.NcpError) as info:
        call()
    error = info.value
    assert type(error) is ncpcert.NcpError  # an argument problem, not an answer of NCP's
    assert error.code in ("argument.invalid", "site.invalid")
    assert error.message


@pytest.mark.parametrize("call", [c for n, c in BAD_ARGUMENTS if n in WRONG_TYPES],
                         ids=[n for n, _ in BAD_ARGUMENTS if n in WRONG_TYPES])
def test_wrong_types_raise_type_error(call: Callable[[], object]) -> None:
    # The package's convention (tests/vectors/README.md): a TypeError for the wrong type.
    with pytest.raises(TypeError):
        call()


def test_a_lone_surrogate_travels_as_u_fffd() -> None:
    # As everywhere in the package: text that has no UTF-8 form is sent with U+FFFD in its place.
    assert ncpcert.list_dcv_statuses(5, "a\ud800b").path.endswith("?domainAddress=a%EF%BF%BDb")


def test_bytes_like_bodies_and_text_bodies() -> None:
    body = '{"returnCode":"0","dnsVerificationList":[{"validStatusCode":"VALID_STATUS_SUCCESS","txtName":"_x"}]}'
    want = ncpcert.parse_dcv_statuses(200, body.encode(), domain="Example.com")
    for given_body in (body, bytearray(body.encode()), memoryview(body.encode())):
        assert ncpcert.parse_dcv_statuses(200, given_body, domain="Example.com") == want
    assert want.records[0].record_name == "_x.example.com"


# --------------------------------------------------------------------------- parsers


def _base64_of(pem_file: Path) -> str:
    """The base64 lines of a real certificate, 64 columns as openssl writes them."""
    return "\n".join(line for line in pem_file.read_text().splitlines() if not line.startswith("-----"))


# Real certificates (the core's order test data): the chain's certificates are parsed as X.509.
LEAF = _base64_of(REPO / "core/tests/data/order/same-key.cert.pem")
SUB = _base64_of(REPO / "core/tests/data/order/other-key.cert.pem")
ROOT = LEAF


def crlf_pem(base64_text: str) -> str:
    crlf = base64_text.replace("\n", "\r\n")
    return f"-----BEGIN CERTIFICATE-----\r\n{crlf}\r\n-----END CERTIFICATE-----"


def lf_pem(base64_text: str) -> str:
    return f"-----BEGIN CERTIFICATE-----\n{base64_text}\n-----END CERTIFICATE-----\n"


def test_the_chain_is_normalised_and_the_files_composed() -> None:
    body = json.dumps({
        "returnCode": "0", "returnMessage": "Success", "totalRows": 0, "subjectCommonName": "www.example.com",
        "certificate": crlf_pem(LEAF), "subCaCertificate": crlf_pem(SUB), "rootCaCertificate": crlf_pem(ROOT),
        "notAfter": "2027-03-01",
    })
    parsed = ncpcert.parse_certificate_chain(200, body)
    assert (parsed.return_code, parsed.return_message, parsed.total_rows) == ("0", "Success", 0)
    assert (parsed.certificate, parsed.sub_ca_certificate, parsed.root_ca_certificate) == (
        lf_pem(LEAF), lf_pem(SUB), lf_pem(ROOT))
    assert parsed.files == {
        "cert.pem": lf_pem(LEAF), "chain.pem": lf_pem(SUB),
        "fullchain.pem": lf_pem(LEAF) + lf_pem(SUB), "root.pem": lf_pem(ROOT),
    }
    assert parsed.extra == {"notAfter": "2027-03-01"}
    with pytest.raises(dataclasses.FrozenInstanceError):
        parsed.certificate = ""  # type: ignore[misc]
    only_leaf = ncpcert.parse_certificate_chain(200, json.dumps({"returnCode": 0, "certificate": crlf_pem(LEAF),
                                                                  "subCaCertificate": None, "rootCaCertificate": ""}))
    assert only_leaf.files == {"cert.pem": lf_pem(LEAF)}
    assert (only_leaf.sub_ca_certificate, only_leaf.root_ca_certificate) == (None, None)


def test_dcv_records_fields_and_states() -> None:
    body = json.dumps({
        "returnCode": 0, "returnMessage": "Success", "totalRows": "3", "dnsVerificationCount": 3,
        "dnsVerificationList": [
            {"validSn": 51, "requestSn": "R-1", "validStatusCode": "VALID_STATUS_REG", "txtName": "_dnsauth",
             "dcvValue": "tok-1", "ttl": 300},
            {"validSn": "52", "validStatusCode": "VALID_STATUS_SUCCESS", "txtName": "_dnsauth.example.com",
             "txtValue": "tok-2"},
            {"validStatusCode": "SOMETHING_NEW", "mysteryValue": "z"},
        ],
        "emailVerificationCount": 0, "emailVerificationList": [],
    })
    answer = ncpcert.parse_dcv_statuses(200, body, domain="*.example.com")
    assert (answer.return_code, answer.total_rows) == ("0", 3)
    assert answer.extra == {"dnsVerificationCount": 3, "emailVerificationCount": 0, "emailVerificationList": []}
    first, second, third = answer.records
    assert (first.valid_sn, first.request_sn, first.state) == ("51", "R-1", "pending")
    assert (first.txt_value, first.value_field, first.record_name) == ("tok-1", "dcvValue", "_dnsauth.example.com")
    assert first.extra == {"dcvValue": "tok-1", "ttl": 300}
    assert (second.state, second.txt_value, second.record_name) == ("success", "tok-2", "_dnsauth.example.com")
    assert (third.state, third.valid_status_code, third.txt_value, third.txt_name) == (
        "unknown", "SOMETHING_NEW", None, None)
    assert third.record_name is None and third.extra == {"mysteryValue": "z"}
    without_domain = ncpcert.parse_dcv_statuses(200, body)
    assert [r.record_name for r in without_domain.records] == [None, None, None]
    empty = ncpcert.parse_dcv_statuses(200, '{"returnCode":"0","dnsVerificationList":null}')
    assert empty.records == ()


def test_organisations_as_one_flat_object_and_in_other_fields() -> None:
    flat = ncpcert.parse_organizations(
        200, '{"organizationNo":"9","organizationNameEng":"Flat","verificationProgressCode":"4"}'
    )
    assert [(o.organization_no, o.verification_progress, o.validated) for o in flat.organizations] == [
        (9, "FINAL_CHECK", False)]
    other = ncpcert.parse_organizations(200, json.dumps({
        "returnCode": "0", "totalCount": 1, "page": 1,
        "someList": [{"organizationNo": 3, "verificationProgressCode": 7, "memberNo": "m"}]}))
    assert (other.list_field, other.total_rows, other.extra) == ("someList", 1, {"page": 1})
    assert other.validated[0].extra == {"memberNo": "m"}
    empty = ncpcert.parse_organizations(200, '{"returnCode":"0","returnMessage":"success"}')
    assert (empty.organizations, empty.validated, empty.return_message) == ((), [], "success")
    no_code = ncpcert.parse_organizations(200, '[{"organizationNo":1,"verificationProgressCode":null}]')
    assert (no_code.organizations[0].verification_progress_code, no_code.organizations[0].verification_progress) == (
        None, "UNKNOWN")


DEEP = b"[" * 100_000 + b"]" * 100_000
GATEWAY = b'{"error":{"errorCode":"200","message":"Authentication Failed"}}'
SERVICE = b'{"returnCode":"1006","returnMessage":"No certificate exists."}'
COMMON: list[tuple[int, bytes, type[ncpcert.ApiError]]] = [
    (200, b"", ncpcert.MalformedResponseError),
    (200, b"<html></html>", ncpcert.MalformedResponseError),
    (200, b"null", ncpcert.MalformedResponseError),
    (200, b"\xff\xfe{}", ncpcert.MalformedResponseError),
    (200, DEEP, ncpcert.MalformedResponseError),
    (200, b'{"returnCode":"0"} trailing', ncpcert.MalformedResponseError),
    (200, b'{"returnCode":"0"' + b', "x":1' * 10 + b"", ncpcert.MalformedResponseError),
    (200, b'{"returnCode":1e400}', ncpcert.MalformedResponseError),
    (401, GATEWAY, ncpcert.GatewayError),
    (400, SERVICE, ncpcert.ServiceError),
    (200, SERVICE, ncpcert.ServiceError),
    (500, b"", ncpcert.HttpError),
    (404, b"<html>Not Found</html>", ncpcert.HttpError),
]
HOSTILE: dict[str, list[tuple[int, bytes, type[ncpcert.ApiError]]]] = {
    "dcv": [
        (200, b"[]", ncpcert.MalformedResponseError),
        (200, b'{"dnsVerificationList":[]}', ncpcert.MalformedResponseError),
        (200, b'{"returnCode":"0","dnsVerificationList":{}}', ncpcert.MalformedResponseError),
        (200, b'{"returnCode":"0","dnsVerificationList":[7]}', ncpcert.MalformedResponseError),
        (200, b'{"returnCode":"0","dnsVerificationList":[{"txtName":["x"]}]}', ncpcert.MalformedResponseError),
        (200, b'{"returnCode":"0","dnsVerificationList":[{"validStatusCode":{}}]}', ncpcert.MalformedResponseError),
    ],
    "chain": [
        (200, b'{"returnCode":"0"}', ncpcert.MalformedResponseError),
        (200, b'{"returnCode":"0","certificate":""}', ncpcert.MalformedResponseError),
        (200, b'{"returnCode":"0","certificate":5}', ncpcert.MalformedResponseError),
        (200, b'{"returnCode":"0","certificate":"not a certificate"}', ncpcert.MalformedResponseError),
        (200, json.dumps({"returnCode": "0", "certificate": "-----BEGIN PRIVATE KEY-----\nMAMCAQE=\n"
                          "-----END PRIVATE KEY-----"}).encode(), ncpcert.MalformedResponseError),
        (200, json.dumps({"returnCode": "0", "certificate": crlf_pem("AAAA")}).encode(),
         ncpcert.MalformedResponseError),
        (200, json.dumps({"returnCode": "0", "certificate": crlf_pem("!!!")}).encode(), ncpcert.MalformedResponseError),
        (200, json.dumps({"returnCode": "0", "certificate": crlf_pem(LEAF)[:-10]}).encode(),
         ncpcert.MalformedResponseError),
        (200, json.dumps({"returnCode": "0", "certificate": crlf_pem(LEAF) + "\ntrailing text"}).encode(),
         ncpcert.MalformedResponseError),
        (200, json.dumps({"returnCode": "0", "certificate": crlf_pem(LEAF), "subCaCertificate": "junk"}).encode(),
         ncpcert.MalformedResponseError),
    ],
    "orgs": [
        (200, b'"text"', ncpcert.MalformedResponseError),
        (200, b"{}", ncpcert.MalformedResponseError),
        (200, b"[1, 2]", ncpcert.MalformedResponseError),
        (200, b'[{"name":"no number"}]', ncpcert.MalformedResponseError),
        (200, b'[{"organizationNo":-1}]', ncpcert.MalformedResponseError),
        (200, b'[{"organizationNo":true}]', ncpcert.MalformedResponseError),
        (200, b'[{"organizationNo":1,"verificationProgressCode":"seven"}]', ncpcert.MalformedResponseError),
        (200, b'{"returnCode":"0","organizationInfoList":{}}', ncpcert.MalformedResponseError),
    ],
}
PARSERS: dict[str, Callable[[int, bytes], object]] = {
    "dcv": lambda status, body: ncpcert.parse_dcv_statuses(status, body, domain="www.example.com"),
    "chain": ncpcert.parse_certificate_chain,
    "orgs": ncpcert.parse_organizations,
}
CASES = [(parser, status, body, cls) for parser, own in HOSTILE.items() for status, body, cls in COMMON + own]


@pytest.mark.parametrize(
    "parser, status, body, cls", CASES, ids=[f"{p}-{i}" for i, (p, _, _, _) in enumerate(CASES)]
)
def test_hostile_answers_raise_api_errors(parser: str, status: int, body: bytes, cls: type[ncpcert.ApiError]) -> None:
    start = time.perf_counter()
    with pytest.raises(ncpcert.ApiError) as info:
        PARSERS[parser](status, body)
    assert time.perf_counter() - start < 2
    error = info.value
    assert type(error) is cls, (type(error), error)
    assert error.http_status == status and error.code and error.hint
    assert error.outcome in ("final", "ambiguous", "resendable")
    if len(body) > 10_000:
        assert len(str(error)) < 10_000  # the body is not echoed whole


JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=20),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4),
    max_leaves=20,
)
FIELDS = st.sampled_from([
    "returnCode", "returnMessage", "totalRows", "dnsVerificationList", "validSn", "txtName", "txtValue",
    "validStatusCode", "certificate", "subCaCertificate", "organizationNo", "verificationProgressCode",
    "organizationInfoList", "files", "state", "validated",
])
ANSWERS = st.one_of(
    JSON.map(lambda v: json.dumps(v).encode()),
    st.dictionaries(FIELDS, JSON, max_size=6).map(lambda d: json.dumps({"returnCode": "0", **d}).encode()),
    st.lists(st.dictionaries(FIELDS, JSON, max_size=5), max_size=3).map(lambda v: json.dumps(v).encode()),
    st.binary(max_size=64),
)


@given(parser=st.sampled_from(sorted(PARSERS)), status=st.sampled_from([200, 201, 400, 401, 429, 500, 504]),
       body=ANSWERS)
def test_any_answer_is_read_or_refused_with_an_api_error(parser: str, status: int, body: bytes) -> None:
    try:
        result = PARSERS[parser](status, body)
    except ncpcert.ApiError as e:
        assert type(e) in (ncpcert.GatewayError, ncpcert.ServiceError, ncpcert.HttpError,
                           ncpcert.MalformedResponseError)
    else:
        assert status < 300
        assert isinstance(result, (ncpcert.DcvStatuses, ncpcert.CertificateChain, ncpcert.OrganizationList))


def test_the_new_names_are_lazy_and_documented() -> None:
    from ncpcert import _models

    for name in ("DcvStatuses", "DcvRecord", "CertificateChain", "OrganizationList", "Organization"):
        assert getattr(ncpcert, name) is getattr(_models, name)
        assert name in ncpcert.__all__
    for name in ("list_dcv_statuses", "parse_dcv_statuses", "validation_domains", "get_certificate_chain",
                 "parse_certificate_chain", "list_organizations", "parse_organizations"):
        function = getattr(ncpcert, name)
        assert name in ncpcert.__all__ and function.__doc__ and function.__module__ == "ncpcert._api"
    code = (
        "import sys, ncpcert\n"
        "ncpcert.list_dcv_statuses, ncpcert.get_certificate_chain, ncpcert.list_organizations\n"
        "print(sorted({'json', 'dataclasses', 'ncpcert._models'} & set(sys.modules)))\n"
    )
    out = subprocess.run([sys.executable, "-I", "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"
