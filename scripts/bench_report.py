#!/usr/bin/env python3
"""Collects and reports the benchmarks of scripts/bench.sh (SPEC §9). Standard library only.

  bench_report.py criterion ROUND CRITERION_DIR
      One JSON line: the median point estimate (ns) of every benchmark criterion just ran,
      read from <group>/<bench>/new/{benchmark,estimates}.json (never from its text output).
  bench_report.py markdown RESULTS.jsonl OUT.md [--seconds N]
      BENCHMARKS.md from the JSON lines the sub-benchmarks printed.

A measurement line: {"id", "subject", "baseline", "unit": "ns", "rounds": [{"subject": ns,
"baseline": ns}, ...]}; each round is one side-by-side pair, its ratio subject ÷ baseline.
Reported: the median ratio over the rounds (min–max beside it) and the median times.
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import pathlib
import platform
import re
import statistics
import subprocess
import sys
from typing import Dict, List, Optional

# Criterion benchmark ids (group/function) of core/benches/core.rs.
NATIVE_BASELINE = "sign/baseline: 3 SHA-256 compressions"
NATIVE_SUBJECTS = {
    "native.signer_signature": "sign/Signer::signature",
    "native.signer_headers": "sign/Signer::headers",
    "native.sign_one_shot": "sign/sign (one-shot, keys the HMAC each time)",
}
NATIVE_ALONE = {
    "inspect_csr/RSA-2048": "`inspect_csr`, RSA-2048 CSR (parse + verify)",
    "inspect_csr/P-256": "`inspect_csr`, P-256 CSR (parse + verify)",
    "prepare (validate + serialise, RSA-2048 CSR)": "`prepare` (validate + serialise, RSA-2048 CSR)",
    "parse_response (success)": "`parse_response` (success)",
}
# Bytes, gzip -9; set once in scripts/lib/common.sh, which bench.sh sources.
WASM_GZIP_GOAL = int(os.environ.get("NCPCERT_WASM_GZIP_BUDGET", "0")) or sys.exit(
    "bench_report: NCPCERT_WASM_GZIP_BUDGET is not set; run it through scripts/bench.sh"
)
SIGNER_WASM_GZIP_GOAL = int(os.environ.get("NCPCERT_SIGNER_WASM_GZIP_BUDGET", "0")) or sys.exit(
    "bench_report: NCPCERT_SIGNER_WASM_GZIP_BUDGET is not set; run it through scripts/bench.sh"
)
ORDER_WASM_GZIP_GOAL = int(os.environ.get("NCPCERT_ORDER_WASM_GZIP_BUDGET", "0")) or sys.exit(
    "bench_report: NCPCERT_ORDER_WASM_GZIP_BUDGET is not set; run it through scripts/bench.sh"
)
KEYS_WASM_GZIP_GOAL = int(os.environ.get("NCPCERT_KEYS_WASM_GZIP_BUDGET", "0")) or sys.exit(
    "bench_report: NCPCERT_KEYS_WASM_GZIP_BUDGET is not set; run it through scripts/bench.sh"
)
# Size goals: record id -> budget.
SIZE_GOALS = {
    "wasm.size": WASM_GZIP_GOAL,
    "wasm.size.signer": SIGNER_WASM_GZIP_GOAL,
    "wasm.size.order": ORDER_WASM_GZIP_GOAL,
    "wasm.size.keys": KEYS_WASM_GZIP_GOAL,
}

# The SPEC §9 goals the core touches, in its order: id, what, goal text, limit on the median
# ratio.
GOALS = [
    (
        "native.signer_signature",
        "Native: `Signer::signature` ÷ the 3 SHA-256 block compressions HMAC minimally needs",
        "≤ 2.5×",
        2.5,
    ),
    (
        "python.signer_headers",
        "Python: `Signer.headers` ÷ `base64.b64encode(hmac.new(sk, msg, hashlib.sha256).digest())`",
        "≤ 0.35×",
        0.35,
    ),
    (
        "python.signer_headers_sdk",
        "Python: `Signer.headers` ÷ the official NCP Python SDK's signer (`ncloud-sdk`, `ApiClient.make_signature`)",
        "≤ 0.2×",
        0.2,
    ),
    (
        "node.signer_headers",
        "Node: wasm `Signer.headers` ÷ `crypto.createHmac('sha256', sk).update(msg).digest('base64')`",
        "≤ 1.0×",
        1.0,
    ),
    (
        "node.signer_headers_crypto_js",
        "Node: wasm `Signer.headers` ÷ `crypto-js` `HmacSHA256` + `enc.Base64` (the official NCP JS SDK's method)",
        "≤ 0.1×",
        0.1,
    ),
    (
        "browser.signer_headers",
        "Browser (headless Chromium): wasm `Signer.headers` ÷ awaited `crypto.subtle.sign('HMAC', …)`",
        "≤ 0.33× (3× faster)",
        0.33,
    ),
    (
        "node.cold_start.full",
        "Node cold start, whole process: `import { sign } from \"ncpcert\"` + one signature ÷ the same with `node:crypto`",
        "≤ 1.15×",
        1.15,
    ),
    (
        "node.cold_start.signer",
        "Node cold start, whole process: `import { sign } from \"ncpcert/signer\"` + one signature ÷ the same with `node:crypto`",
        "≤ 1.05×",
        1.05,
    ),
    (
        "python.cold_start",
        "Cold start: `python -c 'import ncpcert; print(ncpcert.sign(...))'` ÷ the same with `hmac`+`hashlib`+`base64`",
        "≤ 1.0×",
        1.0,
    ),
    (
        "python.inspect_csr_rsa2048",
        "Python: `inspect_csr` RSA-2048 PEM ÷ pyca `load_pem_x509_csr(...)` + `is_signature_valid`",
        "≤ 1.5×",
        1.5,
    ),
    (
        "browser.inspect_csr_rsa2048",
        "Browser: `inspectCsr` RSA-2048 PEM ÷ `@peculiar/x509` `new Pkcs10CertificateRequest(pem)` + `await csr.verify()`",
        "≤ 0.5×",
        0.5,
    ),
    ("wasm.size", "npm package, full `.wasm`, gzip -9", f"≤ {WASM_GZIP_GOAL:,} bytes", None),
    ("wasm.size.signer", "npm package, `ncpcert/signer` `.wasm`, gzip -9", f"≤ {SIGNER_WASM_GZIP_GOAL:,} bytes", None),
    ("wasm.size.order", "npm package, `ncpcert/order` `.wasm` (the order workflow), gzip -9", f"≤ {ORDER_WASM_GZIP_GOAL:,} bytes", None),
    ("wasm.size.keys", "npm package, `ncpcert/keys` `.wasm` (keys and CSRs), gzip -9", f"≤ {KEYS_WASM_GZIP_GOAL:,} bytes", None),
]
# Measured in the same run, no goal of their own.
OTHERS = [
    ("native.signer_headers", "Native: `Signer::headers` ÷ 3 SHA-256 compressions"),
    ("native.sign_one_shot", "Native: one-shot `sign` (keys the HMAC each call) ÷ 3 SHA-256 compressions"),
    ("python.signer_headers_clock", "Python: `Signer.headers(method, path)` (clock timestamp) ÷ the stdlib one-liner"),
    ("node.signer_headers_same_work", "Node: wasm `Signer.headers` ÷ node:crypto HMAC + message assembly + headers object"),
]


# ------------------------------------------------------------------------------ criterion


def criterion(round_no: int, root: pathlib.Path) -> None:
    benches: Dict[str, float] = {}
    for meta in sorted(root.glob("**/new/benchmark.json")):
        info = json.loads(meta.read_text())
        estimates = json.loads((meta.parent / "estimates.json").read_text())
        benches[info["full_id"]] = estimates["median"]["point_estimate"]  # ns per iteration
    if not benches:
        sys.exit(f"bench_report: no criterion results under {root}")
    print(json.dumps({"id": "criterion.round", "round": round_no, "unit": "ns", "benches": benches}))


def native_records(lines: List[dict]) -> List[dict]:
    rounds = [line for line in lines if line.get("id") == "criterion.round"]
    if not rounds:
        return []
    out = []
    for rid, full_id in NATIVE_SUBJECTS.items():
        pairs = [
            {"subject": r["benches"][full_id], "baseline": r["benches"][NATIVE_BASELINE]}
            for r in rounds
            if full_id in r["benches"] and NATIVE_BASELINE in r["benches"]
        ]
        if pairs:
            out.append(
                {
                    "id": rid,
                    "subject": full_id,
                    "baseline": NATIVE_BASELINE,
                    "unit": "ns",
                    "rounds": pairs,
                    "source": "criterion median point estimates",
                }
            )
    alone = {}
    for full_id in NATIVE_ALONE:
        values = [r["benches"][full_id] for r in rounds if full_id in r["benches"]]
        if values:
            alone[full_id] = values
    out.append({"id": "native.alone", "values": alone})
    return out


# ------------------------------------------------------------------------------ markdown


def fmt_time(ns: float) -> str:
    if ns < 1_000:
        return f"{ns:.0f} ns"
    if ns < 1_000_000:
        return f"{ns / 1_000:.2f} µs"
    return f"{ns / 1_000_000:.2f} ms"


def summary(record: dict) -> dict:
    ratios = [r["subject"] / r["baseline"] for r in record["rounds"]]
    return {
        "ratio": statistics.median(ratios),
        "min": min(ratios),
        "max": max(ratios),
        "n": len(ratios),
        "ratios": ratios,
        "subject": statistics.median(r["subject"] for r in record["rounds"]),
        "baseline": statistics.median(r["baseline"] for r in record["rounds"]),
    }


def run(cmd: List[str]) -> Optional[str]:
    try:
        out = subprocess.run(cmd, capture_output=True, text=True, timeout=30, check=True)
        return (out.stdout or out.stderr).strip().splitlines()[0]
    except Exception:
        return None


def machine(root: pathlib.Path) -> List[str]:
    cpu = "unknown"
    flags = ""
    try:
        text = pathlib.Path("/proc/cpuinfo").read_text()
        m = re.search(r"^model name\s*:\s*(.+)$", text, re.M)
        cpu = m.group(1).strip() if m else cpu
        m = re.search(r"^flags\s*:\s*(.+)$", text, re.M)
        flags = m.group(1) if m else ""
    except OSError:
        pass
    os_name = platform.system()
    try:
        rel = pathlib.Path("/etc/os-release").read_text()
        m = re.search(r'^PRETTY_NAME="?([^"\n]+)"?$', rel, re.M)
        os_name = m.group(1) if m else os_name
    except OSError:
        pass
    venv_python = root / ".venv-bench/bin/python"
    pyca = run([str(venv_python), "-c", "import cryptography; print(cryptography.__version__)"])
    chromium = run([os.environ.get("CHROMIUM", "/usr/bin/chromium"), "--version"])
    sha = "yes" if re.search(r"\bsha_ni\b", flags) else "no"
    return [
        f"- CPU: {cpu}, {os.cpu_count()} logical cores (SHA extensions: {sha}); shared and noisy",
        f"- OS: {os_name}, Linux {platform.release()}, {platform.machine()}",
        f"- rustc: {run(['rustc', '--version']) or 'n/a'}",
        f"- Node: {run(['node', '--version']) or 'n/a'}; Chromium: {chromium or 'n/a'}",
        f"- Python: {run([str(venv_python), '--version']) or 'n/a'} (venv `.venv-bench`); cryptography {pyca or 'n/a'}",
    ]


def markdown(results: pathlib.Path, out: pathlib.Path, seconds: Optional[float], measure: Optional[float]) -> None:
    root = pathlib.Path(__file__).resolve().parents[1]
    lines = [json.loads(x) for x in results.read_text().splitlines() if x.strip().startswith("{")]
    records: Dict[str, dict] = {}
    for line in lines + native_records(lines):
        if line.get("id") != "criterion.round":
            records[line["id"]] = line

    now = datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    md = [
        "# Benchmarks",
        "",
        f"Written by `scripts/bench.sh` on {now}."
        + (f" The script took {seconds / 60:.1f} min" if seconds else "")
        + (f", of which {measure / 60:.1f} min measuring (the rest: installs and builds)." if seconds and measure else "."),
        "Do not edit by hand: run the script again.",
        "",
        "## Machine",
        "",
        *machine(root),
        "",
        "Every figure below is a ratio of two things timed side by side in the same process,",
        "interleaved round by round (the order swapped every round) so that machine noise hits both;",
        "the median ratio over the rounds is reported, with the smallest and largest beside it.",
        "Absolute times are medians on this machine, for scale only.",
        "",
        "## Performance goals",
        "",
        "| goal | measured (median ratio) | min – max (rounds) | target | met | supporting numbers (median per call) |",
        "|---|---|---|---|---|---|",
    ]
    unmet = []
    for rid, what, goal_text, limit in GOALS:
        rec = records.get(rid)
        if rid in SIZE_GOALS:
            goal = SIZE_GOALS[rid]
            if rec is None:
                md.append(f"| {what} | not measured | – | {goal_text} | ? | see the script's log |")
                unmet.append(rid)
                continue
            gz = rec["gzip9_bytes"]
            met = gz <= goal
            unmet += [] if met else [rid]
            md.append(
                f"| {what} | {gz / 1000:.1f} KB gzipped ({gz / goal:.2f}× the limit) | – | {goal_text} | "
                f"{'yes' if met else '**no**'} | {gz:,} bytes gzipped, {rec['raw_bytes']:,} bytes raw "
                f"(`{rec['file']}`) |"
            )
            continue
        if rec is None or not rec.get("rounds"):
            md.append(f"| {what} | not measured | – | {goal_text} | ? | the sub-benchmark failed: see the script's log |")
            unmet.append(rid)
            continue
        s = summary(rec)
        above = sum(1 for r in s["ratios"] if r > limit)
        if s["ratio"] <= limit:
            met = "yes" if above == 0 else f"yes (median; {above} of {s['n']} rounds above)"
        else:
            met = "**no**"
            unmet.append(rid)
        extra = ""
        if rid in ("browser.signer_headers", "browser.inspect_csr_rsa2048"):
            extra = f" = {1 / s['ratio']:.1f}× faster" if s["ratio"] < 1 else ""
        md.append(
            f"| {what} | **{s['ratio']:.3f}×**{extra} | {s['min']:.3f} – {s['max']:.3f} ({s['n']}) | {goal_text} | {met} | "
            f"{fmt_time(s['subject'])} vs {fmt_time(s['baseline'])} |"
        )
    md += [
        "",
        f"Goals met: {len(GOALS) - len(unmet)} of {len(GOALS)}."
        + (" Not met: " + ", ".join(f"`{u}`" for u in unmet) + "." if unmet else ""),
        "",
        "## Other figures from the same run (no goal)",
        "",
        "| what | median ratio | min – max (rounds) | median per call |",
        "|---|---|---|---|",
    ]
    for rid, what in OTHERS:
        rec = records.get(rid)
        if rec is None or not rec.get("rounds"):
            md.append(f"| {what} | not measured | – | – |")
            continue
        s = summary(rec)
        md.append(
            f"| {what} | {s['ratio']:.3f}× | {s['min']:.3f} – {s['max']:.3f} ({s['n']}) | "
            f"{fmt_time(s['subject'])} vs {fmt_time(s['baseline'])} |"
        )
    alone = records.get("native.alone", {}).get("values", {})
    for full_id, what in NATIVE_ALONE.items():
        values = alone.get(full_id)
        if values:
            md.append(
                f"| Native: {what} | – | – | {fmt_time(statistics.median(values))} "
                f"({fmt_time(min(values))} – {fmt_time(max(values))}, {len(values)} rounds) |"
            )

    md += ["", "## What each side runs", ""]
    for rid, _what, _goal, _limit in GOALS:
        rec = records.get(rid)
        if rec and rec.get("rounds"):
            calls = rec.get("calls_per_round")
            calls_text = ""
            if isinstance(calls, dict):
                calls_text = f"; {calls['subject']:,} / {calls['baseline']:,} calls per round"
            elif calls and rid.endswith("cold_start"):
                calls_text = f"; {calls} launches per side per round, mean wall time per launch"
            elif calls:
                calls_text = f"; {calls:,} calls per side per round"
            elif rec.get("runs_per_round"):
                calls_text = (
                    f"; {rec['runs_per_round']} fresh processes per side per round, alternating,"
                    " the round's ratio of their median wall times"
                )
            elif rec.get("source"):
                calls_text = f"; {rec['source']}, one criterion run per round"
            md.append(f"- `{rid}`: `{rec['subject']}` vs `{rec['baseline']}`{calls_text}.")
    md += [
        "",
        "Native (criterion, `core/benches/core.rs`): the baseline runs exactly the three SHA-256",
        "compressions of HMAC-SHA256 over the real 90-byte string-to-sign with the keyed states",
        "precomputed (two inner blocks, then the outer block holding the inner digest), checked",
        "against `Signer::signature` before timing. Every timed call signs a new timestamp, on",
        "every side. Python and Node call the public APIs (`ncpcert.Signer`, `import { Signer }",
        "from \"ncpcert\"` installed from the packed tarball); the browser page imports the same",
        "installed package's web entry. Both sides of every signing comparison produce the same",
        "signature, checked first. Cold starts time whole processes from launch to exit",
        "(`bindings-python/bench/cold_start.py`, `bindings-wasm/bench/cold-start.mjs`), each",
        "printing the reference signature; Node's is measured for the full entry and for",
        "`ncpcert/signer`. The browser",
        "CSR page (`bindings-wasm/bench/browser-csr-page.js`) runs `@peculiar/x509` bundled by",
        "esbuild with `reflect-metadata` imported first; both sides check the same RSA-2048 CSR",
        "(`tests/data/own/rsa-2048.pem`) and must find its signature valid.",
        "",
        "## How to reproduce",
        "",
        "`scripts/bench.sh` installs what it needs (Debian's chromium, playwright-core,",
        "@peculiar/x509, reflect-metadata, esbuild, maturin, cryptography), builds the npm package and the Python wheel, runs every measurement and",
        "rewrites this file. `NCPCERT_BENCH_ROUNDS=N` (default 9) and",
        "`NCPCERT_BENCH_CRITERION_ROUNDS=N` (default 5) set the rounds. The JSON lines it",
        "collected are kept in `target/bench/results.jsonl`, the logs beside them.",
        "",
    ]
    out.write_text("\n".join(md))
    print(f"bench_report: wrote {out} ({len(GOALS) - len(unmet)} of {len(GOALS)} goals met)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)
    c = sub.add_parser("criterion")
    c.add_argument("round", type=int)
    c.add_argument("dir", type=pathlib.Path)
    m = sub.add_parser("markdown")
    m.add_argument("results", type=pathlib.Path)
    m.add_argument("out", type=pathlib.Path)
    m.add_argument("--seconds", type=float)
    m.add_argument("--measure-seconds", type=float)
    args = parser.parse_args()
    if args.command == "criterion":
        criterion(args.round, args.dir)
    else:
        markdown(args.results, args.out, args.seconds, args.measure_seconds)


if __name__ == "__main__":
    main()
