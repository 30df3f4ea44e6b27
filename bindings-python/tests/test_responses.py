"""SPEC §6: ``tests/vectors/responses.json`` through ``parse_response``, plus the 10 MB bodies
the vector file asks the suites to generate."""

from __future__ import annotations

import base64
import json
from typing import Any

import ncpcert
import pytest
from conftest import VECTORS, load_json, vectors

RESPONSE_VECTORS = vectors("responses.json")

KINDS: dict[str, type[ncpcert.ApiError]] = {
    "gateway": ncpcert.GatewayError,
    "service": ncpcert.ServiceError,
    "http": ncpcert.HttpError,
    "malformed": ncpcert.MalformedResponseError,
}

TOP_LEVEL = {"returnCode": "return_code", "returnMessage": "return_message", "totalRows": "total_rows", "extra": "extra"}
CERTIFICATE = {
    "certificateNo": "certificate_no",
    "requestSn": "request_sn",
    "certificateName": "certificate_name",
    "statusCode": "status_code",
    "status": "status",
    "statusName": "status_name",
    "regDate": "reg_date",
    "validationMethod": "validation_method",
    "organizationNo": "organization_no",
    "certificateExtra": "extra",
}
ERROR_KEYS = {
    "ok", "kind", "code", "retryable", "outcome", "httpStatus", "message", "details", "messageContains", "hintContains"
}


def vid(v: dict[str, Any]) -> str:
    return str(v["id"])


def body_of(v: dict[str, Any]) -> bytes:
    if "body_base64" in v:
        return base64.b64decode(v["body_base64"])
    return str(v["body"]).encode("utf-8")


def bodies(v: dict[str, Any]) -> list[bytes | str]:
    """Bytes always; the text too when the vector is text (``parse_response`` takes both)."""
    out: list[bytes | str] = [body_of(v)]
    if "body" in v:
        out.append(str(v["body"]))
    return out


def test_description_format_is_what_this_suite_reads() -> None:
    description = load_json(VECTORS / "responses.json")["description"]
    for word in ("certificateExtra", "messageContains", "hintContains", "body_base64", "10 MB"):
        assert word in description


@pytest.mark.parametrize("v", RESPONSE_VECTORS, ids=vid)
def test_response_vector(v: dict[str, Any]) -> None:
    expect = v["expect"]
    for body in bodies(v):
        if expect["ok"]:
            check_success(ncpcert.parse_response(v["http_status"], body), expect)
        else:
            with pytest.raises(ncpcert.ApiError) as info:
                ncpcert.parse_response(v["http_status"], body)
            check_error(info.value, expect)


def check_success(response: ncpcert.IssuanceResponse, expect: dict[str, Any]) -> None:
    assert isinstance(response, ncpcert.IssuanceResponse)
    certificate = response.paid_certificate
    assert isinstance(certificate, ncpcert.PaidCertificate)
    checked = 0
    for key, want in expect.items():
        if key == "ok":
            continue
        if key in TOP_LEVEL:
            got = getattr(response, TOP_LEVEL[key])
        elif key in CERTIFICATE:
            got = getattr(certificate, CERTIFICATE[key])
        else:
            pytest.fail(f"vector key {key!r} not understood by this suite")
        assert got == want, key
        assert type(got) is type(want), (key, got, want)
        checked += 1
    assert checked
    assert type(certificate.certificate_no) is int and type(certificate.status_code) is int


def check_error(error: ncpcert.ApiError, expect: dict[str, Any]) -> None:
    assert set(expect) <= ERROR_KEYS, set(expect) - ERROR_KEYS
    cls = KINDS[expect["kind"]]
    assert type(error) is cls
    assert isinstance(error, ncpcert.NcpError)
    assert error.kind == expect["kind"]
    assert error.code == expect["code"]
    assert error.retryable is expect["retryable"]
    assert error.outcome == expect["outcome"]
    assert error.resendable is (expect["outcome"] == "resendable")
    assert error.ambiguous is (expect["outcome"] == "ambiguous")
    assert error.retryable is error.resendable
    assert error.http_status == expect["httpStatus"]
    if "message" in expect:
        assert error.message == expect["message"]
    if "details" in expect:
        assert error.details == expect["details"]
    if "messageContains" in expect:
        assert expect["messageContains"] in error.message
    if "hintContains" in expect:
        assert expect["hintContains"] in error.hint
    assert error.message and isinstance(error.message, str)
    assert isinstance(error.hint, str) and error.hint
    assert error.details is None or isinstance(error.details, str)
    text = str(error)
    assert error.message in text
    # Every text is bounded, whatever the server sent.
    assert len(error.message) < 2000 and len(error.hint) < 2000 and len(error.details or "") < 2000


