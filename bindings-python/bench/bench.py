"""Python benchmarks (SPEC §9), each a ratio against a baseline measured in the same run.

- ``Signer.headers`` ÷ the stdlib one-liner
  ``base64.b64encode(hmac.new(sk, msg, hashlib.sha256).digest())`` (goal <= 0.35);
- ``inspect_csr`` on an RSA-2048 PEM ÷ pyca/cryptography's ``load_pem_x509_csr(...)`` +
  ``is_signature_valid`` (goal <= 1.5).

Run: ``python bindings-python/bench/bench.py`` (needs ``cryptography`` installed).
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import pathlib
import timeit

import ncpcert

AK = "EXAMPLEAK0000000NCP1"
SK = "EXAMPLESECRET00000000000000000000NCPSK01"
PATH = "/api/v2/certificate/requestPaidCertificateIssuance"
TS = 1_700_000_000_000
ROOT = pathlib.Path(__file__).resolve().parents[2]


def best_per_call(stmt: object, number: int, repeat: int = 7) -> float:
    """Best of `repeat` runs, in seconds per call: the least disturbed by machine noise."""
    return min(timeit.repeat(stmt, number=number, repeat=repeat)) / number  # type: ignore[arg-type]


def bench_signing() -> float:
    signer = ncpcert.Signer(AK, SK)
    secret = SK.encode()
    message = f"POST {PATH}\n{TS}\n{AK}".encode()
    expected = base64.b64encode(hmac.new(secret, message, hashlib.sha256).digest()).decode()
    assert signer.headers("POST", PATH, TS)["x-ncp-apigw-signature-v2"] == expected

    ours = best_per_call(lambda: signer.headers("POST", PATH, TS), 20_000)
    stdlib = best_per_call(lambda: base64.b64encode(hmac.new(secret, message, hashlib.sha256).digest()), 20_000)
    ratio = ours / stdlib
    print(f"python bench: Signer.headers {ours * 1e6:.2f} us, stdlib hmac one-liner {stdlib * 1e6:.2f} us")
    print(f"python bench: Signer.headers / stdlib hmac = {ratio:.2f}x (goal <= 0.35x)")
    return ratio


def bench_csr() -> float:
    from cryptography import x509

    pem = (ROOT / "tests/data/own/rsa-2048.pem").read_bytes()
    assert ncpcert.inspect_csr(pem).signature_valid is True
    assert x509.load_pem_x509_csr(pem).is_signature_valid

    ours = best_per_call(lambda: ncpcert.inspect_csr(pem), 300)
    pyca = best_per_call(lambda: x509.load_pem_x509_csr(pem).is_signature_valid, 300)
    ratio = ours / pyca
    print(f"python bench: inspect_csr {ours * 1e6:.0f} us, pyca load_pem_x509_csr + is_signature_valid {pyca * 1e6:.0f} us")
    print(f"python bench: inspect_csr / pyca = {ratio:.2f}x (goal <= 1.5x)")
    return ratio


if __name__ == "__main__":
    bench_signing()
    bench_csr()
