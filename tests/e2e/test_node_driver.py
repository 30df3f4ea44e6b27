"""End to end, SPEC §12/§14 "Never order twice", for the npm package's driver (placeOrder over
Node's fetch, as the README calls it) against the mock NCP."""

from __future__ import annotations

import json
import subprocess
from typing import Any

import pytest

from conftest import ROOT, cli_env
from order_faults import (
    PLACED_THEN_LOST,
    assert_lookup_iff_ambiguous,
    assert_lookups_were_verified,
    issuance_requests,
    orders,
)
from test_e2e import TIMEOUT


def run_readme_order(url: str, timeout_ms: int = 1000, names: list[str] | None = None) -> dict[str, Any]:
    """The README's order of the sample request (or of the same certificate name for `names`:
    the common name, then the dnsName entries)."""
    args = [url, str(timeout_ms)] + ([",".join(names)] if names else [])
    out = subprocess.run(
        ["node", str(ROOT / "tests/e2e/node_readme_loop.mjs"), *args],
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


def test_readme_place_order_same_request_again_is_found(mock: Any) -> None:
    first = run_readme_order(mock.url)
    assert first["path"] == "accepted", first
    # The same request again: NCP refuses the name. fetch may send a POST twice by itself, so
    # placeOrder has the name looked up; the certificate found holds this request's names and
    # type (and is not issued yet): taken as this request's order, nothing bought again.
    again = run_readme_order(mock.url)
    assert again["path"] == "recovered", again
    assert again["certificateNo"] == first["certificateNo"]
    assert len(orders(mock)) == 1
    assert len(issuance_requests(mock)) == 2
    assert_lookups_were_verified(mock)


def test_readme_place_order_name_taken(mock: Any) -> None:
    first = run_readme_order(mock.url, names=["example.com", "example.com"])
    assert first["path"] == "accepted", first
    # The sample request under the same certificate name: the name is an earlier certificate's
    # (other names), found by the lookup.
    again = run_readme_order(mock.url)
    assert again["name"] == "NcpOrderError", again
    assert again["code"] == "order.name_taken"
    assert len(orders(mock)) == 1
    assert len(issuance_requests(mock)) == 2
    assert_lookups_were_verified(mock)
