//! SPEC D1/D5 against Python's `idna` package: `tests/vectors/idna.json` (written by
//! `scripts/generate-idna-vectors.py`) records what `idna.encode(name, uts46=True,
//! transitional=False)` makes of each name. For every name, ncpcert's `domain.unicode`
//! finding suggests exactly that ASCII name (none where idna refuses, none at all for an ASCII
//! name), and `domain.punycode` is reported exactly for the names with an `xn--` label idna
//! refuses. The Node and Python suites run the same file.

mod common;

use ncpcert::domain;
use serde_json::Value;

/// The name a `domain.unicode` message suggests (`… use its A-label `NAME`.`).
fn suggestion(message: &str) -> Option<&str> {
    let rest = message.split("use its A-label `").nth(1)?;
    rest.strip_suffix("`.")
}

#[test]
fn unicode_names_and_a_labels_as_python_idna_reads_them() {
    let path = common::repo_tests_dir().join("vectors").join("idna.json");
    let doc: Value = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    let vectors = doc["vectors"].as_array().unwrap();
    assert!(vectors.len() >= 300, "only {} vectors", vectors.len());
    let mut failures = Vec::new();
    for v in vectors {
        let name = v["name"].as_str().unwrap();
        let want = v["ascii"].as_str();
        let bad_a_label = !v["bad_a_labels"].as_array().unwrap().is_empty();
        let findings = domain::check(name);
        let unicode = findings
            .iter()
            .find(|f| f.code.as_str() == "domain.unicode");
        let punycode = findings
            .iter()
            .any(|f| f.code.as_str() == "domain.punycode");
        let got = unicode.and_then(|f| suggestion(&f.message));
        match unicode {
            Some(f) if name.is_ascii() => {
                failures.push(format!("{name:?}: ASCII, but {:?}", f.message));
            }
            None if !name.is_ascii() => {
                failures.push(format!("{name:?}: no domain.unicode finding"));
            }
            Some(f) if got != want => failures.push(format!(
                "{name:?} ({}): want {want:?}, got {got:?} ({})",
                v["codepoints"].as_str().unwrap_or_default(),
                f.message
            )),
            _ => {}
        }
        if punycode != bad_a_label {
            failures.push(format!(
                "{name:?}: domain.punycode {punycode}, idna refuses an A-label: {bad_a_label}"
            ));
        }
        // The public conversion agrees with the finding.
        if !name.is_ascii() && domain::to_ascii(name).as_deref() != want {
            failures.push(format!(
                "{name:?}: to_ascii gives {:?}",
                domain::to_ascii(name)
            ));
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} names differ from Python idna:\n{}",
        failures.len(),
        vectors.len(),
        failures.join("\n")
    );
}

#[test]
fn the_known_cases_of_spec_d1_and_d5() {
    let unicode = |name: &str| {
        domain::check(name)
            .into_iter()
            .find(|f| f.code.as_str() == "domain.unicode")
            .map(|f| f.message)
            .unwrap()
    };
    assert_eq!(
        suggestion(&unicode("ｅｘａｍｐｌｅ．ｃｏｍ")),
        Some("example.com")
    );
    assert_eq!(
        suggestion(&unicode("ＷＷＷ.ＮＡＶＥＲ.ＣＯＭ")),
        Some("www.naver.com")
    );
    assert_eq!(
        suggestion(&unicode("네이버.com")),
        Some("xn--950bt9s8xi.com")
    );
    assert_eq!(suggestion(&unicode("a\u{301}.com")), Some("xn--1ca.com"));
    let snowman = unicode("☃.com");
    assert_eq!(suggestion(&snowman), None);
    assert!(snowman.contains("U+2603"), "{snowman}");
    let findings = domain::check("xn--n3h.com");
    let d5 = findings
        .iter()
        .find(|f| f.code.as_str() == "domain.punycode")
        .unwrap();
    assert!(
        d5.message.contains("U+2603") && d5.message.contains("IDNA 2008"),
        "{}",
        d5.message
    );
}
