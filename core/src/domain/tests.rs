//! Tests of the domain-name checks.

use super::*;
use crate::report::Severity;

/// The codes `check_name` reports for `name`, checking the invariants of every finding.
fn codes_in(name: &str, field: &str) -> Vec<Code> {
    let mut findings = vec![Finding::new(Code::DnsNameDuplicate, "other", "unrelated")];
    let returned = check_name(name, field, &mut findings);
    assert_eq!(returned, normalize(name));
    assert_eq!(
        findings.remove(0).field,
        "other",
        "earlier findings are kept"
    );
    let mut codes = Vec::new();
    for f in &findings {
        assert_eq!(f.field, field, "{name:?}: {f}");
        assert_eq!(f.severity, f.code.severity(), "{name:?}: {f}");
        assert!(f.code.as_str().starts_with("domain."), "{name:?}: {f}");
        assert!(!f.message.is_empty());
        assert!(!codes.contains(&f.code), "{name:?}: {} twice", f.code);
        codes.push(f.code);
    }
    codes
}

fn codes(name: &str) -> Vec<Code> {
    codes_in(name, "name")
}

/// `name` gives exactly the one finding `code`, with that code's severity; returns it.
fn only(name: &str, code: Code) -> Finding {
    assert_eq!(codes(name), vec![code], "{name:?}");
    let mut findings = check(name);
    assert_eq!(findings.len(), 1);
    let f = findings.remove(0);
    assert_eq!(f.field, "name");
    f
}

fn clean(name: &str) {
    assert_eq!(check(name), Vec::<Finding>::new(), "{name:?}");
}

#[test]
fn good_names_give_no_findings() {
    for name in [
        "www.example.com",
        "example.com",
        "*.example.co.kr",
        "xn--3e0b707e.kr",
        "www.xn--3e0b707e.kr",
        "example.github.io",
        "*.example.github.io",
        "*.example.com",
        "a-b.example.com",
        "1.example.com",
        "192.168.0.1.example.com",
        "xn--mnchen-3ya.de",
        "www.ck",
        "city.kawasaki.jp",
        "example.co.za",
        "  WWW.Example.COM  ",
        "a.b.c.d.e.f.example.com",
    ] {
        clean(name);
    }
}

#[test]
fn field_and_severity_are_carried() {
    let mut findings = Vec::new();
    let n = check_name(" A_B.Example.com ", "dnsName[2]", &mut findings);
    assert_eq!(n, "a_b.example.com");
    assert_eq!(findings.len(), 1);
    assert_eq!(findings[0].code, Code::DomainUnderscore);
    assert_eq!(findings[0].field, "dnsName[2]");
    assert_eq!(findings[0].severity, Severity::Error);
    assert_eq!(
        codes_in("*.github.io", "csr.san[1]"),
        vec![Code::DomainWildcardPrivateSuffix]
    );
}

#[test]
fn normalize_trims_and_lower_cases_ascii_only() {
    assert_eq!(normalize("  WWW.Example.COM\t\n"), "www.example.com");
    assert_eq!(normalize("ÜBER.de"), "Über.de");
    assert_eq!(normalize(""), "");
}

// D1
#[test]
fn d1_unicode() {
    let f = only("한국.kr", Code::DomainUnicode);
    assert_eq!(f.severity, Severity::Error);
    assert!(f.message.contains("xn--3e0b707e.kr"), "{}", f.message);
    assert!(f.message.contains("한국.kr"), "{}", f.message);
    let f = only("MÜNCHEN.de", Code::DomainUnicode);
    assert!(f.message.contains("xn--mnchen-3ya.de"), "{}", f.message);
    // The A-label form is checked further: its underscore is still reported.
    assert_eq!(
        codes("a_b.한국.kr"),
        vec![Code::DomainUnicode, Code::DomainUnderscore]
    );
    // No A-label form: said so, and the non-ASCII text is not reported again as bad characters.
    let f = only("한 국.kr", Code::DomainUnicode);
    assert!(f.message.contains("a space"), "{}", f.message);
    let f = only(&format!("{}.kr", "가".repeat(64)), Code::DomainUnicode);
    assert!(f.message.contains("too long"), "{}", f.message);
    assert_eq!(
        codes("한 국.a_b.kr"),
        vec![Code::DomainUnicode, Code::DomainUnderscore]
    );
    clean("xn--3e0b707e.kr");
}

