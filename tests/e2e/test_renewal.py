"""End to end, inventory and renewal: `ncpcert issue` records what it made, `ncpcert list`
shows validity and subscriptions, `ncpcert renew` reissues free within the subscription (or
orders only when allowed), against the mock NCP issuing short-lived leaves. Outcomes are
checked independently: the mock's own counters and certificates, pyca/cryptography for keys
and certificates, the files on disk."""

from __future__ import annotations

import json
import pathlib
import stat
import subprocess
from collections.abc import Iterator
from typing import Any

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import serialization

from conftest import KEYS, cli_env, mock_ncp

TIMEOUT = 180
ZONE = "example.com"
NAMES = ["www.example.com", "example.com"]
SET = ["cert.pem", "chain.pem", "fullchain.pem", "root.pem", "key.pem"]
LEAF_DAYS = 20  # under a third of... anything: due at once with --days 30, and by default
STATE_CHANGING = {"issuance", "reissue", "dns-create", "dns-delete", "dns-apply", "dns-rollback"}


@pytest.fixture()
def mock() -> Iterator[Any]:
    server = mock_ncp.start(KEYS, zones=[ZONE], log_dns=False, leaf_days=LEAF_DAYS)
    try:
        yield server
    finally:
        server.stop()


def run(cli: pathlib.Path, state: pathlib.Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(cli), "--state-dir", str(state), *args], env=cli_env(),
                          capture_output=True, text=True, timeout=TIMEOUT, check=False)


def connection(mock: Any) -> list[str]:
    return ["--endpoint", mock.url, "--dns-endpoint", mock.dns_url, "--dns-resolver", mock.dns_address]


def waiting() -> list[str]:
    return ["--poll-interval", "1", "--wait-timeout", "60"]


def issue(cli: pathlib.Path, mock: Any, state: pathlib.Path, out: pathlib.Path,
          *extra: str) -> dict[str, Any]:
    domains = [a for n in NAMES for a in ("--domain", n)]
    done = run(cli, state, "--json", "issue", *domains, "--generate-key", "--dns", "ncloud",
               "--name", "web-cert", "--out", str(out), *connection(mock), *waiting(), *extra)
    assert done.returncode == 0, done.stdout + done.stderr
    return json.loads(done.stdout)


def state_changing(mock: Any) -> list[str]:
    return [r.route for r in mock.requests if r.route in STATE_CHANGING]


def hook_script(tmp_path: pathlib.Path) -> tuple[str, pathlib.Path]:
    """A deploy hook appending its NCPCERT_* variables, one JSON line per run."""
    log = tmp_path / "deployed.jsonl"
    script = tmp_path / "deploy.sh"
    script.write_text(
        "#!/bin/sh\npython3 -c 'import json, os; print(json.dumps({k: v for k, v in "
        "os.environ.items() if k.startswith(\"NCPCERT_\")}))' >> " + str(log) + "\n")
    script.chmod(0o755)
    return str(script), log


def public_key(pem: bytes, private: bool) -> bytes:
    key = (serialization.load_pem_private_key(pem, password=None).public_key() if private
           else x509.load_pem_x509_certificate(pem).public_key())
    return key.public_bytes(serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo)


# -- acceptance 1 ------------------------------------------------------------------------------


