"""End to end, hands-free issuance from Python: ``ncpcert.issue(...)`` against the mock NCP
(Certificate Manager, Global DNS with staged changes and apply, and its authoritative name
server on loopback), from nothing to a key and the four PEM files.

What is checked comes from outside ncpcert: the mock's own records (orders, zones, what its
name server serves), pyca/cryptography (the key and the certificate) and the openssl command
(the chain)."""

from __future__ import annotations

import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import requests
from cryptography import x509
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa

import ncpcert

from conftest import ACCESS_KEY, KEYS, ROOT, SECRET_KEY, mock_ncp, readme_snippet

DOMAINS = ["www.example.com", "example.com"]
FOREIGN = "someone else's record"


@pytest.fixture()
def dns_mock() -> Iterator[Any]:
    """The mock with the zone example.com (and someone else's applied TXT record in it) and
    its name server."""
    server = mock_ncp.start(KEYS, zones=["example.com"], dns_port=0, log_dns=False)
    try:
        server.add_record("example.com", "keep", "TXT", FOREIGN)
        yield server
    finally:
        server.stop()


def auth() -> ncpcert.NcpAuth:
    return ncpcert.NcpAuth(ACCESS_KEY, SECRET_KEY)


def run_issue(mock: Any, session: Any, **options: Any) -> ncpcert.Issued:
    arguments: dict[str, Any] = dict(
        domains=DOMAINS,
        certificate_name="web",
        session=session,
        auth=auth(),
        base_url=mock.url,
        dns_base_url=mock.dns_url,
        dns_resolver=mock.dns_address,
        poll_interval=0.05,
        wait_timeout=60,
    )
    arguments.update(options)
    return ncpcert.issue(**arguments)


def ours(mock: Any, no: int) -> set[tuple[str, str]]:
    """The DCV records (name, value) the mock asks for this order."""
    return {(name.lower(), value) for name, value in mock.required_txt(no)}


def txt_left(mock: Any) -> list[tuple[str, str, bool, bool, bool]]:
    """Every TXT record of the zone: (full name, content, foreign, applied, pending delete)."""
    return [
        ("example.com" if r.host == "@" else f"{r.host.lower()}.example.com", r.content, r.foreign, r.applyYn, r.delYn)
        for r in mock.zone_records("example.com", type="TXT")
    ]


def check_files(issued: ncpcert.Issued, tmp_path: Path) -> None:
    """The four PEMs, the key matching the certificate (pyca), the chain verified (openssl)."""
    assert set(issued.files) == {"cert.pem", "chain.pem", "fullchain.pem", "root.pem"}
    for name, pem in issued.files.items():
        (tmp_path / name).write_text(pem)
    cert = x509.load_pem_x509_certificate(issued.files["cert.pem"].encode())
    key = serialization.load_pem_private_key(issued.key_pem.encode(), password=None)
    assert isinstance(key, (rsa.RSAPrivateKey, ec.EllipticCurvePrivateKey))
    raw = serialization.PublicFormat.SubjectPublicKeyInfo
    der = serialization.Encoding.DER
    assert cert.public_key().public_bytes(der, raw) == key.public_key().public_bytes(der, raw)
    san = cert.extensions.get_extension_for_class(x509.SubjectAlternativeName).value
    assert sorted(san.get_values_for_type(x509.DNSName)) == sorted(DOMAINS)
    assert issued.files["fullchain.pem"] == issued.files["cert.pem"] + issued.files["chain.pem"]
    verified = subprocess.run(
        ["openssl", "verify", "-CAfile", "root.pem", "-untrusted", "chain.pem", "cert.pem"],
        cwd=tmp_path, capture_output=True, text=True,
    )
    assert verified.returncode == 0, verified.stdout + verified.stderr
    assert issued.key_pem not in repr(issued) and "PRIVATE KEY" not in repr(issued)
    assert "PRIVATE KEY" not in str(issued.to_dict())


def test_issue_from_nothing_to_a_key_and_four_pems(dns_mock: Any, tmp_path: Path) -> None:
    journal = tmp_path / "journal.jsonl"
    with requests.Session() as session:
        issued = run_issue(dns_mock, session, journal=journal)
    assert len(dns_mock.orders) == 1
    order = dns_mock.orders[0]
    assert issued.certificate_no == order.certificateNo and issued.certificate_name == "web"
    assert issued.files["cert.pem"] == order.certificatePem
    serialization.load_pem_private_key(issued.key_pem.encode(), password=None)
    assert issued.key_pem.startswith("-----BEGIN PRIVATE KEY-----")
    check_files(issued, tmp_path)
    # The records NCP asked for were created by this run, then deleted and applied (D).
    wanted = ours(dns_mock, issued.certificate_no)
    assert {(r.fqdn, r.value) for r in issued.created} == wanted and not issued.kept
    assert issued.cleanup_error is None
    assert txt_left(dns_mock) == [("keep.example.com", f'"{FOREIGN}"', True, True, False)]
    for name, _ in wanted:
        assert dns_mock.served_txt(name) == []
    assert dns_mock.served_txt("keep.example.com") == [FOREIGN]
    assert dns_mock.dns_calls["rollback"] == 0
    # The journal holds the paid attempt, and never the key.
    text = journal.read_text()
    assert "attempt" in text and "PRIVATE KEY" not in text


