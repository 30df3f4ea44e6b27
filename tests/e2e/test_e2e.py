"""End to end: real HTTP clients (the ncpcert CLI, Python requests and httpx, Node fetch,
curl) send requests prepared and signed by ncpcert to the mock NCP server over loopback; the
mock recomputes every signature itself (tests/mock_ncp/server.py, stdlib only)."""

from __future__ import annotations

import json
import pathlib
import shutil
import subprocess
import tempfile
from typing import Any

import httpx
import pytest
import requests

import ncpcert

from conftest import ACCESS_KEY, ROOT, SECRET_KEY, cli_env

CSR = ROOT / "tests/data/sample.csr.pem"
REQUEST: dict[str, Any] = {
    "csr": CSR.read_text(),
    "certificateType": "DV",
    "certificateName": "www-example",
    "commonName": "www.example.com",
    "dnsName": ["www.example.com", "example.com"],
    "validationMethod": "D",
}
CLI_REQUEST = [
    "--csr", str(CSR), "--type", "dv", "--name", "www-example", "--common-name", "www.example.com",
    "--dns-name", "www.example.com", "--dns-name", "example.com", "--validation", "D",
]
TIMEOUT = 60


def run_cli(
    cli: pathlib.Path, *args: str, secret: str = SECRET_KEY, state: pathlib.Path | None = None
) -> subprocess.CompletedProcess[str]:
    """The CLI with the mock's keys. Each run gets a state directory (the journal of paid
    requests) of its own unless `state` is given: a test that runs a command again to resume
    it passes the same directory."""
    env = cli_env(secret)
    env["XDG_STATE_HOME"] = str(state) if state else tempfile.mkdtemp(prefix="ncpcert-state-")
    return subprocess.run([str(cli), *args], env=env, capture_output=True, text=True, timeout=TIMEOUT, check=False)


def accepted(mock: Any) -> list[Any]:
    return [r for r in mock.requests if r.verdict == "accepted"]


# -- the CLI ---------------------------------------------------------------------------------


def test_cli_request_is_accepted(cli: pathlib.Path, mock: Any) -> None:
    out = run_cli(cli, "--json", "request", "--endpoint", mock.url, *CLI_REQUEST)
    assert out.returncode == 0, out.stderr
    answer = json.loads(out.stdout)
    assert answer["path"] == "accepted"
    assert answer["status"] == "ONGOING"
    assert answer["certificateNo"] == answer["answer"]["paidCertificate"]["certificateNo"]
    assert isinstance(answer["certificateNo"], int)
    assert len(accepted(mock)) == 1
    # The signed request is not printed on stdout unless asked (-v prints it on stderr).
    assert "x-ncp-apigw-signature-v2" not in out.stdout + out.stderr


def test_cli_verbose_prints_the_wire_request_on_stderr_only(cli: pathlib.Path, mock: Any) -> None:
    out = run_cli(cli, "-v", "--json", "request", "--endpoint", mock.url, *CLI_REQUEST)
    assert out.returncode == 0, out.stderr
    json.loads(out.stdout)
    assert "x-ncp-apigw-signature-v2" not in out.stdout
    sent = mock.requests[0]
    assert f"> POST {sent.target} HTTP/1.1" in out.stderr
    assert f"x-ncp-apigw-signature-v2: {sent.headers['x-ncp-apigw-signature-v2']}" in out.stderr
    assert sent.body.decode() in out.stderr
    assert "< HTTP 200" in out.stderr


def test_cli_wrong_secret_is_refused(cli: pathlib.Path, mock: Any) -> None:
    out = run_cli(cli, "request", "--endpoint", mock.url, *CLI_REQUEST, secret="WRONGSECRET000000")
    assert out.returncode == 1
    assert "Authentication Failed" in out.stderr
    assert [r.verdict for r in mock.requests] == ["auth:signature-mismatch"]