def test_issue_records_list_shows_expiry_and_renew_reissues_once(
        cli: pathlib.Path, mock: Any, tmp_path: pathlib.Path) -> None:
    out, state = tmp_path / "certs", tmp_path / "state"
    hook, log = hook_script(tmp_path)
    issued = issue(cli, mock, state, out)
    first_no = issued["certificateNo"]

    # The record: what renew needs, no secret.
    record_file = state / "certificates" / "web-cert.json"
    record = json.loads(record_file.read_text())
    assert record["certificateNo"] == first_no and record["certificateName"] == "web-cert"
    assert record["names"] == NAMES and record["dns"] == {"provider": "ncloud"}
    assert record["outDir"] == str(out.resolve()) and record["keyPath"] == str((out / "key.pem").resolve())
    assert record["endpoint"] == mock.url and record["dnsResolver"] == mock.dns_address
    key_body = "".join(l for l in (out / "key.pem").read_text().splitlines() if not l.startswith("-----"))
    assert key_body[:40] not in record_file.read_text()
    assert KEYS[next(iter(KEYS))] not in record_file.read_text()

    # list --json: notAfter and days left, read from the certificate itself.
    listed = run(cli, state, "--json", "list", "--endpoint", mock.url)
    assert listed.returncode == 0, listed.stdout + listed.stderr
    (row,) = [r for r in json.loads(listed.stdout)["certificates"] if r["certificateNo"] == first_no]
    cert = x509.load_pem_x509_certificate((out / "cert.pem").read_bytes())
    assert row["notAfter"] == cert.not_valid_after_utc.strftime("%Y-%m-%dT%H:%M:%SZ")
    assert row["daysLeft"] in (LEAF_DAYS - 1, LEAF_DAYS)
    assert row["superseded"] is False and row["remainingDays"] > 300
    # For monitoring: exit 1 when one expires within 30 days; 0 within 5.
    assert run(cli, state, "list", "--expiring-within", "30", "--endpoint", mock.url).returncode == 1
    assert run(cli, state, "list", "--expiring-within", "5", "--endpoint", mock.url).returncode == 0

    # --dry-run: reads, decides, prints; nothing that changes anything, no hook.
    before = state_changing(mock)
    dry = run(cli, state, "--json", "renew", "--dry-run", "--days", "30", "--deploy-hook", hook)
    assert dry.returncode == 0, dry.stdout + dry.stderr
    (entry,) = json.loads(dry.stdout)["certificates"]
    assert entry["action"] == "reissue" and entry["reason"]
    assert state_changing(mock) == before and mock.reissues == []
    assert not log.exists()
    old = {name: (out / name).read_bytes() for name in SET}

    # renew: one reissue, no new order, a new key and certificate, the old set kept.
    done = run(cli, state, "--json", "renew", "--days", "30", "--deploy-hook", hook, *waiting())
    assert done.returncode == 0, done.stdout + done.stderr
    (entry,) = json.loads(done.stdout)["certificates"]
    assert entry["action"] == "reissued"
    assert len(mock.reissues) == 1 and len(mock.orders) == 1
    new = mock.reissues[0]
    assert entry["newCertificateNo"] == new.certificateNo != first_no
    assert new.reissueOf == first_no
    for name in SET:
        assert (out / "previous" / name).read_bytes() == old[name], name
    # The leaf, and so the full chain, and the key are new; the CA's chain and root stay.
    for name in ["cert.pem", "fullchain.pem", "key.pem"]:
        assert (out / name).read_bytes() != old[name], name
    assert stat.S_IMODE((out / "key.pem").stat().st_mode) == 0o600
    assert stat.S_IMODE((out / "previous" / "key.pem").stat().st_mode) == 0o600
    key_pem, cert_pem = (out / "key.pem").read_bytes(), (out / "cert.pem").read_bytes()
    assert public_key(key_pem, private=True) == public_key(cert_pem, private=False)
    assert public_key(key_pem, private=True) != public_key(old["key.pem"], private=True)
    verify = subprocess.run(["openssl", "verify", "-CAfile", str(out / "root.pem"), "-untrusted",
                             str(out / "chain.pem"), str(out / "cert.pem")],
                            capture_output=True, text=True, check=False)
    assert verify.returncode == 0, verify.stdout + verify.stderr
    # The deploy hook ran once, with its variables.
    (seen,) = [json.loads(l) for l in log.read_text().splitlines()]
    assert seen["NCPCERT_CERT_NO"] == str(new.certificateNo)
    assert seen["NCPCERT_NAME"] == entry["newCertificateName"] != "web-cert"
    assert seen["NCPCERT_DOMAINS"] == " ".join(NAMES)
    for var, name in [("CERT", "cert.pem"), ("CHAIN", "chain.pem"), ("FULLCHAIN", "fullchain.pem"),
                      ("KEY", "key.pem")]:
        assert seen[f"NCPCERT_{var}_PATH"] == str((out / name).resolve())
    record = json.loads(record_file.read_text())
    assert record["certificateNo"] == new.certificateNo
    assert [p["certificateNo"] for p in record["previous"]] == [first_no]

    # The old certificate is superseded now: it no longer counts as expiring.
    listed = json.loads(run(cli, state, "--json", "list", "--endpoint", mock.url).stdout)
    old_row = next(r for r in listed["certificates"] if r["certificateNo"] == first_no)
    assert old_row["superseded"] is True and old_row["supersededBy"] == new.certificateNo

    # The next run: nothing due (default: a third of the lifetime), nothing sent, exit 0.
    before = state_changing(mock)
    again = run(cli, state, "--json", "renew", "--deploy-hook", hook)
    assert again.returncode == 0, again.stdout + again.stderr
    (entry,) = json.loads(again.stdout)["certificates"]
    assert entry["action"] == "none"
    assert state_changing(mock) == before and len(mock.reissues) == 1
    assert len(log.read_text().splitlines()) == 1


