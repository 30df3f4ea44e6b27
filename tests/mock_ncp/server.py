#!/usr/bin/env python3
"""Mock of NAVER Cloud Platform's API Gateway + Certificate Manager, for the calls ncpcert
makes (SPEC §12): ``POST /api/v2/certificate/requestPaidCertificateIssuance`` (places an order),
``GET /api/v2/certificate/getPaidCertificates`` (ListAdvancedCertificates, to look an order up
by name before any resend), ``GET /api/v2/certificate/getVerificationInfo/{no}?domainAddress=``
(ListDcvStatuses: the TXT records to publish), ``GET
/api/v2/certificate/exportCertificate/{no}/chain`` (GetCertificateChain: real X.509 issued by a
per-instance test CA, with the ``openssl`` command-line tool), ``POST
/api/v2/organization/getOrganizationInfoList`` (ListOrganizations), ``GET
/api/v2/certificate/orders[/{orderId}]`` (ListOrders, GetOrder: subscriptions) and ``POST
/api/v2/certificate/{no}/reissue`` (ReissueCertificate); NCP Global DNS under
``/dns/v1/ncpdns/`` (zones, records, create, delete, apply: staged changes); and an
authoritative name server on loopback (UDP and TCP) serving the applied records, so that DCV
passes only once a client has published and applied the values.

Standard library only, and deliberately independent of ncpcert (it never imports it), so that
it checks ncpcert's output against a second, separate reading of the specification.

Standalone::

    python3 tests/mock_ncp/server.py --port 0 --keys tests/mock_ncp/keys.example.json \
        [--host 127.0.0.1] [--prefix /p] [--ready-file PATH] \
        [--fault NAME[:COUNT][@SCOPE]]... [--clock-offset-ms MS] [--legacy-fields] \
        [--txt-value-field NAME] [--auto-validate] [--extra-fields] \
        [--org-wrapper envelope|bare] [--openssl PATH] [--zone NAME]... \
        [--foreign-record ZONE]... [--foreign-pending ZONE]... [--refuse-second-txt] \
        [--dns-port PORT] [--quiet-dns] [--subscription-years N] [--leaf-days N] \
        [--order-id-in-items]

Importable::

    mock = start({"AK": "SK"})          # port 0: a free port
    ... send requests to mock.url ...
    mock.requests[-1].verdict           # what the mock decided
    mock.orders                         # every order placed, oldest first
    mock.reissues                       # every certificate ReissueCertificate made
    mock.set_subscription(order_id, years=…, end=…, remaining_days=…)
    mock.expire_subscription(order_id)  # a reissue is refused from now on
    mock.publish_txt(name, value)       # test hook: a TXT record is in place
    mock.fail_validation(certificate_no)
    mock.add_zone("example.com")        # Global DNS; mock.dns_url is mock.url
    mock.dns_address                    # "127.0.0.1:PORT": the name server
    mock.dns_calls, mock.zone_records("example.com"), mock.served_txt(name)
    mock.stop()

See README.md beside this file for the checks, the verdicts and the error codes.
"""

from __future__ import annotations

import argparse
import base64
import dataclasses
import datetime
import email.utils
import hashlib
import hmac
import json
import math
import os
import re
import secrets
import shutil
import signal
import socket
import socketserver
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, Callable, Iterable, TextIO

# --------------------------------------------------------------------------------------------
# Constants

ROUTE = "/api/v2/certificate/requestPaidCertificateIssuance"
ROUTE_METHOD = "POST"
LIST_ROUTE = "/api/v2/certificate/getPaidCertificates"  # ListAdvancedCertificates
LIST_METHOD = "GET"
# Routes with a {certificateNo} path segment (research note §4, §5b).
DCV_ROUTE_HEAD = "/api/v2/certificate/getVerificationInfo/"  # + {certificateNo}: ListDcvStatuses
DCV_METHOD = "GET"
CHAIN_ROUTE_HEAD = "/api/v2/certificate/exportCertificate/"  # + {certificateNo} + "/chain"
CHAIN_ROUTE_TAIL = "/chain"
CHAIN_METHOD = "GET"
ORGS_ROUTE = "/api/v2/organization/getOrganizationInfoList"  # ListOrganizations
ORGS_METHOD = "POST"  # a read, but POST with a JSON body (research note §2)
ORDERS_ROUTE = "/api/v2/certificate/orders"  # ListOrders; + "/{orderId}": GetOrder (§3d, §3e)
ORDERS_METHOD = "GET"
REISSUE_ROUTE_HEAD = "/api/v2/certificate/"  # + {certificateNo} + "/reissue" (§6a)
REISSUE_ROUTE_TAIL = "/reissue"
REISSUE_METHOD = "POST"
# The mock's own test hooks (unsigned; under the prefix too). Not NCP.
HOOK_DNS = "/_mock/dns"
HOOK_FAIL = "/_mock/fail"
HOOK_SUBSCRIPTION = "/_mock/subscription"

# Route names, as used by fault scopes (NAME@issuance …) and ReceivedRequest.route.
R_ISSUANCE = "issuance"
R_LIST = "list"
R_DCV = "dcv"
R_CHAIN = "chain"
R_ORGS = "orgs"
R_ORDERS = "orders"  # ListOrders
R_ORDER = "order"  # GetOrder
R_REISSUE = "reissue"  # ReissueCertificate
# Global DNS's routes (also the keys of MockNcp.dns_calls, without "dns-").
R_DNS_ZONES = "dns-zones"
R_DNS_RECORDS = "dns-records"
R_DNS_CREATE = "dns-create"
R_DNS_DELETE = "dns-delete"
R_DNS_APPLY = "dns-apply"
R_DNS_ROLLBACK = "dns-rollback"
DNS_ROUTES = (R_DNS_ZONES, R_DNS_RECORDS, R_DNS_CREATE, R_DNS_DELETE, R_DNS_APPLY,
              R_DNS_ROLLBACK)
SCOPE_ANY = "any"
ROUTES = (R_ISSUANCE, R_LIST, R_DCV, R_CHAIN, R_ORGS, R_ORDERS, R_ORDER, R_REISSUE) + DNS_ROUTES
ACTING_ROUTES = (R_ISSUANCE, R_REISSUE)  # the calls that create something: placed-then-* act there
SCOPES = ROUTES + (SCOPE_ANY,)
_SCOPES_TEXT = ", ".join("@" + s for s in SCOPES)

H_TIMESTAMP = "x-ncp-apigw-timestamp"
H_ACCESS_KEY = "x-ncp-iam-access-key"
H_SIGNATURE = "x-ncp-apigw-signature-v2"
H_FAULT = "x-mock-fault"

MAX_SKEW_MS = 300_000  # 5 minutes: a request this far off (or further) is refused
MAX_BODY = 1 << 20  # 1 MiB; larger bodies get the gateway's 413
MAX_DRAIN = 64 << 20  # an oversized body up to this size is read and dropped before the 413
MAX_SLOW_SECONDS = 30.0  # also bounds placed-then-stall
FIRST_CERTIFICATE_NO = 1000
FIRST_ORDER_ID = 900001  # GetOrder's documented example id is 900001
FIRST_MEMBER_NO = 3000001  # one memberNo per access key, in keys-file order
MAX_PAGE_SIZE = 1000  # a larger pageSize is served as 1000; 0 still means "all"
MAX_QUERY_INT_DIGITS = 9
KST_OFFSET_S = 9 * 3600  # NCP reports regDate in Korea Standard Time
KST = datetime.timezone(datetime.timedelta(seconds=KST_OFFSET_S))
DAY_MS = 86_400_000
DEFAULT_SUBSCRIPTION_YEARS = 1  # ListOrders' subscriptionYears of a new order
MAX_EXTENSION_YEARS = 3  # SubscriptionExtend: at most 3 years ahead (research note §6c)
DEFAULT_LEAF_DAYS = 90  # lifetime of the leaves the mock issues

CERT_TYPES = ("NCP_PAID_DV_01", "NCP_PAID_OV_01")
OV_TYPE = "NCP_PAID_OV_01"
VALIDATION_METHODS = ("D", "PD")
DISCONTINUED_METHODS = ("E",)
REQUIRED_FIELDS = ("csr", "certificateType", "certificateName", "commonName", "validationMethod")
REISSUE_REQUIRED_FIELDS = ("csr", "certificateName", "commonName", "validationMethod")  # §6a

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
# NCP's code for a duplicate certificate name is undocumented; 2000 is what its input
# validation failures are seen to use (HTTP 400), so the mock uses it too.
E_NAME_EXISTS = "2000"
# 1006 "No certificate exists." was added to NCP's common table on 2026-09-17 (research note
# §0.3; the message is from third-party code). Used for an unknown certificateNo.
E_NO_CERTIFICATE = "1006"
NO_CERTIFICATE_MESSAGE = "No certificate exists."
# NCP does not document what GetCertificateChain answers before issuance: 1007 is the mock's own.
E_NOT_ISSUED = "1007"
# GetOrder of an order the account does not have: NCP's code is not documented (the mock's own).
E_NO_ORDER = "1008"
# ReissueCertificate after the order's subscription ended: not documented either (the mock's own).
E_SUBSCRIPTION_ENDED = "1009"

# ListDcvStatuses (research note §4).
VALID_REG = "VALID_STATUS_REG"  # validation in progress
VALID_SUCCESS = "VALID_STATUS_SUCCESS"
VALID_TIMEOUT = "VALID_STATUS_TIMEOUT"
TXT_PREFIX = "_dnsauth."  # the mock's record name: _dnsauth.<base domain> (NCP's format not reached)
DEFAULT_TXT_VALUE_FIELD = "txtValue"  # NCP does not document this field's name: an option
FIRST_VALID_SN = 70001
DCV_ITEM_FIELDS = ("validSn", "requestSn", "validStatusCode", "txtName", "regDate")

# Order statuses (research note §3a).
STATUS_ONGOING = ("0", "ONGOING")
STATUS_NORMAL = ("1", "NORMAL")
STATUS_FAILED = ("-1", "FAILED")
STATUS_VALIDATION_FAILED = ("-3", "VALIDATION_FAILED")
ISSUED_CODES = ("1", "2")  # NORMAL, NORMAL_UNREGISTERED_PRIVATE_KEY: a certificate exists

# ListOrganizations (research note §2).
ORG_WRAPPERS = ("envelope", "bare")  # NCP's answer wrapper is undocumented: an option
ORG_FILTERS = ("organizationNameKor", "organizationNameEng", "businessRegistrationNo",
               "verificationProgressCode")
FIRST_ORGANIZATION_NO = 20001  # then +1 per organisation, +10 per access key

# What extra_fields=True adds to success answers of the new routes and to list items, so that
# clients can be seen to keep fields they do not know (SPEC §12: "unknown fields are kept").
EXTRA_FIELDS = {"futureField": {"nested": [1, "x"]},
                "mockNote": "added by the mock (extra_fields): a field no client knows"}

OPENSSL_TIMEOUT_S = 30.0

# Faults that answer (or delay) before the request is routed, authenticated or checked.
PRE_FAULTS = ("throttle", "unavailable", "forbidden-empty", "malformed", "slow")
# Faults that let an issuance request place its order, then spoil the answer.
PLACED_FAULTS = ("placed-then-504", "placed-then-close", "placed-then-stall")
FAULTS = PRE_FAULTS + PLACED_FAULTS
TIMED_FAULTS = ("slow", "placed-then-stall")  # NAME:SECONDS

# Bodies the "malformed" fault sends: a truncated JSON document of the route's shape.
MALFORMED_BODY = b'{"returnCode":"0","returnMessage":"success","paidCertificate":{"certificateNo":'
MALFORMED_LIST_BODY = b'{"returnCode":"0","returnMessage":"success","totalCount":1,"orders":[{"orderId":'
MALFORMED_DCV_BODY = (b'{"returnCode":"0","returnMessage":"success","totalRows":1,'
                      b'"dnsVerificationCount":1,"dnsVerificationList":[{"validSn":')
MALFORMED_CHAIN_BODY = (b'{"returnCode":"0","returnMessage":"Success","totalRows":0,'
                        b'"subjectCommonName":"www.example.com","certificate":"-----BEGIN CERTIF')
MALFORMED_ORGS_BODY = (b'{"returnCode":"0","returnMessage":"success","totalRows":1,'
                       b'"organizationInfoList":[{"organizationNo":')
MALFORMED_ORGS_BARE_BODY = b'[{"organizationNo":'
MALFORMED_ORDER_BODY = b'{"returnCode":"0","returnMessage":"success","totalCount":1,"orderId":"'
MALFORMED_REISSUE_BODY = b'{"returnCode":"0","returnMessage":"success","totalRows":'

# What the gateway answers when the endpoint does not answer in time (placed-then-504).
ENDPOINT_TIMEOUT = {"error": {"errorCode": "510", "message": "Endpoint Timeout"}}


# --------------------------------------------------------------------------------------------
# Faults


@dataclass(frozen=True)
class Fault:
    name: str
    seconds: float = 0.0  # for "slow" and "placed-then-stall" only

    def __str__(self) -> str:
        return f"{self.name}:{self.seconds:g}" if self.name in TIMED_FAULTS else self.name

    @property
    def places_order(self) -> bool:
        """True for the placed-then-* faults: the request is served (an order placed, or a
        certificate reissued), then the answer spoiled."""
        return self.name in PLACED_FAULTS


@dataclass(frozen=True)
class QueuedFault:
    """A fault waiting in the queue: used by the next ``count`` requests on route ``scope``."""
    fault: Fault
    count: int = 1
    scope: str = SCOPE_ANY

    def __str__(self) -> str:
        return f"{self.fault}:{self.count}@{self.scope}"


_KNOWN_FAULTS_TEXT = ("throttle, unavailable, forbidden-empty, malformed, slow:SECONDS, "
                      "placed-then-504, placed-then-close, placed-then-stall:SECONDS")


def parse_fault(text: str) -> Fault:
    """Parse a fault as given in the ``x-mock-fault`` header: ``NAME`` or ``NAME:SECONDS``
    (``slow``, ``placed-then-stall``).

    Durations are clamped to 30 s. Raises ValueError on anything else.
    """
    text = text.strip()
    if "@" in text:
        raise ValueError(f"{text!r}: a scope ({_SCOPES_TEXT}) is for queued faults only; "
                         "the header applies to its own request")
    name, sep, arg = text.partition(":")
    name = name.strip().lower()
    if name in TIMED_FAULTS:
        if not sep:
            raise ValueError(f"{name} needs a duration: {name}:SECONDS")
        try:
            seconds = float(arg)
        except ValueError:
            raise ValueError(f"{name}: {arg!r} is not a number of seconds") from None
        if not math.isfinite(seconds) or seconds < 0:
            raise ValueError(f"{name}: {arg!r} is not a non-negative number of seconds")
        return Fault(name, min(seconds, MAX_SLOW_SECONDS))
    if name in FAULTS and not sep:
        return Fault(name)
    raise ValueError(f"unknown fault {text!r}; known: {_KNOWN_FAULTS_TEXT}")


def parse_queued_fault(text: str) -> QueuedFault:
    """Parse a queued fault, as given to ``--fault`` / ``start(faults=[...])`` /
    ``queue_fault``: ``NAME[:SECONDS][:COUNT][@SCOPE]``, SECONDS only (and always) for
    ``slow`` and ``placed-then-stall``. COUNT defaults to 1. SCOPE is a route name
    (``issuance``, ``list``, ``dcv``, ``chain``, ``orgs``, ``orders``, ``order``, ``reissue``,
    ``dns-…``) or ``any``; it defaults to ``issuance`` for the placed-then-* faults and to
    ``any`` for the others. The placed-then-* faults accept ``issuance`` and ``reissue`` only
    (the calls that create something, the only ones where they can act)."""
    body, at, scope = text.strip().rpartition("@") if "@" in text else (text.strip(), "", "")
    parts = body.split(":")
    is_timed = parts[0].strip().lower() in TIMED_FAULTS
    n_fault_parts = 2 if is_timed else 1
    if len(parts) > n_fault_parts + 1:
        raise ValueError(f"bad fault spec {text!r}: expected NAME[:COUNT][@SCOPE] or "
                         "NAME:SECONDS[:COUNT][@SCOPE]")
    fault = parse_fault(":".join(parts[:n_fault_parts]))
    count = 1
    if len(parts) == n_fault_parts + 1:
        try:
            count = int(parts[-1])
        except ValueError:
            raise ValueError(f"bad fault count in {text!r}") from None
        if count < 1:
            raise ValueError(f"fault count must be >= 1 in {text!r}")
    default_scope = R_ISSUANCE if fault.places_order else SCOPE_ANY
    scope = scope.strip().lower() if at else default_scope
    if scope not in SCOPES:
        raise ValueError(f"bad fault scope in {text!r}: expected one of {_SCOPES_TEXT}")
    if fault.places_order and scope not in ACTING_ROUTES:
        raise ValueError(f"{fault.name} acts on issuance and reissue requests only (scope "
                         f"@issuance or @reissue), not @{scope}")
    return QueuedFault(fault, count, scope)


