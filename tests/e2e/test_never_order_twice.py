"""End to end, SPEC §12/§14 "Never order twice", for the CLI: against faults of the mock NCP
that place the order and then lose the answer (504, a closed connection, a stall past the
client's timeout), it ends with exactly one order and reports that certificate. The mock
(tests/mock_ncp/server.py, stdlib only) recomputes every signature from the raw request line,
lookups included."""

from __future__ import annotations

import json
import pathlib
import socket
from typing import Any

import pytest

from order_faults import PLACED_THEN_LOST, assert_lookups_were_verified, issuance_requests, lookups, orders
from test_e2e import CLI_REQUEST, run_cli


# -- the CLI ---------------------------------------------------------------------------------


@pytest.mark.parametrize("fault", PLACED_THEN_LOST)
def test_cli_recovers_the_order_instead_of_ordering_again(cli: pathlib.Path, mock: Any, fault: str) -> None:
    mock.queue_fault(fault)
    out = run_cli(cli, "--json", "request", "--timeout", "1", "--endpoint", mock.url, *CLI_REQUEST)
    assert out.returncode == 0, out.stderr
    answer = json.loads(out.stdout)
    assert len(orders(mock)) == 1
    assert len(issuance_requests(mock)) == 1, "the issuance request was sent again"
    assert answer["path"] == "recovered" and answer["recovered"] is True
    assert answer["result"]["certificateNo"] == orders(mock)[0].certificateNo
    assert answer["result"]["certificateName"] == "www-example"
    assert [s["step"] for s in answer["steps"]] == ["send", "lookup"]
    assert answer["steps"][0]["outcome"] == "ambiguous"
    assert_lookups_were_verified(mock)


@pytest.mark.parametrize("fault", PLACED_THEN_LOST)
def test_cli_text_output_says_it_recovered(cli: pathlib.Path, mock: Any, fault: str) -> None:
    mock.queue_fault(fault)
    out = run_cli(cli, "request", "--timeout", "1", "--endpoint", mock.url, *CLI_REQUEST)
    assert out.returncode == 0, out.stderr
    number = orders(mock)[0].certificateNo
    assert f"recovered: the order exists — certificateNo {number} (www-example)" in out.stdout
    assert "may have placed the order" in out.stderr
    assert len(orders(mock)) == 1


def test_cli_resends_when_the_lookup_finds_nothing(cli: pathlib.Path, mock: Any) -> None:
    # 503 Endpoint Error: ambiguous, but this fault refuses before acting.
    mock.queue_fault("unavailable")
    out = run_cli(cli, "--json", "request", "--endpoint", mock.url, *CLI_REQUEST)
    assert out.returncode == 0, out.stderr
    answer = json.loads(out.stdout)
    assert answer["path"] == "accepted" and answer["recovered"] is False
    assert [s["step"] for s in answer["steps"]] == ["send", "lookup", "send"]
    assert answer["steps"][1]["found"] is False
    assert len(orders(mock)) == 1
    first, second = issuance_requests(mock)
    assert first.headers["x-ncp-apigw-signature-v2"] != second.headers["x-ncp-apigw-signature-v2"]


def test_cli_stops_with_status_3_when_the_lookup_fails(cli: pathlib.Path, mock: Any) -> None:
    mock.queue_fault("placed-then-504")
    mock.queue_fault("unavailable:10@list")
    out = run_cli(cli, "--json", "request", "--endpoint", mock.url, *CLI_REQUEST)
    assert out.returncode == 3, out.stderr
    assert len(issuance_requests(mock)) == 1, "the issuance request was sent again"
    assert len(orders(mock)) == 1
    error = json.loads(out.stdout)["error"]
    assert error["kind"] == "unknown_outcome"
    assert error["lookup"]["code"] == "500"
    for text in (error["message"], out.stderr):
        assert "Do not send it again" in text
        assert 'ncpcert status --name "www-example"' in text
        assert "NCP console" in text


def test_cli_existing_name_is_recovered_not_reordered(cli: pathlib.Path, mock: Any) -> None:
    first = run_cli(cli, "--json", "request", "--endpoint", mock.url, *CLI_REQUEST)
    assert first.returncode == 0, first.stderr
    # The same request again (a rerun after a crash): NCP says the name exists.
    again = run_cli(cli, "--json", "request", "--endpoint", mock.url, *CLI_REQUEST)
    assert again.returncode == 0, again.stderr
    answer = json.loads(again.stdout)
    assert answer["path"] == "recovered"
    assert answer["steps"][0]["error"]["code"] == "2000"
    assert answer["result"]["certificateNo"] == json.loads(first.stdout)["result"]["paidCertificate"]["certificateNo"]
    assert len(orders(mock)) == 1


