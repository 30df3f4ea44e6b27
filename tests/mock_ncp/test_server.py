"""Tests of the mock NCP server itself.

Requests are signed here with the standard library (hmac/hashlib/base64), independently of
both ncpcert and the mock, and sent with http.client so the request-target on the wire is
exactly the string given.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import http.client
import importlib.util
import io
import json
import os
import re
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest

HERE = Path(__file__).resolve().parent
REPO = HERE.parent.parent
SERVER_PY = HERE / "server.py"
SAMPLE_CSR = (REPO / "tests" / "data" / "sample.csr.pem").read_text(encoding="ascii")
KEYS = json.loads((HERE / "keys.example.json").read_text(encoding="utf-8"))
AK, SK = next(iter(KEYS.items()))
PATH = "/api/v2/certificate/requestPaidCertificateIssuance"
LIST_PATH = "/api/v2/certificate/getPaidCertificates"
# A second account, for the per-account rules (names, listing).
AK2, SK2 = "SECONDAK000000000NCP2", "SECONDSECRET000000000000000000000NCPSK02"
KEYS2 = {**KEYS, AK2: SK2}
TEST_TIMEOUT_S = 60


def _load_server_module():
    # A unique module name: "server" is too generic to put on sys.path.
    spec = importlib.util.spec_from_file_location("mock_ncp_server", SERVER_PY)
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


srv = _load_server_module()


# ---------------------------------------------------------------------------------------------
# Helpers


@pytest.fixture(autouse=True)
def _bounded():
    """Every test is bounded (pytest-timeout is not a dependency here)."""

    def on_alarm(signum, frame):
        raise TimeoutError(f"test exceeded {TEST_TIMEOUT_S} s")

    old = signal.signal(signal.SIGALRM, on_alarm)
    signal.alarm(TEST_TIMEOUT_S)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, old)


def now_ms() -> int:
    return time.time_ns() // 1_000_000


def signature(method: str, target: str, timestamp: str, access_key: str, secret_key: str) -> str:
    msg = f"{method} {target}\n{timestamp}\n{access_key}".encode("utf-8")
    return base64.b64encode(hmac.new(secret_key.encode("utf-8"), msg, hashlib.sha256).digest()).decode()


def dv_body(**over: Any) -> dict[str, Any]:
    body = {
        "csr": SAMPLE_CSR,
        "certificateType": "NCP_PAID_DV_01",
        "certificateName": "example-dv",
        "commonName": "www.example.com",
        "dnsName": ["www.example.com", "example.com"],
        "validationMethod": "D",
    }
    body.update(over)
    return {k: v for k, v in body.items() if v is not _DROP}


_DROP = object()


class Reply:
    def __init__(self, status: int, headers: dict[str, str], body: bytes):
        self.status, self.headers, self.body = status, headers, body

    def json(self) -> Any:
        return json.loads(self.body)

    def __repr__(self) -> str:
        return f"Reply({self.status}, {self.body[:300]!r})"


def send(base_url: str, body: Any = None, *, method: str = "POST", target: str | None = None,
         sign_method: str | None = None, sign_target: str | None = None,
         timestamp: str | int | None = None, access_key: str = AK, secret_key: str = SK,
         headers: dict[str, str] | None = None, drop: tuple[str, ...] = (),
         raw_body: bytes | None = None, conn: http.client.HTTPConnection | None = None,
         timeout: float = 15) -> Reply:
    """Sign (unless told otherwise) and send one request; return the reply."""
    m = re.fullmatch(r"http://([^/]+):(\d+)(/.*)?", base_url)
    assert m, base_url
    host, port, prefix = m.group(1), int(m.group(2)), m.group(3) or ""
    target = prefix + PATH if target is None else target
    ts = str(now_ms() if timestamp is None else timestamp)
    h = {
        "Content-Type": "application/json",
        "Accept": "application/json",
        "x-ncp-apigw-timestamp": ts,
        "x-ncp-iam-access-key": access_key,
        "x-ncp-apigw-signature-v2": signature(sign_method or method,
                                              target if sign_target is None else sign_target,
                                              ts, access_key, secret_key),
    }
    for name in drop:
        h.pop(name, None)
    h.update(headers or {})
    if raw_body is not None:
        data = raw_body
    elif body is None:
        data = json.dumps(dv_body()).encode()
    else:
        data = json.dumps(body).encode()
    own = conn is None
    c = conn or http.client.HTTPConnection(host, port, timeout=timeout)
    try:
        c.request(method, target, body=data, headers=h)
        r = c.getresponse()
        return Reply(r.status, {k.lower(): v for k, v in r.getheaders()}, r.read())
    finally:
        if own:
            c.close()


@pytest.fixture
def log() -> io.StringIO:
    return io.StringIO()


@pytest.fixture
def mock(log):
    m = srv.start(KEYS, log=log)
    try:
        yield m
    finally:
        m.stop()


def assert_gateway(reply: Reply, status: int, code: str, message: str) -> dict[str, Any]:
    assert reply.status == status, reply
    err = reply.json()["error"]
    assert err["errorCode"] == code and err["message"] == message, reply
    return err


def assert_service(reply: Reply, code: str) -> str:
    assert reply.status == 400, reply
    doc = reply.json()
    assert doc["returnCode"] == code, reply
    assert isinstance(doc["returnMessage"], str) and doc["returnMessage"]
    return doc["returnMessage"]


# ---------------------------------------------------------------------------------------------
# Accepted


def test_valid_dv_request_is_accepted(mock):
    reply = send(mock.url)
    assert reply.status == 200, reply
    assert reply.headers["content-type"].startswith("application/json")
    doc = reply.json()
    assert doc["returnCode"] == "0" and doc["returnMessage"] == "success" and doc["totalRows"] == 1
    cert = doc["paidCertificate"]
    assert cert["certificateNo"] == 1000
    assert re.fullmatch(r"[0-9a-f]{32}", cert["requestSn"])
    assert cert["certificateName"] == "example-dv"
    assert cert["statusCode"] == "0" and cert["statusName"] == "Ongoing"
    assert re.fullmatch(r"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d", cert["regDate"])
    assert cert["validationMethod"] == "D"
    assert "organizationNo" not in cert

    rec = mock.requests[-1]
    assert (rec.method, rec.target, rec.verdict, rec.status) == ("POST", PATH, "accepted", 200)
    assert rec.headers["x-ncp-iam-access-key"] == AK
    assert json.loads(rec.body)["csr"] == SAMPLE_CSR

    again = send(mock.url, dv_body(certificateName="example-dv-2")).json()["paidCertificate"]
    assert again["certificateNo"] == 1001
    assert again["requestSn"] != cert["requestSn"]


def test_valid_ov_request_is_accepted(mock):
    body = dv_body(certificateType="NCP_PAID_OV_01", organizationNo=42, validationMethod="PD")
    cert = send(mock.url, body).json()["paidCertificate"]
    assert cert["organizationNo"] == 42 and cert["validationMethod"] == "PD"


def test_dv_with_organization_no_ignores_it(mock):
    cert = send(mock.url, dv_body(organizationNo=42)).json()["paidCertificate"]
    assert "organizationNo" not in cert


def test_unknown_extra_fields_pass_through(mock):
    assert send(mock.url, dv_body(subscriptionPeriod=12)).status == 200


def test_spec_reference_vector():
    """SPEC §3: the reference signature is accepted when the mock's clock says 1700000000000."""
    with srv.start(KEYS, now_ms=lambda: 1_700_000_000_000, log=io.StringIO()) as m:
        host, port = m.url[len("http://"):].split(":")
        c = http.client.HTTPConnection(host, int(port), timeout=15)
        c.request("POST", PATH, body=json.dumps(dv_body()), headers={
            "Content-Type": "application/json",
            "x-ncp-apigw-timestamp": "1700000000000",
            "x-ncp-iam-access-key": "EXAMPLEAK0000000NCP1",
            "x-ncp-apigw-signature-v2": "QC4FHb9YQpqibbUVDfmpQuu0+bjhcf/RvDNS5mc4hjA=",
        })
        r = c.getresponse()
        assert r.status == 200, r.read()
        assert r.getheader("Date") == "Tue, 14 Nov 2023 22:13:20 GMT"
        assert json.loads(r.read())["paidCertificate"]["regDate"] == "2023-11-15 07:13:20"
        c.close()


def test_query_string_signed_as_sent_is_accepted(mock):
    assert send(mock.url, target=PATH + "?a=b%20c").status == 200


def test_keep_alive_connection_serves_several_requests(mock):
    host, port = mock.url[len("http://"):].split(":")
    c = http.client.HTTPConnection(host, int(port), timeout=15)
    try:
        assert send(mock.url, dv_body(certificateName="a"), conn=c).status == 200
        assert send(mock.url, conn=c, access_key="NOPE").status == 401
        assert send(mock.url, dv_body(certificateName="b"), conn=c).status == 200
    finally:
        c.close()


def test_prefix():
    with srv.start(KEYS, prefix="/p", log=io.StringIO()) as m:
        assert m.url.endswith("/p")
        assert send(m.url).status == 200  # /p/api/v2/…
        assert_gateway(send(m.url, target=PATH), 404, "300", "Not Found")


# ---------------------------------------------------------------------------------------------
# Gateway: routing and authentication


def test_wrong_secret_is_refused(mock):
    err = assert_gateway(send(mock.url, secret_key=SK + "x"), 401, "200", "Authentication Failed")
    assert err["details"].startswith("signature mismatch")
    assert SK not in err["details"]
    assert mock.requests[-1].verdict == "auth:signature-mismatch"


@pytest.mark.parametrize("offset_ms", [-6 * 60_000, 6 * 60_000])
def test_timestamp_six_minutes_off_is_refused(mock, offset_ms):
    err = assert_gateway(send(mock.url, timestamp=now_ms() + offset_ms), 401, "200",
                         "Authentication Failed")
    assert err["details"].startswith("timestamp skew")
    assert mock.requests[-1].verdict == "auth:timestamp-skew"


def test_timestamp_skew_boundary():
    clock = 1_800_000_000_000
    with srv.start(KEYS, now_ms=lambda: clock, log=io.StringIO()) as m:
        assert send(m.url, dv_body(certificateName="a"), timestamp=clock - 299_999).status == 200
        assert send(m.url, dv_body(certificateName="b"), timestamp=clock + 299_999).status == 200
        assert send(m.url, timestamp=clock - 300_000).status == 401
        assert send(m.url, timestamp=clock + 300_000).status == 401


def test_clock_offset_is_applied():
    with srv.start(KEYS, clock_offset_ms=-10 * 60_000, log=io.StringIO()) as m:
        assert send(m.url).status == 401
        assert send(m.url, timestamp=now_ms() - 10 * 60_000).status == 200


