"""``typed_usage.py`` (checked by ``mypy --strict`` in run.sh) also runs, and uses every public name."""

from __future__ import annotations

import re

import ncpcert
import typed_usage
from conftest import DATA, HERE


def test_typed_usage_runs() -> None:
    typed_usage.main()


def test_typed_usage_uses_every_public_name() -> None:
    source = (HERE / "typed_usage.py").read_text()
    used = set(re.findall(r"[A-Za-z_][A-Za-z0-9_]*", source))
    missing = [name for name in ncpcert.__all__ if name not in used]
    assert not missing


def test_typed_usage_csr_is_the_sample() -> None:
    assert typed_usage.CSR_PEM == (DATA / "sample.csr.pem").read_text()


def test_package_is_typed() -> None:
    from pathlib import Path

    package = Path(ncpcert.__file__).parent
    assert (package / "py.typed").is_file()
    assert (package / "_native.pyi").is_file()