def test_cli_401_and_invalid_input_are_never_resent(cli: pathlib.Path, mock: Any) -> None:
    out = run_cli(cli, "request", "--retries", "5", "--endpoint", mock.url, *CLI_REQUEST, secret="WRONGSECRET000000")
    assert out.returncode == 1
    assert len(mock.requests) == 1
    bad = [a if a != "D" else "X" for a in CLI_REQUEST]
    out = run_cli(cli, "request", "--retries", "5", "--endpoint", mock.url, *bad)
    assert out.returncode == 2
    assert len(mock.requests) == 1


def test_cli_resends_429_freshly_signed_without_a_lookup(cli: pathlib.Path, mock: Any) -> None:
    mock.queue_fault("throttle:2")
    out = run_cli(cli, "--json", "request", "--endpoint", mock.url, *CLI_REQUEST)
    assert out.returncode == 0, out.stderr
    assert [r.status for r in mock.requests] == [429, 429, 200]
    assert lookups(mock) == []
    signatures = {r.headers["x-ncp-apigw-signature-v2"] for r in mock.requests}
    assert len(signatures) == 3
    assert len(orders(mock)) == 1


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def test_cli_connection_refused_is_resent_and_reported_as_not_sent(cli: pathlib.Path) -> None:
    url = f"http://127.0.0.1:{free_port()}"
    out = run_cli(cli, "--json", "request", "--retries", "1", "--endpoint", url, *CLI_REQUEST)
    assert out.returncode == 1, out.stderr
    error = json.loads(out.stdout)["error"]
    assert error["outcome"] == "resendable"
    assert [s["outcome"] for s in json.loads(out.stdout)["steps"]] == ["resendable", "resendable"]
    assert "nothing was sent" in out.stderr


# -- ncpcert status --------------------------------------------------------------------------


def test_status_by_name_and_number(cli: pathlib.Path, mock: Any) -> None:
    assert run_cli(cli, "request", "--endpoint", mock.url, *CLI_REQUEST).returncode == 0
    number = orders(mock)[0].certificateNo
    for args in (["--name", "www-example"], ["--no", str(number)]):
        text = run_cli(cli, "status", *args, "--endpoint", mock.url)
        assert text.returncode == 0, text.stderr
        assert f"certificateNo {number}" in text.stdout
        assert "name          www-example" in text.stdout
        assert "status        ONGOING" in text.stdout
        assert "type          NCP_PAID_DV_01" in text.stdout
        out = run_cli(cli, "--json", "status", *args, "--endpoint", mock.url)
        assert out.returncode == 0, out.stderr
        certificate = json.loads(out.stdout)["certificate"]
        assert (certificate["certificateNo"], certificate["certificateName"]) == (number, "www-example")
        assert (certificate["status"], certificate["certificateType"]) == ("ONGOING", "NCP_PAID_DV_01")
        assert certificate["dnsName"] == ["www.example.com", "example.com"]
    assert lookups(mock) and all(r.verdict == "listed" for r in lookups(mock))


def test_status_nothing_matches(cli: pathlib.Path, mock: Any) -> None:
    assert run_cli(cli, "request", "--endpoint", mock.url, *CLI_REQUEST).returncode == 0
    for args, needle in ((["--name", "www-exampl"], "matched exactly"), (["--no", "999999"], "999999")):
        out = run_cli(cli, "status", *args, "--endpoint", mock.url)
        assert out.returncode == 1
        assert needle in out.stderr
        out = run_cli(cli, "--json", "status", *args, "--endpoint", mock.url)
        assert out.returncode == 1
        assert json.loads(out.stdout)["error"]["kind"] == "not_found"


def test_status_with_a_name_that_needs_encoding(cli: pathlib.Path, mock: Any) -> None:
    name = "www example+인증서"
    request = [a if a != "www-example" else name for a in CLI_REQUEST]
    assert run_cli(cli, "request", "--endpoint", mock.url, *request).returncode == 0
    out = run_cli(cli, "--json", "status", "--name", name, "--endpoint", mock.url)
    assert out.returncode == 0, out.stderr
    assert json.loads(out.stdout)["certificate"]["certificateName"] == name
    assert lookups(mock)[-1].target.startswith(
        "/api/v2/certificate/getPaidCertificates?certificateName=www%20example%2B%EC%9D%B8%EC%A6%9D%EC%84%9C&"
    )


