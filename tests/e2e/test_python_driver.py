"""End to end, SPEC §12/§14 "Never order twice", for the Python package against the mock NCP."""

from __future__ import annotations

import socket
from typing import Any

import httpx
import pytest

import ncpcert

from conftest import ACCESS_KEY, ROOT, SECRET_KEY, readme_snippet
from order_faults import PLACED_THEN_LOST, assert_lookup_iff_ambiguous, issuance_requests, orders
from test_e2e import REQUEST

PYTHON_README = ROOT / "bindings-python/README.md"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


# -- the README retry loops ------------------------------------------------------------------


def readme_loop(marker: str) -> dict[str, Any]:
    namespace: dict[str, Any] = {}
    exec(compile(readme_snippet(PYTHON_README, marker), f"README:{marker}", "exec"), namespace)
    return namespace


@pytest.mark.parametrize("fault", [*PLACED_THEN_LOST, "throttle", "unavailable", None])
def test_readme_loop_with_requests(mock: Any, fault: str | None) -> None:
    if fault:
        mock.queue_fault(fault)
    loop = readme_loop("retry-loop-requests")
    auth = ncpcert.NcpAuth(ACCESS_KEY, SECRET_KEY)
    certificate = loop["order_certificate"](REQUEST, auth, base_url=mock.url, timeout=1)
    assert len(orders(mock)) == 1
    assert certificate.certificate_no == orders(mock)[0].certificateNo
    assert certificate.certificate_name == "www-example"
    assert_lookup_iff_ambiguous(mock, fault)


@pytest.mark.parametrize("fault", [*PLACED_THEN_LOST, "throttle", "unavailable", None])
def test_readme_loop_with_httpx(mock: Any, fault: str | None) -> None:
    if fault:
        mock.queue_fault(fault)
    loop = readme_loop("retry-loop-httpx")
    with httpx.Client(auth=ncpcert.NcpAuth(ACCESS_KEY, SECRET_KEY), timeout=1) as client:
        certificate = loop["order_certificate"](client, REQUEST, base_url=mock.url)
    assert len(orders(mock)) == 1
    assert certificate.certificate_no == orders(mock)[0].certificateNo
    assert_lookup_iff_ambiguous(mock, fault)


def test_readme_loops_stop_when_the_lookup_fails(mock: Any) -> None:
    mock.queue_fault("placed-then-504")
    mock.queue_fault("unavailable:10@list")
    loop = readme_loop("retry-loop-requests")
    with pytest.raises(ncpcert.ApiError) as info:
        loop["order_certificate"](REQUEST, ncpcert.NcpAuth(ACCESS_KEY, SECRET_KEY), base_url=mock.url)
    assert info.value.ambiguous
    assert len(issuance_requests(mock)) == 1
    assert len(orders(mock)) == 1


def test_readme_loop_connection_refused_is_resendable() -> None:
    loop = readme_loop("retry-loop-requests")
    url = f"http://127.0.0.1:{free_port()}"
    import requests

    with pytest.raises(requests.ConnectionError) as info:
        loop["order_certificate"](REQUEST, ncpcert.NcpAuth(ACCESS_KEY, SECRET_KEY), base_url=url, attempts=1)
    assert loop["nothing_was_sent"](info.value)


