"""Shared paths, data loaders and independent reference helpers for the ncpcert Python suite.

Expected values come from the vector files under ``tests/`` at the repository root and from
the stdlib (``hmac``, ``hashlib``, ``base64``), never from the package under test.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import importlib.util
import json
import os
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, settings

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[1]
VECTORS = REPO / "tests" / "vectors"
DATA = REPO / "tests" / "data"
MOCK_DIR = REPO / "tests" / "mock_ncp"
# The keys the mock NCP knows (SPEC §3's reference keys).
MOCK_KEYS: dict[str, str] = json.loads((MOCK_DIR / "keys.example.json").read_text())

# Random, but never writes a database into the work tree; no deadline (shared, noisy CI).
settings.register_profile(
    "ncpcert",
    max_examples=int(os.environ.get("NCPCERT_HYPOTHESIS_EXAMPLES", "300")),
    deadline=None,
    database=None,
    print_blob=True,
    suppress_health_check=[HealthCheck.too_slow],
)
settings.load_profile("ncpcert")


def load_json(path: Path) -> Any:
    return json.loads(path.read_text(encoding="utf-8"))


def vectors(name: str) -> list[dict[str, Any]]:
    data = load_json(VECTORS / name)
    items = data["vectors"]
    assert items, f"{name} holds no vectors"
    return list(items)


def reference_signature(method: str, target: str, timestamp: str | int, access_key: str, secret_key: str) -> str:
    """SPEC §3 with the stdlib only."""
    message = f"{method} {target}\n{timestamp}\n{access_key}".encode()
    digest = hmac.new(secret_key.encode(), message, hashlib.sha256).digest()
    return base64.b64encode(digest).decode("ascii")


def pytest_report_header(config: pytest.Config) -> list[str]:
    import ncpcert
    import ncpcert._native as native

    return [f"ncpcert {ncpcert.__version__} from {Path(ncpcert.__file__).parent} (native: {Path(native.__file__).name})"]


def sample_request() -> dict[str, Any]:
    """A valid DV request for the bundled sample CSR, with the API's JSON names."""
    return {
        "csr": (DATA / "sample.csr.pem").read_text(),
        "certificateType": "NCP_PAID_DV_01",
        "certificateName": "www-example",
        "commonName": "www.example.com",
        "dnsName": ["www.example.com", "example.com"],
        "validationMethod": "D",
    }


def load_mock() -> Any:
    """``tests/mock_ncp/server.py`` as a module (its README's way: registered before it runs,
    its dataclasses look it up)."""
    name = "mock_ncp_server"
    if name in sys.modules:
        return sys.modules[name]
    spec = importlib.util.spec_from_file_location(name, MOCK_DIR / "server.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


@pytest.fixture
def start_mock() -> Iterator[Callable[..., Any]]:
    """Starts mock NCP servers with the given options; each is stopped after the test."""
    server = load_mock()
    started: list[Any] = []

    def start(**options: Any) -> Any:
        mock = server.start(MOCK_KEYS, **options)
        started.append(mock)
        return mock

    yield start
    for mock in started:
        mock.stop()


@pytest.fixture
def mock(start_mock: Callable[..., Any]) -> Any:
    """The mock NCP with its defaults."""
    return start_mock()
