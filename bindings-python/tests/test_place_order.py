"""``ncpcert.place_order`` and ``place_order_async`` (SPEC §12, §14) over requests, httpx and
httpx's AsyncClient, against the mock NCP (``tests/mock_ncp/server.py``, stdlib only), which
verifies every signature against the raw request line and counts the orders it placed: the
counts asserted here are the mock's, not the driver's.

The faults are the mock's: ``placed-then-504``, ``placed-then-close`` and
``placed-then-stall:N`` place the order and then lose the answer; ``throttle`` and
``unavailable`` refuse before acting. A run killed after its attempt was written is a real
process killed with SIGKILL."""

from __future__ import annotations

import asyncio
import json
import os
import pickle
import signal
import socket
import stat
import subprocess
import sys
import textwrap
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx
import pytest
import requests
import urllib3

import ncpcert
from conftest import MOCK_KEYS, sample_request

KEYS = MOCK_KEYS
AK, SK = next(iter(KEYS.items()))
CLIENTS = ["requests", "httpx", "httpx-async"]
# Each places the order, then the client gets no usable answer. The stall outlasts the
# 1-second timeout the tests give the driver.
PLACED_THEN_LOST = ["placed-then-504", "placed-then-close", "placed-then-stall:4"]




def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def session_for(client: str) -> Any:
    return {"requests": requests.Session, "httpx": httpx.Client, "httpx-async": httpx.AsyncClient}[client]()


def place(client: str, request: dict[str, Any], *, session: Any = None, **options: Any) -> ncpcert.PlacedOrder:
    """The driver of ``client`` (``"requests"``, ``"httpx"``, ``"httpx-async"``) run once."""
    options.setdefault("auth", ncpcert.NcpAuth(AK, SK))
    session = session if session is not None else session_for(client)
    if client == "httpx-async":

        async def run() -> ncpcert.PlacedOrder:
            async with session:
                return await ncpcert.place_order_async(request, session=session, **options)

        return asyncio.run(run())
    with session:
        return ncpcert.place_order(request, session=session, **options)


def issuance_requests(mock: Any) -> list[Any]:
    return [r for r in mock.requests if r.route == "issuance"]


def lookups(mock: Any) -> list[Any]:
    return [r for r in mock.requests if r.route == "list"]


def kinds(steps: list[dict[str, Any]]) -> list[str]:
    return [s["step"] for s in steps]


# --------------------------------------------------------------------------- answers lost


@pytest.mark.parametrize("fault", PLACED_THEN_LOST)
@pytest.mark.parametrize("client", CLIENTS)
def test_a_lost_answer_is_recovered_without_ordering_again(mock: Any, client: str, fault: str) -> None:
    mock.queue_fault(fault)
    placed = place(client, sample_request(), base_url=mock.url, timeout=1)
    assert len(mock.orders) == 1
    assert len(issuance_requests(mock)) == 1
    assert placed.path == "recovered"
    assert placed.certificate_no == mock.orders[0].certificateNo
    assert placed.certificate_name == "www-example"
    assert placed.status == "ONGOING" and placed.status_name
    assert placed.order_id is not None and placed.attempts == 1
    assert kinds(placed.steps) == ["send", "lookup"]
    assert placed.steps[0]["outcome"] == "ambiguous"
    # The lookups were signed over their raw request line, as the mock verified.
    assert lookups(mock) and all(r.verdict == "listed" for r in lookups(mock))
    certificate = placed.certificate
    assert certificate is not None and certificate.certificate_no == placed.certificate_no
    assert placed.answer is None


@pytest.mark.parametrize("client", CLIENTS)
def test_an_answered_order_is_accepted(mock: Any, client: str) -> None:
    placed = place(client, sample_request(), base_url=mock.url)
    order = mock.orders[0]
    assert len(mock.orders) == 1 and [r.route for r in mock.requests] == ["issuance"]
    assert (placed.path, placed.certificate_no, placed.attempts) == ("accepted", order.certificateNo, 1)
    answer = placed.answer
    assert answer is not None and answer.paid_certificate.certificate_no == order.certificateNo
    assert placed.certificate is None and placed.chain is None
    # The raw result and the model agree both ways.
    data = placed.to_dict()
    assert data["path"] == "accepted" and data["certificateNo"] == order.certificateNo
    assert ncpcert.PlacedOrder.from_dict(data) == placed


