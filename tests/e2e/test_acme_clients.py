"""Real ACME clients with ncpcert as their DNS provider: certbot (manual hooks) and lego (exec
provider) each obtain a certificate for example.com and *.example.com from Let's Encrypt's test
CA pebble, which validates DNS-01 against the mock's name server — so the certificate exists only
if ncpcert published both values in the mock's Global DNS. Afterwards the records are gone and
someone else's record in the zone is untouched.

The programs are installed by tests/e2e/install-acme-clients.sh (idempotent)."""

from __future__ import annotations

import json
import os
import pathlib
import socket
import subprocess
import time
import urllib.request
import ssl
from collections.abc import Iterator

import pytest

from conftest import KEYS, ROOT, cli_env, mock_ncp
from test_dns_provider import txt_served

NAMES = ["example.com", "*.example.com"]
FOREIGN = "someone else's record"


@pytest.fixture(scope="module")
def tools() -> dict[str, pathlib.Path]:
    out = subprocess.run(["bash", str(ROOT / "tests/e2e/install-acme-clients.sh")], check=True,
                         capture_output=True, text=True).stdout.split()
    pebble, lego, certbot = (pathlib.Path(p) for p in out)
    gomodcache = subprocess.run(["go", "env", "GOMODCACHE"], check=True, capture_output=True,
                                text=True).stdout.strip()
    certs = pathlib.Path(gomodcache) / "github.com/letsencrypt/pebble/v2@v2.10.3/test/certs"
    return {"pebble": pebble, "lego": lego, "certbot": certbot, "certs": certs}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture()
def zone_mock() -> Iterator[mock_ncp.MockNcp]:
    server = mock_ncp.start(KEYS, zones=["example.com"], log_dns=False)
    server.add_record("example.com", "keep", "TXT", FOREIGN)
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture()
def pebble(tools, zone_mock, tmp_path) -> Iterator[str]:
    """pebble, validating DNS-01 against the mock's name server; its directory URL."""
    port, management = free_port(), free_port()
    certs = tools["certs"]
    config = {"pebble": {
        "listenAddress": f"127.0.0.1:{port}",
        "managementListenAddress": f"127.0.0.1:{management}",
        "certificate": str(certs / "localhost/cert.pem"),
        "privateKey": str(certs / "localhost/key.pem"),
        "httpPort": free_port(), "tlsPort": free_port(),
        "ocspResponderURL": "", "externalAccountBindingRequired": False,
        "retryAfter": {"authz": 1, "order": 1},
    }}
    (tmp_path / "pebble.json").write_text(json.dumps(config))
    env = dict(os.environ, PEBBLE_VA_NOSLEEP="1", PEBBLE_WFE_NONCEREJECT="0")
    log = open(tmp_path / "pebble.log", "w")
    process = subprocess.Popen([str(tools["pebble"]), "-config", str(tmp_path / "pebble.json"),
                                "-dnsserver", zone_mock.dns_address], env=env, stdout=log, stderr=log)
    url = f"https://localhost:{port}/dir"
    context = ssl.create_default_context(cafile=str(certs / "pebble.minica.pem"))
    deadline = time.monotonic() + 30
    while True:
        try:
            urllib.request.urlopen(url, context=context, timeout=2).read()
            break
        except OSError:
            if time.monotonic() > deadline or process.poll() is not None:
                process.kill()
                pytest.fail("pebble did not start: " + (tmp_path / "pebble.log").read_text())
            time.sleep(0.2)
    try:
        yield url
    finally:
        process.terminate()
        process.wait(10)
        log.close()


def client_env(mock: mock_ncp.MockNcp, **extra: str) -> dict[str, str]:
    env = cli_env()
    for k in list(env):
        if k.startswith(("NCPCERT_", "CERTBOT_", "EXEC_", "LEGO_")):
            del env[k]
    env.update(
        PATH=f"{ROOT / 'target' / 'release'}{os.pathsep}{env['PATH']}",
        NCPCERT_DNS_ENDPOINT=mock.dns_url,
        NCPCERT_DNS_RESOLVER=mock.dns_address,
        NCPCERT_DNS_TIMEOUT="30",
    )
    env.update(extra)
    return env


