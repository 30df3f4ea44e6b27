"""End to end, SPEC §12 "After the request": the CLI's `issue`, `dcv`, `chain`, `orgs` and
`status` against the mock NCP, which keeps each order's DNS records, validates an order once
its records are published (the test publishes what the CLI printed), issues a real X.509
chain with openssl, and recomputes every request's signature from its raw request line."""

from __future__ import annotations

import json
import pathlib
import queue
import re
import subprocess
import tempfile
import threading
import time
from collections.abc import Iterator
from typing import Any

import pytest

from conftest import KEYS, cli_env, mock_ncp
from test_e2e import CLI_REQUEST, TIMEOUT, run_cli

# `_dnsauth.www.example.com. IN TXT "value"`: the zone-file lines `issue` and `dcv` print.
ZONE_LINE = re.compile(r'^\s+(\S+)\. IN TXT "((?:[^"\\]|\\.)*)"$')
FILE_NAMES = ["cert.pem", "chain.pem", "fullchain.pem", "root.pem"]


@pytest.fixture()
def extra_mock() -> Iterator[Any]:
    """NCP answering with fields nobody documented, and the TXT value under a name the core
    does not know: both must be kept and shown."""
    server = mock_ncp.start(KEYS, extra_fields=True, txt_value_field="zzChallenge")
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture()
def bare_orgs_mock() -> Iterator[Any]:
    server = mock_ncp.start(KEYS, org_wrapper="bare")
    try:
        yield server
    finally:
        server.stop()


def assert_every_request_was_signed(mock: Any) -> None:
    """The mock verified each request's signature (no `auth:` verdict) on a known route."""
    assert mock.requests
    for r in mock.requests:
        assert not r.verdict.startswith("auth:"), (r.target, r.verdict)
        assert r.route is not None, r.target


def zone_lines(text: str) -> list[tuple[str, str]]:
    return [(m[1], m[2]) for m in map(ZONE_LINE.match, text.splitlines()) if m]


def place_order(cli: pathlib.Path, mock: Any) -> int:
    out = run_cli(cli, "--json", "request", "--endpoint", mock.url, *CLI_REQUEST)
    assert out.returncode == 0, out.stderr
    return int(json.loads(out.stdout)["certificateNo"])


def lf(text: str) -> str:
    return text.replace("\r\n", "\n")


def assert_files_are_what_the_mock_issued(out_dir: pathlib.Path, order: Any) -> None:
    files = {name: (out_dir / name).read_text() for name in FILE_NAMES}
    assert files["cert.pem"] == lf(order.certificatePem)
    assert files["chain.pem"] == lf(order.subCaPem)
    assert files["fullchain.pem"] == lf(order.certificatePem) + lf(order.subCaPem)
    assert files["root.pem"] == lf(order.rootCaPem)
    assert all("\r" not in text for text in files.values())
    # An independent check that they are a chain: OpenSSL verifies the leaf up to the root.
    verify = subprocess.run(
        ["openssl", "verify", "-CAfile", str(out_dir / "root.pem"), "-untrusted", str(out_dir / "chain.pem"),
         str(out_dir / "cert.pem")], capture_output=True, text=True, check=False)
    assert verify.returncode == 0, verify.stderr
    assert list(out_dir.glob(".*")) == [], "a temporary file was left behind"