def parse_fault_spec(text: str) -> tuple[Fault, int]:
    """``parse_queued_fault`` without the scope: the fault and its count."""
    queued = parse_queued_fault(text)
    return queued.fault, queued.count


# --------------------------------------------------------------------------------------------
# What the mock records


@dataclass
class ReceivedRequest:
    method: str
    target: str  # raw request-target, exactly as on the request line
    headers: dict[str, str]  # lower-cased names; repeated headers joined with ", "
    body: bytes
    # "accepted" (an order was placed, whatever was answered), "listed", "auth:…",
    # "service:1002", "fault:throttle" (answered by the fault, nothing done)…
    verdict: str = ""
    status: int = 0  # HTTP status sent; 0 when nothing was sent (placed-then-close)
    # The fault taken, if any. "slow:2" and the placed-then-* faults keep the normal verdict.
    fault: str | None = None
    response: bytes = b""  # body sent
    # "issuance", "list", "dcv", "chain", "orgs", "orders", "order", "reissue", "dns-…", or
    # None (no such resource). Hook calls (mock.hook_requests) have "hook:dns", "hook:fail"
    # or "hook:subscription".
    route: str | None = None

    def json(self) -> Any:
        return json.loads(self.body)


@dataclass
class Subscription:
    """An order's subscription (ListOrders, GetOrder; research note §3d). Times are epoch ms;
    NCP shows them in Korea Standard Time. ``endMs`` stays None until the order's first
    certificate is issued, then is ``startMs`` + ``subscriptionYears`` (calendar years, KST).
    ``leafDays`` overrides the mock's leaf lifetime for this order's certificates."""
    orderId: str
    accessKey: str
    startMs: int
    subscriptionYears: int = DEFAULT_SUBSCRIPTION_YEARS
    endMs: int | None = None
    leafDays: int | None = None

    @property
    def order_id(self) -> str:
        return self.orderId

    def ended(self, now_ms: int) -> bool:
        return self.endMs is not None and now_ms >= self.endMs


@dataclass
class Order:
    """A certificate of an order: what an accepted issuance request placed (``mock.orders``,
    the order's first certificate) or what a reissue made in the same order
    (``mock.reissues``, ``reissueOf`` set). One class for both, as NCP lists both alike.

    Attribute names are NCP's JSON field names, so that tests read them as they appear in
    the answers. Tests may change ``statusCode``/``statusName``: the listing shows the change.
    """
    orderId: str
    accessKey: str  # the account that placed it; listing shows an account its own orders only
    memberNo: str
    certificateNo: int
    certificateName: str
    commonName: str
    dnsName: list[str]  # as sent (the listing joins them with ",")
    certificateType: str
    validationMethod: str
    organizationNo: int | None  # OV only
    requestSn: str
    regDate: str  # YYYY-MM-DD HH:MM:SS, Korea Standard Time
    statusCode: str = "0"
    statusName: str = "ONGOING"
    csr: str = field(default="", repr=False)  # the PEM sent; the leaf is issued from it
    # One per distinct base domain of commonName + dnsName, in that order (research note §4).
    dcvRecords: list["DcvRecord"] = field(default_factory=list)
    # Once issued: the PEMs, LF line endings, each ending in "\n" (the chain route sends CRLF).
    certificatePem: str | None = field(default=None, repr=False)
    subCaPem: str | None = field(default=None, repr=False)
    rootCaPem: str | None = field(default=None, repr=False)
    failureReason: str | None = None  # why it is FAILED / VALIDATION_FAILED
    # The order's subscription, shared by all its certificates (None only for hand-made Orders).
    subscription: Subscription | None = field(default=None, repr=False, compare=False)
    reissueOf: int | None = None  # the certificateNo in the reissue call's path; None: ordered

    @property
    def order_id(self) -> str:
        return self.orderId

    def dcv_record(self, base: str) -> "DcvRecord | None":
        return next((r for r in self.dcvRecords if r.baseDomain == base), None)


@dataclass
class DcvRecord:
    """One DNS TXT validation of an order: publish ``txtName`` with the value ``token``."""
    validSn: int
    baseDomain: str  # lower case, no trailing dot, no leading "*."
    txtName: str  # "_dnsauth." + baseDomain
    token: str
    validStatusCode: str = VALID_REG
    read: bool = False  # answered once by ListDcvStatuses (for auto_validate)


@dataclass(frozen=True)
class ListQuery:
    """ListAdvancedCertificates' query: name filter (None = all), page (1-based), page size
    (0 = all)."""
    certificate_name: str | None = None
    page: int = 1
    page_size: int = 0


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


def parse_json_object(content_type: str | None, body: bytes) -> dict[str, Any]:
    """A request body that must be a JSON object (issuance, ListOrganizations): the media type
    (1005), then strict UTF-8 JSON (1000: duplicate keys, NaN, empty, not an object)."""
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
    return doc


def check_body(content_type: str | None, body: bytes, reissue: bool = False) -> dict[str, Any]:
    """Certificate Manager's checks. Returns the parsed request or raises Refusal (400).
    One code per answer, in this order: 1005, 1000, 1001, then fields in SPEC order.
    ``reissue``: ReissueCertificate's body (research note §6a): no ``certificateType`` nor
    ``organizationNo`` (the certificate keeps its order's)."""
    doc = parse_json_object(content_type, body)
    is_ov = not reissue and doc.get("certificateType") == OV_TYPE
    missing = [f for f in (REISSUE_REQUIRED_FIELDS if reissue else REQUIRED_FIELDS)
               if doc.get(f) is None]
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

    if not reissue and doc["certificateType"] not in CERT_TYPES:
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


_BAD_PERCENT = re.compile(rb"%(?![0-9A-Fa-f]{2})")
_PERCENT = re.compile(rb"%([0-9A-Fa-f]{2})")


def percent_decode(text: str) -> str:
    """RFC 3986 percent-decoding of one query component, then strict UTF-8.

    ``+`` stays ``+``: the gateway does not do HTML form decoding. The request line arrives as
    ISO-8859-1 text, so encoding back to ISO-8859-1 gives the bytes that were on the wire.
    Raises ValueError on a ``%`` not followed by two hex digits, or bytes that are not UTF-8.
    """
    raw = text.encode("latin-1")
    if _BAD_PERCENT.search(raw):
        raise ValueError("a '%' not followed by two hex digits")
    decoded = _PERCENT.sub(lambda m: bytes([int(m.group(1), 16)]), raw)
    try:
        return decoded.decode("utf-8")
    except UnicodeDecodeError:
        raise ValueError("percent-decoded bytes are not UTF-8") from None


def _query_int(name: str, value: str) -> int:
    if not (value.isascii() and value.isdigit()) or len(value) > MAX_QUERY_INT_DIGITS:
        raise service_error(E_BAD_VALUE, f"Invalid value for {name}: {_escape(value)!r} is not "
                            f"a non-negative integer of at most {MAX_QUERY_INT_DIGITS} digits")
    return int(value)


def _query_values(target: str, known: tuple[str, ...]) -> dict[str, str]:
    """The known parameters of the raw target's query, percent-decoded (strict). Unknown ones
    and empty pieces are ignored; a known one given twice, or bad percent-encoding, is refused
    (400, 1003)."""
    query = target.partition("?")[2]
    values: dict[str, str] = {}
    for piece in query.split("&"):
        if not piece:
            continue
        raw_name, _, raw_value = piece.partition("=")
        try:
            name, value = percent_decode(raw_name), percent_decode(raw_value)
        except ValueError as e:
            shown = _escape(raw_name.encode("latin-1").decode("utf-8", "replace"))
            raise service_error(E_BAD_VALUE, f"Invalid value for {shown}: {e}") from None
        if name not in known:
            continue
        if name in values:
            raise service_error(E_BAD_VALUE, f"Invalid value for {name}: given more than once")
        values[name] = value
    return values


def parse_list_query(target: str) -> ListQuery:
    """ListAdvancedCertificates' query, from the raw request-target. Raises Refusal (400, 1003).

    Unknown parameters are ignored; a known one given twice is refused (which value would
    count is not documented, so the mock makes the client's mistake visible). An empty value
    counts as absent: ``certificateName=`` lists everything, ``page=`` is page 1.
    """
    values = _query_values(target, ("certificateName", "page", "pageSize"))
    page = _query_int("page", values["page"]) if values.get("page") else 1
    size = _query_int("pageSize", values["pageSize"]) if values.get("pageSize") else 0
    return ListQuery(values.get("certificateName") or None, max(page, 1),
                     min(size, MAX_PAGE_SIZE))


def _page(items: list[Any], page: int, page_size: int) -> list[Any]:
    """One page (1-based); page size 0: everything, whatever the page."""
    if not page_size:
        return items
    start = (page - 1) * page_size
    return items[start:start + page_size]


def list_answer(orders: list[Order], query: ListQuery, legacy_fields: bool = False,
                extra_fields: bool = False, order_id_in_items: bool = False) -> dict[str, Any]:
    """ListAdvancedCertificates' answer over one account's certificates (oldest first).

    ``totalCount`` counts the matching certificates before paging; paging is by certificate.
    The certificates shown are grouped by order (an order's reissued certificates sit in its
    ``certificates``), the orders in the order of their first certificate shown.
    ``legacy_fields`` gives the names NCP used before its 2026-09-17 release (``orderID``,
    ``certificateTypeCode``, and ``certificateNo`` as a string), so clients can be tested
    against both. ``order_id_in_items`` adds ``orderId`` to each certificate item too (not
    documented for this call, research note §3a).
    """
    matching = [o for o in orders
                if query.certificate_name is None or o.certificateName == query.certificate_name]
    shown = _page(matching, query.page, query.page_size)
    groups: dict[str, list[Order]] = {}
    for cert in shown:
        groups.setdefault(cert.orderId, []).append(cert)
    items = []
    for order_id, certs in groups.items():
        item: dict[str, Any] = {
            ("orderID" if legacy_fields else "orderId"): order_id,
            "certificates": [certificate_item(c, legacy_fields, extra_fields, order_id_in_items)
                             for c in certs]}
        items.append(with_extras(item, extra_fields))
    return {"returnCode": "0", "returnMessage": "success", "totalCount": len(matching),
            "orders": items}


def certificate_item(order: Order, legacy_fields: bool = False, extra_fields: bool = False,
                     order_id_in_items: bool = False) -> dict[str, Any]:
    """One certificate as ListAdvancedCertificates (and GetOrder) show it."""
    cert: dict[str, Any] = {
        "certificateNo": str(order.certificateNo) if legacy_fields else order.certificateNo,
        "certificateName": order.certificateName,
        "memberNo": order.memberNo,
        "commonName": order.commonName,
        "dnsName": ",".join(order.dnsName),  # NCP documents a String here, not an array
        "statusCode": order.statusCode,
        "statusName": order.statusName,
        ("certificateTypeCode" if legacy_fields else "certificateType"): order.certificateType,
        "validationMethod": order.validationMethod,
        "regDate": order.regDate,
    }
    if order.organizationNo is not None:
        cert["organizationNo"] = order.organizationNo
    if order_id_in_items:
        cert["orderId"] = order.orderId
    return with_extras(cert, extra_fields)


def issuance_answer(order: Order) -> dict[str, Any]:
    """requestPaidCertificateIssuance's success answer for a newly placed order."""
    cert: dict[str, Any] = {
        "certificateNo": order.certificateNo,
        "requestSn": order.requestSn,
        "certificateName": order.certificateName,
        "statusCode": "0",
        "statusName": "Ongoing",
        "regDate": order.regDate,
        "validationMethod": order.validationMethod,
    }
    if order.organizationNo is not None:
        cert["organizationNo"] = order.organizationNo
    return {"returnCode": "0", "returnMessage": "success", "totalRows": 1,
            "paidCertificate": cert}


# ReissueCertificate's answer carries no certificate number (research note §6a): a client
# finds the new certificate by its name.
REISSUE_ANSWER = {"returnCode": "0", "returnMessage": "success", "totalRows": 1}


def with_extras(doc: dict[str, Any], extra_fields: bool) -> dict[str, Any]:
    """``doc`` plus EXTRA_FIELDS (deep-copied) when ``extra_fields`` is on."""
    if extra_fields:
        doc.update(json.loads(json.dumps(EXTRA_FIELDS)))
    return doc


# --------------------------------------------------------------------------------------------
# ListOrders, GetOrder: subscriptions (research note §3d, §3e)


