"""SPEC D1/D5 against Python's ``idna`` package: ``tests/vectors/idna.json`` (written by
``scripts/generate-idna-vectors.py``) records what ``idna.encode(name, uts46=True,
transitional=False)`` gives. For every name given as ``common_name``, the ``domain.unicode``
finding suggests exactly that (nothing where idna refuses, no such finding for an ASCII name),
and ``domain.punycode`` is reported exactly for the names with an ``xn--`` label idna refuses.
The Rust and Node suites run the same file."""

from __future__ import annotations

import re
from typing import Any

import ncpcert
import pytest
from conftest import DATA, VECTORS, load_json

DOC = load_json(VECTORS / "idna.json")
CSR = (DATA / "sample.csr.pem").read_text(encoding="utf-8")
SUGGESTION = re.compile(r"use its A-label `([^`]*)`\.$")


def suggestion(message: str) -> str | None:
    m = SUGGESTION.search(message)
    return m.group(1) if m else None


def findings_for(name: str) -> list[Any]:
    report = ncpcert.validate(
        csr=CSR,
        certificate_type="DV",
        certificate_name="idna-test",
        common_name=name,
        validation_method="D",
    )
    return [f for f in report.findings if f.field == "commonName"]


def test_at_least_300_names_from_the_generator() -> None:
    assert len(DOC["vectors"]) >= 300
    assert "scripts/generate-idna-vectors.py" in DOC["description"]


def test_every_name_as_python_idna_reads_it() -> None:
    failures = []
    for v in DOC["vectors"]:
        mine = findings_for(v["name"])
        unicode = next((f for f in mine if f.code == "domain.unicode"), None)
        punycode = any(f.code == "domain.punycode" for f in mine)
        if v["name"].isascii():
            if unicode is not None:
                failures.append(f"{v['name']!r}: ASCII, but {unicode.message}")
        elif unicode is None:
            failures.append(f"{v['name']!r}: no domain.unicode finding")
        elif suggestion(unicode.message) != v["ascii"]:
            failures.append(f"{v['name']!r}: want {v['ascii']}, got {suggestion(unicode.message)} ({unicode.message})")
        if punycode != bool(v["bad_a_labels"]):
            failures.append(f"{v['name']!r}: domain.punycode {punycode}, bad A-labels {v['bad_a_labels']}")
    assert failures == [], f"{len(failures)} of {len(DOC['vectors'])} names differ from Python idna"


def test_the_vectors_still_match_the_installed_idna_package() -> None:
    # An independent cross-check where the package is installed (it is not a dependency).
    idna = pytest.importorskip("idna")
    for v in DOC["vectors"]:
        if v["name"].startswith("*."):
            continue
        try:
            got: str | None = idna.encode(v["name"], uts46=True, transitional=False).decode("ascii")
        except (idna.IDNAError, UnicodeError):
            got = None
        assert got == v["ascii"], v["name"]


@pytest.mark.parametrize(
    ("name", "want"),
    [
        ("ｅｘａｍｐｌｅ．ｃｏｍ", "example.com"),
        ("a\u0301.com", "xn--1ca.com"),
        ("네이버.com", "xn--950bt9s8xi.com"),
        ("☃.com", None),
    ],
)
def test_the_cases_spec_d1_names(name: str, want: str | None) -> None:
    unicode = next(f for f in findings_for(name) if f.code == "domain.unicode")
    assert suggestion(unicode.message) == want


def test_a_label_of_a_disallowed_code_point_is_refused() -> None:
    punycode = next(f for f in findings_for("xn--n3h.com") if f.code == "domain.punycode")
    assert "U+2603" in punycode.message
