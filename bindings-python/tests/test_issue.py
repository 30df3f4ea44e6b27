"""Hands-free issuance, the Python side: the extension's issuance and publication drivers
(Python objects in and out, the core's errors as the package's exceptions with their codes),
the standard-library DNS transport of ``ncpcert.issue``, its argument checks, and the key never
shown. The whole run against the mock NCP is tests/e2e/test_python_issue.py."""

from __future__ import annotations

import pickle
import socket
import struct
import threading
from pathlib import Path
from typing import Any

import pytest
import requests

import ncpcert
import ncpcert._errors as errors
import ncpcert._issue as issue_module
import ncpcert._native as native
from ncpcert._api import call

REQUEST = {
    "certificateType": "DV",
    "certificateName": "web",
    "commonName": "www.example.com",
    "dnsName": ["www.example.com", "example.com"],
    "validationMethod": "D",
}


@pytest.fixture(scope="module")
def key_and_csr() -> tuple[str, bytes]:
    key = ncpcert.generate_key("p256")
    return key, ncpcert.make_csr(key, REQUEST["dnsName"]).encode()


def driver(csr: bytes, **options: Any) -> Any:
    base = {"baseUrl": "http://127.0.0.1:9", "dnsBaseUrl": "http://127.0.0.1:10", "entropy": 7}
    return call(native.IssuanceDriver, REQUEST, csr, {**base, **options})


def test_the_issuance_driver_speaks_python_objects(key_and_csr: tuple[str, bytes]) -> None:
    d = driver(key_and_csr[1], dnsResolver="127.0.0.1:5353")
    action = call(d.next, 0)
    # The preflight comes first: a Global DNS zone lookup, unpaid, before any journal entry.
    assert action["action"] == "send" and action["purpose"] == "findZone" and action["paid"] is False
    assert action["request"]["url"].startswith("http://127.0.0.1:10/dns/v1/ncpdns/domain?")
    assert isinstance(action["request"]["headers"], dict) and action["clockOffsetMs"] == 0
    # Asking again before feeding the answer is the host's bug, with the core's code.
    with pytest.raises(ncpcert.NcpError) as info:
        call(d.next, 0)
    assert info.value.code == "internal.misuse"
    with pytest.raises(ncpcert.NcpError) as info:
        call(d.receive_dns, b"\x00")
    assert info.value.code == "internal.misuse"
    call(d.transport_failed, False, "refused")


@pytest.mark.parametrize(
    ("options", "code"),
    [
        ({"dns": "carrier-pigeon"}, "argument.invalid"),
        ({"dnsResolver": "somewhere"}, "argument.invalid"),
        ({"dnsBaseUrl": "ftp://x"}, "site.invalid"),
        ({"validationMethod": "E"}, "argument.invalid"),
        ({"pollIntervalMs": -1}, "argument.invalid"),
        ({"nope": 1}, "argument.invalid"),
    ],
)
def test_driver_options_the_core_refuses_raise_with_its_code(
    key_and_csr: tuple[str, bytes], options: dict[str, Any], code: str
) -> None:
    with pytest.raises(ncpcert.NcpError) as info:
        driver(key_and_csr[1], **options)
    assert info.value.code == code and info.value.message


def test_the_publication_driver_gives_dns_queries_as_bytes() -> None:
    d = call(native.PublicationDriver, {
        "operation": "wait",
        "records": [{"fqdn": "_acme-challenge.example.com.", "value": "tok"}],
        "dnsResolver": "127.0.0.1:53",
        "entropy": 1,
    })
    action = call(d.next, 0)
    while action["action"] == "progress":
        action = call(d.next, 0)
    assert action["action"] == "query" and action["queryType"] == "TXT" and action["tcp"] is False
    assert action["target"] == {"kind": "server", "address": "127.0.0.1:53"}
    wire = bytes(action["wire"])
    # An RFC 1035 query read by hand: one question, for that name, type TXT (16), class IN.
    assert struct.unpack("!H", wire[4:6])[0] == 1
    assert wire[12:].startswith(b"\x0f_acme-challenge\x07example\x03com\x00\x00\x10\x00\x01")
    call(d.dns_failed, "no answer")
    with pytest.raises(ncpcert.NcpError) as info:
        call(native.PublicationDriver, {"operation": "present", "records": [{"fqdn": "a b", "value": "v"}]})
    assert info.value.code == "argument.invalid"
    assert call(native.certbot_record, "*.example.com", "tok") == {"fqdn": "_acme-challenge.example.com", "value": "tok"}
    assert call(native.txt_record, "_x.Example.com.", "v") == {"fqdn": "_x.example.com", "value": "v"}


