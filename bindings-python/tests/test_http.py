"""NcpAuth and signed requests end to end, with real ``requests`` and ``httpx`` (sync and async)
against a local stdlib HTTP server that checks signature v2 the way the API Gateway does: from
the raw request-target it received, with ``hmac``/``hashlib``/``base64`` only."""

from __future__ import annotations

import hmac
import json
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import httpx
import ncpcert
import pytest
import requests
from conftest import DATA, reference_signature, sample_request as request_body

AK = "LOCALTESTACCESSKEY01"
SK = "LocalTestSecretKey0000000000000000000001"
WRONG_SK = "LocalTestSecretKey0000000000000000000002"
ENDPOINT = "/api/v2/certificate/requestPaidCertificateIssuance"
TIMEOUT = 10.0
FIVE_MINUTES_MS = 5 * 60 * 1000
SUCCESS = {
    "returnCode": "0",
    "returnMessage": "success",
    "totalRows": 1,
    "paidCertificate": {
        "certificateNo": 4242,
        "requestSn": "REQ-4242",
        "certificateName": "www-example",
        "statusCode": "0",
        "statusName": "ONGOING",
        "regDate": "2026-11-28 17:10:00",
        "validationMethod": "D",
        "organizationNo": None,
    },
}


@dataclass
class Seen:
    method: str
    target: str
    headers: dict[str, str]
    body: bytes
    accepted: bool


@dataclass
class Gateway:
    url: str
    seen: list[Seen] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def last(self) -> Seen:
        with self.lock:
            return self.seen[-1]

    def clear(self) -> None:
        with self.lock:
            self.seen.clear()


def make_handler(gateway: Gateway) -> type[BaseHTTPRequestHandler]:
    keys = {AK: SK}

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"
        timeout = TIMEOUT

        def handle_any(self) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            body = self.rfile.read(length) if length else b""
            ts = self.headers.get("x-ncp-apigw-timestamp") or ""
            ak = self.headers.get("x-ncp-iam-access-key") or ""
            signature = self.headers.get("x-ncp-apigw-signature-v2") or ""
            accepted = False
            if ak in keys and ts.isdigit() and signature:
                # self.path is the request-target exactly as received on the request line.
                expected = reference_signature(self.command, self.path, ts, ak, keys[ak])
                fresh = abs(int(ts) - time.time_ns() // 1_000_000) < FIVE_MINUTES_MS
                accepted = fresh and hmac.compare_digest(expected, signature)
            with gateway.lock:
                gateway.seen.append(Seen(self.command, self.path, dict(self.headers.items()), body, accepted))
            if accepted:
                status, payload = 200, SUCCESS
            else:
                status, payload = 401, {"error": {"errorCode": "200", "message": "Authentication Failed"}}
            data = json.dumps(payload).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        do_GET = do_POST = do_PUT = do_DELETE = do_PATCH = handle_any

        def log_message(self, format: str, *args: Any) -> None:
            pass

    return Handler


@pytest.fixture(scope="module")
def gateway() -> Iterator[Gateway]:
    gw = Gateway(url="")
    server = ThreadingHTTPServer(("127.0.0.1", 0), make_handler(gw))
    server.daemon_threads = True
    gw.url = f"http://127.0.0.1:{server.server_address[1]}"
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    try:
        yield gw
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=TIMEOUT)
        assert not thread.is_alive()


@pytest.fixture
def gw(gateway: Gateway) -> Gateway:
    gateway.clear()
    return gateway


@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"




PARAMS = {"q": "a b", "x": "é", "y": "1/2+3"}


def check_accepted(gw: Gateway, status: int, method: str, target_check: Any = None) -> Seen:
    seen = gw.last()
    assert status == 200, (seen.target, seen.headers)
    assert seen.accepted and seen.method == method
    assert seen.headers["x-ncp-iam-access-key"] == AK
    if target_check is not None:
        assert target_check(seen.target), seen.target
    return seen


def encoded_params(target: str) -> bool:
    # The clients percent-encode the space (as + or %20), é (UTF-8) and the slash/plus.
    return target.startswith("/search?") and "%C3%A9" in target and " " not in target and "é" not in target


# --------------------------------------------------------------------------- requests