def kst_text(ms: int) -> str:
    """Epoch ms as NCP writes its dates: ``yyyy-MM-dd HH:mm:ss``, Korea Standard Time."""
    return time.strftime("%Y-%m-%d %H:%M:%S", time.gmtime(ms // 1000 + KST_OFFSET_S))


def parse_kst_text(text: str) -> int:
    """``yyyy-MM-dd HH:mm:ss`` (Korea Standard Time) as epoch ms. ValueError otherwise."""
    dt = datetime.datetime.strptime(text, "%Y-%m-%d %H:%M:%S").replace(tzinfo=KST)
    return int(dt.timestamp()) * 1000


def _kst(ms: int) -> datetime.datetime:
    return datetime.datetime.fromtimestamp(ms / 1000, tz=KST)


def add_years(ms: int, years: int) -> int:
    """``ms`` plus ``years`` calendar years in Korean time (29 February → 28 February)."""
    start = _kst(ms)
    try:
        end = start.replace(year=start.year + years)
    except ValueError:
        end = start.replace(year=start.year + years, day=28)
    return ms + int((end - start).total_seconds()) * 1000


def remaining_days(end_ms: int | None, now_ms: int) -> int | None:
    """Days from today to the end date, both in Korean time (0: ends today; negative: ended
    that many days ago); None when there is no end yet."""
    if end_ms is None:
        return None
    return (_kst(end_ms).date() - _kst(now_ms).date()).days


def extendable_years(end_ms: int | None, now_ms: int) -> int:
    """SubscriptionExtend's rule (research note §6c): by the difference between the end year
    and this year, 0 → 3, 1 → 2, 2 → 1, 3 or more → 0; 0 when ended or no end yet."""
    if end_ms is None or now_ms >= end_ms:
        return 0
    return max(0, min(MAX_EXTENSION_YEARS,
                      MAX_EXTENSION_YEARS - (_kst(end_ms).year - _kst(now_ms).year)))


def subscription_fields(sub: Subscription, now_ms: int) -> dict[str, Any]:
    return {"orderId": sub.orderId,
            "subscriptionStartDt": kst_text(sub.startMs),
            "subscriptionEndDt": None if sub.endMs is None else kst_text(sub.endMs),
            "subscriptionYears": sub.subscriptionYears,
            "remainingDays": remaining_days(sub.endMs, now_ms),
            "extendableYears": extendable_years(sub.endMs, now_ms)}


def parse_orders_query(target: str) -> tuple[int, int]:
    """ListOrders' ``page`` (default 1) and ``pageSize`` (default 0 = all), read like the
    ListAdvancedCertificates query. Raises Refusal (400, 1003)."""
    values = _query_values(target, ("page", "pageSize"))
    page = _query_int("page", values["page"]) if values.get("page") else 1
    size = _query_int("pageSize", values["pageSize"]) if values.get("pageSize") else 0
    return max(page, 1), min(size, MAX_PAGE_SIZE)


def orders_answer(subs: list[Subscription], page: int, page_size: int, now_ms: int,
                  extra_fields: bool = False) -> dict[str, Any]:
    """ListOrders' answer over one account's orders (oldest first); ``totalCount`` counts
    them all, before paging."""
    return {"returnCode": "0", "returnMessage": "success", "totalCount": len(subs),
            "orders": [with_extras(subscription_fields(s, now_ms), extra_fields)
                       for s in _page(subs, page, page_size)]}


def order_answer(sub: Subscription, certificates: list[Order], now_ms: int,
                 extra_fields: bool = False, order_id_in_items: bool = False) -> dict[str, Any]:
    """GetOrder's answer: the subscription and the order's certificates (oldest first, items
    as ListAdvancedCertificates shows them); ``totalCount`` is the number of certificates."""
    doc: dict[str, Any] = {"returnCode": "0", "returnMessage": "success",
                           "totalCount": len(certificates)}
    doc.update(subscription_fields(sub, now_ms))
    doc["certificates"] = [certificate_item(c, False, extra_fields, order_id_in_items)
                           for c in certificates]
    return with_extras(doc, extra_fields)


# --------------------------------------------------------------------------------------------
# ListDcvStatuses (research note §4)


def normalise_name(name: str) -> str:
    """A domain name as the mock compares them: lower case, one trailing dot ignored."""
    name = name.lower()
    return name[:-1] if name.endswith(".") else name


def base_domain(name: str) -> str:
    """The domain a DCV record is for: the normalised name without a leading ``*.``."""
    name = normalise_name(name)
    return name[2:] if name.startswith("*.") else name


def dcv_bases(common_name: str, dns_names: list[str]) -> list[str]:
    """Distinct base domains of commonName + dnsName, in that order: one DCV record each."""
    bases: list[str] = []
    for name in [common_name, *dns_names]:
        base = base_domain(name)
        if base and base not in bases:
            bases.append(base)
    return bases


def matching_base(order: Order, domain_address: str) -> str | None:
    """The base domain of the order's record for ``domain_address``, or None when it is not one
    of the order's names. Case-insensitive, trailing dot ignored; a wildcard name
    ``*.example.com`` is asked for as ``*.example.com`` or as ``example.com``."""
    wanted = normalise_name(domain_address)
    for name in map(normalise_name, [order.commonName, *order.dnsName]):
        if wanted == name or (name.startswith("*.") and wanted == name[2:]):
            return base_domain(wanted)
    return None


def parse_certificate_no(segment: str) -> int:
    """The ``{certificateNo}`` path segment, raw (no percent-decoding): 1 to 18 ASCII digits.
    Raises Refusal (400, 1003)."""
    if not (segment.isascii() and segment.isdigit()) or len(segment) > 18:
        raise service_error(E_BAD_VALUE, f"Invalid value for certificateNo: {_escape(segment)!r} "
                            "is not a decimal number")
    return int(segment)


def parse_dcv_query(target: str) -> str:
    """ListDcvStatuses' ``domainAddress`` (required; percent-decoded like the list query).
    Raises Refusal (400): 1001 when absent or empty, 1003 on bad encoding or repetition."""
    value = _query_values(target, ("domainAddress",)).get("domainAddress")
    if not value:
        raise service_error(E_MISSING, "Required parameter is missing: domainAddress")
    return value


def dcv_item(order: Order, record: DcvRecord, txt_value_field: str,
             extra_fields: bool = False) -> dict[str, Any]:
    item: dict[str, Any] = {
        "validSn": record.validSn,  # an Integer since 2026-09-17 (research note §4)
        "requestSn": order.requestSn,
        "validStatusCode": record.validStatusCode,
        "txtName": record.txtName,
        txt_value_field: record.token,  # the field's name is undocumented: an option
        "regDate": order.regDate,
    }
    return with_extras(item, extra_fields)


def dcv_answer(order: Order, record: DcvRecord, txt_value_field: str = DEFAULT_TXT_VALUE_FIELD,
               extra_fields: bool = False) -> dict[str, Any]:
    """ListDcvStatuses' answer for one domain: one DNS item, no e-mail items (E is
    discontinued; the email fields were added on 2026-09-17, research note §4)."""
    doc = {"returnCode": "0", "returnMessage": "success", "totalRows": 1,
           "dnsVerificationCount": 1,
           "dnsVerificationList": [dcv_item(order, record, txt_value_field, extra_fields)],
           "emailVerificationCount": 0, "emailVerificationList": []}
    return with_extras(doc, extra_fields)


# --------------------------------------------------------------------------------------------
# GetCertificateChain (research note §5b)


def crlf_pem(pem: str) -> str:
    """A PEM as NCP's documented example sends it: CRLF line breaks, no trailing newline."""
    return pem.rstrip("\n").replace("\n", "\r\n")


def chain_answer(order: Order, extra_fields: bool = False) -> dict[str, Any]:
    assert order.certificatePem and order.subCaPem and order.rootCaPem
    doc = {"returnCode": "0", "returnMessage": "Success", "totalRows": 0,  # as NCP's example
           "subjectCommonName": order.commonName,
           "certificate": crlf_pem(order.certificatePem),
           "subCaCertificate": crlf_pem(order.subCaPem),
           "rootCaCertificate": crlf_pem(order.rootCaPem)}
    return with_extras(doc, extra_fields)


# --------------------------------------------------------------------------------------------
# ListOrganizations (research note §2)


def default_organizations(member_no: str, index: int) -> list[dict[str, Any]]:
    """An account's organisations: one validated (7), one with documents in progress (1), one
    failed (90). ``index`` is the account's place in the keys file."""
    base = FIRST_ORGANIZATION_NO + 10 * index
    rows = (("예시 주식회사", "Example Corp", "123-45-67890", "7"),
            ("서류검증 주식회사", "Documents Pending Corp", "234-56-78901", "1"),
            ("검증실패 주식회사", "Failed Validation Corp", "345-67-89012", "90"))
    return [{"organizationNo": base + i, "memberNo": member_no, "organizationNameKor": kor,
             "organizationNameEng": eng, "businessRegistrationNo": brn,
             "verificationType": "BUSINESS_REGISTRATION", "verificationProgressCode": code}
            for i, (kor, eng, brn, code) in enumerate(rows)]


def parse_org_filters(doc: dict[str, Any]) -> dict[str, str]:
    """ListOrganizations' optional filters. ``null`` and ``""`` count as absent; the names and
    the registration number must be strings, the code an integer or a string (it is compared as
    text: 7 and "7" match). Raises Refusal (400, 1003). Unknown fields are ignored."""
    filters: dict[str, str] = {}
    for name in ORG_FILTERS:
        value = doc.get(name)
        if value is None or value == "":
            continue
        if name == "verificationProgressCode":
            if isinstance(value, bool) or not isinstance(value, (int, str)):
                raise service_error(E_BAD_VALUE, f"Invalid value for {name}: must be an integer")
            filters[name] = str(value)
        elif isinstance(value, str):
            filters[name] = value
        else:
            raise service_error(E_BAD_VALUE, f"Invalid value for {name}: must be a string")
    return filters


def _org_matches(org: dict[str, Any], filters: dict[str, str]) -> bool:
    for name, wanted in filters.items():
        value = org.get(name)
        if name == "verificationProgressCode":
            value = None if value is None else str(value)
        if value != wanted:
            return False
    return True


def orgs_answer(orgs: list[dict[str, Any]], filters: dict[str, str], wrapper: str = "envelope",
                extra_fields: bool = False) -> Any:
    """ListOrganizations' answer: the matching organisations, as stored (the defaults have
    their code as a string), in an envelope or as a bare array (``wrapper``)."""
    items = [with_extras(dict(o), extra_fields) for o in orgs if _org_matches(o, filters)]
    if wrapper == "bare":
        return items
    doc = {"returnCode": "0", "returnMessage": "success", "totalRows": len(items),
           "organizationInfoList": items}
    return with_extras(doc, extra_fields)


# --------------------------------------------------------------------------------------------
# NCP Global DNS (research note ncp_global_dns.md §2): zones, records, staged changes


GDNS_HEAD = "/dns/v1/ncpdns"
GDNS_ZONES = GDNS_HEAD + "/domain"  # GET ?page&size&domainName=
GDNS_RECORD_HEAD = GDNS_HEAD + "/record/"  # + {domainId}: GET (list), POST (create), DELETE
GDNS_APPLY_HEAD = GDNS_HEAD + "/record/apply/"  # + {domainId}: PUT
GDNS_ROLLBACK_HEAD = GDNS_HEAD + "/record/rollback/"  # + {domainId}: PUT (ncpcert never calls it)


# Record types Global DNS accepts (research note §2.2).
GDNS_RECORD_TYPES = ("A", "AAAA", "CNAME", "MX", "PTR", "SPF", "TXT", "NS", "SRV", "CAA", "DS")
GDNS_MAX_PAGE_SIZE = 1000
FIRST_ZONE_ID = 100001
FIRST_RECORD_ID = 260001
DEFAULT_SOA_TTL = 300
NS_TTL = 3600

# Error codes, as strings (NCP's overview types errorCode as Integer, its examples are strings).
# X00007 "This is an invalid record." and X00006 are NCP's; X00001 for a malformed request is
# the mock's own choice (NCP's code for it was not found).
E_DNS_BAD_REQUEST = "X00001"
E_DNS_DENIED = "X00006"
E_DNS_INVALID_RECORD = "X00007"
DNS_DUPLICATE_MESSAGE = ("The host and type you entered exist in other resource record that are "
                         "duplicated. Please check again.")

MALFORMED_DNS_BODY = b'{"content":[{"id":'
# The standalone mock's foreign records (--foreign-record, --foreign-pending).
FOREIGN_HOST = "foreign"
FOREIGN_PENDING_HOST = "foreign-pending"
FOREIGN_VALUE = "someone else's record"

_HOST_LABEL = re.compile(r"(\*|[A-Za-z0-9_](?:[A-Za-z0-9_-]{0,61}[A-Za-z0-9_])?)")


@dataclass
class DnsRecord:
    """A record of a Global DNS zone, as NCP's RecordResponse names its fields.

    ``content`` is what NCP stores and answers: a TXT value wrapped in double quotes. A created
    record has ``applyYn`` False until the zone is applied; a deleted one ``delYn`` True until
    then (and is still served). ``defaultYn``: the zone's own SOA, NS and name-server address.
    ``foreign``: added by a test (someone else's record), never by a client."""
    id: int
    host: str  # relative to the zone, "@" for the apex
    type: str
    content: str
    ttl: int
    applyYn: bool = True
    delYn: bool = False
    defaultYn: bool = False
    createdDate: int = 0  # epoch ms
    modifiedDate: int = 0
    foreign: bool = False


@dataclass
class Zone:
    """A Global DNS zone (NCP calls it a domain). ``accessKey`` None: every account sees it."""
    id: int
    name: str  # lower case, no trailing dot
    accessKey: str | None
    records: list[DnsRecord] = field(default_factory=list)
    serial: int = 1  # the SOA serial, one more at every apply that changed something

    def fqdn(self, host: str) -> str:
        """The full name (lower case, no trailing dot) of a record host of this zone."""
        return self.name if host == "@" else f"{host.lower()}.{self.name}"

    def pending(self) -> list[DnsRecord]:
        """Records with a change not applied yet (created or deleted)."""
        return [r for r in self.records if not r.applyYn or r.delYn]

    def served(self) -> list[DnsRecord]:
        """What the zone's name servers answer: applied records (a deletion is staged too)."""
        return [r for r in self.records if r.applyYn]

    def soa_content(self) -> str:
        return (f"ns1.{self.name}. hostmaster.{self.name}. {self.serial} 3600 600 604800 "
                f"{DEFAULT_SOA_TTL}")


def gdns_error(status: int, code: str, message: str, dev_message: str | None = None,
               more_info: Any = None) -> Refusal:
    """Global DNS's error shape (research note §2.4)."""
    err: dict[str, Any] = {"errorCode": code, "message": message,
                           "devMessage": dev_message if dev_message is not None else message}
    if more_info is not None:
        err["moreInfo"] = more_info
    return Refusal(status, f"dns:{code}", {"result": "FAIL", "error": err})


def _dns_bad_request(what: str) -> Refusal:
    return gdns_error(400, E_DNS_BAD_REQUEST, "Invalid request.", what)


def _invalid_record(reasons: list[dict[str, str]]) -> Refusal:
    return gdns_error(400, E_DNS_INVALID_RECORD, "This is an invalid record.",
                      "; ".join(r["msg"] for r in reasons),
                      {"validationInfo": {"rrsetValidationResponseList": reasons}})


def txt_stored(content: str) -> str:
    """How Global DNS stores (and answers) a TXT value: wrapped in double quotes. A value
    already wrapped is kept as given (the mock's reading; NCP documents neither)."""
    if len(content) >= 2 and content.startswith('"') and content.endswith('"'):
        return content
    return f'"{content}"'


def txt_served(content: str) -> str:
    """The TXT value a name server gives for a stored content: the outer quotes removed."""
    if len(content) >= 2 and content.startswith('"') and content.endswith('"'):
        return content[1:-1]
    return content


def _dns_page_params(target: str, extra: tuple[str, ...]) -> tuple[int, int, dict[str, str]]:
    """page (0-based) and size, both required, and the other known parameters. Refusal 400."""
    try:
        values = _query_values(target, ("page", "size") + extra)
    except Refusal as r:
        raise _dns_bad_request(r.payload["returnMessage"]) from None
    for name in ("page", "size"):
        value = values.get(name, "")
        if not (value.isascii() and value.isdigit()) or len(value) > MAX_QUERY_INT_DIGITS:
            raise _dns_bad_request(f"{name} is required: a non-negative integer, got "
                                   f"{_escape(value)!r}")
    page, size = int(values["page"]), int(values["size"])
    if not 1 <= size <= GDNS_MAX_PAGE_SIZE:
        raise _dns_bad_request(f"size must be 1 to {GDNS_MAX_PAGE_SIZE}")
    return page, size, values


def spring_page(items: list[dict[str, Any]], page: int, size: int) -> dict[str, Any]:
    """A Spring Data Page, the shape of Global DNS's list answers (research note §2.2)."""
    total = len(items)
    shown = items[page * size:(page + 1) * size]
    pages = (total + size - 1) // size
    sort = {"empty": True, "sorted": False, "unsorted": True}
    return {"content": shown,
            "pageable": {"sort": sort, "offset": page * size, "pageNumber": page,
                         "pageSize": size, "paged": True, "unpaged": False},
            "totalElements": total, "totalPages": pages, "last": page >= pages - 1,
            "size": size, "number": page, "sort": sort, "numberOfElements": len(shown),
            "first": page == 0, "empty": not shown}


def zone_item(zone: Zone) -> dict[str, Any]:
    return {"id": zone.id, "name": zone.name, "status": "NORMAL", "completeYn": True,
            "dnssecYn": False}


def record_item(zone: Zone, record: DnsRecord) -> dict[str, Any]:
    """RecordResponse (research note §2.2)."""
    content = zone.soa_content() if record.type == "SOA" and record.defaultYn else record.content
    return {"id": record.id, "name": zone.fqdn(record.host), "host": record.host,
            "type": record.type, "content": content, "ttl": record.ttl, "aliasId": None,
            "lbId": None, "domainName": zone.name, "createdDate": record.createdDate,
            "modifiedDate": record.modifiedDate, "defaultYn": record.defaultYn,
            "applyYn": record.applyYn, "aliasYn": False, "lbPlatform": None, "lbYn": False,
            "delYn": record.delYn}


def parse_json_array(content_type: str | None, body: bytes) -> list[Any]:
    """A Global DNS request body: application/json, a JSON array."""
    media = (content_type or "").split(";", 1)[0].strip().lower()
    if media != "application/json":
        raise _dns_bad_request(f"Unsupported Content-Type {_escape(content_type or '')!r}; "
                               "send application/json")
    try:
        doc = json.loads(body.decode("utf-8"), object_pairs_hook=_reject_duplicates,
                         parse_constant=_reject_constant)
    except (UnicodeDecodeError, ValueError) as e:
        raise _dns_bad_request(f"Invalid JSON body: {_escape(str(e))}") from None
    if not isinstance(doc, list) or not doc:
        raise _dns_bad_request("the body must be a non-empty JSON array")
    return doc


def check_record_create(zone: Zone, item: Any) -> tuple[str, str, str, int]:
    """One RecordCreateRequest: (host, type, content, ttl), or Refusal X00007."""
    def bad(fieldname: str, msg: str, name: str = "") -> Refusal:
        rtype = item.get("type") if isinstance(item, dict) and isinstance(item.get("type"), str) else ""
        return _invalid_record([{"recordType": rtype, "field": fieldname, "recordName": name,
                                 "msg": msg}])

    if not isinstance(item, dict):
        raise bad("", "each record must be a JSON object")
    host, rtype, content, ttl = (item.get(k) for k in ("host", "type", "content", "ttl"))
    if not isinstance(host, str) or not host:
        raise bad("host", "host is required")
    if host != "@" and not all(_HOST_LABEL.fullmatch(label) for label in host.split(".")):
        raise bad("host", f"invalid host {_escape(host)!r}: labels relative to the zone "
                  "(no trailing dot), or @ for the apex")
    name = zone.fqdn(host)
    if len(name) > 253:
        raise bad("host", "the record name is longer than 253 characters", name)
    if not isinstance(rtype, str) or rtype not in GDNS_RECORD_TYPES:
        raise bad("type", "type must be one of " + ", ".join(GDNS_RECORD_TYPES), name)
    if not isinstance(content, str) or not content or _has_control(content):
        raise bad("content", "content is required (text without control characters)", name)
    if isinstance(ttl, bool) or not isinstance(ttl, int) or not 1 <= ttl <= 2_147_483_647:
        raise bad("ttl", "ttl is required: a positive integer", name)
    return host.lower(), rtype, txt_stored(content) if rtype == "TXT" else content, ttl


# --------------------------------------------------------------------------------------------
# An authoritative name server on loopback (RFC 1035, UDP and TCP) for the applied records


T_A, T_NS, T_CNAME, T_SOA, T_PTR, T_MX, T_TXT, T_AAAA, T_ANY = 1, 2, 5, 6, 12, 15, 16, 28, 255
DNS_TYPES = {"A": T_A, "NS": T_NS, "CNAME": T_CNAME, "SOA": T_SOA, "PTR": T_PTR, "MX": T_MX,
             "TXT": T_TXT, "AAAA": T_AAAA}
DNS_TYPE_NAMES = {v: k for k, v in DNS_TYPES.items()} | {T_ANY: "ANY"}
CLASS_IN, CLASS_ANY = 1, 255
RCODE_NOERROR, RCODE_FORMERR, RCODE_NXDOMAIN, RCODE_NOTIMP, RCODE_REFUSED = 0, 1, 3, 4, 5
RCODE_NAMES = {0: "NOERROR", 1: "FORMERR", 2: "SERVFAIL", 3: "NXDOMAIN", 4: "NOTIMP", 5: "REFUSED"}
F_QR, F_AA, F_TC, F_RD = 0x8000, 0x0400, 0x0200, 0x0100
UDP_MAX = 512  # RFC 1035 §4.2.1; the mock ignores EDNS, so a longer answer is truncated
DNS_TCP_IDLE_S = 10.0
PUBLISHED_TXT_TTL = 60  # publish_txt values have no record of their own


class DnsFormatError(ValueError):
    """A query the name server cannot read."""


@dataclass
class DnsQuery:
    """One question the name server answered (``MockNcp.dns_queries``)."""
    transport: str  # "udp" or "tcp"
    name: str  # as asked, lower case, no trailing dot
    qtype: str  # "TXT", "NS" …, or the number
    rcode: str  # "NOERROR", "NXDOMAIN", "REFUSED" …
    answers: int
    truncated: bool


def read_name(msg: bytes, offset: int) -> tuple[list[bytes], int]:
    """A domain name at ``offset`` (compression pointers followed, at most 64 jumps); returns
    the labels and the offset after the name in the message."""
    labels: list[bytes] = []
    end = None
    for _ in range(128):
        if offset >= len(msg):
            raise DnsFormatError("name runs past the end of the message")
        n = msg[offset]
        if n & 0xC0 == 0xC0:
            if offset + 1 >= len(msg):
                raise DnsFormatError("truncated compression pointer")
            if end is None:
                end = offset + 2
            offset = ((n & 0x3F) << 8) | msg[offset + 1]
            continue
        if n & 0xC0:
            raise DnsFormatError("unknown label type")
        if n == 0:
            if sum(len(l) + 1 for l in labels) + 1 > 255:
                raise DnsFormatError("name longer than 255 octets")
            return labels, (offset + 1 if end is None else end)
        labels.append(msg[offset + 1:offset + 1 + n])
        if len(labels[-1]) != n:
            raise DnsFormatError("label runs past the end of the message")
        offset += 1 + n
    raise DnsFormatError("too many labels or a compression loop")


def parse_query(msg: bytes) -> tuple[int, int, list[bytes], int, int, bytes]:
    """(id, flags, qname labels, qtype, qclass, the question's bytes as sent). One question;
    the other sections (an EDNS OPT record …) are ignored."""
    if len(msg) < 12:
        raise DnsFormatError("shorter than a header")
    qid, flags, qdcount = int.from_bytes(msg[0:2], "big"), int.from_bytes(msg[2:4], "big"), \
        int.from_bytes(msg[4:6], "big")
    if qdcount != 1:
        raise DnsFormatError(f"{qdcount} questions; one expected")
    labels, offset = read_name(msg, 12)
    if offset + 4 > len(msg):
        raise DnsFormatError("truncated question")
    qtype, qclass = int.from_bytes(msg[offset:offset + 2], "big"), \
        int.from_bytes(msg[offset + 2:offset + 4], "big")
    return qid, flags, labels, qtype, qclass, msg[12:offset + 4]


def encode_name(name: str) -> bytes:
    """A dotted name (trailing dot optional) in wire form, uncompressed."""
    name = name[:-1] if name.endswith(".") else name
    out = b""
    for label in name.split(".") if name else []:
        raw = label.encode("ascii")
        if not 0 < len(raw) < 64:
            raise ValueError(f"bad label in {name!r}")
        out += bytes([len(raw)]) + raw
    return out + b"\x00"


def txt_rdata(value: str) -> bytes:
    """A TXT value as character-strings of at most 255 octets each (RFC 1035 §3.3.14)."""
    raw = value.encode("utf-8")
    chunks = [raw[i:i + 255] for i in range(0, len(raw), 255)] or [b""]
    return b"".join(bytes([len(c)]) + c for c in chunks)


def soa_rdata(content: str) -> bytes:
    mname, rname, *numbers = content.split()
    return encode_name(mname) + encode_name(rname) + b"".join(
        int(n).to_bytes(4, "big") for n in numbers)


def record_rdata(rtype: str, content: str) -> bytes | None:
    """The RDATA of a stored record, or None for a type the mock does not serve (SPF, SRV,
    CAA, DS) or content it cannot read."""
    try:
        if rtype == "A":
            return socket.inet_pton(socket.AF_INET, content)
        if rtype == "AAAA":
            return socket.inet_pton(socket.AF_INET6, content)
        if rtype in ("NS", "CNAME", "PTR"):
            return encode_name(content)
        if rtype == "MX":
            pref, host = content.split()
            return int(pref).to_bytes(2, "big") + encode_name(host)
        if rtype == "TXT":
            return txt_rdata(txt_served(content))
        if rtype == "SOA":
            return soa_rdata(content)
    except (OSError, ValueError, UnicodeError, OverflowError):
        return None
    return None


# (owner name, type number, ttl, rdata)
ResourceRecord = tuple[str, int, int, bytes]


def encode_rr(rr: ResourceRecord) -> bytes:
    owner, rtype, ttl, rdata = rr
    return (encode_name(owner) + rtype.to_bytes(2, "big") + CLASS_IN.to_bytes(2, "big")
            + ttl.to_bytes(4, "big") + len(rdata).to_bytes(2, "big") + rdata)


def build_response(qid: int, flags: int, question: bytes, rcode: int, aa: bool,
                   answer: list[ResourceRecord] = (), authority: list[ResourceRecord] = (),
                   additional: list[ResourceRecord] = (), tc: bool = False) -> bytes:
    out_flags = F_QR | (flags & 0x7800) | (flags & F_RD) | rcode  # opcode and RD echoed
    if aa:
        out_flags |= F_AA
    if tc:
        out_flags |= F_TC
    counts = (1 if question else 0, len(answer), len(authority), len(additional))
    header = qid.to_bytes(2, "big") + out_flags.to_bytes(2, "big") + b"".join(
        c.to_bytes(2, "big") for c in counts)
    return header + question + b"".join(map(encode_rr, [*answer, *authority, *additional]))


def _ipv4_or_loopback(host: str) -> str:
    """The address a zone's ns1 A record gives: the mock's host when it is one IPv4 address
    clients can reach, else 127.0.0.1."""
    try:
        socket.inet_pton(socket.AF_INET, host)
    except OSError:
        return "127.0.0.1"
    return "127.0.0.1" if host == "0.0.0.0" else host


class _DnsUdpServer(socketserver.ThreadingUDPServer):
    daemon_threads = True
    mock: "MockNcp"


class _DnsTcpServer(socketserver.ThreadingTCPServer):
    daemon_threads = True
    allow_reuse_address = True
    mock: "MockNcp"


class _DnsUdpHandler(socketserver.BaseRequestHandler):
    def handle(self) -> None:
        data, sock = self.request
        reply = self.server.mock._dns_reply(data, "udp")
        if reply is not None:
            try:
                sock.sendto(reply, self.client_address)
            except OSError:
                pass


class _DnsTcpHandler(socketserver.BaseRequestHandler):
    """RFC 1035 §4.2.2: each message with a two-octet length; several per connection."""

    def handle(self) -> None:
        conn = self.request
        conn.settimeout(DNS_TCP_IDLE_S)
        try:
            while True:
                head = self._read(2)
                if head is None:
                    return
                msg = self._read(int.from_bytes(head, "big"))
                if msg is None:
                    return
                reply = self.server.mock._dns_reply(msg, "tcp")
                if reply is None:
                    return
                conn.sendall(len(reply).to_bytes(2, "big") + reply)
        except OSError:
            return

    def _read(self, n: int) -> bytes | None:
        buf = b""
        while len(buf) < n:
            chunk = self.request.recv(n - len(buf))
            if not chunk:
                return None
            buf += chunk
        return buf


def bind_dns(host: str, port: int) -> tuple[_DnsUdpServer, _DnsTcpServer]:
    """A UDP and a TCP server on one port (port 0: the first free port both can take)."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    for _ in range(50):
        udp_cls = type("_Udp", (_DnsUdpServer,), {"address_family": family})
        tcp_cls = type("_Tcp", (_DnsTcpServer,), {"address_family": family})
        udp = udp_cls((host, port), _DnsUdpHandler)
        try:
            tcp = tcp_cls((host, udp.server_address[1]), _DnsTcpHandler)
        except OSError:
            udp.server_close()
            if port:
                raise
            continue
        return udp, tcp
    raise OSError("no port free for both UDP and TCP")


# --------------------------------------------------------------------------------------------
# The mock's certificate authority (the openssl command-line tool)


class CaError(RuntimeError):
    """The mock cannot issue certificates at all: openssl missing, too slow, or its CA failed."""


class LeafRefused(Exception):
    """openssl refused one order's certificate (a CSR whose signature does not verify, a name
    it cannot put in a SAN): that order fails, the mock serves on."""


# Names the mock puts in a SAN and a subject as they are: nothing that means something in an
# openssl config value or a -subj string (",", "/", "=", "+", "\\", spaces, non-ASCII).
_CONFIG_SAFE_NAME = re.compile(r"[A-Za-z0-9*_-][A-Za-z0-9*_.-]{0,252}")

# The mock's own openssl config, so the system's openssl.cnf plays no part.
_CA_CONFIG = """\
[req]
distinguished_name = dn
prompt = no
[dn]
CN = unused
[root_ca]
basicConstraints = critical,CA:TRUE
keyUsage = critical,keyCertSign,cRLSign
subjectKeyIdentifier = hash
[sub_ca]
basicConstraints = critical,CA:TRUE,pathlen:0
keyUsage = critical,keyCertSign,cRLSign
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid:always
"""

_LEAF_CONFIG = """\
[leaf]
basicConstraints = critical,CA:FALSE
keyUsage = critical,digitalSignature,keyEncipherment
extendedKeyUsage = serverAuth
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid
subjectAltName = {san}
"""

_MISSING_OPENSSL = ("the mock NCP issues real X.509 certificates with the openssl command-line "
                    "tool (OpenSSL 3.0 or later), and {exe!r} was not found; install OpenSSL "
                    "(e.g. apt-get install openssl) or give its path (openssl=PATH, --openssl PATH)")


class MockCa:
    """A root CA and a sub CA (EC P-256), created on first use in a private temporary directory
    that ``close()`` removes, and the leaf certificates they issue from clients' CSRs.

    Every openssl call is bounded (``timeout_s``) and the calls are serialised by one lock, so
    the threading server can issue from several requests at once.
    """

    def __init__(self, openssl: str = "openssl", timeout_s: float = OPENSSL_TIMEOUT_S):
        self.openssl = openssl
        self.timeout_s = timeout_s
        self.root_pem: str | None = None
        self.sub_pem: str | None = None
        self._exe: str | None = None
        self._dir: str | None = None
        self._closed = False
        self._lock = threading.Lock()

    def issue(self, csr_pem: str, common_name: str, names: list[str], serial: int,
              days: int = DEFAULT_LEAF_DAYS) -> str:
        """The leaf certificate (PEM, LF) for ``csr_pem``'s public key: subject CN =
        ``common_name``, SAN = ``names`` (DNS), valid from now for ``days`` days, signed by the
        sub CA. Raises LeafRefused or CaError."""
        for name in [common_name, *names]:
            if not _CONFIG_SAFE_NAME.fullmatch(name):
                raise LeafRefused(f"the mock cannot put {_escape(name)!r} in a certificate")
        with self._lock:
            self._ensure()
            tag = f"leaf{serial}"
            self._write(f"{tag}.csr", csr_pem)
            self._write(f"{tag}.cnf", _LEAF_CONFIG.format(
                san=",".join("DNS:" + n for n in names)))
            try:
                proc = self._run("x509", "-req", "-in", f"{tag}.csr", "-CA", "sub.pem",
                                 "-CAkey", "sub.key", "-set_serial", str(serial), "-days", str(days),
                                 "-sha256", "-subj", f"/CN={common_name}",
                                 "-extfile", f"{tag}.cnf", "-extensions", "leaf",
                                 "-out", f"{tag}.pem")
                if proc.returncode != 0:
                    raise LeafRefused("openssl refused to issue: "
                                      + _escape(proc.stderr.strip()[-500:]))
                return self._read(f"{tag}.pem")
            finally:
                for ext in ("csr", "cnf", "pem"):
                    try:
                        os.remove(os.path.join(self._dir, f"{tag}.{ext}"))
                    except OSError:
                        pass

    def close(self) -> None:
        with self._lock:
            self._closed = True
            if self._dir is not None:
                shutil.rmtree(self._dir, ignore_errors=True)
                self._dir = None

    # -- internal ------------------------------------------------------------------------

    def _ensure(self) -> None:
        """Create the root CA and the sub CA, once (called with the lock held)."""
        if self.root_pem is not None:
            return
        if self._closed:
            raise CaError("the mock is stopped: it issues no more certificates")
        self._exe = shutil.which(self.openssl)
        if self._exe is None:
            raise CaError(_MISSING_OPENSSL.format(exe=self.openssl))
        self._dir = tempfile.mkdtemp(prefix="mock-ncp-ca-")  # mode 0700: the CA keys live here
        self._write("ca.cnf", _CA_CONFIG)
        ec = ("-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes")
        self._checked("root CA", "req", "-config", "ca.cnf", "-x509", "-new", *ec,
                      "-keyout", "root.key", "-out", "root.pem", "-days", "3650",
                      "-set_serial", "0x" + secrets.token_hex(8), "-extensions", "root_ca",
                      "-subj", "/C=KR/O=Mock NCP/CN=Mock NCP Test Root CA")
        self._checked("sub CA request", "req", "-config", "ca.cnf", "-new", *ec,
                      "-keyout", "sub.key", "-out", "sub.csr",
                      "-subj", "/C=KR/O=Mock NCP/CN=Mock NCP Test Sub CA")
        self._checked("sub CA", "x509", "-req", "-in", "sub.csr", "-CA", "root.pem",
                      "-CAkey", "root.key", "-set_serial", "0x" + secrets.token_hex(8),
                      "-days", "1825", "-sha256", "-extfile", "ca.cnf", "-extensions", "sub_ca",
                      "-out", "sub.pem")
        self.sub_pem = self._read("sub.pem")
        self.root_pem = self._read("root.pem")

    def _run(self, *args: str) -> subprocess.CompletedProcess:
        assert self._exe is not None and self._dir is not None
        env = dict(os.environ, OPENSSL_CONF=os.path.join(self._dir, "ca.cnf"))
        try:
            return subprocess.run([self._exe, *args], cwd=self._dir, env=env, stdin=subprocess.DEVNULL,
                                  capture_output=True, text=True, timeout=self.timeout_s)
        except subprocess.TimeoutExpired:
            raise CaError(f"openssl {args[0]} took more than {self.timeout_s:g} s") from None
        except OSError as e:
            raise CaError(f"cannot run {self._exe!r}: {e}") from None

    def _checked(self, what: str, *args: str) -> None:
        proc = self._run(*args)
        if proc.returncode != 0:
            raise CaError(f"openssl failed to create the mock's {what}: "
                          + _escape(proc.stderr.strip()[-500:]))

    def _write(self, name: str, text: str) -> None:
        with open(os.path.join(self._dir, name), "w", encoding="ascii", newline="\n") as f:
            f.write(text)

    def _read(self, name: str) -> str:
        with open(os.path.join(self._dir, name), encoding="ascii") as f:
            return f.read()


# --------------------------------------------------------------------------------------------
# HTTP


@dataclass
class Answer:
    """What to send: status and payload (JSON-able, or raw bytes), the verdict to record, and
    how to deliver it (after a stall, or not at all)."""
    status: int
    payload: Any
    verdict: str
    stall_s: float = 0.0  # wait this long (cut short by mock.stop()) before answering
    close: bool = False  # send nothing and close the connection


def _malformed_body(route: str | None, org_wrapper: str) -> bytes:
    """A truncated JSON document of the route's own answer shape (the issuance answer's for a
    request that has no route)."""
    if route == R_ORGS:
        return MALFORMED_ORGS_BARE_BODY if org_wrapper == "bare" else MALFORMED_ORGS_BODY
    if route in DNS_ROUTES:
        return MALFORMED_DNS_BODY
    return {R_LIST: MALFORMED_LIST_BODY, R_DCV: MALFORMED_DCV_BODY,
            R_CHAIN: MALFORMED_CHAIN_BODY, R_ORDERS: MALFORMED_LIST_BODY,
            R_ORDER: MALFORMED_ORDER_BODY,
            R_REISSUE: MALFORMED_REISSUE_BODY}.get(route or "", MALFORMED_BODY)


def _fault_refusal(fault: Fault, route: str | None, org_wrapper: str = "envelope") -> Refusal | None:
    """The answer of a fault that refuses before acting, or None (slow, placed-then-*)."""
    if fault.name == "throttle":
        return Refusal(429, "fault:throttle",
                       {"error": {"errorCode": "410", "message": "Throttle Limited"}})
    if fault.name == "unavailable":
        return gateway_error(503, "500", "Endpoint Error",
                             "the Certificate Manager endpoint is unavailable (mock fault)",
                             "fault:unavailable")
    if fault.name == "forbidden-empty":
        return Refusal(403, "fault:forbidden-empty", b"")
    if fault.name == "malformed":
        return Refusal(200, "fault:malformed", _malformed_body(route, org_wrapper))
    return None


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
        rec.route = mock._hook_of(method, target.split("?", 1)[0])
        try:
            try:
                rec.body = self._read_body()
            finally:
                mock._record(rec)
            answer = mock._hook(rec) if rec.route else self._decide(rec)
        except CaError as e:
            # The mock cannot issue (openssl missing …): loud, as a gateway 900 (HTTP 500).
            mock._log(f"cannot issue certificates: {e}")
            answer = Answer(500, {"error": {"errorCode": "900", "message": "Internal Server Error",
                                            "details": f"mock NCP: {e}"}}, "mock:ca-error")
        except Refusal as r:
            verdict = r.verdict
            if verdict == "gateway:too-large-drained":
                verdict = "gateway:too-large"  # answered; the connection stays usable
            if r.verdict in ("gateway:too-large", "gateway:bad-request"):
                self.close_connection = True  # the body was not read: do not reuse the stream
            answer = Answer(r.status, r.payload, verdict)
        if isinstance(answer.payload, bytes):
            body = answer.payload
        else:
            body = json.dumps(answer.payload, separators=(",", ":"),
                              ensure_ascii=False).encode("utf-8")
        if answer.close:
            body = b""
        rec.status, rec.verdict, rec.response = (0 if answer.close else answer.status,
                                                 answer.verdict, body)
        # Logged (and recorded) before answering, so a client that has its answer can rely on both.
        extra = f" [{rec.fault}]" if rec.fault and not answer.verdict.startswith("fault:") else ""
        shown_status = "closed" if answer.close else str(answer.status)
        mock._log(f"{self.client_address[0]} {_escape(method)} {_escape(target)} -> {shown_status} "
                  f"{answer.verdict}{extra}")

        if answer.close:
            self._drop_connection()
            return
        if answer.stall_s:
            mock._stopping.wait(answer.stall_s)  # mock.stop() cuts it short
        try:
            self._send(answer.status, method, body)
        except (BrokenPipeError, ConnectionResetError):
            # The client gave up (e.g. its read timeout during a stall): nothing to answer.
            self.close_connection = True

    def _send(self, status: int, method: str, body: bytes) -> None:
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

    def _drop_connection(self) -> None:
        """Close without a single response byte: the client sees the connection closed after
        it wrote its request (Python's http.client: RemoteDisconnected; Node: socket hang up)."""
        self.close_connection = True
        try:
            self.connection.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass  # already gone

    def _decide(self, rec: ReceivedRequest) -> Answer:
        mock = self.server.mock
        path = rec.target.split("?", 1)[0]
        rec.route, segment = mock._match_route(rec.method, path)

        # 1. Faults. Those that refuse or delay come before anything else (routing, auth,
        #    body); the placed-then-* ones act once the order is placed (step 5).
        fault = self._take_fault(rec)
        if fault is not None:
            rec.fault = str(fault)
            refusal = _fault_refusal(fault, rec.route, mock.org_wrapper)
            if refusal is not None:
                raise refusal
            if fault.name == "slow":
                mock._stopping.wait(fault.seconds)

        # 2. Routing: the exact raw path (query allowed), exact method.
        if rec.route is None:
            raise gateway_error(404, "300", "Not Found",
                                f"no resource for {_escape(rec.method)} {_escape(path)}",
                                "gateway:not-found")

        # 3. Gateway authentication (over the raw target, query included).
        access_key = check_auth(mock.keys, rec.method, rec.target, rec.headers, mock.now_ms())

        # 4. Global DNS, or Certificate Manager.
        if rec.route in DNS_ROUTES:
            return mock._answer_dns(rec.route, access_key, segment, rec)
        if rec.route == R_LIST:
            query = parse_list_query(rec.target)
            mock._advance()  # reading orders lets published ones validate
            return Answer(200, list_answer(mock._orders_of(access_key), query,
                                           mock.legacy_fields, mock.extra_fields,
                                           mock.order_id_in_items), "listed")
        if rec.route == R_ORDERS:
            page, size = parse_orders_query(rec.target)
            mock._advance()
            return Answer(200, orders_answer(mock._subscriptions_of(access_key), page, size,
                                             mock.now_ms(), mock.extra_fields), "orders-listed")
        if rec.route == R_ORDER:
            return mock._answer_order(access_key, segment or "")
        if rec.route == R_DCV:
            return mock._answer_dcv(access_key, segment or "", rec.target)
        if rec.route == R_CHAIN:
            return mock._answer_chain(access_key, segment or "")
        if rec.route == R_ORGS:
            return mock._answer_orgs(access_key, rec.headers.get("content-type"), rec.body)
        if rec.route == R_REISSUE:
            no = parse_certificate_no(segment or "")
            doc = check_body(rec.headers.get("content-type"), rec.body, reissue=True)
            mock._reissue(access_key, no, doc)
            answer = Answer(200, dict(REISSUE_ANSWER), "reissued")
        else:
            doc = check_body(rec.headers.get("content-type"), rec.body)
            order = mock._place_order(access_key, doc)
            # 5. The order is placed: "accepted", whatever a placed-then-* fault answers.
            answer = Answer(200, issuance_answer(order), "accepted")
        if fault is not None and fault.name == "placed-then-504":
            answer.status, answer.payload = 504, ENDPOINT_TIMEOUT
        elif fault is not None and fault.name == "placed-then-close":
            answer.close = True
        elif fault is not None and fault.name == "placed-then-stall":
            answer.stall_s = fault.seconds
        return answer

    def _take_fault(self, rec: ReceivedRequest) -> Fault | None:
        """The header's fault (which leaves the queue alone), else the queue's next fault for
        this request's route."""
        header_fault = rec.headers.get(H_FAULT)
        if header_fault is None:
            return self.server.mock._next_fault(rec.route)
        try:
            fault = parse_fault(header_fault)
        except ValueError as e:
            raise gateway_error(400, "100", "Bad Request", f"{H_FAULT}: {e}",
                                "gateway:bad-fault") from None
        if fault.places_order and rec.route not in (*ACTING_ROUTES, None):
            # It could never act here: a mistake in the test, not something to ignore.
            raise gateway_error(400, "100", "Bad Request",
                                f"{H_FAULT}: {fault.name} acts on issuance and reissue "
                                "requests only", "gateway:bad-fault")
        return fault


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
    request received, in arrival order (``hook_requests`` the calls of the /_mock/ hooks);
    ``orders`` every order placed (``Order``), oldest first, all accounts together;
    ``organizations`` each account's organisations (ListOrganizations); ``txt_zone`` the TXT
    records published so far (name → values); ``zones`` the Global DNS zones (``Zone``, with
    their staged changes); ``dns_calls`` the signed Global DNS calls per operation;
    ``dns_address`` the name server's ``HOST:PORT`` and ``dns_queries`` what it was asked."""

    def __init__(self, keys: dict[str, str], host: str = "127.0.0.1", port: int = 0, *,
                 prefix: str = "", faults: Iterable[str] = (),
                 now_ms: Callable[[], int] | None = None, clock_offset_ms: int = 0,
                 log: TextIO | None = None, legacy_fields: bool = False,
                 unique_names: bool = True, txt_value_field: str = DEFAULT_TXT_VALUE_FIELD,
                 auto_validate: bool = False, extra_fields: bool = False,
                 org_wrapper: str = "envelope",
                 organizations: dict[str, list[dict[str, Any]]] | None = None,
                 openssl: str = "openssl", zones: Iterable[str] = (),
                 refuse_second_txt: bool = False, dns_port: int | None = 0,
                 log_dns: bool = True,
                 subscription_years: int = DEFAULT_SUBSCRIPTION_YEARS,
                 leaf_days: int = DEFAULT_LEAF_DAYS, order_id_in_items: bool = False):
        if not isinstance(keys, dict) or not all(
                isinstance(k, str) and isinstance(v, str) and k and v for k, v in keys.items()):
            raise ValueError("keys must map non-empty access keys to non-empty secret keys")
        if prefix and (not prefix.startswith("/") or prefix.endswith("/")):
            raise ValueError("prefix must start with '/' and not end with '/'")
        if (not isinstance(txt_value_field, str) or not txt_value_field
                or txt_value_field in DCV_ITEM_FIELDS or txt_value_field in EXTRA_FIELDS):
            raise ValueError(f"txt_value_field must be a non-empty field name other than "
                             f"{', '.join(DCV_ITEM_FIELDS + tuple(EXTRA_FIELDS))}")
        if org_wrapper not in ORG_WRAPPERS:
            raise ValueError(f"org_wrapper must be one of {', '.join(ORG_WRAPPERS)}")
        _check_positive("subscription_years", subscription_years)
        _check_positive("leaf_days", leaf_days)
        self.keys = dict(keys)
        self.prefix = prefix
        self.route = prefix + ROUTE
        self.list_route = prefix + LIST_ROUTE
        self.legacy_fields = legacy_fields  # ListAdvancedCertificates' pre-2026-09-17 names
        # NCP refuses a second certificate of one name per account. Off only for load tests
        # that send one request many times.
        self.unique_names = unique_names
        self.txt_value_field = txt_value_field  # ListDcvStatuses' (undocumented) value field
        self.auto_validate = auto_validate  # an order validates once its records were all read
        self.extra_fields = extra_fields  # unknown fields in answers, for clients to keep
        self.org_wrapper = org_wrapper  # ListOrganizations: "envelope" or "bare"
        self.subscription_years = subscription_years  # of each new order
        self.leaf_days = leaf_days  # lifetime of the leaves issued (Subscription.leafDays overrides)
        self.order_id_in_items = order_id_in_items  # orderId in each certificate item too
        self.requests: list[ReceivedRequest] = []
        self.hook_requests: list[ReceivedRequest] = []
        self.orders: list[Order] = []  # one per order placed: its first certificate
        self.reissues: list[Order] = []  # the certificates ReissueCertificate made
        self.certificates: list[Order] = []  # both, in creation order (certificateNo order)
        self.subscriptions: dict[str, Subscription] = {}  # orderId -> subscription, oldest first
        self.txt_zone: dict[str, list[str]] = {}  # normalised name -> values, publish order
        self._member_nos = {ak: str(FIRST_MEMBER_NO + i) for i, ak in enumerate(self.keys)}
        self.organizations: dict[str, list[dict[str, Any]]] = {
            ak: default_organizations(member, i)
            for i, (ak, member) in enumerate(self._member_nos.items())}
        for ak, orgs in (organizations or {}).items():
            if not isinstance(orgs, list) or not all(isinstance(o, dict) for o in orgs):
                raise ValueError("organizations must map access keys to lists of objects")
            self.organizations[ak] = [dict(o) for o in orgs]
        self._ca = MockCa(openssl)
        # Order state changes (validation, issuance) happen under this lock; it is held while
        # openssl runs, the request/order lists' lock (_lock) is not.
        self._state_lock = threading.RLock()
        self._next_valid_sn = FIRST_VALID_SN
        self._next_serial = 0x10000
        self._clock = now_ms or (lambda: time.time_ns() // 1_000_000)
        self.clock_offset_ms = clock_offset_ms
        self._log_stream = log
        self._lock = threading.Lock()
        self._faults: list[list[Any]] = []  # [QueuedFault, remaining count]
        for spec in faults:
            self.queue_fault(spec)
        self._next_no = FIRST_CERTIFICATE_NO
        self._next_order_id = FIRST_ORDER_ID
        # Global DNS: zones with their records (staged changes included), under _dns_lock
        # (taken after _state_lock, never before it).
        self.zones: list[Zone] = []
        self.refuse_second_txt = refuse_second_txt  # NCP's duplicate error for a 2nd TXT value
        self.dns_calls: dict[str, int] = {r[len("dns-"):]: 0 for r in DNS_ROUTES}
        self._dns_lock = threading.RLock()
        self._next_zone_id = FIRST_ZONE_ID
        self._next_record_id = FIRST_RECORD_ID
        self.dns_host = host
        for zone_name in zones:
            self.add_zone(zone_name)
        self._stopping = threading.Event()
        self._server = _Server((host, port), self)
        bound_host, bound_port = self._server.server_address[:2]
        self.host, self.port = host, bound_port
        shown = f"[{host}]" if ":" in host else host
        self.url = f"http://{shown}:{bound_port}{prefix}"
        self.dns_url = self.url  # Global DNS is served here too (its own base URL in NCP)
        self._thread: threading.Thread | None = None
        # The name server (UDP and TCP on one port), unless dns_port is None.
        self.dns_queries: list[DnsQuery] = []
        self.log_dns = log_dns
        self.dns_address: str | None = None
        self.dns_port: int | None = None
        self._dns_servers: list[socketserver.BaseServer] = []
        self._dns_threads: list[threading.Thread] = []
        if dns_port is not None:
            try:
                udp, tcp = bind_dns(host, dns_port)
            except OSError:
                self._server.server_close()
                raise
            for server in (udp, tcp):
                server.mock = self
            self._dns_servers = [udp, tcp]
            self.dns_port = udp.server_address[1]
            self.dns_address = f"{shown}:{self.dns_port}"

    # -- public --------------------------------------------------------------------------

    def now_ms(self) -> int:
        return int(self._clock()) + self.clock_offset_ms

    def queue_fault(self, spec: str) -> None:
        """Queue a fault (``NAME[:SECONDS][:COUNT][@SCOPE]``) for the next requests of its scope."""
        queued = parse_queued_fault(spec)
        with self._lock:
            self._faults.append([queued, queued.count])

    def pending_faults(self) -> list[str]:
        """The queue as it stands, e.g. ``["unavailable:3@list"]`` (remaining counts)."""
        with self._lock:
            return [str(QueuedFault(q.fault, left, q.scope)) for q, left in self._faults]

    def find_order(self, certificate_no: int) -> Order | None:
        """The certificate of that number (any account; ordered or reissued), or None."""
        with self._lock:
            return next((o for o in self.certificates if o.certificateNo == certificate_no), None)

    def order_certificates(self, order_id: str) -> list[Order]:
        """The certificates of an order, oldest first (its first one, then the reissued)."""
        with self._lock:
            return [o for o in self.certificates if o.orderId == order_id]

    def set_subscription(self, order_id: str, *, years: int | None = None,
                         end: int | str | None = None,
                         remaining_days: int | None = None) -> Subscription:
        """Test hook: change an order's subscription. ``years``: subscriptionYears (and, when
        neither ``end`` nor ``remaining_days`` is given and the end is set, the end becomes
        start + years); ``end``: the end, epoch ms or ``yyyy-MM-dd HH:mm:ss`` in Korean time;
        ``remaining_days``: the end is now + that many days (negative: ended). KeyError for an
        unknown order; ValueError for bad values."""
        if end is not None and remaining_days is not None:
            raise ValueError("give end or remaining_days, not both")
        if years is not None:
            _check_positive("years", years)
        if isinstance(end, str):
            end = parse_kst_text(end)
        elif end is not None and (isinstance(end, bool) or not isinstance(end, int)):
            raise ValueError("end must be epoch ms (int) or 'yyyy-MM-dd HH:mm:ss' (Korean time)")
        if remaining_days is not None and (isinstance(remaining_days, bool)
                                           or not isinstance(remaining_days, int)):
            raise ValueError("remaining_days must be an integer")
        with self._state_lock:
            sub = self.subscriptions.get(order_id)
            if sub is None:
                raise KeyError(f"no order {order_id!r}")
            if years is not None:
                sub.subscriptionYears = years
                if end is None and remaining_days is None and sub.endMs is not None:
                    sub.endMs = add_years(sub.startMs, years)
            if end is not None:
                sub.endMs = end
            if remaining_days is not None:
                sub.endMs = self.now_ms() + remaining_days * DAY_MS
        shown = "none" if sub.endMs is None else kst_text(sub.endMs)
        self._log(f"hook: order {_escape(order_id)} subscription {sub.subscriptionYears} year(s), "
                  f"ends {shown}")
        return sub

    def expire_subscription(self, order_id: str) -> Subscription:
        """Test hook: the order's subscription ended a day ago (remainingDays -1): a reissue
        is refused."""
        return self.set_subscription(order_id, remaining_days=-1)

    def set_leaf_days(self, order_id: str, days: int | None) -> Subscription:
        """Test hook: the order's certificates issued from now on live ``days`` days (None:
        the mock's ``leaf_days``). KeyError for an unknown order."""
        if days is not None:
            _check_positive("days", days)
        with self._state_lock:
            sub = self.subscriptions.get(order_id)
            if sub is None:
                raise KeyError(f"no order {order_id!r}")
            sub.leafDays = days
        return sub

    def required_txt(self, certificate_no: int) -> list[tuple[str, str]]:
        """The TXT records (name, value) that validate the order, one per base domain."""
        return [(r.txtName, r.token) for r in self._order_or_key_error(certificate_no).dcvRecords]

    def publish_txt(self, name: str, value: str) -> list[Order]:
        """Test hook: a TXT record ``name`` (case-insensitive, trailing dot ignored) with
        ``value`` is now in DNS. Returns the orders this validated (and issued)."""
        if not isinstance(name, str) or not normalise_name(name) or not isinstance(value, str):
            raise ValueError("publish_txt needs a non-empty name and a string value")
        with self._state_lock:
            values = self.txt_zone.setdefault(normalise_name(name), [])
            if value not in values:
                values.append(value)
        self._log(f"hook: TXT {_escape(normalise_name(name))} published")
        return self._advance()

    def fail_validation(self, certificate_no: int, reason: str = "DCV timed out (mock)") -> Order:
        """Test hook: the order's validation fails: its records VALID_STATUS_TIMEOUT, the order
        -3 VALIDATION_FAILED. KeyError for an unknown number, ValueError unless ONGOING."""
        with self._state_lock:
            order = self._order_or_key_error(certificate_no)
            if order.statusCode != STATUS_ONGOING[0]:
                raise ValueError(f"certificate {certificate_no} is {order.statusCode} "
                                 f"{order.statusName}, not ONGOING: its validation cannot fail")
            for record in order.dcvRecords:
                record.validStatusCode = VALID_TIMEOUT
            order.statusCode, order.statusName = STATUS_VALIDATION_FAILED
            order.failureReason = reason
        self._log(f"hook: certificate {certificate_no} validation failed ({_escape(reason)})")
        return order

    def validate(self, certificate_no: int) -> Order:
        """Test hook: validate an ONGOING order now, as if its TXT records were all published
        (records VALID_STATUS_SUCCESS, the certificate issued). ValueError unless ONGOING."""
        with self._state_lock:
            order = self._order_or_key_error(certificate_no)
            if order.statusCode != STATUS_ONGOING[0]:
                raise ValueError(f"certificate {certificate_no} is {order.statusCode} "
                                 f"{order.statusName}, not ONGOING")
            self._validate(order, "validate()")
        return order

    def _serve_dns(self) -> None:
        for server in self._dns_servers:
            t = threading.Thread(target=server.serve_forever, args=(0.01,),
                                 name="mock-ncp-dns", daemon=True)
            t.start()
            self._dns_threads.append(t)

    def _stop_dns(self) -> None:
        # Both loops are told to stop at once (shutdown() waits for one poll interval).
        stoppers = [threading.Thread(target=server.shutdown, daemon=True)
                    for server, _t in zip(self._dns_servers, self._dns_threads)]
        for t in stoppers:
            t.start()
        for t in stoppers + self._dns_threads:
            t.join(timeout=10)
        for server in self._dns_servers:
            server.server_close()
        self._dns_threads = []

    def serve_in_thread(self) -> "MockNcp":
        self._serve_dns()
        self._thread = threading.Thread(target=self._server.serve_forever, args=(0.01,),
                                        name="mock-ncp", daemon=True)
        self._thread.start()
        return self

    def serve_forever(self) -> None:
        self._serve_dns()
        self._server.serve_forever()

    def stop(self) -> None:
        self._stopping.set()
        if self._thread is not None:
            self._server.shutdown()
            self._thread.join(timeout=10)
        self._server.server_close()
        self._stop_dns()
        self._ca.close()  # removes the CA's temporary directory

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
            is_hook = rec.route is not None and rec.route.startswith("hook:")
            (self.hook_requests if is_hook else self.requests).append(rec)

    def _route_of(self, method: str, path: str) -> str | None:
        """The operation a request is for: exact raw path and exact method, or None."""
        return self._match_route(method, path)[0]

    def _match_route(self, method: str, path: str) -> tuple[str | None, str | None]:
        """The operation a request is for and its ``{certificateNo}`` path segment (raw, not
        yet checked), or (None, None). Exact raw path (prefix included) and exact method."""
        if path == self.route and method == ROUTE_METHOD:
            return R_ISSUANCE, None
        if path == self.list_route and method == LIST_METHOD:
            return R_LIST, None
        if path == self.prefix + ORGS_ROUTE and method == ORGS_METHOD:
            return R_ORGS, None
        if path == self.prefix + ORDERS_ROUTE and method == ORDERS_METHOD:
            return R_ORDERS, None
        head = self.prefix + REISSUE_ROUTE_HEAD
        if path.startswith(head) and path.endswith(REISSUE_ROUTE_TAIL) \
                and method == REISSUE_METHOD:
            segment = path[len(head):len(path) - len(REISSUE_ROUTE_TAIL)]
            if segment and "/" not in segment:
                return R_REISSUE, segment
        head = self.prefix + ORDERS_ROUTE + "/"
        if path.startswith(head) and method == ORDERS_METHOD:
            segment = path[len(head):]
            if segment and "/" not in segment:
                return R_ORDER, segment
        if path == self.prefix + GDNS_ZONES and method == "GET":
            return R_DNS_ZONES, None
        for head, route in ((GDNS_APPLY_HEAD, R_DNS_APPLY), (GDNS_ROLLBACK_HEAD, R_DNS_ROLLBACK)):
            head = self.prefix + head
            if path.startswith(head) and method == "PUT" and path[len(head):] \
                    and "/" not in path[len(head):]:
                return route, path[len(head):]
        head = self.prefix + GDNS_RECORD_HEAD
        record_routes = {"GET": R_DNS_RECORDS, "POST": R_DNS_CREATE, "DELETE": R_DNS_DELETE}
        if path.startswith(head) and method in record_routes:
            segment = path[len(head):]
            if segment and "/" not in segment:
                return record_routes[method], segment
        head = self.prefix + DCV_ROUTE_HEAD
        if path.startswith(head) and method == DCV_METHOD:
            segment = path[len(head):]
            if segment and "/" not in segment:
                return R_DCV, segment
        head = self.prefix + CHAIN_ROUTE_HEAD
        if path.startswith(head) and path.endswith(CHAIN_ROUTE_TAIL) and method == CHAIN_METHOD:
            segment = path[len(head):len(path) - len(CHAIN_ROUTE_TAIL)]
            if segment and "/" not in segment:
                return R_CHAIN, segment
        return None, None

    def _hook_of(self, method: str, path: str) -> str | None:
        """The hook a POST to the mock's own /_mock/ paths is for ("hook:dns", "hook:fail"),
        else None."""
        if method != "POST":
            return None
        return {self.prefix + HOOK_DNS: "hook:dns",
                self.prefix + HOOK_FAIL: "hook:fail",
                self.prefix + HOOK_SUBSCRIPTION: "hook:subscription"}.get(path)

    def _next_fault(self, route: str | None) -> Fault | None:
        """Take one use of the first queued fault whose scope covers ``route``. Entries for
        other routes are passed by and keep their place."""
        with self._lock:
            for i, entry in enumerate(self._faults):
                queued: QueuedFault = entry[0]
                if queued.scope not in (SCOPE_ANY, route):
                    continue
                entry[1] -= 1
                if entry[1] <= 0:
                    del self._faults[i]
                return queued.fault
            return None

    def _orders_of(self, access_key: str) -> list[Order]:
        """The account's certificates (ordered and reissued), oldest first."""
        with self._lock:
            return [o for o in self.certificates if o.accessKey == access_key]

    def _subscriptions_of(self, access_key: str) -> list[Subscription]:
        with self._lock:
            return [s for s in self.subscriptions.values() if s.accessKey == access_key]

    def _order_of(self, access_key: str, certificate_no: int) -> Order | None:
        """The account's order of that certificate number: another account's is not found."""
        order = self.find_order(certificate_no)
        return order if order is not None and order.accessKey == access_key else None

    def _order_or_key_error(self, certificate_no: int) -> Order:
        order = self.find_order(certificate_no)
        if order is None:
            raise KeyError(f"no order with certificateNo {certificate_no}")
        return order

    # -- Global DNS: test hooks ----------------------------------------------------------

    def add_zone(self, name: str, access_key: str | None = None) -> Zone:
        """Test hook: a Global DNS zone (lower-cased, trailing dot ignored) with its SOA, its NS
        ``ns1.<zone>`` and that name server's address (A, the DNS server's host), all applied.
        ``access_key`` None: every account has it; else only that account. Returns the zone
        (an existing one of that name is returned as it is)."""
        zone_name = normalise_name(name) if isinstance(name, str) else ""
        if not zone_name or not all(_HOST_LABEL.fullmatch(l) and l != "*"
                                    for l in zone_name.split(".")):
            raise ValueError(f"add_zone needs a domain name, got {name!r}")
        if access_key is not None and access_key not in self.keys:
            raise ValueError(f"unknown access key {access_key!r}")
        with self._dns_lock:
            zone = self.find_zone(zone_name)
            if zone is not None:
                return zone
            zone = Zone(self._next_zone_id, zone_name, access_key)
            self._next_zone_id += 1
            ns_address = _ipv4_or_loopback(self.dns_host)
            for host, rtype, content, ttl in (("@", "SOA", "", DEFAULT_SOA_TTL),
                                              ("@", "NS", f"ns1.{zone_name}.", NS_TTL),
                                              ("ns1", "A", ns_address, NS_TTL)):
                zone.records.append(self._new_record(host, rtype, content, ttl, applied=True,
                                                     default=True))
            self.zones.append(zone)
        self._log(f"hook: zone {_escape(zone_name)} added")
        return zone

    def find_zone(self, name: str) -> Zone | None:
        """The zone of that exact name (case-insensitive, trailing dot ignored), or None."""
        wanted = normalise_name(name)
        with self._dns_lock:
            return next((z for z in self.zones if z.name == wanted), None)

    def add_record(self, zone: str, host: str, type: str, content: str, ttl: int = 300, *,
                   applied: bool = True, pending_delete: bool = False) -> DnsRecord:
        """Test hook: someone else's record in ``zone`` (``foreign``). ``applied=False``: a
        pending creation; ``pending_delete=True``: an applied record whose deletion is pending.
        TXT content is given bare and stored quoted, as a client's would be."""
        z = self.find_zone(zone)
        if z is None:
            raise KeyError(f"no zone {zone!r}; add it first (add_zone)")
        try:
            host, rtype, content, ttl = check_record_create(
                z, {"host": host, "type": type, "content": content, "ttl": ttl})
        except Refusal as r:
            raise ValueError(r.payload["error"]["devMessage"]) from None
        with self._dns_lock:
            record = self._new_record(host, rtype, content, ttl, applied=applied, foreign=True)
            record.delYn = bool(pending_delete and applied)
            z.records.append(record)
        self._log(f"hook: foreign {rtype} record at {_escape(z.fqdn(host))} "
                  f"({'applied' if applied else 'pending'}"
                  f"{', deletion pending' if record.delYn else ''})")
        return record

    def zone_records(self, zone: str, type: str | None = None) -> list[DnsRecord]:
        """Copies of the zone's records (pending ones included), oldest first; only ``type``'s
        when given. KeyError for an unknown zone."""
        z = self.find_zone(zone)
        if z is None:
            raise KeyError(f"no zone {zone!r}")
        with self._dns_lock:
            return [dataclasses.replace(r) for r in z.records if type is None or r.type == type]

    def served_txt(self, name: str) -> list[str]:
        """The TXT values the mock's name server answers for ``name``: the applied Global DNS
        records (quotes removed) and what ``publish_txt`` put there."""
        wanted = normalise_name(name)
        values: list[str] = []
        with self._dns_lock:
            zone = self._zone_for_name(wanted)
            if zone is not None:
                values += [txt_served(r.content) for r in zone.served()
                           if r.type == "TXT" and zone.fqdn(r.host) == wanted]
        with self._state_lock:
            values += [v for v in self.txt_zone.get(wanted, ()) if v not in values]
        return values

    def unpublish_txt(self, name: str, value: str) -> bool:
        """Test hook: the TXT value ``publish_txt`` put at ``name`` is gone. True if it was
        there. (An issued certificate stays issued.)"""
        key = normalise_name(name)
        with self._state_lock:
            values = self.txt_zone.get(key, [])
            if value not in values:
                return False
            values.remove(value)
            if not values:
                del self.txt_zone[key]
        self._log(f"hook: TXT {_escape(key)} removed")
        return True

    # -- Global DNS: the API ---------------------------------------------------------------

    def _new_record(self, host: str, rtype: str, content: str, ttl: int, *, applied: bool,
                    default: bool = False, foreign: bool = False) -> DnsRecord:
        """Called with _dns_lock held."""
        now = self.now_ms()
        record = DnsRecord(self._next_record_id, host, rtype, content, ttl, applyYn=applied,
                           defaultYn=default, createdDate=now, modifiedDate=now, foreign=foreign)
        self._next_record_id += 1
        return record

    def _zone_for_name(self, name: str) -> Zone | None:
        """The zone holding ``name`` (the longest zone name it ends with). _dns_lock held."""
        best = None
        for z in self.zones:
            if (name == z.name or name.endswith("." + z.name)) and (
                    best is None or len(z.name) > len(best.name)):
                best = z
        return best

    def _account_zone(self, access_key: str, segment: str) -> Zone:
        """The {domainId} of a record call, for this account (_dns_lock held)."""
        if not (segment.isascii() and segment.isdigit()) or len(segment) > 18:
            raise _dns_bad_request(f"domainId {_escape(segment)!r} is not a number")
        zone = next((z for z in self.zones if z.id == int(segment)
                     and z.accessKey in (None, access_key)), None)
        if zone is None:
            raise gdns_error(400, E_DNS_DENIED, "You do not have permissions.",
                             f"no domain {segment} in this account")
        return zone

    def _answer_dns(self, route: str, access_key: str, segment: str | None,
                    rec: ReceivedRequest) -> Answer:
        with self._lock:
            self.dns_calls[route[len("dns-"):]] += 1
        if route == R_DNS_ZONES:
            page, size, values = _dns_page_params(rec.target, ("domainName",))
            wanted = (values.get("domainName") or "").lower()
            with self._dns_lock:
                # domainName is a search, not an exact match (research note §2.2: clients walk
                # up the labels until a zone's name matches exactly): a substring match.
                items = [zone_item(z) for z in self.zones if z.accessKey in (None, access_key)
                         and wanted in z.name]
            return Answer(200, spring_page(items, page, size), "dns-zones-listed")
        with self._dns_lock:
            zone = self._account_zone(access_key, segment or "")
            if route == R_DNS_RECORDS:
                page, size, values = _dns_page_params(rec.target, ("recordType", "searchContent"))
                rtype = values.get("recordType") or None
                search = (values.get("searchContent") or "").lower()
                items = [record_item(zone, r) for r in zone.records
                         if (rtype is None or r.type == rtype) and search in zone.fqdn(r.host)]
                return Answer(200, spring_page(items, page, size), "dns-records-listed")
            if route == R_DNS_CREATE:
                return self._dns_create(zone, rec)
            if route == R_DNS_DELETE:
                return self._dns_delete(zone, rec)
            if route == R_DNS_ROLLBACK:
                zone.records = [r for r in zone.records if r.applyYn]
                for r in zone.records:
                    r.delYn = False
                self._log(f"zone {zone.name}: pending changes rolled back")
                return Answer(200, b"", "dns-rolled-back")
            # R_DNS_APPLY: publish every staged change of the zone (NCP's apply is zone-wide).
            changed = bool(zone.pending())
            zone.records = [r for r in zone.records if not r.delYn]
            now = self.now_ms()
            for r in zone.records:
                if not r.applyYn:
                    r.applyYn, r.modifiedDate = True, now
            if changed:
                zone.serial += 1
            self._log(f"zone {zone.name}: applied ({'changes published' if changed else 'nothing pending'})")
        if changed:
            self._advance()  # the applied records may complete an order's DCV
        return Answer(200, b"", "dns-applied")

    def _dns_create(self, zone: Zone, rec: ReceivedRequest) -> Answer:
        """POST: a JSON array of RecordCreateRequest, all or nothing (_dns_lock held)."""
        items = parse_json_array(rec.headers.get("content-type"), rec.body)
        checked = [check_record_create(zone, item) for item in items]
        live = [(r.host, r.type, r.content) for r in zone.records if not r.delYn]
        for host, rtype, content, _ttl in checked:
            name = zone.fqdn(host)
            clash = (host, rtype, content) in live or (
                rtype == "TXT" and self.refuse_second_txt
                and any(h == host and t == "TXT" for h, t, _c in live))
            if rtype == "CNAME" or any(h == host and t == "CNAME" for h, t, _c in live):
                clash = clash or any(h == host for h, _t, _c in live)
            if clash:
                raise _invalid_record([{"recordType": rtype, "field": "host",
                                        "recordName": name, "msg": DNS_DUPLICATE_MESSAGE}])
            live.append((host, rtype, content))
        for host, rtype, content, ttl in checked:
            zone.records.append(self._new_record(host, rtype, content, ttl, applied=False))
        self._log(f"zone {zone.name}: {len(checked)} record(s) created (pending apply)")
        return Answer(200, b"", "dns-created")

    def _dns_delete(self, zone: Zone, rec: ReceivedRequest) -> Answer:
        """DELETE: a bare JSON array of record ids, all or nothing (_dns_lock held). An applied
        record is marked delYn until apply; one never applied is removed at once."""
        ids = parse_json_array(rec.headers.get("content-type"), rec.body)
        if not all(isinstance(i, int) and not isinstance(i, bool) for i in ids):
            raise _dns_bad_request("the body must be a JSON array of record ids (integers)")
        by_id = {r.id: r for r in zone.records}
        for i in ids:
            record = by_id.get(i)
            if record is None:
                raise _invalid_record([{"recordType": "", "field": "id", "recordName": "",
                                        "msg": f"no record {i} in domain {zone.name}"}])
            if record.defaultYn:
                raise gdns_error(400, E_DNS_DENIED, "You do not have permissions.",
                                 f"record {i} is a default {record.type} record of the domain")
        now = self.now_ms()
        gone = set()
        for i in ids:
            record = by_id[i]
            if not record.applyYn:
                gone.add(i)
            else:
                record.delYn, record.modifiedDate = True, now
        zone.records = [r for r in zone.records if r.id not in gone]
        self._log(f"zone {zone.name}: {len(ids)} record(s) deleted (pending apply)")
        return Answer(200, b"", "dns-deleted")

    # -- the name server -----------------------------------------------------------------

    def _dns_reply(self, msg: bytes, transport: str) -> bytes | None:
        """The answer to one DNS message, or None to send nothing (not a query at all)."""
        if len(msg) < 12 or msg[2] & 0x80:
            return None  # no header to answer with, or a response
        qid, flags = int.from_bytes(msg[0:2], "big"), int.from_bytes(msg[2:4], "big")
        try:
            _, _, labels, qtype, qclass, question = parse_query(msg)
        except DnsFormatError:
            return build_response(qid, flags, b"", RCODE_FORMERR, False)
        try:
            name = ".".join(l.decode("ascii") for l in labels).lower()
        except UnicodeDecodeError:
            name = None
        if (flags >> 11) & 0xF != 0:
            rcode, aa, answer, authority, additional = RCODE_NOTIMP, False, [], [], []
        elif name is None or qclass not in (CLASS_IN, CLASS_ANY):
            rcode, aa, answer, authority, additional = RCODE_REFUSED, False, [], [], []
        else:
            rcode, aa, answer, authority, additional = self._dns_lookup(name, qtype)
        reply = build_response(qid, flags, question, rcode, aa, answer, authority, additional)
        truncated = transport == "udp" and len(reply) > UDP_MAX
        if truncated:
            # Nothing but the question, with TC: the client asks again over TCP.
            reply = build_response(qid, flags, question, rcode, aa, tc=True)
        shown = name if name is not None else "?"
        with self._lock:
            self.dns_queries.append(DnsQuery(transport, shown, DNS_TYPE_NAMES.get(qtype, str(qtype)),
                                             RCODE_NAMES.get(rcode, str(rcode)), len(answer),
                                             truncated))
        if self.log_dns:
            self._log(f"dns {transport} {_escape(shown)} {DNS_TYPE_NAMES.get(qtype, qtype)} -> "
                      f"{RCODE_NAMES.get(rcode, rcode)} {len(answer)} answer(s)"
                      f"{' TC' if truncated else ''}")
        return reply

    def _dns_lookup(self, name: str, qtype: int) -> tuple[int, bool, list, list, list]:
        """(rcode, authoritative, answer, authority, additional) for ``name`` (lower case, no
        trailing dot): the applied records of the zone holding it, plus what publish_txt put
        there. A name in no zone is REFUSED unless publish_txt put a value there."""
        with self._state_lock:
            published = list(self.txt_zone.get(name, ()))
        published_rrs = [(name, T_TXT, PUBLISHED_TXT_TTL, txt_rdata(v)) for v in published]
        with self._dns_lock:
            zone = self._zone_for_name(name)
            if zone is None:
                if not published:
                    return RCODE_REFUSED, False, [], [], []
                answer = published_rrs if qtype in (T_TXT, T_ANY) else []
                return RCODE_NOERROR, True, answer, [], []
            rrs: list[ResourceRecord] = []
            for r in zone.served():
                content = zone.soa_content() if r.type == "SOA" and r.defaultYn else r.content
                rdata = record_rdata(r.type, content)
                if rdata is not None:
                    rrs.append((zone.fqdn(r.host), DNS_TYPES[r.type], r.ttl, rdata))
            rrs += [rr for rr in published_rrs if rr not in rrs]
            soa = next((rr for rr in rrs if rr[1] == T_SOA and rr[0] == zone.name), None)
            negative = [] if soa is None else [(soa[0], T_SOA, min(soa[2], DEFAULT_SOA_TTL),
                                                soa[3])]
            at_name = [rr for rr in rrs if rr[0] == name]
            cname = [rr for rr in at_name if rr[1] == T_CNAME]
            if cname and qtype != T_CNAME:
                return RCODE_NOERROR, True, cname, [], []  # the client follows it
            answer = [rr for rr in at_name if qtype == T_ANY or rr[1] == qtype]
            if answer:
                # Glue: the addresses of in-zone name servers (so NS discovery through this
                # server finds it).
                targets = {normalise_name(r.content) for r in zone.served()
                           if r.type == "NS" and zone.fqdn(r.host) == name}
                additional = [rr for rr in rrs if rr[0] in targets and rr[1] in (T_A, T_AAAA)]
                return RCODE_NOERROR, True, answer, [], additional if qtype == T_NS else []
            exists = at_name or any(rr[0].endswith("." + name) for rr in rrs)
            return (RCODE_NOERROR if exists else RCODE_NXDOMAIN), True, [], negative, []

    # -- DCV and issuance ----------------------------------------------------------------

    def _is_published(self, record: DcvRecord) -> bool:
        """The record's value is served at its name: applied in a Global DNS zone, or put there
        by publish_txt. A created record not yet applied does not count."""
        return record.token in self.served_txt(record.txtName)

    def _advance(self) -> list[Order]:
        """Validate every ONGOING order whose every TXT record is published with the right
        value (a wrong value does nothing). Returns the orders validated."""
        moved = []
        with self._state_lock:
            with self._lock:
                ongoing = [o for o in self.certificates if o.statusCode == STATUS_ONGOING[0]]
            for order in ongoing:
                if order.dcvRecords and all(map(self._is_published, order.dcvRecords)):
                    self._validate(order, "TXT records published")
                    moved.append(order)
        return moved

    def _validate(self, order: Order, why: str) -> None:
        """DCV succeeded: records VALID_STATUS_SUCCESS, then the certificate is issued (order
        1 NORMAL) or openssl refuses it (order -1 FAILED). A CaError leaves the order as it was.
        Called with _state_lock held."""
        try:
            self._issue(order)
            order.statusCode, order.statusName = STATUS_NORMAL
            self._log(f"certificate {order.certificateNo} validated ({why}) and issued")
        except LeafRefused as e:
            order.statusCode, order.statusName = STATUS_FAILED
            order.failureReason = str(e)
            self._log(f"certificate {order.certificateNo} validated ({why}), issuance FAILED: {e}")
        for record in order.dcvRecords:
            record.validStatusCode = VALID_SUCCESS

    def _issue(self, order: Order) -> None:
        """Issue the order's leaf from its CSR; keep the three PEMs (LF) on the order."""
        names: list[str] = []
        for name in map(normalise_name, [order.commonName, *order.dnsName]):
            if name not in names:
                names.append(name)
        serial = self._next_serial
        self._next_serial += 1
        sub = order.subscription
        days = sub.leafDays if sub is not None and sub.leafDays is not None else self.leaf_days
        leaf = self._ca.issue(order.csr, order.commonName, names, serial, days)
        order.certificatePem, order.subCaPem, order.rootCaPem = leaf, self._ca.sub_pem, self._ca.root_pem
        if sub is not None and sub.endMs is None:
            # The order's first certificate: its subscription runs from now on (research §3d).
            sub.endMs = add_years(sub.startMs, sub.subscriptionYears)
            self._log(f"order {sub.orderId} subscription ends {kst_text(sub.endMs)}")

    # -- the new routes ------------------------------------------------------------------

    def _answer_dcv(self, access_key: str, segment: str, target: str) -> "Answer":
        """ListDcvStatuses: checks certificateNo (1003), then domainAddress (1001/1003), then
        the order (1006), then that the domain is one of its names (1003)."""
        no = parse_certificate_no(segment)
        domain = parse_dcv_query(target)
        self._advance()
        with self._state_lock:
            order = self._order_of(access_key, no)
            if order is None:
                raise service_error(E_NO_CERTIFICATE, NO_CERTIFICATE_MESSAGE)
            base = matching_base(order, domain)
            record = order.dcv_record(base) if base is not None else None
            if record is None:
                raise service_error(E_BAD_VALUE, f"Invalid value for domainAddress: "
                                    f"{_escape(domain)!r} is not a name of certificate {no}")
            payload = dcv_answer(order, record, self.txt_value_field, self.extra_fields)
            record.read = True
            # auto_validate: once every record has been answered (REG) once, the order
            # validates; the next read shows it.
            if (self.auto_validate and order.statusCode == STATUS_ONGOING[0]
                    and all(r.read for r in order.dcvRecords)):
                self._validate(order, "auto_validate")
        return Answer(200, payload, "dcv-listed")

    def _answer_chain(self, access_key: str, segment: str) -> "Answer":
        """GetCertificateChain: 1003 (certificateNo), 1006 (unknown), 1007 (not issued)."""
        no = parse_certificate_no(segment)
        self._advance()
        with self._state_lock:
            order = self._order_of(access_key, no)
            if order is None:
                raise service_error(E_NO_CERTIFICATE, NO_CERTIFICATE_MESSAGE)
            if order.statusCode in ISSUED_CODES and order.certificatePem is None:
                # A test set the status by hand: issue now.
                try:
                    self._issue(order)
                except LeafRefused as e:
                    order.failureReason = str(e)
            if order.statusCode not in ISSUED_CODES or order.certificatePem is None:
                raise service_error(E_NOT_ISSUED, f"The certificate has not been issued: "
                                    f"certificate {no} is {order.statusCode} {order.statusName}")
            return Answer(200, chain_answer(order, self.extra_fields), "chain-sent")

    def _answer_order(self, access_key: str, segment: str) -> "Answer":
        """GetOrder: the account's order of that id (the raw path segment), else 1008."""
        self._advance()
        with self._state_lock:
            sub = self.subscriptions.get(segment)
            if sub is None or sub.accessKey != access_key:
                raise service_error(E_NO_ORDER, f"No order exists: {_escape(segment)}")
            doc = order_answer(sub, self.order_certificates(segment), self.now_ms(),
                               self.extra_fields, self.order_id_in_items)
        return Answer(200, doc, "order-sent")

    def _answer_orgs(self, access_key: str, content_type: str | None, body: bytes) -> "Answer":
        """ListOrganizations: the body must be a JSON object ({} at least, research note §2)."""
        filters = parse_org_filters(parse_json_object(content_type, body))
        with self._lock:
            orgs = list(self.organizations.get(access_key, []))
        return Answer(200, orgs_answer(orgs, filters, self.org_wrapper, self.extra_fields),
                      "orgs-listed")

    # -- HTTP hooks (unsigned; not NCP) ----------------------------------------------------

    def _hook(self, rec: ReceivedRequest) -> "Answer":
        """POST /_mock/dns {"name", "value"} and POST /_mock/fail {"certificateNo"[, "reason"]}.
        Bad input → 400 {"error": "..."}."""
        try:
            doc = json.loads(rec.body.decode("utf-8"), object_pairs_hook=_reject_duplicates,
                             parse_constant=_reject_constant)
        except (UnicodeDecodeError, ValueError) as e:
            return _hook_error(400, f"body is not JSON: {e}")
        if not isinstance(doc, dict):
            return _hook_error(400, "body must be a JSON object")
        if rec.route == "hook:subscription":
            return self._hook_subscription(doc)
        if rec.route == "hook:dns":
            name, value = doc.get("name"), doc.get("value")
            if not isinstance(name, str) or not normalise_name(name):
                return _hook_error(400, '"name" must be a non-empty string')
            if not isinstance(value, str):
                return _hook_error(400, '"value" must be a string')
            remove = doc.get("remove", False)
            if not isinstance(remove, bool):
                return _hook_error(400, '"remove" must be true or false')
            if remove:
                return Answer(200, {"removed": self.unpublish_txt(name, value)}, "hook:dns")
            validated = self.publish_txt(name, value)
            return Answer(200, {"published": {"name": normalise_name(name), "value": value},
                                "validated": [o.certificateNo for o in validated]}, "hook:dns")
        no, reason = doc.get("certificateNo"), doc.get("reason", "DCV timed out (mock)")
        if isinstance(no, bool) or not isinstance(no, int):
            return _hook_error(400, '"certificateNo" must be an integer')
        if not isinstance(reason, str):
            return _hook_error(400, '"reason" must be a string')
        try:
            order = self.fail_validation(no, reason)
        except KeyError:
            return _hook_error(404, f"no order with certificateNo {no}")
        except ValueError as e:
            return _hook_error(409, str(e))
        return Answer(200, {"certificateNo": no, "statusCode": order.statusCode,
                            "statusName": order.statusName}, "hook:fail")

    def _hook_subscription(self, doc: dict[str, Any]) -> "Answer":
        """POST /_mock/subscription {"orderId", "years"?, "end"?, "remainingDays"?,
        "leafDays"?}: set_subscription (and set_leaf_days) over HTTP; answers the order as
        ListOrders shows it."""
        order_id = doc.get("orderId")
        if not isinstance(order_id, str):
            return _hook_error(400, '"orderId" must be a string')
        for key in ("years", "remainingDays", "leafDays"):
            value = doc.get(key)
            if value is not None and (isinstance(value, bool) or not isinstance(value, int)):
                return _hook_error(400, f'"{key}" must be an integer')
        if doc.get("end") is not None and not isinstance(doc["end"], str):
            return _hook_error(400, '"end" must be a string yyyy-MM-dd HH:mm:ss (Korean time)')
        try:
            sub = self.set_subscription(order_id, years=doc.get("years"), end=doc.get("end"),
                                        remaining_days=doc.get("remainingDays"))
            if "leafDays" in doc:
                self.set_leaf_days(order_id, doc["leafDays"])
        except KeyError:
            return _hook_error(404, f"no order {order_id!r}")
        except ValueError as e:
            return _hook_error(400, str(e))
        return Answer(200, subscription_fields(sub, self.now_ms()), "hook:subscription")

    def _place_order(self, access_key: str, doc: dict[str, Any]) -> Order:
        """Place the order of a checked issuance request, or raise Refusal (400, 2000) when the
        account already has a certificate of that name. Check and placement happen under one
        lock, so two concurrent requests with one name cannot both be placed."""
        name = doc["certificateName"]
        now = self.now_ms()
        reg = kst_text(now)
        years = _subscription_period(doc.get("subscriptionPeriod")) or self.subscription_years
        with self._lock:
            self._check_name_is_new(access_key, name)
            bases = dcv_bases(doc["commonName"], list(doc.get("dnsName") or []))
            records = [DcvRecord(self._next_valid_sn + i, base, TXT_PREFIX + base,
                                 secrets.token_urlsafe(24)) for i, base in enumerate(bases)]
            self._next_valid_sn += len(records)
            order = Order(
                orderId=str(self._next_order_id),
                accessKey=access_key,
                memberNo=self._member_nos[access_key],
                certificateNo=self._next_no,
                certificateName=name,
                commonName=doc["commonName"],
                dnsName=list(doc.get("dnsName") or []),
                certificateType=doc["certificateType"],
                validationMethod=doc["validationMethod"],
                organizationNo=doc["organizationNo"] if doc["certificateType"] == OV_TYPE else None,
                requestSn=secrets.token_hex(16),
                regDate=reg,
                csr=doc["csr"],
                dcvRecords=records,
                subscription=Subscription(str(self._next_order_id), access_key, now, years),
            )
            self._next_order_id += 1
            self._next_no += 1
            self.orders.append(order)
            self.certificates.append(order)
            self.subscriptions[order.orderId] = order.subscription
        return order

    def _reissue(self, access_key: str, certificate_no: int, doc: dict[str, Any]) -> Order:
        """ReissueCertificate of a checked body: a new certificate (new number, the body's
        name, names, CSR and validation method; the order's type and organisation) in the same
        order, ONGOING, with its own DCV records. Refusals (400): 1006 no such certificate of
        this account, 1009 the order's subscription has ended, 2000 the name is taken."""
        name = doc["certificateName"]
        now = self.now_ms()
        with self._state_lock, self._lock:
            old = next((o for o in self.certificates if o.certificateNo == certificate_no
                        and o.accessKey == access_key), None)
            if old is None:
                raise service_error(E_NO_CERTIFICATE, NO_CERTIFICATE_MESSAGE)
            sub = old.subscription
            if sub is not None and sub.ended(now):
                raise service_error(E_SUBSCRIPTION_ENDED,
                                    f"The subscription of the order has ended: order "
                                    f"{old.orderId} ended {kst_text(sub.endMs)}; extend it or "
                                    "order a new certificate")
            self._check_name_is_new(access_key, name)
            dns_names = list(doc.get("dnsName") or [])
            bases = dcv_bases(doc["commonName"], dns_names)
            records = [DcvRecord(self._next_valid_sn + i, base, TXT_PREFIX + base,
                                 secrets.token_urlsafe(24)) for i, base in enumerate(bases)]
            self._next_valid_sn += len(records)
            cert = Order(
                orderId=old.orderId,
                accessKey=access_key,
                memberNo=old.memberNo,
                certificateNo=self._next_no,
                certificateName=name,
                commonName=doc["commonName"],
                dnsName=dns_names,
                certificateType=old.certificateType,
                validationMethod=doc["validationMethod"],
                organizationNo=old.organizationNo,
                requestSn=secrets.token_hex(16),
                regDate=kst_text(now),
                csr=doc["csr"],
                dcvRecords=records,
                subscription=sub,
                reissueOf=certificate_no,
            )
            self._next_no += 1
            self.reissues.append(cert)
            self.certificates.append(cert)
        self._log(f"certificate {certificate_no} reissued as {cert.certificateNo} "
                  f"(order {cert.orderId})")
        return cert

    def _check_name_is_new(self, access_key: str, name: str) -> None:
        """Refusal (400, 2000) when the account has a certificate of that name (ordered or
        reissued) and names are unique. Called with _lock held."""
        if self.unique_names and any(o.accessKey == access_key and o.certificateName == name
                                     for o in self.certificates):
            raise service_error(E_NAME_EXISTS, f"The certificate name already exists: {name}")


def _check_positive(name: str, value: Any) -> None:
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise ValueError(f"{name} must be a positive integer")


def _subscription_period(value: Any) -> int | None:
    """The issuance request's optional ``subscriptionPeriod`` as years: 1–3 as an integer or as
    ``"1Y"``–``"3Y"`` (its type is not documented, research note §8.2); anything else is
    ignored (None), like every unknown field."""
    if isinstance(value, int) and not isinstance(value, bool) and 1 <= value <= MAX_EXTENSION_YEARS:
        return value
    if isinstance(value, str) and re.fullmatch(r"[1-3][Yy]?", value):
        return int(value[0])
    return None


def _hook_error(status: int, message: str) -> Answer:
    return Answer(status, {"error": message}, "hook:bad-request")


def start(keys: dict[str, str], host: str = "127.0.0.1", port: int = 0, **options: Any) -> MockNcp:
    """Start a mock in a background thread. Options: ``prefix``, ``faults`` (list of
    ``NAME[:SECONDS][:COUNT][@SCOPE]``), ``now_ms`` (clock callable, ms), ``clock_offset_ms``,
    ``log`` (stream), ``legacy_fields`` (ListAdvancedCertificates' older field names),
    ``unique_names`` (default True: a second order of one name per account is refused),
    ``txt_value_field`` (default "txtValue"), ``auto_validate``, ``extra_fields``,
    ``org_wrapper`` ("envelope" or "bare"), ``organizations`` ({access_key: [org, …]}),
    ``openssl`` (the command, default "openssl"), ``zones`` (Global DNS zones of every
    account), ``refuse_second_txt``, ``dns_port`` (default 0: a free port; None: no name
    server), ``log_dns`` (default True), ``subscription_years`` (of each new order, default 1),
    ``leaf_days`` (lifetime of issued leaves, default 90), ``order_id_in_items``
    (ListAdvancedCertificates/GetOrder: ``orderId`` in each certificate item)."""
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


def _write_ready_file(path: str, url: str, dns_address: str | None = None) -> None:
    """The URL on the first line; the name server's HOST:PORT on the second, when it runs."""
    tmp = f"{path}.tmp{os.getpid()}"
    with open(tmp, "w", encoding="utf-8") as f:
        f.write(url + "\n" + (dns_address + "\n" if dns_address else ""))
    os.replace(tmp, path)  # atomic: a reader never sees a partial URL


def main(argv: list[str] | None = None) -> int:
    here = os.path.dirname(os.path.abspath(__file__))
    p = argparse.ArgumentParser(description="Mock NCP API Gateway + Certificate Manager "
                                "(requestPaidCertificateIssuance, ListAdvancedCertificates, "
                                "ListDcvStatuses, GetCertificateChain, ListOrganizations, "
                                "ListOrders, GetOrder, ReissueCertificate) + "
                                "Global DNS + an authoritative name server (--dns-port).")
    p.add_argument("--port", type=int, default=0, help="port to listen on; 0 picks a free one")
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--keys", default=os.path.join(here, "keys.example.json"),
                   help="JSON object {access_key: secret_key} (default: keys.example.json)")
    p.add_argument("--prefix", default="", help="path prefix before /api/v2/… (e.g. /p)")
    p.add_argument("--ready-file", help="write the URL to this file once listening")
    p.add_argument("--fault", action="append", default=[], metavar="NAME[:COUNT][@SCOPE]",
                   help="fault for the next COUNT requests on SCOPE (issuance, list, dcv, chain, "
                   "orgs, orders, order, reissue, dns-… or any; repeatable, applied in order): "
                   "throttle, unavailable, forbidden-empty, malformed, slow:SECONDS (default @any); "
                   "placed-then-504, placed-then-close, placed-then-stall:SECONDS (@issuance, the "
                   "default, or @reissue)")
    p.add_argument("--clock-offset-ms", type=int, default=0,
                   help="shift the mock's clock (timestamp check, Date header, regDate)")
    p.add_argument("--legacy-fields", action="store_true",
                   help="ListAdvancedCertificates answers with the older field names "
                   "(orderID, certificateTypeCode, certificateNo as a string)")
    p.add_argument("--allow-duplicate-names", action="store_true",
                   help="accept several orders of one certificate name per account (load tests); "
                   "by default the second is refused (returnCode 2000), as NCP does")
    p.add_argument("--txt-value-field", default=DEFAULT_TXT_VALUE_FIELD, metavar="NAME",
                   help="ListDcvStatuses: the name of the field carrying the TXT value "
                   "(undocumented by NCP; default %(default)s)")
    p.add_argument("--auto-validate", action="store_true",
                   help="an order validates (and its certificate is issued) once ListDcvStatuses "
                   "has answered each of its records once (demos)")
    p.add_argument("--extra-fields", action="store_true",
                   help="add unknown fields (futureField, mockNote) to the new routes' answers "
                   "and to list items")
    p.add_argument("--org-wrapper", choices=ORG_WRAPPERS, default="envelope",
                   help="ListOrganizations' answer: an envelope object (default) or a bare array")
    p.add_argument("--openssl", default="openssl", metavar="PATH",
                   help="the openssl command that issues the certificates (default: openssl)")
    p.add_argument("--zone", action="append", default=[], metavar="NAME",
                   help="a Global DNS zone of every account (repeatable)")
    p.add_argument("--foreign-record", action="append", default=[], metavar="ZONE",
                   help=f"someone else's applied TXT record in ZONE, at host {FOREIGN_HOST} "
                   "(repeatable; the zone is added if missing)")
    p.add_argument("--foreign-pending", action="append", default=[], metavar="ZONE",
                   help=f"someone else's pending (not applied) TXT record in ZONE, at host "
                   f"{FOREIGN_PENDING_HOST} (repeatable; the zone is added if missing)")
    p.add_argument("--refuse-second-txt", action="store_true",
                   help="Global DNS refuses a second TXT value at one host (its duplicate-record "
                   "error X00007)")
    p.add_argument("--dns-port", type=int, default=None, metavar="PORT",
                   help="run the name server on UDP and TCP PORT of --host (0 picks a free one); "
                   "its address is printed and written as the ready file's second line")
    p.add_argument("--quiet-dns", action="store_true", help="do not log each DNS question")
    p.add_argument("--subscription-years", type=int, default=DEFAULT_SUBSCRIPTION_YEARS,
                   metavar="N", help="subscriptionYears of each new order (default %(default)s)")
    p.add_argument("--leaf-days", type=int, default=DEFAULT_LEAF_DAYS, metavar="N",
                   help="issued certificates live N days from issuance (default %(default)s)")
    p.add_argument("--order-id-in-items", action="store_true",
                   help="ListAdvancedCertificates and GetOrder: orderId in each certificate item "
                   "too (not documented by NCP)")
    args = p.parse_args(argv)

    try:
        keys = load_keys(args.keys)
        for spec in args.fault:
            parse_queued_fault(spec)
        mock = MockNcp(keys, args.host, args.port, prefix=args.prefix, faults=args.fault,
                       clock_offset_ms=args.clock_offset_ms, legacy_fields=args.legacy_fields,
                       unique_names=not args.allow_duplicate_names,
                       txt_value_field=args.txt_value_field, auto_validate=args.auto_validate,
                       extra_fields=args.extra_fields, org_wrapper=args.org_wrapper,
                       openssl=args.openssl, zones=args.zone,
                       refuse_second_txt=args.refuse_second_txt, dns_port=args.dns_port,
                       log_dns=not args.quiet_dns, subscription_years=args.subscription_years,
                       leaf_days=args.leaf_days, order_id_in_items=args.order_id_in_items)
        for zone in args.foreign_record:
            mock.add_zone(zone)
            mock.add_record(zone, FOREIGN_HOST, "TXT", FOREIGN_VALUE)
        for zone in args.foreign_pending:
            mock.add_zone(zone)
            mock.add_record(zone, FOREIGN_PENDING_HOST, "TXT", FOREIGN_VALUE, applied=False)
    except (OSError, ValueError, KeyError) as e:
        print(f"mock-ncp: {e}", file=sys.stderr)
        return 2

    def on_term(signum: int, frame: Any) -> None:
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, on_term)
    print(f"mock-ncp listening on {mock.url}", flush=True)
    if mock.dns_address:
        print(f"mock-ncp dns on {mock.dns_address}", flush=True)
    if args.ready_file:
        _write_ready_file(args.ready_file, mock.url, mock.dns_address)
    try:
        mock.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        mock._stopping.set()
        mock._server.server_close()
        mock._stop_dns()
        mock._ca.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
