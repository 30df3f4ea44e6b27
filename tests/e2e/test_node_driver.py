"""End to end, SPEC §12/§14 "Never order twice", for the npm package's driver (placeOrder over
Node's fetch, as the README calls it) against the mock NCP."""

from __future__ import annotations

import json
import subprocess
from typing import Any

import pytest

from conftest import ROOT, cli_env
from order_faults import PLACED_THEN_LOST, assert_lookup_iff_ambiguous, issuance_requests, orders
from test_e2e import TIMEOUT


def run_readme_order(url: str, timeout_ms: int = 1000) -> dict[str, Any]:
    out = subprocess.run(
        ["node", str(ROOT / "tests/e2e/node_readme_loop.mjs"), url, str(timeout_ms)],
        env=cli_env(),
        capture_output=True,
        text=True,
        timeout=TIMEOUT,
        check=False,
    )
    assert out.returncode == 0, out.stderr
    result: dict[str, Any] = json.loads(out.stdout.strip().splitlines()[-1])
    return result


@pytest.mark.parametrize("fault", [*PLACED_THEN_LOST, "throttle", "unavailable", None])
def test_readme_place_order_with_node_fetch(mock: Any, fault: str | None) -> None:
    if fault:
        mock.queue_fault(fault)
    result = run_readme_order(mock.url)
    assert "error" not in result, result
    assert len(orders(mock)) == 1
    assert result["certificateNo"] == orders(mock)[0].certificateNo
    assert result["certificateName"] == "www-example"
    # The answer of the attempt that placed the order was lost: found by the lookup.
    assert result["path"] == ("recovered" if fault in PLACED_THEN_LOST else "accepted")
    assert_lookup_iff_ambiguous(mock, fault)


def test_readme_place_order_stops_when_the_lookup_fails(mock: Any) -> None:
    mock.queue_fault("placed-then-504")
    mock.queue_fault("unavailable:10@list")
    result = run_readme_order(mock.url)
    assert result["name"] == "NcpOrderError", result
    assert result["code"] == "order.outcome_unknown"
    assert len(issuance_requests(mock)) == 1
    assert len(orders(mock)) == 1


def test_readme_place_order_name_taken(mock: Any) -> None:
    first = run_readme_order(mock.url)
    assert first["path"] == "accepted", first
    # The same request again: the name is the first order's, and nothing says this run placed it.
    again = run_readme_order(mock.url)
    assert again["name"] == "NcpOrderError", again
    assert again["code"] == "order.name_taken"
    assert len(orders(mock)) == 1
    assert len(issuance_requests(mock)) == 2
