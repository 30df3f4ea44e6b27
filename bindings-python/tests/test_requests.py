"""SPEC §4/§5: ``tests/vectors/requests.json`` through ``validate`` and ``prepare``; keyword
arguments, enums, ``ValidationError``, sites and base URLs."""

from __future__ import annotations

import json
from collections import Counter
from typing import Any
from urllib.parse import urlsplit

import ncpcert
import pytest
from conftest import DATA, VECTORS, load_json, vectors

REQUEST_VECTORS = vectors("requests.json")
ENDPOINT_PATH = "/api/v2/certificate/requestPaidCertificateIssuance"
PUBLIC = "https://certificatemanager.apigw.ntruss.com"

# The API's JSON names -> the package's snake_case keyword arguments (SPEC §7).
SNAKE = {
    "csr": "csr",
    "certificateType": "certificate_type",
    "certificateName": "certificate_name",
    "commonName": "common_name",
    "dnsName": "dns_name",
    "validationMethod": "validation_method",
    "organizationNo": "organization_no",
    "extra": "extra",
}


def vid(v: dict[str, Any]) -> str:
    return str(v["id"])


def request_of(v: dict[str, Any]) -> dict[str, Any]:
    request = dict(v["request"])
    if "csr_file" in v:
        request["csr"] = (DATA / v["csr_file"]).read_text(encoding="utf-8")
    return request


def triples(findings: Any) -> Counter[tuple[str, str, str]]:
    out: Counter[tuple[str, str, str]] = Counter()
    for f in findings:
        if isinstance(f, dict):
            out[(f["code"], f["field"], f["severity"])] += 1
        else:
            out[(f.code, f.field, f.severity)] += 1
    return out


def ordered(value: Any) -> Any:
    """A JSON value with every object turned into its list of (key, value) pairs, so that
    comparing two of them compares key order too."""
    if isinstance(value, dict):
        return [(k, ordered(v)) for k, v in value.items()]
    if isinstance(value, list):
        return [ordered(v) for v in value]
    return value


def expected_findings(v: dict[str, Any]) -> Counter[tuple[str, str, str]]:
    return triples(v["expect"]["findings"])


def check_finding_shape(findings: Any) -> None:
    for f in findings:
        assert isinstance(f, ncpcert.Finding)
        assert f.severity in ("error", "warning")
        assert f.code and isinstance(f.code, str)
        assert isinstance(f.field, str)
        assert f.message and isinstance(f.message, str)
        assert f.to_dict() == {"code": f.code, "field": f.field, "severity": f.severity, "message": f.message}


def check_prepared(prepared: ncpcert.PreparedRequest, v: dict[str, Any], base: str = PUBLIC) -> None:
    assert prepared.method == "POST"
    # The signed path is the request-target on the wire: a base URL's prefix belongs to it.
    assert prepared.path == urlsplit(base).path.rstrip("/") + ENDPOINT_PATH
    assert prepared.url == base + ENDPOINT_PATH
    headers = {k.lower(): val for k, val in prepared.headers.items()}
    assert headers.get("content-type", "").startswith("application/json")
    assert headers.get("accept") == "application/json"
    expected_warnings = Counter({k: n for k, n in expected_findings(v).items() if k[2] == "warning"})
    assert triples(prepared.warnings) == expected_warnings
    body = json.loads(prepared.body)
    assert isinstance(body, dict)
    if "body" in v["expect"]:
        assert ordered(body) == ordered(v["expect"]["body"])
    # The body is canonical and never carries a private key.
    assert "PRIVATE KEY" not in prepared.body
    assert body["csr"].startswith("-----BEGIN CERTIFICATE REQUEST-----\n")
    assert body["csr"].endswith("-----END CERTIFICATE REQUEST-----\n")
    assert "\r" not in body["csr"]
    assert all(len(line) <= 64 for line in body["csr"].splitlines())


def test_vector_file_description_is_what_this_suite_reads() -> None:
    description = load_json(VECTORS / "requests.json")["description"]
    assert "csr_file" in description and "tests/data/" in description


@pytest.mark.parametrize("v", REQUEST_VECTORS, ids=vid)
def test_validate_vector(v: dict[str, Any]) -> None:
    report = ncpcert.validate(request_of(v), strict=bool(v.get("strict", False)))
    assert isinstance(report, ncpcert.Report)
    assert triples(report.findings) == expected_findings(v)
    assert report.valid is v["expect"]["valid"]
    check_finding_shape(report.findings)
    assert triples(report.errors) == Counter({k: n for k, n in expected_findings(v).items() if k[2] == "error"})
    as_dict = report.to_dict()
    assert as_dict["valid"] is v["expect"]["valid"]
    assert triples(as_dict["findings"]) == expected_findings(v)
    assert json.loads(json.dumps(as_dict)) == as_dict