def test_cli_corrects_a_skewed_clock_from_the_date_header(cli: pathlib.Path, mock: Any) -> None:
    # Ten minutes behind NCP: the signature is refused for the clock (SPEC §12: not
    # processed), the skew is read from the answer's Date header, and the order is sent again
    # signed with the corrected clock.
    out = run_cli(cli, "--json", "request", "--endpoint", mock.url, "--clock-offset-ms", "-600000", *CLI_REQUEST)
    assert out.returncode == 0, out.stderr
    assert [r.verdict for r in mock.requests] == ["auth:timestamp-skew", "accepted"]
    steps = json.loads(out.stdout)["steps"]
    assert [s["step"] for s in steps] == ["send", "clockCorrected", "send"]
    assert abs(steps[1]["offsetMs"] - 600_000) < 5_000
    assert "clock" in out.stderr


def test_cli_skewed_clock_with_no_retry_left_is_not_placed(cli: pathlib.Path, mock: Any) -> None:
    out = run_cli(cli, "--json", "request", "--endpoint", mock.url, "--clock-offset-ms", "-600000",
                  "--retries", "0", *CLI_REQUEST)
    # With no retry left the correction cannot be sent: refused, nothing bought.
    assert out.returncode == 1
    assert json.loads(out.stdout)["error"]["code"] == "order.not_placed"
    assert [r.verdict for r in mock.requests] == ["auth:timestamp-skew"]


def test_cli_invalid_body_is_refused_locally(cli: pathlib.Path, mock: Any) -> None:
    bad = [a if a != "www.example.com" else "a_b.example.com" for a in CLI_REQUEST]
    out = run_cli(cli, "request", "--endpoint", mock.url, *bad)
    assert out.returncode == 2
    assert "domain.underscore" in out.stderr
    assert mock.requests == []
    out = run_cli(cli, "--json", "request", "--endpoint", mock.url, *bad)
    assert out.returncode == 2
    error = json.loads(out.stdout)["error"]
    assert (error["type"], error["code"]) == ("validation", "request.invalid")
    assert any(f["code"] == "domain.underscore" for f in error["findings"])


def test_cli_retries_after_a_429_with_a_fresh_signature(cli: pathlib.Path, mock: Any) -> None:
    mock.queue_fault("throttle:1")
    out = run_cli(cli, "--json", "request", "--endpoint", mock.url, *CLI_REQUEST)
    assert out.returncode == 0, out.stderr
    assert json.loads(out.stdout)["attempts"] == 2
    assert [r.status for r in mock.requests] == [429, 200]
    first, second = mock.requests
    assert first.headers["x-ncp-apigw-signature-v2"] != second.headers["x-ncp-apigw-signature-v2"]
    assert first.headers["x-ncp-apigw-timestamp"] < second.headers["x-ncp-apigw-timestamp"]


def test_cli_200_requests_in_a_row(cli: pathlib.Path, mock_any_names: Any) -> None:
    for _ in range(200):
        out = run_cli(cli, "--json", "request", "--endpoint", mock_any_names.url, *CLI_REQUEST)
        assert out.returncode == 0, out.stderr
    assert len(accepted(mock_any_names)) == 200


def test_curl_command_from_prepare_is_accepted(cli: pathlib.Path, mock: Any) -> None:
    if shutil.which("curl") is None:
        pytest.fail("curl is not installed (scripts/test.sh installs it)")
    out = run_cli(cli, "prepare", "--format", "curl", "--endpoint", mock.url, *CLI_REQUEST)
    assert out.returncode == 0, out.stderr
    sent = subprocess.run(["bash", "-c", out.stdout], capture_output=True, text=True, timeout=TIMEOUT, check=False)
    assert sent.returncode == 0, sent.stderr
    assert json.loads(sent.stdout)["paidCertificate"]["statusName"] == "Ongoing"
    assert len(accepted(mock)) == 1


def test_cli_never_prints_the_secret(cli: pathlib.Path, mock: Any, tmp_path: pathlib.Path) -> None:
    secret = "Zq9SECRETxXxdonotprint7fK2"
    runs = []
    for json_flag in ([], ["--json"]):
        runs += [
            run_cli(cli, *json_flag, "sign", "--method", "POST", "--path", "/x", secret=secret),
            run_cli(cli, *json_flag, "sign", "--method", "POST", "--path", "/a b", secret=secret),
            run_cli(cli, *json_flag, "inspect", str(CSR), secret=secret),
            run_cli(cli, *json_flag, "prepare", "--endpoint", mock.url, *CLI_REQUEST, secret=secret),
            run_cli(cli, *json_flag, "prepare", "--format", "curl", "--endpoint", mock.url, *CLI_REQUEST, secret=secret),
            run_cli(cli, *json_flag, "prepare", "--format", "http", "--endpoint", mock.url, *CLI_REQUEST, secret=secret),
            run_cli(cli, *json_flag, "request", "--endpoint", mock.url, *CLI_REQUEST, secret=secret),
            run_cli(cli, *json_flag, "request", "--retries", "0", "--endpoint", mock.url, *CLI_REQUEST, secret=secret + " "),
            run_cli(cli, *json_flag, "--help", secret=secret),
        ]
    for out in runs:
        shown = out.stdout + out.stderr
        for i in range(len(secret) - 7):
            assert secret[i : i + 8] not in shown, shown


