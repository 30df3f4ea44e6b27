"""Python benchmarks (SPEC §9), each a ratio against a baseline measured in the same run.

- ``Signer.headers`` ÷ the stdlib one-liner
  ``base64.b64encode(hmac.new(sk, msg, hashlib.sha256).digest())`` (goal <= 0.35);
- ``Signer.headers`` ÷ the official NCP Python SDK's signer, ``ApiClient.make_signature``
  (PyPI ``ncloud-sdk``, whose ``ncloud_server`` package holds it) (goal <= 0.2);
- ``inspect_csr`` on an RSA-2048 PEM ÷ pyca/cryptography's ``load_pem_x509_csr(...)`` +
  ``is_signature_valid`` (goal <= 1.5).

Subject and baseline run in the same process, interleaved round by round (the order swapped
every round) so that machine noise hits both; each round gives one ratio. Every call signs a
new timestamp (a result cached between calls would not count) and both sides compute the same
signature, checked before timing.

Prints one JSON line per measurement on stdout (collected by ``scripts/bench.sh``) and a
human summary on stderr.

Run: ``python bindings-python/bench/bench.py [--rounds N]`` with ``ncpcert`` and
``cryptography`` installed.
"""

from __future__ import annotations

import argparse
import base64
import gc
import hashlib
import hmac
import json
import pathlib
import statistics
import sys
import time
from typing import Callable, List

import ncpcert

AK = "EXAMPLEAK0000000NCP1"
SK = "EXAMPLESECRET00000000000000000000NCPSK01"
PATH = "/api/v2/certificate/requestPaidCertificateIssuance"
TS = 1_700_000_000_000
ROOT = pathlib.Path(__file__).resolve().parents[2]


def timed(loop: Callable[[], None]) -> int:
    """Nanoseconds for one call of `loop`, with the garbage collector off (as timeit does)."""
    gc.collect()
    gc.disable()
    try:
        start = time.perf_counter_ns()
        loop()
        return time.perf_counter_ns() - start
    finally:
        gc.enable()


def interleaved(subject: Callable[[], None], baseline: Callable[[], None], n: int, rounds: int) -> List[dict]:
    """Per-round nanoseconds per call of each side; one warm-up round is discarded."""
    subject()
    baseline()
    out = []
    for r in range(rounds):
        if r % 2 == 0:
            s = timed(subject)
            b = timed(baseline)
        else:
            b = timed(baseline)
            s = timed(subject)
        out.append({"subject": s / n, "baseline": b / n})
    return out


def report(record: dict) -> None:
    ratios = [r["subject"] / r["baseline"] for r in record["rounds"]]
    subject = statistics.median(r["subject"] for r in record["rounds"])
    baseline = statistics.median(r["baseline"] for r in record["rounds"])
    print(
        f"python bench {record['id']}: {record['subject']} {subject / 1000:.2f} us, "
        f"{record['baseline']} {baseline / 1000:.2f} us; ratio median {statistics.median(ratios):.3f} "
        f"(min {min(ratios):.3f}, max {max(ratios):.3f})",
        file=sys.stderr,
    )
    print(json.dumps(record), flush=True)


