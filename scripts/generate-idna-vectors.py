#!/usr/bin/env python3
"""Writes tests/vectors/idna.json: what Python's `idna` package makes of Unicode and
A-label domain names, the reference for SPEC D1/D5 (§5.2).

For every name: `idna.encode(name, uts46=True, transitional=False)` — the ASCII name, or
that idna refuses it and why — and the `xn--` labels of the name that `idna.ulabel` refuses
(SPEC D5: an A-label must decode to a valid IDNA 2008 U-label).

A wildcard (`*.rest`) is not an IDNA label (SPEC D8: the `*` is the whole left-most label,
and idna refuses `*` as a code point), so for those names the reference is `*.` followed by
what idna makes of `rest`.

The Rust, Node and Python suites read the file; each checks that ncpcert's `domain.unicode`
finding suggests exactly `ascii`, suggests nothing when idna refuses, and that
`domain.punycode` is reported exactly when `bad_a_labels` is not empty.

Run from the repository root, in a venv with the idna package:
    python3 -m venv .venv-idna && .venv-idna/bin/pip install idna
    .venv-idna/bin/python scripts/generate-idna-vectors.py
"""

import json
import os
import re
import sys
import unicodedata

import idna
import idna.idnadata

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "tests", "vectors", "idna.json")

# Dots UTS 46 maps to U+002E (the same set Python's idna splits A-label checks on here).
DOTS = re.compile("[.\u3002\uff0e\uff61]")

