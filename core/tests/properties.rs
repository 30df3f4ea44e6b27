//! Invariants over generated inputs (proptest):
//! - what `prepare` serialises reads back as the same request, and is a fixed point;
//! - a CSR's canonical PEM reads back to itself, whatever PEM formatting it arrived in;
//! - validation and parsing never panic and return within a bound, whatever the input;
//! - `sign` and `verify` agree, and any change to the inputs breaks the signature;
//! - every finding, as the bindings see it (JSON), carries a code of the code table with the
//!   table's severity.

mod common;

use base64::Engine as _;
use ncpcert::{
    inspect_csr, parse_response, sign, verify, AdvancedCertificateRequest, Code, Policy, Site,
};
use proptest::prelude::*;
use serde_json::Value;
use std::time::{Duration, Instant};

/// A bound that catches a hang or a blow-up, far above any normal run even on a slow,
/// loaded machine: this is not a speed test (SPEC §9 speed is measured by benchmarks).
const HANG_BOUND: Duration = Duration::from_secs(5);

fn sample_csr() -> Vec<u8> {
    common::read_data("sample.csr.pem")
}

fn sample_der() -> Vec<u8> {
    let pem = String::from_utf8(sample_csr()).unwrap();
    let body: String = pem.lines().filter(|l| !l.starts_with("-----")).collect();
    base64::engine::general_purpose::STANDARD
        .decode(body)
        .unwrap()
}

/// Every CSR of both corpora that `inspect_csr` reads (some are refused on purpose), read
/// once.
fn readable_corpus_csrs() -> &'static [Vec<u8>] {
    static CORPUS: std::sync::OnceLock<Vec<Vec<u8>>> = std::sync::OnceLock::new();
    CORPUS.get_or_init(read_corpus)
}

fn read_corpus() -> Vec<Vec<u8>> {
    let mut out = vec![sample_csr()];
    for corpus in ["own", "pyca-csr"] {
        let dir = common::repo_tests_dir().join("data").join(corpus);
        let mut paths: Vec<_> = std::fs::read_dir(&dir)
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| {
                !matches!(
                    p.file_name().and_then(|n| n.to_str()),
                    Some("manifest.json" | "README.md" | "LICENSE")
                )
            })
            .collect();
        paths.sort();
        for path in paths {
            let bytes = std::fs::read(&path).unwrap();
            if inspect_csr(&bytes).is_ok() {
                out.push(bytes);
            }
        }
    }
    out
}

/// A lower-case LDH label that the domain rules accept (no leading/trailing hyphen, no
/// `--` in positions 3–4, which would make it an A-label). It starts with `zz` so that a
/// generated name is never itself a public suffix (`ac.kr`, `seoul.kr` …; D7).
fn label() -> impl Strategy<Value = String> {
    "zz[a-z0-9]{0,9}(-[a-z0-9]{1,6})?"
}

/// A registrable name under a real public suffix.
fn domain() -> impl Strategy<Value = String> {
    (
        prop::collection::vec(label(), 1..3),
        prop::sample::select(vec!["com", "co.kr", "kr", "net", "org", "example.com"]),
    )
        .prop_map(|(labels, suffix)| format!("{}.{suffix}", labels.join(".")))
}

#[derive(Clone, Debug)]
struct Generated {
    certificate_type: &'static str,
    certificate_name: String,
    common_name: String,
    dns_names: Vec<String>,
    validation_method: &'static str,
    organization_no: i64,
}

fn generated_request() -> impl Strategy<Value = Generated> {
    (
        prop::sample::select(vec!["NCP_PAID_DV_01", "NCP_PAID_OV_01"]),
        "[a-z][a-z0-9-]{0,20}[a-z0-9]",
        domain(),
        prop::collection::vec(domain(), 0..6),
        prop::sample::select(vec!["D", "PD"]),
        1i64..=9_999_999,
    )
        .prop_map(|(t, name, cn, mut sans, method, org)| {
            if cn != "example.com" {
                sans.insert(0, cn.clone());
            }
            let mut seen = std::collections::HashSet::new();
            sans.retain(|s| seen.insert(s.clone()));
            Generated {
                certificate_type: t,
                certificate_name: name,
                common_name: cn,
                dns_names: sans,
                validation_method: method,
                organization_no: org,
            }
        })
}

