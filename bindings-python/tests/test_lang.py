"""Messages in Korean: the same codes as in English, every message in Korean (Hangul, no
template left unrendered), over a request with many findings, the CSR corpora and the hostile
catalogue's validate / prepare / inspect_csr cases."""

from __future__ import annotations

import re
from typing import Any

import ncpcert
import pytest
from conftest import DATA, REPO

HANGUL = re.compile("[\uac00-\ud7a3]")
PLACEHOLDER = re.compile(r"(?<!\\u)\{[a-z_]+\}|\[\[|\]\]")


def korean(message: str) -> bool:
    return bool(HANGUL.search(message)) and not PLACEHOLDER.search(message)


def many_findings_request() -> dict[str, Any]:
    return {
        "certificateType": "XV",
        "certificateName": "1 bad name",
        "commonName": "한국.kr",
        "dnsName": ["a_b.example.com", "-x.example.com", "10.0.0.1", "printer.local", "*.co.kr",
                    "co.kr", "a..b.com", "x.arpa", "xn--zz.example.com", "*.github.io",
                    "www.example.com.", "https://example.com/x", "www.example.com", "www.example.com"],
        "validationMethod": "E",
        "organizationNo": -3,
        "csr": (DATA / "sample.csr.pem").read_text(),
        "dns_name": [],
    }


def test_a_request_with_many_findings_speaks_korean() -> None:
    en = ncpcert.validate(many_findings_request())
    ko = ncpcert.validate(many_findings_request(), lang="ko")
    assert len(en.findings) >= 15
    assert [(f.code, f.field, f.severity) for f in ko.findings] == [(f.code, f.field, f.severity) for f in en.findings]
    for f in ko.findings:
        assert korean(f.message), (f.code, f.message)
    assert en.findings[0].message != ko.findings[0].message
    assert ncpcert.validate(many_findings_request(), lang="en") == en


def test_prepare_raises_in_korean() -> None:
    with pytest.raises(ncpcert.ValidationError) as en:
        ncpcert.prepare(many_findings_request())
    with pytest.raises(ncpcert.ValidationError) as ko:
        ncpcert.prepare(many_findings_request(), lang="ko")
    assert ko.value.code == en.value.code == "request.invalid"
    assert korean(str(ko.value)), str(ko.value)
    assert [f.code for f in ko.value.findings] == [f.code for f in en.value.findings]
    assert all(korean(f.message) for f in ko.value.findings)
    with pytest.raises(ncpcert.NcpError) as site:
        ncpcert.prepare(many_findings_request(), site="mars", lang="ko")
    assert site.value.code == "site.invalid" and korean(site.value.message)


def test_an_unknown_language_is_refused() -> None:
    with pytest.raises(ncpcert.NcpError) as e:
        ncpcert.validate(many_findings_request(), lang="fr")
    assert e.value.code == "argument.invalid"


CSR_FILES = sorted(p for d in ("own", "pyca-csr", "hostile") for p in (DATA / d).glob("*")
                   if p.is_file() and p.suffix not in (".json", ".md"))


@pytest.mark.parametrize("path", CSR_FILES, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_the_csr_corpora_speak_korean(path: Any) -> None:
    data = path.read_bytes()
    try:
        en = ncpcert.inspect_csr(data)
    except ncpcert.CsrError as e:
        with pytest.raises(ncpcert.CsrError) as ko:
            ncpcert.inspect_csr(data, lang="ko")
        assert ko.value.code == e.code
        assert korean(ko.value.message), ko.value.message
        return
    ko = ncpcert.inspect_csr(data, lang="ko")
    assert [f.code for f in ko.findings] == [f.code for f in en.findings]
    for f in ko.findings:
        assert korean(f.message), (f.code, f.message)


def hostile_cases() -> list[dict[str, Any]]:
    import json

    cases = json.loads((REPO / "tests" / "vectors" / "hostile.json").read_text())["cases"]
    return [
        c for c in cases
        if c["call"] in ("validate", "prepare", "inspect_csr")
        and c.get("language_expect", {}).get("python", {}).get("kind") != "type_error"
    ]


@pytest.mark.parametrize("case", hostile_cases(), ids=lambda c: c["id"])
def test_the_hostile_catalogue_speaks_korean(case: dict[str, Any]) -> None:
    from test_hostile import build_call

    def outcome(lang: str) -> tuple[str, list[tuple[str, str]], str | None]:
        call = build_call(case)
        # build_call makes the English call; the same call is made again with lang.
        closure = dict(zip(call.__code__.co_freevars, (c.cell_contents for c in call.__closure__ or ())))
        try:
            if case["call"] == "validate":
                r = ncpcert.validate(closure["request"], strict=closure["strict"], lang=lang)
                return "ok", [(f.code, f.message) for f in r.findings], None
            if case["call"] == "prepare":
                ncpcert.prepare(closure["request"], **closure["options"], lang=lang)
                return "ok", [], None
            r = ncpcert.inspect_csr(closure["data"], lang=lang)
            return "ok", [(f.code, f.message) for f in r.findings], None
        except ncpcert.NcpError as e:
            findings = [(f.code, f.message) for f in getattr(e, "findings", ()) or ()]
            return e.code, findings, e.message

    en, ko = outcome("en"), outcome("ko")
    assert ko[0] == en[0]
    assert [c for c, _ in ko[1]] == [c for c, _ in en[1]]
    for code, message in ko[1]:
        assert korean(message), (code, message)
    if ko[2] is not None:
        assert korean(ko[2]), ko[2]
