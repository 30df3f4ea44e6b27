"""ListAdvancedCertificates (SPEC §12): the builder, the parser and the outcome classification
that hosts use in their own retry loops. Signatures are checked against the stdlib ``hmac``."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import pickle
import urllib.parse

import pytest

import ncpcert

AK = "EXAMPLEAK0000000NCP1"
SK = "EXAMPLESECRET00000000000000000000NCPSK01"


def rfc3986(value: str) -> str:
    """The stdlib's reading of RFC 3986: only unreserved characters stay as they are."""
    return urllib.parse.quote(value, safe="-._~")


@pytest.mark.parametrize("name", ["www-example", "a b", "a+b", "인증서", "x!'()*~._-", "%41", "a/b?c&d=e#f"])
def test_the_query_is_encoded_once_and_the_url_holds_the_signed_target(name: str) -> None:
    prepared = ncpcert.list_advanced_certificates(name, page=2, page_size=50, base_url="http://127.0.0.1:9/p")
    target = f"/p/api/v2/certificate/getPaidCertificates?certificateName={rfc3986(name)}&page=2&pageSize=50"
    assert prepared.method == "GET"
    assert prepared.path == target
    assert prepared.url == "http://127.0.0.1:9" + target
    assert prepared.body is None
    signed = ncpcert.Signer(AK, SK).sign_request(prepared, 1_700_000_000_000)
    message = f"GET {target}\n1700000000000\n{AK}".encode()
    want = base64.b64encode(hmac.new(SK.encode(), message, hashlib.sha256).digest()).decode()
    assert signed.headers["x-ncp-apigw-signature-v2"] == want
    assert signed.body is None


def test_defaults_and_sites() -> None:
    assert ncpcert.list_advanced_certificates().url == (
        "https://certificatemanager.apigw.ntruss.com/api/v2/certificate/getPaidCertificates"
    )
    assert ncpcert.list_advanced_certificates("n", site="fin").url.startswith(
        "https://certificatemanager.apigw.fin-ntruss.com/"
    )


@pytest.mark.parametrize(
    "kwargs",
    [{"certificate_name": ""}, {"certificate_name": "a\nb"}, {"page": 0}, {"page": -1}, {"page_size": 1001}],
)
def test_bad_arguments_raise_ncp_error(kwargs: dict[str, object]) -> None:
    with pytest.raises(ncpcert.NcpError) as info:
        ncpcert.list_advanced_certificates(**kwargs)  # type: ignore[arg-type]
    assert info.value.code == "argument.invalid"
    assert info.value.message


def test_wrong_types_raise_type_error() -> None:
    with pytest.raises(TypeError):
        ncpcert.list_advanced_certificates(5)  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        ncpcert.list_advanced_certificates(page="1")  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        ncpcert.transport_outcome(written=1)  # type: ignore[arg-type]


def test_old_and_new_field_names_and_exact_matching() -> None:
    body = json.dumps({
        "returnCode": 0,
        "totalRows": "2",
        "orders": [
            {"orderID": 12, "certificates": [{"certificateNo": "9", "certificateName": "www-example",
                                              "dnsName": "a.example.com, b.example.com", "statusCode": "0",
                                              "certificateTypeCode": "NCP_PAID_DV_01", "notAfter": "x"}]},
            {"orderId": "O-2", "certificates": [{"certificateNo": 10, "certificateName": "WWW-EXAMPLE",
                                                 "dnsName": ["c.example.com"], "statusCode": -3,
                                                 "certificateType": "NCP_PAID_OV_01"}]},
        ],
        "page": 1,
    })
    listed = ncpcert.parse_certificate_list(200, body, name="www-example")
    assert listed.return_code == "0"
    assert listed.total_count == 2
    assert listed.extra == {"page": 1}
    assert listed.orders[0].order_id == "12"
    assert listed.match is not None
    assert listed.match.certificate_no == 9
    assert listed.match.dns_names == ("a.example.com", "b.example.com")
    assert listed.match.certificate_type == "NCP_PAID_DV_01"
    assert listed.match.status == "ONGOING"
    assert listed.match.extra == {"notAfter": "x"}
    assert [c.status for c in listed.certificates] == ["ONGOING", "VALIDATION_FAILED"]
    assert ncpcert.parse_certificate_list(200, body.encode(), name="www").match is None
    assert ncpcert.parse_certificate_list(200, body).match is None


@pytest.mark.parametrize(
    "status, body, cls, outcome",
    [
        (429, '{"error":{"errorCode":"410","message":"Throttle Limited"}}', ncpcert.GatewayError, "resendable"),
        (504, '{"error":{"errorCode":"510","message":"Endpoint Timeout"}}', ncpcert.GatewayError, "ambiguous"),
        (401, '{"error":{"errorCode":"200","message":"Authentication Failed"}}', ncpcert.GatewayError, "final"),
        (200, '{"returnCode":"1006","returnMessage":"No certificate exists."}', ncpcert.ServiceError, "final"),
        (400, '{"returnCode":"2000","returnMessage":"The certificate name already exists: a"}',
         ncpcert.ServiceError, "ambiguous"),
        (503, "", ncpcert.HttpError, "ambiguous"),
        (408, "", ncpcert.HttpError, "resendable"),
        (404, "<html></html>", ncpcert.HttpError, "final"),
        (200, '{"returnCode":"0","orders":{}}', ncpcert.MalformedResponseError, "ambiguous"),
    ],
)
def test_every_error_kind_carries_its_outcome(status: int, body: str, cls: type, outcome: str) -> None:
    with pytest.raises(ncpcert.ApiError) as info:
        ncpcert.parse_certificate_list(status, body)
    error = info.value
    assert type(error) is cls
    assert error.outcome == outcome
    assert error.resendable is (outcome == "resendable")
    assert error.ambiguous is (outcome == "ambiguous")
    assert error.retryable is (outcome == "resendable")
    copy = pickle.loads(pickle.dumps(error))
    assert (copy.outcome, copy.ambiguous) == (error.outcome, error.ambiguous)


def test_transport_outcome() -> None:
    assert ncpcert.transport_outcome(written=False) == "resendable"
    assert ncpcert.transport_outcome(written=True) == "ambiguous"