fn build(g: &Generated) -> AdvancedCertificateRequest {
    let mut builder = AdvancedCertificateRequest::builder()
        .csr(sample_csr())
        .certificate_type(g.certificate_type)
        .certificate_name(g.certificate_name.as_str())
        .common_name(g.common_name.as_str())
        .validation_method(g.validation_method);
    for name in &g.dns_names {
        builder = builder.dns_name(name.as_str());
    }
    if g.certificate_type == "NCP_PAID_OV_01" {
        builder = builder.organization_no(g.organization_no);
    }
    builder.build()
}

/// The PEM text of `der` laid out in one of several lenient ways (SPEC C1).
fn reformat(der: &[u8], style: u8, width: usize) -> Vec<u8> {
    let b64 = base64::engine::general_purpose::STANDARD.encode(der);
    let (label, eol, indent, preamble) = match style % 5 {
        0 => ("CERTIFICATE REQUEST", "\n", "", ""),
        1 => ("CERTIFICATE REQUEST", "\r\n", "", ""),
        2 => ("NEW CERTIFICATE REQUEST", "\n", "  ", ""),
        3 => ("CERTIFICATE REQUEST", "\n", "", "Subject: example\n\n"),
        _ => ("CERTIFICATE REQUEST", "\n\n", "\t", ""),
    };
    let mut text = format!("{preamble}{indent}-----BEGIN {label}-----{eol}");
    for chunk in b64.as_bytes().chunks(width.max(1)) {
        text.push_str(indent);
        text.push_str(std::str::from_utf8(chunk).unwrap());
        text.push_str(eol);
    }
    text.push_str(&format!("{indent}-----END {label}-----{eol}"));
    text.into_bytes()
}

/// Every finding in report JSON (`findings` of a validation report or a CSR report): its code
/// is in the table and its severity is the table's (lenient policy).
fn assert_codes_in_table(json: &str) {
    let value: Value = serde_json::from_str(json).expect("report JSON");
    for finding in value["findings"].as_array().into_iter().flatten() {
        let text = finding["code"].as_str().expect("code is a string");
        let code = Code::from_code_str(text)
            .unwrap_or_else(|| panic!("finding code {text:?} is not in ncpcert::Code"));
        assert!(Code::ALL.contains(&code));
        assert_eq!(
            finding["severity"].as_str(),
            Some(code.severity().as_str()),
            "{finding}"
        );
    }
}

fn timed<T>(what: &str, f: impl FnOnce() -> T) -> T {
    let start = Instant::now();
    let out = f();
    let took = start.elapsed();
    assert!(took < HANG_BOUND, "{what} took {took:?}");
    out
}

/// The request as a host hands it over: a JSON value (text that is not JSON as a string).
fn json_or_text(text: &str) -> Value {
    serde_json::from_str(text).unwrap_or_else(|_| Value::String(text.to_owned()))
}

