#!/usr/bin/env python3
"""Mock of NAVER Cloud Platform's API Gateway + Certificate Manager, for the one call
ncpcert makes: ``POST /api/v2/certificate/requestPaidCertificateIssuance``.

Standard library only, and deliberately independent of ncpcert (it never imports it), so that
it checks ncpcert's output against a second, separate reading of the specification.

Standalone::

    python3 tests/mock_ncp/server.py --port 0 --keys tests/mock_ncp/keys.example.json \
        [--host 127.0.0.1] [--prefix /p] [--ready-file PATH] [--fault NAME[:COUNT]]... \
        [--clock-offset-ms MS]

Importable::

    mock = start({"AK": "SK"})          # port 0: a free port
    ... send requests to mock.url ...
    mock.requests[-1].verdict           # what the mock decided
    mock.stop()

See README.md beside this file for the checks, the verdicts and the error codes.
"""

from __future__ import annotations

import argparse
import base64
import email.utils
import hashlib
import hmac
import json
import math
import os
import re
import secrets
import signal
import socket
import sys
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, Callable, Iterable, TextIO

# --------------------------------------------------------------------------------------------
# Constants

ROUTE = "/api/v2/certificate/requestPaidCertificateIssuance"
ROUTE_METHOD = "POST"

H_TIMESTAMP = "x-ncp-apigw-timestamp"
H_ACCESS_KEY = "x-ncp-iam-access-key"
H_SIGNATURE = "x-ncp-apigw-signature-v2"
H_FAULT = "x-mock-fault"

MAX_SKEW_MS = 300_000  # 5 minutes: a request this far off (or further) is refused
MAX_BODY = 1 << 20  # 1 MiB; larger bodies get the gateway's 413
MAX_DRAIN = 64 << 20  # an oversized body up to this size is read and dropped before the 413
MAX_SLOW_SECONDS = 30.0
FIRST_CERTIFICATE_NO = 1000
KST_OFFSET_S = 9 * 3600  # NCP reports regDate in Korea Standard Time

CERT_TYPES = ("NCP_PAID_DV_01", "NCP_PAID_OV_01")
OV_TYPE = "NCP_PAID_OV_01"
VALIDATION_METHODS = ("D", "PD")
DISCONTINUED_METHODS = ("E",)
REQUIRED_FIELDS = ("csr", "certificateType", "certificateName", "commonName", "validationMethod")

PEM_BEGIN = "-----BEGIN CERTIFICATE REQUEST-----\n"
PEM_END = "-----END CERTIFICATE REQUEST-----\n"
_B64_LINE = re.compile(r"[A-Za-z0-9+/]*={0,2}")

# Service error codes (HTTP 400, {"returnCode": ..., "returnMessage": ...}).
E_BAD_JSON = "1000"
E_MISSING = "1001"
E_BAD_PEM = "1002"
E_BAD_VALUE = "1003"
E_DISCONTINUED = "1004"
E_CONTENT_TYPE = "1005"

FAULTS = ("throttle", "unavailable", "forbidden-empty", "malformed", "slow")

# Body the "malformed" fault sends: a truncated JSON document.
MALFORMED_BODY = b'{"returnCode":"0","returnMessage":"success","paidCertificate":{"certificateNo":'


# --------------------------------------------------------------------------------------------
# Faults


@dataclass(frozen=True)
class Fault:
    name: str
    seconds: float = 0.0  # for "slow" only

    def __str__(self) -> str:
        return f"slow:{self.seconds:g}" if self.name == "slow" else self.name


def parse_fault(text: str) -> Fault:
    """Parse a fault as given in the ``x-mock-fault`` header: ``NAME`` or ``slow:SECONDS``.

    ``slow`` is clamped to 30 s. Raises ValueError on anything else.
    """
    text = text.strip()
    name, sep, arg = text.partition(":")
    name = name.strip().lower()
    if name == "slow":
        if not sep:
            raise ValueError("slow needs a duration: slow:SECONDS")
        try:
            seconds = float(arg)
        except ValueError:
            raise ValueError(f"slow: {arg!r} is not a number of seconds") from None
        if not math.isfinite(seconds) or seconds < 0:
            raise ValueError(f"slow: {arg!r} is not a non-negative number of seconds")
        return Fault("slow", min(seconds, MAX_SLOW_SECONDS))
    if name in FAULTS and not sep:
        return Fault(name)
    raise ValueError(f"unknown fault {text!r}; known: throttle, unavailable, forbidden-empty, "
                     "malformed, slow:SECONDS")


