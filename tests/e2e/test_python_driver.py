"""End to end, SPEC §12/§14 "Never order twice", for the Python package against the mock NCP:
the README's own `place_order` snippets (requests, httpx, httpx async), run as written."""

from __future__ import annotations

import asyncio
import socket
from pathlib import Path
from typing import Any

import pytest

import ncpcert

from conftest import ACCESS_KEY, ROOT, SECRET_KEY, readme_snippet
from order_faults import PLACED_THEN_LOST, assert_lookup_iff_ambiguous, issuance_requests, orders
from test_e2e import REQUEST

PYTHON_README = ROOT / "bindings-python/README.md"
# The faults each README snippet runs under: the order placed and its answer lost, refusals
# before NCP acted, and none.
FAULTS = [*PLACED_THEN_LOST, "throttle", "unavailable", None]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def readme_code(marker: str) -> dict[str, Any]:
    namespace: dict[str, Any] = {"__name__": "readme"}
    exec(compile(readme_snippet(PYTHON_README, marker), f"README:{marker}", "exec"), namespace)
    return namespace


# Each README snippet's function, by client.
SNIPPETS = {
    "requests": ("place-order-requests", "order_certificate"),
    "httpx": ("place-order-httpx", "order_certificate_httpx"),
    "httpx-async": ("place-order-httpx", "order_certificate_async"),
}


def readme_order(client: str, request: dict[str, Any] = REQUEST, **options: Any) -> ncpcert.PlacedOrder:
    """Orders with the README's snippet for `client`, exactly as written there."""
    marker, name = SNIPPETS[client]
    result = readme_code(marker)[name](request, **options)
    return asyncio.run(result) if client == "httpx-async" else result  # type: ignore[no-any-return]


def auth() -> ncpcert.NcpAuth:
    return ncpcert.NcpAuth(ACCESS_KEY, SECRET_KEY)


@pytest.mark.parametrize("fault", FAULTS)
@pytest.mark.parametrize("client", SNIPPETS)
def test_readme_order_places_exactly_one_order(mock: Any, client: str, fault: str | None) -> None:
    if fault:
        mock.queue_fault(fault)
    placed = readme_order(client, auth=auth(), base_url=mock.url, timeout=1)
    assert len(orders(mock)) == 1
    assert placed.certificate_no == orders(mock)[0].certificateNo
    assert placed.certificate_name == "www-example"
    assert placed.path == ("recovered" if fault in PLACED_THEN_LOST else "accepted")
    assert_lookup_iff_ambiguous(mock, fault)
    # Resent only after NCP refused before acting (throttle), or a 503 left the outcome open
    # and the lookup found nothing.
    assert len(issuance_requests(mock)) == (2 if fault in ("throttle", "unavailable") else 1)


@pytest.mark.parametrize("client", SNIPPETS)
def test_readme_order_with_a_journal_resumes_without_a_new_order(
    mock: Any, client: str, tmp_path: Path
) -> None:
    journal = tmp_path / "journal.jsonl"
    mock.queue_fault("placed-then-504")
    first = readme_order(client, auth=auth(), base_url=mock.url, journal=journal)
    again = readme_order(client, auth=auth(), base_url=mock.url, journal=journal)
    assert len(orders(mock)) == 1 and len(issuance_requests(mock)) == 1
    assert (first.path, again.path) == ("recovered", "recovered")
    assert again.certificate_no == first.certificate_no == orders(mock)[0].certificateNo


@pytest.mark.parametrize("client", SNIPPETS)
def test_readme_order_stops_when_the_lookup_fails(mock: Any, client: str, capsys: pytest.CaptureFixture[str]) -> None:
    mock.queue_fault("placed-then-504")
    mock.queue_fault("unavailable:10@list")
    with pytest.raises(ncpcert.OrderError) as info:
        readme_order(client, auth=auth(), base_url=mock.url)
    assert info.value.code == "order.outcome_unknown"
    assert len(issuance_requests(mock)) == 1
    assert len(orders(mock)) == 1
    if client == "requests":  # the README's requests snippet says what happened on stderr
        assert "order.outcome_unknown" in capsys.readouterr().err


@pytest.mark.parametrize("client", SNIPPETS)
def test_readme_order_name_taken(mock: Any, client: str) -> None:
    readme_order(client, auth=auth(), base_url=mock.url)
    other = {**REQUEST, "commonName": "other.example.com", "dnsName": ["other.example.com"]}
    with pytest.raises(ncpcert.OrderError) as info:
        readme_order(client, other, auth=auth(), base_url=mock.url)
    assert info.value.code == "order.name_taken"
    assert len(orders(mock)) == 1


@pytest.mark.parametrize("client", SNIPPETS)
def test_readme_order_connection_refused_is_not_placed(client: str) -> None:
    url = f"http://127.0.0.1:{free_port()}"
    with pytest.raises(ncpcert.OrderError) as info:
        readme_order(client, auth=auth(), base_url=url)
    assert info.value.code == "order.not_placed"
    assert info.value.cause is not None and info.value.cause["written"] is False