#[test]
fn to_ascii_converts_u_labels() {
    assert_eq!(to_ascii("한국.kr").as_deref(), Some("xn--3e0b707e.kr"));
    assert_eq!(to_ascii("한국。kr").as_deref(), Some("xn--3e0b707e.kr"));
    assert_eq!(
        to_ascii(" www.한국.KR ").as_deref(),
        Some("www.xn--3e0b707e.kr")
    );
    assert_eq!(to_ascii("*.한국.kr").as_deref(), Some("*.xn--3e0b707e.kr"));
    assert_eq!(to_ascii("MÜNCHEN.de").as_deref(), Some("xn--mnchen-3ya.de"));
    assert_eq!(
        to_ascii("bücher.example").as_deref(),
        Some("xn--bcher-kva.example")
    );
    assert_eq!(
        to_ascii("例え.テスト").as_deref(),
        Some("xn--r8jz45g.xn--zckzah")
    );
    assert_eq!(
        to_ascii("www.example.com").as_deref(),
        Some("www.example.com")
    );
    assert_eq!(to_ascii("한 국.kr"), None);
    assert_eq!(to_ascii("한_국.kr"), None);
    assert_eq!(to_ascii("한\u{0}국.kr"), None);
    assert_eq!(to_ascii(&"가".repeat(64)), None);
    // The longest Hangul label that still fits in 63 characters.
    let fits = (1..64)
        .rev()
        .find(|&n| to_ascii(&"가".repeat(n)).is_some())
        .unwrap();
    assert!(to_ascii(&"가".repeat(fits)).unwrap().len() <= 63);
}

// D2
#[test]
fn d2_syntax_and_lengths() {
    for name in [
        "",
        "   ",
        "example.com.",
        ".example.com",
        "www..example.com",
        "localhost",
        "com",
        ".",
        "..",
    ] {
        assert_eq!(
            only(name, Code::DomainSyntax).severity,
            Severity::Error,
            "{name:?}"
        );
    }
    assert!(only("example.com.", Code::DomainSyntax)
        .message
        .contains("`example.com`"));

    let a63 = "a".repeat(63);
    let a64 = "a".repeat(64);
    clean(&format!("{a63}.example.com"));
    only(&format!("{a64}.example.com"), Code::DomainLabelTooLong);

    let longest = format!("{a63}.{a63}.{a63}.{}.com", "b".repeat(57));
    assert_eq!(longest.len(), 253);
    clean(&longest);
    let too_long = format!("{a63}.{a63}.{a63}.{}.com", "b".repeat(58));
    assert_eq!(too_long.len(), 254);
    let f = only(&too_long, Code::DomainTooLong);
    assert!(f.message.contains("254"), "{}", f.message);
    assert!(
        f.message.contains('…'),
        "long names are shortened in messages"
    );
    assert_eq!(
        codes(&format!("{a64}.{a64}.{a64}.{a64}.com")),
        vec![Code::DomainTooLong, Code::DomainLabelTooLong]
    );
}

// D3
#[test]
fn d3_characters_and_hyphens() {
    let f = only("a b.example.com", Code::DomainBadCharacter);
    assert!(f.message.contains("a space"), "{}", f.message);
    for name in [
        "a!b.example.com",
        "a+b.example.com",
        "ex%41mple.com",
        "a\u{0}.com",
    ] {
        only(name, Code::DomainBadCharacter);
    }
    // One finding for several bad characters.
    only("a b c!d.example.com", Code::DomainBadCharacter);
    let f = only("https://example.com/", Code::DomainBadCharacter);
    assert!(f.message.contains("https://"), "{}", f.message);
    only("example.com:443", Code::DomainBadCharacter);

    for name in ["-a.example.com", "a-.example.com", "www.example-.com"] {
        let f = only(name, Code::DomainHyphen);
        assert_eq!(f.severity, Severity::Error);
    }
    clean("a-b.example.com");
    clean("a--b.example.com"); // `--` outside positions 3–4 is fine
}

// D4
#[test]
fn d4_underscore() {
    let f = only("a_b.example.com", Code::DomainUnderscore);
    assert_eq!(f.severity, Severity::Error);
    assert!(f.message.contains("a_b.example.com"));
    only("_dmarc.example.com", Code::DomainUnderscore);
    clean("a-b.example.com");
}

