"""What the order tests share: the faults of the mock NCP that place the order and then lose
the answer, and views of what the mock received."""

from __future__ import annotations

from typing import Any

# Each places the order, then the client gets no usable answer. The stall outlasts the
# clients' 1-second timeout.
PLACED_THEN_LOST = ["placed-then-504", "placed-then-close", "placed-then-stall:4"]


def orders(mock: Any) -> list[Any]:
    return list(mock.orders)


def issuance_requests(mock: Any) -> list[Any]:
    return [r for r in mock.requests if r.method == "POST"]


def lookups(mock: Any) -> list[Any]:
    return [r for r in mock.requests if r.method == "GET"]


def assert_lookups_were_verified(mock: Any) -> None:
    """The mock checked each lookup's signature against its raw request line."""
    assert lookups(mock), "no lookup was sent"
    for r in lookups(mock):
        assert r.target.startswith("/api/v2/certificate/getPaidCertificates?certificateName=www-example")
        assert r.verdict == "listed", r.verdict


def assert_lookup_iff_ambiguous(mock: Any, fault: str | None) -> None:
    """A client looks the name up after an ambiguous failure (and only then), with lookups the
    mock verified against their raw request lines."""
    if fault in (*PLACED_THEN_LOST, "unavailable"):
        assert_lookups_were_verified(mock)
    else:
        assert lookups(mock) == []