def bench_signing(rounds: int, n: int) -> None:
    signer = ncpcert.Signer(AK, SK)
    secret = SK.encode()
    timestamps = [TS + i for i in range(n)]
    messages = [f"POST {PATH}\n{ts}\n{AK}".encode() for ts in timestamps]
    for ts, msg in zip(timestamps[:100], messages):
        expected = base64.b64encode(hmac.new(secret, msg, hashlib.sha256).digest()).decode()
        headers = signer.headers("POST", PATH, ts)
        assert headers["x-ncp-apigw-signature-v2"] == expected, (ts, headers, expected)
        assert headers["x-ncp-apigw-timestamp"] == str(ts)

    # Exactly as users call it: the public method on a Signer keyed once, an explicit timestamp.
    def subject() -> None:
        for ts in timestamps:
            signer.headers("POST", PATH, ts)

    # Exactly the one-liner of SPEC §9, the message bytes given.
    def baseline() -> None:
        for msg in messages:
            base64.b64encode(hmac.new(secret, msg, hashlib.sha256).digest())

    report(
        {
            "id": "python.signer_headers",
            "subject": "ncpcert.Signer.headers(method, path, ts)",
            "baseline": "base64.b64encode(hmac.new(sk, msg, hashlib.sha256).digest())",
            "calls_per_round": n,
            "unit": "ns",
            "rounds": interleaved(subject, baseline, n, rounds),
        }
    )

    # For information: the default timestamp (the signer's clock), the commonest call.
    def subject_clock() -> None:
        for _ in timestamps:
            signer.headers("POST", PATH)

    report(
        {
            "id": "python.signer_headers_clock",
            "subject": "ncpcert.Signer.headers(method, path) (timestamp from the clock)",
            "baseline": "base64.b64encode(hmac.new(sk, msg, hashlib.sha256).digest())",
            "calls_per_round": n,
            "unit": "ns",
            "rounds": interleaved(subject_clock, baseline, n, rounds),
        }
    )


def bench_sdk(rounds: int, n: int) -> None:
    """``Signer.headers`` against the NCP SDK's ``ApiClient.make_signature`` (SPEC §9)."""
    from ncloud_server.api_client import ApiClient
    from ncloud_server.configuration import Configuration

    configuration = Configuration()
    # make_signature signs the path below the host's own path prefix: /api/v2 + the rest.
    configuration.host = "https://certificatemanager.apigw.ntruss.com/api/v2"
    configuration.access_key = AK
    configuration.secret_key = SK
    client = ApiClient(configuration)
    rest = PATH[len("/api/v2"):]
    signer = ncpcert.Signer(AK, SK)
    timestamps = [TS + i for i in range(n)]
    texts = [str(ts) for ts in timestamps]
    for ts, text in zip(timestamps[:100], texts):
        sdk = client.make_signature("POST", rest, [], text).decode()
        assert signer.headers("POST", PATH, ts)["x-ncp-apigw-signature-v2"] == sdk, (ts, sdk)

    def subject() -> None:
        for ts in timestamps:
            signer.headers("POST", PATH, ts)

    # As the SDK calls it for every request: method, path below the host, queries, timestamp text.
    def baseline() -> None:
        for text in texts:
            client.make_signature("POST", rest, [], text)

    report(
        {
            "id": "python.signer_headers_sdk",
            "subject": "ncpcert.Signer.headers(method, path, ts)",
            "baseline": "ncloud-sdk ApiClient.make_signature(method, uri, querys, timestamp)",
            "calls_per_round": n,
            "unit": "ns",
            "rounds": interleaved(subject, baseline, n, rounds),
        }
    )


def bench_csr(rounds: int, n: int) -> None:
    from cryptography import x509

    pem = (ROOT / "tests/data/own/rsa-2048.pem").read_bytes()
    report_ = ncpcert.inspect_csr(pem)
    assert report_.signature_valid is True
    assert x509.load_pem_x509_csr(pem).is_signature_valid is True

    def subject() -> None:
        for _ in range(n):
            ncpcert.inspect_csr(pem)

    def baseline() -> None:
        for _ in range(n):
            x509.load_pem_x509_csr(pem).is_signature_valid

    import cryptography

    report(
        {
            "id": "python.inspect_csr_rsa2048",
            "subject": "ncpcert.inspect_csr(pem)",
            "baseline": f"x509.load_pem_x509_csr(pem).is_signature_valid (cryptography {cryptography.__version__})",
            "calls_per_round": n,
            "unit": "ns",
            "rounds": interleaved(subject, baseline, n, rounds),
        }
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=9)
    parser.add_argument("--sign-calls", type=int, default=50_000)
    parser.add_argument("--csr-calls", type=int, default=400)
    args = parser.parse_args()
    bench_signing(args.rounds, args.sign_calls)
    bench_sdk(args.rounds, args.sign_calls)
    bench_csr(args.rounds, args.csr_calls)


if __name__ == "__main__":
    main()