@pytest.mark.parametrize("client", CLIENTS)
def test_throttling_is_resent_without_a_lookup(mock: Any, client: str) -> None:
    mock.queue_fault("throttle")
    placed = place(client, sample_request(), base_url=mock.url)
    assert [(r.route, r.status) for r in mock.requests] == [("issuance", 429), ("issuance", 200)]
    assert len(mock.orders) == 1
    assert (placed.path, placed.attempts) == ("accepted", 2)


@pytest.mark.parametrize("client", CLIENTS)
def test_a_clock_off_by_minutes_is_corrected_from_the_date_header(start_mock: Callable[..., Any], client: str) -> None:
    # NCP's clock is ten minutes behind this host's: the first signature is refused for the
    # clock, the answer's Date header gives the offset, the resend is signed with it.
    mock = start_mock(clock_offset_ms=-10 * 60 * 1000)
    placed = place(client, sample_request(), base_url=mock.url)
    assert [(r.route, r.status) for r in mock.requests] == [("issuance", 401), ("issuance", 200)]
    assert len(mock.orders) == 1 and placed.path == "accepted"
    corrected = [s for s in placed.steps if s["step"] == "clockCorrected"]
    assert len(corrected) == 1 and abs(corrected[0]["offsetMs"] + 600_000) < 5_000


def test_the_csr_may_be_given_as_der_bytes(mock: Any) -> None:
    import base64

    pem = sample_request()["csr"]
    der = base64.b64decode("".join(line for line in pem.splitlines() if not line.startswith("-----")))
    placed = place("requests", {**sample_request(), "csr": der}, base_url=mock.url)
    assert placed.path == "accepted" and len(mock.orders) == 1
    # NCP takes PEM: the DER was sent as the same CSR in PEM.
    sent = mock.orders[0].csr
    assert sent.startswith("-----BEGIN CERTIFICATE REQUEST-----")
    assert base64.b64decode("".join(line for line in sent.splitlines() if not line.startswith("-----"))) == der


# --------------------------------------------------------------------------- failures


@pytest.mark.parametrize("client", CLIENTS)
def test_a_name_taken_on_the_first_attempt_is_refused(mock: Any, client: str) -> None:
    first = place(client, sample_request(), base_url=mock.url)
    before = len(mock.requests)
    other = {**sample_request(), "commonName": "other.example.com", "dnsName": ["other.example.com"]}
    with pytest.raises(ncpcert.OrderError) as info:
        place(client, other, base_url=mock.url)
    error = info.value
    assert error.code == "order.name_taken"
    assert isinstance(error, ncpcert.NcpError)
    assert error.message and error.hint and error.certificate_name == "www-example"
    assert kinds(error.steps) == ["send"]
    assert error.cause is not None and error.cause["type"] == "api"
    # Refused once, nothing resent, nothing bought.
    assert [r.route for r in mock.requests[before:]] == ["issuance"]
    assert len(mock.orders) == 1 and mock.orders[0].certificateNo == first.certificate_no


@pytest.mark.parametrize("client", CLIENTS)
def test_a_lookup_that_keeps_failing_leaves_the_outcome_unknown(mock: Any, client: str) -> None:
    mock.queue_fault("placed-then-504")
    mock.queue_fault("unavailable:10@list")
    with pytest.raises(ncpcert.OrderError) as info:
        place(client, sample_request(), base_url=mock.url)
    error = info.value
    assert error.code == "order.outcome_unknown"
    assert error.hint and error.cause is not None
    assert len(issuance_requests(mock)) == 1
    assert len(mock.orders) == 1  # placed by the one attempt, and never again
    assert lookups(mock) and all(r.status == 503 for r in lookups(mock))


@pytest.mark.parametrize("client", CLIENTS)
def test_a_refused_connection_places_nothing(client: str) -> None:
    url = f"http://127.0.0.1:{free_port()}"
    with pytest.raises(ncpcert.OrderError) as info:
        place(client, sample_request(), base_url=url, retries=1)
    error = info.value
    assert error.code == "order.not_placed"
    assert error.cause is not None and error.cause["type"] == "transport"
    assert error.cause["written"] is False
    sends = [s for s in error.steps if s["step"] == "send"]
    assert len(sends) == 2 and all(s["error"]["written"] is False for s in sends)
    assert "lookup" not in kinds(error.steps)


