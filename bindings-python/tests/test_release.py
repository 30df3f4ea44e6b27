"""Keys from the environment like the CLI (``Signer.from_env``, ``NcpAuth.from_env``) against
the fixtures the CLI's and the npm package's tests read (``tests/data/credentials``); what
importing ncpcert costs (SPEC §9: nothing a first ``sign`` does not need); the version from
the package metadata; the report ``to_dict`` shapes."""

from __future__ import annotations

import importlib.metadata
import json
import pickle
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

import ncpcert
import ncpcert._native as native

from conftest import DATA, load_json

CREDENTIALS = DATA / "credentials"
CASES = load_json(CREDENTIALS / "cases.json")
SECRETS: list[str] = CASES["secrets"]
REQUEST = CASES["request"]


def no_secret_in(*texts: str) -> None:
    for text in texts:
        for secret in SECRETS:
            assert secret not in text, f"a secret key shows in {text!r}"


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.delenv("NCP_ACCESS_KEY", raising=False)
    monkeypatch.delenv("NCP_SECRET_KEY", raising=False)
    return tmp_path


@pytest.mark.parametrize("case", CASES["cases"], ids=[c["name"] for c in CASES["cases"]])
@pytest.mark.parametrize("cls", [ncpcert.Signer, ncpcert.NcpAuth])
def test_from_env_finds_keys_as_the_cli_does(
    case: dict[str, Any], cls: type[Any], home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    if case["home"] is not None:
        (home / ".ncloud").mkdir()
        shutil.copy(CREDENTIALS / case["home"], home / ".ncloud" / "configure")
    for name, value in case["env"].items():
        monkeypatch.setenv(name, value)
    if "signature" in case:
        made = cls.from_env(clock=lambda: REQUEST["timestampMs"])
        signer = made if isinstance(made, ncpcert.Signer) else made.signer
        assert signer.access_key == case["accessKey"]
        headers = signer.headers(REQUEST["method"], REQUEST["path"])
        assert headers["x-ncp-apigw-signature-v2"] == case["signature"]
        no_secret_in(repr(made), str(made), repr(signer), json.dumps(headers))
    else:
        with pytest.raises(ncpcert.SigningError) as info:
            cls.from_env()
        error = info.value
        assert error.code == case["error"]
        assert isinstance(error, ValueError)
        for words in case["messageContains"]:
            assert words in str(error), (str(error), words)
        no_secret_in(str(error), repr(error), repr(error.__dict__), repr(pickle.loads(pickle.dumps(error)).__dict__))
        assert error.__cause__ is None  # no internal exception chained to the user's


def test_from_env_reads_an_explicit_file(home: Path) -> None:
    signer = ncpcert.Signer.from_env(configure_file=CREDENTIALS / "profiles.configure")
    assert signer.access_key == "FIXTUREAKWORK0000001"
    auth = ncpcert.NcpAuth.from_env(configure_file=str(CREDENTIALS / "configure"), clock_offset_ms=5)
    assert auth.signer.access_key == "FIXTUREAKFILE0000001"
    with pytest.raises(ncpcert.SigningError, match="credentials-that-do-not-exist"):
        ncpcert.Signer.from_env(configure_file=home / "credentials-that-do-not-exist")


def test_import_loads_only_what_a_first_sign_needs() -> None:
    code = (
        "import sys, ncpcert\n"
        "before = set(sys.modules)\n"
        "print(ncpcert.sign('POST', '/x', 1700000000000, 'AK', 'SK'))\n"
        "heavy = {'dataclasses', 'enum', 'json', 'typing', 'importlib.metadata', 'ncpcert._models', 'ncpcert._errors'}\n"
        "print(sorted(heavy & set(sys.modules)))\n"
        "print(sorted((set(sys.modules) - before)))\n"
    )
    out = subprocess.run([sys.executable, "-I", "-c", code], capture_output=True, text=True, check=True).stdout
    signature, loaded, after = out.splitlines()
    assert signature == ncpcert.sign("POST", "/x", 1700000000000, "AK", "SK")
    # `-I` imports no site-packages hook: whatever shows here, ncpcert imported.
    assert loaded == "[]", f"import ncpcert; sign() loaded {loaded}"
    assert after == "[]", f"the first sign() imported {after}"


def test_lazy_names_are_the_documented_classes() -> None:
    from ncpcert import _errors, _models, _signer

    assert ncpcert.SigningError is _errors.SigningError
    assert ncpcert.ValidationError is _errors.ValidationError
    assert ncpcert.Report is _models.Report
    assert ncpcert.Signer is _signer.Signer
    assert set(ncpcert.__all__) <= set(dir(ncpcert))
    with pytest.raises(AttributeError, match="no attribute 'nope'"):
        ncpcert.nope  # noqa: B018
    with pytest.raises(ncpcert.SigningError):
        ncpcert.sign("POST", "no-slash", 1700000000000, "AK", "SK")


def test_version_comes_from_the_metadata() -> None:
    assert ncpcert.__version__ == importlib.metadata.version("ncpcert")
    assert ncpcert.__version__.count(".") >= 2


def test_csr_report_to_dict_is_the_core_shape() -> None:
    pem = (DATA / "sample.csr.pem").read_bytes()
    report = ncpcert.inspect_csr(pem)
    core = native.inspect_csr(pem)
    assert report.to_dict() == core
    assert list(report.to_dict()) == list(core)  # the same fields in the same order
    assert {"code", "field", "severity", "message"} >= set().union(*(f.keys() for f in report.to_dict()["findings"]))
    own = (DATA / "own" / "rsa-1024.pem").read_bytes()
    data = ncpcert.inspect_csr(own).to_dict()
    assert data == native.inspect_csr(own)
    assert any(f["severity"] == "error" for f in data["findings"])