# -- Python ----------------------------------------------------------------------------------


def test_python_prepare_and_sign_request_with_requests_and_httpx(mock_any_names: Any) -> None:
    mock = mock_any_names
    signer = ncpcert.Signer(ACCESS_KEY, SECRET_KEY)
    prepared = ncpcert.prepare(REQUEST, base_url=mock.url)
    signed = signer.sign_request(prepared)
    r1 = requests.post(signed.url, data=signed.body.encode(), headers=signed.headers, timeout=TIMEOUT)
    signed = signer.sign_request(prepared)
    r2 = httpx.post(signed.url, content=signed.body.encode(), headers=signed.headers, timeout=TIMEOUT)
    for r in (r1, r2):
        assert r.status_code == 200, r.text
        assert ncpcert.parse_response(r.status_code, r.content).paid_certificate.status == "ONGOING"


def test_python_ncp_auth_with_requests_and_httpx(mock_any_names: Any) -> None:
    mock = mock_any_names
    auth = ncpcert.NcpAuth(ACCESS_KEY, SECRET_KEY)
    prepared = ncpcert.prepare(REQUEST, base_url=mock.url)
    r1 = requests.post(prepared.url, data=prepared.body, headers=prepared.headers, auth=auth, timeout=TIMEOUT)
    with httpx.Client(auth=auth, timeout=TIMEOUT) as client:
        r2 = client.post(prepared.url, content=prepared.body, headers=prepared.headers)
    assert r1.status_code == 200 and r2.status_code == 200, (r1.text, r2.text)


@pytest.mark.anyio
async def test_python_ncp_auth_with_async_httpx(mock: Any) -> None:
    auth = ncpcert.NcpAuth(ACCESS_KEY, SECRET_KEY)
    prepared = ncpcert.prepare(REQUEST, base_url=mock.url)
    async with httpx.AsyncClient(auth=auth, timeout=TIMEOUT) as client:
        r = await client.post(prepared.url, content=prepared.body, headers=prepared.headers)
    assert r.status_code == 200, r.text


def test_python_200_requests_in_a_row_each(mock_any_names: Any) -> None:
    mock = mock_any_names
    auth = ncpcert.NcpAuth(ACCESS_KEY, SECRET_KEY)
    prepared = ncpcert.prepare(REQUEST, base_url=mock.url)
    with requests.Session() as session:
        for _ in range(200):
            r = session.post(prepared.url, data=prepared.body, headers=prepared.headers, auth=auth, timeout=TIMEOUT)
            assert r.status_code == 200, r.text
    with httpx.Client(auth=auth, timeout=TIMEOUT) as client:
        for _ in range(200):
            r = client.post(prepared.url, content=prepared.body, headers=prepared.headers)
            assert r.status_code == 200, r.text
    assert len(accepted(mock)) == 400


# -- Node ------------------------------------------------------------------------------------


@pytest.mark.parametrize("mode", ["prepare", "wrapFetch"])
def test_node_fetch(mock_any_names: Any, mode: str) -> None:
    mock = mock_any_names
    out = subprocess.run(
        ["node", str(ROOT / "tests/e2e/node_client.mjs"), mock.url, mode, "200"],
        env=cli_env(),
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert out.returncode == 0, out.stderr
    result = json.loads(out.stdout)
    assert result["statuses"] == [200] * 200
    assert len(set(result["certificateNos"])) == 200
    assert len(accepted(mock)) == 200


@pytest.fixture()
def anyio_backend() -> str:
    return "asyncio"