# (category, names). Written by hand; the combinations below add more of each kind.
HAND = {
    "korean": [
        "네이버.com", "한국.kr", "다음.net", "삼성전자.kr", "카카오.com", "www.네이버.com",
        "서울.kr", "부산시청.kr", "한글도메인.한국", "정부.한국", "가.com", "대한민국.kr",
        "네이버。com", "한국．kr", "네이버.컴", "쇼핑.네이버.com", "메일.다음.net", "우리은행.com",
        "\u1100\u1161.kr",  # conjoining jamo: NFC composes them to 가
        "\u1100.kr",  # a lone old-style leading jamo: not a valid IDNA 2008 code point
        "\u3131.kr",  # compatibility jamo ㄱ: UTS 46 maps it to the conjoining jamo
        "한국-정부.kr", "-한국.kr", "한국-.kr", "한국\u00b7정부.kr",
    ],
    "japanese": [
        "例え.テスト", "日本.jp", "ドメイン.jp", "ひらがな.jp", "カタカナ.jp", "東京.jp",
        "ｶﾀｶﾅ.jp", "日本・東京.jp", "・・.jp", "a・b.jp", "お名前.com", "楽天.jp",
        "ヤフー.jp", "日本語。ｊｐ", "ーー.jp", "々.jp", "〆切.jp", "ゟ.jp", "〇〇.jp",
        "\u302e.jp", "\u3031.jp", "日本\u303b.jp",
    ],
    "chinese": [
        "中国.cn", "中文.com", "例子.测试", "網絡.tw", "香港.hk", "公司.cn", "北京大学.cn",
        "政府.cn", "中國.tw", "台灣.tw", "新加坡.sg", "澳門.mo", "淘宝.com", "百度.com",
        "〇.cn", "中国。公司", "中文．网络",
    ],
    "cyrillic": [
        "москва.рф", "МОСКВА.рФ", "пример.рф", "яндекс.рф", "україна.укр", "УКРАЇНА.УКР",
        "ёлка.рф", "сайт.бел", "тест.срб", "пример.испытание", "Қазақстан.қаз", "монгол.мон",
        "apple.ком", "аррӏе.com", "Ӏ.com", "ѐ.com",
    ],
    "greek": [
        "αθηνα.gr", "ΑΘΗΝΑ.gr", "ελλάδα.gr", "ΕΛΛΆΔΑ.gr", "σίσυφος.gr", "ΣΊΣΥΦΟΣ.gr",
        "ςα.gr", "παράδειγμα.δοκιμή", "ΠΑΡΆΔΕΙΓΜΑ.ΔΟΚΙΜΉ", "α\u0375β.gr", "\u0375α.gr",
        "α\u0375.gr", "ʹα.gr", "ϐ.gr", "ΐ.gr",
    ],
    "latin": [
        "münchen.de", "MÜNCHEN.de", "bücher.example", "café.fr", "crème-brûlée.fr",
        "straße.de", "STRASSE.de", "ærø.dk", "ÆRØ.dk", "łódź.pl", "ŁÓDŹ.PL", "ñandú.ar",
        "İstanbul.tr", "ıstanbul.tr", "ǅungla.hr", "ǆ.hr", "Ǆ.hr", "ﬁnance.com", "ŉ.com",
        "ſ.com", "ĳssel.nl", "Ĳssel.nl", "façade.com", "Façade.Com", "naïve.com",
        "smörgåsbord.se", "årsta.se", "Ålesund.no", "þing.is", "ðe.is", "Đà-nẵng.vn",
        "tiếng-việt.vn", "ça.fr", "œuvre.fr", "Œuvre.fr", "l\u00b7l.cat", "col\u00b7legi.cat",
        "\u00b7l.cat", "l\u00b7.cat", "a\u00b7b.cat", "ǰ.com",
    ],
    "upper_and_title_case": [
        "Bücher.Example", "WWW.Ünicode.COM", "Straße.De", "Москва.Рф", "Αθηνα.Gr",
        "München.DE", "ÜBER.com", "Éclair.Fr", "ΣΊΣΥΦΟΣ.GR", "ǅ.com",
    ],
    "fullwidth_and_dots": [
        "ｅｘａｍｐｌｅ．ｃｏｍ", "ＷＷＷ.ＮＡＶＥＲ.ＣＯＭ", "ｗｗｗ。ｅｘａｍｐｌｅ。ｃｏｍ",
        "１２３.com", "ｅｘａｍｐｌｅ｡ｃｏｍ", "ａ－ｂ.com", "ａ＿ｂ.com", "ｅｘａｍｐｌｅ．ｃｏｍ．",
        "ｗｗｗ．네이버．ｃｏｍ", "例え。テスト", "ｘｎ－－ｎ３ｈ.com", "ｘｎ－－３ｅ０ｂ７０７ｅ.kr",
        "ｗｗｗ。ｎａｖｅｒ．ｃｏｍ", "Ａ.ｃｏｍ", "ｅｘａｍｐｌｅ．．ｃｏｍ",
    ],
    "compatibility": [
        "℡.com", "㈱.jp", "①.com", "⒈com", "™.com", "ℌ.com", "㎒.com", "ﬃ.com", "½.com",
        "ª.com", "x².com", "Ⅻ.com", "＠.com", "ℂ.com", "㍿.jp", "㋿.jp", "ⓐ.com", "𝐚𝐛𝐜.com",
        "ᵃ.com", "ℹ.com", "㎏.com", "ǳ.com", "ꭰ.com", "Ꭰ.com", "µ.com", "K.com", "Å.com",
        "Ω.com", "ﬀ.com", "︒.com",
    ],
    "soft_hyphens_and_joiners": [
        "soft\u00adhyphen.com", "\u00adexample.com", "zero\u200bwidth.com", "a\u200db.com",
        "a\u200cb.com", "\u0645\u06cc\u200c\u062e\u0648\u0627\u0647\u0645.ir",
        "\u0915\u094d\u200d\u0937.in", "\u0915\u094d\u200c\u0937.in", "\u200c.com", "\u200d.com",
        "word\u2060joiner.com", "bom\ufeff.com", "cgj\u034f.com", "mongolian\u180e.com",
        "var\ufe0fsel.com", "한\u200d국.kr", "\u0628\u200c\u0628.ir",
    ],
    "emoji_and_symbols": [
        "☃.com", "😀.com", "i❤.ws", "♥.com", "★.com", "✓.com", "€.com", "©.com", "☺.com",
        "🇰🇷.kr", "👍.com", "⌘.com", "→.com", "∞.com", "💩.la", "⚽.com", "☕.com", "♠.com",
        "¥.jp", "§.com", "¶.com", "†.com", "♪.com", "✈.com", "⬛.com", "🔥.com", "🍺.com",
        "a-☃.com", "네이버☃.com", "$.com", "a%b.com", "a b.com", "a/b.com",
    ],
    "non_nfc": [
        "a\u0301.com", "e\u0301cole.fr", "\u0301a.com", "n\u0303andu.ar", "A\u030a.com",
        "u\u0308ber.com", "o\u0308\u0301.com", "\u0308.com", "c\u0327a.fr", "\u1112\u1161\u11ab.kr",
        "\u0915\u093c.in", "\u212b.com", "ᾷ.gr", "α\u0342\u0345.gr",
    ],
    "wildcards": [
        "*.네이버.com", "*.münchen.de", "*.ｅｘａｍｐｌｅ．ｃｏｍ", "*.☃.com", "*.例え.テスト",
        "*.MÜNCHEN.de", "*.a\u0301.com", "*.xn--n3h.com", "*.москва.рф", "*.中国.cn",
    ],
    "a_labels": [
        "xn--n3h.com", "xn--ls8h.la", "xn--3e0b707e.kr", "xn--950bt9s8xi.com",
        "xn--mnchen-3ya.de", "xn--mnchen-psa.de", "xn--abc.com", "xn--.com", "xn--a.com",
        "xn--zz.com", "xn--1ca.com", "xn--a-ecp.com", "xn--e1afmkfd.xn--p1ai",
        "XN--3E0B707E.KR", "xn--fiqs8s.cn", "xn--strae-oqa.de", "xn--zca.de", "xn--55qx5d.cn",
        "xn--ll-0ea.cat", "xn--l-fda.cat", "xn--a-xbb.com", "xn--80ak6aa92e.com",
        "xn--i-7iq.ws", "xn--mgbh0fb.xn--kgbechtv", "xn--hxajbheg2az3al.xn--jxalpdlp",
        "xn--3e0b707e-.kr", "xn---3e0b707e.kr", "xn--bcher-kva.example", "xn--caf-dma.fr",
        "xn--80adxhks.xn--p1ai", "xn--wgv71a119e.jp", "xn--9n2bp8q.kr", "xn--o39a.com",
        "xn--ghq.com", "xn--4db.com", "xn--11b.in", "xn--ypb.com", "xn--0ca.com",
        "xn--www-naver-com.com", "xn--nxasmq6b.com", "xn--ls8h.xn--ls8h", "xn--u-ccb.com",
        "www.xn--3e0b707e.kr", "xn--1lq90i.cn", "xn--j6w193g.hk", "xn--kprw13d.tw",
        "xn--d1acufc.xn--p1ai", "xn--90ae.xn--p1ai", "xn--qxam.gr", "xn--mxahbxey0c.gr",
    ],
    "ascii": [
        "www.naver.com", "WWW.NAVER.COM", "Example.Com", "a_b.com", "-a.com", "a-.com",
        "ab--cd.com", "example.com.", "a..com", "xn--example.com", "123.com", "EXAMPLE.CO.KR",
    ],
}