def parse_fault_spec(text: str) -> tuple[Fault, int]:
    """Parse a queued fault, as given to ``--fault`` / ``start(faults=[...])``:
    ``NAME[:COUNT]`` or ``slow:SECONDS[:COUNT]``. COUNT defaults to 1."""
    parts = text.strip().split(":")
    is_slow = parts[0].strip().lower() == "slow"
    n_fault_parts = 2 if is_slow else 1
    if len(parts) > n_fault_parts + 1:
        raise ValueError(f"bad fault spec {text!r}: expected NAME[:COUNT] or slow:SECONDS[:COUNT]")
    fault = parse_fault(":".join(parts[:n_fault_parts]))
    count = 1
    if len(parts) == n_fault_parts + 1:
        try:
            count = int(parts[-1])
        except ValueError:
            raise ValueError(f"bad fault count in {text!r}") from None
        if count < 1:
            raise ValueError(f"fault count must be >= 1 in {text!r}")
    return fault, count


# --------------------------------------------------------------------------------------------
# What the mock records


@dataclass
class ReceivedRequest:
    method: str
    target: str  # raw request-target, exactly as on the request line
    headers: dict[str, str]  # lower-cased names; repeated headers joined with ", "
    body: bytes
    verdict: str = ""  # "accepted", "auth:signature-mismatch", "service:1002", "fault:throttle"…
    status: int = 0  # HTTP status sent
    fault: str | None = None  # the fault applied, if any ("slow:2" keeps the normal verdict)
    response: bytes = b""  # body sent

    def json(self) -> Any:
        return json.loads(self.body)


# --------------------------------------------------------------------------------------------
# Pure checks (no I/O)


class Refusal(Exception):
    """A request refused: HTTP status, verdict, JSON payload (or raw bytes)."""

    def __init__(self, status: int, verdict: str, payload: Any):
        super().__init__(verdict)
        self.status = status
        self.verdict = verdict
        self.payload = payload


def gateway_error(status: int, code: str, message: str, details: str | None, verdict: str) -> Refusal:
    err: dict[str, str] = {"errorCode": code, "message": message}
    if details is not None:
        err["details"] = details
    return Refusal(status, verdict, {"error": err})


def service_error(code: str, message: str) -> Refusal:
    return Refusal(400, f"service:{code}", {"returnCode": code, "returnMessage": message})


def _escape(text: str) -> str:
    """Show control, non-ASCII and backslash characters as escapes (logs, details)."""
    out = []
    for ch in text:
        o = ord(ch)
        if ch == "\\":
            out.append("\\\\")
        elif ch == "\n":
            out.append("\\n")
        elif 0x20 <= o < 0x7F:
            out.append(ch)
        elif o <= 0xFF:
            out.append(f"\\x{o:02x}")
        else:
            out.append(f"\\u{o:04x}")
    return "".join(out)


def string_to_sign(method: str, target: str, timestamp: str, access_key: str) -> bytes:
    """The bytes the gateway signs. The request line and headers arrive as ISO-8859-1 text
    (that is how http.server decodes them), so encoding back to ISO-8859-1 yields the bytes
    that were on the wire."""
    return f"{method} {target}\n{timestamp}\n{access_key}".encode("latin-1")


def expected_signature(secret_key: str, method: str, target: str, timestamp: str,
                       access_key: str) -> bytes:
    mac = hmac.new(secret_key.encode("utf-8"), string_to_sign(method, target, timestamp, access_key),
                   hashlib.sha256)
    return base64.b64encode(mac.digest())


