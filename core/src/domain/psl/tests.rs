//! Tests of the compiled-in tables against the list as plain text
//! (`core/tests/data/psl/*.txt`, written by the same script; test data only).

use super::*;
use std::collections::HashSet;

/// The rules of `section` as written in the list, one per line.
fn text(section: Section) -> &'static str {
    match section {
        Section::Icann => include_str!("../../../tests/data/psl/icann.txt"),
        Section::Private => include_str!("../../../tests/data/psl/private.txt"),
    }
}

fn rules(section: Section) -> Vec<&'static str> {
    text(section).lines().collect()
}

/// Every key of `section`'s table, decoded in order, with the number of its block.
fn decode(section: Section) -> Vec<(Vec<u8>, usize)> {
    let table = section.table();
    let mut out: Vec<(Vec<u8>, usize)> = Vec::new();
    let mut key = Vec::new();
    let mut block = 0;
    let mut at = 0;
    let data = table.keys;
    while at < data.len() {
        let control = data[at];
        assert!(control >= DROP, "control byte at {at}");
        let end = data[at + 1..]
            .iter()
            .position(|&c| c >= DROP)
            .map_or(data.len(), |p| at + 1 + p);
        let suffix = &data[at + 1..end];
        assert!(!suffix.is_empty() && suffix.is_ascii(), "suffix at {at}");
        if control == FULL {
            assert!(
                out.is_empty() || table.blocks_from(block + 1).len() == data.len() - at,
                "the index points at every block start, in order"
            );
            if !out.is_empty() {
                block += 1;
            }
            key.clear();
        } else {
            let drop = usize::from(control - DROP);
            assert!(drop <= key.len(), "drop {drop} at {at}");
            key.truncate(key.len() - drop);
        }
        key.extend_from_slice(suffix);
        out.push((key.clone(), block));
        at = end;
    }
    assert_eq!(block + 1, table.blocks());
    out
}

/// The key of a rule as the generator writes it.
fn key_of(rule: &str) -> Vec<u8> {
    let (body, marker) = match rule.strip_prefix('!') {
        Some(body) => (body, "!"),
        None => (rule, ""),
    };
    let mut labels: Vec<&str> = body.split('.').collect();
    labels.reverse();
    (labels.join(".") + marker).into_bytes()
}

#[test]
fn text_data_is_ascii_sorted_unique_and_well_formed() {
    for section in [Section::Icann, Section::Private] {
        let data = text(section);
        assert!(data.is_ascii() && data.ends_with('\n'));
        let rules = rules(section);
        assert!(rules.len() > 1000, "{section:?}: {} rules", rules.len());
        let order = |rule: &str| rule.rsplit('.').map(str::to_owned).collect::<Vec<_>>();
        for pair in rules.windows(2) {
            assert!(order(pair[0]) < order(pair[1]), "{pair:?}");
        }
        for text in &rules {
            let (body, exception) = match text.strip_prefix('!') {
                Some(body) => (body, true),
                None => (*text, false),
            };
            assert!(!exception || body.contains('.'), "{text}");
            let body = body.strip_prefix("*.").unwrap_or(body);
            assert!(
                body.split('.').all(|l| !l.is_empty()
                    && l.bytes()
                        .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == b'-')),
                "{text}"
            );
        }
    }
}

#[test]
fn tables_hold_exactly_the_rules_of_the_text() {
    for section in [Section::Icann, Section::Private] {
        let decoded = decode(section);
        let keys: Vec<&[u8]> = decoded.iter().map(|(k, _)| k.as_slice()).collect();
        for pair in keys.windows(2) {
            assert!(pair[0] < pair[1], "sorted and unique: {pair:?}");
        }
        let mut expected: Vec<Vec<u8>> = rules(section).iter().map(|r| key_of(r)).collect();
        expected.sort();
        assert_eq!(keys, expected.iter().map(Vec::as_slice).collect::<Vec<_>>());
        // Block starts: every block's first key is the one the index's binary search sees.
        for (i, (key, block)) in decoded.iter().enumerate() {
            if i == 0 || decoded[i - 1].1 != *block {
                assert_eq!(Table::first_key(section.table().blocks_from(*block)), key);
            }
        }
    }
}

/// The list's algorithm over a plain set of rules, as the old line-based code did it.
struct Reference {
    rules: [HashSet<&'static str>; 2],
    tlds: HashSet<&'static str>,
}

impl Reference {
    fn new() -> Self {
        let icann: HashSet<_> = rules(Section::Icann).into_iter().collect();
        let tlds = icann
            .iter()
            .map(|rule| rule.rsplit('.').next().unwrap())
            .collect();
        let private = rules(Section::Private).into_iter().collect();
        Reference {
            rules: [icann, private],
            tlds,
        }
    }

    fn has_rule(&self, section: Section, rule: &str) -> bool {
        self.rules[section as usize].contains(rule)
    }

    fn is_icann_tld(&self, tld: &str) -> bool {
        !tld.is_empty() && !tld.contains('.') && self.tlds.contains(tld)
    }

