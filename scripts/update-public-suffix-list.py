#!/usr/bin/env python3
"""Regenerate the compiled-in Public Suffix List data of ncpcert (SPEC §5.2, D7-D10).

Downloads the `publicsuffixlist` wheel from PyPI with pip, reads the
`public_suffix_list.dat` it carries, and writes

  core/src/domain/psl/icann.bin    rules of the ICANN section, front-coded (below)
  core/src/domain/psl/private.bin  rules of the PRIVATE section, front-coded
  core/src/domain/psl/version.txt  "<VERSION line of the .dat> (publicsuffixlist <wheel
                                   version>)", no newline
  core/src/domain/psl/README.md    provenance, licence (MPL-2.0), format, how to regenerate
  core/tests/data/psl/icann.txt    the same rules as plain text, one per line, as written
  core/tests/data/psl/private.txt  in the list (test data only: psl.rs's tests check the
                                   .bin tables against them; not compiled into the library)

Every rule is taken in lower-case A-label (ASCII) form, keeping the PSL's `*.`
(wildcard) and `!` (exception) markers. In the .bin tables each rule is stored as
its *key*: the labels in reverse order joined by `.`, an exception's `!` moved to
the end (`co.kr` -> `kr.co`, `*.ck` -> `ck.*`, `!www.ck` -> `ck.www!`). Keys are
sorted byte-wise and front-coded in blocks; see README below for the layout.
core/src/domain/psl.rs searches them without decoding the table. The output
depends only on the wheel: running the script twice gives byte-identical files.

Standard library only. Usage:

    python3 scripts/update-public-suffix-list.py [--version 1.1.2.20261023]
"""

import argparse
import os
import re
import subprocess
import sys
import tempfile
import zipfile

DEFAULT_VERSION = "1.1.2.20261023"
DAT_PATH = "publicsuffixlist/public_suffix_list.dat"
ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), os.pardir)
OUT_DIR = os.path.join(ROOT, "core", "src", "domain", "psl")
TEST_DATA_DIR = os.path.join(ROOT, "core", "tests", "data", "psl")
# Keys per block of a .bin table. Larger blocks compress a little better (every block
# starts with a key written in full) and make the linear part of a lookup longer.
BLOCK = 64
# Control bytes of a .bin table; key bytes are ASCII, so all below 0x80.
FULL = 0xFF  # a block's first key, written in full
DROP = 0x80  # DROP + n: the previous key minus its last n bytes, then the bytes that follow
RULE_RE = re.compile(r"^!?(\*\.)?[a-z0-9-]+(\.[a-z0-9-]+)*$")


def download_dat(version):
    """Returns the text of public_suffix_list.dat from the wheel `version`."""
    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run(
            [
                sys.executable, "-m", "pip", "download", "--no-deps", "--only-binary=:all:",
                "--disable-pip-version-check", "--quiet",
                "publicsuffixlist==" + version, "-d", tmp,
            ],
            check=True,
        )
        wheels = sorted(f for f in os.listdir(tmp) if f.endswith(".whl"))
        if len(wheels) != 1:
            sys.exit("expected exactly one wheel in %s, found %r" % (tmp, wheels))
        with zipfile.ZipFile(os.path.join(tmp, wheels[0])) as whl:
            return whl.read(DAT_PATH).decode("utf-8")


def section(text, name):
    begin = "// ===BEGIN %s DOMAINS===" % name
    end = "// ===END %s DOMAINS===" % name
    if text.count(begin) != 1 or text.count(end) != 1:
        sys.exit("cannot find exactly one %s section" % name)
    return text.split(begin, 1)[1].split(end, 1)[0]


def header_value(text, key):
    match = re.search(r"^// %s: *(\S+) *$" % key, text, re.MULTILINE)
    if not match:
        sys.exit("no '// %s:' line in the list" % key)
    return match.group(1)


def to_a_label(label):
    if label.isascii():
        return label.lower()
    return "xn--" + label.encode("punycode").decode("ascii")


def rules(section_text):
    """The section's rules in A-label form, sorted right to left, without duplicates."""
    out = set()
    for line in section_text.splitlines():
        line = line.strip()
        if not line or line.startswith("//"):
            continue
        rule = line.split()[0]  # a rule ends at the first whitespace
        marker = ""
        if rule.startswith("!"):
            marker, rule = "!", rule[1:]
        rule = ".".join(to_a_label(label) for label in rule.split("."))
        if not RULE_RE.match(marker + rule):
            sys.exit("unexpected rule form: %r" % (marker + rule))
        if marker and "." not in rule:
            sys.exit("an exception rule with one label: %r" % (marker + rule))
        out.add(marker + rule)
    return sorted(out, key=lambda r: [part.encode("ascii") for part in reversed(r.split("."))])


def key(rule):
    """The search key of a rule: labels right to left, an exception's `!` at the end."""
    marker = ""
    if rule.startswith("!"):
        marker, rule = "!", rule[1:]
    return (".".join(reversed(rule.split("."))) + marker).encode("ascii")


def common_prefix(a, b):
    n = 0
    while n < min(len(a), len(b)) and a[n] == b[n]:
        n += 1
    return n