@pytest.mark.parametrize("v", REQUEST_VECTORS, ids=vid)
def test_prepare_vector(v: dict[str, Any]) -> None:
    request = request_of(v)
    strict = bool(v.get("strict", False))
    if v["expect"]["valid"]:
        prepared = ncpcert.prepare(request, strict=strict)
        check_prepared(prepared, v)
    else:
        with pytest.raises(ncpcert.ValidationError) as info:
            ncpcert.prepare(request, strict=strict)
        error = info.value
        assert isinstance(error, ValueError) and isinstance(error, ncpcert.NcpError)
        errors = error.errors()
        assert isinstance(errors, list)
        for item in errors:
            assert isinstance(item, dict)
            assert set(item) == {"code", "field", "severity", "message"}
            assert item["severity"] == "error"
            assert all(isinstance(x, str) for x in item.values()) and item["message"]
        assert triples(errors) == Counter({k: n for k, n in expected_findings(v).items() if k[2] == "error"})
        assert triples(error.warnings) == Counter(
            {k: n for k, n in expected_findings(v).items() if k[2] == "warning"}
        )
        # The message names every blocking finding's code.
        for code, _field, _sev in expected_findings(v):
            if _sev == "error":
                assert code in str(error)


def test_vector_input_is_not_mutated() -> None:
    for v in REQUEST_VECTORS:
        request = request_of(v)
        snapshot = json.dumps(request)
        ncpcert.validate(request)
        try:
            ncpcert.prepare(request)
        except ncpcert.ValidationError:
            pass
        assert json.dumps(request) == snapshot, v["id"]


# --------------------------------------------------------------------------- keyword arguments

KWARG_IDS = [
    "dv-valid",
    "ov-valid",
    "type-alias-ov",
    "dv-with-organization",
    "dns-duplicate",
    "extra-pass-through",
    "five-mistakes",
    "ov-without-organization",
    "method-email",
    "nulls-are-absent",
]


def by_id(i: str) -> dict[str, Any]:
    return next(v for v in REQUEST_VECTORS if v["id"] == i)


@pytest.mark.parametrize("vector_id", KWARG_IDS)
def test_keyword_arguments(vector_id: str) -> None:
    v = by_id(vector_id)
    kwargs = {SNAKE[k]: val for k, val in request_of(v).items()}
    report = ncpcert.validate(**kwargs)
    assert triples(report.findings) == expected_findings(v)
    assert report.valid is v["expect"]["valid"]
    if v["expect"]["valid"]:
        check_prepared(ncpcert.prepare(**kwargs), v)
    else:
        with pytest.raises(ncpcert.ValidationError) as info:
            ncpcert.prepare(**kwargs)
        assert triples(info.value.errors()) == Counter(
            {k: n for k, n in expected_findings(v).items() if k[2] == "error"}
        )


def test_dict_and_keywords_together_is_a_type_error() -> None:
    v = by_id("dv-valid")
    with pytest.raises(TypeError):
        ncpcert.validate(request_of(v), common_name="www.example.com")  # type: ignore[call-arg]
    with pytest.raises(TypeError):
        ncpcert.prepare(request_of(v), common_name="www.example.com")  # type: ignore[call-arg]


def test_csr_as_bytes_pem_and_der() -> None:
    v = by_id("dv-valid")
    expected_body = v["expect"]["body"]
    request = request_of(v)
    request["csr"] = (DATA / "sample.csr.pem").read_bytes()
    assert ordered(json.loads(ncpcert.prepare(request).body)) == ordered(expected_body)
    # DER of the same CSR (decoded here with the stdlib) gives the same canonical PEM.
    import base64

    pem = (DATA / "sample.csr.pem").read_text()
    b64 = "".join(line for line in pem.splitlines() if line and not line.startswith("-----"))
    request["csr"] = base64.b64decode(b64)
    assert ordered(json.loads(ncpcert.prepare(request).body)) == ordered(expected_body)
    request["csr"] = bytearray(base64.b64decode(b64))
    assert ordered(json.loads(ncpcert.prepare(request).body)) == ordered(expected_body)
    kwargs = {SNAKE[k]: val for k, val in request.items()}
    assert ordered(json.loads(ncpcert.prepare(**kwargs).body)) == ordered(expected_body)


# --------------------------------------------------------------------------- enums and plain strings


def test_enum_values() -> None:
    assert ncpcert.CertificateType.DV.value == "NCP_PAID_DV_01"
    assert ncpcert.CertificateType.OV.value == "NCP_PAID_OV_01"
    assert ncpcert.ValidationMethod.DNS.value == "D"
    assert ncpcert.ValidationMethod.PERSISTENT_DNS.value == "PD"
    # NCP discontinued email validation: not offered as a member, only accepted as "E".
    assert [m.value for m in ncpcert.ValidationMethod] == ["D", "PD"]
    assert not hasattr(ncpcert.ValidationMethod, "EMAIL")