/// The report JSON of validating `text` through the host surface.
fn validate_text(text: &str, csr: Option<Vec<u8>>, strict: bool) -> String {
    ncpcert::host::validate(&json_or_text(text), csr, strict).to_json()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    /// The body `prepare` sends reads back as the request that was prepared, and preparing it
    /// again gives the same bytes.
    #[test]
    fn prepared_body_reads_back_as_the_same_request(g in generated_request()) {
        let prepared = build(&g).prepare(&Site::Public).expect("generated requests are valid");
        let reread = AdvancedCertificateRequest::from_json(prepared.body.as_deref().unwrap()).expect("body is JSON");

        let canonical = inspect_csr(&sample_csr()).unwrap().canonical_pem;
        prop_assert_eq!(reread.csr.as_deref(), Some(canonical.as_bytes()));
        prop_assert_eq!(reread.certificate_type.map(|t| t.as_str()), Some(g.certificate_type));
        prop_assert_eq!(reread.certificate_name.as_deref(), Some(g.certificate_name.as_str()));
        prop_assert_eq!(reread.common_name.as_deref(), Some(g.common_name.as_str()));
        prop_assert_eq!(&reread.dns_names, &g.dns_names);
        prop_assert_eq!(reread.validation_method.map(|m| m.as_str()), Some(g.validation_method));
        let org = (g.certificate_type == "NCP_PAID_OV_01").then_some(g.organization_no);
        prop_assert_eq!(reread.organization_no, org);

        let again = reread.prepare(&Site::Public).expect("the body validates");
        prop_assert_eq!(&again.body, &prepared.body);
        prop_assert_eq!(&again.warnings, &prepared.warnings);
    }

    /// Upper-case, trailing dots and aliases are normalised once; the normalised body is a
    /// fixed point of read + prepare.
    #[test]
    fn prepare_is_idempotent_on_unnormalised_input(
        g in generated_request(),
        upper in any::<bool>(),
        alias in any::<bool>(),
    ) {
        let mut g = g;
        if upper {
            g.common_name = g.common_name.to_uppercase();
            g.dns_names = g.dns_names.iter().map(|n| format!("{}.", n.to_uppercase())).collect();
        }
        if alias {
            g.certificate_type = if g.certificate_type.ends_with("OV_01") { "OV" } else { "DV" };
        }
        let first = match build(&g).prepare(&Site::Public) {
            Ok(prepared) => prepared,
            // Some spellings are refused outright; refusing is fine, crashing is not.
            Err(_) => return Ok(()),
        };
        let second = AdvancedCertificateRequest::from_json(first.body.as_deref().unwrap())
            .unwrap()
            .prepare(&Site::Public)
            .expect("a prepared body validates");
        prop_assert_eq!(second.body, first.body);
    }

    /// However the PEM is laid out, the CSR reads the same and its canonical PEM is a fixed
    /// point (SPEC C1).
    #[test]
    fn canonical_pem_is_a_fixed_point(
        index in any::<prop::sample::Index>(),
        style in any::<u8>(),
        width in 1usize..=200,
        as_der in any::<bool>(),
    ) {
        let corpus = readable_corpus_csrs();
        let original = inspect_csr(index.get::<Vec<u8>>(corpus)).unwrap();
        let der = base64::engine::general_purpose::STANDARD
            .decode(original.canonical_pem.lines().filter(|l| !l.starts_with("-----")).collect::<String>())
            .unwrap();
        let input = if as_der { der.clone() } else { reformat(&der, style, width) };
        let report = inspect_csr(&input).expect("a reformatted readable CSR reads");
        prop_assert_eq!(&report.canonical_pem, &original.canonical_pem);
        prop_assert_eq!(&report.fingerprint_sha256, &original.fingerprint_sha256);
        prop_assert_eq!(&report.findings, &original.findings);
        let again = inspect_csr(report.canonical_pem.as_bytes()).unwrap();
        prop_assert_eq!(again.canonical_pem, report.canonical_pem);
    }

    /// Arbitrary text as request JSON: an answer (JSON report) every time, in bounded time,
    /// with codes from the table.
    #[test]
    fn validation_of_arbitrary_text_never_panics(text in ".{0,400}") {
        let report = timed("validate", || validate_text(&text, None, false));
        assert_codes_in_table(&report);
    }

    /// Structurally plausible JSON with arbitrary values in the known fields.
    #[test]
    fn validation_of_arbitrary_field_values_never_panics(
        values in prop::collection::vec(any_json(), 7),
        csr in prop::collection::vec(any::<u8>(), 0..300),
        with_csr_bytes in any::<bool>(),
        strict in any::<bool>(),
    ) {
        let keys = ["csr", "certificateType", "certificateName", "commonName", "dnsName",
                    "validationMethod", "organizationNo"];
        let object: serde_json::Map<String, Value> =
            keys.iter().map(|k| k.to_string()).zip(values).collect();
        let text = Value::Object(object).to_string();
        let csr = with_csr_bytes.then_some(csr);
        let report = timed("validate", || validate_text(&text, csr, strict));
        if !strict {
            assert_codes_in_table(&report);
        }
        let _ = timed("prepare", || {
            ncpcert::host::prepare(&json_or_text(&text), None, &ncpcert::Site::Public, strict)
        });
    }

    /// A real CSR with bytes flipped, cut or inserted: a report or a `csr.*` error, in bounded
    /// time, with codes from the table.
    #[test]
    fn inspection_of_mutated_csrs_never_panics(
        edits in prop::collection::vec((any::<prop::sample::Index>(), any::<u8>(), 0u8..3), 1..8),
    ) {
        let mut der = sample_der();
        for (at, byte, kind) in edits {
            if der.is_empty() { break; }
            let i = at.index(der.len());
            match kind {
                0 => der[i] = byte,
                1 => { der.remove(i); }
                _ => der.insert(i, byte),
            }
        }
        match timed("inspect_csr", || inspect_csr(&der)) {
            Ok(report) => assert_codes_in_table(&report.to_json()),
            Err(error) => prop_assert!(error.code().starts_with("csr."), "{}", error.code()),
        }
    }

    /// Arbitrary status and body: a response or an error carrying that status.
    #[test]
    fn responses_never_panic(status in any::<u16>(), body in prop::collection::vec(any::<u8>(), 0..400)) {
        match timed("parse_response", || parse_response(status, &body)) {
            Ok(_) => prop_assert!((200..=299).contains(&status)),
            Err(error) => prop_assert_eq!(error.http_status, status),
        }
    }

    /// JSON-shaped bodies (the interesting ones) with arbitrary values.
    #[test]
    fn json_responses_never_panic(status in 100u16..600, value in any_json()) {
        let body = serde_json::json!({ "returnCode": "0", "paidCertificate": value }).to_string();
        let _ = timed("parse_response", || parse_response(status, body.as_bytes()));
        let _ = timed("parse_response", || parse_response(status, value.to_string().as_bytes()));
    }

    /// `verify` accepts what `sign` produced and nothing else: a different timestamp, path,
    /// method or signature fails.
    #[test]
    fn sign_verify_round_trip(
        method in prop::sample::select(vec!["GET", "POST", "PUT", "DELETE", "PATCH"]),
        path in "/[A-Za-z0-9/_.~-]{0,60}(\\?([A-Za-z0-9=&._-]|%[0-9A-F]{2}){0,40})?",
        timestamp in 1_000_000_000_000u64..4_000_000_000_000,
        access in "[A-Za-z0-9]{1,40}",
        secret in "[!-~]{1,80}",
    ) {
        let signature = sign(method, &path, timestamp, &access, &secret).expect("valid inputs");
        prop_assert_eq!(signature.len(), 44);
        prop_assert_eq!(verify(method, &path, timestamp, &access, &secret, &signature), Ok(true));
        prop_assert_eq!(verify(method, &path, timestamp + 1, &access, &secret, &signature), Ok(false));
        let other_path = format!("{path}x");
        prop_assert_eq!(verify(method, &other_path, timestamp, &access, &secret, &signature), Ok(false));
        let other_method = if method == "GET" { "POST" } else { "GET" };
        prop_assert_eq!(verify(other_method, &path, timestamp, &access, &secret, &signature), Ok(false));
        let mut tampered = signature.clone().into_bytes();
        tampered[0] = if tampered[0] == b'A' { b'B' } else { b'A' };
        let tampered = String::from_utf8(tampered).unwrap();
        prop_assert_eq!(verify(method, &path, timestamp, &access, &secret, &tampered), Ok(false));
    }
}