def check_auth(keys: dict[str, str], method: str, target: str, headers: dict[str, str],
               now_ms: int) -> str:
    """API Gateway signature v2. Returns the access key, or raises Refusal (401)."""

    def fail(verdict: str, details: str) -> Refusal:
        return gateway_error(401, "200", "Authentication Failed", details, f"auth:{verdict}")

    missing = [h for h in (H_TIMESTAMP, H_ACCESS_KEY, H_SIGNATURE) if not headers.get(h)]
    if missing:
        raise fail("missing-header", "missing header(s): " + ", ".join(missing))
    timestamp, access_key, signature = headers[H_TIMESTAMP], headers[H_ACCESS_KEY], headers[H_SIGNATURE]
    if not (timestamp.isascii() and timestamp.isdigit()) or len(timestamp) > 19:
        raise fail("invalid-timestamp",
                   f"invalid timestamp {_escape(timestamp)!r}: expected milliseconds since the "
                   "Unix epoch as a decimal string")
    secret_key = keys.get(access_key)
    if secret_key is None:
        raise fail("unknown-key", f"unknown access key {_escape(access_key)!r}")
    want = expected_signature(secret_key, method, target, timestamp, access_key)
    got = signature.encode("latin-1")
    if not hmac.compare_digest(want, got):
        signed = string_to_sign(method, target, timestamp, access_key).decode("latin-1")
        raise fail("signature-mismatch",
                   f"signature mismatch: the gateway signed \"{_escape(signed)}\"")
    skew = int(timestamp) - now_ms
    if abs(skew) >= MAX_SKEW_MS:
        raise fail("timestamp-skew",
                   f"timestamp skew: {timestamp} is {skew:+d} ms from the gateway's clock "
                   f"({now_ms}); the limit is {MAX_SKEW_MS} ms")
    return access_key


def check_pem(csr: str) -> str | None:
    """Strict canonical-ish PEM: returns None if fine, else what is wrong."""
    if "\r" in csr:
        return "CR characters (CRLF line endings); use LF only"
    if not csr.startswith(PEM_BEGIN):
        return f"must start with {PEM_BEGIN.strip()!r} followed by LF"
    if not csr.endswith(PEM_END):
        return f"must end with {PEM_END.strip()!r} followed by LF"
    inner = csr[len(PEM_BEGIN):len(csr) - len(PEM_END)]
    if not inner:
        return "empty body"
    if not inner.endswith("\n"):
        return "the END line must start a line"
    lines = inner[:-1].split("\n")
    for i, line in enumerate(lines, start=2):
        if not line:
            return f"line {i}: blank line"
        if len(line) > 64:
            return f"line {i}: {len(line)} characters, at most 64 allowed"
        if not _B64_LINE.fullmatch(line):
            return f"line {i}: not base64"
        if "=" in line and i != len(lines) + 1:
            return f"line {i}: padding before the last line"
    try:
        der = base64.b64decode("".join(lines), validate=True)
    except ValueError:
        return "body is not valid base64"
    return _check_der_sequence(der)


def _check_der_sequence(der: bytes) -> str | None:
    """The decoded body is one DER SEQUENCE whose length covers every byte."""
    if len(der) < 2 or der[0] != 0x30:
        return "decoded body is not a DER SEQUENCE"
    first = der[1]
    if first < 0x80:
        length, header = first, 2
    else:
        n = first & 0x7F
        if n == 0 or n > 4 or len(der) < 2 + n:
            return "decoded body has a bad DER length"
        length, header = int.from_bytes(der[2:2 + n], "big"), 2 + n
    if header + length != len(der):
        return "decoded body length does not match its DER header (truncated or trailing bytes)"
    return None


def _reject_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for k, v in pairs:
        if k in out:
            raise ValueError(f"duplicate key {k!r}")
        out[k] = v
    return out


def _reject_constant(name: str) -> Any:
    raise ValueError(f"{name} is not JSON")


def _has_control(text: str) -> bool:
    return any(ord(c) < 0x20 or 0x7F <= ord(c) < 0xA0 for c in text)


