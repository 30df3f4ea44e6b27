//! Request validation (SPEC §5.1, §5.2) and `prepare` (SPEC §4), driven by the shared vectors
//! in `tests/vectors/requests.json` plus targeted cases.

mod common;

use ncpcert::{AdvancedCertificateRequest, Code, Policy, Severity, Site};
use serde_json::Value;

fn request_of(vector: &Value) -> AdvancedCertificateRequest {
    let mut request = vector["request"].clone();
    if let Some(file) = vector["csr_file"].as_str() {
        let csr = String::from_utf8(common::read_data(file)).unwrap();
        request["csr"] = Value::String(csr);
    }
    AdvancedCertificateRequest::from_json_value(&request).expect("vector requests are objects")
}

fn finding_set(findings: &[ncpcert::Finding]) -> Vec<(String, String, String)> {
    let mut v: Vec<_> = findings
        .iter()
        .map(|f| (f.code.to_string(), f.field.clone(), f.severity.to_string()))
        .collect();
    v.sort();
    v
}

#[test]
fn shared_request_vectors() {
    let doc = common::read_vector("requests.json");
    let vectors = doc["vectors"].as_array().unwrap();
    let mut failures = Vec::new();
    for vector in vectors {
        let id = vector["id"].as_str().unwrap();
        let policy = if vector["strict"].as_bool() == Some(true) {
            Policy::strict()
        } else {
            Policy::lenient()
        };
        let request = request_of(vector);
        let report = request.validate(&policy);
        let mut expected: Vec<(String, String, String)> = vector["expect"]["findings"]
            .as_array()
            .unwrap()
            .iter()
            .map(|f| {
                let s = |k: &str| f[k].as_str().unwrap().to_string();
                (s("code"), s("field"), s("severity"))
            })
            .collect();
        expected.sort();
        let got = finding_set(&report.findings);
        if got != expected {
            failures.push(format!(
                "{id}: expected {expected:?}\n   got {got:?}\n   {report}"
            ));
            continue;
        }
        for f in &report.findings {
            assert!(!f.message.is_empty(), "{id}: empty message");
        }
        let valid = vector["expect"]["valid"].as_bool().unwrap();
        assert_eq!(report.is_valid(), valid, "{id}");
        let prepared = request.prepare_with(&Site::Public, &policy);
        assert_eq!(
            prepared.is_ok(),
            valid,
            "{id}: prepare disagrees with validate"
        );
        if let Some(body) = vector["expect"].get("body") {
            let prepared = prepared.unwrap_or_else(|e| panic!("{id}: {e}"));
            let got: Value = serde_json::from_str(prepared.body.as_deref().unwrap()).unwrap();
            assert_eq!(&got, body, "{id}: body");
            let keys: Vec<&String> = got.as_object().unwrap().keys().collect();
            let want: Vec<&String> = body.as_object().unwrap().keys().collect();
            assert_eq!(keys, want, "{id}: field order");
        }
    }
    assert!(
        failures.is_empty(),
        "{} vector(s) failed:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[test]
fn five_independent_mistakes_give_five_findings() {
    let request = AdvancedCertificateRequest::builder()
        .certificate_type("EV")
        .certificate_name("")
        .common_name("a_b.example.com")
        .dns_name("printer.local")
        .validation_method("HTTP")
        .csr(common::read_data("sample.csr.pem"))
        .build();
    let report = request.validate(&Policy::default());
    let codes: Vec<Code> = report.findings.iter().map(|f| f.code).collect();
    assert_eq!(
        codes,
        [
            Code::CertificateTypeInvalid,
            Code::CertificateNameInvalid,
            Code::DomainUnderscore,
            Code::DomainInternalName,
            Code::ValidationMethodInvalid,
        ]
    );
    let fields: Vec<&str> = report.findings.iter().map(|f| f.field.as_str()).collect();
    assert_eq!(
        fields,
        [
            "certificateType",
            "certificateName",
            "commonName",
            "dnsName[0]",
            "validationMethod"
        ]
    );
    assert!(report
        .findings
        .iter()
        .all(|f| f.severity == Severity::Error));
    let err = request.prepare(&Site::Public).unwrap_err();
    assert_eq!(err.report().errors().count(), 5);
    let text = err.to_string();
    assert!(
        text.contains("5 errors") && text.contains("domain.underscore"),
        "{text}"
    );
}

#[test]
fn every_reported_code_is_in_the_code_table() {
    let doc = common::read_vector("requests.json");
    for vector in doc["vectors"].as_array().unwrap() {
        for f in vector["expect"]["findings"].as_array().unwrap() {
            let code = f["code"].as_str().unwrap();
            let known = Code::from_code_str(code).unwrap_or_else(|| panic!("unknown code {code}"));
            if vector["strict"].as_bool() != Some(true) {
                assert_eq!(
                    known.severity().as_str(),
                    f["severity"].as_str().unwrap(),
                    "{code}"
                );
            }
        }
    }
}

#[test]
fn text_that_is_not_an_object_is_refused() {
    for text in ["", "[]", "\"csr\"", "{", "{\"csr\": }", "null", "12"] {
        let report = AdvancedCertificateRequest::from_json(text).unwrap_err();
        assert_eq!(report.findings.len(), 1, "{text:?}");
        assert_eq!(report.findings[0].code, Code::RequestInvalid, "{text:?}");
        assert!(!report.is_valid());
    }
}

#[test]
fn snake_case_keys_get_a_suggestion() {
    let req =
        AdvancedCertificateRequest::from_json(r#"{"common_name": "www.example.com"}"#).unwrap();
    let report = req.validate(&Policy::default());
    let f = report
        .findings
        .iter()
        .find(|f| f.code == Code::RequestUnknownField)
        .unwrap();
    assert_eq!(f.field, "common_name");
    assert!(f.message.contains("commonName"), "{}", f.message);
}

#[test]
fn warnings_travel_with_the_prepared_request() {
    let request = AdvancedCertificateRequest::builder()
        .csr(common::read_data("sample.csr.pem"))
        .certificate_type("DV")
        .certificate_name("www-example")
        .common_name("www.example.com")
        .dns_names(["www.example.com", "example.com"])
        .validation_method("E")
        .build();
    let prepared = request.prepare(&Site::Public).unwrap();
    assert_eq!(prepared.warnings.len(), 1);
    assert_eq!(
        prepared.warnings[0].code,
        Code::ValidationMethodEmailDiscontinued
    );
    let strict = request
        .prepare_with(&Site::Public, &Policy::strict())
        .unwrap_err();
    assert_eq!(strict.report().findings[0].severity, Severity::Error);
}

#[test]
fn der_csr_is_accepted_and_sent_as_pem() {
    let pem = String::from_utf8(common::read_data("sample.csr.pem")).unwrap();
    let b64: String = pem.lines().filter(|l| !l.starts_with("-----")).collect();
    use base64::Engine as _;
    let der = base64::engine::general_purpose::STANDARD
        .decode(b64)
        .unwrap();
    let request = AdvancedCertificateRequest::builder()
        .csr(&der)
        .certificate_type("DV")
        .certificate_name("www-example")
        .common_name("www.example.com")
        .validation_method("D")
        .build();
    let body: Value = serde_json::from_str(
        request
            .prepare(&Site::Public)
            .unwrap()
            .body
            .as_deref()
            .unwrap(),
    )
    .unwrap();
    assert_eq!(body["csr"], pem);

    let mut trailing = der.clone();
    trailing.push(0);
    let report = AdvancedCertificateRequest::builder()
        .csr(&trailing)
        .build()
        .validate(&Policy::default());
    assert!(report.has(Code::CsrMalformed));
    for cut in [1, 2, 10, der.len() / 2, der.len() - 1] {
        let report = AdvancedCertificateRequest::builder()
            .csr(&der[..cut])
            .build()
            .validate(&Policy::default());
        assert!(report.has(Code::CsrMalformed), "cut at {cut}");
    }
}

#[test]
fn private_key_bytes_never_reach_the_report() {
    let bundle = common::read_data("bundle-with-private-key.pem");
    let text = String::from_utf8(bundle.clone()).unwrap();
    let key_body: Vec<&str> = text
        .split("-----BEGIN PRIVATE KEY-----")
        .nth(1)
        .unwrap()
        .lines()
        .filter(|l| !l.is_empty() && !l.starts_with("-----"))
        .collect();
    assert!(!key_body.is_empty());
    let request = AdvancedCertificateRequest::builder().csr(&bundle).build();
    let report = request.validate(&Policy::default());
    assert!(report.has(Code::CsrPrivateKey));
    let shown = format!("{report} {report:?} {}", report.to_json());
    for line in key_body {
        for window in line.as_bytes().windows(12) {
            let w = std::str::from_utf8(window).unwrap();
            assert!(!shown.contains(w), "private key bytes {w:?} leaked");
        }
    }
}

/// Regression: a repeated name pointed at its index among the *kept* names, not in `dnsName`,
/// and finding it was a linear search per name (10^5 names took minutes).
#[test]
fn a_repeat_names_the_dns_name_index_of_its_first_occurrence() {
    let request = AdvancedCertificateRequest::builder()
        .csr(common::read_data("sample.csr.pem"))
        .certificate_type("DV")
        .certificate_name("www-example")
        .common_name("www.example.com")
        .dns_names([
            "example.com",
            "example.com",
            "www.example.com",
            "WWW.example.com",
        ])
        .validation_method("D")
        .build();
    let report = request.validate(&Policy::default());
    let repeats: Vec<(&str, &str)> = report
        .findings
        .iter()
        .filter(|f| f.code == Code::DnsNameDuplicate)
        .map(|f| (f.field.as_str(), f.message.as_str()))
        .collect();
    assert_eq!(repeats.len(), 2, "{report}");
    assert_eq!(repeats[0].0, "dnsName[1]");
    assert!(repeats[0].1.contains("dnsName[0]"), "{}", repeats[0].1);
    assert_eq!(repeats[1].0, "dnsName[3]");
    // `www.example.com` is dnsName[2] (it was kept[1]).
    assert!(repeats[1].1.contains("dnsName[2]"), "{}", repeats[1].1);
}

/// Regression: the X2 message listed every differing name (10^5 names: megabytes of text).
#[test]
fn a_names_mismatch_message_lists_a_bounded_number_of_names() {
    let names: Vec<String> = (0..5000).map(|i| format!("h{i}.example.com")).collect();
    let request = AdvancedCertificateRequest::builder()
        .csr(common::read_data("sample.csr.pem"))
        .certificate_type("DV")
        .certificate_name("www-example")
        .common_name("www.example.com")
        .dns_names(names)
        .validation_method("D")
        .build();
    let report = request.validate(&Policy::default());
    let mismatch = report
        .findings
        .iter()
        .find(|f| f.code == Code::CsrNamesMismatch)
        .expect("X2");
    assert!(
        mismatch.message.len() < 1000,
        "{} bytes",
        mismatch.message.len()
    );
    assert!(
        mismatch.message.contains("and 4990 more"),
        "{}",
        mismatch.message
    );
    assert!(
        mismatch.message.contains("only in the CSR: example.com"),
        "{}",
        mismatch.message
    );
    assert!(report.has(Code::DnsNameTooMany));
}