def test_issue_with_persistent_records_keeps_them_and_takes_a_given_key(dns_mock: Any, tmp_path: Path) -> None:
    key = ncpcert.generate_key("p256")
    with requests.Session() as session:
        issued = run_issue(dns_mock, session, key_pem=key, validation_method="PD")
    assert len(dns_mock.orders) == 1 and issued.kept and issued.key_pem == key
    check_files(issued, tmp_path)
    wanted = ours(dns_mock, issued.certificate_no)
    left = {(name, content.strip('"')) for name, content, foreign, applied, deleting in txt_left(dns_mock)
            if not foreign and applied and not deleting}
    assert left == wanted


def test_issue_over_httpx(dns_mock: Any, tmp_path: Path) -> None:
    httpx = pytest.importorskip("httpx")
    with httpx.Client() as client:
        issued = run_issue(dns_mock, client, key_algorithm="p384")
    assert len(dns_mock.orders) == 1
    check_files(issued, tmp_path)


class MockHook:
    """A ``dns=`` object that publishes through the mock's test hook (the mock's name server
    serves those values), recording each call."""

    def __init__(self, mock: Any) -> None:
        self.mock = mock
        self.calls: list[tuple[str, str, str]] = []

    def present(self, fqdn: str, value: str) -> None:
        self.calls.append(("present", fqdn, value))
        self.mock.publish_txt(fqdn, value)

    def cleanup(self, fqdn: str, value: str) -> None:
        self.calls.append(("cleanup", fqdn, value))
        assert self.mock.unpublish_txt(fqdn, value)


def test_issue_through_a_dns_object(tmp_path: Path) -> None:
    with mock_ncp.start(KEYS, dns_port=0, log_dns=False) as mock:  # no Global DNS zone at all
        hook = MockHook(mock)
        with requests.Session() as session:
            issued = run_issue(mock, session, dns=hook, dns_base_url=None)
        assert len(mock.orders) == 1
        check_files(issued, tmp_path)
        wanted = ours(mock, issued.certificate_no)
        assert {(op, fqdn, value) for op, fqdn, value in hook.calls} == {
            (op, f"{name}.", value) for op in ("present", "cleanup") for name, value in wanted
        }
        assert [op for op, _, _ in hook.calls] == ["present"] * len(wanted) + ["cleanup"] * len(wanted)
        for name, _ in wanted:
            assert mock.served_txt(name) == []
        # Nothing went to Global DNS.
        assert sum(mock.dns_calls.values()) == 0


def test_a_failing_dns_object_stops_the_run_with_its_code(tmp_path: Path) -> None:
    class Refusing(MockHook):
        def present(self, fqdn: str, value: str) -> None:
            raise RuntimeError("the DNS provider said no")

    with mock_ncp.start(KEYS, dns_port=0, log_dns=False) as mock:
        with requests.Session() as session, pytest.raises(ncpcert.DnsError) as info:
            run_issue(mock, session, dns=Refusing(mock), key_pem=ncpcert.generate_key("p256"))
        assert info.value.code == "dns.hook_failed"
        assert "the DNS provider said no" in info.value.message
        assert info.value.ordered and info.value.certificate_no == mock.orders[0].certificateNo
        assert len(mock.orders) == 1
        assert "PRIVATE KEY" not in str(info.value) and "PRIVATE KEY" not in repr(info.value.__dict__)


def test_a_foreign_pending_change_refuses_before_ordering(dns_mock: Any) -> None:
    dns_mock.add_record("example.com", "half-done", "TXT", "not applied yet", applied=False)
    before = txt_left(dns_mock)
    with requests.Session() as session, pytest.raises(ncpcert.DnsError) as info:
        run_issue(dns_mock, session)
    assert info.value.code == "dns.pending_changes"
    assert not info.value.ordered and info.value.certificate_no is None
    assert "example.com" in info.value.names
    assert isinstance(info.value, ncpcert.NcpError) and info.value.hint
    assert len(dns_mock.orders) == 0
    assert txt_left(dns_mock) == before
    assert dns_mock.dns_calls["create"] == dns_mock.dns_calls["apply"] == dns_mock.dns_calls["delete"] == 0


def test_a_name_without_a_zone_refuses_before_ordering(dns_mock: Any) -> None:
    with requests.Session() as session, pytest.raises(ncpcert.DnsError) as info:
        run_issue(dns_mock, session, domains=["www.example.com", "www.example.org"])
    assert info.value.code == "dns.zone_missing"
    assert "www.example.org" in info.value.names or "example.org" in " ".join(info.value.names)
    assert len(dns_mock.orders) == 0


def test_the_readme_snippet_writes_the_key_and_the_files(dns_mock: Any, tmp_path: Path) -> None:
    namespace: dict[str, Any] = {"__name__": "readme"}
    code = readme_snippet(ROOT / "bindings-python/README.md", "issue-requests")
    exec(compile(code, "README:issue-requests", "exec"), namespace)
    out = tmp_path / "certs"
    issued = namespace["issue_to_directory"](
        DOMAINS, "www-example", str(out), auth=auth(), base_url=dns_mock.url, dns_base_url=dns_mock.dns_url,
        dns_resolver=dns_mock.dns_address, poll_interval=0.05, wait_timeout=60,
    )
    assert len(dns_mock.orders) == 1
    assert (out / "key.pem").stat().st_mode & 0o777 == 0o600
    assert (out / "key.pem").read_text() == issued.key_pem
    assert sorted(p.name for p in out.iterdir()) == ["cert.pem", "chain.pem", "fullchain.pem", "key.pem", "root.pem"]
    check_files(issued, out)