    fn is_public_suffix(&self, section: Section, name: &str) -> bool {
        if name.is_empty() {
            return false;
        }
        let matched = match name.split_once('.') {
            None => section == Section::Icann || self.has_rule(section, name),
            Some((_, parent)) => {
                self.has_rule(section, name) || self.has_rule(section, &format!("*.{parent}"))
            }
        };
        matched && !self.has_rule(section, &format!("!{name}"))
    }

    /// Asserts that every lookup about `name` gives the reference's answer.
    fn check(&self, name: &str) {
        for section in [Section::Icann, Section::Private] {
            assert_eq!(
                has_rule(section, name),
                self.has_rule(section, name),
                "has_rule({section:?}, {name:?})"
            );
            assert_eq!(
                is_public_suffix(section, name),
                self.is_public_suffix(section, name),
                "is_public_suffix({section:?}, {name:?})"
            );
        }
        assert_eq!(
            is_icann_tld(name),
            self.is_icann_tld(name),
            "is_icann_tld({name:?})"
        );
        if let Some((_, tld)) = name.rsplit_once('.') {
            assert_eq!(
                is_icann_tld(tld),
                self.is_icann_tld(tld),
                "is_icann_tld({tld:?})"
            );
        }
    }
}

/// The answer [`Table::seek`] should give, from the sorted list of all keys.
fn seek_by_list(keys: &[&[u8]], key: &[u8]) -> Option<Next> {
    let next = keys.get(keys.partition_point(|k| *k < key))?;
    Some(Next {
        common: next.iter().zip(key).take_while(|(a, b)| a == b).count(),
        len: next.len(),
    })
}

/// Byte strings next to `key` in byte order, or sharing a prefix with it: every prefix, and
/// the key with its last byte changed, dropped, or followed by one more.
fn around(key: &[u8]) -> Vec<Vec<u8>> {
    let mut out: Vec<Vec<u8>> = (0..=key.len()).map(|n| key[..n].to_vec()).collect();
    if let Some((&last, init)) = key.split_last() {
        for changed in [last.wrapping_sub(1), last.wrapping_add(1)] {
            out.push([init, &[changed]].concat());
        }
    }
    for extra in [0, b'!', b'.', b'z', FULL] {
        out.push([key, &[extra]].concat());
    }
    out
}

/// Every key of both tables, every prefix of one, and byte strings right next to one: the
/// search finds what a binary search over the decoded, sorted keys finds.
#[test]
fn seek_agrees_with_the_decoded_keys() {
    for section in [Section::Icann, Section::Private] {
        let decoded = decode(section);
        let keys: Vec<&[u8]> = decoded.iter().map(|(k, _)| k.as_slice()).collect();
        let table = section.table();
        let mut probes = vec![
            Vec::new(),
            vec![0],
            vec![0x7f],
            vec![0xff],
            b"zzzzzzzz".to_vec(),
        ];
        for key in &keys {
            probes.extend(around(key));
        }
        for probe in &probes {
            assert_eq!(
                table.seek(probe),
                seek_by_list(&keys, probe),
                "{section:?}: {:?}",
                String::from_utf8_lossy(probe)
            );
        }
    }
}

/// For every rule of both sections: the name itself, a child, every parent, the rule as
/// written (with its markers), and names one edit away; then odd and random names. The
/// lookups answer like the list's algorithm over a plain set of the rules.
#[test]
fn every_rule_answers_like_the_reference() {
    let reference = Reference::new();
    let mut names = HashSet::new();
    for section in [Section::Icann, Section::Private] {
        for rule in rules(section) {
            assert!(has_rule(section, rule), "{rule}");
            let body = rule.strip_prefix('!').unwrap_or(rule);
            let body = body.strip_prefix("*.").unwrap_or(body);
            names.insert(rule.to_owned());
            names.insert(body.to_owned());
            names.insert(format!("x.{body}"));
            let mut parent = body;
            while let Some((_, rest)) = parent.split_once('.') {
                names.insert(rest.to_owned());
                parent = rest;
            }
            // One edit away: a letter more or less in the first and in the last label.
            names.insert(format!("{body}a"));
            names.insert(format!("a{body}"));
            names.insert(body[1..].to_owned());
            names.insert(body[..body.len() - 1].to_owned());
        }
    }
    for odd in [
        "", ".", "..", "!", "*", "*.", "!.", "!!", "a..kr", ".kr", "kr.", "co.kr.", "!www.ck",
        "www!.ck", "ck!", "*.*.ck", "CO.KR", "Com", "é.kr", "\u{0}", "\u{7f}", "\u{ff}", "a\u{80}",
        "zzzzzzzz", "0", "-", "aaa", "aa", "a", "zz", "zzz.zz", "xn--", "xn--p1ai",
    ] {
        names.insert(odd.to_owned());
    }
    let long = "a".repeat(300);
    names.insert(long.clone());
    names.insert(format!("{long}.com"));
    names.insert(format!("x.{}com", "b.".repeat(130)));
    // Random names: short labels, often under a real top-level domain.
    let mut tlds: Vec<&str> = reference.tlds.iter().copied().collect();
    tlds.sort_unstable();
    let mut state: u64 = 0x2545_f491_4f6c_dd1d;
    let mut next = move || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state
    };
    const ALPHABET: &[u8] = b"abcdefghijklmnopqrstuvwxyz0123456789-";
    for _ in 0..10_000 {
        let r = next();
        let mut labels: Vec<String> = (0..1 + r % 3)
            .map(|_| {
                (0..1 + next() % 4)
                    .map(|_| char::from(ALPHABET[(next() % ALPHABET.len() as u64) as usize]))
                    .collect()
            })
            .collect();
        if r & 0x100 != 0 {
            labels.push(tlds[(next() % tlds.len() as u64) as usize].to_owned());
        }
        names.insert(labels.join("."));
    }
    let mut names: Vec<_> = names.into_iter().collect();
    names.sort();
    for name in &names {
        reference.check(name);
    }
    assert!(names.len() > 50_000, "{} names", names.len());
}