class Running:
    """The CLI running in the background, its stdout read line by line as it comes."""

    def __init__(self, cli: pathlib.Path, *args: str, state: pathlib.Path | None = None):
        env = cli_env()
        env["XDG_STATE_HOME"] = str(state) if state else tempfile.mkdtemp(prefix="ncpcert-state-")
        self.process = subprocess.Popen([str(cli), *args], env=env, stdout=subprocess.PIPE,
                                        stderr=subprocess.PIPE, text=True)
        self.lines: queue.Queue[str | None] = queue.Queue()
        self.stdout: list[str] = []
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        assert self.process.stdout is not None
        for line in self.process.stdout:
            self.lines.put(line)
        self.lines.put(None)

    def wait_for_records(self) -> list[tuple[str, str]]:
        """The zone-file lines, once the block of them has been printed."""
        deadline = time.monotonic() + TIMEOUT
        records: list[tuple[str, str]] = []
        while time.monotonic() < deadline:
            line = self.lines.get(timeout=TIMEOUT)
            if line is None:
                break
            self.stdout.append(line)
            found = zone_lines(line)
            records += found
            if records and not found:
                return records
        raise AssertionError("no DNS records were printed:\n" + "".join(self.stdout) + self.stderr())

    def finish(self) -> tuple[int, str, str]:
        code = self.process.wait(timeout=TIMEOUT)
        while (line := self.lines.get(timeout=TIMEOUT)) is not None:
            self.stdout.append(line)
        return code, "".join(self.stdout), self.stderr()

    def stderr(self) -> str:
        assert self.process.stderr is not None
        return self.process.stderr.read() if self.process.poll() is not None else ""


# -- issue -----------------------------------------------------------------------------------


def test_issue_wait_goes_from_a_csr_to_the_files_the_mock_issued(cli: pathlib.Path, mock: Any,
                                                                   tmp_path: pathlib.Path) -> None:
    out_dir = tmp_path / "certs"
    run = Running(cli, "issue", "--endpoint", mock.url, *CLI_REQUEST, "--out", str(out_dir), "--wait",
                  "--poll-interval", "1", "--wait-timeout", "60")
    records = run.wait_for_records()
    # What the CLI printed is exactly what NCP checks: publishing it validates the order.
    (order,) = mock.orders
    assert sorted(records) == sorted(mock.required_txt(order.certificateNo))
    assert not out_dir.joinpath("cert.pem").exists(), "files before validation"
    for name, value in records:
        mock.publish_txt(name, value)
    code, stdout, stderr = run.finish()
    assert code == 0, stdout + stderr
    assert stdout.index("IN TXT") < stdout.index("fullchain.pem"), "the records come first"
    assert "waiting for NCP" in stderr  # progress, on stderr
    assert len(mock.orders) == 1
    assert_files_are_what_the_mock_issued(out_dir, mock.orders[0])
    assert_every_request_was_signed(mock)


def test_issue_wait_json_is_one_document_and_quiet(cli: pathlib.Path, mock: Any, tmp_path: pathlib.Path) -> None:
    def publish_when_ordered() -> None:
        deadline = time.monotonic() + TIMEOUT
        while not mock.orders and time.monotonic() < deadline:
            time.sleep(0.05)
        for name, value in mock.required_txt(mock.orders[0].certificateNo):
            mock.publish_txt(name, value)

    threading.Thread(target=publish_when_ordered, daemon=True).start()
    out = run_cli(cli, "--json", "issue", "--endpoint", mock.url, *CLI_REQUEST, "--out", str(tmp_path),
                  "--wait", "--poll-interval", "1")
    assert out.returncode == 0, out.stderr
    answer = json.loads(out.stdout)
    assert answer["status"] == "NORMAL"
    assert answer["path"] == "accepted" and answer["order"]["path"] == "accepted"
    assert answer["certificateNo"] == mock.orders[0].certificateNo
    assert sorted(answer["certificate"]["files"]) == sorted(FILE_NAMES)
    records = [r for d in answer["domains"] for r in d["answer"]["dnsVerificationList"]]
    assert sorted((r["recordName"], r["txtValue"]) for r in records) == sorted(
        mock.required_txt(mock.orders[0].certificateNo))
    assert "waiting for NCP" not in out.stderr
    assert_files_are_what_the_mock_issued(tmp_path, mock.orders[0])