def table(rule_list):
    """The .bin table of `rule_list`: front-coded keys in blocks of BLOCK, with an index."""
    keys = sorted(key(rule) for rule in rule_list)
    if len(set(keys)) != len(keys):
        sys.exit("two rules with the same key")
    entries = bytearray()
    starts = []
    prev = b""
    for i, k in enumerate(keys):
        if i % BLOCK == 0:
            starts.append(len(entries))
            entries.append(FULL)
            entries += k
        else:
            shared = common_prefix(prev, k)
            drop = len(prev) - shared
            if not 0 <= drop < FULL - DROP or shared == len(k):
                sys.exit("cannot front-code %r after %r" % (k, prev))
            entries.append(DROP + drop)
            entries += k[shared:]
        prev = k
    if len(starts) > 0xFFFF or len(entries) > 0xFFFF:
        sys.exit("table too large for 16-bit offsets")
    header = len(starts).to_bytes(2, "little")
    header += b"".join(s.to_bytes(2, "little") for s in starts)
    return header + bytes(entries)


def write(path, text):
    with open(path, "w", encoding="ascii", newline="\n") as f:
        f.write(text)


def write_bytes(path, data):
    with open(path, "wb") as f:
        f.write(data)


README = """\
# Public Suffix List data

Derived from the Public Suffix List (https://publicsuffix.org/), as shipped in the
`publicsuffixlist` wheel from PyPI, version **{wheel}**
(`pip download --no-deps publicsuffixlist=={wheel}`), file `{dat}`:

    // VERSION: {version}
    // COMMIT: {commit}

| file | content | rules |
|---|---|---|
| `icann.bin` | the ICANN section (`===BEGIN ICANN DOMAINS===`) | {n_icann} |
| `private.bin` | the PRIVATE section (`===BEGIN PRIVATE DOMAINS===`) | {n_private} |
| `version.txt` | the list's version line and the wheel version (`PUBLIC_SUFFIX_LIST_VERSION`) | |

The same rules as plain text, one per line as written in the list (`co.kr`, `*.ck`,
`!www.ck`), are in `core/tests/data/psl/icann.txt` and `private.txt`: test data, against which
the tests of `core/src/domain/psl.rs` check the tables; they are not compiled into the library.

## Format of the `.bin` tables

Every rule is in lower-case A-label (ASCII, `xn--`) form, with the list's own markers (`*.ck`
wildcard, `!www.ck` exception), and is stored as its *key*: the labels from right to left,
joined by `.`, with an exception's `!` moved to the end (`co.kr` is `kr.co`, `*.ck` is `ck.*`,
`!www.ck` is `ck.www!`). So all rules under one top-level domain (or any other suffix) share a
prefix, and byte order of the keys keeps them together. The keys are sorted byte-wise and
front-coded in blocks of {block}:

- 2 bytes, little-endian: the number of blocks, `n`;
- `n` times 2 bytes, little-endian: where each block starts, counted from the first byte after
  this index;
- the blocks, one after another. A block's first key is the byte `0xFF` followed by the key; each
  following key is one byte `0x80 + d` followed by bytes `s`: the key is the previous key
  without its last `d` bytes, then `s`. Keys are ASCII, so a key's bytes end at the next byte
  `>= 0x80` (or at the end of the table).

`core/src/domain/psl.rs` binary-searches the blocks by their first keys and then scans one block,
comparing without decoding it. Compared with one rule per line, this makes the data less than
half the size and about a quarter smaller once gzipped (the `.wasm` is shipped gzipped).

## Licence

The Public Suffix List is licensed under the Mozilla Public License, version 2.0 (MPL-2.0),
https://mozilla.org/MPL/2.0/. These derived data files (`icann.bin`, `private.bin`,
`version.txt`, and the test data `core/tests/data/psl/icann.txt` and `private.txt`) are covered
by the MPL-2.0 as well; the rest of ncpcert keeps its own licence.

## Regenerate

    python3 scripts/update-public-suffix-list.py --version <publicsuffixlist version>

(standard library only; needs `pip` and access to PyPI; see `pip index versions
publicsuffixlist` for the current version). The output is deterministic: the same wheel
gives byte-identical files. Update `DEFAULT_VERSION` in the script when moving to a newer wheel.
"""


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--version", default=DEFAULT_VERSION, help="publicsuffixlist wheel version")
    args = parser.parse_args()

    text = download_dat(args.version)
    version = header_value(text, "VERSION")
    commit = header_value(text, "COMMIT")
    icann = rules(section(text, "ICANN"))
    private = rules(section(text, "PRIVATE"))

    os.makedirs(OUT_DIR, exist_ok=True)
    os.makedirs(TEST_DATA_DIR, exist_ok=True)
    write_bytes(os.path.join(OUT_DIR, "icann.bin"), table(icann))
    write_bytes(os.path.join(OUT_DIR, "private.bin"), table(private))
    write(os.path.join(TEST_DATA_DIR, "icann.txt"), "".join(r + "\n" for r in icann))
    write(os.path.join(TEST_DATA_DIR, "private.txt"), "".join(r + "\n" for r in private))
    write(
        os.path.join(OUT_DIR, "version.txt"),
        "%s (publicsuffixlist %s)" % (version, args.version),
    )
    write(
        os.path.join(OUT_DIR, "README.md"),
        README.format(
            wheel=args.version, dat=DAT_PATH, version=version, commit=commit,
            n_icann=len(icann), n_private=len(private), block=BLOCK,
        ),
    )
    print(
        "Public Suffix List %s (publicsuffixlist %s): %d ICANN rules, %d private rules -> %s"
        % (version, args.version, len(icann), len(private), os.path.normpath(OUT_DIR))
    )


if __name__ == "__main__":
    main()