#[test]
fn lookups() {
    assert!(has_rule(Section::Icann, "kr"));
    assert!(has_rule(Section::Icann, "co.kr"));
    assert!(has_rule(Section::Icann, "*.ck"));
    assert!(has_rule(Section::Icann, "!www.ck"));
    assert!(has_rule(Section::Icann, "xn--3e0b707e"));
    assert!(!has_rule(Section::Icann, "example.com"));
    assert!(!has_rule(Section::Icann, ""));
    assert!(!has_rule(Section::Icann, "zzzzzzzz"));
    assert!(!has_rule(Section::Icann, "\u{0}"));
    assert!(has_rule(Section::Private, "github.io"));
    assert!(!has_rule(Section::Private, "co.kr"));

    for tld in [
        "com",
        "kr",
        "io",
        "arpa",
        "onion",
        "za",
        "ck",
        "xn--3e0b707e",
        "aaa",
    ] {
        assert!(is_icann_tld(tld), "{tld}");
    }
    for tld in [
        "local",
        "internal",
        "lan",
        "test",
        "localhost",
        "corp",
        "home",
    ] {
        assert!(!is_icann_tld(tld), "{tld}");
    }
    for tld in ["example", "invalid", "", "co.kr", "zzzzzz", "a", "\u{7f}"] {
        assert!(!is_icann_tld(tld), "{tld}");
    }

    use Section::{Icann, Private};
    assert!(is_public_suffix(Icann, "com"));
    assert!(is_public_suffix(Icann, "co.kr"));
    assert!(is_public_suffix(Icann, "foo.ck"));
    assert!(!is_public_suffix(Icann, "www.ck"));
    assert!(is_public_suffix(Icann, "foo.kawasaki.jp"));
    assert!(!is_public_suffix(Icann, "city.kawasaki.jp"));
    assert!(!is_public_suffix(Icann, "example.com"));
    assert!(!is_public_suffix(Icann, "github.io"));
    assert!(!is_public_suffix(Icann, ""));
    assert!(is_public_suffix(Private, "github.io"));
    assert!(!is_public_suffix(Private, "example.github.io"));
    assert!(!is_public_suffix(Private, "io"));
    assert!(!is_public_suffix(Private, "co.kr"));
}

#[test]
fn version_names_the_list_and_the_wheel() {
    assert!(VERSION.contains("UTC (publicsuffixlist "), "{VERSION}");
    assert_eq!(VERSION.trim(), VERSION);
    let readme = include_str!("README.md");
    let (date, wheel) = VERSION.split_once(" (publicsuffixlist ").unwrap();
    let wheel = wheel.trim_end_matches(')');
    assert!(readme.contains(date), "README.md names {date}");
    assert!(readme.contains(wheel), "README.md names {wheel}");
    assert!(readme.contains("https://mozilla.org/MPL/2.0/"));
}

/// A rough timing of the lookups alone; run with
/// `cargo test -p ncpcert --release --lib psl -- --ignored --nocapture`.
#[test]
#[ignore = "timing; run with --release --ignored --nocapture"]
fn lookup_speed() {
    let mut names: Vec<String> = Vec::new();
    for section in [Section::Icann, Section::Private] {
        for rule in rules(section) {
            let body = rule.strip_prefix('!').unwrap_or(rule);
            let body = body.strip_prefix("*.").unwrap_or(body);
            names.push(format!("www.{body}"));
            names.push(body.to_owned());
        }
    }
    names.truncate(20_000);
    let rounds = 5;
    let start = std::time::Instant::now();
    let mut hits = 0usize;
    for _ in 0..rounds {
        for name in &names {
            let tld = name.rsplit('.').next().unwrap_or_default();
            hits += usize::from(std::hint::black_box(is_icann_tld(tld)));
            hits += usize::from(is_public_suffix(Section::Icann, std::hint::black_box(name)));
            hits += usize::from(is_public_suffix(
                Section::Private,
                std::hint::black_box(name),
            ));
        }
    }
    let elapsed = start.elapsed();
    let calls = rounds * names.len() * 3;
    println!(
        "{calls} calls (is_icann_tld + is_public_suffix ICANN + PRIVATE): {elapsed:?}, \
         {:.0} ns per call, {hits} true",
        elapsed.as_nanos() as f64 / calls as f64
    );
}