@pytest.mark.parametrize(
    "ctype, method, body_type, body_method",
    [
        (ncpcert.CertificateType.OV, ncpcert.ValidationMethod.PERSISTENT_DNS, "NCP_PAID_OV_01", "PD"),
        (ncpcert.CertificateType.OV, ncpcert.ValidationMethod.DNS, "NCP_PAID_OV_01", "D"),
        ("OV", "PD", "NCP_PAID_OV_01", "PD"),
        ("ov", "pd", "NCP_PAID_OV_01", "PD"),
        ("NCP_PAID_OV_01", "D", "NCP_PAID_OV_01", "D"),
        (ncpcert.CertificateType.DV, ncpcert.ValidationMethod.PERSISTENT_DNS, "NCP_PAID_DV_01", "PD"),
    ],
)
def test_enums_and_plain_strings(ctype: Any, method: Any, body_type: str, body_method: str) -> None:
    csr = (DATA / "sample.csr.pem").read_text()
    common = {"certificateName": "www-example", "commonName": "www.example.com", "dnsName": ["www.example.com", "example.com"]}
    request = {"csr": csr, "certificateType": ctype, "validationMethod": method, **common}
    if body_type.endswith("OV_01"):
        request["organizationNo"] = 42
    for prepared in (
        ncpcert.prepare(request),
        ncpcert.prepare(**{SNAKE[k]: val for k, val in request.items()}),
    ):
        body = json.loads(prepared.body)
        assert body["certificateType"] == body_type
        assert body["validationMethod"] == body_method
        assert body.get("organizationNo") == (42 if body_type.endswith("OV_01") else None)
    assert ncpcert.validate(request).valid is True


def test_email_method_string_warns() -> None:
    csr = (DATA / "sample.csr.pem").read_text()
    report = ncpcert.validate(
        csr=csr,
        certificate_type=ncpcert.CertificateType.DV,
        certificate_name="www-example",
        common_name="www.example.com",
        dns_name=["www.example.com", "example.com"],
        validation_method="E",
    )
    assert report.valid
    assert triples(report.findings) == Counter(
        {("validationMethod.email_discontinued", "validationMethod", "warning"): 1}
    )
    with pytest.raises(ncpcert.ValidationError) as info:
        ncpcert.prepare(
            csr=csr,
            certificate_type="DV",
            certificate_name="www-example",
            common_name="www.example.com",
            dns_name=("www.example.com", "example.com"),
            validation_method="E",
            strict=True,
        )
    assert [e["code"] for e in info.value.errors()] == ["validationMethod.email_discontinued"]
    # `errors` and `warnings` are lists that may also be called: both spellings work alike.
    assert info.value.errors == info.value.errors() and isinstance(info.value.errors, list)
    assert info.value.warnings == info.value.warnings() == []


# --------------------------------------------------------------------------- sites and base URLs


def valid_request() -> dict[str, Any]:
    return request_of(by_id("dv-valid"))


@pytest.mark.parametrize(
    "site, base",
    [
        ("public", "https://certificatemanager.apigw.ntruss.com"),
        ("gov", "https://certificatemanager.apigw.gov-ntruss.com"),
        ("fin", "https://certificatemanager.apigw.fin-ntruss.com"),
    ],
)
def test_sites(site: str, base: str) -> None:
    check_prepared(ncpcert.prepare(valid_request(), site=site), by_id("dv-valid"), base)


@pytest.mark.parametrize(
    "base",
    ["http://127.0.0.1:8080", "https://proxy.example.com/ncp", "http://localhost:1"],
)
def test_base_url(base: str) -> None:
    check_prepared(ncpcert.prepare(valid_request(), base_url=base), by_id("dv-valid"), base)


def test_base_url_with_trailing_slash_has_no_double_slash() -> None:
    prepared = ncpcert.prepare(valid_request(), base_url="https://proxy.example.com/ncp/")
    assert prepared.url in (
        "https://proxy.example.com/ncp" + ENDPOINT_PATH,
        "https://proxy.example.com/ncp/" + ENDPOINT_PATH.lstrip("/"),
    )
    assert "//api" not in prepared.url


@pytest.mark.parametrize("site", ["mars", "PUBLIC-X", "ntruss.com"])
def test_unknown_site(site: str) -> None:
    with pytest.raises(ncpcert.NcpError) as info:
        ncpcert.prepare(valid_request(), site=site)
    assert "site" in str(info.value)


@pytest.mark.parametrize("base", ["ftp://x.example.com", "example.com", "", "http://"])
def test_bad_base_url(base: str) -> None:
    with pytest.raises(ncpcert.NcpError) as info:
        ncpcert.prepare(valid_request(), base_url=base)
    assert "URL" in str(info.value) or "url" in str(info.value)


def test_validation_error_lists_every_error_at_once() -> None:
    v = by_id("five-mistakes")
    with pytest.raises(ncpcert.ValidationError) as info:
        ncpcert.prepare(request_of(v))
    assert len(info.value.errors()) == 5
    assert info.value.code


def test_prepared_and_report_to_dict() -> None:
    prepared = ncpcert.prepare(valid_request())
    d = prepared.to_dict()
    assert d["method"] == "POST" and d["url"] == PUBLIC + ENDPOINT_PATH and d["path"] == ENDPOINT_PATH
    assert d["body"] == prepared.body and d["warnings"] == []
    json.dumps(d)