# --------------------------------------------------------------------------- 10 MB bodies

TEN_MB = 10 * 1024 * 1024
SUCCESS = {
    "returnCode": "0",
    "returnMessage": "success",
    "totalRows": 1,
    "paidCertificate": {
        "certificateNo": 200123,
        "requestSn": "20261128000123",
        "certificateName": "www-example",
        "statusCode": "0",
        "statusName": "ONGOING",
        "regDate": "2026-11-28 17:10:00",
        "validationMethod": "D",
        "organizationNo": None,
    },
}


def test_ten_mb_success_with_an_unknown_field() -> None:
    document = dict(SUCCESS, padding="p" * TEN_MB)
    response = ncpcert.parse_response(200, json.dumps(document).encode())
    assert response.paid_certificate.certificate_no == 200123
    assert response.paid_certificate.status == "ONGOING"
    assert response.extra == {"padding": "p" * TEN_MB}


@pytest.mark.parametrize(
    "status, body, kind, code, retryable",
    [
        (200, b"x" * TEN_MB, "malformed", "malformed", False),
        (200, b"[" * TEN_MB, "malformed", "malformed", False),
        (200, b"{\"a\":" * (TEN_MB // 5), "malformed", "malformed", False),
        (502, b"<html>" + b"A" * TEN_MB + b"</html>", "http", "502", False),
        (404, "가".encode() * (TEN_MB // 3), "http", "404", False),
        (401, json.dumps({"error": {"errorCode": "200", "message": "M" * TEN_MB, "details": "D" * TEN_MB}}).encode(),
         "gateway", "200", False),
        (400, json.dumps({"returnCode": "1002", "returnMessage": "R" * TEN_MB}).encode(), "service", "1002", False),
        (200, b"\xff" * TEN_MB, "malformed", "malformed", False),
    ],
    ids=["garbage", "nested-arrays", "nested-objects", "html-502", "korean-404", "gateway-huge-texts",
         "service-huge-message", "invalid-utf8"],
)
def test_ten_mb_errors_are_bounded(status: int, body: bytes, kind: str, code: str, retryable: bool) -> None:
    with pytest.raises(ncpcert.ApiError) as info:
        ncpcert.parse_response(status, body)
    error = info.value
    assert type(error) is KINDS[kind]
    assert (error.kind, error.code, error.retryable, error.http_status) == (kind, code, retryable, status)
    for text in (error.message, error.hint, error.details or "", str(error)):
        assert len(text) < 4000


# --------------------------------------------------------------------------- arguments


@pytest.mark.parametrize("body", [bytearray(b""), memoryview(b"")])
def test_bytes_like_bodies(body: Any) -> None:
    with pytest.raises(ncpcert.MalformedResponseError):
        ncpcert.parse_response(200, body)


@pytest.mark.parametrize("status", [-1, 65536, 2**70])
def test_status_out_of_range(status: int) -> None:
    with pytest.raises(ncpcert.NcpError) as info:
        ncpcert.parse_response(status, b"")
    assert "status" in str(info.value)


@pytest.mark.parametrize("status", ["200", 200.0, None, True, [200]])
def test_status_wrong_type(status: Any) -> None:
    with pytest.raises(TypeError, match="status"):
        ncpcert.parse_response(status, b"")


@pytest.mark.parametrize("body", [None, 5, ["x"], {"returnCode": "0"}])
def test_body_wrong_type(body: Any) -> None:
    with pytest.raises(TypeError, match="body"):
        ncpcert.parse_response(200, body)


def test_api_error_hierarchy() -> None:
    for cls in KINDS.values():
        assert issubclass(cls, ncpcert.ApiError) and issubclass(cls, ncpcert.NcpError)
    assert issubclass(ncpcert.ApiError, Exception)
