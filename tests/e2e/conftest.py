"""Fixtures of the end-to-end tests: the mock NCP server and the built CLI."""

from __future__ import annotations

import json
import os
import pathlib
import subprocess
import sys
from collections.abc import Iterator

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "tests" / "mock_ncp"))

import server as mock_ncp  # noqa: E402  (tests/mock_ncp/server.py, stdlib only)

KEYS = json.loads((ROOT / "tests/mock_ncp/keys.example.json").read_text())
ACCESS_KEY, SECRET_KEY = next(iter(KEYS.items()))


@pytest.fixture()
def mock() -> Iterator[mock_ncp.MockNcp]:
    """The mock as NCP behaves: certificate names unique per account."""
    server = mock_ncp.start(KEYS)
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture()
def mock_any_names() -> Iterator[mock_ncp.MockNcp]:
    """The mock taking the same certificate name again, for tests that order many times."""
    server = mock_ncp.start(KEYS, unique_names=False)
    try:
        yield server
    finally:
        server.stop()


def readme_snippet(path: pathlib.Path, marker: str) -> str:
    """The code block that follows `<!-- e2e: MARKER -->` in a README: the tests run the
    README's own code, so it cannot drift from what is tested."""
    text = path.read_text(encoding="utf-8")
    tag = f"<!-- e2e: {marker} -->"
    start = text.index(tag) + len(tag)
    fence = text.index("```", start)
    body_start = text.index("\n", fence) + 1
    return text[body_start : text.index("\n```", body_start) + 1]


@pytest.fixture(scope="session")
def cli() -> pathlib.Path:
    """The `ncpcert` binary, built once (release) by the test command before the suites."""
    path = ROOT / "target" / "release" / "ncpcert"
    if not path.exists():
        subprocess.run(["cargo", "build", "--quiet", "--release", "-p", "ncpcert-cli"], cwd=ROOT, check=True)
    return path


def cli_env(secret: str = SECRET_KEY) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("NCP_")}
    env.update(NCP_ACCESS_KEY=ACCESS_KEY, NCP_SECRET_KEY=secret, HOME=str(ROOT / "target" / "e2e-home"))
    return env
