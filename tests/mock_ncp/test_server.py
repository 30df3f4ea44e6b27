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