def check_body(content_type: str | None, body: bytes) -> dict[str, Any]:
    """Certificate Manager's checks. Returns the parsed request or raises Refusal (400).
    One code per answer, in this order: 1005, 1000, 1001, then fields in SPEC order."""
    media = (content_type or "").split(";", 1)[0].strip().lower()
    if media != "application/json":
        raise service_error(E_CONTENT_TYPE, f"Unsupported Content-Type {_escape(content_type or '')!r}; "
                            "send application/json")
    try:
        doc = json.loads(body.decode("utf-8"), object_pairs_hook=_reject_duplicates,
                         parse_constant=_reject_constant)
    except (UnicodeDecodeError, ValueError) as e:
        raise service_error(E_BAD_JSON, f"Invalid JSON body: {_escape(str(e))}") from None
    if not isinstance(doc, dict):
        raise service_error(E_BAD_JSON, "Invalid JSON body: expected an object")

    is_ov = doc.get("certificateType") == OV_TYPE
    missing = [f for f in REQUIRED_FIELDS if doc.get(f) is None]
    if is_ov and doc.get("organizationNo") is None:
        missing.append("organizationNo")
    if missing:
        raise service_error(E_MISSING, "Required parameter is missing: " + ", ".join(missing))

    def bad(fieldname: str, why: str) -> Refusal:
        return service_error(E_BAD_VALUE, f"Invalid value for {fieldname}: {why}")

    csr = doc["csr"]
    if not isinstance(csr, str):
        raise bad("csr", "must be a string")
    pem_problem = check_pem(csr)
    if pem_problem:
        raise service_error(E_BAD_PEM, f"Invalid PEM format: {pem_problem}")

    if doc["certificateType"] not in CERT_TYPES:
        raise bad("certificateType", "must be one of " + ", ".join(CERT_TYPES))

    name = doc["certificateName"]
    if not isinstance(name, str) or not name or len(name) > 255 or _has_control(name):
        raise bad("certificateName", "must be a non-empty string of at most 255 characters "
                  "without control characters")

    cn = doc["commonName"]
    if not isinstance(cn, str) or not cn or any(c.isspace() for c in cn) or _has_control(cn):
        raise bad("commonName", "must be a non-empty domain name without whitespace")

    method = doc["validationMethod"]
    if method in DISCONTINUED_METHODS:
        raise service_error(E_DISCONTINUED, "Email validation (E) has been discontinued; "
                            "use D or PD")
    if method not in VALIDATION_METHODS:
        raise bad("validationMethod", "must be one of " + ", ".join(VALIDATION_METHODS))

    if is_ov:
        org = doc["organizationNo"]
        if isinstance(org, bool) or not isinstance(org, int) or org <= 0:
            raise bad("organizationNo", "must be a positive integer")

    if "dnsName" in doc:
        names = doc["dnsName"]
        if not isinstance(names, list) or not all(isinstance(n, str) and n for n in names):
            raise bad("dnsName", "must be an array of non-empty strings")
    return doc