def test_dns_errors_arrive_as_dns_error_with_their_fields() -> None:
    data = {
        "type": "dns", "code": "dns.pending_changes", "message": "m", "hint": "h",
        "certificateName": "web", "ordered": False,
        "dns": {"type": "dns", "code": "dns.pending_changes", "message": "m", "hint": "h0",
                "names": ["example.com"], "httpStatus": 400, "ncpCode": "X00007", "details": "d"},
    }
    error = errors.from_dict(data)
    assert type(error) is ncpcert.DnsError and isinstance(error, ncpcert.NcpError)
    assert (error.code, error.hint, error.names, error.http_status, error.ncp_code) == (
        "dns.pending_changes", "h", ["example.com"], 400, "X00007")
    assert not error.ordered and error.certificate_no is None and error.certificate_name == "web"
    again = pickle.loads(pickle.dumps(error))
    assert type(again) is ncpcert.DnsError and again.__dict__ == error.__dict__
    value_field = errors.from_dict({"type": "dns", "code": "dns.value_field", "message": "m",
                                    "ordered": True, "certificateNo": 1000, "fields": ["txtMystery"]})
    assert isinstance(value_field, ncpcert.DnsError)
    assert value_field.ordered and value_field.certificate_no == 1000 and value_field.fields == ["txtMystery"]
    # An order error of the issuance workflow keeps the order workflow's details.
    order = errors.from_dict({"type": "order", "code": "order.not_placed", "message": "m", "hint": "h",
                              "certificateName": "web", "ordered": False,
                              "order": {"type": "order", "code": "order.not_placed", "message": "inner",
                                        "steps": [{"step": "attempt"}], "cause": {"type": "transport"}}})
    assert type(order) is ncpcert.OrderError and order.message == "m"
    assert order.steps == [{"step": "attempt"}] and order.cause == {"type": "transport"}


ISSUED = {
    "certificateNo": 1000, "certificateName": "web", "path": "accepted",
    "files": {"cert.pem": "C\n", "chain.pem": "S\n", "fullchain.pem": "C\nS\n", "root.pem": "R\n"},
    "records": [{"fqdn": "_dnsauth.example.com", "value": "v"}], "created": [], "kept": True,
    "order": {"path": "accepted", "certificateNo": 1000, "certificateName": "web", "status": "ONGOING",
              "statusCode": 0, "statusName": "ONGOING", "orderId": None, "attempts": 1, "answer": None,
              "certificate": None, "chain": None, "steps": []},
}


def test_issued_never_shows_its_key(key_and_csr: tuple[str, bytes]) -> None:
    import dataclasses

    key = key_and_csr[0]
    issued = dataclasses.replace(ncpcert.Issued.from_dict(ISSUED), key_pem=key)
    assert issued.key_pem == key and issued.certificate_no == 1000 and issued.cleanup_error is None
    assert issued.files["fullchain.pem"] == "C\nS\n" and issued.records[0].fqdn == "_dnsauth.example.com"
    for shown in (repr(issued), str(issued), str(issued.to_dict())):
        assert "PRIVATE KEY" not in shown and key not in shown
    assert issued.to_dict() == ISSUED


@pytest.mark.parametrize(
    ("arguments", "error"),
    [
        ({"dns": "route53"}, ValueError),
        ({"dns": object()}, TypeError),
        ({"domains": "www.example.com"}, TypeError),
        ({"domains": [b"www.example.com"]}, TypeError),
        ({"poll_interval": "30"}, TypeError),
        ({"wait_timeout": float("inf")}, ValueError),
        ({"session": object()}, TypeError),
        ({"key_algorithm": "dsa"}, ncpcert.NcpError),
        ({"key_pem": "not a key"}, ncpcert.NcpError),
        ({"domains": []}, ncpcert.NcpError),
    ],
)
def test_bad_arguments_are_refused_before_anything_is_sent(arguments: dict[str, Any], error: type) -> None:
    # Nothing listens at port 9: were anything sent, the error would be another one.
    options: dict[str, Any] = dict(domains=["www.example.com"], certificate_name="web", session=requests.Session(),
                                   auth=ncpcert.NcpAuth("EXAMPLEAK0000000NCP1", "EXAMPLESECRET00000000000000000000NCPSK01"),
                                   base_url="http://127.0.0.1:9", dns_base_url="http://127.0.0.1:9")
    options.update(arguments)
    with pytest.raises(error) as info:
        ncpcert.issue(**options)
    assert "PRIVATE KEY" not in str(info.value)
    if isinstance(info.value, ncpcert.NcpError):
        assert info.value.code in ("key.algorithm", "key.invalid", "csr.names_invalid", "argument.invalid")


# -- the DNS transport: the core's bytes moved unchanged ------------------------------------------


def _server() -> tuple[str, int, socket.socket, socket.socket]:
    udp = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    udp.bind(("127.0.0.1", 0))
    port = udp.getsockname()[1]
    tcp = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    tcp.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    tcp.bind(("127.0.0.1", port))
    tcp.listen(1)
    return "127.0.0.1", port, udp, tcp