def test_issue_reports_a_failed_validation_and_writes_nothing(cli: pathlib.Path, mock: Any,
                                                               tmp_path: pathlib.Path) -> None:
    run = Running(cli, "issue", "--endpoint", mock.url, *CLI_REQUEST, "--out", str(tmp_path), "--wait",
                  "--poll-interval", "1", "--wait-timeout", "60")
    run.wait_for_records()
    mock.fail_validation(mock.orders[0].certificateNo)
    code, stdout, stderr = run.finish()
    assert code == 1, stdout + stderr
    assert "VALIDATION_FAILED" in stderr
    assert "Validation timed out for: www.example.com, example.com" in stderr
    assert "request a new certificate under another name" in stderr  # what to do
    assert list(tmp_path.iterdir()) == []


def test_issue_wait_timeout_exits_4_and_the_same_command_resumes(cli: pathlib.Path, mock: Any,
                                                                  tmp_path: pathlib.Path) -> None:
    out_dir, state = tmp_path / "certs", tmp_path / "state"
    args = ["issue", "--endpoint", mock.url, *CLI_REQUEST, "--out", str(out_dir), "--wait",
            "--poll-interval", "1"]
    first = run_cli(cli, *args, "--wait-timeout", "1.5", state=state)
    assert first.returncode == 4, first.stdout + first.stderr
    no = mock.orders[0].certificateNo
    assert f"The order exists (certificateNo {no})" in first.stderr
    assert "run this same command again" in first.stderr
    pending = run_cli(cli, "--json", *args, "--wait-timeout", "0", state=state)
    assert pending.returncode == 4, pending.stderr
    answer = json.loads(pending.stdout)
    assert (answer["error"]["code"], answer["certificateNo"], answer["path"]) == ("order.pending", no, "recovered")
    for name, value in zone_lines(first.stdout):
        mock.publish_txt(name, value)
    again = run_cli(cli, *args, state=state)
    assert again.returncode == 0, again.stdout + again.stderr
    assert "recovered: the order exists" in again.stdout
    assert len(mock.orders) == 1, "the second run ordered again"
    assert_files_are_what_the_mock_issued(out_dir, mock.orders[0])


def test_issue_checks_the_out_directory_before_ordering(cli: pathlib.Path, mock: Any,
                                                         tmp_path: pathlib.Path) -> None:
    (tmp_path / "fullchain.pem").write_text("an older certificate\n")
    out = run_cli(cli, "issue", "--endpoint", mock.url, *CLI_REQUEST, "--out", str(tmp_path))
    assert out.returncode == 2
    assert "fullchain.pem already exists" in out.stderr and "--force" in out.stderr
    assert "Nothing was sent" in out.stderr
    assert mock.requests == []
    assert (tmp_path / "fullchain.pem").read_text() == "an older certificate\n"


def test_issue_without_wait_prints_the_records_and_how_to_go_on(cli: pathlib.Path, mock: Any,
                                                                 tmp_path: pathlib.Path) -> None:
    out = run_cli(cli, "issue", "--endpoint", mock.url, *CLI_REQUEST, "--out", str(tmp_path))
    assert out.returncode == 0, out.stderr
    no = mock.orders[0].certificateNo
    assert sorted(zone_lines(out.stdout)) == sorted(mock.required_txt(no))
    assert f"ncpcert chain {no} --out {tmp_path}" in out.stdout


def new_key_csr(tmp_path: pathlib.Path) -> pathlib.Path:
    """A CSR for the same names as the sample's, with a key of its own."""
    csr = tmp_path / "new-key.csr.pem"
    subprocess.run(
        ["openssl", "req", "-new", "-newkey", "rsa:2048", "-nodes", "-keyout", str(tmp_path / "new.key"),
         "-subj", "/CN=www.example.com", "-addext", "subjectAltName=DNS:www.example.com,DNS:example.com",
         "-out", str(csr)], check=True, capture_output=True)
    return csr