# --------------------------------------------------------------------------------------------
# HTTP


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "mock-ncp/1"
    sys_version = ""
    server: "_Server"

    # Every method (even "post" or "FOO") goes through _handle: routing decides.
    def __getattr__(self, name: str) -> Any:
        if name.startswith("do_"):
            return self._handle
        raise AttributeError(name)

    def version_string(self) -> str:
        return self.server_version

    def log_request(self, code: Any = "-", size: Any = "-") -> None:
        pass  # one line per request, written by _handle once the verdict is known

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - stdlib signature
        # http.server's own messages (malformed request lines …); ours go through _log.
        self.server.mock._log(f"{self.address_string()} {format % args}")

    def date_time_string(self, timestamp: float | None = None) -> str:
        # The Date header follows the mock's clock, so hosts can learn their skew from it.
        if timestamp is None:
            timestamp = self.server.mock.now_ms() / 1000
        return email.utils.formatdate(timestamp, usegmt=True)

    def _raw_target(self) -> str:
        # self.path is not raw: http.server collapses a leading "//" to "/". Use the line.
        line = self.raw_requestline.decode("latin-1").rstrip("\r\n")
        parts = line.split(" ")
        return parts[1] if len(parts) == 3 else self.path

    def _read_body(self) -> bytes:
        te = (self.headers.get("Transfer-Encoding") or "").strip().lower()
        if te:
            if te != "chunked":
                raise gateway_error(400, "100", "Bad Request",
                                    f"unsupported Transfer-Encoding {te!r}", "gateway:bad-request")
            return self._read_chunked()
        length_text = self.headers.get("Content-Length")
        if length_text is None:
            return b""
        if not length_text.strip().isdigit():
            raise gateway_error(400, "100", "Bad Request", "invalid Content-Length",
                                "gateway:bad-request")
        length = int(length_text)
        if length > MAX_BODY:
            if length <= MAX_DRAIN:
                # Read and drop it, so the client can finish sending and read the answer.
                left = length
                while left > 0:
                    got = len(self.rfile.read(min(left, 65536)))
                    if not got:
                        break
                    left -= got
                verdict = "gateway:too-large-drained"
            else:
                verdict = "gateway:too-large"
            raise gateway_error(413, "430", "Request Entity Too Large",
                                f"body of {length} bytes; the limit is {MAX_BODY}", verdict)
        return self.rfile.read(length)

    def _read_chunked(self) -> bytes:
        chunks, total = [], 0
        while True:
            size_line = self.rfile.readline(1024)
            try:
                size = int(size_line.split(b";", 1)[0].strip(), 16)
            except ValueError:
                raise gateway_error(400, "100", "Bad Request", "bad chunk size",
                                    "gateway:bad-request") from None
            if size == 0:
                while self.rfile.readline(8192) not in (b"\r\n", b"\n", b""):
                    pass  # trailers
                return b"".join(chunks)
            total += size
            if total > MAX_BODY:
                raise gateway_error(413, "430", "Request Entity Too Large",
                                    f"body over {MAX_BODY} bytes", "gateway:too-large")
            chunks.append(self.rfile.read(size))
            self.rfile.readline(8)  # CRLF after the chunk

    def _handle(self) -> None:
        mock = self.server.mock
        method, target = self.command, self._raw_target()
        headers: dict[str, str] = {}
        for k, v in self.headers.items():
            k = k.lower()
            headers[k] = f"{headers[k]}, {v}" if k in headers else v
        rec = ReceivedRequest(method, target, headers, b"")
        try:
            try:
                rec.body = self._read_body()
            finally:
                mock._record(rec)
            status, payload, verdict = self._decide(rec)
        except Refusal as r:
            status, payload, verdict = r.status, r.payload, r.verdict
            if verdict == "gateway:too-large-drained":
                verdict = "gateway:too-large"  # answered; the connection stays usable
            if r.verdict in ("gateway:too-large", "gateway:bad-request"):
                self.close_connection = True  # the body was not read: do not reuse the stream
        if isinstance(payload, bytes):
            body = payload
        else:
            body = json.dumps(payload, separators=(",", ":"), ensure_ascii=False).encode("utf-8")
        rec.status, rec.verdict, rec.response = status, verdict, body
        # Logged (and recorded) before answering, so a client that has its answer can rely on both.
        extra = f" [{rec.fault}]" if rec.fault and not verdict.startswith("fault:") else ""
        mock._log(f"{self.client_address[0]} {_escape(method)} {_escape(target)} -> {status} "
                  f"{verdict}{extra}")

        self.send_response(status)
        if body:
            self.send_header("Content-Type", "application/json;charset=UTF-8")
        self.send_header("Content-Length", str(len(body)))
        if self.close_connection:
            self.send_header("Connection", "close")
        self.end_headers()
        if method != "HEAD":
            self.wfile.write(body)
        self.wfile.flush()

    def _decide(self, rec: ReceivedRequest) -> tuple[int, Any, str]:
        mock = self.server.mock
        # 1. Faults come before anything else (routing, auth, body).
        header_fault = rec.headers.get(H_FAULT)
        if header_fault is not None:
            try:
                fault: Fault | None = parse_fault(header_fault)
            except ValueError as e:
                raise gateway_error(400, "100", "Bad Request", f"{H_FAULT}: {e}",
                                    "gateway:bad-fault") from None
        else:
            fault = mock._next_fault()
        if fault is not None:
            rec.fault = str(fault)
            if fault.name == "throttle":
                raise Refusal(429, "fault:throttle",
                              {"error": {"errorCode": "410", "message": "Throttle Limited"}})
            if fault.name == "unavailable":
                raise gateway_error(503, "500", "Endpoint Error",
                                    "the Certificate Manager endpoint is unavailable (mock fault)",
                                    "fault:unavailable")
            if fault.name == "forbidden-empty":
                raise Refusal(403, "fault:forbidden-empty", b"")
            if fault.name == "malformed":
                raise Refusal(200, "fault:malformed", MALFORMED_BODY)
            if fault.name == "slow":
                mock._stopping.wait(fault.seconds)

        # 2. Routing: the exact raw path (query allowed), exact method.
        path = rec.target.split("?", 1)[0]
        if path != mock.route or rec.method != ROUTE_METHOD:
            raise gateway_error(404, "300", "Not Found",
                                f"no resource for {_escape(rec.method)} {_escape(path)}",
                                "gateway:not-found")

        # 3. Gateway authentication.
        check_auth(mock.keys, rec.method, rec.target, rec.headers, mock.now_ms())

        # 4. Certificate Manager.
        doc = check_body(rec.headers.get("content-type"), rec.body)
        return 200, mock._issue(doc), "accepted"


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True
    mock: "MockNcp"

    def __init__(self, address: tuple[str, int], mock: "MockNcp"):
        if ":" in address[0]:
            self.address_family = socket.AF_INET6
        self.mock = mock
        super().__init__(address, _Handler)


