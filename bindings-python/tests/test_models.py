"""The model classes against the core's own values: each result's ``to_dict()`` is exactly what
the core returned (same keys, same order, same omissions), ``from_dict`` of it gives the same
result back, and nested values are the public classes."""

from __future__ import annotations

import dataclasses
import json
from typing import Any

import pytest

import ncpcert
import ncpcert._native as native

from conftest import DATA

PEM = (DATA / "sample.csr.pem").read_bytes()
CHAIN_PEM = (DATA.parent.parent / "core" / "tests" / "data" / "order" / "same-key.cert.pem").read_text()

ISSUANCE = json.dumps({
    "returnCode": "0", "returnMessage": "success", "totalRows": 1, "padding": [1, {"a": None}],
    "paidCertificate": {"certificateNo": "7", "requestSn": "R", "certificateName": "n", "statusCode": 0,
                        "statusName": "ONGOING", "regDate": "2026-11-28 17:10:00", "validationMethod": "D",
                        "organizationNo": None, "mystery": True},
}).encode()
LISTING = json.dumps({
    "returnCode": 0, "totalRows": "2", "page": 1,
    "orders": [
        {"orderID": 12, "note": "n", "certificates": [
            {"certificateNo": "9", "certificateName": "www-example", "dnsName": "a.example.com, b.example.com",
             "statusCode": "0", "certificateTypeCode": "NCP_PAID_DV_01", "notAfter": "x"}]},
        {"orderId": "O-2", "certificates": [
            {"certificateNo": 10, "certificateName": "other", "dnsName": ["c.example.com"], "statusCode": 1}]},
    ],
}).encode()
DCV = json.dumps({
    "returnCode": 0, "totalRows": "2", "dnsVerificationCount": 2,
    "dnsVerificationList": [
        {"validSn": 51, "requestSn": "R-1", "validStatusCode": "VALID_STATUS_REG", "txtName": "_dnsauth",
         "dcvValue": "tok-1", "ttl": 300},
        {"validStatusCode": "SOMETHING_NEW", "mysteryValue": "z"},
    ],
}).encode()
ORGANIZATIONS = json.dumps({
    "returnCode": "0", "totalCount": 1, "page": 1,
    "organizationList": [{"organizationNo": 3, "verificationProgressCode": 7, "memberNo": "m"}],
}).encode()
CHAIN = json.dumps({"returnCode": "0", "certificate": CHAIN_PEM, "subCaCertificate": CHAIN_PEM, "x": 1}).encode()


def cases() -> list[tuple[str, Any, dict[str, Any]]]:
    """(name, model, the core's dict of the same call)."""
    request = {
        "csr": PEM.decode(), "certificateType": "DV", "certificateName": "www-example",
        "commonName": "www.example.com", "dnsName": ["www.example.com", "example.com"], "validationMethod": "D",
    }
    return [
        ("report", ncpcert.validate(request), native.validate(request, None, False)),
        ("prepared", ncpcert.prepare(request), native.prepare(request, None, "public", None, False)),
        ("csr", ncpcert.inspect_csr(PEM), native.inspect_csr(PEM)),
        ("issuance", ncpcert.parse_response(200, ISSUANCE), native.parse_response(200, ISSUANCE)),
        ("listing", ncpcert.parse_certificate_list(200, LISTING, name="www-example"),
         native.parse_certificate_list(200, LISTING, "www-example")),
        ("listing without a name", ncpcert.parse_certificate_list(200, LISTING),
         native.parse_certificate_list(200, LISTING, None)),
        ("dcv", ncpcert.parse_dcv_statuses(200, DCV, domain="example.com"),
         native.parse_dcv_statuses(200, DCV, "example.com")),
        ("dcv without a domain", ncpcert.parse_dcv_statuses(200, DCV), native.parse_dcv_statuses(200, DCV, None)),
        ("organizations", ncpcert.parse_organizations(200, ORGANIZATIONS), native.parse_organizations(200, ORGANIZATIONS)),
        ("chain", ncpcert.parse_certificate_chain(200, CHAIN), native.parse_certificate_chain(200, CHAIN)),
    ]