# -- acceptance 2 ------------------------------------------------------------------------------


def test_an_ended_subscription_is_skipped_and_ordered_only_when_allowed(
        cli: pathlib.Path, mock: Any, tmp_path: pathlib.Path) -> None:
    out, state = tmp_path / "certs", tmp_path / "state"
    issue(cli, mock, state, out)
    mock.expire_subscription(mock.orders[0].orderId)
    skipped = run(cli, state, "--json", "renew", "--days", "30", *waiting())
    assert skipped.returncode == 1, skipped.stdout + skipped.stderr
    (entry,) = json.loads(skipped.stdout)["certificates"]
    assert entry["action"] == "skipped" and entry["reason"]
    assert len(mock.orders) == 1 and mock.reissues == []

    ordered = run(cli, state, "--json", "renew", "--days", "30", "--allow-order", *waiting())
    assert ordered.returncode == 0, ordered.stdout + ordered.stderr
    (entry,) = json.loads(ordered.stdout)["certificates"]
    assert entry["action"] == "ordered"
    assert len(mock.orders) == 2 and mock.reissues == []
    assert (out / "previous" / "cert.pem").exists()


# -- acceptance 3 ------------------------------------------------------------------------------


@pytest.mark.parametrize("fault", ["placed-then-504", "placed-then-close"])
def test_a_lost_reissue_answer_is_recovered_without_a_second_reissue(
        cli: pathlib.Path, mock: Any, tmp_path: pathlib.Path, fault: str) -> None:
    out, state = tmp_path / "certs", tmp_path / "state"
    issue(cli, mock, state, out)
    mock.queue_fault(f"{fault}@reissue")
    done = run(cli, state, "--json", "renew", "--days", "30", *waiting())
    assert done.returncode == 0, done.stdout + done.stderr
    (entry,) = json.loads(done.stdout)["certificates"]
    assert entry["action"] == "reissued"
    assert len(mock.reissues) == 1 and len(mock.orders) == 1
    assert [r.route for r in mock.requests].count("reissue") == 1
    assert entry["newCertificateNo"] == mock.reissues[0].certificateNo
    assert public_key((out / "key.pem").read_bytes(), private=True) == \
        public_key((out / "cert.pem").read_bytes(), private=False)


# -- reissue N by hand -------------------------------------------------------------------------


def test_reissue_by_hand_reissues_a_certificate_that_is_not_due(
        cli: pathlib.Path, mock: Any, tmp_path: pathlib.Path) -> None:
    out, state = tmp_path / "certs", tmp_path / "state"
    first_no = issue(cli, mock, state, out)["certificateNo"]
    # Not due by default (20 days of 20 left): renew does nothing, reissue N does it now.
    assert json.loads(run(cli, state, "--json", "renew").stdout)["certificates"][0]["action"] == "none"
    unknown = run(cli, state, "--json", "reissue", str(first_no + 1000), *waiting())
    assert unknown.returncode != 0 and mock.reissues == []
    done = run(cli, state, "--json", "reissue", str(first_no), *waiting())
    assert done.returncode == 0, done.stdout + done.stderr
    (entry,) = json.loads(done.stdout)["certificates"]
    assert entry["action"] == "reissued"
    assert len(mock.reissues) == 1 and mock.reissues[0].reissueOf == first_no
    assert public_key((out / "key.pem").read_bytes(), private=True) == \
        public_key((out / "cert.pem").read_bytes(), private=False)
