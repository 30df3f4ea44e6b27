//! A rough timing of domain validation, which looks names up in the compiled-in Public Suffix
//! List: 10^5 names must check in well under a second. Ignored by default; run with
//!
//!     cargo test -p ncpcert --release --test domain_speed -- --ignored --nocapture

use std::time::Instant;

/// 10^5 names of the shapes SANs have: registered names under common and deep suffixes,
/// wildcards, public suffixes themselves, internal names; deterministic.
fn names() -> Vec<String> {
    const SUFFIXES: &[&str] = &[
        "com",
        "co.kr",
        "kr",
        "net",
        "org",
        "io",
        "github.io",
        "co.uk",
        "kawasaki.jp",
        "city.kawasaki.jp",
        "ck",
        "www.ck",
        "s3.amazonaws.com",
        "blogspot.com",
        "de",
        "xn--3e0b707e",
        "local",
        "internal",
        "nom.br",
        "herokuapp.com",
    ];
    let mut state: u64 = 0x9e37_79b9_7f4a_7c15;
    let mut next = move || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state
    };
    (0..100_000)
        .map(|_| {
            let r = next();
            let suffix = SUFFIXES[(r % SUFFIXES.len() as u64) as usize];
            let label = format!("host{}", (r >> 8) % 1000);
            match (r >> 20) % 4 {
                0 => suffix.to_owned(),
                1 => format!("*.{suffix}"),
                2 => format!("{label}.{suffix}"),
                _ => format!("www.{label}.{suffix}"),
            }
        })
        .collect()
}

#[test]
#[ignore = "timing; run with --release --ignored --nocapture"]
fn check_1e5_names() {
    let names = names();
    let start = Instant::now();
    let findings: usize = names.iter().map(|n| ncpcert::domain::check(n).len()).sum();
    let elapsed = start.elapsed();
    println!(
        "domain::check on {} names: {elapsed:?} ({:.0} ns/name, {findings} findings)",
        names.len(),
        elapsed.as_nanos() as f64 / names.len() as f64
    );
    assert!(elapsed.as_secs_f64() < 1.0);
}