@pytest.mark.parametrize("fault, code", [(None, "order.name_taken"), ("unavailable", "order.not_this_request")])
def test_issue_with_the_name_of_an_earlier_issued_certificate_writes_nothing(
        cli: pathlib.Path, mock: Any, tmp_path: pathlib.Path, fault: str | None, code: str) -> None:
    # A renewal that reuses the name: the earlier certificate has the same names and is
    # issued, for the old key. On a first attempt NCP says the name exists (nothing of this
    # run placed it); after an attempt NCP may have acted on, the lookup finds it, and its key
    # is not the new CSR's. Either way: nothing recovered, no file written.
    no = place_order(cli, mock)
    mock.validate(no)
    csr = new_key_csr(tmp_path)
    request = [str(csr) if a.endswith("sample.csr.pem") else a for a in CLI_REQUEST]
    if fault:
        mock.queue_fault(fault)
    out_dir = tmp_path / "certs"
    out = run_cli(cli, "--json", "issue", "--endpoint", mock.url, *request, "--out", str(out_dir), "--wait",
                  "--poll-interval", "1")
    assert out.returncode == 1, out.stdout + out.stderr
    answer = json.loads(out.stdout)
    assert answer["error"]["code"] == code
    if fault:  # found by the lookup
        assert answer["certificateNo"] == no
    assert "path" not in answer
    assert list(out_dir.iterdir()) == []
    assert len(mock.orders) == 1


def test_issue_killed_after_sending_the_order_resumes_with_one_order(cli: pathlib.Path, mock: Any,
                                                                      tmp_path: pathlib.Path) -> None:
    out_dir, state = tmp_path / "certs", tmp_path / "state"
    args = ["issue", "--endpoint", mock.url, *CLI_REQUEST, "--out", str(out_dir), "--wait", "--poll-interval", "1",
            "--timeout", "60"]
    # The order is placed and its answer held back; the run is killed while it waits for it.
    mock.queue_fault("placed-then-stall:20")
    first = Running(cli, *args, state=state)
    deadline = time.monotonic() + TIMEOUT
    while not mock.orders and time.monotonic() < deadline:
        time.sleep(0.05)
    (order,) = mock.orders
    first.process.kill()  # SIGKILL: no chance to write anything more
    assert first.process.wait(timeout=TIMEOUT) == -9
    journal = [json.loads(line) for line in (state / "ncpcert/journal.jsonl").read_text().splitlines()]
    assert [(e["event"], e.get("outcome")) for e in journal] == [("attempt", None)]
    assert journal[0]["certificateName"] == "www-example" and "csr" not in json.dumps(journal)
    for name, value in mock.required_txt(order.certificateNo):
        mock.publish_txt(name, value)
    # The same command again: it looks the name up before sending anything, proves the issued
    # certificate holds the CSR's key, and writes the files.
    again = run_cli(cli, "--json", *args, state=state)
    assert again.returncode == 0, again.stdout + again.stderr
    answer = json.loads(again.stdout)
    assert (answer["path"], answer["certificateNo"]) == ("recovered", order.certificateNo)
    assert [s["step"] for s in answer["order"]["steps"]] == ["resume", "lookup", "chain"]
    assert answer["order"]["steps"][2]["keyMatches"] is True
    assert len(mock.orders) == 1
    assert len([r for r in mock.requests if r.route == "issuance"]) == 1
    assert_files_are_what_the_mock_issued(out_dir, mock.orders[0])


# -- dcv -------------------------------------------------------------------------------------


def test_dcv_text_and_json(cli: pathlib.Path, mock: Any) -> None:
    no = place_order(cli, mock)
    text = run_cli(cli, "dcv", str(no), "--endpoint", mock.url)
    assert text.returncode == 0, text.stderr
    assert f"certificate {no} (www-example): ONGOING" in text.stdout
    assert sorted(zone_lines(text.stdout)) == sorted(mock.required_txt(no))
    assert "waiting for this record" in text.stdout
    as_json = run_cli(cli, "--json", "dcv", str(no), "--endpoint", mock.url)
    assert as_json.returncode == 0, as_json.stderr
    answer = json.loads(as_json.stdout)
    assert answer["validated"] is False
    assert [d["domain"] for d in answer["domains"]] == ["www.example.com", "example.com"]
    item = answer["domains"][0]["answer"]["dnsVerificationList"][0]
    assert (item["state"], item["recordType"], item["valueField"]) == ("pending", "TXT", "txtValue")
    assert_every_request_was_signed(mock)


