#!/usr/bin/env python3
"""Regenerate the compiled-in Public Suffix List data of ncpcert (SPEC §5.2, D7-D10).

Downloads the `publicsuffixlist` wheel from PyPI with pip, reads the
`public_suffix_list.dat` it carries, and writes into core/src/domain/psl/:

  icann.txt    rules of the ICANN section
  private.txt  rules of the PRIVATE section
  version.txt  "<VERSION line of the .dat> (publicsuffixlist <wheel version>)", no newline
  README.md    provenance, licence (MPL-2.0) and how to regenerate

Every rule is written in lower-case A-label (ASCII) form, keeping the PSL's
`*.` (wildcard) and `!` (exception) markers, one rule per line, sorted by the
rule's labels read right to left (`kr`, `ac.kr`, `co.kr`, ..., then `la`),
byte-wise per label. core/src/domain/psl.rs binary-searches the files in that
order. The output depends only on the wheel: running the script twice gives
byte-identical files.

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
OUT_DIR = os.path.join(
    os.path.dirname(os.path.abspath(__file__)), os.pardir, "core", "src", "domain", "psl"
)
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
        rule = marker + ".".join(to_a_label(label) for label in rule.split("."))
        if not RULE_RE.match(rule):
            sys.exit("unexpected rule form: %r" % rule)
        out.add(rule)
    return sorted(out, key=lambda r: [part.encode("ascii") for part in reversed(r.split("."))])


def write(path, text):
    with open(path, "w", encoding="ascii", newline="\n") as f:
        f.write(text)


README = """\
# Public Suffix List data

Derived from the Public Suffix List (https://publicsuffix.org/), as shipped in the
`publicsuffixlist` wheel from PyPI, version **{wheel}**
(`pip download --no-deps publicsuffixlist=={wheel}`), file `{dat}`:

    // VERSION: {version}
    // COMMIT: {commit}

| file | content | rules |
|---|---|---|
| `icann.txt` | the ICANN section (`===BEGIN ICANN DOMAINS===`) | {n_icann} |
| `private.txt` | the PRIVATE section (`===BEGIN PRIVATE DOMAINS===`) | {n_private} |
| `version.txt` | the list's version line and the wheel version (`PUBLIC_SUFFIX_LIST_VERSION`) | |

Format: one rule per line, every label in lower-case A-label (ASCII, `xn--`) form, with the
list's own markers kept (`*.ck` wildcard, `!www.ck` exception). Lines are sorted by the rule's
labels read from right to left, each label compared byte by byte (`kr`, `ac.kr`, `busan.kr`,
`co.kr`, ..., `la`); `core/src/domain/psl.rs` binary-searches them in that order.

## Licence

The Public Suffix List is licensed under the Mozilla Public License, version 2.0 (MPL-2.0),
https://mozilla.org/MPL/2.0/. These derived data files (`icann.txt`, `private.txt`,
`version.txt`) are covered by the MPL-2.0 as well; the rest of ncpcert keeps its own licence.

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
    write(os.path.join(OUT_DIR, "icann.txt"), "".join(r + "\n" for r in icann))
    write(os.path.join(OUT_DIR, "private.txt"), "".join(r + "\n" for r in private))
    write(
        os.path.join(OUT_DIR, "version.txt"),
        "%s (publicsuffixlist %s)" % (version, args.version),
    )
    write(
        os.path.join(OUT_DIR, "README.md"),
        README.format(
            wheel=args.version, dat=DAT_PATH, version=version, commit=commit,
            n_icann=len(icann), n_private=len(private),
        ),
    )
    print(
        "Public Suffix List %s (publicsuffixlist %s): %d ICANN rules, %d private rules -> %s"
        % (version, args.version, len(icann), len(private), os.path.normpath(OUT_DIR))
    )


if __name__ == "__main__":
    main()