def sans(cert: pathlib.Path) -> list[str]:
    """The certificate's DNS names, read by openssl."""
    text = subprocess.run(["openssl", "x509", "-in", str(cert), "-noout", "-ext", "subjectAltName"],
                          check=True, capture_output=True, text=True).stdout
    return sorted(part.strip()[4:] for part in text.split("\n", 1)[1].split(",") if part.strip().startswith("DNS:"))


def assert_cleaned_up(mock: mock_ncp.MockNcp) -> None:
    records = sorted((r.host, r.content, r.applyYn) for r in mock.zone_records("example.com", type="TXT"))
    assert records == [("keep", f'"{FOREIGN}"', True)]
    assert txt_served(mock.dns_address, "_acme-challenge.example.com") == []
    assert txt_served(mock.dns_address, "keep.example.com") == [FOREIGN]
    # Two values presented at one name (apex and wildcard), each applied and removed.
    assert mock.dns_calls["create"] == 2 and mock.dns_calls["delete"] == 2
    assert mock.dns_calls["rollback"] == 0


def test_certbot_with_ncpcert_hooks(tools, zone_mock, pebble, tmp_path):
    ca = tools["certs"] / "pebble.minica.pem"
    env = client_env(zone_mock, REQUESTS_CA_BUNDLE=str(ca))
    done = subprocess.run([
        str(tools["certbot"]), "certonly", "--non-interactive", "--agree-tos", "--no-eff-email",
        "-m", "test@example.com", "--server", pebble,
        "--config-dir", str(tmp_path / "config"), "--work-dir", str(tmp_path / "work"),
        "--logs-dir", str(tmp_path / "logs"), "--cert-name", "example",
        "--manual", "--preferred-challenges", "dns",
        "--manual-auth-hook", "ncpcert dns certbot-auth",
        "--manual-cleanup-hook", "ncpcert dns certbot-cleanup",
        *[a for name in NAMES for a in ("-d", name)],
    ], env=env, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stdout + done.stderr
    cert = tmp_path / "config/live/example/cert.pem"
    assert sans(cert) == sorted(NAMES)
    assert_cleaned_up(zone_mock)


def test_lego_with_ncpcert_as_exec_provider(tools, zone_mock, pebble, tmp_path):
    ncpcert = ROOT / "target" / "release" / "ncpcert"
    env = client_env(
        zone_mock,
        LEGO_CA_CERTIFICATES=str(tools["certs"] / "pebble.minica.pem"),
        EXEC_PATH=str(ncpcert),
        # lego waits this long between two challenges of one exec provider (default 60 s).
        EXEC_SEQUENCE_INTERVAL="1",
        EXEC_POLLING_INTERVAL="1",
        EXEC_PROPAGATION_TIMEOUT="30",
    )
    done = subprocess.run([
        str(tools["lego"]), "--accept-tos", "--email", "test@example.com", "--server", pebble,
        "--path", str(tmp_path / "lego"), "--dns", "exec",
        # lego's own check asks the zone's servers; the mock's ns1 is on loopback port 53, so
        # it asks the mock's server as a resolver instead. ncpcert waited for the value itself.
        "--dns.resolvers", zone_mock.dns_address, "--dns.propagation-disable-ans",
        *[a for name in NAMES for a in ("-d", name)], "run",
    ], env=env, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stdout + done.stderr
    # lego's log shows ncpcert's own lines (it logs the program's output).
    assert "is published and served" in done.stderr
    cert = tmp_path / "lego/certificates/example.com.crt"
    assert sans(cert) == sorted(NAMES)
    assert_cleaned_up(zone_mock)