@pytest.mark.parametrize("client", CLIENTS)
def test_a_request_ncp_refuses_is_refused(mock: Any, client: str) -> None:
    # A secret key that is not the access key's: the gateway refuses every signature.
    with pytest.raises(ncpcert.OrderError) as info:
        place(client, sample_request(), base_url=mock.url, auth=ncpcert.NcpAuth(AK, "x" * 40))
    assert info.value.code == "order.refused"
    assert [(r.route, r.status) for r in mock.requests] == [("issuance", 401)]
    assert mock.orders == []


# --------------------------------------------------------------------------- written or not


def raising(client: str, error: BaseException) -> Any:
    """A session of ``client`` whose issuance request fails with ``error`` before anything
    is sent; lookups go to the mock."""
    if client == "requests":

        class RequestsSession(requests.Session):
            def request(self, method: str, url: Any, *args: Any, **kwargs: Any) -> Any:  # type: ignore[override]
                if method == "POST":
                    raise error
                return super().request(method, url, *args, **kwargs)

        return RequestsSession()
    if client == "httpx":

        class HttpxClient(httpx.Client):
            def request(self, method: str, url: Any, *args: Any, **kwargs: Any) -> Any:  # type: ignore[override]
                if method == "POST":
                    raise error
                return super().request(method, url, *args, **kwargs)

        return HttpxClient()

    class HttpxAsyncClient(httpx.AsyncClient):
        async def request(self, method: str, url: Any, *args: Any, **kwargs: Any) -> Any:  # type: ignore[override]
            if method == "POST":
                raise error
            return await super().request(method, url, *args, **kwargs)

    return HttpxAsyncClient()


def requests_connection_error(reason: Exception) -> requests.ConnectionError:
    """What requests raises when urllib3 gives up on a connection for ``reason``."""
    return requests.ConnectionError(urllib3.exceptions.MaxRetryError(None, "/", reason))  # type: ignore[arg-type]


REQUESTS_FAILURES: list[tuple[str, Callable[[], BaseException], bool]] = [
    ("ConnectTimeout", lambda: requests.exceptions.ConnectTimeout("connect timed out"), False),
    ("refused", lambda: requests_connection_error(urllib3.exceptions.NewConnectionError(None, "refused")), False),  # type: ignore[arg-type]
    ("dns", lambda: requests_connection_error(urllib3.exceptions.NameResolutionError("h", None, OSError())), False),  # type: ignore[arg-type]
    ("ReadTimeout", lambda: requests.exceptions.ReadTimeout("read timed out"), True),
    ("ChunkedEncodingError", lambda: requests.exceptions.ChunkedEncodingError("broken"), True),
    ("reset", lambda: requests.ConnectionError(urllib3.exceptions.ProtocolError("aborted", ConnectionResetError())), True),
    ("closed", lambda: requests_connection_error(urllib3.exceptions.ProtocolError("aborted")), True),
]
HTTPX_FAILURES: list[tuple[str, Callable[[], BaseException], bool]] = [
    ("ConnectError", lambda: httpx.ConnectError("refused"), False),
    ("ConnectTimeout", lambda: httpx.ConnectTimeout("connect timed out"), False),
    ("ReadTimeout", lambda: httpx.ReadTimeout("read timed out"), True),
    ("RemoteProtocolError", lambda: httpx.RemoteProtocolError("closed"), True),
    ("ReadError", lambda: httpx.ReadError("reset"), True),
    ("WriteError", lambda: httpx.WriteError("broken pipe"), True),
]
FAILURES = [
    pytest.param("requests", make, written, id=f"requests-{name}") for name, make, written in REQUESTS_FAILURES
] + [
    pytest.param(client, make, written, id=f"{client}-{name}")
    for client in ("httpx", "httpx-async")
    for name, make, written in HTTPX_FAILURES
]


@pytest.mark.parametrize("client, make, written", FAILURES)
def test_only_a_failure_to_connect_means_nothing_was_written(
    mock: Any, client: str, make: Callable[[], BaseException], written: bool
) -> None:
    with pytest.raises(ncpcert.OrderError) as info:
        place(client, sample_request(), session=raising(client, make()), base_url=mock.url, retries=0)
    first = info.value.steps[0]
    assert first["step"] == "send" and first["error"]["type"] == "transport"
    assert first["error"]["written"] is written
    # What may have been written is looked up before anything else; what was not, is not.
    assert ("lookup" in kinds(info.value.steps)) is written
    assert bool(lookups(mock)) is written
    assert info.value.code == "order.not_placed"  # the mock holds no order by that name
    assert mock.orders == [] and issuance_requests(mock) == []


