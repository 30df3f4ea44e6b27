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
         raw_body: bytes | None = None, conn: http.client.HTTPConnection | None = None) -> Reply:
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
    c = conn or http.client.HTTPConnection(host, port, timeout=15)
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

    again = send(mock.url).json()["paidCertificate"]
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
        assert send(mock.url, conn=c).status == 200
        assert send(mock.url, conn=c, access_key="NOPE").status == 401
        assert send(mock.url, conn=c).status == 200
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
        assert send(m.url, timestamp=clock - 299_999).status == 200
        assert send(m.url, timestamp=clock + 299_999).status == 200
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
        assert send(m.url).status == 200
        assert [r.verdict for r in m.requests] == [
            "fault:throttle", "fault:throttle", "fault:unavailable", "accepted",
            "fault:malformed", "fault:forbidden-empty", "accepted"]


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