def test_dcv_keeps_and_shows_fields_it_does_not_know(cli: pathlib.Path, extra_mock: Any) -> None:
    no = place_order(cli, extra_mock)
    ((name, token), _) = extra_mock.required_txt(no)
    text = run_cli(cli, "dcv", str(no), "--endpoint", extra_mock.url)
    assert text.returncode == 0, text.stderr
    assert "not in a field ncpcert knows" in text.stdout  # the value's field is unknown…
    assert f"zzChallenge {token}" in text.stdout  # …so every field NCP sent is shown
    assert "futureField" in text.stdout
    answer = json.loads(run_cli(cli, "--json", "dcv", str(no), "--endpoint", extra_mock.url).stdout)
    item = answer["domains"][0]["answer"]["dnsVerificationList"][0]
    assert item["txtValue"] is None and item["zzChallenge"] == token
    assert item["recordName"] == name
    assert "futureField" in item and "futureField" in answer["domains"][0]["answer"]


def test_dcv_of_a_failed_order_exits_1_with_the_reason(cli: pathlib.Path, mock: Any) -> None:
    no = place_order(cli, mock)
    mock.fail_validation(no)
    text = run_cli(cli, "dcv", str(no), "--endpoint", mock.url)
    assert text.returncode == 1
    assert "TIMED OUT" in text.stdout
    assert "VALIDATION_FAILED" in text.stderr and "Validation timed out for: www.example.com" in text.stderr
    as_json = run_cli(cli, "--json", "dcv", str(no), "--endpoint", mock.url)
    assert as_json.returncode == 1
    answer = json.loads(as_json.stdout)  # one document: the records and the error
    assert answer["error"]["code"] == "order.validation_failed"
    assert answer["error"]["status"] == "VALIDATION_FAILED"
    assert answer["domains"][0]["answer"]["dnsVerificationList"][0]["state"] == "timeout"


# -- status ----------------------------------------------------------------------------------


def test_status_of_a_failed_order_exits_1_with_the_reason(cli: pathlib.Path, mock: Any) -> None:
    no = place_order(cli, mock)
    mock.fail_validation(no)
    text = run_cli(cli, "status", str(no), "--endpoint", mock.url)
    assert text.returncode == 1
    assert "VALIDATION_FAILED" in text.stdout and "could not validate the domains" in text.stderr
    answer = json.loads(run_cli(cli, "--json", "status", "--name", "www-example", "--endpoint", mock.url).stdout)
    assert answer["certificate"]["status"] == "VALIDATION_FAILED"
    assert (answer["error"]["type"], answer["error"]["code"]) == ("order", "order.validation_failed")


def test_status_shows_unknown_fields(cli: pathlib.Path, extra_mock: Any) -> None:
    place_order(cli, extra_mock)
    text = run_cli(cli, "status", "--name", "www-example", "--endpoint", extra_mock.url)
    assert text.returncode == 0, text.stderr
    assert "futureField" in text.stdout
    answer = json.loads(run_cli(cli, "--json", "status", "--name", "www-example", "--endpoint",
                                extra_mock.url).stdout)
    assert "futureField" in answer["certificate"]


# -- chain -----------------------------------------------------------------------------------