def test_timestamp_in_seconds_is_refused(mock):
    assert send(mock.url, timestamp=now_ms() // 1000).status == 401


@pytest.mark.parametrize("ts", ["abc", "-1", "1.7e12", " "])
def test_invalid_timestamp_is_refused(mock, ts):
    reply = send(mock.url, timestamp=ts)
    assert_gateway(reply, 401, "200", "Authentication Failed")
    assert mock.requests[-1].verdict in ("auth:invalid-timestamp", "auth:missing-header")


def test_trailing_slash_is_not_found(mock):
    assert_gateway(send(mock.url, target=PATH + "/"), 404, "300", "Not Found")
    assert mock.requests[-1].verdict == "gateway:not-found"
    # also when signed without it and sent with it
    assert_gateway(send(mock.url, target=PATH + "/", sign_target=PATH), 404, "300", "Not Found")


def test_double_leading_slash_is_not_normalised(mock):
    reply = send(mock.url, target="/" + PATH)
    assert_gateway(reply, 404, "300", "Not Found")
    assert mock.requests[-1].target == "//" + PATH[1:]


@pytest.mark.parametrize("target", ["/", "/api/v2/certificate/requestCertificateIssuance",
                                    PATH.upper(), PATH.replace("/", "%2F", 1)])
def test_other_paths_are_not_found(mock, target):
    assert_gateway(send(mock.url, target=target), 404, "300", "Not Found")


@pytest.mark.parametrize("method", ["GET", "PUT", "DELETE", "post"])
def test_wrong_method_is_not_found(mock, method):
    err = assert_gateway(send(mock.url, method=method), 404, "300", "Not Found")
    assert method in err["details"]


def test_query_reencoded_after_signing_is_refused(mock):
    reply = send(mock.url, target=PATH + "?a=b+c", sign_target=PATH + "?a=b%20c")
    err = assert_gateway(reply, 401, "200", "Authentication Failed")
    assert err["details"].startswith("signature mismatch")
    assert "?a=b+c" in err["details"]  # the details show what the gateway signed


def test_trailing_question_mark_changes_signature(mock):
    assert send(mock.url, target=PATH + "?", sign_target=PATH).status == 401
    assert send(mock.url, target=PATH + "?").status == 200


def test_unknown_access_key_is_refused(mock):
    err = assert_gateway(send(mock.url, access_key="NOSUCHKEY", secret_key=SK), 401, "200",
                         "Authentication Failed")
    assert err["details"].startswith("unknown access key")
    assert mock.requests[-1].verdict == "auth:unknown-key"


@pytest.mark.parametrize("header", ["x-ncp-apigw-timestamp", "x-ncp-iam-access-key",
                                    "x-ncp-apigw-signature-v2"])
def test_missing_header_is_refused(mock, header):
    err = assert_gateway(send(mock.url, drop=(header,)), 401, "200", "Authentication Failed")
    assert header in err["details"]
    assert mock.requests[-1].verdict == "auth:missing-header"


def test_auth_comes_before_body_checks(mock):
    reply = send(mock.url, raw_body=b"not json", secret_key="wrong")
    assert_gateway(reply, 401, "200", "Authentication Failed")


def test_body_too_large(mock):
    host, port = mock.url[len("http://"):].split(":")
    c = http.client.HTTPConnection(host, int(port), timeout=15)
    try:
        reply = send(mock.url, raw_body=b"x" * (srv.MAX_BODY + 1), conn=c)
        assert_gateway(reply, 413, "430", "Request Entity Too Large")
        assert mock.requests[-1].verdict == "gateway:too-large"
        assert send(mock.url, conn=c).status == 200  # drained: the connection is still usable
    finally:
        c.close()


# ---------------------------------------------------------------------------------------------
# Certificate Manager: body rules


@pytest.mark.parametrize("csr,why", [
    (SAMPLE_CSR.replace("\n", "\r\n"), "CR"),
    (SAMPLE_CSR.rstrip("\n"), "end"),
    ("junk\n" + SAMPLE_CSR, "start"),
    (SAMPLE_CSR.replace("CERTIFICATE REQUEST", "NEW CERTIFICATE REQUEST"), "start"),
    (SAMPLE_CSR.replace("\n", "\n\n", 2), "blank"),
    ("-----BEGIN CERTIFICATE REQUEST-----\n"
     + "".join(SAMPLE_CSR.splitlines()[1:-1]) + "\n-----END CERTIFICATE REQUEST-----\n", "at most 64"),
    (SAMPLE_CSR.replace("MIIC", "MII!"), "base64"),
    (SAMPLE_CSR.replace("\nJcjaqJSgu63pi/YvhMUmASwzXnjwTBHBIfpHX/wk3ZyF\n", "\n"), "DER"),
    ("-----BEGIN CERTIFICATE REQUEST-----\n-----END CERTIFICATE REQUEST-----\n", "empty"),
])
def test_invalid_pem_is_refused(mock, csr, why):
    message = assert_service(send(mock.url, dv_body(csr=csr)), "1002")
    assert message.startswith("Invalid PEM format") and why in message
    assert mock.requests[-1].verdict == "service:1002"


def test_crlf_pem_is_refused(mock):
    crlf = SAMPLE_CSR.replace("\n", "\r\n")
    assert_service(send(mock.url, dv_body(csr=crlf)), "1002")


def test_ov_without_organization_no_is_refused(mock):
    body = dv_body(certificateType="NCP_PAID_OV_01")
    message = assert_service(send(mock.url, body), "1001")
    assert "organizationNo" in message


@pytest.mark.parametrize("fieldname", ["csr", "certificateType", "certificateName", "commonName",
                                       "validationMethod"])
def test_missing_field_is_refused(mock, fieldname):
    message = assert_service(send(mock.url, dv_body(**{fieldname: _DROP})), "1001")
    assert fieldname in message


def test_missing_fields_are_all_listed(mock):
    message = assert_service(send(mock.url, {"csr": SAMPLE_CSR}), "1001")
    for f in ("certificateType", "certificateName", "commonName", "validationMethod"):
        assert f in message


@pytest.mark.parametrize("over,fieldname", [
    ({"certificateType": "DV"}, "certificateType"),
    ({"certificateType": "ncp_paid_dv_01"}, "certificateType"),
    ({"certificateName": ""}, "certificateName"),
    ({"certificateName": 7}, "certificateName"),
    ({"certificateName": "a\nb"}, "certificateName"),
    ({"commonName": "www example.com"}, "commonName"),
    ({"validationMethod": "X"}, "validationMethod"),
    ({"validationMethod": "d"}, "validationMethod"),
    ({"dnsName": "www.example.com"}, "dnsName"),
    ({"dnsName": ["ok.example.com", 3]}, "dnsName"),
    ({"csr": 5}, "csr"),
    ({"certificateType": "NCP_PAID_OV_01", "organizationNo": 0}, "organizationNo"),
    ({"certificateType": "NCP_PAID_OV_01", "organizationNo": -3}, "organizationNo"),
    ({"certificateType": "NCP_PAID_OV_01", "organizationNo": "42"}, "organizationNo"),
    ({"certificateType": "NCP_PAID_OV_01", "organizationNo": True}, "organizationNo"),
    ({"certificateType": "NCP_PAID_OV_01", "organizationNo": 4.5}, "organizationNo"),
])
def test_invalid_values_are_refused(mock, over, fieldname):
    message = assert_service(send(mock.url, dv_body(**over)), "1003")
    assert fieldname in message


def test_email_validation_is_discontinued(mock):
    message = assert_service(send(mock.url, dv_body(validationMethod="E")), "1004")
    assert "discontinued" in message


@pytest.mark.parametrize("raw", [b"not json", b"[]", b'{"csr": 1, "csr": 2}', b"\xff\xfe",
                                 b'{"organizationNo": NaN}', b""])
def test_invalid_json_is_refused(mock, raw):
    assert_service(send(mock.url, raw_body=raw), "1000")


@pytest.mark.parametrize("ctype,ok", [("text/plain", False), ("application/x-www-form-urlencoded", False),
                                      ("application/json; charset=utf-8", True),
                                      ("Application/JSON", True)])
def test_content_type(mock, ctype, ok):
    reply = send(mock.url, headers={"Content-Type": ctype})
    if ok:
        assert reply.status == 200, reply
    else:
        assert_service(reply, "1005")


def test_chunked_body_is_read(mock):
    host, port = mock.url[len("http://"):].split(":")
    ts = str(now_ms())
    c = http.client.HTTPConnection(host, int(port), timeout=15)
    try:
        c.request("POST", PATH, body=iter([json.dumps(dv_body()).encode()]), encode_chunked=True,
                  headers={"Content-Type": "application/json", "Transfer-Encoding": "chunked",
                           "x-ncp-apigw-timestamp": ts, "x-ncp-iam-access-key": AK,
                           "x-ncp-apigw-signature-v2": signature("POST", PATH, ts, AK, SK)})
        assert c.getresponse().status == 200
    finally:
        c.close()


# ---------------------------------------------------------------------------------------------
# Faults


def test_fault_throttle(mock):
    reply = send(mock.url, headers={"x-mock-fault": "throttle"})
    assert reply.status == 429
    assert reply.json() == {"error": {"errorCode": "410", "message": "Throttle Limited"}}
    assert mock.requests[-1].verdict == "fault:throttle"


def test_fault_unavailable(mock):
    assert_gateway(send(mock.url, headers={"x-mock-fault": "unavailable"}), 503, "500",
                   "Endpoint Error")


def test_fault_forbidden_empty(mock):
    reply = send(mock.url, headers={"x-mock-fault": "forbidden-empty"})
    assert reply.status == 403 and reply.body == b""
    assert reply.headers["content-length"] == "0"


def test_fault_malformed(mock):
    reply = send(mock.url, headers={"x-mock-fault": "malformed"})
    assert reply.status == 200 and reply.body
    with pytest.raises(ValueError):
        json.loads(reply.body)


def test_fault_slow(mock):
    t0 = time.monotonic()
    reply = send(mock.url, headers={"x-mock-fault": "slow:0.4"})
    assert time.monotonic() - t0 >= 0.4
    assert reply.status == 200  # then answers normally
    rec = mock.requests[-1]
    assert rec.verdict == "accepted" and rec.fault == "slow:0.4"


def test_fault_slow_still_checks_auth(mock):
    assert send(mock.url, headers={"x-mock-fault": "slow:0"}, secret_key="bad").status == 401


def test_fault_comes_before_routing_and_auth(mock):
    reply = send(mock.url, target="/nowhere", drop=("x-ncp-apigw-signature-v2",),
                 headers={"x-mock-fault": "throttle"})
    assert reply.status == 429


@pytest.mark.parametrize("value", ["bogus", "slow", "slow:abc", "slow:-1", "slow:nan", "throttle:2"])
def test_unknown_fault_header_is_bad_request(mock, value):
    assert_gateway(send(mock.url, headers={"x-mock-fault": value}), 400, "100", "Bad Request")
    assert mock.requests[-1].verdict == "gateway:bad-fault"


def test_fault_parsing():
    assert srv.parse_fault("slow:99") == srv.Fault("slow", 30.0)  # bounded to 30 s
    assert srv.parse_fault("SLOW:1.5") == srv.Fault("slow", 1.5)
    assert srv.parse_fault_spec("throttle") == (srv.Fault("throttle"), 1)
    assert srv.parse_fault_spec("malformed:3") == (srv.Fault("malformed"), 3)
    assert srv.parse_fault_spec("slow:2:4") == (srv.Fault("slow", 2.0), 4)
    for bad in ("throttle:0", "throttle:x", "slow:1:2:3", "nope:1", "forbidden-empty:1:1"):
        with pytest.raises(ValueError):
            srv.parse_fault_spec(bad)


def test_queued_faults_apply_to_the_next_requests_in_order():
    with srv.start(KEYS, faults=["throttle:2", "unavailable"], log=io.StringIO()) as m:
        assert [send(m.url).status for _ in range(4)] == [429, 429, 503, 200]
        m.queue_fault("forbidden-empty")
        assert send(m.url, headers={"x-mock-fault": "malformed"}).status == 200  # header wins…
        assert send(m.url).status == 403  # …and leaves the queue alone
        assert send(m.url, dv_body(certificateName="second")).status == 200
        assert [r.verdict for r in m.requests] == [
            "fault:throttle", "fault:throttle", "fault:unavailable", "accepted",
            "fault:malformed", "fault:forbidden-empty", "accepted"]


# ---------------------------------------------------------------------------------------------
# ListAdvancedCertificates


def list_certs(base_url: str, query: str | None = None, **kw: Any) -> Reply:
    """GET the listing, signed over the target with its query, exactly as sent."""
    prefix = re.fullmatch(r"http://[^/]+:\d+(/.*)?", base_url).group(1) or ""
    target = prefix + LIST_PATH + ("" if query is None else "?" + query)
    kw.setdefault("raw_body", b"")
    kw.setdefault("method", "GET")
    return send(base_url, target=target, **kw)


def order(base_url: str, name: str, **kw: Any) -> Reply:
    """Place an order (issuance request) for certificate NAME; other body fields in kw."""
    over = {k: kw.pop(k) for k in list(kw) if k in ("commonName", "dnsName", "certificateType",
                                                    "organizationNo", "validationMethod")}
    return send(base_url, dv_body(certificateName=name, **over), **kw)


def listed_names(reply: Reply) -> list[str]:
    assert reply.status == 200, reply
    return [c["certificateName"] for o in reply.json()["orders"] for c in o["certificates"]]


def test_list_without_orders_is_empty(mock):
    reply = list_certs(mock.url)
    assert reply.status == 200, reply
    assert reply.json() == {"returnCode": "0", "returnMessage": "success", "totalCount": 0,
                            "orders": []}
    rec = mock.requests[-1]
    assert (rec.method, rec.route, rec.verdict, rec.status) == ("GET", "list", "listed", 200)


def test_list_shows_every_order_newest_last(mock):
    placed = [order(mock.url, "first").json()["paidCertificate"],
              order(mock.url, "second", commonName="*.example.org",
                    dnsName=["*.example.org", "example.org"]).json()["paidCertificate"],
              order(mock.url, "third", dnsName=_DROP, certificateType="NCP_PAID_OV_01",
                    organizationNo=42).json()["paidCertificate"]]
    doc = list_certs(mock.url).json()
    assert doc["returnCode"] == "0" and doc["returnMessage"] == "success"
    assert doc["totalCount"] == 3 and len(doc["orders"]) == 3
    assert [o["orderId"] for o in doc["orders"]] == ["900001", "900002", "900003"]
    certs = [o["certificates"] for o in doc["orders"]]
    assert all(len(c) == 1 for c in certs)
    first, second, third = (c[0] for c in certs)
    assert [c["certificateNo"] for c in (first, second, third)] == \
        [p["certificateNo"] for p in placed] == [1000, 1001, 1002]
    assert first == {
        "certificateNo": 1000, "certificateName": "first", "memberNo": "3000001",
        "commonName": "www.example.com", "dnsName": "www.example.com,example.com",
        "statusCode": "0", "statusName": "ONGOING", "certificateType": "NCP_PAID_DV_01",
        "validationMethod": "D", "regDate": placed[0]["regDate"]}
    assert second["commonName"] == "*.example.org"
    assert second["dnsName"] == "*.example.org,example.org"  # a comma-separated String
    assert third["dnsName"] == "" and third["certificateType"] == "NCP_PAID_OV_01"
    assert third["organizationNo"] == 42


def test_list_by_name(mock):
    for name in ("alpha", "beta", "gamma"):
        assert order(mock.url, name).status == 200
    reply = list_certs(mock.url, "certificateName=beta")
    assert listed_names(reply) == ["beta"]
    assert reply.json()["totalCount"] == 1
    assert reply.json()["orders"][0]["certificates"][0]["certificateNo"] == 1001


@pytest.mark.parametrize("query", ["certificateName=web-", "certificateName=we",
                                   "certificateName=WEB-1", "certificateName=web-1x",
                                   "certificateName=eb-1", "certificateName=web-1%20",
                                   "certificateName=nothing"])
def test_list_name_filter_is_an_exact_match(mock, query):
    for name in ("web-1", "web-10", "Web-1"):
        assert order(mock.url, name).status == 200
    reply = list_certs(mock.url, query)
    assert listed_names(reply) == [] and reply.json()["totalCount"] == 0
    assert listed_names(list_certs(mock.url, "certificateName=web-1")) == ["web-1"]
    assert listed_names(list_certs(mock.url, "certificateName=Web-1")) == ["Web-1"]


@pytest.mark.parametrize("query,expected", [
    ("certificateName=my%20cert", "my cert"),
    ("certificateName=%EC%9D%B8%EC%A6%9D%EC%84%9C", "인증서"),
    ("certificateName=%ec%9d%b8%ec%a6%9d%ec%84%9c", "인증서"),  # hex digits in either case
    ("certificateName=a+b", "a+b"),  # "+" is a plus, not a space: no form decoding
    ("certificateName=a%2Bb", "a+b"),
    ("certificateName=a%26b%3Dc", "a&b=c"),
    ("certificate%4Eame=my%20cert", "my cert"),  # names are percent-decoded too
])
def test_list_name_is_percent_decoded(mock, query, expected):
    for name in ("my cert", "인증서", "a+b", "a b", "a&b=c", "my+cert"):
        assert order(mock.url, name).status == 200
    assert listed_names(list_certs(mock.url, query)) == [expected]


@pytest.mark.parametrize("query", ["certificateName=%zz", "certificateName=%E", "certificateName=%",
                                   "certificateName=%C3", "certificateName=%FF"])
def test_list_bad_percent_encoding_is_refused(mock, query):
    message = assert_service(list_certs(mock.url, query), "1003")
    assert message.startswith("Invalid value for certificateName: ")
    assert mock.requests[-1].verdict == "service:1003"


def test_list_signature_covers_the_query(mock):
    assert order(mock.url, "a b").status == 200
    query = "?certificateName=a%20b"
    assert listed_names(list_certs(mock.url, query[1:])) == ["a b"]
    # Signed over the path alone: refused, and the details show the query was signed.
    err = assert_gateway(list_certs(mock.url, query[1:], sign_target=LIST_PATH), 401, "200",
                         "Authentication Failed")
    assert err["details"].startswith("signature mismatch") and query in err["details"]
    # Re-encoded after signing ("%20" signed, "+" sent): refused.
    reply = list_certs(mock.url, "certificateName=a+b", sign_target=LIST_PATH + query)
    assert_gateway(reply, 401, "200", "Authentication Failed")
    # A trailing "?" is part of what is signed.
    assert list_certs(mock.url, "", sign_target=LIST_PATH).status == 401
    assert list_certs(mock.url, "").status == 200


def test_list_is_authenticated_like_the_issuance(mock):
    assert_gateway(list_certs(mock.url, secret_key="wrong"), 401, "200", "Authentication Failed")
    assert_gateway(list_certs(mock.url, drop=("x-ncp-apigw-signature-v2",)), 401, "200",
                   "Authentication Failed")
    assert_gateway(list_certs(mock.url, timestamp=now_ms() - 6 * 60_000), 401, "200",
                   "Authentication Failed")
    assert [r.verdict for r in mock.requests] == [
        "auth:signature-mismatch", "auth:missing-header", "auth:timestamp-skew"]


def test_list_paging_and_total_count(mock):
    for i in range(5):
        assert order(mock.url, f"c{i}").status == 200

    def page(query: str) -> tuple[int, list[str]]:
        reply = list_certs(mock.url, query)
        return reply.json()["totalCount"], listed_names(reply)

    assert page("page=1&pageSize=2") == (5, ["c0", "c1"])
    assert page("page=2&pageSize=2") == (5, ["c2", "c3"])
    assert page("pageSize=2&page=3") == (5, ["c4"])
    assert page("page=4&pageSize=2") == (5, [])
    assert page("pageSize=2") == (5, ["c0", "c1"])  # page defaults to 1
    assert page("page=0&pageSize=2") == (5, ["c0", "c1"])  # page 0 is served as page 1
    # pageSize 0 (the default) means everything: the page number is then ignored.
    assert page("page=2") == (5, [f"c{i}" for i in range(5)])
    assert page("pageSize=0") == (5, [f"c{i}" for i in range(5)])
    assert page("certificateName=c3&pageSize=1") == (1, ["c3"])
    assert page("certificateName=c3&page=2&pageSize=1") == (1, [])
    # Empty values count as absent; unknown parameters are ignored.
    assert page("certificateName=&page=&pageSize=") == (5, [f"c{i}" for i in range(5)])
    assert page("foo=bar&&pageSize=1&sort=desc&") == (5, ["c0"])


@pytest.mark.parametrize("query,fieldname", [
    ("page=-1", "page"), ("page=abc", "page"), ("page=1.5", "page"), ("page=+1", "page"),
    ("page=%201", "page"), ("page=1234567890", "page"), ("pageSize=-5", "pageSize"),
    ("pageSize=ten", "pageSize"), ("pageSize=%EF%BC%91", "pageSize"),  # a full-width "1"
    ("page=1&page=2", "page"), ("certificateName=a&certificateName=b", "certificateName"),
])
def test_list_bad_query_values_are_refused(mock, query, fieldname):
    message = assert_service(list_certs(mock.url, query), "1003")
    assert message.startswith(f"Invalid value for {fieldname}: "), message


def test_parse_list_query():
    q = srv.parse_list_query
    assert q(LIST_PATH) == srv.ListQuery(None, 1, 0)
    assert q(LIST_PATH + "?pageSize=5000&page=3") == srv.ListQuery(None, 3, srv.MAX_PAGE_SIZE)
    assert q(LIST_PATH + "?certificateName=x%2By+z") == srv.ListQuery("x+y+z", 1, 0)
    assert srv.percent_decode("%EC%9D%B8+%20") == "인+ "


def test_list_legacy_field_names():
    with srv.start(KEYS, legacy_fields=True, log=io.StringIO()) as m:
        assert order(m.url, "old").status == 200
        doc = list_certs(m.url, "certificateName=old").json()
        (item,) = doc["orders"]
        assert item["orderID"] == "900001" and "orderId" not in item
        (cert,) = item["certificates"]
        assert cert["certificateTypeCode"] == "NCP_PAID_DV_01" and "certificateType" not in cert
        assert cert["certificateNo"] == "1000"  # a string, as older answers had it
        assert doc["totalCount"] == 1


def test_list_route_answers_get_only(mock):
    for method in ("POST", "PUT", "DELETE", "get"):
        err = assert_gateway(list_certs(mock.url, method=method), 404, "300", "Not Found")
        assert method in err["details"]
    assert list_certs(mock.url, method="HEAD").status == 404
    assert_gateway(send(mock.url, method="GET", target=LIST_PATH + "/", raw_body=b""), 404,
                   "300", "Not Found")
    assert_gateway(send(mock.url, method="GET", target=LIST_PATH.lower(), raw_body=b""), 404,
                   "300", "Not Found")
    assert_gateway(send(mock.url, method="GET", raw_body=b""), 404, "300", "Not Found")
    assert all(r.route is None for r in mock.requests)


def test_list_under_a_prefix():
    with srv.start(KEYS, prefix="/p", log=io.StringIO()) as m:
        assert order(m.url, "x").status == 200
        assert listed_names(list_certs(m.url)) == ["x"]
        assert_gateway(send(m.url, method="GET", target=LIST_PATH, raw_body=b""), 404, "300",
                       "Not Found")


def test_list_ignores_the_body_and_content_type(mock):
    reply = list_certs(mock.url, raw_body=b"not json", headers={"Content-Type": "text/plain"})
    assert reply.status == 200, reply


def test_list_shows_status_changes_made_by_the_test(mock):
    assert order(mock.url, "done").status == 200
    mock.orders[0].statusCode, mock.orders[0].statusName = "1", "NORMAL"
    cert = list_certs(mock.url).json()["orders"][0]["certificates"][0]
    assert (cert["statusCode"], cert["statusName"]) == ("1", "NORMAL")


# ---------------------------------------------------------------------------------------------
# Orders and certificate names


def test_every_accepted_request_is_an_order(mock):
    answer = order(mock.url, "web", commonName="web.example.com",
                   dnsName=["web.example.com", "www.example.com"]).json()["paidCertificate"]
    assert order(mock.url, "web", secret_key="wrong").status == 401  # refused: no order
    assert send(mock.url, dv_body(certificateName="bad", csr="junk")).status == 400
    (o,) = mock.orders
    assert isinstance(o, srv.Order)
    assert (o.orderId, o.accessKey, o.memberNo) == ("900001", AK, "3000001")
    assert (o.certificateNo, o.certificateName) == (answer["certificateNo"], "web")
    assert o.commonName == "web.example.com"
    assert o.dnsName == ["web.example.com", "www.example.com"]
    assert (o.certificateType, o.validationMethod, o.organizationNo) == ("NCP_PAID_DV_01", "D", None)
    assert (o.statusCode, o.statusName) == ("0", "ONGOING")
    assert (o.requestSn, o.regDate) == (answer["requestSn"], answer["regDate"])


def test_certificate_name_is_unique_per_account():
    with srv.start(KEYS2, log=io.StringIO()) as m:
        assert order(m.url, "shared").status == 200
        reply = order(m.url, "shared", commonName="other.example.com")
        assert reply.status == 400
        assert reply.json() == {"returnCode": "2000",
                                "returnMessage": "The certificate name already exists: shared"}
        assert m.requests[-1].verdict == "service:2000"
        assert len(m.orders) == 1  # the refused request placed nothing
        assert order(m.url, "Shared").status == 200  # names are case-sensitive
        assert order(m.url, "인증서").status == 200
        assert assert_service(order(m.url, "인증서"), "2000").endswith(": 인증서")
        # Another account may use the name; each account lists its own orders only.
        second = order(m.url, "shared", access_key=AK2, secret_key=SK2)
        assert second.status == 200, second
        assert len(m.orders) == 4
        mine = list_certs(m.url, "certificateName=shared").json()
        theirs = list_certs(m.url, "certificateName=shared", access_key=AK2, secret_key=SK2).json()
        assert mine["totalCount"] == theirs["totalCount"] == 1
        assert mine["orders"][0]["certificates"][0]["certificateNo"] == 1000
        assert theirs["orders"][0]["certificates"][0]["certificateNo"] == 1003
        assert theirs["orders"][0]["certificates"][0]["memberNo"] == "3000002"
        assert listed_names(list_certs(m.url, access_key=AK2, secret_key=SK2)) == ["shared"]
        assert listed_names(list_certs(m.url)) == ["shared", "Shared", "인증서"]


def test_duplicate_names_can_be_allowed_for_load_tests():
    with srv.start(KEYS, unique_names=False, log=io.StringIO()) as m:
        assert [order(m.url, "same").status for _ in range(3)] == [200, 200, 200]
        assert list_certs(m.url, "certificateName=same").json()["totalCount"] == 3


def test_concurrent_requests_with_one_name_place_one_order(mock):
    import concurrent.futures
    with concurrent.futures.ThreadPoolExecutor(8) as pool:
        statuses = sorted(pool.map(lambda _: order(mock.url, "race").status, range(8)))
    assert statuses == [200] + [400] * 7
    assert len(mock.orders) == 1


# ---------------------------------------------------------------------------------------------
# Faults that place the order, then spoil the answer


def test_fault_placed_then_504(mock):
    reply = order(mock.url, "lost", headers={"x-mock-fault": "placed-then-504"})
    assert reply.status == 504
    assert reply.json() == {"error": {"errorCode": "510", "message": "Endpoint Timeout"}}
    rec = mock.requests[-1]
    assert (rec.verdict, rec.fault, rec.status) == ("accepted", "placed-then-504", 504)
    assert len(mock.orders) == 1 and mock.orders[0].certificateName == "lost"
    # What a careful client does next: look the name up; it is there.
    assert listed_names(list_certs(mock.url, "certificateName=lost")) == ["lost"]
    # A client that blindly resends is told the name exists; still one order.
    assert_service(order(mock.url, "lost"), "2000")
    assert len(mock.orders) == 1


def test_fault_placed_then_504_answers_refusals_as_usual(mock):
    hdr = {"x-mock-fault": "placed-then-504"}
    assert_gateway(order(mock.url, "x", secret_key="wrong", headers=hdr), 401, "200",
                   "Authentication Failed")
    assert_service(send(mock.url, dv_body(csr="junk"), headers=hdr), "1002")
    assert_gateway(send(mock.url, target=PATH + "/", headers=hdr), 404, "300", "Not Found")
    assert mock.orders == []
    assert order(mock.url, "x").status == 200
    assert_service(order(mock.url, "x", headers=hdr), "2000")
    assert len(mock.orders) == 1
    assert [r.fault for r in mock.requests] == ["placed-then-504"] * 3 + [None, "placed-then-504"]


def test_fault_placed_then_close(mock):
    host, port = mock.url[len("http://"):].split(":")
    c = http.client.HTTPConnection(host, int(port), timeout=15)
    try:
        with pytest.raises((http.client.RemoteDisconnected, ConnectionResetError)):
            send(mock.url, dv_body(certificateName="gone"), conn=c,
                 headers={"x-mock-fault": "placed-then-close"})
    finally:
        c.close()
    assert len(mock.orders) == 1 and mock.orders[0].certificateName == "gone"
    rec = mock.requests[-1]
    assert (rec.verdict, rec.fault, rec.status, rec.response) == ("accepted", "placed-then-close",
                                                                  0, b"")
    assert listed_names(list_certs(mock.url)) == ["gone"]  # the mock serves on


def test_fault_placed_then_close_sends_no_byte(mock):
    host, port = mock.url[len("http://"):].split(":")
    ts = str(now_ms())
    data = json.dumps(dv_body()).encode()
    head = (f"POST {PATH} HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
            f"Content-Length: {len(data)}\r\nx-mock-fault: placed-then-close\r\n"
            f"x-ncp-apigw-timestamp: {ts}\r\nx-ncp-iam-access-key: {AK}\r\n"
            f"x-ncp-apigw-signature-v2: {signature('POST', PATH, ts, AK, SK)}\r\n\r\n")
    with socket.create_connection((host, int(port)), timeout=15) as s:
        s.sendall(head.encode() + data)
        received = b""
        try:
            while chunk := s.recv(4096):
                received += chunk
        except ConnectionResetError:
            pass
    assert received == b""
    assert len(mock.orders) == 1


def test_fault_placed_then_stall_exceeds_a_client_timeout(mock):
    t0 = time.monotonic()
    with pytest.raises(socket.timeout):
        order(mock.url, "slowpoke", headers={"x-mock-fault": "placed-then-stall:20"}, timeout=0.5)
    assert time.monotonic() - t0 < 5
    # Placed before the stall began, and recorded as accepted.
    assert len(mock.orders) == 1
    rec = mock.requests[-1]
    assert (rec.verdict, rec.fault, rec.status) == ("accepted", "placed-then-stall:20", 200)
    assert listed_names(list_certs(mock.url, "certificateName=slowpoke")) == ["slowpoke"]


def test_fault_placed_then_stall_then_answers_normally(mock):
    t0 = time.monotonic()
    reply = order(mock.url, "patient", headers={"x-mock-fault": "placed-then-stall:0.4"})
    assert time.monotonic() - t0 >= 0.4
    assert reply.status == 200 and reply.json()["paidCertificate"]["certificateName"] == "patient"
    assert len(mock.orders) == 1


def test_stop_is_not_held_up_by_a_stall():
    import threading
    m = srv.start(KEYS, faults=["placed-then-stall:30"], log=io.StringIO())
    outcome: list[Any] = []

    def client() -> None:
        try:
            outcome.append(order(m.url, "stalled", timeout=40).status)
        except OSError as e:
            outcome.append(e)

    t = threading.Thread(target=client)
    t.start()
    deadline = time.monotonic() + 10
    while not m.orders and time.monotonic() < deadline:
        time.sleep(0.02)
    assert len(m.orders) == 1
    t0 = time.monotonic()
    m.stop()
    assert time.monotonic() - t0 < 3
    t.join(timeout=10)
    assert not t.is_alive() and outcome  # the stall was cut short: answered (or closed)


def test_placed_fault_header_on_a_list_request_is_bad_request(mock):
    reply = list_certs(mock.url, headers={"x-mock-fault": "placed-then-504"})
    err = assert_gateway(reply, 400, "100", "Bad Request")
    assert "issuance" in err["details"]
    assert mock.requests[-1].verdict == "gateway:bad-fault"


@pytest.mark.parametrize("value", ["placed-then-stall", "placed-then-stall:x", "placed-then-504:1",
                                   "throttle@list", "placed-then-504@issuance"])
def test_bad_placed_fault_header_is_bad_request(mock, value):
    assert_gateway(order(mock.url, "x", headers={"x-mock-fault": value}), 400, "100", "Bad Request")
    assert mock.orders == []


def test_pre_faults_apply_to_the_list_route(mock):
    reply = list_certs(mock.url, headers={"x-mock-fault": "malformed"})
    assert reply.status == 200 and reply.body.startswith(b'{"returnCode":"0"')
    assert b'"orders"' in reply.body
    with pytest.raises(ValueError):
        json.loads(reply.body)
    assert list_certs(mock.url, headers={"x-mock-fault": "throttle"}).status == 429
    assert list_certs(mock.url, headers={"x-mock-fault": "unavailable"}).status == 503
    assert list_certs(mock.url, headers={"x-mock-fault": "slow:0"}).status == 200


# ---------------------------------------------------------------------------------------------
# Fault scopes


def test_queued_fault_scopes_keep_lookups_and_issuance_apart():
    with srv.start(KEYS, faults=["placed-then-504", "unavailable:5@list"], log=io.StringIO()) as m:
        assert m.pending_faults() == ["placed-then-504:1@issuance", "unavailable:5@list"]
        assert order(m.url, "cert").status == 504  # passes the list fault by
        assert len(m.orders) == 1
        assert m.pending_faults() == ["unavailable:5@list"]
        assert [list_certs(m.url, "certificateName=cert").status for _ in range(5)] == [503] * 5
        assert m.pending_faults() == []
        assert listed_names(list_certs(m.url, "certificateName=cert")) == ["cert"]
        assert [r.verdict for r in m.requests] == ["accepted"] + ["fault:unavailable"] * 5 + ["listed"]


def test_queued_list_fault_is_not_used_by_issuance():
    with srv.start(KEYS, faults=["unavailable:2@list", "placed-then-close"], log=io.StringIO()) as m:
        assert list_certs(m.url).status == 503
        with pytest.raises((http.client.RemoteDisconnected, ConnectionResetError)):
            order(m.url, "a")
        assert order(m.url, "b").status == 200
        assert list_certs(m.url).status == 503
        assert listed_names(list_certs(m.url)) == ["a", "b"]


def test_queued_faults_scoped_to_issuance_and_any():
    with srv.start(KEYS, faults=["throttle@issuance", "malformed@any"], log=io.StringIO()) as m:
        # A request for no route only takes faults scoped @any.
        assert send(m.url, target="/nowhere").status == 200  # malformed@any
        assert m.pending_faults() == ["throttle:1@issuance"]
        assert list_certs(m.url).status == 200
        assert order(m.url, "x").status == 429
        assert order(m.url, "x").status == 200


def test_queued_placed_fault_is_used_up_by_a_refused_issuance():
    with srv.start(KEYS, faults=["placed-then-504"], log=io.StringIO()) as m:
        assert order(m.url, "x", secret_key="wrong").status == 401
        assert m.requests[-1].fault == "placed-then-504"
        assert m.pending_faults() == []
        assert order(m.url, "x").status == 200


def test_queued_placed_then_stall_with_count():
    with srv.start(KEYS, faults=["placed-then-stall:0.2:2"], log=io.StringIO()) as m:
        assert m.pending_faults() == ["placed-then-stall:0.2:2@issuance"]
        t0 = time.monotonic()
        assert [order(m.url, n).status for n in ("a", "b", "c")] == [200, 200, 200]
        assert time.monotonic() - t0 >= 0.4
        assert [r.fault for r in m.requests] == ["placed-then-stall:0.2"] * 2 + [None]


def test_queued_fault_parsing():
    q = srv.parse_queued_fault
    assert q("placed-then-504") == srv.QueuedFault(srv.Fault("placed-then-504"), 1, "issuance")
    assert q("unavailable:5@list") == srv.QueuedFault(srv.Fault("unavailable"), 5, "list")
    assert q("throttle") == srv.QueuedFault(srv.Fault("throttle"), 1, "any")
    assert q("slow:2:3@Issuance") == srv.QueuedFault(srv.Fault("slow", 2.0), 3, "issuance")
    assert q("placed-then-stall:99") == srv.QueuedFault(srv.Fault("placed-then-stall", 30.0), 1,
                                                        "issuance")
    assert q("placed-then-close:2@issuance").count == 2
    assert srv.parse_fault_spec("unavailable:5@list") == (srv.Fault("unavailable"), 5)
    for bad in ("placed-then-504@list", "placed-then-close@any", "throttle@", "throttle@nowhere",
                "placed-then-stall", "placed-then-stall:1:2:3", "placed-then-504:0",
                "unavailable:5@list@list"):
        with pytest.raises(ValueError):
            q(bad)
    assert srv.parse_fault("placed-then-stall:1.5") == srv.Fault("placed-then-stall", 1.5)


def test_bad_queued_fault_is_refused_by_start():
    with pytest.raises(ValueError):
        srv.start(KEYS, faults=["placed-then-504@list"])


# ---------------------------------------------------------------------------------------------
# Logging


def test_one_log_line_per_request_without_secrets(mock, log):
    send(mock.url)
    send(mock.url, secret_key="wrong")
    send(mock.url, target=PATH + "/x")
    lines = log.getvalue().splitlines()
    assert len(lines) == 3, lines
    assert f"POST {PATH} -> 200 accepted" in lines[0]
    assert "401 auth:signature-mismatch" in lines[1]
    assert "404 gateway:not-found" in lines[2]
    text = log.getvalue()
    assert SK not in text and "wrong" not in text


def test_log_lines_for_listing_and_placed_faults(mock, log):
    list_certs(mock.url, "certificateName=a%20b")
    with pytest.raises(ConnectionError):
        order(mock.url, "x", headers={"x-mock-fault": "placed-then-close"})
    lines = log.getvalue().splitlines()
    assert f"GET {LIST_PATH}?certificateName=a%20b -> 200 listed" in lines[0]
    assert f"POST {PATH} -> closed accepted [placed-then-close]" in lines[1]


# ---------------------------------------------------------------------------------------------
# Standalone


def _run_standalone(tmp_path: Path, *extra: str):
    ready = tmp_path / "ready"
    proc = subprocess.Popen([sys.executable, str(SERVER_PY), "--port", "0", "--keys",
                             str(HERE / "keys.example.json"), "--ready-file", str(ready), *extra],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 15
    while not ready.exists():
        if proc.poll() is not None:
            raise AssertionError(f"server exited: {proc.communicate()}")
        if time.monotonic() > deadline:
            proc.kill()
            raise AssertionError("server did not become ready")
        time.sleep(0.05)
    return proc, ready.read_text().strip()


def _terminate(proc: subprocess.Popen) -> tuple[str, str]:
    proc.terminate()
    try:
        out, err = proc.communicate(timeout=10)
    except subprocess.TimeoutExpired:
        proc.kill()
        out, err = proc.communicate(timeout=10)
    return out, err


def test_standalone(tmp_path):
    proc, url = _run_standalone(tmp_path)
    try:
        assert re.fullmatch(r"http://127\.0\.0\.1:\d+", url)
        reply = send(url)
        assert reply.status == 200, reply
        assert reply.json()["paidCertificate"]["certificateNo"] == 1000
    finally:
        out, err = _terminate(proc)
    assert out.splitlines()[0] == f"mock-ncp listening on {url}"
    assert proc.returncode == 0
    assert f"POST {PATH} -> 200 accepted" in err
    assert SK not in out + err


def test_standalone_with_fault_and_prefix(tmp_path):
    proc, url = _run_standalone(tmp_path, "--fault", "throttle", "--prefix", "/p")
    try:
        assert url.endswith("/p")
        assert send(url).status == 429
        assert send(url).status == 200
    finally:
        _terminate(proc)


def test_standalone_bad_keys_file(tmp_path):
    bad = tmp_path / "keys.json"
    bad.write_text("[]")
    proc = subprocess.run([sys.executable, str(SERVER_PY), "--port", "0", "--keys", str(bad)],
                          capture_output=True, text=True, timeout=15)
    assert proc.returncode == 2 and "keys" in proc.stderr


def test_standalone_with_scoped_faults_and_legacy_fields(tmp_path):
    proc, url = _run_standalone(tmp_path, "--fault", "placed-then-504", "--fault",
                                "unavailable:1@list", "--legacy-fields")
    try:
        assert list_certs(url).status == 503
        assert order(url, "cli").status == 504
        doc = list_certs(url, "certificateName=cli").json()
        assert doc["orders"][0]["orderID"] == "900001"
        assert doc["orders"][0]["certificates"][0]["certificateNo"] == "1000"
        assert_service(order(url, "cli"), "2000")
    finally:
        out, err = _terminate(proc)
    assert proc.returncode == 0
    assert f"POST {PATH} -> 504 accepted [placed-then-504]" in err
    assert f"GET {LIST_PATH}?certificateName=cli -> 200 listed" in err


def test_standalone_allow_duplicate_names(tmp_path):
    proc, url = _run_standalone(tmp_path, "--allow-duplicate-names")
    try:
        assert [order(url, "same").status for _ in range(2)] == [200, 200]
    finally:
        _terminate(proc)


@pytest.mark.parametrize("spec", ["placed-then-504@list", "unavailable@nowhere",
                                  "placed-then-stall"])
def test_standalone_bad_fault_exits_2(spec):
    proc = subprocess.run([sys.executable, str(SERVER_PY), "--port", "0", "--fault", spec],
                          capture_output=True, text=True, timeout=15)
    assert proc.returncode == 2 and "mock-ncp:" in proc.stderr, proc.stderr


# ---------------------------------------------------------------------------------------------
# ListDcvStatuses, GetCertificateChain, ListOrganizations: helpers

DCV_PATH = "/api/v2/certificate/getVerificationInfo/"
CHAIN_PATH = "/api/v2/certificate/exportCertificate/{}/chain"
ORGS_PATH = "/api/v2/organization/getOrganizationInfoList"
# Answer keys, in the order the mock sends them.
DCV_KEYS = ["returnCode", "returnMessage", "totalRows", "dnsVerificationCount",
            "dnsVerificationList", "emailVerificationCount", "emailVerificationList"]
DCV_ITEM_KEYS = ["validSn", "requestSn", "validStatusCode", "txtName", "txtValue", "regDate"]
CHAIN_KEYS = ["returnCode", "returnMessage", "totalRows", "subjectCommonName", "certificate",
              "subCaCertificate", "rootCaCertificate"]
ORG_KEYS = ["organizationNo", "memberNo", "organizationNameKor", "organizationNameEng",
            "businessRegistrationNo", "verificationType", "verificationProgressCode"]
EXTRAS = {"futureField": {"nested": [1, "x"]}}


def _prefix_of(base_url: str) -> str:
    return re.fullmatch(r"http://[^/]+:\d+(/.*)?", base_url).group(1) or ""


def get_dcv(base_url: str, no: int | str, query: str | None = "domainAddress=www.example.com",
            **kw: Any) -> Reply:
    """ListDcvStatuses, signed over the target with its query, exactly as sent."""
    target = _prefix_of(base_url) + DCV_PATH + str(no) + ("" if query is None else "?" + query)
    kw.setdefault("raw_body", b"")
    kw.setdefault("method", "GET")
    return send(base_url, target=target, **kw)


def get_chain(base_url: str, no: int | str, **kw: Any) -> Reply:
    kw.setdefault("raw_body", b"")
    kw.setdefault("method", "GET")
    return send(base_url, target=_prefix_of(base_url) + CHAIN_PATH.format(no), **kw)


def list_orgs(base_url: str, body: Any = None, **kw: Any) -> Reply:
    if "raw_body" not in kw:
        kw["raw_body"] = json.dumps({} if body is None else body).encode()
    kw.setdefault("target", _prefix_of(base_url) + ORGS_PATH)
    return send(base_url, **kw)


def hook(base_url: str, path: str, doc: Any = None, *, raw: bytes | None = None,
         method: str = "POST") -> Reply:
    """Call a /_mock/ hook: unsigned."""
    m = re.fullmatch(r"http://([^/]+):(\d+)(/.*)?", base_url)
    c = http.client.HTTPConnection(m.group(1), int(m.group(2)), timeout=15)
    try:
        data = raw if raw is not None else json.dumps(doc).encode()
        c.request(method, (m.group(3) or "") + path, body=data,
                  headers={"Content-Type": "application/json"})
        r = c.getresponse()
        return Reply(r.status, {k.lower(): v for k, v in r.getheaders()}, r.read())
    finally:
        c.close()


def place(base_url: str, name: str = "web", **kw: Any) -> int:
    """Place an order; return its certificateNo."""
    reply = order(base_url, name, **kw)
    assert reply.status == 200, reply
    return reply.json()["paidCertificate"]["certificateNo"]


def dcv_item(reply: Reply) -> dict[str, Any]:
    assert reply.status == 200, reply
    (item,) = reply.json()["dnsVerificationList"]
    return item


def publish_all(mock, no: int) -> list[Any]:
    validated = []
    for name, value in mock.required_txt(no):
        validated += mock.publish_txt(name, value)
    return validated


def status_of(base_url: str, name: str, **kw: Any) -> tuple[str, str]:
    cert = list_certs(base_url, f"certificateName={name}", **kw).json()["orders"][0]["certificates"][0]
    return cert["statusCode"], cert["statusName"]


def openssl(*args: str, cwd: Path | None = None) -> str:
    proc = subprocess.run(["openssl", *args], capture_output=True, text=True, timeout=30, cwd=cwd)
    assert proc.returncode == 0, proc.stderr
    return proc.stdout


def lf_pem(crlf: str) -> str:
    """What a client writes: the answer's PEM with LF line breaks and a final newline."""
    return crlf.replace("\r\n", "\n") + "\n"


# A CSR whose signature does not verify: one base64 character of the signature changed. Still
# canonical PEM and one DER SEQUENCE, so the issuance request is accepted.
_LAST_B64 = SAMPLE_CSR.splitlines()[-2]
BAD_SIGNATURE_CSR = SAMPLE_CSR.replace(_LAST_B64, ("K" if _LAST_B64[0] != "K" else "L") + _LAST_B64[1:])


# ---------------------------------------------------------------------------------------------
# ListDcvStatuses


def test_dcv_answer(mock):
    no = place(mock.url)
    reply = get_dcv(mock.url, no)
    assert reply.status == 200, reply
    assert reply.headers["content-type"].startswith("application/json")
    doc = reply.json()
    assert list(doc) == DCV_KEYS
    assert (doc["returnCode"], doc["returnMessage"], doc["totalRows"]) == ("0", "success", 1)
    assert (doc["dnsVerificationCount"], doc["emailVerificationCount"],
            doc["emailVerificationList"]) == (1, 0, [])
    item = dcv_item(reply)
    assert list(item) == DCV_ITEM_KEYS
    o = mock.orders[0]
    www = o.dcv_record("www.example.com")
    assert item == {"validSn": www.validSn, "requestSn": o.requestSn,
                    "validStatusCode": "VALID_STATUS_REG", "txtName": "_dnsauth.www.example.com",
                    "txtValue": www.token, "regDate": o.regDate}
    assert isinstance(item["validSn"], int)  # an Integer since 2026-09-17
    assert re.fullmatch(r"[A-Za-z0-9_-]{32}", item["txtValue"])
    rec = mock.requests[-1]
    assert (rec.route, rec.verdict, rec.status) == ("dcv", "dcv-listed", 200)


def test_dcv_records_per_base_domain_and_stable_tokens(mock):
    no = place(mock.url, "wild", commonName="*.example.org",
               dnsName=["*.example.org", "example.org", "www.example.org"])
    o = mock.find_order(no)
    assert [(r.baseDomain, r.txtName) for r in o.dcvRecords] == [
        ("example.org", "_dnsauth.example.org"), ("www.example.org", "_dnsauth.www.example.org")]
    assert mock.required_txt(no) == [(r.txtName, r.token) for r in o.dcvRecords]
    assert len({r.validSn for r in o.dcvRecords}) == 2
    wild = dcv_item(get_dcv(mock.url, no, "domainAddress=*.example.org"))
    apex = dcv_item(get_dcv(mock.url, no, "domainAddress=example.org"))
    again = dcv_item(get_dcv(mock.url, no, "domainAddress=%2A.example.org"))
    assert wild == apex == again  # one record for *.example.org and example.org, stable token
    www = dcv_item(get_dcv(mock.url, no, "domainAddress=www.example.org"))
    assert www["txtName"] == "_dnsauth.www.example.org" and www["txtValue"] != wild["txtValue"]
    # Another order for the same domain has its own token.
    other = place(mock.url, "wild2", commonName="example.org", dnsName=_DROP)
    theirs = dcv_item(get_dcv(mock.url, other, "domainAddress=example.org"))
    assert theirs["txtName"] == apex["txtName"] and theirs["txtValue"] != apex["txtValue"]
    assert theirs["validSn"] != apex["validSn"] and theirs["requestSn"] != apex["requestSn"]


@pytest.mark.parametrize("query", ["domainAddress=WWW.Example.COM", "domainAddress=www.example.com.",
                                   "domainAddress=example.com", "domainAddress=www%2Eexample%2Ecom",
                                   "foo=bar&domainAddress=www.example.com&x="])
def test_dcv_domain_address_matching(mock, query):
    no = place(mock.url)
    assert dcv_item(get_dcv(mock.url, no, query))["txtName"].startswith("_dnsauth.")


@pytest.mark.parametrize("query", ["domainAddress=other.example.com", "domainAddress=*.example.com",
                                   "domainAddress=www.example.com..", "domainAddress=www+example.com",
                                   "domainAddress=com"])
def test_dcv_domain_address_not_a_name_of_the_order(mock, query):
    no = place(mock.url)
    message = assert_service(get_dcv(mock.url, no, query), "1003")
    assert message.startswith("Invalid value for domainAddress: ")
    assert mock.requests[-1].verdict == "service:1003"


@pytest.mark.parametrize("query", [None, "", "domainAddress=", "domainaddress=www.example.com",
                                   "foo=bar"])
def test_dcv_domain_address_is_required(mock, query):
    no = place(mock.url)
    message = assert_service(get_dcv(mock.url, no, query), "1001")
    assert message == "Required parameter is missing: domainAddress"


@pytest.mark.parametrize("query", ["domainAddress=%zz", "domainAddress=%C3",
                                   "domainAddress=a.com&domainAddress=www.example.com"])
def test_dcv_bad_query_is_refused(mock, query):
    no = place(mock.url)
    message = assert_service(get_dcv(mock.url, no, query), "1003")
    assert message.startswith("Invalid value for domainAddress: ")


def test_dcv_unknown_certificate():
    with srv.start(KEYS2, log=io.StringIO()) as m:
        no = place(m.url)
        reply = get_dcv(m.url, no + 1)
        assert reply.status == 400
        assert reply.json() == {"returnCode": "1006", "returnMessage": "No certificate exists."}
        # Another account's certificate does not exist for this one.
        assert_service(get_dcv(m.url, no, access_key=AK2, secret_key=SK2), "1006")
        assert dcv_item(get_dcv(m.url, f"{no:06d}"))  # leading zeros: still decimal


@pytest.mark.parametrize("segment", ["abc", "-1", "1e3", "%31000", "+1000", "1000.0",
                                     "1234567890123456789"])
def test_dcv_certificate_no_must_be_decimal(mock, segment):
    place(mock.url)
    message = assert_service(get_dcv(mock.url, segment), "1003")
    assert message.startswith("Invalid value for certificateNo: ")
    assert mock.requests[-1].route == "dcv"


@pytest.mark.parametrize("tail", ["", "1000/", "1000/x", "/1000"])
def test_dcv_path_shapes_that_are_not_found(mock, tail):
    place(mock.url)
    assert_gateway(send(mock.url, method="GET", raw_body=b"",
                        target=DCV_PATH + tail + "?domainAddress=www.example.com"),
                   404, "300", "Not Found")
    assert mock.requests[-1].route is None


def test_dcv_answers_get_only(mock):
    no = place(mock.url)
    for method in ("POST", "get", "HEAD"):
        assert get_dcv(mock.url, no, method=method).status == 404


def test_dcv_signature_covers_the_raw_target(mock):
    no = place(mock.url, "sig", commonName="*.example.com", dnsName=_DROP)
    target = f"{DCV_PATH}{no}?domainAddress=%2A.example.com"
    assert dcv_item(get_dcv(mock.url, no, "domainAddress=%2A.example.com"))
    err = assert_gateway(get_dcv(mock.url, no, secret_key=SK + "x"), 401, "200",
                         "Authentication Failed")
    assert err["details"].startswith("signature mismatch")
    # Signed over the path alone: refused; the details show the query was signed.
    err = assert_gateway(get_dcv(mock.url, no, "domainAddress=%2A.example.com",
                                 sign_target=f"{DCV_PATH}{no}"), 401, "200", "Authentication Failed")
    assert "?domainAddress=%2A.example.com" in err["details"]
    # Decoded after signing ("%2A" signed, "*" sent): refused.
    assert get_dcv(mock.url, no, "domainAddress=*.example.com", sign_target=target).status == 401
    assert get_dcv(mock.url, no, drop=("x-ncp-apigw-timestamp",)).status == 401
    assert [r.verdict for r in mock.requests[-4:]] == [
        "auth:signature-mismatch", "auth:signature-mismatch", "auth:signature-mismatch",
        "auth:missing-header"]


def test_dcv_auth_comes_before_the_certificate_checks(mock):
    assert get_dcv(mock.url, "abc", secret_key="wrong").status == 401
    assert get_dcv(mock.url, 424242, secret_key="wrong").status == 401


def test_dcv_under_a_prefix():
    with srv.start(KEYS, prefix="/p", log=io.StringIO()) as m:
        no = place(m.url)
        assert dcv_item(get_dcv(m.url, no))["validStatusCode"] == "VALID_STATUS_REG"
        assert_gateway(send(m.url, method="GET", raw_body=b"",
                            target=f"{DCV_PATH}{no}?domainAddress=www.example.com"),
                       404, "300", "Not Found")


def test_txt_value_field_option():
    with srv.start(KEYS, txt_value_field="value", log=io.StringIO()) as m:
        no = place(m.url)
        item = dcv_item(get_dcv(m.url, no))
        assert item["value"] == m.find_order(no).dcv_record("www.example.com").token
        assert "txtValue" not in item
    for bad in ("", "validSn", "txtName", "mockNote", 3):
        with pytest.raises(ValueError):
            srv.MockNcp(KEYS, txt_value_field=bad)


# ---------------------------------------------------------------------------------------------
# DCV state: publish, fail, validate; issuance


def test_publishing_the_right_values_issues_the_certificate(mock):
    no = place(mock.url)
    assert status_of(mock.url, "web") == ("0", "ONGOING")
    (first, second) = mock.required_txt(no)
    assert mock.publish_txt(*first) == []  # one of two: still ongoing
    assert dcv_item(get_dcv(mock.url, no))["validStatusCode"] == "VALID_STATUS_REG"
    assert status_of(mock.url, "web") == ("0", "ONGOING")
    assert_service(get_chain(mock.url, no), "1007")
    validated = mock.publish_txt(*second)
    o = mock.find_order(no)
    assert validated == [o]
    assert (o.statusCode, o.statusName) == ("1", "NORMAL")
    assert [r.validStatusCode for r in o.dcvRecords] == ["VALID_STATUS_SUCCESS"] * 2
    for domain in ("www.example.com", "example.com"):
        item = dcv_item(get_dcv(mock.url, no, f"domainAddress={domain}"))
        assert item["validStatusCode"] == "VALID_STATUS_SUCCESS"
    assert status_of(mock.url, "web") == ("1", "NORMAL")
    assert get_chain(mock.url, no).status == 200
    assert o.certificatePem.startswith("-----BEGIN CERTIFICATE-----\n")


def test_publish_compares_names_case_insensitively(mock):
    no = place(mock.url)
    for name, value in mock.required_txt(no):
        mock.publish_txt(name.upper() + ".", value)
    assert mock.find_order(no).statusCode == "1"
    assert set(mock.txt_zone) == {"_dnsauth.www.example.com", "_dnsauth.example.com"}


def test_a_wrong_value_does_nothing(mock):
    no = place(mock.url)
    (first, second) = mock.required_txt(no)
    mock.publish_txt(*first)
    assert mock.publish_txt(second[0], second[1] + "x") == []
    assert mock.publish_txt(second[0], first[1]) == []  # the other record's value
    assert dcv_item(get_dcv(mock.url, no, "domainAddress=example.com"))["validStatusCode"] == \
        "VALID_STATUS_REG"
    assert status_of(mock.url, "web") == ("0", "ONGOING")
    assert_service(get_chain(mock.url, no), "1007")
    # A name may hold several values; the right one, added later, validates.
    assert [o.certificateNo for o in mock.publish_txt(*second)] == [no]
    assert mock.txt_zone[second[0]] == [second[1] + "x", first[1], second[1]]


def test_reading_validates_what_is_in_the_zone(mock):
    """An order moves when it is read (list, dcv, chain), not only on publish."""
    nos = [place(mock.url, n) for n in ("a", "b", "c")]
    for i, reader in enumerate((lambda no: list_certs(mock.url),
                                lambda no: get_dcv(mock.url, no),
                                lambda no: get_chain(mock.url, no))):
        for name, value in mock.required_txt(nos[i]):
            mock.txt_zone.setdefault(name, []).append(value)  # behind the mock's back
        assert mock.find_order(nos[i]).statusCode == "0"
        assert reader(nos[i]).status == 200
        assert mock.find_order(nos[i]).statusCode == "1"


def test_fail_validation(mock):
    no = place(mock.url)
    o = mock.fail_validation(no, reason="TXT not found")
    assert o is mock.find_order(no)
    assert (o.statusCode, o.statusName, o.failureReason) == ("-3", "VALIDATION_FAILED",
                                                             "TXT not found")
    for domain in ("www.example.com", "example.com"):
        item = dcv_item(get_dcv(mock.url, no, f"domainAddress={domain}"))
        assert item["validStatusCode"] == "VALID_STATUS_TIMEOUT"
    assert status_of(mock.url, "web") == ("-3", "VALIDATION_FAILED")
    message = assert_service(get_chain(mock.url, no), "1007")
    assert "-3 VALIDATION_FAILED" in message
    assert publish_all(mock, no) == [] and o.statusCode == "-3"  # too late
    with pytest.raises(ValueError):
        mock.fail_validation(no)
    with pytest.raises(KeyError):
        mock.fail_validation(no + 1)


def test_validate_hook(mock):
    no = place(mock.url)
    assert mock.validate(no).statusCode == "1"
    assert get_chain(mock.url, no).status == 200
    with pytest.raises(ValueError):
        mock.validate(no)
    with pytest.raises(KeyError):
        mock.validate(no + 1)
    with pytest.raises(KeyError):
        mock.required_txt(no + 1)


def test_auto_validate():
    with srv.start(KEYS, auto_validate=True, log=io.StringIO()) as m:
        no = place(m.url)
        assert dcv_item(get_dcv(m.url, no, "domainAddress=www.example.com"))["validStatusCode"] == \
            "VALID_STATUS_REG"
        assert dcv_item(get_dcv(m.url, no, "domainAddress=www.example.com"))["validStatusCode"] == \
            "VALID_STATUS_REG"  # the same record twice: the other one is still unread
        assert status_of(m.url, "web") == ("0", "ONGOING")
        # The last record's first read still shows REG; the order validates right after it.
        assert dcv_item(get_dcv(m.url, no, "domainAddress=example.com"))["validStatusCode"] == \
            "VALID_STATUS_REG"
        assert status_of(m.url, "web") == ("1", "NORMAL")
        assert dcv_item(get_dcv(m.url, no, "domainAddress=example.com"))["validStatusCode"] == \
            "VALID_STATUS_SUCCESS"
        assert get_chain(m.url, no).status == 200
        # An order whose validation failed does not validate by being read.
        other = place(m.url, "other", commonName="one.example.com", dnsName=_DROP)
        m.fail_validation(other)
        get_dcv(m.url, other, "domainAddress=one.example.com")
        assert m.find_order(other).statusCode == "-3"


def test_reading_alone_does_not_validate(mock):
    no = place(mock.url)
    for domain in ("www.example.com", "example.com", "www.example.com"):
        get_dcv(mock.url, no, f"domainAddress={domain}")
    assert mock.find_order(no).statusCode == "0"


# ---------------------------------------------------------------------------------------------
# GetCertificateChain


def test_chain_answer_crlf_and_no_trailing_newline(mock):
    no = place(mock.url)
    publish_all(mock, no)
    reply = get_chain(mock.url, no)
    assert reply.status == 200, reply
    doc = reply.json()
    assert list(doc) == CHAIN_KEYS
    assert (doc["returnCode"], doc["returnMessage"], doc["totalRows"]) == ("0", "Success", 0)
    assert doc["subjectCommonName"] == "www.example.com"
    o = mock.find_order(no)
    for key, kept in (("certificate", o.certificatePem), ("subCaCertificate", o.subCaPem),
                      ("rootCaCertificate", o.rootCaPem)):
        pem = doc[key]
        assert pem.startswith("-----BEGIN CERTIFICATE-----\r\n")
        assert pem.endswith("\r\n-----END CERTIFICATE-----")  # no newline after END
        assert "\n" not in pem.replace("\r\n", "") and "\r" not in pem.replace("\r\n", "")
        assert lf_pem(pem) == kept  # the mock keeps the LF form of what it sent
        assert "\r" not in kept and kept.endswith("-----END CERTIFICATE-----\n")
    assert len({doc["certificate"], doc["subCaCertificate"], doc["rootCaCertificate"]}) == 3
    rec = mock.requests[-1]
    assert (rec.route, rec.verdict) == ("chain", "chain-sent")


def test_issued_chain_verifies_and_carries_the_csr_key(mock, tmp_path):
    no = place(mock.url, "real", commonName="*.example.com",
               dnsName=["*.example.com", "example.com", "WWW.example.com."])
    publish_all(mock, no)
    doc = get_chain(mock.url, no).json()
    for name, key in (("leaf.pem", "certificate"), ("subca.pem", "subCaCertificate"),
                      ("root.pem", "rootCaCertificate")):
        (tmp_path / name).write_text(lf_pem(doc[key]), encoding="ascii")
    (tmp_path / "req.pem").write_text(SAMPLE_CSR, encoding="ascii")
    assert openssl("verify", "-CAfile", "root.pem", "-untrusted", "subca.pem", "leaf.pem",
                   cwd=tmp_path).strip() == "leaf.pem: OK"
    assert openssl("req", "-in", "req.pem", "-pubkey", "-noout", cwd=tmp_path) == \
        openssl("x509", "-in", "leaf.pem", "-pubkey", "-noout", cwd=tmp_path)
    text = openssl("x509", "-in", "leaf.pem", "-noout", "-subject", "-ext", "subjectAltName",
                   cwd=tmp_path)
    assert "subject=CN = *.example.com" in text
    assert "DNS:*.example.com, DNS:example.com, DNS:www.example.com" in text
    # The sub CA is a CA signed by the root; the root is self-signed.
    assert "CA:TRUE" in openssl("x509", "-in", "subca.pem", "-noout", "-ext", "basicConstraints",
                                cwd=tmp_path)
    assert openssl("verify", "-CAfile", "root.pem", "root.pem", cwd=tmp_path).strip() == "root.pem: OK"


def test_leaf_serials_are_unique_and_the_ca_is_shared(mock, tmp_path):
    nos = [place(mock.url, n) for n in ("s1", "s2")]
    for no in nos:
        publish_all(mock, no)
    a, b = (mock.find_order(no) for no in nos)
    assert a.rootCaPem == b.rootCaPem and a.subCaPem == b.subCaPem
    serials = []
    for o in (a, b):
        (tmp_path / "c.pem").write_text(o.certificatePem, encoding="ascii")
        serials.append(openssl("x509", "-in", "c.pem", "-noout", "-serial", cwd=tmp_path))
    assert serials[0] != serials[1]


def test_chain_before_issuance_and_unknown():
    with srv.start(KEYS2, log=io.StringIO()) as m:
        no = place(m.url)
        reply = get_chain(m.url, no)
        assert reply.status == 400
        assert reply.json() == {"returnCode": "1007", "returnMessage":
                                f"The certificate has not been issued: certificate {no} is 0 ONGOING"}
        assert m.requests[-1].verdict == "service:1007"
        assert get_chain(m.url, no + 1).json() == {"returnCode": "1006",
                                                   "returnMessage": "No certificate exists."}
        m.validate(no)
        assert get_chain(m.url, no).status == 200
        assert_service(get_chain(m.url, no, access_key=AK2, secret_key=SK2), "1006")
        message = assert_service(get_chain(m.url, "x1"), "1003")
        assert message.startswith("Invalid value for certificateNo: ")


def test_chain_route_shapes(mock):
    no = place(mock.url)
    mock.validate(no)
    for target in (f"/api/v2/certificate/exportCertificate/{no}/chain/",
                   f"/api/v2/certificate/exportCertificate/{no}/Chain",
                   f"/api/v2/certificate/exportCertificate/{no}",
                   "/api/v2/certificate/exportCertificate//chain",
                   f"/api/v2/certificate/exportCertificate/{no}/x/chain"):
        assert_gateway(send(mock.url, method="GET", target=target, raw_body=b""), 404, "300",
                       "Not Found")
    assert get_chain(mock.url, no, method="POST").status == 404
    assert get_chain(mock.url, no, secret_key="wrong").status == 401
    # Signed over another path: refused.
    assert get_chain(mock.url, no, sign_target=CHAIN_PATH.format(no + 1)).status == 401
    assert get_chain(mock.url, no).status == 200


def test_chain_for_a_status_set_by_hand(mock):
    no = place(mock.url)
    o = mock.find_order(no)
    o.statusCode, o.statusName = "1", "NORMAL"
    assert get_chain(mock.url, no).status == 200  # issued when first asked for
    assert o.certificatePem and [r.validStatusCode for r in o.dcvRecords] == ["VALID_STATUS_REG"] * 2


def test_concurrent_reads_issue_once(mock):
    import concurrent.futures
    no = place(mock.url)
    for name, value in mock.required_txt(no):
        mock.txt_zone.setdefault(name, []).append(value)
    with concurrent.futures.ThreadPoolExecutor(8) as pool:
        replies = list(pool.map(lambda _: get_chain(mock.url, no), range(8)))
    assert [r.status for r in replies] == [200] * 8
    assert len({r.json()["certificate"] for r in replies}) == 1


def test_a_csr_openssl_refuses_fails_the_order(mock, log):
    reply = send(mock.url, dv_body(certificateName="badsig", csr=BAD_SIGNATURE_CSR))
    assert reply.status == 200, reply  # the mock checks the PEM's form only
    no = reply.json()["paidCertificate"]["certificateNo"]
    assert publish_all(mock, no) == [mock.find_order(no)]
    o = mock.find_order(no)
    assert (o.statusCode, o.statusName) == ("-1", "FAILED")
    assert o.failureReason.startswith("openssl refused to issue")
    assert o.certificatePem is None
    assert "issuance FAILED" in log.getvalue()
    assert_service(get_chain(mock.url, no), "1007")
    assert status_of(mock.url, "badsig") == ("-1", "FAILED")
    # The mock serves on: another order issues fine.
    other = place(mock.url, "good")
    publish_all(mock, other)
    assert get_chain(mock.url, other).status == 200


def test_missing_openssl_is_reported_clearly(tmp_path):
    with srv.start(KEYS, openssl=str(tmp_path / "no-openssl"), log=io.StringIO()) as m:
        no = place(m.url)
        (first, second) = m.required_txt(no)
        m.publish_txt(*first)
        with pytest.raises(srv.CaError, match="openssl command-line tool"):
            m.publish_txt(*second)
        assert m.find_order(no).statusCode == "0"  # unchanged
        reply = get_chain(m.url, no)
        err = assert_gateway(reply, 500, "900", "Internal Server Error")
        assert "openssl" in err["details"] and "not found" in err["details"]
        assert m.requests[-1].verdict == "mock:ca-error"
        assert list_certs(m.url).status == 500
        assert list_orgs(m.url).status == 200  # what needs no certificate still works


def test_ca_directory_is_removed_on_stop():
    m = srv.start(KEYS, log=io.StringIO())
    try:
        no = place(m.url)
        assert m._ca._dir is None  # lazily: nothing until the first issuance
        m.validate(no)
        ca_dir = m._ca._dir
        assert ca_dir and os.path.isdir(ca_dir)
        assert stat_mode(ca_dir) == 0o700
    finally:
        m.stop()
    assert not os.path.exists(ca_dir)


def stat_mode(path: str) -> int:
    return os.stat(path).st_mode & 0o777


# ---------------------------------------------------------------------------------------------
# HTTP hooks (unsigned)


def test_http_dns_hook(mock):
    no = place(mock.url)
    (first, second) = mock.required_txt(no)
    reply = hook(mock.url, "/_mock/dns", {"name": first[0].upper() + ".", "value": first[1]})
    assert reply.status == 200, reply
    assert reply.json() == {"published": {"name": first[0], "value": first[1]}, "validated": []}
    reply = hook(mock.url, "/_mock/dns", {"name": second[0], "value": second[1]})
    assert reply.json()["validated"] == [no]
    assert get_chain(mock.url, no).status == 200
    # Hook calls are kept apart from the NCP requests.
    assert [r.route for r in mock.requests] == ["issuance", "chain"]
    assert [(r.route, r.verdict, r.status) for r in mock.hook_requests] == [
        ("hook:dns", "hook:dns", 200)] * 2


@pytest.mark.parametrize("raw", [b"", b"not json", b"[]", b'{"value": "v"}', b'{"name": "", "value": "v"}',
                                 b'{"name": 3, "value": "v"}', b'{"name": "a.example.com"}',
                                 b'{"name": "a.example.com", "value": 5}',
                                 b'{"name": "a", "name": "b", "value": "v"}', b'{"name": "."}'])
def test_http_dns_hook_refuses_bad_input(mock, raw):
    reply = hook(mock.url, "/_mock/dns", raw=raw)
    assert reply.status == 400, reply
    assert isinstance(reply.json()["error"], str)
    assert mock.hook_requests[-1].verdict == "hook:bad-request"
    assert mock.txt_zone == {}


def test_http_fail_hook(mock):
    no = place(mock.url)
    reply = hook(mock.url, "/_mock/fail", {"certificateNo": no})
    assert reply.status == 200, reply
    assert reply.json() == {"certificateNo": no, "statusCode": "-3",
                            "statusName": "VALIDATION_FAILED"}
    assert mock.find_order(no).failureReason == "DCV timed out (mock)"
    assert hook(mock.url, "/_mock/fail", {"certificateNo": no}).status == 409  # not ONGOING
    assert hook(mock.url, "/_mock/fail", {"certificateNo": no + 1}).status == 404
    for bad in ({"certificateNo": str(no)}, {"certificateNo": True}, {}, {"certificateNo": 1.5},
                {"certificateNo": no, "reason": 3}):
        assert hook(mock.url, "/_mock/fail", bad).status == 400
    other = place(mock.url, "other")
    assert hook(mock.url, "/_mock/fail", {"certificateNo": other, "reason": "why"}).status == 200
    assert mock.find_order(other).failureReason == "why"


def test_hooks_bypass_faults_and_auth_but_not_routing():
    with srv.start(KEYS, prefix="/p", faults=["unavailable:1"], log=io.StringIO()) as m:
        assert hook(m.url, "/_mock/dns", {"name": "x.example.com", "value": "v"}).status == 200
        assert m.pending_faults() == ["unavailable:1@any"]  # not taken by the hook
        # Hooks live under the prefix, and answer POST only.
        plain = m.url[:-len("/p")]
        assert hook(plain, "/_mock/dns", {"name": "x", "value": "v"}).status == 503  # the fault
        assert hook(plain, "/_mock/dns", {"name": "x", "value": "v"}).status == 404
        assert hook(m.url, "/_mock/dns", method="PUT", doc={}).status == 404
        assert hook(m.url, "/_mock/dns/", {"name": "x", "value": "v"}).status == 404
        assert [r.route for r in m.requests] == [None] * 4


# ---------------------------------------------------------------------------------------------
# ListOrganizations


def test_orgs_default_envelope(mock):
    reply = list_orgs(mock.url)
    assert reply.status == 200, reply
    doc = reply.json()
    assert list(doc) == ["returnCode", "returnMessage", "totalRows", "organizationInfoList"]
    assert (doc["returnCode"], doc["returnMessage"], doc["totalRows"]) == ("0", "success", 3)
    orgs = doc["organizationInfoList"]
    assert [list(o) for o in orgs] == [ORG_KEYS] * 3
    assert [o["verificationProgressCode"] for o in orgs] == ["7", "1", "90"]  # strings
    assert [o["organizationNo"] for o in orgs] == [20001, 20002, 20003]
    assert all(o["memberNo"] == "3000001" and o["verificationType"] == "BUSINESS_REGISTRATION"
               for o in orgs)
    assert all(re.fullmatch(r"\d{3}-\d\d-\d{5}", o["businessRegistrationNo"]) for o in orgs)
    assert orgs[0]["organizationNameKor"] == "예시 주식회사"
    assert orgs[0]["organizationNameEng"] == "Example Corp"
    rec = mock.requests[-1]
    assert (rec.method, rec.route, rec.verdict) == ("POST", "orgs", "orgs-listed")


@pytest.mark.parametrize("body,expected", [
    ({"verificationProgressCode": 7}, [20001]),
    ({"verificationProgressCode": "7"}, [20001]),
    ({"verificationProgressCode": 90}, [20003]),
    ({"verificationProgressCode": "07"}, []),
    ({"verificationProgressCode": 4}, []),
    ({"organizationNameEng": "Example Corp"}, [20001]),
    ({"organizationNameEng": "example corp"}, []),  # exact
    ({"organizationNameEng": "Example"}, []),  # no prefix match
    ({"organizationNameKor": "검증실패 주식회사"}, [20003]),
    ({"businessRegistrationNo": "234-56-78901"}, [20002]),
    ({"businessRegistrationNo": "2345678901"}, []),
    ({"organizationNameEng": "Example Corp", "verificationProgressCode": 1}, []),
    ({"organizationNameEng": None, "verificationProgressCode": "", "unknown": 1}, [20001, 20002, 20003]),
])
def test_orgs_filters(mock, body, expected):
    doc = list_orgs(mock.url, body).json()
    assert [o["organizationNo"] for o in doc["organizationInfoList"]] == expected
    assert doc["totalRows"] == len(expected)


@pytest.mark.parametrize("body,fieldname", [
    ({"verificationProgressCode": True}, "verificationProgressCode"),
    ({"verificationProgressCode": 7.0}, "verificationProgressCode"),
    ({"verificationProgressCode": [7]}, "verificationProgressCode"),
    ({"organizationNameEng": 5}, "organizationNameEng"),
    ({"organizationNameKor": ["x"]}, "organizationNameKor"),
    ({"businessRegistrationNo": 1234567890}, "businessRegistrationNo"),
])
def test_orgs_bad_filter_values(mock, body, fieldname):
    message = assert_service(list_orgs(mock.url, body), "1003")
    assert message.startswith(f"Invalid value for {fieldname}: ")


@pytest.mark.parametrize("raw", [b"", b"[]", b"null", b"not json", b'{"a": 1, "a": 2}', b"\xff"])
def test_orgs_body_must_be_a_json_object(mock, raw):
    message = assert_service(list_orgs(mock.url, raw_body=raw), "1000")
    assert message.startswith("Invalid JSON body")


def test_orgs_content_type_and_route(mock):
    assert_service(list_orgs(mock.url, headers={"Content-Type": "text/plain"}), "1005")
    assert list_orgs(mock.url, method="GET").status == 404
    assert list_orgs(mock.url, method="post").status == 404
    assert_gateway(send(mock.url, target=ORGS_PATH + "/", raw_body=b"{}"), 404, "300", "Not Found")
    assert_gateway(list_orgs(mock.url, secret_key="wrong"), 401, "200", "Authentication Failed")
    assert list_orgs(mock.url, sign_method="GET").status == 401
    assert list_orgs(mock.url, target=ORGS_PATH + "?x=1", sign_target=ORGS_PATH).status == 401
    assert list_orgs(mock.url, target=ORGS_PATH + "?x=1").status == 200


def test_orgs_bare_wrapper():
    with srv.start(KEYS, org_wrapper="bare", log=io.StringIO()) as m:
        doc = list_orgs(m.url).json()
        assert isinstance(doc, list) and [o["verificationProgressCode"] for o in doc] == ["7", "1", "90"]
        assert list_orgs(m.url, {"verificationProgressCode": 7}).json() == [doc[0]]
        assert list_orgs(m.url, {"verificationProgressCode": 91}).body == b"[]"
    with pytest.raises(ValueError):
        srv.MockNcp(KEYS, org_wrapper="list")


def test_orgs_per_account_and_replaceable():
    mine = [{"organizationNo": 7, "memberNo": "3000001", "organizationNameKor": "가",
             "organizationNameEng": "A", "businessRegistrationNo": "111-11-11111",
             "verificationType": "BUSINESS_REGISTRATION", "verificationProgressCode": 7}]
    with srv.start(KEYS2, organizations={AK: mine}, log=io.StringIO()) as m:
        doc = list_orgs(m.url).json()
        assert doc["organizationInfoList"] == mine  # as given (here an integer code)
        assert list_orgs(m.url, {"verificationProgressCode": "7"}).json()["totalRows"] == 1
        theirs = list_orgs(m.url, access_key=AK2, secret_key=SK2).json()["organizationInfoList"]
        assert [o["organizationNo"] for o in theirs] == [20011, 20012, 20013]
        assert {o["memberNo"] for o in theirs} == {"3000002"}
        m.organizations[AK2] = []
        assert list_orgs(m.url, access_key=AK2, secret_key=SK2).json()["totalRows"] == 0
    with pytest.raises(ValueError):
        srv.MockNcp(KEYS, organizations={AK: {"organizationNo": 1}})


# ---------------------------------------------------------------------------------------------
# extra_fields


def _has_extras(doc: dict[str, Any]) -> bool:
    return doc.get("futureField") == EXTRAS["futureField"] and isinstance(doc.get("mockNote"), str)


def test_extra_fields_everywhere():
    with srv.start(KEYS, extra_fields=True, log=io.StringIO()) as m:
        no = place(m.url)
        dcv = get_dcv(m.url, no).json()
        assert _has_extras(dcv) and _has_extras(dcv["dnsVerificationList"][0])
        assert dcv["dnsVerificationList"][0]["validStatusCode"] == "VALID_STATUS_REG"
        m.validate(no)
        chain = get_chain(m.url, no).json()
        assert _has_extras(chain) and chain["certificate"].startswith("-----BEGIN CERTIFICATE-----")
        orgs = list_orgs(m.url).json()
        assert _has_extras(orgs) and all(map(_has_extras, orgs["organizationInfoList"]))
        listing = list_certs(m.url).json()
        assert _has_extras(listing["orders"][0])
        assert _has_extras(listing["orders"][0]["certificates"][0])
        assert "futureField" not in listing  # the listing's envelope is as before
        assert "futureField" not in order(m.url, "second").json()["paidCertificate"]
    with srv.start(KEYS, extra_fields=True, org_wrapper="bare", log=io.StringIO()) as m:
        assert all(map(_has_extras, list_orgs(m.url).json()))


def test_no_extra_fields_by_default(mock):
    no = place(mock.url)
    mock.validate(no)
    assert "futureField" not in get_dcv(mock.url, no).body.decode()
    assert "futureField" not in get_chain(mock.url, no).body.decode()
    assert "futureField" not in list_orgs(mock.url).body.decode()
    assert "futureField" not in list_certs(mock.url).body.decode()


# ---------------------------------------------------------------------------------------------
# Faults on the new routes


def test_fault_scopes_of_the_new_routes():
    faults = ["unavailable:2@dcv", "throttle@chain", "forbidden-empty@orgs", "malformed@list"]
    with srv.start(KEYS, faults=faults, log=io.StringIO()) as m:
        assert m.pending_faults() == ["unavailable:2@dcv", "throttle:1@chain",
                                      "forbidden-empty:1@orgs", "malformed:1@list"]
        no = place(m.url)  # issuance takes none of them
        m.validate(no)
        assert list_orgs(m.url).status == 403
        assert list_orgs(m.url).status == 200
        assert get_chain(m.url, no).status == 429
        assert get_chain(m.url, no).status == 200
        assert [get_dcv(m.url, no).status for _ in range(3)] == [503, 503, 200]
        assert m.pending_faults() == ["malformed:1@list"]
        assert [(r.route, r.verdict) for r in m.requests] == [
            ("issuance", "accepted"), ("orgs", "fault:forbidden-empty"), ("orgs", "orgs-listed"),
            ("chain", "fault:throttle"), ("chain", "chain-sent"), ("dcv", "fault:unavailable"),
            ("dcv", "fault:unavailable"), ("dcv", "dcv-listed")]


def test_slow_fault_on_a_new_route():
    with srv.start(KEYS, faults=["slow:0.3@orgs"], log=io.StringIO()) as m:
        t0 = time.monotonic()
        assert list_orgs(m.url).status == 200
        assert time.monotonic() - t0 >= 0.3
        assert m.requests[-1].fault == "slow:0.3" and m.requests[-1].verdict == "orgs-listed"


@pytest.mark.parametrize("route,marker", [("dcv", b'"dnsVerificationList":[{"validSn":'),
                                          ("chain", b'"subjectCommonName":'),
                                          ("orgs", b'"organizationInfoList":[{"organizationNo":')])
def test_malformed_fault_has_the_route_shape(mock, route, marker):
    no = place(mock.url)
    call = {"dcv": lambda **kw: get_dcv(mock.url, no, **kw),
            "chain": lambda **kw: get_chain(mock.url, no, **kw),
            "orgs": lambda **kw: list_orgs(mock.url, **kw)}[route]
    reply = call(headers={"x-mock-fault": "malformed"})
    assert reply.status == 200 and reply.body.startswith(b'{"returnCode":"0"') and marker in reply.body
    with pytest.raises(ValueError):
        json.loads(reply.body)
    mock.queue_fault(f"malformed@{route}")
    assert call().body == reply.body
    assert mock.requests[-1].verdict == "fault:malformed"


def test_malformed_fault_bare_orgs():
    with srv.start(KEYS, org_wrapper="bare", faults=["malformed@orgs"], log=io.StringIO()) as m:
        reply = list_orgs(m.url)
        assert reply.status == 200 and reply.body.startswith(b'[{"organizationNo":')
        with pytest.raises(ValueError):
            json.loads(reply.body)


def test_placed_faults_do_not_apply_to_the_new_routes(mock):
    no = place(mock.url)
    for call in (lambda: get_dcv(mock.url, no, headers={"x-mock-fault": "placed-then-504"}),
                 lambda: get_chain(mock.url, no, headers={"x-mock-fault": "placed-then-close"}),
                 lambda: list_orgs(mock.url, headers={"x-mock-fault": "placed-then-stall:1"})):
        err = assert_gateway(call(), 400, "100", "Bad Request")
        assert "issuance" in err["details"]
    for spec in ("placed-then-504@dcv", "placed-then-close@chain", "placed-then-stall:1@orgs"):
        with pytest.raises(ValueError):
            srv.parse_queued_fault(spec)
    assert srv.parse_queued_fault("slow:1:2@chain") == srv.QueuedFault(srv.Fault("slow", 1.0), 2,
                                                                       "chain")
    with pytest.raises(ValueError, match="@orgs"):
        srv.parse_queued_fault("throttle@org")


# ---------------------------------------------------------------------------------------------
# Pure helpers


def test_domain_helpers():
    assert srv.normalise_name("WWW.Example.COM.") == "www.example.com"
    assert srv.base_domain("*.Example.com.") == "example.com"
    assert srv.dcv_bases("*.a.com", ["*.a.com", "a.com", "B.a.com", "b.a.com."]) == ["a.com", "b.a.com"]
    assert srv.crlf_pem("-----BEGIN X-----\nAAAA\n-----END X-----\n") == \
        "-----BEGIN X-----\r\nAAAA\r\n-----END X-----"
    assert srv.parse_dcv_query("/x?domainAddress=%2A.a.com&y=1") == "*.a.com"
    assert srv.parse_certificate_no("0042") == 42


# ---------------------------------------------------------------------------------------------
# Standalone: the new options and the HTTP hooks


def test_standalone_dcv_chain_orgs_and_hooks(tmp_path):
    proc, url = _run_standalone(tmp_path, "--txt-value-field", "value", "--extra-fields",
                                "--org-wrapper", "bare", "--fault", "unavailable@dcv")
    try:
        no = place(url, "cli", commonName="cli.example.com", dnsName=_DROP)
        assert get_dcv(url, no, "domainAddress=cli.example.com").status == 503
        item = dcv_item(get_dcv(url, no, "domainAddress=cli.example.com"))
        assert item["txtName"] == "_dnsauth.cli.example.com" and "txtValue" not in item
        assert _has_extras(item)
        assert_service(get_chain(url, no), "1007")
        reply = hook(url, "/_mock/dns", {"name": item["txtName"], "value": item["value"]})
        assert reply.json()["validated"] == [no]
        doc = get_chain(url, no).json()
        (tmp_path / "leaf.pem").write_text(lf_pem(doc["certificate"]))
        (tmp_path / "sub.pem").write_text(lf_pem(doc["subCaCertificate"]))
        (tmp_path / "root.pem").write_text(lf_pem(doc["rootCaCertificate"]))
        assert "leaf.pem: OK" in openssl("verify", "-CAfile", "root.pem", "-untrusted", "sub.pem",
                                         "leaf.pem", cwd=tmp_path)
        other = place(url, "cli2", commonName="two.example.com", dnsName=_DROP)
        assert hook(url, "/_mock/fail", {"certificateNo": other}).json()["statusCode"] == "-3"
        assert status_of(url, "cli2") == ("-3", "VALIDATION_FAILED")
        orgs = list_orgs(url).json()
        assert isinstance(orgs, list) and all(map(_has_extras, orgs))
    finally:
        out, err = _terminate(proc)
    assert proc.returncode == 0
    assert f"GET {DCV_PATH}{no}?domainAddress=cli.example.com -> 200 dcv-listed" in err
    assert "POST /_mock/dns -> 200 hook:dns" in err
    assert f"certificate {no} validated (TXT records published) and issued" in err


def test_standalone_auto_validate(tmp_path):
    proc, url = _run_standalone(tmp_path, "--auto-validate")
    try:
        no = place(url, "demo", commonName="demo.example.com", dnsName=_DROP)
        assert dcv_item(get_dcv(url, no, "domainAddress=demo.example.com"))["validStatusCode"] == \
            "VALID_STATUS_REG"
        assert get_chain(url, no).json()["subjectCommonName"] == "demo.example.com"
    finally:
        _terminate(proc)
    assert proc.returncode == 0


@pytest.mark.parametrize("args", [["--org-wrapper", "list"], ["--txt-value-field", "validSn"],
                                  ["--leaf-days", "0"], ["--subscription-years", "-1"]])
def test_standalone_bad_new_options_exit_2(args):
    proc = subprocess.run([sys.executable, str(SERVER_PY), "--port", "0", *args],
                          capture_output=True, text=True, timeout=15)
    assert proc.returncode == 2, proc.stderr


# ---------------------------------------------------------------------------------------------
# Global DNS (zones, records, staged changes and apply)

GDNS = "/dns/v1/ncpdns"


def gdns(base_url: str, method: str, path: str, body: Any = None, **kw: Any) -> Reply:
    """A signed Global DNS call; ``path`` after /dns/v1/ncpdns, query included."""
    kw.setdefault("raw_body", b"" if body is None else json.dumps(body).encode())
    return send(base_url, method=method, target=_prefix_of(base_url) + GDNS + path, **kw)


def zone_id(mock, name: str) -> int:
    return mock.find_zone(name).id


def txt_records(base_url: str, zid: int) -> list[dict[str, Any]]:
    reply = gdns(base_url, "GET", f"/record/{zid}?page=0&size=100&recordType=TXT")
    assert reply.status == 200, reply
    return reply.json()["content"]


def assert_gdns_error(reply: Reply, code: str, status: int = 400) -> dict[str, Any]:
    assert reply.status == status, reply
    doc = reply.json()
    assert doc["result"] == "FAIL" and doc["error"]["errorCode"] == code, reply
    assert isinstance(doc["error"]["errorCode"], str)
    assert {"message", "devMessage"} <= set(doc["error"])
    return doc["error"]


@pytest.fixture
def zmock(log):
    m = srv.start(KEYS, log=log, zones=["example.com", "other.net"])
    try:
        yield m
    finally:
        m.stop()


def test_gdns_zone_lookup_is_a_search_and_paged(zmock):
    zmock.add_zone("sub.example.com")
    reply = gdns(zmock.url, "GET", "/domain?page=0&size=10&domainName=example.com")
    assert reply.status == 200, reply
    doc = reply.json()
    assert sorted(z["name"] for z in doc["content"]) == ["example.com", "sub.example.com"]
    assert {"id", "name", "status", "completeYn", "dnssecYn"} <= set(doc["content"][0])
    assert (doc["totalElements"], doc["totalPages"], doc["number"], doc["size"],
            doc["first"], doc["last"], doc["empty"]) == (2, 1, 0, 10, True, True, False)
    # A trailing dot finds nothing (research note: "마지막에 .를 포함하면 … 찾을 수가 없다").
    assert gdns(zmock.url, "GET", "/domain?page=0&size=10&domainName=example.com.").json()["content"] == []
    # Paging is 0-based.
    page1 = gdns(zmock.url, "GET", "/domain?page=1&size=1").json()
    assert (page1["number"], page1["numberOfElements"], page1["totalElements"]) == (1, 1, 3)
    assert zmock.dns_calls["zones"] == 3
    assert zmock.requests[-1].route == "dns-zones"


@pytest.mark.parametrize("query", ["", "?page=0", "?size=10", "?page=-1&size=1", "?page=0&size=0"])
def test_gdns_page_and_size_are_required(zmock, query):
    assert_gdns_error(gdns(zmock.url, "GET", "/domain" + query), "X00001")


def test_gdns_is_signed_like_every_call(zmock):
    reply = gdns(zmock.url, "GET", "/domain?page=0&size=10", secret_key="wrong")
    assert_gateway(reply, 401, "200", "Authentication Failed")
    assert zmock.dns_calls["zones"] == 0


def test_gdns_default_records(zmock):
    zid = zone_id(zmock, "example.com")
    doc = gdns(zmock.url, "GET", f"/record/{zid}?page=0&size=100").json()
    got = {(r["host"], r["type"]) for r in doc["content"]}
    assert got == {("@", "SOA"), ("@", "NS"), ("ns1", "A")}
    assert all(r["defaultYn"] and r["applyYn"] and not r["delYn"] for r in doc["content"])
    soa = next(r for r in doc["content"] if r["type"] == "SOA")
    assert soa["name"] == "example.com" and soa["domainName"] == "example.com"


def test_gdns_create_is_staged_until_apply(zmock):
    zid = zone_id(zmock, "example.com")
    reply = gdns(zmock.url, "POST", f"/record/{zid}",
                 [{"host": "_dnsauth.www", "type": "TXT", "content": "v1", "ttl": 60},
                  {"host": "@", "type": "TXT", "content": "v2", "ttl": 60}])
    assert reply.status == 200, reply
    (apex, www) = sorted(txt_records(zmock.url, zid), key=lambda r: r["host"])  # "@" < "_"
    assert (www["name"], www["host"], www["content"], www["ttl"]) == \
        ("_dnsauth.www.example.com", "_dnsauth.www", '"v1"', 60)
    assert (apex["name"], apex["content"]) == ("example.com", '"v2"')
    assert not www["applyYn"] and not www["delYn"] and not www["defaultYn"]
    assert zmock.served_txt("_dnsauth.www.example.com") == []
    assert gdns(zmock.url, "PUT", f"/record/apply/{zid}").status == 200
    assert all(r["applyYn"] for r in txt_records(zmock.url, zid))
    assert zmock.served_txt("_DNSAUTH.www.example.com.") == ["v1"]
    assert zmock.served_txt("example.com") == ["v2"]
    assert (zmock.dns_calls["create"], zmock.dns_calls["apply"], zmock.dns_calls["delete"]) == (1, 1, 0)
    assert [r.route for r in zmock.requests] == ["dns-create", "dns-records", "dns-apply", "dns-records"]


def test_gdns_delete_is_staged_until_apply(zmock):
    zid = zone_id(zmock, "example.com")
    gdns(zmock.url, "POST", f"/record/{zid}", [{"host": "a", "type": "TXT", "content": "x", "ttl": 60}])
    gdns(zmock.url, "PUT", f"/record/apply/{zid}")
    (rec,) = txt_records(zmock.url, zid)
    # The body is a bare JSON array of ids; an object is refused.
    assert_gdns_error(gdns(zmock.url, "DELETE", f"/record/{zid}", {"recordIds": [rec["id"]]}), "X00001")
    assert gdns(zmock.url, "DELETE", f"/record/{zid}", [rec["id"]]).status == 200
    (still,) = txt_records(zmock.url, zid)
    assert still["delYn"] and still["applyYn"]
    assert zmock.served_txt("a.example.com") == ["x"]  # still served before apply
    gdns(zmock.url, "PUT", f"/record/apply/{zid}")
    assert txt_records(zmock.url, zid) == [] and zmock.served_txt("a.example.com") == []
    assert zmock.dns_calls["delete"] == 2


def test_gdns_delete_of_a_record_never_applied_removes_it(zmock):
    zid = zone_id(zmock, "example.com")
    gdns(zmock.url, "POST", f"/record/{zid}", [{"host": "a", "type": "TXT", "content": "x", "ttl": 60}])
    (rec,) = txt_records(zmock.url, zid)
    assert gdns(zmock.url, "DELETE", f"/record/{zid}", [rec["id"]]).status == 200
    assert txt_records(zmock.url, zid) == []


def test_gdns_delete_refusals(zmock):
    zid = zone_id(zmock, "example.com")
    assert_gdns_error(gdns(zmock.url, "DELETE", f"/record/{zid}", [999]), "X00007")
    soa = zmock.zone_records("example.com", "SOA")[0]
    assert_gdns_error(gdns(zmock.url, "DELETE", f"/record/{zid}", [soa.id]), "X00006")
    assert_gdns_error(gdns(zmock.url, "DELETE", f"/record/{zid}", ["1"]), "X00001")


def test_gdns_duplicate_record_is_refused(zmock):
    zid = zone_id(zmock, "example.com")
    body = [{"host": "a", "type": "TXT", "content": "x", "ttl": 60}]
    assert gdns(zmock.url, "POST", f"/record/{zid}", body).status == 200
    err = assert_gdns_error(gdns(zmock.url, "POST", f"/record/{zid}", body), "X00007")
    assert err["message"] == "This is an invalid record."
    (item,) = err["moreInfo"]["validationInfo"]["rrsetValidationResponseList"]
    assert item["recordName"] == "a.example.com" and "duplicated" in item["msg"]
    # A second value at one host is taken by default…
    other = [{"host": "a", "type": "TXT", "content": "y", "ttl": 60}]
    assert gdns(zmock.url, "POST", f"/record/{zid}", other).status == 200
    assert len(txt_records(zmock.url, zid)) == 2


def test_gdns_refuse_second_txt_switch(log):
    with srv.start(KEYS, log=log, zones=["example.com"], refuse_second_txt=True) as m:
        zid = zone_id(m, "example.com")
        assert gdns(m.url, "POST", f"/record/{zid}",
                    [{"host": "a", "type": "TXT", "content": "x", "ttl": 60}]).status == 200
        assert_gdns_error(gdns(m.url, "POST", f"/record/{zid}",
                               [{"host": "a", "type": "TXT", "content": "y", "ttl": 60}]), "X00007")
        assert len(txt_records(m.url, zid)) == 1
        m.refuse_second_txt = False
        assert gdns(m.url, "POST", f"/record/{zid}",
                    [{"host": "a", "type": "TXT", "content": "y", "ttl": 60}]).status == 200


@pytest.mark.parametrize("item", [
    {"type": "TXT", "content": "x", "ttl": 60},
    {"host": "a.", "type": "TXT", "content": "x", "ttl": 60},
    {"host": "a", "type": "txt", "content": "x", "ttl": 60},
    {"host": "a", "type": "TXT", "content": "", "ttl": 60},
    {"host": "a", "type": "TXT", "content": "x"},
    {"host": "a", "type": "TXT", "content": "x", "ttl": "60"},
    {"host": "a", "type": "TXT", "content": "x", "ttl": True},
])
def test_gdns_invalid_record_is_refused_and_nothing_created(zmock, item):
    zid = zone_id(zmock, "example.com")
    good = {"host": "ok", "type": "TXT", "content": "x", "ttl": 60}
    assert_gdns_error(gdns(zmock.url, "POST", f"/record/{zid}", [good, item]), "X00007")
    assert txt_records(zmock.url, zid) == []


@pytest.mark.parametrize("raw", [b"", b"{}", b"[]", b'{"host":"a"}', b"nope"])
def test_gdns_create_body_must_be_an_array(zmock, raw):
    zid = zone_id(zmock, "example.com")
    assert_gdns_error(gdns(zmock.url, "POST", f"/record/{zid}", raw_body=raw), "X00001")


def test_gdns_unknown_or_other_accounts_zone(log):
    with srv.start(KEYS2, log=log) as m:
        mine = m.add_zone("mine.example", access_key=AK2)
        assert_gdns_error(gdns(m.url, "GET", f"/record/{mine.id}?page=0&size=10"), "X00006")
        assert_gdns_error(gdns(m.url, "PUT", "/record/apply/12345"), "X00006")
        assert gdns(m.url, "GET", "/domain?page=0&size=10").json()["content"] == []
        doc = gdns(m.url, "GET", "/domain?page=0&size=10", access_key=AK2, secret_key=SK2).json()
        assert [z["name"] for z in doc["content"]] == ["mine.example"]


@pytest.mark.parametrize("method,path", [
    ("PUT", "/record/1"), ("GET", "/record/apply/1"), ("POST", "/domain"),
    ("GET", "/record/"), ("PUT", "/record/apply/1/"), ("GET", "/domain/")])
def test_gdns_other_paths_are_not_found(zmock, method, path):
    assert_gateway(gdns(zmock.url, method, path), 404, "300", "Not Found")


def test_gdns_foreign_records_and_rollback(zmock):
    zid = zone_id(zmock, "example.com")
    applied = zmock.add_record("example.com", "keep", "TXT", "foreign")
    pending = zmock.add_record("example.com", "new", "TXT", "half-done", applied=False)
    assert (applied.foreign, applied.applyYn, pending.applyYn) == (True, True, False)
    doc = {r["id"]: r for r in txt_records(zmock.url, zid)}
    assert doc[applied.id]["content"] == '"foreign"' and not doc[pending.id]["applyYn"]
    assert zmock.served_txt("keep.example.com") == ["foreign"]
    assert zmock.served_txt("new.example.com") == []
    zmock.add_record("example.com", "gone", "TXT", "z", pending_delete=True)
    assert gdns(zmock.url, "PUT", f"/record/rollback/{zid}").status == 200
    assert sorted(r.host for r in zmock.zone_records("example.com", "TXT")) == ["gone", "keep"]
    assert not any(r.delYn for r in zmock.zone_records("example.com"))
    assert zmock.dns_calls["rollback"] == 1


def test_gdns_served_under_the_prefix(log):
    with srv.start(KEYS, log=log, prefix="/p", zones=["example.com"]) as m:
        assert gdns(m.url, "GET", "/domain?page=0&size=1").status == 200


def test_gdns_faults_have_scopes(log):
    with srv.start(KEYS, log=log, zones=["example.com"], faults=["unavailable@dns-apply"]) as m:
        zid = zone_id(m, "example.com")
        assert gdns(m.url, "GET", "/domain?page=0&size=1").status == 200
        assert gdns(m.url, "PUT", f"/record/apply/{zid}").status == 503
        assert gdns(m.url, "PUT", f"/record/apply/{zid}").status == 200
        reply = gdns(m.url, "GET", "/domain?page=0&size=1", headers={"x-mock-fault": "malformed"})
        assert reply.status == 200 and reply.body == b'{"content":[{"id":'


def test_dcv_passes_only_once_the_records_are_applied(zmock):
    no = place(zmock.url, dnsName=["www.example.com", "*.example.com"])
    zid = zone_id(zmock, "example.com")
    required = zmock.required_txt(no)
    assert sorted(n for n, _ in required) == ["_dnsauth.example.com", "_dnsauth.www.example.com"]
    for name, value in required:
        host = name[:-len(".example.com")]
        assert gdns(zmock.url, "POST", f"/record/{zid}",
                    [{"host": host, "type": "TXT", "content": value, "ttl": 60}]).status == 200
    assert status_of(zmock.url, "web") == ("0", "ONGOING")
    assert get_chain(zmock.url, no).status == 400
    assert gdns(zmock.url, "PUT", f"/record/apply/{zid}").status == 200
    assert status_of(zmock.url, "web") == ("1", "NORMAL")
    assert get_chain(zmock.url, no).status == 200


def test_dcv_needs_every_record_with_its_value(zmock):
    no = place(zmock.url)
    (www, apex) = sorted(zmock.required_txt(no))[::-1]
    zmock.add_record("example.com", "_dnsauth.www", "TXT", www[1])
    zmock.add_record("example.com", "_dnsauth", "TXT", "wrong value")
    assert status_of(zmock.url, "web") == ("0", "ONGOING")
    zmock.add_record("example.com", "_dnsauth", "TXT", apex[1], applied=False)
    assert status_of(zmock.url, "web") == ("0", "ONGOING")
    zid = zone_id(zmock, "example.com")
    gdns(zmock.url, "PUT", f"/record/apply/{zid}")
    assert status_of(zmock.url, "web") == ("1", "NORMAL")


# ---------------------------------------------------------------------------------------------
# The name server (queries built and answers read here by hand, RFC 1035)

import struct  # noqa: E402

QTYPES = {"A": 1, "NS": 2, "CNAME": 5, "SOA": 6, "TXT": 16, "AAAA": 28, "ANY": 255}


def dns_query(name: str, qtype: str, qid: int = 0x1234, edns: bool = False) -> bytes:
    qname = b"".join(bytes([len(l)]) + l.encode() for l in name.rstrip(".").split(".")) + b"\0"
    msg = struct.pack(">HHHHHH", qid, 0x0100, 1, 0, 0, 1 if edns else 0)
    msg += qname + struct.pack(">HH", QTYPES[qtype], 1)
    if edns:  # an OPT record asking for 4096-octet UDP answers: the mock ignores it
        msg += b"\0" + struct.pack(">HHIH", 41, 4096, 0, 0)
    return msg


def _name_at(msg: bytes, off: int) -> tuple[str, int]:
    labels, end = [], None
    while True:
        n = msg[off]
        if n >= 0xC0:
            end = end or off + 2
            off = ((n & 0x3F) << 8) | msg[off + 1]
            continue
        if n == 0:
            return ".".join(labels), end or off + 1
        labels.append(msg[off + 1:off + 1 + n].decode())
        off += 1 + n


def dns_parse(msg: bytes) -> dict[str, Any]:
    qid, flags, qd, an, ns, ar = struct.unpack(">HHHHHH", msg[:12])
    off = 12
    for _ in range(qd):
        _, off = _name_at(msg, off)
        off += 4
    sections: dict[str, list] = {"answer": [], "authority": [], "additional": []}
    for sec, count in (("answer", an), ("authority", ns), ("additional", ar)):
        for _ in range(count):
            owner, off = _name_at(msg, off)
            rtype, rclass, ttl, rdlen = struct.unpack(">HHIH", msg[off:off + 10])
            off += 10
            rdata = msg[off:off + rdlen]
            if rtype == 16:
                strings, i = [], 0
                while i < len(rdata):
                    strings.append(rdata[i + 1:i + 1 + rdata[i]])
                    i += 1 + rdata[i]
                value: Any = strings
            elif rtype == 1:
                value = socket.inet_ntoa(rdata)
            elif rtype in (2, 5):
                value = _name_at(msg, off)[0]
            elif rtype == 6:
                mname, o = _name_at(msg, off)
                rname, o = _name_at(msg, o)
                value = (mname, rname) + struct.unpack(">IIIII", msg[o:o + 20])
            else:
                value = rdata
            sections[sec].append((owner, rtype, ttl, value))
            off += rdlen
    assert off == len(msg), "trailing bytes"
    return {"id": qid, "qr": bool(flags & 0x8000), "aa": bool(flags & 0x0400),
            "tc": bool(flags & 0x0200), "rd": bool(flags & 0x0100), "rcode": flags & 0xF, **sections}


def ask(mock, name: str, qtype: str, *, tcp: bool = False, edns: bool = False) -> dict[str, Any]:
    host, port = mock.dns_address.rsplit(":", 1)
    q = dns_query(name, qtype, edns=edns)
    if tcp:
        with socket.create_connection((host, int(port)), timeout=5) as s:
            s.sendall(struct.pack(">H", len(q)) + q)
            data = b""
            while len(data) < 2 or len(data) < 2 + struct.unpack(">H", data[:2])[0]:
                chunk = s.recv(65536)
                assert chunk, "connection closed"
                data += chunk
            reply = data[2:]
    else:
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
            s.settimeout(5)
            s.sendto(q, (host, int(port)))
            reply, _ = s.recvfrom(65535)
    if not tcp:
        assert len(reply) <= 512
    doc = dns_parse(reply)
    assert doc["id"] == 0x1234 and doc["qr"]
    return doc


def txt_answers(doc: dict[str, Any]) -> list[str]:
    return sorted(b"".join(v).decode() for _o, t, _ttl, v in doc["answer"] if t == 16)


def test_dns_address_is_reported(zmock):
    host, port = zmock.dns_address.rsplit(":", 1)
    assert host == "127.0.0.1" and int(port) == zmock.dns_port > 0
    with srv.start(KEYS, log=io.StringIO(), dns_port=None) as m:
        assert m.dns_address is None and m.dns_port is None


def test_dns_serves_only_applied_records(zmock):
    zid = zone_id(zmock, "example.com")
    gdns(zmock.url, "POST", f"/record/{zid}", [{"host": "_acme-challenge", "type": "TXT",
                                                 "content": "tok-1", "ttl": 60}])
    doc = ask(zmock, "_acme-challenge.example.com", "TXT")
    assert (doc["rcode"], doc["aa"], doc["answer"]) == (3, True, [])  # NXDOMAIN before apply
    assert [r[1] for r in doc["authority"]] == [6]
    gdns(zmock.url, "PUT", f"/record/apply/{zid}")
    doc = ask(zmock, "_ACME-challenge.Example.com", "TXT")
    assert (doc["rcode"], doc["aa"]) == (0, True)
    assert doc["answer"] == [("_acme-challenge.example.com", 16, 60, [b"tok-1"])]  # no quotes
    (rec,) = txt_records(zmock.url, zid)
    gdns(zmock.url, "DELETE", f"/record/{zid}", [rec["id"]])
    assert txt_answers(ask(zmock, "_acme-challenge.example.com", "TXT")) == ["tok-1"]
    gdns(zmock.url, "PUT", f"/record/apply/{zid}")
    assert ask(zmock, "_acme-challenge.example.com", "TXT")["rcode"] == 3


def test_dns_several_values_at_one_name_and_long_values(zmock):
    zmock.add_record("example.com", "t", "TXT", "a")
    zmock.add_record("example.com", "t", "TXT", "b")
    long_value = "x" * 300
    zmock.add_record("example.com", "long", "TXT", long_value)
    assert txt_answers(ask(zmock, "t.example.com", "TXT")) == ["a", "b"]
    ((_o, _t, _ttl, strings),) = ask(zmock, "long.example.com", "TXT")["answer"]
    assert [len(s) for s in strings] == [255, 45] and b"".join(strings).decode() == long_value


def test_dns_noerror_empty_and_nxdomain_and_refused(zmock):
    zmock.add_record("example.com", "a.b", "TXT", "deep")
    empty = ask(zmock, "a.b.example.com", "A")
    assert (empty["rcode"], empty["answer"]) == (0, [])
    (soa,) = empty["authority"]
    assert soa[0] == "example.com" and soa[1] == 6 and soa[3][:2] == ("ns1.example.com", "hostmaster.example.com")
    ent = ask(zmock, "b.example.com", "TXT")  # an empty non-terminal: NOERROR
    assert (ent["rcode"], ent["answer"]) == (0, [])
    assert ask(zmock, "nope.example.com", "TXT")["rcode"] == 3
    outside = ask(zmock, "example.org", "TXT")
    assert (outside["rcode"], outside["aa"]) == (5, False)


def test_dns_apex_ns_soa_and_glue(zmock):
    doc = ask(zmock, "example.com", "NS")
    assert doc["answer"] == [("example.com", 2, 3600, "ns1.example.com")]
    assert doc["additional"] == [("ns1.example.com", 1, 3600, "127.0.0.1")]
    assert ask(zmock, "ns1.example.com", "A")["answer"] == [("ns1.example.com", 1, 3600, "127.0.0.1")]
    soa1 = ask(zmock, "example.com", "SOA")["answer"][0][3]
    zmock.add_record("example.com", "x", "TXT", "v", applied=False)
    gdns(zmock.url, "PUT", f"/record/apply/{zone_id(zmock, 'example.com')}")
    soa2 = ask(zmock, "example.com", "SOA")["answer"][0][3]
    assert soa2[2] == soa1[2] + 1  # the serial moves with every apply that changed something
    # The zone's own name server for a sub-name, found by walking up (as resolvers do).
    assert ask(zmock, "_acme-challenge.www.example.com", "SOA")["authority"][0][0] == "example.com"


def test_dns_truncates_over_udp_and_answers_over_tcp(zmock):
    for i in range(12):
        zmock.add_record("example.com", "big", "TXT", f"{i:02d}" + "v" * 60)
    udp = ask(zmock, "big.example.com", "TXT", edns=True)
    assert udp["tc"] and udp["answer"] == [] and udp["rcode"] == 0
    tcp = ask(zmock, "big.example.com", "TXT", tcp=True)
    assert not tcp["tc"] and len(tcp["answer"]) == 12
    assert [q.truncated for q in zmock.dns_queries[-2:]] == [True, False]
    assert [q.transport for q in zmock.dns_queries[-2:]] == ["udp", "tcp"]


def test_dns_tcp_connection_takes_several_queries(zmock):
    zmock.add_record("example.com", "t", "TXT", "a")
    host, port = zmock.dns_address.rsplit(":", 1)
    with socket.create_connection((host, int(port)), timeout=5) as s:
        for _ in range(3):
            q = dns_query("t.example.com", "TXT")
            s.sendall(struct.pack(">H", len(q)) + q)
            n = struct.unpack(">H", s.recv(2))[0]
            data = b""
            while len(data) < n:
                data += s.recv(n - len(data))
            assert txt_answers(dns_parse(data)) == ["a"]


def test_dns_serves_what_publish_txt_put_there(zmock):
    zmock.publish_txt("_dnsauth.elsewhere.org", "hooked")
    assert txt_answers(ask(zmock, "_dnsauth.elsewhere.org", "TXT")) == ["hooked"]
    zmock.publish_txt("_dnsauth.example.com", "in-zone")
    assert txt_answers(ask(zmock, "_dnsauth.example.com", "TXT")) == ["in-zone"]
    assert zmock.unpublish_txt("_dnsauth.elsewhere.org", "hooked")
    assert ask(zmock, "_dnsauth.elsewhere.org", "TXT")["rcode"] == 5


@pytest.mark.parametrize("raw,rcode", [
    (struct.pack(">HHHHHH", 7, 0x0100, 2, 0, 0, 0) + b"\0\0\x10\0\x01" * 2, 1),  # 2 questions
    (struct.pack(">HHHHHH", 7, 0x0100, 1, 0, 0, 0) + b"\x05ab", 1),  # truncated name
    (struct.pack(">HHHHHH", 7, 0x0100, 1, 0, 0, 0) + b"\xc0\x0c\0\x10\0\x01", 1),  # pointer loop
    (struct.pack(">HHHHHH", 7, 0x2100, 1, 0, 0, 0) + b"\0\0\x10\0\x01", 4),  # opcode 4
    (struct.pack(">HHHHHH", 7, 0x0100, 1, 0, 0, 0) + b"\x07example\x03com\0\0\x10\0\x03", 5),  # CH
])
def test_dns_bad_queries_get_an_error_code(zmock, raw, rcode):
    host, port = zmock.dns_address.rsplit(":", 1)
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
        s.settimeout(5)
        s.sendto(raw, (host, int(port)))
        reply, _ = s.recvfrom(65535)
    qid, flags = struct.unpack(">HH", reply[:4])
    assert qid == 7 and flags & 0x8000 and flags & 0xF == rcode
    assert txt_answers(ask(zmock, "example.com", "TXT")) == []  # still serving


class _Addr:
    def __init__(self, dns_address: str):
        self.dns_address = dns_address


def test_standalone_global_dns_and_name_server(tmp_path):
    proc, text = _run_standalone(tmp_path, "--zone", "example.com", "--foreign-record",
                                 "example.com", "--foreign-pending", "other.net", "--dns-port", "0",
                                 "--refuse-second-txt")
    try:
        url, dns_address = text.split("\n")
        ns = _Addr(dns_address)
        assert re.fullmatch(r"127\.0\.0\.1:\d+", dns_address)
        zones = gdns(url, "GET", "/domain?page=0&size=10").json()["content"]
        ids = {z["name"]: z["id"] for z in zones}
        assert set(ids) == {"example.com", "other.net"}
        pending = txt_records(url, ids["other.net"])
        assert [(r["host"], r["applyYn"]) for r in pending] == [("foreign-pending", False)]
        assert ask(ns, "foreign-pending.other.net", "TXT")["rcode"] == 3
        assert txt_answers(ask(ns, "foreign.example.com", "TXT")) == ["someone else's record"]
        no = place(url, "cli", commonName="cli.example.com", dnsName=_DROP)
        item = dcv_item(get_dcv(url, no, "domainAddress=cli.example.com"))
        host = item["txtName"][:-len(".example.com")]
        body = [{"host": host, "type": "TXT", "content": item["txtValue"], "ttl": 60}]
        assert gdns(url, "POST", f"/record/{ids['example.com']}", body).status == 200
        body[0]["content"] = "second value"
        assert_gdns_error(gdns(url, "POST", f"/record/{ids['example.com']}", body), "X00007")
        assert status_of(url, "cli") == ("0", "ONGOING")
        assert gdns(url, "PUT", f"/record/apply/{ids['example.com']}").status == 200
        assert txt_answers(ask(ns, item["txtName"], "TXT", tcp=True)) == [item["txtValue"]]
        assert status_of(url, "cli") == ("1", "NORMAL")
        hook(url, "/_mock/dns", {"name": "_x.elsewhere.org", "value": "v"})
        assert txt_answers(ask(ns, "_x.elsewhere.org", "TXT")) == ["v"]
        assert hook(url, "/_mock/dns", {"name": "_x.elsewhere.org", "value": "v",
                                         "remove": True}).json() == {"removed": True}
        assert ask(ns, "_x.elsewhere.org", "TXT")["rcode"] == 5
    finally:
        out, err = _terminate(proc)
    assert proc.returncode == 0
    assert f"mock-ncp dns on {dns_address}" in out
    assert "dns udp foreign.example.com TXT -> NOERROR 1 answer(s)" in err
    assert "-> 200 dns-applied" in err


def test_standalone_without_dns_port_has_no_name_server(tmp_path):
    proc, text = _run_standalone(tmp_path)
    try:
        assert "\n" not in text
    finally:
        out, _err = _terminate(proc)
    assert "dns on" not in out


@pytest.mark.parametrize("args", [["--zone", "bad..name"], ["--zone", ""], ["--dns-port", "x"]])
def test_standalone_bad_zone_exits_2(args):
    proc = subprocess.run([sys.executable, str(SERVER_PY), "--port", "0", *args],
                          capture_output=True, text=True, timeout=15)
    assert proc.returncode == 2, proc.stderr


def test_add_record_refuses_bad_input(zmock):
    with pytest.raises(ValueError, match="host"):
        zmock.add_record("example.com", "a.", "TXT", "x")
    with pytest.raises(KeyError):
        zmock.add_record("nowhere.example", "a", "TXT", "x")
    with pytest.raises(ValueError):
        zmock.add_zone("*.example.com")


def test_leaf_is_signed_from_the_orders_own_csr_after_dns(zmock, tmp_path):
    """A CSR made here for a fresh key: the issued leaf carries that key, after DCV through
    Global DNS."""
    openssl("req", "-new", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-384", "-nodes",
            "-keyout", "k.pem", "-out", "r.pem", "-subj", "/CN=www.example.com", cwd=tmp_path)
    reply = send(zmock.url, dv_body(csr=(tmp_path / "r.pem").read_text()))
    assert reply.status == 200, reply
    no = reply.json()["paidCertificate"]["certificateNo"]
    zid = zone_id(zmock, "example.com")
    body = [{"host": n[:-len(".example.com")], "type": "TXT", "content": v, "ttl": 60}
            for n, v in zmock.required_txt(no)]
    gdns(zmock.url, "POST", f"/record/{zid}", body)
    gdns(zmock.url, "PUT", f"/record/apply/{zid}")
    (tmp_path / "leaf.pem").write_text(lf_pem(get_chain(zmock.url, no).json()["certificate"]))
    assert openssl("pkey", "-in", "k.pem", "-pubout", cwd=tmp_path) == \
        openssl("x509", "-in", "leaf.pem", "-pubkey", "-noout", cwd=tmp_path)


# ---------------------------------------------------------------------------------------------
# ListOrders, GetOrder: subscriptions (research note §3d, §3e)

ORDERS_PATH = "/api/v2/certificate/orders"
SUBSCRIPTION_KEYS = ["orderId", "subscriptionStartDt", "subscriptionEndDt", "subscriptionYears",
                     "remainingDays", "extendableYears"]
KST_RE = r"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d"


def get_orders(base_url: str, query: str | None = None, **kw: Any) -> Reply:
    target = _prefix_of(base_url) + ORDERS_PATH + ("" if query is None else "?" + query)
    kw.setdefault("raw_body", b"")
    kw.setdefault("method", "GET")
    return send(base_url, target=target, **kw)


def get_order(base_url: str, order_id: str, **kw: Any) -> Reply:
    kw.setdefault("raw_body", b"")
    kw.setdefault("method", "GET")
    return send(base_url, target=_prefix_of(base_url) + ORDERS_PATH + "/" + order_id, **kw)


def kst_date(ms: int):
    import datetime
    return datetime.datetime.fromtimestamp(ms / 1000, tz=srv.KST).date()


def test_orders_list_shape_and_subscription_null_until_issued(mock):
    first, second = place(mock.url, "one"), place(mock.url, "two")
    reply = get_orders(mock.url)
    assert reply.status == 200, reply
    doc = reply.json()
    assert (doc["returnCode"], doc["returnMessage"], doc["totalCount"]) == ("0", "success", 2)
    items = doc["orders"]
    assert [list(i) for i in items] == [SUBSCRIPTION_KEYS] * 2
    assert [i["orderId"] for i in items] == ["900001", "900002"]
    assert [o.order_id for o in mock.orders] == ["900001", "900002"]
    for item, o in zip(items, mock.orders):
        assert item["subscriptionStartDt"] == o.regDate and re.fullmatch(KST_RE, o.regDate)
        assert item["subscriptionEndDt"] is None and item["remainingDays"] is None
        assert (item["subscriptionYears"], item["extendableYears"]) == (1, 0)
    rec = mock.requests[-1]
    assert (rec.route, rec.verdict) == ("orders", "orders-listed")

    publish_all(mock, first)  # the first certificate of order 900001 is issued
    item = get_orders(mock.url).json()["orders"][0]
    sub = mock.subscriptions["900001"]
    assert sub.endMs == srv.add_years(sub.startMs, 1)
    assert item["subscriptionEndDt"] == srv.kst_text(sub.endMs)
    assert item["subscriptionEndDt"][4:] == item["subscriptionStartDt"][4:]
    assert int(item["subscriptionEndDt"][:4]) == int(item["subscriptionStartDt"][:4]) + 1
    assert item["remainingDays"] == (kst_date(sub.endMs) - kst_date(now_ms())).days
    assert item["remainingDays"] in (365, 366) and item["extendableYears"] == 2
    assert get_orders(mock.url).json()["orders"][1]["subscriptionEndDt"] is None
    del second


def test_orders_paging_and_accounts():
    with srv.start(KEYS2, log=io.StringIO()) as m:
        for name in ("a", "b", "c"):
            place(m.url, name)
        place(m.url, "other", access_key=AK2, secret_key=SK2)
        ids = lambda r: [i["orderId"] for i in r.json()["orders"]]  # noqa: E731
        assert ids(get_orders(m.url)) == ["900001", "900002", "900003"]
        assert ids(get_orders(m.url, "page=1&pageSize=0")) == ["900001", "900002", "900003"]
        reply = get_orders(m.url, "page=2&pageSize=2")
        assert ids(reply) == ["900003"] and reply.json()["totalCount"] == 3
        assert ids(get_orders(m.url, "pageSize=2")) == ["900001", "900002"]
        assert ids(get_orders(m.url, "page=9&pageSize=2")) == []
        assert ids(get_orders(m.url, access_key=AK2, secret_key=SK2)) == ["900004"]
        for query, fieldname in (("page=-1", "page"), ("pageSize=x", "pageSize"),
                                 ("page=1&page=2", "page")):
            assert fieldname in assert_service(get_orders(m.url, query), "1003")
        assert_gateway(get_orders(m.url, sign_target=ORDERS_PATH + "?x"), 401, "200",
                       "Authentication Failed")


def test_get_order_shape(mock):
    no = place(mock.url, "web")
    reply = get_order(mock.url, "900001")
    assert reply.status == 200, reply
    doc = reply.json()
    assert list(doc) == ["returnCode", "returnMessage", "totalCount", *SUBSCRIPTION_KEYS,
                         "certificates"]
    assert doc["totalCount"] == 1 and doc["subscriptionEndDt"] is None
    listed = list_certs(mock.url).json()["orders"][0]["certificates"]
    assert doc["certificates"] == listed
    assert doc["certificates"][0]["certificateNo"] == no
    assert "orderId" not in doc["certificates"][0]
    assert (mock.requests[-2].route, mock.requests[-2].verdict) == ("order", "order-sent")
    publish_all(mock, no)
    doc = get_order(mock.url, "900001").json()
    assert doc["certificates"][0]["statusCode"] == "1" and doc["subscriptionEndDt"]


def test_get_order_unknown_or_other_account():
    with srv.start(KEYS2, log=io.StringIO()) as m:
        place(m.url, "web")
        for order_id in ("900002", "x", "0900001"):
            assert "No order exists" in assert_service(get_order(m.url, order_id), "1008")
        assert_service(get_order(m.url, "900001", access_key=AK2, secret_key=SK2), "1008")
        for target in (ORDERS_PATH + "/", ORDERS_PATH + "/900001/", ORDERS_PATH + "/a/b"):
            assert_gateway(send(m.url, target=target, method="GET", raw_body=b""), 404, "300",
                           "Not Found")
        assert_gateway(send(m.url, target=ORDERS_PATH), 404, "300", "Not Found")  # POST


def test_set_subscription_hooks(mock):
    place(mock.url, "web")
    sub = mock.set_subscription("900001", years=3)
    assert sub.subscriptionYears == 3 and sub.endMs is None  # no end until issued
    publish_all(mock, mock.orders[0].certificateNo)
    assert sub.endMs == srv.add_years(sub.startMs, 3)
    assert get_orders(mock.url).json()["orders"][0]["extendableYears"] == 0
    mock.set_subscription("900001", remaining_days=10)
    item = get_orders(mock.url).json()["orders"][0]
    assert item["remainingDays"] == 10 and item["subscriptionYears"] == 3
    mock.set_subscription("900001", end="2030-01-02 03:04:05")
    assert get_orders(mock.url).json()["orders"][0]["subscriptionEndDt"] == "2030-01-02 03:04:05"
    mock.expire_subscription("900001")
    item = get_orders(mock.url).json()["orders"][0]
    assert item["remainingDays"] == -1 and item["extendableYears"] == 0
    assert mock.subscriptions["900001"].ended(mock.now_ms())
    with pytest.raises(KeyError):
        mock.set_subscription("1", years=1)
    for bad in ({"years": 0}, {"end": "2030-01-02"}, {"end": 1.5}, {"remaining_days": "1"},
                {"end": 0, "remaining_days": 1}):
        with pytest.raises(ValueError):
            mock.set_subscription("900001", **bad)


def test_subscription_years_from_the_request_and_the_option():
    with srv.start(KEYS, log=io.StringIO(), subscription_years=2) as m:
        place(m.url, "a")
        send(m.url, dv_body(certificateName="b", subscriptionPeriod=3))
        send(m.url, dv_body(certificateName="c", subscriptionPeriod="1Y"))
        send(m.url, dv_body(certificateName="d", subscriptionPeriod="forever"))
        years = [i["subscriptionYears"] for i in get_orders(m.url).json()["orders"]]
        assert years == [2, 3, 1, 2]
    with pytest.raises(ValueError, match="subscription_years"):
        srv.MockNcp(KEYS, subscription_years=0, dns_port=None)


def test_order_id_in_items_flag():
    with srv.start(KEYS, log=io.StringIO(), order_id_in_items=True) as m:
        place(m.url, "web")
        cert = list_certs(m.url).json()["orders"][0]["certificates"][0]
        assert cert["orderId"] == "900001"
        assert get_order(m.url, "900001").json()["certificates"][0]["orderId"] == "900001"


def test_orders_extra_fields_and_malformed_fault():
    with srv.start(KEYS, log=io.StringIO(), extra_fields=True) as m:
        place(m.url, "web")
        assert _has_extras(get_orders(m.url).json()["orders"][0])
        doc = get_order(m.url, "900001").json()
        assert _has_extras(doc) and _has_extras(doc["certificates"][0])
        reply = get_order(m.url, "900001", headers={"x-mock-fault": "malformed"})
        assert reply.status == 200 and reply.body.endswith(b'"orderId":"')
        m.queue_fault("unavailable@orders")
        assert get_order(m.url, "900001").status == 200
        assert get_orders(m.url).status == 503


def test_subscription_http_hook(mock):
    place(mock.url, "web")
    reply = hook(mock.url, "/_mock/subscription", {"orderId": "900001", "remainingDays": -2,
                                                     "years": 2, "leafDays": 5})
    assert reply.status == 200, reply
    assert reply.json()["remainingDays"] == -2 and reply.json()["subscriptionYears"] == 2
    assert mock.subscriptions["900001"].leafDays == 5
    assert hook(mock.url, "/_mock/subscription", {"orderId": "9"}).status == 404
    for bad in ({"orderId": 900001}, {"orderId": "900001", "years": "1"},
                {"orderId": "900001", "end": 5}, {"orderId": "900001", "years": 0}):
        assert hook(mock.url, "/_mock/subscription", bad).status == 400
    assert mock.hook_requests[-1].route == "hook:subscription"


def test_subscription_helpers():
    feb29 = srv.parse_kst_text("2028-02-29 10:00:00")
    assert srv.kst_text(srv.add_years(feb29, 1)) == "2029-02-28 10:00:00"
    assert srv.kst_text(srv.add_years(feb29, 4)) == "2032-02-29 10:00:00"
    now = srv.parse_kst_text("2027-06-01 23:59:00")
    assert srv.remaining_days(None, now) is None
    assert srv.remaining_days(srv.parse_kst_text("2027-06-02 00:01:00"), now) == 1
    assert srv.remaining_days(srv.parse_kst_text("2027-06-01 00:00:00"), now) == 0
    assert srv.remaining_days(srv.parse_kst_text("2027-05-31 23:00:00"), now) == -1
    ends = {"2027-12-31 00:00:00": 3, "2028-01-01 00:00:00": 2, "2029-06-01 00:00:00": 1,
            "2030-01-01 00:00:00": 0, "2027-05-01 00:00:00": 0}
    for end, years in ends.items():
        assert srv.extendable_years(srv.parse_kst_text(end), now) == years, end
    assert srv.extendable_years(None, now) == 0
    assert srv._subscription_period(True) is None and srv._subscription_period("2y") == 2


# ---------------------------------------------------------------------------------------------
# ReissueCertificate (research note §6a)

REISSUE_PATH = "/api/v2/certificate/{}/reissue"


def reissue_body(name: str = "web-r2", **over: Any) -> dict[str, Any]:
    body = {"csr": SAMPLE_CSR, "certificateName": name, "commonName": "www.example.com",
            "dnsName": ["www.example.com", "example.com"], "validationMethod": "D"}
    body.update(over)
    return {k: v for k, v in body.items() if v is not _DROP}


def reissue(base_url: str, no: int | str, name: str = "web-r2", body: Any = None,
            **kw: Any) -> Reply:
    target = _prefix_of(base_url) + REISSUE_PATH.format(no)
    return send(base_url, reissue_body(name) if body is None else body, target=target, **kw)


def issued(mock, name: str = "web") -> int:
    """Place an order and let its certificate be issued; return its certificateNo."""
    no = place(mock.url, name)
    publish_all(mock, no)
    assert mock.find_order(no).statusCode == "1"
    return no


def test_reissue_makes_a_new_certificate_in_the_same_order(mock, tmp_path):
    old = issued(mock)
    end = mock.subscriptions["900001"].endMs
    openssl("req", "-new", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes",
            "-keyout", "k.pem", "-out", "r.pem", "-subj", "/CN=www.example.com", cwd=tmp_path)
    reply = reissue(mock.url, old, body=reissue_body(csr=(tmp_path / "r.pem").read_text()))
    assert reply.status == 200, reply
    assert reply.json() == {"returnCode": "0", "returnMessage": "success", "totalRows": 1}
    rec = mock.requests[-1]
    assert (rec.route, rec.verdict, rec.status) == ("reissue", "reissued", 200)
    assert len(mock.orders) == 1 and len(mock.reissues) == 1
    new = mock.reissues[0]
    assert (new.certificateNo, new.orderId, new.reissueOf) == (old + 1, "900001", old)
    assert (new.certificateName, new.statusCode, new.certificateType) == \
        ("web-r2", "0", "NCP_PAID_DV_01")
    assert mock.find_order(new.certificateNo) is new
    assert mock.order_certificates("900001") == [mock.orders[0], new]
    # Found by its name, in its order; the listing groups the order's certificates.
    (item,) = list_certs(mock.url, "certificateName=web-r2").json()["orders"]
    assert item["orderId"] == "900001"
    assert [c["certificateNo"] for c in item["certificates"]] == [new.certificateNo]
    doc = list_certs(mock.url).json()
    assert doc["totalCount"] == 2 and len(doc["orders"]) == 1
    assert [c["certificateName"] for c in doc["orders"][0]["certificates"]] == ["web", "web-r2"]
    assert get_order(mock.url, "900001").json()["totalCount"] == 2
    assert len(get_orders(mock.url).json()["orders"]) == 1
    # DCV as for an order: its own records, then a leaf from the reissue's CSR.
    assert mock.required_txt(new.certificateNo) != mock.required_txt(old)
    assert dcv_item(get_dcv(mock.url, new.certificateNo))["validStatusCode"] == "VALID_STATUS_REG"
    assert_service(get_chain(mock.url, new.certificateNo), "1007")
    publish_all(mock, new.certificateNo)
    chain = get_chain(mock.url, new.certificateNo)
    assert chain.status == 200, chain
    (tmp_path / "leaf.pem").write_text(lf_pem(chain.json()["certificate"]))
    assert openssl("pkey", "-in", "k.pem", "-pubout", cwd=tmp_path) == \
        openssl("x509", "-in", "leaf.pem", "-pubkey", "-noout", cwd=tmp_path)
    assert mock.subscriptions["900001"].endMs == end  # the subscription does not move
    assert mock.find_order(old).statusCode == "1"  # the old one stays as it was


def test_reissue_names_must_be_new(mock):
    old = issued(mock)
    place(mock.url, "other")
    for name in ("web", "other"):
        assert name in assert_service(reissue(mock.url, old, name), "2000")
    assert reissue(mock.url, old, "web-r2").status == 200
    assert_service(reissue(mock.url, old, "web-r2"), "2000")
    assert_service(order(mock.url, "web-r2"), "2000")
    assert len(mock.reissues) == 1 and len(mock.orders) == 2


def test_reissue_refused_once_the_subscription_has_ended(mock):
    old = issued(mock)
    mock.expire_subscription(mock.orders[0].order_id)
    message = assert_service(reissue(mock.url, old), "1009")
    assert "900001" in message and mock.reissues == []
    mock.set_subscription("900001", remaining_days=30)
    assert reissue(mock.url, old).status == 200 and len(mock.reissues) == 1


def test_reissue_of_an_order_not_issued_yet_is_taken(mock):
    no = place(mock.url)
    assert mock.subscriptions["900001"].endMs is None
    assert reissue(mock.url, no).status == 200


def test_reissue_refusals(mock):
    old = issued(mock)
    assert_service(reissue(mock.url, 999999), "1006")
    assert_service(reissue(mock.url, "12ab"), "1003")
    msg = assert_service(reissue(mock.url, old, body={"certificateType": "NCP_PAID_DV_01"}), "1001")
    assert msg.endswith("csr, certificateName, commonName, validationMethod")
    assert_service(reissue(mock.url, old, body=reissue_body(validationMethod="E")), "1004")
    assert_service(reissue(mock.url, old, body=reissue_body(dnsName="x")), "1003")
    assert_service(reissue(mock.url, old, body=reissue_body(csr="nope")), "1002")
    assert_service(reissue(mock.url, old, headers={"Content-Type": "text/plain"}), "1005")
    target = REISSUE_PATH.format(old)
    assert_gateway(reissue(mock.url, old, sign_target=target + "?"), 401, "200",
                   "Authentication Failed")
    for method, tgt in (("GET", target), ("POST", target + "/"), ("POST", f"/api/v2/certificate/"
                                                                          f"a/{old}/reissue")):
        assert_gateway(send(mock.url, reissue_body(), method=method, target=tgt), 404, "300",
                       "Not Found")
    assert mock.reissues == []
    # Type and organisation come from the order; a certificateType sent is ignored.
    assert reissue(mock.url, old, body=reissue_body(certificateType="NCP_PAID_OV_01")).status == 200
    assert mock.reissues[0].certificateType == "NCP_PAID_DV_01"


def test_reissue_of_another_accounts_certificate_is_unknown():
    with srv.start(KEYS2, log=io.StringIO()) as m:
        no = place(m.url)
        assert_service(reissue(m.url, no, access_key=AK2, secret_key=SK2), "1006")
        assert m.reissues == []


def test_reissue_lost_answer_504_acts_once(mock):
    old = issued(mock)
    reply = reissue(mock.url, old, headers={"x-mock-fault": "placed-then-504"})
    assert reply.status == 504 and reply.json() == srv.ENDPOINT_TIMEOUT
    rec = mock.requests[-1]
    assert (rec.verdict, rec.status, rec.fault) == ("reissued", 504, "placed-then-504")
    assert len(mock.reissues) == 1 and len(mock.orders) == 1
    assert listed_names(list_certs(mock.url, "certificateName=web-r2")) == ["web-r2"]


def test_reissue_lost_answer_close_from_the_queue_acts_once(log):
    with srv.start(KEYS, log=log, faults=["placed-then-close@reissue"]) as m:
        old = issued(m)  # the issuance does not take the @reissue fault
        with pytest.raises((http.client.RemoteDisconnected, ConnectionResetError)):
            reissue(m.url, old)
        assert m.pending_faults() == []
        assert len(m.reissues) == 1 and m.requests[-1].status == 0
        assert m.requests[-1].verdict == "reissued"
        assert "-> closed reissued [placed-then-close]" in log.getvalue()
        assert reissue(m.url, old, "web-r3").status == 200  # the fault was used once
        assert len(m.reissues) == 2


def test_reissue_faults_keep_their_scopes(log):
    with srv.start(KEYS, log=log, faults=["placed-then-504", "placed-then-stall:5@reissue",
                                          "throttle@reissue"]) as m:
        assert order(m.url, "web").status == 504  # the reissue faults are passed by
        no = m.orders[0].certificateNo
        assert_service(reissue(m.url, 9999), "1006")  # a refused reissue uses the stall up
        assert m.pending_faults() == ["throttle:1@reissue"]
        assert reissue(m.url, no).status == 429 and m.reissues == []
        assert reissue(m.url, no).status == 200
    with pytest.raises(ValueError, match="@reissue"):
        srv.parse_queued_fault("placed-then-504@list")
    assert srv.parse_queued_fault("placed-then-close@reissue").scope == "reissue"


def test_reissue_validates_through_global_dns_and_auto_validate(zmock):
    old = issued(zmock)
    assert reissue(zmock.url, old).status == 200
    new = zmock.reissues[0].certificateNo
    zid = zone_id(zmock, "example.com")
    body = [{"host": n[:-len(".example.com")] or "@", "type": "TXT", "content": v, "ttl": 60}
            for n, v in zmock.required_txt(new)]
    assert gdns(zmock.url, "POST", f"/record/{zid}", body).status == 200
    assert gdns(zmock.url, "PUT", f"/record/apply/{zid}").status == 200
    assert zmock.find_order(new).statusCode == "1"
    with srv.start(KEYS, log=io.StringIO(), auto_validate=True) as m:
        no = place(m.url)
        m.validate(no)
        assert reissue(m.url, no).status == 200
        new = m.reissues[0].certificateNo
        for domain in ("www.example.com", "example.com"):
            get_dcv(m.url, new, f"domainAddress={domain}")
        assert m.find_order(new).statusCode == "1"


# ---------------------------------------------------------------------------------------------
# Leaf lifetime


def leaf_dates(pem: str, tmp_path: Path) -> tuple[float, float]:
    """notBefore and notAfter of a leaf, as epoch seconds."""
    import calendar
    (tmp_path / "dates.pem").write_text(pem)
    out = openssl("x509", "-in", "dates.pem", "-noout", "-startdate", "-enddate", cwd=tmp_path)
    dates = dict(line.split("=", 1) for line in out.splitlines())
    parse = lambda t: calendar.timegm(time.strptime(t, "%b %d %H:%M:%S %Y GMT"))  # noqa: E731
    return parse(dates["notBefore"]), parse(dates["notAfter"])


def test_leaf_days_option_and_per_order_override(tmp_path):
    with srv.start(KEYS, log=io.StringIO(), leaf_days=5) as m:
        before = time.time()
        a = issued(m, "a")
        not_before, not_after = leaf_dates(m.find_order(a).certificatePem, tmp_path)
        assert before - 5 <= not_before <= time.time() + 5
        assert not_after - not_before == 5 * 86400
        place(m.url, "b")
        m.set_leaf_days("900002", 2)
        b = m.orders[1].certificateNo
        publish_all(m, b)
        not_before, not_after = leaf_dates(m.find_order(b).certificatePem, tmp_path)
        assert not_after - not_before == 2 * 86400
        # The override holds for the order's reissued certificates; None goes back to the default.
        assert reissue(m.url, b, "b-r2").status == 200
        m.validate(m.reissues[0].certificateNo)
        assert leaf_dates(m.reissues[0].certificatePem, tmp_path)[1] - \
            leaf_dates(m.reissues[0].certificatePem, tmp_path)[0] == 2 * 86400
        m.set_leaf_days("900002", None)
        m.leaf_days = 1
        assert reissue(m.url, b, "b-r3").status == 200
        m.validate(m.reissues[1].certificateNo)
        nb, na = leaf_dates(m.reissues[1].certificatePem, tmp_path)
        assert na - nb == 86400
        with pytest.raises(ValueError):
            m.set_leaf_days("900002", 0)
        with pytest.raises(KeyError):
            m.set_leaf_days("1", 3)
    with pytest.raises(ValueError, match="leaf_days"):
        srv.MockNcp(KEYS, leaf_days=0, dns_port=None)


def test_default_leaf_lifetime_is_90_days(mock, tmp_path):
    no = issued(mock)
    nb, na = leaf_dates(mock.find_order(no).certificatePem, tmp_path)
    assert na - nb == 90 * 86400


def test_standalone_leaf_days_subscription_years_and_order_id_in_items(tmp_path):
    proc, url = _run_standalone(tmp_path, "--leaf-days", "3", "--subscription-years", "2",
                                "--order-id-in-items", "--auto-validate")
    try:
        no = place(url, "demo", commonName="demo.example.com", dnsName=_DROP)
        get_dcv(url, no, "domainAddress=demo.example.com")
        nb, na = leaf_dates(lf_pem(get_chain(url, no).json()["certificate"]), tmp_path)
        assert na - nb == 3 * 86400
        item = get_orders(url).json()["orders"][0]
        assert item["subscriptionYears"] == 2 and item["remainingDays"] >= 730
        assert list_certs(url).json()["orders"][0]["certificates"][0]["orderId"] == "900001"
        reply = hook(url, "/_mock/subscription", {"orderId": "900001", "remainingDays": -1})
        assert reply.status == 200, reply
        assert_service(reissue(url, no, body=reissue_body(commonName="demo.example.com",
                                                          dnsName=_DROP)), "1009")
    finally:
        _terminate(proc)
    assert proc.returncode == 0
