"""End to end, hands-free issuance: `ncpcert issue --domain … --generate-key --dns ncloud`
(or `--dns-hook CMD`) against the mock NCP, whose Global DNS stages changes until they are
applied, whose name server serves only applied records, and whose DCV passes only when the
applied records hold the values. Outcomes are checked independently: the key against the
certificate with pyca/cryptography, the chain with `openssl verify`, the zone with the mock's
own record store."""

from __future__ import annotations

import base64
import json
import os
import pathlib
import stat
import subprocess
import sys
from collections.abc import Iterator
from typing import Any

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import serialization

from conftest import KEYS, cli_env, mock_ncp

TIMEOUT = 120
ZONE = "example.com"
NAMES = ["www.example.com", "example.com"]
FILE_NAMES = ["cert.pem", "chain.pem", "fullchain.pem", "root.pem"]
FOREIGN = "someone else's record"


def start(**options: Any) -> Any:
    return mock_ncp.start(KEYS, zones=[ZONE], log_dns=False, **options)


@pytest.fixture()
def dns_mock() -> Iterator[Any]:
    """The mock with the zone example.com, holding someone else's applied TXT record."""
    server = start()
    server.add_record(ZONE, "keep", "TXT", FOREIGN)
    try:
        yield server
    finally:
        server.stop()


def run(cli: pathlib.Path, state: pathlib.Path, *args: str,
        env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(cli), "--state-dir", str(state), *args], env=env or cli_env(),
                          capture_output=True, text=True, timeout=TIMEOUT, check=False)


def issue(mock: Any, out: pathlib.Path, *extra: str, names: list[str] = NAMES) -> list[str]:
    """The hands-free command line of the acceptance test, pointed at the mock."""
    domains = [a for n in names for a in ("--domain", n)]
    return ["issue", *domains, "--generate-key", "--dns", "ncloud", "--wait", "--out", str(out),
            "--endpoint", mock.url, "--dns-endpoint", mock.dns_url, "--dns-resolver", mock.dns_address,
            "--poll-interval", "1", "--wait-timeout", "60", *extra]


def public_key_der(key: Any) -> bytes:
    return key.public_key().public_bytes(serialization.Encoding.DER,
                                         serialization.PublicFormat.SubjectPublicKeyInfo)


def assert_key_matches_certificate(out: pathlib.Path, key_file: pathlib.Path | None = None) -> None:
    key_file = key_file or out / "key.pem"
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600
    key = serialization.load_pem_private_key(key_file.read_bytes(), password=None)
    cert = x509.load_pem_x509_certificate((out / "cert.pem").read_bytes())
    assert public_key_der(key) == public_key_der(cert)
    verify = subprocess.run(["openssl", "verify", "-CAfile", str(out / "root.pem"), "-untrusted",
                             str(out / "chain.pem"), str(out / "cert.pem")],
                            capture_output=True, text=True, check=False)
    assert verify.returncode == 0, verify.stdout + verify.stderr
    san = cert.extensions.get_extension_for_class(x509.SubjectAlternativeName).value
    assert sorted(san.get_values_for_type(x509.DNSName)) == sorted(NAMES)


def assert_no_key_material(key_file: pathlib.Path, *texts: str) -> None:
    """Neither the key's base64 body nor a line of it appears anywhere."""
    lines = [l for l in key_file.read_text().splitlines() if l and not l.startswith("-----")]
    body = "".join(lines)
    assert len(lines) >= 3  # a P-256 key has three lines, RSA-2048 about 26
    for text in texts:
        assert body not in text.replace("\n", "")
        for line in lines:
            assert line not in text
    raw = base64.b64decode(body)
    for text in texts:
        assert raw.hex() not in text


def txt_records(mock: Any) -> list[tuple[str, str]]:
    return sorted((r.host, r.content) for r in mock.zone_records(ZONE, type="TXT"))


def dcv_names(mock: Any) -> list[str]:
    return sorted(name for name, _ in mock.required_txt(mock.orders[0].certificateNo))


# -- acceptance 1 ------------------------------------------------------------------------------