def test_chain_text_json_and_no_overwrite(cli: pathlib.Path, extra_mock: Any, tmp_path: pathlib.Path) -> None:
    no = place_order(cli, extra_mock)
    extra_mock.validate(no)
    text = run_cli(cli, "chain", str(no), "--out", str(tmp_path), "--endpoint", extra_mock.url)
    assert text.returncode == 0, text.stderr
    assert "certificate for www.example.com written" in text.stdout
    assert "futureField" in text.stdout  # unknown fields of the answer are shown
    assert_files_are_what_the_mock_issued(tmp_path, extra_mock.orders[0])
    before = {name: (tmp_path / name).stat().st_mtime_ns for name in FILE_NAMES}
    again = run_cli(cli, "chain", str(no), "--out", str(tmp_path), "--endpoint", extra_mock.url)
    assert again.returncode == 2 and "--force" in again.stderr
    assert {name: (tmp_path / name).stat().st_mtime_ns for name in FILE_NAMES} == before
    forced = run_cli(cli, "--json", "chain", str(no), "--out", str(tmp_path), "--force", "--endpoint",
                     extra_mock.url)
    assert forced.returncode == 0, forced.stderr
    answer = json.loads(forced.stdout)
    assert answer["files"]["fullchain.pem"] == str(tmp_path / "fullchain.pem")
    assert answer["chain"]["files"]["cert.pem"] == lf(extra_mock.orders[0].certificatePem)
    assert "futureField" in answer["chain"]
    assert_files_are_what_the_mock_issued(tmp_path, extra_mock.orders[0])


def test_chain_of_an_order_not_issued_exits_1(cli: pathlib.Path, mock: Any, tmp_path: pathlib.Path) -> None:
    no = place_order(cli, mock)
    out = run_cli(cli, "chain", str(no), "--out", str(tmp_path), "--endpoint", mock.url)
    assert out.returncode == 1
    assert f"certificate {no} is ONGOING" in out.stderr and f"ncpcert dcv {no}" in out.stderr
    answer = json.loads(run_cli(cli, "--json", "chain", str(no), "--out", str(tmp_path), "--endpoint",
                                mock.url).stdout)
    assert (answer["error"]["type"], answer["error"]["code"]) == ("certificate", "certificate.not_issued")
    assert answer["certificate"]["status"] == "ONGOING"
    assert list(tmp_path.iterdir()) == []


# -- orgs ------------------------------------------------------------------------------------


@pytest.mark.parametrize("wrapped", [True, False], ids=["envelope", "bare-list"])
def test_orgs_text_and_json(cli: pathlib.Path, mock: Any, bare_orgs_mock: Any, wrapped: bool) -> None:
    server = mock if wrapped else bare_orgs_mock
    orgs = server.organizations[next(iter(KEYS))]
    validated = [o["organizationNo"] for o in orgs if str(o["verificationProgressCode"]) == "7"]
    others = [o["organizationNo"] for o in orgs if str(o["verificationProgressCode"]) != "7"]
    assert validated and others
    text = run_cli(cli, "orgs", "--endpoint", server.url)
    assert text.returncode == 0, text.stderr
    for no in validated:
        assert f"organizationNo {no}  [validated: usable for OV" in text.stdout
    for no in others:
        assert f"organizationNo {no}  [not validated" in text.stdout
    answer = json.loads(run_cli(cli, "--json", "orgs", "--endpoint", server.url).stdout)
    assert {o["organizationNo"]: o["validated"] for o in answer["organizations"]} == {
        **{no: True for no in validated}, **{no: False for no in others}}
    only = json.loads(run_cli(cli, "--json", "orgs", "--validated", "--endpoint", server.url).stdout)
    assert [o["organizationNo"] for o in only["organizations"]] == validated
    (request,) = [r for r in server.requests if r.route == "orgs"][:1]
    assert request.method == "POST" and request.body == b"{}"
    assert_every_request_was_signed(server)


def test_orgs_keep_and_show_unknown_fields(cli: pathlib.Path, extra_mock: Any) -> None:
    text = run_cli(cli, "orgs", "--endpoint", extra_mock.url)
    assert text.returncode == 0, text.stderr
    assert "futureField" in text.stdout and "mockNote" in text.stdout
    answer = json.loads(run_cli(cli, "--json", "orgs", "--endpoint", extra_mock.url).stdout)
    assert "futureField" in answer["organizations"][0]
    assert "futureField" in answer