@pytest.mark.parametrize("client", CLIENTS)
def test_another_exception_is_not_taken_for_an_answer(mock: Any, client: str) -> None:
    # Not the HTTP library's: a bug or an interrupt is raised as it is, not fed to the core.
    with pytest.raises(ZeroDivisionError):
        place(client, sample_request(), session=raising(client, ZeroDivisionError()), base_url=mock.url)
    assert mock.requests == []


# --------------------------------------------------------------------------- the journal


def journal_lines(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


@pytest.mark.parametrize("client", CLIENTS)
def test_a_second_run_with_the_journal_finds_the_order_it_placed(
    mock: Any, client: str, tmp_path: Path
) -> None:
    journal = tmp_path / "state" / "ncpcert" / "journal.jsonl"
    first = place(client, sample_request(), base_url=mock.url, journal=journal)
    second = place(client, sample_request(), base_url=mock.url, journal=str(journal))
    assert len(mock.orders) == 1 and len(issuance_requests(mock)) == 1
    assert (first.path, second.path) == ("accepted", "recovered")
    assert second.certificate_no == first.certificate_no and second.attempts == 0
    assert kinds(second.steps) == ["resume", "lookup"]
    entries = journal_lines(journal)
    assert [(e["event"], e.get("outcome")) for e in entries] == [
        ("attempt", None),
        ("outcome", "accepted"),
        ("outcome", "recovered"),
    ]
    assert {e["certificateNo"] for e in entries[1:]} == {first.certificate_no}
    # Created private: the file 0600, the directories the driver made 0700.
    assert stat.S_IMODE(journal.stat().st_mode) == 0o600
    assert stat.S_IMODE(journal.parent.stat().st_mode) == 0o700
    assert stat.S_IMODE(journal.parent.parent.stat().st_mode) == 0o700
    # Without the journal, nothing says the name's certificate is this request's.
    with pytest.raises(ncpcert.OrderError) as info:
        place(client, sample_request(), base_url=mock.url)
    assert info.value.code == "order.name_taken" and len(mock.orders) == 1


def test_the_attempt_is_on_disk_before_it_is_sent(mock: Any, tmp_path: Path) -> None:
    journal = tmp_path / "journal.jsonl"
    seen: list[list[dict[str, Any]]] = []

    class Recording(requests.Session):
        def request(self, method: str, url: Any, *args: Any, **kwargs: Any) -> Any:  # type: ignore[override]
            seen.append(journal_lines(journal) if journal.exists() else [])
            return super().request(method, url, *args, **kwargs)

    mock.queue_fault("throttle")
    place("requests", sample_request(), session=Recording(), base_url=mock.url, journal=journal)
    # Before each paid attempt: its own entry is the journal's last line.
    assert [[(e["event"], e["attempt"], e.get("outcome")) for e in lines][-1] for lines in seen] == [
        ("attempt", 1, None),
        ("attempt", 2, None),
    ]
    assert [e.get("outcome") for e in journal_lines(journal)] == [None, "not_placed", None, "accepted"]


KILLED_RUN = textwrap.dedent(
    """
    import asyncio, json, sys
    import httpx, requests
    import ncpcert

    client, url, journal, request_file = sys.argv[1:5]
    request = json.loads(open(request_file).read())
    if client == "httpx-async":
        async def run():
            async with httpx.AsyncClient() as session:
                return await ncpcert.place_order_async(request, session=session, base_url=url, journal=journal)
        asyncio.run(run())
    else:
        session = requests.Session() if client == "requests" else httpx.Client()
        ncpcert.place_order(request, session=session, base_url=url, journal=journal)
    """
)


@pytest.mark.parametrize("client", CLIENTS)
def test_a_run_killed_after_sending_is_resumed_with_no_new_order(
    mock: Any, client: str, tmp_path: Path
) -> None:
    journal = tmp_path / "journal.jsonl"
    request_file = tmp_path / "request.json"
    request_file.write_text(json.dumps(sample_request()))
    # The order is placed and its answer stalls; the process is killed while it waits. Its
    # keys come from the environment (auth's default).
    mock.queue_fault("placed-then-stall:30")
    env = {k: v for k, v in os.environ.items() if not k.startswith("NCP_")}
    env.update(NCP_ACCESS_KEY=AK, NCP_SECRET_KEY=SK)
    process = subprocess.Popen(
        [sys.executable, "-c", KILLED_RUN, client, mock.url, str(journal), str(request_file)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    try:
        deadline = time.monotonic() + 30
        while not mock.orders:
            assert process.poll() is None, process.communicate()[1]
            assert time.monotonic() < deadline, "the killed run never sent its order"
            time.sleep(0.02)
    finally:
        process.send_signal(signal.SIGKILL)
        process.communicate()
    assert [e["event"] for e in journal_lines(journal)] == ["attempt"]

    placed = place(client, sample_request(), base_url=mock.url, journal=journal)
    assert len(mock.orders) == 1 and len(issuance_requests(mock)) == 1
    assert placed.path == "recovered" and placed.certificate_no == mock.orders[0].certificateNo
    assert placed.attempts == 0
    assert placed.steps[0] == {"step": "resume", "openAttempt": True}
    assert journal_lines(journal)[-1]["outcome"] == "recovered"


def test_a_journal_that_cannot_be_read_stops_before_anything_is_sent(mock: Any, tmp_path: Path) -> None:
    with pytest.raises(IsADirectoryError):
        place("requests", sample_request(), base_url=mock.url, journal=tmp_path)
    assert mock.requests == []


def test_unreadable_journal_lines_are_skipped(mock: Any, tmp_path: Path) -> None:
    journal = tmp_path / "journal.jsonl"
    journal.write_bytes(b'\xff\xfe not an entry\n{"version":1,"ti\n')
    placed = place("httpx", sample_request(), base_url=mock.url, journal=journal)
    assert placed.path == "accepted" and len(mock.orders) == 1
    assert journal.read_bytes().startswith(b'\xff\xfe not an entry\n{"version":1,"ti\n')


# --------------------------------------------------------------------------- secrets


@pytest.mark.parametrize("client", CLIENTS)
def test_the_secret_key_is_never_shown_or_written(mock: Any, client: str, tmp_path: Path) -> None:
    journal = tmp_path / "journal.jsonl"
    mock.queue_fault("placed-then-504")
    placed = place(client, sample_request(), base_url=mock.url, journal=journal)
    with pytest.raises(ncpcert.OrderError) as info:
        other = {**sample_request(), "commonName": "other.example.com", "dnsName": ["other.example.com"]}
        place(client, other, base_url=mock.url, journal=journal)
    error = info.value
    shown = [
        repr(placed),
        str(placed),
        json.dumps(placed.to_dict()),
        repr(error),
        str(error),
        json.dumps(error.to_dict()),
        repr(pickle.loads(pickle.dumps(error))),
        journal.read_text(encoding="utf-8"),
    ]
    signatures = [r.headers.get("x-ncp-apigw-signature-v2") for r in mock.requests]
    for text in shown:
        assert SK not in text
        assert all(signature not in text for signature in signatures if signature)
    journal_text = journal.read_text(encoding="utf-8")
    assert "BEGIN CERTIFICATE REQUEST" not in journal_text
    assert error.code == "order.name_taken"


def test_an_order_error_pickles_and_keeps_its_fields(mock: Any) -> None:
    mock.queue_fault("placed-then-504")
    mock.queue_fault("unavailable:10@list")
    with pytest.raises(ncpcert.OrderError) as info:
        place("requests", sample_request(), base_url=mock.url)
    error = info.value
    again = pickle.loads(pickle.dumps(error))
    assert type(again) is ncpcert.OrderError
    assert (again.code, again.message, again.hint, again.steps, again.cause, again.certificate_no) == (
        error.code,
        error.message,
        error.hint,
        error.steps,
        error.cause,
        error.certificate_no,
    )
    assert again.to_dict() == error.to_dict() and error.to_dict()["type"] == "order"


# --------------------------------------------------------------------------- arguments


@pytest.mark.parametrize(
    "arguments, error",
    [
        ({"session": object()}, TypeError),
        ({"session": "requests"}, TypeError),
        ({"session": httpx.AsyncClient()}, TypeError),
        ({"auth": "AK:SK"}, TypeError),
        ({"timeout": "30"}, TypeError),
        ({"timeout": 0}, ValueError),
        ({"timeout": float("nan")}, ValueError),
        ({"retries": True}, TypeError),
        ({"retries": 2.0}, TypeError),
        ({"site": 1}, TypeError),
        ({"journal": 7}, TypeError),
    ],
)
def test_bad_arguments_are_refused_before_anything_is_sent(mock: Any, arguments: dict[str, Any], error: type) -> None:
    options: dict[str, Any] = {"session": requests.Session(), "auth": ncpcert.NcpAuth(AK, SK), "base_url": mock.url}
    options.update(arguments)
    with pytest.raises(error):
        ncpcert.place_order(sample_request(), **options)
    assert mock.requests == []


def test_values_the_core_refuses_are_its_errors(mock: Any) -> None:
    auth = ncpcert.NcpAuth(AK, SK)
    with pytest.raises(ncpcert.NcpError) as info:
        ncpcert.place_order(sample_request(), session=requests.Session(), auth=auth, base_url=mock.url, retries=-1)
    assert info.value.code == "argument.invalid"
    with pytest.raises(ncpcert.NcpError) as info:
        ncpcert.place_order(sample_request(), session=requests.Session(), auth=auth, site="moon")
    assert info.value.code == "site.invalid"
    with pytest.raises(ncpcert.ValidationError) as invalid:
        ncpcert.place_order({**sample_request(), "commonName": ""}, session=requests.Session(), auth=auth,
                            base_url=mock.url)
    assert invalid.value.errors
    with pytest.raises(ncpcert.ValidationError):
        ncpcert.place_order({**sample_request(), "extra": {"x": b"bytes"}}, session=requests.Session(), auth=auth)
    with pytest.raises(TypeError):
        ncpcert.place_order(None, session=requests.Session(), auth=auth)  # type: ignore[arg-type]
    assert mock.requests == []


def test_the_async_driver_takes_only_an_async_client(mock: Any) -> None:
    for session in (requests.Session(), httpx.Client()):
        with pytest.raises(TypeError, match="place_order"):
            asyncio.run(ncpcert.place_order_async(sample_request(), session=session, auth=ncpcert.NcpAuth(AK, SK)))
    assert mock.requests == []


def test_without_keys_the_error_says_where_they_were_looked_for(
    mock: Any, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.delenv("NCP_ACCESS_KEY", raising=False)
    monkeypatch.delenv("NCP_SECRET_KEY", raising=False)
    monkeypatch.setenv("HOME", str(tmp_path))
    with pytest.raises(ncpcert.SigningError) as info:
        ncpcert.place_order(sample_request(), session=requests.Session(), base_url=mock.url)
    assert info.value.code == "credentials.missing"
    assert mock.requests == []


def test_the_drivers_load_no_http_library() -> None:
    code = (
        "import sys, ncpcert\n"
        "ncpcert.place_order, ncpcert.place_order_async, ncpcert.PlacedOrder, ncpcert.OrderError\n"
        "print(sorted({'requests', 'httpx', 'urllib3', 'anyio'} & set(sys.modules)))\n"
    )
    out = subprocess.run([sys.executable, "-I", "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"
    assert ncpcert.place_order.__module__ == "ncpcert._order" and ncpcert.place_order.__doc__
    assert {"place_order", "place_order_async", "PlacedOrder", "OrderError"} <= set(ncpcert.__all__)


def test_the_native_driver_refuses_misuse_with_the_cores_errors() -> None:
    from ncpcert import _native
    from ncpcert._api import call

    request = sample_request()
    bad_options: list[Any] = ["nope", [], {"retries": -1}, {"journal": 7}, {"retry": 1}]
    for options in bad_options:
        with pytest.raises(ncpcert.NcpError) as info:
            call(_native.OrderDriver, request, None, options)
        assert info.value.code == "argument.invalid", options
    driver = _native.OrderDriver(request, None, {"baseUrl": "http://127.0.0.1:9", "backoffMs": 0})
    with pytest.raises(ncpcert.NcpError) as info:
        call(driver.receive, 200, b"{}", None, None)  # nothing was sent
    assert info.value.code == "internal.misuse"
    assert [driver.next(0)["action"] for _ in range(2)] == ["journal", "send"]
    with pytest.raises(ncpcert.NcpError) as info:
        call(driver.next, 0)  # the call sent waits for its answer
    assert info.value.code == "internal.misuse"
    with pytest.raises(OverflowError):
        driver.next(-1)
    call(driver.transport_failed, False, "refused")
    while (action := driver.next(0))["action"] != "done":
        if action["action"] == "send":
            call(driver.transport_failed, False, "refused")
    assert action["ok"] is False and action["error"]["code"] == "order.not_placed"
    # A finished workflow keeps answering with its outcome.
    assert driver.next(0) == action