def test_from_nothing_to_files_with_validation_d_cleans_up_only_its_records(
        cli: pathlib.Path, dns_mock: Any, tmp_path: pathlib.Path) -> None:
    out, state = tmp_path / "certs", tmp_path / "state"
    before = [(r.id, r.host, r.content, r.applyYn) for r in dns_mock.zone_records(ZONE, type="TXT")]
    done = run(cli, state, *issue(dns_mock, out))
    assert done.returncode == 0, done.stdout + done.stderr
    assert len(dns_mock.orders) == 1
    assert sorted(p.name for p in out.iterdir()) == sorted(FILE_NAMES + ["key.pem"])
    assert_key_matches_certificate(out)
    # Each step was shown as it happened (stderr), the result on stdout.
    for step in ["wrote a new rsa2048 private key", "is in the zone example.com", "ordered: certificateNo",
                 "created in example.com", "applied the changes", "served:", "is issued", "deleted from"]:
        assert step in done.stderr, step
    assert "cert.pem" in done.stdout
    # The DCV records were published (the mock issued only once they were served) and are gone;
    # the foreign record is as it was.
    assert dns_mock.dns_calls["create"] >= 1 and dns_mock.dns_calls["delete"] >= 1
    after = [(r.id, r.host, r.content, r.applyYn) for r in dns_mock.zone_records(ZONE, type="TXT")]
    assert after == before
    for name in dcv_names(dns_mock):
        assert dns_mock.served_txt(name) == []
    assert dns_mock.served_txt(f"keep.{ZONE}") == [FOREIGN]
    assert dns_mock.dns_calls["rollback"] == 0
    journal = (state / "journal.jsonl").read_text()
    assert_no_key_material(out / "key.pem", done.stdout, done.stderr, journal)
    # The journal names the key file (for a resumed run), never its content.
    (key_entry,) = [json.loads(l) for l in journal.splitlines() if json.loads(l)["event"] == "key"]
    assert key_entry["keyFile"] == str((out / "key.pem").resolve())


def test_validation_pd_keeps_the_records_and_json_is_one_document(
        cli: pathlib.Path, dns_mock: Any, tmp_path: pathlib.Path) -> None:
    out, state = tmp_path / "certs", tmp_path / "state"
    done = run(cli, state, "--json", *issue(dns_mock, out, "--validation", "PD", "--key-algorithm", "p256",
                                            "--key-out", str(tmp_path / "my.key")))
    assert done.returncode == 0, done.stdout + done.stderr
    answer = json.loads(done.stdout)  # exactly one document
    no = dns_mock.orders[0].certificateNo
    assert dns_mock.orders[0].validationMethod == "PD"
    assert (answer["path"], answer["certificateNo"], answer["status"], answer["kept"]) == ("accepted", no, "NORMAL", True)
    assert answer["key"] == {"file": str(tmp_path / "my.key"), "source": "generated"}
    assert sorted(pathlib.Path(f).name for f in answer["files"]) == sorted(FILE_NAMES)
    assert not (out / "key.pem").exists()
    key = serialization.load_pem_private_key((tmp_path / "my.key").read_bytes(), password=None)
    assert key.curve.name == "secp256r1"  # type: ignore[attr-defined]
    assert_key_matches_certificate(out, tmp_path / "my.key")
    # PD: the records stay, applied and served.
    for name, value in dns_mock.required_txt(no):
        assert dns_mock.served_txt(name) == [value]
    assert dns_mock.dns_calls["delete"] == 0
    assert dns_mock.served_txt(f"keep.{ZONE}") == [FOREIGN]
    assert_no_key_material(tmp_path / "my.key", done.stdout, done.stderr, (state / "journal.jsonl").read_text())


# -- acceptance 2: refused before anything is ordered ------------------------------------------