class MockNcp:
    """A running mock. ``url`` is the base URL (prefix included); ``requests`` lists every
    request received, in arrival order."""

    def __init__(self, keys: dict[str, str], host: str = "127.0.0.1", port: int = 0, *,
                 prefix: str = "", faults: Iterable[str] = (),
                 now_ms: Callable[[], int] | None = None, clock_offset_ms: int = 0,
                 log: TextIO | None = None):
        if not isinstance(keys, dict) or not all(
                isinstance(k, str) and isinstance(v, str) and k and v for k, v in keys.items()):
            raise ValueError("keys must map non-empty access keys to non-empty secret keys")
        if prefix and (not prefix.startswith("/") or prefix.endswith("/")):
            raise ValueError("prefix must start with '/' and not end with '/'")
        self.keys = dict(keys)
        self.route = prefix + ROUTE
        self.requests: list[ReceivedRequest] = []
        self._clock = now_ms or (lambda: time.time_ns() // 1_000_000)
        self.clock_offset_ms = clock_offset_ms
        self._log_stream = log
        self._lock = threading.Lock()
        self._faults: list[list[Any]] = []  # [Fault, remaining count]
        for spec in faults:
            self.queue_fault(spec)
        self._next_no = FIRST_CERTIFICATE_NO
        self._stopping = threading.Event()
        self._server = _Server((host, port), self)
        bound_host, bound_port = self._server.server_address[:2]
        self.host, self.port = host, bound_port
        shown = f"[{host}]" if ":" in host else host
        self.url = f"http://{shown}:{bound_port}{prefix}"
        self._thread: threading.Thread | None = None

    # -- public --------------------------------------------------------------------------

    def now_ms(self) -> int:
        return int(self._clock()) + self.clock_offset_ms

    def queue_fault(self, spec: str) -> None:
        """Queue a fault (``NAME[:COUNT]``, ``slow:SECONDS[:COUNT]``) for the next requests."""
        fault, count = parse_fault_spec(spec)
        with self._lock:
            self._faults.append([fault, count])

    def serve_in_thread(self) -> "MockNcp":
        self._thread = threading.Thread(target=self._server.serve_forever, args=(0.01,),
                                        name="mock-ncp", daemon=True)
        self._thread.start()
        return self

    def serve_forever(self) -> None:
        self._server.serve_forever()

    def stop(self) -> None:
        self._stopping.set()
        if self._thread is not None:
            self._server.shutdown()
            self._thread.join(timeout=10)
        self._server.server_close()

    def __enter__(self) -> "MockNcp":
        return self

    def __exit__(self, *exc: Any) -> None:
        self.stop()

    # -- internal ------------------------------------------------------------------------

    def _log(self, line: str) -> None:
        stream = self._log_stream or sys.stderr
        try:
            stream.write(f"mock-ncp: {line}\n")
            stream.flush()
        except (OSError, ValueError):
            pass

    def _record(self, rec: ReceivedRequest) -> None:
        with self._lock:
            self.requests.append(rec)

    def _next_fault(self) -> Fault | None:
        with self._lock:
            if not self._faults:
                return None
            entry = self._faults[0]
            entry[1] -= 1
            if entry[1] <= 0:
                self._faults.pop(0)
            return entry[0]

    def _issue(self, doc: dict[str, Any]) -> dict[str, Any]:
        with self._lock:
            number = self._next_no
            self._next_no += 1
        reg = time.strftime("%Y-%m-%d %H:%M:%S", time.gmtime(self.now_ms() // 1000 + KST_OFFSET_S))
        cert: dict[str, Any] = {
            "certificateNo": number,
            "requestSn": secrets.token_hex(16),
            "certificateName": doc["certificateName"],
            "statusCode": "0",
            "statusName": "Ongoing",
            "regDate": reg,
            "validationMethod": doc["validationMethod"],
        }
        if doc["certificateType"] == OV_TYPE:
            cert["organizationNo"] = doc["organizationNo"]
        return {"returnCode": "0", "returnMessage": "success", "totalRows": 1,
                "paidCertificate": cert}


def start(keys: dict[str, str], host: str = "127.0.0.1", port: int = 0, **options: Any) -> MockNcp:
    """Start a mock in a background thread. Options: ``prefix``, ``faults`` (list of
    ``NAME[:COUNT]``), ``now_ms`` (clock callable, ms), ``clock_offset_ms``, ``log`` (stream)."""
    return MockNcp(keys, host, port, **options).serve_in_thread()


# --------------------------------------------------------------------------------------------
# Command line


def load_keys(path: str) -> dict[str, str]:
    with open(path, encoding="utf-8") as f:
        keys = json.load(f)
    if not isinstance(keys, dict) or not keys or not all(
            isinstance(k, str) and isinstance(v, str) and k and v for k, v in keys.items()):
        raise ValueError(f"{path}: expected a JSON object mapping access keys to secret keys")
    return keys


def _write_ready_file(path: str, url: str) -> None:
    tmp = f"{path}.tmp{os.getpid()}"
    with open(tmp, "w", encoding="utf-8") as f:
        f.write(url + "\n")
    os.replace(tmp, path)  # atomic: a reader never sees a partial URL


def main(argv: list[str] | None = None) -> int:
    here = os.path.dirname(os.path.abspath(__file__))
    p = argparse.ArgumentParser(description="Mock NCP API Gateway + Certificate Manager "
                                "(requestPaidCertificateIssuance only).")
    p.add_argument("--port", type=int, default=0, help="port to listen on; 0 picks a free one")
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--keys", default=os.path.join(here, "keys.example.json"),
                   help="JSON object {access_key: secret_key} (default: keys.example.json)")
    p.add_argument("--prefix", default="", help="path prefix before /api/v2/… (e.g. /p)")
    p.add_argument("--ready-file", help="write the URL to this file once listening")
    p.add_argument("--fault", action="append", default=[], metavar="NAME[:COUNT]",
                   help="fault for the next COUNT requests (repeatable, applied in order): "
                   "throttle, unavailable, forbidden-empty, malformed, slow:SECONDS")
    p.add_argument("--clock-offset-ms", type=int, default=0,
                   help="shift the mock's clock (timestamp check, Date header, regDate)")
    args = p.parse_args(argv)

    try:
        keys = load_keys(args.keys)
        for spec in args.fault:
            parse_fault_spec(spec)
        mock = MockNcp(keys, args.host, args.port, prefix=args.prefix, faults=args.fault,
                       clock_offset_ms=args.clock_offset_ms)
    except (OSError, ValueError) as e:
        print(f"mock-ncp: {e}", file=sys.stderr)
        return 2

    def on_term(signum: int, frame: Any) -> None:
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, on_term)
    print(f"mock-ncp listening on {mock.url}", flush=True)
    if args.ready_file:
        _write_ready_file(args.ready_file, mock.url)
    try:
        mock.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        mock._stopping.set()
        mock._server.server_close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
