"""Python cold start (SPEC §9), whole process: ``python -c 'import ncpcert;
print(ncpcert.sign(...))'`` ÷ the same signature with ``hmac`` + ``hashlib`` + ``base64``
(goal <= 1.0: import lazily what a first ``sign`` does not need).

Both sides are fresh interpreter processes of this same Python, started from an empty folder
with the same environment (no ``PYTHON*`` variables), and both print the same signature,
checked on every run. In each round the two alternate ``--runs`` times each (the side that
starts alternates too); the round's ratio is the median wall time of the ``ncpcert`` runs over
the median of the stdlib runs.

Prints one JSON line on stdout (collected by ``scripts/bench.sh``) and a summary on stderr.

Run: ``python bindings-python/bench/cold_start.py [--rounds N] [--runs K]`` with ``ncpcert``
installed in that Python.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time

AK = "EXAMPLEAK0000000NCP1"
SK = "EXAMPLESECRET00000000000000000000NCPSK01"
PATH = "/api/v2/certificate/requestPaidCertificateIssuance"
TS = 1_700_000_000_000
EXPECTED = "QC4FHb9YQpqibbUVDfmpQuu0+bjhcf/RvDNS5mc4hjA="

SUBJECT = f"import ncpcert; print(ncpcert.sign('POST', '{PATH}', {TS}, '{AK}', '{SK}'))"
BASELINE = (
    "import hmac, hashlib, base64; "
    f"print(base64.b64encode(hmac.new(b'{SK}', b'POST {PATH}\\n{TS}\\n{AK}', hashlib.sha256).digest()).decode())"
)


def run_once(code: str, cwd: str, env: dict[str, str]) -> int:
    """Wall nanoseconds of one whole process; its output is checked."""
    start = time.perf_counter_ns()
    done = subprocess.run([sys.executable, "-c", code], cwd=cwd, env=env, capture_output=True, text=True)
    took = time.perf_counter_ns() - start
    if done.returncode != 0 or done.stdout.strip() != EXPECTED:
        sys.exit(f"cold start: {code!r} printed {done.stdout!r} {done.stderr!r}")
    return took


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=9)
    parser.add_argument("--runs", type=int, default=10, help="processes per side per round")
    args = parser.parse_args()
    env = {k: v for k, v in os.environ.items() if not k.startswith("PYTHON")}
    rounds = []
    with tempfile.TemporaryDirectory() as cwd:
        # Warm-up: the OS caches the interpreter, the extension and the .pyc files.
        for code in (SUBJECT, BASELINE) * 3:
            run_once(code, cwd, env)
        for r in range(args.rounds):
            subject: list[int] = []
            baseline: list[int] = []
            for i in range(args.runs):
                order = ((SUBJECT, subject), (BASELINE, baseline))
                for code, times in order if (r + i) % 2 == 0 else order[::-1]:
                    times.append(run_once(code, cwd, env))
            rounds.append({"subject": statistics.median(subject), "baseline": statistics.median(baseline)})
    record = {
        "id": "python.cold_start",
        "subject": "python -c 'import ncpcert; print(ncpcert.sign(...))'",
        "baseline": "python -c 'import hmac, hashlib, base64; print(base64.b64encode(hmac.new(...).digest()).decode())'",
        "python": sys.version.split()[0],
        "runs_per_round": args.runs,
        "rounds": rounds,
    }
    ratios = [r["subject"] / r["baseline"] for r in rounds]
    print(
        f"python cold start: ncpcert {statistics.median(r['subject'] for r in rounds) / 1e6:.2f} ms, "
        f"stdlib {statistics.median(r['baseline'] for r in rounds) / 1e6:.2f} ms; ratio median "
        f"{statistics.median(ratios):.3f} (min {min(ratios):.3f}, max {max(ratios):.3f}, {len(ratios)} rounds)",
        file=sys.stderr,
    )
    print(json.dumps(record), flush=True)


if __name__ == "__main__":
    main()