CASES = cases()


@pytest.mark.parametrize(("name", "model", "core"), CASES, ids=[c[0] for c in CASES])
def test_to_dict_is_the_core_value_and_reads_back(name: str, model: Any, core: dict[str, Any]) -> None:
    data = model.to_dict()
    assert data == core
    # The fields in the core's order. The core writes a listing's unknown fields before the
    # `match` it adds; to_dict writes `extra` last: only the named fields' order is the same.
    extra = getattr(model, "extra", {})
    assert [k for k in data if k not in extra] == [k for k in core if k not in extra]
    if not extra:
        assert json.dumps(data) == json.dumps(core)  # the same keys in the same order, nested too
    assert type(model).from_dict(core) == model
    assert type(model).from_dict(data) == model


def test_nested_values_are_the_public_classes() -> None:
    listing = ncpcert.parse_certificate_list(200, LISTING, name="www-example")
    assert type(listing) is ncpcert.CertificateList
    assert type(listing.orders[0]) is ncpcert.CertificateOrder
    assert type(listing.match) is ncpcert.CertificateSummary
    assert all(type(c) is ncpcert.CertificateSummary for c in listing.certificates)
    assert type(ncpcert.parse_response(200, ISSUANCE).paid_certificate) is ncpcert.PaidCertificate
    report = ncpcert.inspect_csr(PEM)
    assert (type(report.subject), type(report.key)) == (ncpcert.CsrSubject, ncpcert.CsrKey)
    assert all(type(e) is ncpcert.SanEntry for e in report.san)
    assert all(type(r) is ncpcert.DcvRecord for r in ncpcert.parse_dcv_statuses(200, DCV).records)
    assert all(type(o) is ncpcert.Organization for o in ncpcert.parse_organizations(200, ORGANIZATIONS).organizations)
    warned = ncpcert.Report.from_dict({"valid": True, "findings": [
        {"code": "dnsName.duplicate", "field": "dnsName[1]", "severity": "warning", "message": "m"}]})
    assert type(warned.findings[0]) is ncpcert.Finding and str(warned.findings[0]).startswith("warning [")


def test_unknown_fields_are_kept_in_extra_at_every_level() -> None:
    listing = ncpcert.parse_certificate_list(200, LISTING, name="www-example")
    assert listing.extra == {"page": 1}
    assert listing.orders[0].extra == {"note": "n"}
    assert listing.match is not None and listing.match.extra == {"notAfter": "x"}
    issued = ncpcert.parse_response(200, ISSUANCE)
    assert issued.extra == {"padding": [1, {"a": None}]}
    assert issued.paid_certificate.extra == {"mystery": True}
    assert ncpcert.parse_certificate_chain(200, CHAIN).extra == {"x": 1}


def test_models_are_frozen_and_lists_are_tuples() -> None:
    listing = ncpcert.parse_certificate_list(200, LISTING, name="www-example")
    assert listing.match is not None and listing.match.dns_names == ("a.example.com", "b.example.com")
    assert isinstance(listing.orders, tuple) and isinstance(listing.orders[0].certificates, tuple)
    with pytest.raises(dataclasses.FrozenInstanceError):
        listing.match.status = "NORMAL"  # type: ignore[misc]
    finding = ncpcert.Finding("domain.underscore", "commonName", "error", "no underscores")
    assert hash(finding) == hash(ncpcert.Finding.from_dict(finding.to_dict()))
    assert repr(finding) == (
        "Finding(code='domain.underscore', field='commonName', severity='error', message='no underscores')"
    )


def test_defaults_of_fields_the_core_may_leave_out() -> None:
    # A value written by an older package, or by hand: missing fields take their defaults.
    record = ncpcert.DcvRecord.from_dict({"validStatusCode": "VALID_STATUS_REG", "state": "pending"})
    assert (record.valid_sn, record.record_name, record.record_type, record.extra) == (None, None, "TXT", {})
    assert "recordName" not in record.to_dict()  # the core leaves it out when it is not known
    with pytest.raises(TypeError):
        ncpcert.Finding.from_dict({"code": "c"})