/// Arbitrary JSON values, a few levels deep.
fn any_json() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(Value::from),
        any::<f64>().prop_map(Value::from),
        ".{0,40}".prop_map(Value::String),
        domain().prop_map(Value::String),
    ];
    leaf.prop_recursive(3, 24, 6, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..6).prop_map(Value::Array),
            prop::collection::hash_map("[a-zA-Z]{1,12}", inner, 0..6)
                .prop_map(|m| Value::Object(m.into_iter().collect())),
        ]
    })
}

#[test]
fn every_code_round_trips_through_its_string_form() {
    for &code in Code::ALL {
        assert_eq!(Code::from_code_str(code.as_str()), Some(code));
    }
    let mut texts: Vec<_> = Code::ALL.iter().map(|c| c.as_str()).collect();
    texts.sort_unstable();
    texts.dedup();
    assert_eq!(texts.len(), Code::ALL.len(), "two codes share a string");
    assert_eq!(Code::from_code_str("no.such_code"), None);
}

#[test]
fn strict_policy_keeps_the_codes_and_raises_severity() {
    let request = AdvancedCertificateRequest::builder()
        .csr(sample_csr())
        .certificate_type("DV")
        .certificate_name("www-example")
        .common_name("www.example.com")
        .dns_name("www.example.com")
        .dns_name("example.com")
        .validation_method("E")
        .build();
    let lenient = request.validate(&Policy::default());
    let strict = request.validate(&Policy::strict());
    assert!(!lenient.findings.is_empty(), "email validation warns");
    assert_eq!(lenient.findings.len(), strict.findings.len());
    for (l, s) in lenient.findings.iter().zip(&strict.findings) {
        assert_eq!(l.code, s.code);
        assert_eq!(s.severity, ncpcert::Severity::Error);
    }
}