// D5
#[test]
fn d5_reserved_labels_and_punycode() {
    for name in ["ab--cd.example.com", "www.zz--top.com", "xy--.example.com"] {
        let codes = codes(name);
        assert!(
            codes.contains(&Code::DomainReservedLabel),
            "{name}: {codes:?}"
        );
    }
    only("ab--cd.example.com", Code::DomainReservedLabel);

    let f = only("xn--abc.com", Code::DomainPunycode);
    assert_eq!(f.severity, Severity::Error);
    assert!(f.message.contains("xn--abc"), "{}", f.message);
    assert!(f.message.contains("U+0082"), "{}", f.message);
    for name in [
        "xn--zz.com",        // truncated number
        "xn--a.com",         // decodes to the control character U+0080
        "xn---a.com",        // leading delimiter
        "xn--99999999a.com", // beyond U+10FFFF
    ] {
        only(name, Code::DomainPunycode);
    }
    // Valid Punycode for code points IDNA 2008 disallows (SPEC D5): an emoji (U+1F4A9), the
    // snowman (U+2603), as CAs' linters refuse them.
    let f = only("www.xn--ls8h.com", Code::DomainPunycode);
    assert!(f.message.contains("U+1F4A9"), "{}", f.message);
    let f = only("xn--n3h.com", Code::DomainPunycode);
    assert!(f.message.contains("U+2603"), "{}", f.message);
    // Not NFC (`a` + U+0301): the NFC form is xn--1ca.
    only("xn--a-xbb.com", Code::DomainPunycode);
    clean("xn--1ca.com");
    // Decodes to plain ASCII `abc` (and, like every such label, ends with `-`).
    assert_eq!(
        codes("xn--abc-.com"),
        vec![Code::DomainHyphen, Code::DomainPunycode]
    );
    // Nothing after the prefix (the label also ends with `-`).
    assert_eq!(
        codes("xn--.example.com"),
        vec![Code::DomainHyphen, Code::DomainPunycode]
    );
    clean("xn--3e0b707e.kr");
    clean("xn--mnchen-3ya.de");
    clean("www.xn--bcher-kva.example.com");
}

#[test]
fn punycode_label_check_details() {
    assert_eq!(check_punycode("xn--3e0b707e"), Ok(()));
    assert!(check_punycode("xn--abc").unwrap_err().contains("U+0082"));
    assert!(check_punycode("xn--abc-").is_err());
    assert!(check_punycode("xn--").is_err());
    // A middle dot only between two `l` (RFC 5892 A.3).
    assert_eq!(check_punycode("xn--ll-0ea"), Ok(()));
    assert!(check_punycode("xn--l-fda")
        .unwrap_err()
        .contains("contextual"));
    // A decoded upper-case letter is not a valid U-label.
    assert!(check_punycode("xn--mnchen-psa")
        .unwrap_err()
        .contains("U+00DC"));
}

// D6
#[test]
fn d6_ip_addresses() {
    for name in [
        "192.168.0.1",
        "10.0.0.1",
        "127.0.0.1.",
        "010.000.000.001",
        "999.1.1.1",
        "::1",
        "[::1]",
        "2001:db8::1",
        "[2001:DB8::1]",
        "fe80::1%eth0",
        "::ffff:192.168.0.1",
    ] {
        let f = only(name, Code::DomainIpAddress);
        assert_eq!(f.severity, Severity::Error);
        assert!(f.message.contains(&normalize(name)), "{}", f.message);
    }
    assert!(only("10.0.0.1", Code::DomainIpAddress)
        .message
        .contains("IPv4"));
    assert!(only("::1", Code::DomainIpAddress).message.contains("IPv6"));
    clean("192.168.0.1.example.com");
    clean("1.2.3.example.com");
    // Not IP text: reported by the other rules.
    assert_eq!(
        codes("[::1"),
        vec![Code::DomainSyntax, Code::DomainBadCharacter]
    );
    only("1.2.3.4:443", Code::DomainBadCharacter);
}

// D7
#[test]
fn d7_top_level_domain_and_public_suffix() {
    for name in [
        "printer.local",
        "foo.internal",
        "nas.lan",
        "a.test",
        "a.localhost",
        "mail.corp",
        "router.home",
        "www.example",
        "x.invalid",
        "*.printer.local",
    ] {
        let f = only(name, Code::DomainInternalName);
        assert_eq!(f.severity, Severity::Error);
        assert!(f.message.contains(name), "{}", f.message);
    }
    for name in ["1.0.168.192.in-addr.arpa", "home.arpa", "abcdefgh.onion"] {
        assert_eq!(
            only(name, Code::DomainReservedZone).severity,
            Severity::Error
        );
    }
    for name in [
        "co.kr",
        "or.kr",
        "seoul.kr",
        "com.au",
        "foo.ck",
        "foo.kawasaki.jp",
    ] {
        let f = only(name, Code::DomainPublicSuffix);
        assert_eq!(f.severity, Severity::Error);
        assert!(f.message.contains(name), "{}", f.message);
    }
    // Exception rules make these registrable again.
    clean("www.ck");
    clean("city.kawasaki.jp");
    // A private-section suffix is not an error when not a wildcard.
    clean("github.io");
    clean("example.co.kr");
    // Earlier errors suppress D7.
    assert_eq!(codes("a_b.local"), vec![Code::DomainUnderscore]);
    assert_eq!(codes("한국.local"), vec![Code::DomainUnicode]);
}