def test_requests_post_json(gw: Gateway) -> None:
    body = request_body()
    r = requests.post(gw.url + ENDPOINT, json=body, auth=ncpcert.NcpAuth(AK, SK), timeout=TIMEOUT)
    seen = check_accepted(gw, r.status_code, "POST", lambda t: t == ENDPOINT)
    assert json.loads(seen.body) == body
    issued = ncpcert.parse_response(r.status_code, r.content)
    assert issued.paid_certificate.certificate_no == 4242


def test_requests_get_with_encoded_query(gw: Gateway) -> None:
    r = requests.get(gw.url + "/search", params=PARAMS, auth=ncpcert.NcpAuth(AK, SK), timeout=TIMEOUT)
    check_accepted(gw, r.status_code, "GET", encoded_params)


def test_requests_path_with_encoded_slash(gw: Gateway) -> None:
    r = requests.get(gw.url + "/api/a%2Fb/c?k=v%2Fw", auth=ncpcert.NcpAuth(AK, SK), timeout=TIMEOUT)
    check_accepted(gw, r.status_code, "GET", lambda t: t == "/api/a%2Fb/c?k=v%2Fw")


def test_requests_session_signs_every_request_afresh(gw: Gateway) -> None:
    ticks = iter(range(10))

    def clock() -> int:
        return time.time_ns() // 1_000_000 - 1000 + next(ticks)

    with requests.Session() as session:
        session.auth = ncpcert.NcpAuth(AK, SK, clock=clock)
        for method in ("GET", "PUT", "DELETE"):
            r = session.request(method, gw.url + "/api/x", data=b"abc", timeout=TIMEOUT)
            check_accepted(gw, r.status_code, method)
    stamps = [s.headers["x-ncp-apigw-timestamp"] for s in gw.seen]
    assert len(set(stamps)) == 3


def test_requests_wrong_secret_is_refused(gw: Gateway) -> None:
    r = requests.post(gw.url + ENDPOINT, json=request_body(), auth=ncpcert.NcpAuth(AK, WRONG_SK), timeout=TIMEOUT)
    assert r.status_code == 401 and not gw.last().accepted
    with pytest.raises(ncpcert.GatewayError) as info:
        ncpcert.parse_response(r.status_code, r.content)
    assert info.value.code == "200" and info.value.http_status == 401