@pytest.mark.parametrize("case", ["foreign-pending", "no-zone"])
def test_preflight_refuses_before_ordering(cli: pathlib.Path, dns_mock: Any, tmp_path: pathlib.Path,
                                           case: str) -> None:
    names = NAMES
    if case == "foreign-pending":
        dns_mock.add_record(ZONE, "half-done", "TXT", "not applied yet", applied=False)
    else:
        names = ["www.example.com", "www.example.org"]
    before = txt_records(dns_mock)
    done = run(cli, tmp_path / "state", "--json", *issue(dns_mock, tmp_path / "certs", names=names))
    assert done.returncode == 1, done.stdout + done.stderr
    error = json.loads(done.stdout)["error"]
    if case == "foreign-pending":
        assert error["code"] == "dns.pending_changes"
        assert "half-done" in error["message"]
    else:
        assert error["code"] == "dns.zone_missing"
        assert "example.org" in error["message"]
    assert error["ordered"] is False
    assert "Nothing was ordered" in error["hint"]
    assert len(dns_mock.orders) == 0
    assert [r.route for r in dns_mock.requests if r.route and not r.route.startswith("dns")] == []
    assert dns_mock.dns_calls["create"] == dns_mock.dns_calls["apply"] == 0
    assert txt_records(dns_mock) == before


# -- acceptance 3: the TXT value under a field name ncpcert does not know ----------------------


def test_unknown_value_field_stops_after_ordering_and_the_named_field_resumes(
        cli: pathlib.Path, tmp_path: pathlib.Path) -> None:
    mock = start(txt_value_field="zzChallenge")
    try:
        out, state = tmp_path / "certs", tmp_path / "state"
        first = run(cli, state, "--json", *issue(mock, out))
        assert first.returncode == 1, first.stdout + first.stderr
        answer = json.loads(first.stdout)
        error = answer["error"]
        no = mock.orders[0].certificateNo
        assert error["code"] == "dns.value_field" and error["ordered"] is True
        assert error["certificateNo"] == no == answer["certificateNo"]
        assert "zzChallenge" in error["fields"] and "zzChallenge" in error["message"]
        assert "--dcv-value-field" in error["hint"]
        assert len(mock.orders) == 1 and mock.dns_calls["create"] == 0
        key_before = (out / "key.pem").read_bytes()
        # The same command with the field named: the order resumes, the key is reused.
        again = run(cli, state, "--json", *issue(mock, out, "--dcv-value-field", "zzChallenge"))
        assert again.returncode == 0, again.stdout + again.stderr
        done = json.loads(again.stdout)
        assert (done["path"], done["certificateNo"]) == ("recovered", no)
        assert done["key"]["source"] == "reused"
        assert "reusing the key" in again.stderr
        assert len(mock.orders) == 1, "ordered twice"
        assert (out / "key.pem").read_bytes() == key_before
        assert_key_matches_certificate(out)
        for name in dcv_names(mock):
            assert mock.served_txt(name) == []
        journal = (state / "journal.jsonl").read_text()
        assert_no_key_material(out / "key.pem", first.stdout, first.stderr, again.stdout, again.stderr, journal)
    finally:
        mock.stop()


def test_the_value_field_from_the_environment(cli: pathlib.Path, tmp_path: pathlib.Path) -> None:
    mock = start(txt_value_field="zzChallenge")
    try:
        env = cli_env()
        env["NCPCERT_DCV_VALUE_FIELD"] = "zzChallenge"
        done = run(cli, tmp_path / "state", *issue(mock, tmp_path / "certs"), env=env)
        assert done.returncode == 0, done.stdout + done.stderr
        assert len(mock.orders) == 1
        assert_key_matches_certificate(tmp_path / "certs")
    finally:
        mock.stop()


def test_generate_key_never_replaces_a_key_it_did_not_make(cli: pathlib.Path, dns_mock: Any,
                                                            tmp_path: pathlib.Path) -> None:
    out = tmp_path / "certs"
    out.mkdir()
    (out / "key.pem").write_text("my own key\n")
    done = run(cli, tmp_path / "state", *issue(dns_mock, out))
    assert done.returncode == 2, done.stdout + done.stderr
    assert "never replaces a key" in done.stderr and "--key" in done.stderr
    assert (out / "key.pem").read_text() == "my own key\n"
    assert dns_mock.requests == [] and len(dns_mock.orders) == 0


