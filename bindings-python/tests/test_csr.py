"""SPEC §5.3: ``inspect_csr`` over both CSR corpora (own and pyca/cryptography's), as bytes and,
for PEM files, as text; the manifests give the exact code set and verdict."""

from __future__ import annotations

import base64
import hashlib
from pathlib import Path
from typing import Any

import ncpcert
import pytest
from conftest import DATA, load_json

CORPORA = ["own", "pyca-csr"]


def manifest_entries() -> list[tuple[str, dict[str, Any]]]:
    out = []
    for corpus in CORPORA:
        for entry in load_json(DATA / corpus / "manifest.json")["files"]:
            out.append((corpus, entry))
    return out


ENTRIES = manifest_entries()


def entry_id(item: tuple[str, dict[str, Any]]) -> str:
    return f"{item[0]}/{item[1]['file']}"


def outcome(data: str | bytes) -> tuple[set[str], str, ncpcert.CsrReport | None]:
    """(codes, verdict, report) — a raised CsrError's code counts as the only code."""
    try:
        report = ncpcert.inspect_csr(data)
    except ncpcert.CsrError as e:
        assert isinstance(e, ValueError) and isinstance(e, ncpcert.NcpError)
        assert e.code and e.message and e.field
        return {e.code}, "reject", None
    codes = [f.code for f in report.findings]
    severities = {f.severity for f in report.findings}
    verdict = "reject" if "error" in severities else "warning" if severities else "accept"
    assert report.valid is (verdict != "reject")
    return set(codes), verdict, report


def test_manifests_list_exactly_the_corpus_files() -> None:
    for corpus in CORPORA:
        listed = {e["file"] for e in load_json(DATA / corpus / "manifest.json")["files"]}
        present = {p.name for p in (DATA / corpus).iterdir() if p.suffix in (".pem", ".der")}
        assert listed == present, corpus


@pytest.mark.parametrize("item", ENTRIES, ids=entry_id)
def test_corpus_file(item: tuple[str, dict[str, Any]]) -> None:
    corpus, entry = item
    path: Path = DATA / corpus / entry["file"]
    raw = path.read_bytes()
    want_codes = set(entry["expect"]["codes"])
    want_verdict = entry["expect"]["verdict"]

    inputs: list[str | bytes] = [raw, bytearray(raw)]  # type: ignore[list-item]
    if path.suffix == ".pem":
        inputs.append(raw.decode("utf-8"))
    for data in inputs:
        codes, verdict, report = outcome(data)
        assert codes == want_codes, (type(data).__name__, codes)
        assert verdict == want_verdict, (type(data).__name__, verdict)
        if report is not None:
            check_report(report, entry)


def check_report(report: ncpcert.CsrReport, entry: dict[str, Any]) -> None:
    for f in report.findings:
        assert f.severity in ("error", "warning") and f.message and f.field
    # What was read is self-consistent with the canonical PEM (checked with the stdlib).
    pem = report.canonical_pem
    lines = pem.split("\n")
    assert lines[0] == "-----BEGIN CERTIFICATE REQUEST-----"
    assert lines[-2:] == ["-----END CERTIFICATE REQUEST-----", ""]
    body = lines[1:-2]
    assert all(len(line) == 64 for line in body[:-1]) and 0 < len(body[-1]) <= 64
    der = base64.b64decode("".join(body), validate=True)
    fingerprint = report.fingerprint_sha256.replace(":", "").lower()
    assert fingerprint == hashlib.sha256(der).hexdigest()
    # OpenSSL's opinion of the signature, where both had one.
    if entry["signature_valid"] is not None and report.signature_valid is not None:
        assert report.signature_valid is entry["signature_valid"]
    assert report.key.algorithm
    assert report.signature_algorithm


def test_rsa_2048_details() -> None:
    report = ncpcert.inspect_csr((DATA / "own" / "rsa-2048.pem").read_text())
    assert report.subject.common_name == "www.example.com"
    assert report.subject.country == "KR"
    assert report.subject.organization == "Example"
    assert report.dns_names == ["www.example.com", "example.com"]
    assert report.has_san_extension is True
    assert report.key.bits == 2048 and report.key.rsa_exponent == 65537 and report.key.curve is None
    assert report.signature_valid is True
    assert report.findings == ()
    # PEM, DER, CRLF, one-line and legacy-label forms of one CSR read the same.
    der = (DATA / "own" / "rsa-2048.der").read_bytes()
    assert ncpcert.inspect_csr(der).canonical_pem == report.canonical_pem
    for name in ("crlf.pem", "one-line.pem", "legacy-label.pem", "text-and-indent.pem"):
        assert ncpcert.inspect_csr((DATA / "own" / name).read_bytes()).canonical_pem == report.canonical_pem, name


def test_ec_p256_details() -> None:
    report = ncpcert.inspect_csr((DATA / "own" / "ec-p256.pem").read_bytes())
    assert report.key.curve is not None and "256" in report.key.curve
    assert report.key.rsa_exponent is None


def test_private_key_is_never_echoed() -> None:
    raw = (DATA / "own" / "bundle-with-key.pem").read_text()
    key_lines = raw[raw.index("-----BEGIN PRIVATE KEY-----") :].splitlines()[1:-1]
    with pytest.raises(ncpcert.CsrError) as info:
        ncpcert.inspect_csr(raw)
    assert info.value.code == "csr.private_key"
    text = repr(info.value) + str(info.value) + repr(info.value.__dict__)
    for line in key_lines:
        assert line not in text


@pytest.mark.parametrize(
    "data, code",
    [
        (b"", "csr.malformed"),
        ("", "csr.malformed"),
        (b"\x30\x00", "csr.malformed"),
        (b"\x30" + b"\x84\xff\xff\xff\xff", "csr.malformed"),
        ("-----BEGIN CERTIFICATE REQUEST-----\n!!!\n-----END CERTIFICATE REQUEST-----\n", "csr.malformed"),
        (b"A" * (64 * 1024 + 1), "csr.too_large"),
        ("\ud800", "csr.malformed"),
        ("-----BEGIN CERTIFICATE REQUEST-----\n\ud800\n-----END CERTIFICATE REQUEST-----\n", "csr.malformed"),
    ],
    ids=["empty-bytes", "empty-text", "empty-sequence", "huge-length", "bad-base64", "too-large", "surrogate",
         "surrogate-in-pem"],
)
def test_unreadable_input(data: str | bytes, code: str) -> None:
    with pytest.raises(ncpcert.CsrError) as info:
        ncpcert.inspect_csr(data)
    assert info.value.code == code
    assert "CSR" in str(info.value) or "csr" in str(info.value)


@pytest.mark.parametrize("data", [None, 5, ["x"], {"csr": "x"}, 1.5])
def test_wrong_type(data: Any) -> None:
    with pytest.raises(TypeError, match="data"):
        ncpcert.inspect_csr(data)