# Labels and suffixes combined into more names of each kind.
COMBINE_LABELS = [
    ("korean", "네이버"), ("korean", "한국"), ("korean", "삼성"), ("japanese", "日本"),
    ("japanese", "テスト"), ("chinese", "中文"), ("chinese", "公司"), ("cyrillic", "пример"),
    ("cyrillic", "ПРИМЕР"), ("greek", "ελλάδα"), ("latin", "münchen"), ("latin", "café"),
    ("upper_and_title_case", "Bücher"), ("fullwidth_and_dots", "ｎａｖｅｒ"),
    ("emoji_and_symbols", "☃"), ("emoji_and_symbols", "😀"), ("non_nfc", "a\u0301"),
    ("soft_hyphens_and_joiners", "so\u00adft"), ("compatibility", "ﬁ"),
    ("soft_hyphens_and_joiners", "a\u200db"),
]
COMBINE_SUFFIXES = ["com", "ＣＯＭ", "co.kr", "Kr", "한국", "рф", "中国", "ｊｐ"]
COMBINE_DOTS = [".", "。", "．"]


def names():
    seen = set()
    out = []
    for category, items in HAND.items():
        for name in items:
            if name not in seen:
                seen.add(name)
                out.append((category, name))
    for i, (category, label) in enumerate(COMBINE_LABELS):
        for j, suffix in enumerate(COMBINE_SUFFIXES):
            dot = COMBINE_DOTS[(i + j) % len(COMBINE_DOTS)]
            for name in (label + dot + suffix, "www" + dot + label + dot + suffix):
                if name not in seen:
                    seen.add(name)
                    out.append((category, name))
    return out


def reference(name):
    """(ascii or None, error or None) for `name`."""
    prefix = ""
    rest = name
    if name.startswith("*."):
        prefix, rest = "*.", name[2:]
    try:
        return prefix + idna.encode(rest, uts46=True, transitional=False).decode("ascii"), None
    except (idna.IDNAError, UnicodeError) as e:
        return None, f"{type(e).__name__}: {e}"


def bad_a_labels(name):
    """The ASCII `xn--` labels of `name` that are not valid A-labels (SPEC D5)."""
    bad = []
    for label in DOTS.split(name):
        if not label.isascii() or not label.lower().startswith("xn--"):
            continue
        try:
            idna.ulabel(label.lower())
        except (idna.IDNAError, UnicodeError):
            bad.append(label.lower())
    return bad


def main():
    vectors = []
    for category, name in names():
        ascii_name, error = reference(name)
        entry = {
            "category": category,
            "name": name,
            "codepoints": " ".join(f"U+{ord(c):04X}" for c in name if ord(c) > 0x7F),
            "ascii": ascii_name,
            "bad_a_labels": bad_a_labels(name),
        }
        if error:
            entry["idna_error"] = error
        vectors.append(entry)
    doc = {
        "description": (
            "SPEC D1/D5 reference: what Python's idna package makes of each name with "
            "idna.encode(name, uts46=True, transitional=False): `ascii` is its output (null when "
            "it refuses the name, `idna_error` says why); for a wildcard `*.rest` it is `*.` + "
            "the output for `rest`. `bad_a_labels`: the ASCII `xn--` labels idna.ulabel refuses. "
            "ncpcert's domain.unicode finding suggests exactly `ascii` for a non-ASCII name (no "
            "suggestion when it is null); domain.punycode is reported exactly when bad_a_labels "
            "is not empty. Written by scripts/generate-idna-vectors.py; do not edit by hand."
        ),
        "generator": "scripts/generate-idna-vectors.py",
        "idna_version": idna.__version__,
        "idna_unicode_version": idna.idnadata.__version__,
        "python_unicodedata_version": unicodedata.unidata_version,
        "count": len(vectors),
        "vectors": vectors,
    }
    with open(OUT, "w", encoding="utf-8") as f:
        json.dump(doc, f, ensure_ascii=False, indent=1)
        f.write("\n")
    refused = sum(1 for v in vectors if v["ascii"] is None)
    print(f"wrote {OUT}: {len(vectors)} names, {refused} refused by idna", file=sys.stderr)


if __name__ == "__main__":
    main()