// D8
#[test]
fn d8_wildcards() {
    for name in [
        "*.*.example.com",
        "w*.example.com",
        "www.*.example.com",
        "*example.com",
        "example.*",
        "**.example.com",
    ] {
        let f = only(name, Code::DomainWildcard);
        assert_eq!(f.severity, Severity::Error);
    }
    only("*", Code::DomainSyntax);
    clean("*.example.com");
    clean("*.www.example.co.kr");
    // The rest of a wildcard name is checked like any name.
    assert_eq!(codes("*.a_b.example.com"), vec![Code::DomainUnderscore]);
    assert_eq!(codes("*.example.com."), vec![Code::DomainSyntax]);
}

// D9
#[test]
fn d9_wildcard_under_icann_suffix() {
    for name in ["*.co.kr", "*.com", "*.kr", "*.foo.ck", "*.za", "*.seoul.kr"] {
        let f = only(name, Code::DomainWildcardPublicSuffix);
        assert_eq!(f.severity, Severity::Error);
        assert!(f.message.contains(name), "{}", f.message);
    }
    clean("*.example.co.kr");
    clean("*.www.ck");
}

// D10
#[test]
fn d10_wildcard_under_private_suffix() {
    let f = only("*.github.io", Code::DomainWildcardPrivateSuffix);
    assert_eq!(f.severity, Severity::Warning);
    assert!(f.message.contains("github.io"), "{}", f.message);
    clean("*.example.github.io");
    clean("*.example.com");
}

#[test]
fn public_suffix_list_version_is_set() {
    assert!(PUBLIC_SUFFIX_LIST_VERSION.contains("publicsuffixlist 1."));
    assert!(!PUBLIC_SUFFIX_LIST_VERSION.ends_with('\n'));
}

/// A few hundred odd strings: no panic, and every finding is well-formed (one per code).
#[test]
fn odd_inputs_never_panic() {
    let pieces = [
        "",
        ".",
        "..",
        "*",
        "-",
        "_",
        "xn--",
        "a",
        "z9",
        "한",
        "국",
        "ü",
        "ß",
        "İ",
        "\u{0}",
        " ",
        "\t",
        ":",
        "[",
        "]",
        "%",
        "/",
        "@",
        "。",
        "．",
        "\u{FEFF}",
        "\u{10FFFF}",
        "\u{FFFD}",
        "😀",
        "--",
        "1",
        "255",
        "com",
        "kr",
        "local",
        "arpa",
        "onion",
        "ck",
        "www",
        "github",
        "io",
        "co",
        "xn--abc",
        "xn--3e0b707e",
        "ab--",
        "0x7f",
        "::",
        "é",
        "\u{301}",
    ];
    let mut state: u64 = 0x9E37_79B9_7F4A_7C15;
    let mut next = |bound: usize| {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        (state % bound as u64) as usize
    };
    let mut inputs: Vec<String> = Vec::new();
    for _ in 0..600 {
        let parts = next(12);
        let mut s = String::new();
        for _ in 0..parts {
            s.push_str(pieces[next(pieces.len())]);
            if next(3) > 0 {
                s.push('.');
            }
        }
        inputs.push(s);
    }
    inputs.push("a.".repeat(200));
    inputs.push("가".repeat(500));
    inputs.push(format!("{}.com", "x".repeat(10_000)));
    inputs.push("*.".repeat(100));
    inputs.push(format!("xn--{}.com", "9".repeat(60)));
    for input in &inputs {
        codes(input);
        let _ = to_ascii(input);
    }
}

#[test]
fn upper_case_converts_as_its_lower_case() {
    // UTS 46 case folding covers every script: Armenian capitals too.
    assert_eq!(to_ascii("\u{531}\u{562}.am"), to_ascii("\u{561}\u{562}.am"));
    assert!(to_ascii("\u{531}\u{562}.am").is_some());
    // Latin, Greek and Cyrillic capitals convert as their lower case does.
    assert_eq!(to_ascii("MÜNCHEN.de"), to_ascii("münchen.de"));
    assert_eq!(to_ascii("ΑΘΗΝΑ.gr"), to_ascii("αθηνα.gr"));
    assert_eq!(to_ascii("МОСКВА.рф"), to_ascii("москва.рф"));
}
