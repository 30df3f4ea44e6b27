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
    assert answer["path"] == "recovered"
    assert answer["certificateNo"] == orders(mock)[0].certificateNo
    assert answer["certificateName"] == "www-example"
    assert [s["step"] for s in answer["steps"]] == ["send", "lookup"]
    assert answer["steps"][0]["outcome"] == "ambiguous"
    assert_lookups_were_verified(mock)


@pytest.mark.parametrize("fault", PLACED_THEN_LOST)
def test_cli_text_output_says_it_recovered(cli: pathlib.Path, mock: Any, fault: str) -> None:
    mock.queue_fault(fault)
    out = run_cli(cli, "request", "--timeout", "1", "--endpoint", mock.url, *CLI_REQUEST)
    assert out.returncode == 0, out.stderr
    number = orders(mock)[0].certificateNo
    assert "recovered: the order exists and is this request's — it was not ordered again;" in out.stdout
    assert f"certificateNo {number} (www-example)" in out.stdout
    assert "may have placed the order" in out.stderr
    assert len(orders(mock)) == 1


def test_cli_resends_when_the_lookup_finds_nothing(cli: pathlib.Path, mock: Any) -> None:
    # 503 Endpoint Error: ambiguous, but this fault refuses before acting.
    mock.queue_fault("unavailable")
    out = run_cli(cli, "--json", "request", "--endpoint", mock.url, *CLI_REQUEST)
    assert out.returncode == 0, out.stderr
    answer = json.loads(out.stdout)
    assert answer["path"] == "accepted"
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
    assert (error["type"], error["code"]) == ("order", "order.outcome_unknown")
    assert error["cause"]["type"] == "api" and error["cause"]["code"] == "500"
    for text in (error["hint"], out.stderr):
        assert "Do not send it again" in text
        assert "NCP console" in text
        # The core's hint names no command; the CLI adds its own.
        assert 'ncpcert status --name "www-example"' in text


def test_cli_run_again_resumes_from_its_journal(cli: pathlib.Path, mock: Any, tmp_path: pathlib.Path) -> None:
    first = run_cli(cli, "--json", "request", "--endpoint", mock.url, *CLI_REQUEST, state=tmp_path)
    assert first.returncode == 0, first.stderr
    # The same request again, with the same journal: found by name, not ordered again.
    again = run_cli(cli, "--json", "request", "--endpoint", mock.url, *CLI_REQUEST, state=tmp_path)
    assert again.returncode == 0, again.stderr
    answer = json.loads(again.stdout)
    assert answer["path"] == "recovered"
    assert [s["step"] for s in answer["steps"]] == ["resume", "lookup"]
    assert answer["certificateNo"] == json.loads(first.stdout)["certificateNo"]
    assert len(orders(mock)) == 1
    assert len(issuance_requests(mock)) == 1


def test_cli_name_of_an_earlier_certificate_is_taken_not_recovered(cli: pathlib.Path, mock: Any) -> None:
    # An earlier certificate holds the name (here the same request sent from elsewhere, with
    # no journal here): NCP says the name exists on the first attempt, so nothing of this run
    # can have placed it.
    assert run_cli(cli, "request", "--endpoint", mock.url, *CLI_REQUEST).returncode == 0
    again = run_cli(cli, "--json", "request", "--endpoint", mock.url, *CLI_REQUEST)
    assert again.returncode == 1, again.stderr
    error = json.loads(again.stdout)["error"]
    assert (error["type"], error["code"]) == ("order", "order.name_taken")
    assert error["cause"]["code"] == "2000"
    assert "Nothing was bought" in error["message"]
    assert len(orders(mock)) == 1
    assert len(issuance_requests(mock)) == 2 and lookups(mock) == []


def test_cli_name_taken_by_a_certificate_for_another_common_name(cli: pathlib.Path, mock: Any) -> None:
    other = [a if a not in ("www.example.com",) else "api.example.com" for a in CLI_REQUEST]
    assert run_cli(cli, "request", "--endpoint", mock.url, *other).returncode == 0
    # Even when NCP may have acted on an attempt (a 503) and the lookup finds the name, a
    # certificate for other names is never taken for this request's.
    mock.queue_fault("unavailable")
    out = run_cli(cli, "--json", "request", "--endpoint", mock.url, *CLI_REQUEST)
    assert out.returncode == 1, out.stderr
    answer = json.loads(out.stdout)
    assert answer["error"]["code"] == "order.name_taken"
    assert answer["error"]["certificate"]["commonName"] == "api.example.com"
    assert answer["certificateNo"] == orders(mock)[0].certificateNo
    assert "path" not in answer
    assert len(orders(mock)) == 1
    assert "recovered" not in out.stdout + out.stderr


def test_cli_401_and_invalid_input_are_never_resent(cli: pathlib.Path, mock: Any) -> None:
    out = run_cli(cli, "request", "--retries", "5", "--endpoint", mock.url, *CLI_REQUEST, secret="WRONGSECRET000000")
    assert out.returncode == 1
    assert len(mock.requests) == 1
    bad = [a if a != "www.example.com" else "a_b.example.com" for a in CLI_REQUEST]
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
    assert error["code"] == "order.not_placed"
    assert (error["cause"]["type"], error["cause"]["written"]) == ("transport", False)
    assert [s["outcome"] for s in error["steps"]] == ["resendable", "resendable"]
    assert "before anything was sent" in out.stderr
    assert "Nothing was bought" in error["message"]


# -- ncpcert status --------------------------------------------------------------------------


def test_status_by_name_and_number(cli: pathlib.Path, mock: Any) -> None:
    assert run_cli(cli, "request", "--endpoint", mock.url, *CLI_REQUEST).returncode == 0
    number = orders(mock)[0].certificateNo
    for args in (["--name", "www-example"], [str(number)]):
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
    for args, needle in ((["--name", "www-exampl"], "matched exactly"), (["999999"], "999999")):
        out = run_cli(cli, "status", *args, "--endpoint", mock.url)
        assert out.returncode == 1
        assert needle in out.stderr
        out = run_cli(cli, "--json", "status", *args, "--endpoint", mock.url)
        assert out.returncode == 1
        error = json.loads(out.stdout)["error"]
        assert (error["type"], error["code"]) == ("certificate", "certificate.not_found")


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


