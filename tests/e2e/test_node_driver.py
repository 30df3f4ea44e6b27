"""End to end, SPEC §12/§14 "Never order twice", for the npm package's fetch client against
the mock NCP."""

from __future__ import annotations

import json
import subprocess
from typing import Any

import pytest

from conftest import ROOT, cli_env
from order_faults import PLACED_THEN_LOST, assert_lookup_iff_ambiguous, orders
from test_e2e import TIMEOUT


@pytest.mark.parametrize("fault", [*PLACED_THEN_LOST, "throttle", "unavailable", None])
def test_readme_loop_with_node_fetch(mock: Any, fault: str | None) -> None:
    if fault:
        mock.queue_fault(fault)
    out = subprocess.run(
        ["node", str(ROOT / "tests/e2e/node_readme_loop.mjs"), mock.url, "1000"],
        env=cli_env(),
        capture_output=True,
        text=True,
        timeout=TIMEOUT,
        check=False,
    )
    assert out.returncode == 0, out.stderr
    result = json.loads(out.stdout)
    assert "error" not in result, result
    assert len(orders(mock)) == 1
    assert result["certificateNo"] == orders(mock)[0].certificateNo
    assert result["certificateName"] == "www-example"
    assert_lookup_iff_ambiguous(mock, fault)