# -- --dns-hook --------------------------------------------------------------------------------

HOOK = r'''#!/bin/sh
# Logs how it was called, then publishes through `ncpcert dns` (the NCP Global DNS provider).
printf '%s|%s|%s|%s|%s|%s|%s\n' "$1" "$2" "$3" "$NCPCERT_DOMAIN" "$NCPCERT_RECORD_NAME" \
    "$NCPCERT_RECORD_VALUE" "${NCPCERT_REMAINING-unset}" >> "$HOOK_LOG"
[ -n "$HOOK_FAIL" ] && { echo "the hook says no: $HOOK_FAIL"; exit 3; }
exec "$NCPCERT_BIN" dns "$1" "$2" "$3" --dns-endpoint "$DNS_ENDPOINT" --dns-resolver "$DNS_RESOLVER"
'''


def hook_env(tmp_path: pathlib.Path, cli: pathlib.Path, mock: Any) -> tuple[dict[str, str], pathlib.Path]:
    script = tmp_path / "hook.sh"
    script.write_text(HOOK)
    script.chmod(0o755)
    env = cli_env()
    env.update(HOOK_LOG=str(tmp_path / "hook.log"), NCPCERT_BIN=str(cli), DNS_ENDPOINT=mock.dns_url,
               DNS_RESOLVER=mock.dns_address)
    return env, script


def test_dns_hook_gets_lego_arguments_and_the_variables(cli: pathlib.Path, dns_mock: Any,
                                                         tmp_path: pathlib.Path) -> None:
    env, script = hook_env(tmp_path, cli, dns_mock)
    out = tmp_path / "certs"
    args = [a for a in issue(dns_mock, out) if a not in ("--dns", "ncloud")]
    done = run(cli, tmp_path / "state", *args, "--dns-hook", str(script), env=env)
    assert done.returncode == 0, done.stdout + done.stderr
    assert_key_matches_certificate(out)
    calls = [line.split("|") for line in (tmp_path / "hook.log").read_text().splitlines()]
    no = dns_mock.orders[0].certificateNo
    wanted = dict(dns_mock.required_txt(no))
    present = [c for c in calls if c[0] == "present"]
    cleanup = [c for c in calls if c[0] == "cleanup"]
    assert len(present) == len(cleanup) == len(wanted) == 2
    assert [c[6] for c in present] == ["1", "0"]  # NCPCERT_REMAINING counts down
    assert all(c[6] == "unset" for c in cleanup)  # not set for cleanup
    for op, fqdn, value, domain, name, env_value, _ in calls:
        assert fqdn == name + "."  # FQDN with the trailing dot, the variable without
        assert wanted[name] == value == env_value
        assert domain in NAMES and name == f"_dnsauth.{domain}"
    assert sorted(c[3] for c in present) == sorted(NAMES)
    for name in wanted:
        assert dns_mock.served_txt(name) == []
    assert dns_mock.served_txt(f"keep.{ZONE}") == [FOREIGN]
    assert_no_key_material(out / "key.pem", done.stdout, done.stderr)


def test_a_failing_dns_hook_stops_with_its_output(cli: pathlib.Path, dns_mock: Any,
                                                  tmp_path: pathlib.Path) -> None:
    env, script = hook_env(tmp_path, cli, dns_mock)
    env["HOOK_FAIL"] = "no access to that zone"
    args = [a for a in issue(dns_mock, tmp_path / "certs") if a not in ("--dns", "ncloud")]
    done = run(cli, tmp_path / "state", "--json", *args, "--dns-hook", str(script), env=env)
    assert done.returncode == 1, done.stdout + done.stderr
    error = json.loads(done.stdout)["error"]
    assert error["code"] == "dns.hook_failed"
    assert "the hook says no: no access to that zone" in error["message"]
    assert "the hook says no" in done.stderr
    assert error["ordered"] is True and len(dns_mock.orders) == 1
    assert not (tmp_path / "certs" / "cert.pem").exists()


if __name__ == "__main__":
    sys.exit(pytest.main([__file__, "-q"]))