def test_clock_offset_reaches_the_wire(gw: Gateway) -> None:
    stale = ncpcert.NcpAuth(AK, SK, clock_offset_ms=-10 * 60 * 1000)
    r = requests.get(gw.url + "/api/x", auth=stale, timeout=TIMEOUT)
    assert r.status_code == 401
    sent = int(gw.last().headers["x-ncp-apigw-timestamp"])
    assert abs(sent - (time.time_ns() // 1_000_000 - 10 * 60 * 1000)) < 60_000


def test_requests_with_signed_prepared_request(gw: Gateway) -> None:
    prepared = ncpcert.prepare(request_body(), base_url=gw.url)
    signed = ncpcert.Signer(AK, SK).sign_request(prepared)
    assert signed.url == gw.url + ENDPOINT
    r = requests.request(
        signed.method, signed.url, headers=signed.headers, data=signed.body.encode(), timeout=TIMEOUT
    )
    seen = check_accepted(gw, r.status_code, "POST", lambda t: t == ENDPOINT)
    assert seen.body.decode() == prepared.body
    assert seen.headers["Content-Type"].startswith("application/json")


def test_prefixed_base_url_signs_the_prefix(gw: Gateway) -> None:
    prepared = ncpcert.prepare(request_body(), base_url=gw.url + "/proxy/ncp")
    signed = ncpcert.Signer(AK, SK).sign_request(prepared)
    r = requests.post(signed.url, headers=signed.headers, data=signed.body.encode(), timeout=TIMEOUT)
    check_accepted(gw, r.status_code, "POST", lambda t: t == "/proxy/ncp" + ENDPOINT)


# --------------------------------------------------------------------------- httpx (sync)


def test_httpx_post_json(gw: Gateway) -> None:
    body = request_body()
    with httpx.Client(auth=ncpcert.NcpAuth(AK, SK), timeout=TIMEOUT) as client:
        r = client.post(gw.url + ENDPOINT, json=body)
    seen = check_accepted(gw, r.status_code, "POST", lambda t: t == ENDPOINT)
    assert json.loads(seen.body) == body


def test_httpx_get_with_encoded_query(gw: Gateway) -> None:
    with httpx.Client(timeout=TIMEOUT) as client:
        r = client.get(gw.url + "/search", params=PARAMS, auth=ncpcert.NcpAuth(AK, SK))
    check_accepted(gw, r.status_code, "GET", encoded_params)


def test_httpx_path_with_encoded_slash(gw: Gateway) -> None:
    with httpx.Client(timeout=TIMEOUT) as client:
        r = client.get(gw.url + "/api/a%2Fb/c?k=v%2Fw", auth=ncpcert.NcpAuth(AK, SK))
    check_accepted(gw, r.status_code, "GET", lambda t: t == "/api/a%2Fb/c?k=v%2Fw")


def test_httpx_wrong_secret_is_refused(gw: Gateway) -> None:
    with httpx.Client(timeout=TIMEOUT) as client:
        r = client.post(gw.url + ENDPOINT, json=request_body(), auth=ncpcert.NcpAuth(AK, WRONG_SK))
    assert r.status_code == 401 and not gw.last().accepted


def test_httpx_with_signed_prepared_request(gw: Gateway) -> None:
    prepared = ncpcert.prepare(request_body(), base_url=gw.url)
    signed = ncpcert.Signer(AK, SK).sign_request(prepared)
    with httpx.Client(timeout=TIMEOUT) as client:
        r = client.request(signed.method, signed.url, headers=signed.headers, content=signed.body.encode())
    seen = check_accepted(gw, r.status_code, "POST", lambda t: t == ENDPOINT)
    assert seen.body.decode() == prepared.body


# --------------------------------------------------------------------------- httpx (async)


@pytest.mark.anyio
async def test_httpx_async_post_json(gw: Gateway) -> None:
    body = request_body()
    async with httpx.AsyncClient(auth=ncpcert.NcpAuth(AK, SK), timeout=TIMEOUT) as client:
        r = await client.post(gw.url + ENDPOINT, json=body)
    seen = check_accepted(gw, r.status_code, "POST", lambda t: t == ENDPOINT)
    assert json.loads(seen.body) == body


@pytest.mark.anyio
async def test_httpx_async_get_with_encoded_query_and_slash(gw: Gateway) -> None:
    async with httpx.AsyncClient(auth=ncpcert.NcpAuth(AK, SK), timeout=TIMEOUT) as client:
        r = await client.get(gw.url + "/search", params=PARAMS)
        check_accepted(gw, r.status_code, "GET", encoded_params)
        r = await client.get(gw.url + "/api/a%2Fb/c")
        check_accepted(gw, r.status_code, "GET", lambda t: t == "/api/a%2Fb/c")


@pytest.mark.anyio
async def test_httpx_async_wrong_secret_is_refused(gw: Gateway) -> None:
    async with httpx.AsyncClient(auth=ncpcert.NcpAuth(AK, WRONG_SK), timeout=TIMEOUT) as client:
        r = await client.get(gw.url + "/api/x")
    assert r.status_code == 401 and not gw.last().accepted


@pytest.mark.anyio
async def test_httpx_async_with_signed_prepared_request(gw: Gateway) -> None:
    prepared = ncpcert.prepare(request_body(), base_url=gw.url)
    signed = ncpcert.Signer(AK, SK).sign_request(prepared)
    async with httpx.AsyncClient(timeout=TIMEOUT) as client:
        r = await client.request(signed.method, signed.url, headers=signed.headers, content=signed.body.encode())
    seen = check_accepted(gw, r.status_code, "POST", lambda t: t == ENDPOINT)
    assert seen.body.decode() == prepared.body
    issued = ncpcert.parse_response(r.status_code, r.content)
    assert issued.paid_certificate.status == "ONGOING"


# --------------------------------------------------------------------------- the server itself


def test_server_refuses_unsigned_and_tampered(gw: Gateway) -> None:
    r = requests.get(gw.url + "/api/x", timeout=TIMEOUT)
    assert r.status_code == 401
    headers = ncpcert.Signer(AK, SK).headers("GET", "/api/x")
    r = requests.get(gw.url + "/api/y", headers=headers, timeout=TIMEOUT)  # signed for another path
    assert r.status_code == 401
    r = requests.get(gw.url + "/api/x", headers=headers, timeout=TIMEOUT)
    assert r.status_code == 200