def test_queries_go_over_udp_and_tcp_unchanged() -> None:
    host, port, udp, tcp = _server()

    def answer_udp() -> None:
        data, peer = udp.recvfrom(512)
        udp.sendto(b"\xff\xff stray", peer)  # another query's late answer: skipped
        udp.sendto(data + b"-udp", peer)

    def answer_tcp() -> None:
        conn, _ = tcp.accept()
        with conn:
            length = struct.unpack("!H", conn.recv(2))[0]
            query = conn.recv(length)
            reply = query + b"-tcp"
            conn.sendall(struct.pack("!H", len(reply)) + reply[:3])
            conn.sendall(reply[3:])

    threads = [threading.Thread(target=answer_udp), threading.Thread(target=answer_tcp)]
    for t in threads:
        t.start()
    try:
        target = {"kind": "server", "address": f"{host}:{port}"}
        assert issue_module._ask({"wire": list(b"\x12\x34q"), "target": target, "tcp": False}, []) == b"\x12\x34q-udp"
        assert issue_module._ask({"wire": list(b"\x56\x78q"), "target": target, "tcp": True}, []) == b"\x56\x78q-tcp"
    finally:
        for t in threads:
            t.join(5)
        udp.close()
        tcp.close()
    failed = issue_module._ask({"wire": [1, 2], "target": {"kind": "server", "address": f"{host}:{port}"}, "tcp": True}, [])
    assert isinstance(failed, str) and f"{host}:{port} over TCP" in failed
    assert "not an address" in str(issue_module._ask({"wire": [1], "target": {"kind": "server", "address": "x"}, "tcp": False}, []))


def test_the_system_resolvers_come_from_resolv_conf(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    conf = tmp_path / "resolv.conf"
    conf.write_text("# c\nsearch example.com\nnameserver 192.0.2.1\nnameserver fe80::1%eth0 # x\n"
                    ";nameserver 192.0.2.9\nnameserver bogus\nnameserver 2001:db8::53\n")
    monkeypatch.setattr(issue_module, "_RESOLV_CONF", str(conf))
    assert issue_module._system_resolvers() == [("192.0.2.1", 53), ("fe80::1", 53), ("2001:db8::53", 53)]
    conf.write_text("")
    assert issue_module._system_resolvers() == [("127.0.0.1", 53)]


def _publication_outcome(lang: str) -> dict[str, Any]:
    """A preflight whose names lie in no zone of the account (the zone list holds another
    domain): the publication ends with dns.zone_missing."""
    d = call(native.PublicationDriver, {
        "operation": "present",
        "records": [{"fqdn": "_acme-challenge.example.com", "value": "tok"}],
        "dnsBaseUrl": "http://127.0.0.1:10",
        "entropy": 1,
    }, lang)
    zones = b'{"content":[{"id":1,"name":"example.org"}],"totalElements":1,"last":true}'
    for _ in range(50):
        action = call(d.next, 0)
        if action["action"] == "send":
            call(d.receive, 200, zones)
        elif action["action"] == "done":
            return action  # type: ignore[no-any-return]
    raise AssertionError("the publication did not end")


def test_errors_of_keys_and_dns_speak_korean() -> None:
    from test_lang import korean

    en, ko = _publication_outcome("en"), _publication_outcome("ko")
    assert en["error"]["code"] == ko["error"]["code"] == "dns.zone_missing"
    assert ko["error"]["names"] == en["error"]["names"]
    assert korean(ko["error"]["message"]) and "example.com" in ko["error"]["message"], ko
    assert not korean(en["error"]["message"])
    for call_en, call_ko in [
        (lambda: ncpcert.generate_key("dsa"), lambda: ncpcert.generate_key("dsa", lang="ko")),
        (lambda: ncpcert.make_csr("not a key", ["www.example.com"]),
         lambda: ncpcert.make_csr("not a key", ["www.example.com"], lang="ko")),
        (lambda: ncpcert.make_csr(ncpcert.generate_key("p256"), ["a_b.example.com", "x.local"]),
         lambda: ncpcert.make_csr(ncpcert.generate_key("p256"), ["a_b.example.com", "x.local"], lang="ko")),
    ]:
        with pytest.raises(ncpcert.NcpError) as english:
            call_en()
        with pytest.raises(ncpcert.NcpError) as korean_error:
            call_ko()
        assert type(korean_error.value) is type(english.value)
        assert korean_error.value.code == english.value.code
        assert korean(korean_error.value.message), korean_error.value.message
        findings = getattr(korean_error.value, "findings", ())
        assert [f.code for f in findings] == [f.code for f in getattr(english.value, "findings", ())]
        assert all(korean(f.message) for f in findings)
