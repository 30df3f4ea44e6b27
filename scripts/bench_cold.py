#!/usr/bin/env python3
"""Python cold-start benchmark of SPEC §9 (run by scripts/bench.sh): whole processes, timed
from launch to exit, each printing one signature (Node's is bindings-wasm/bench/cold-start.mjs).

  python: `import ncpcert; print(ncpcert.sign(...))`  vs  hmac + hashlib + base64

Both sides of each pair must print the same signature (checked first). Rounds are
interleaved, the order swapped every round; each round launches every side LAUNCHES times
and keeps the mean wall time per launch. Prints one JSON line per pair (the format of
scripts/bench_report.py).

  bench_cold.py --rounds 9 --python .venv-bench/bin/python
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time

AK = "EXAMPLEAK0000000NCP1"
SK = "EXAMPLESECRET00000000000000000000NCPSK01"
PATH = "/api/v2/certificate/requestPaidCertificateIssuance"
TS = 1_700_000_000_000
WANT = "QC4FHb9YQpqibbUVDfmpQuu0+bjhcf/RvDNS5mc4hjA="
LAUNCHES = 5

PY_NCPCERT = f"import ncpcert; print(ncpcert.sign('POST', '{PATH}', {TS}, '{AK}', '{SK}'))"
PY_STDLIB = (
    "import base64, hashlib, hmac; "
    f"print(base64.b64encode(hmac.new(b'{SK}', b'POST {PATH}\\n{TS}\\n{AK}', hashlib.sha256).digest()).decode())"
)


def launch(cmd: list[str], cwd: str | None) -> float:
    t0 = time.perf_counter()
    out = subprocess.run(cmd, cwd=cwd, capture_output=True, text=True, check=True)
    elapsed = time.perf_counter() - t0
    if out.stdout.strip() != WANT:
        sys.exit(f"bench_cold: {cmd[:2]} printed {out.stdout.strip()!r}, not the reference signature")
    return elapsed


def pair(rid: str, subject: tuple[str, list[str]], baseline: tuple[str, list[str]], cwd: str | None, rounds: int) -> dict:
    for cmd in (subject[1], baseline[1]):
        launch(cmd, cwd)  # warm the page cache; checks the output
    out = []
    for r in range(rounds):
        sides = [("subject", subject[1]), ("baseline", baseline[1])]
        if r % 2:
            sides.reverse()
        times = {}
        for name, cmd in sides:
            times[name] = sum(launch(cmd, cwd) for _ in range(LAUNCHES)) / LAUNCHES * 1e9
        out.append(times)
        print(f"{rid} round {r + 1}: {times['subject'] / 1e6:.1f} ms vs {times['baseline'] / 1e6:.1f} ms", file=sys.stderr)
    return {
        "id": rid,
        "subject": subject[0],
        "baseline": baseline[0],
        "unit": "ns",
        "calls_per_round": LAUNCHES,
        "rounds": out,
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=9)
    parser.add_argument("--python", required=True, help="a Python with ncpcert installed")
    args = parser.parse_args()
    py = [args.python, "-c"]
    print(
        json.dumps(
            pair(
                "python.cold_start",
                ("python -c 'import ncpcert; print(ncpcert.sign(...))'", py + [PY_NCPCERT]),
                ("python -c: hmac + hashlib + base64; print one signature", py + [PY_STDLIB]),
                None,
                args.rounds,
            )
        ),
        flush=True,
    )


if __name__ == "__main__":
    main()
