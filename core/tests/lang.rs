//! Messages in Korean: every finding and error a host can meet renders in Korean from the
//! code tables, with the same codes as in English, and English stays as it was.

mod common;

use ncpcert::host::{self, HostError};
use ncpcert::{inspect_csr, AdvancedCertificateRequest, Lang, Policy, Report};
use serde_json::json;

fn assert_korean(report: &Report, what: &str) {
    let ko = report.localized(Lang::Ko);
    assert_eq!(ko.findings.len(), report.findings.len());
    for (en, ko) in report.findings.iter().zip(&ko.findings) {
        assert_eq!(
            (en.code, &en.field, en.severity),
            (ko.code, &ko.field, ko.severity)
        );
        assert_eq!(
            en.message_in(Lang::En),
            en.message,
            "English is the message as found"
        );
        if let Some(problem) = common::not_korean(&ko.message) {
            panic!(
                "{what}: {} {}: {problem}: {}",
                en.code, en.field, ko.message
            );
        }
    }
}

/// A request that finds as many problems as one request can.
#[test]
fn a_request_with_many_findings_speaks_korean() {
    let csr = String::from_utf8(common::read_data("sample.csr.pem")).unwrap();
    let requests = [
        json!({
            "certificateType": "XV", "certificateName": "1 bad name", "commonName": "한국.kr",
            "dnsName": ["a_b.example.com", "-x.example.com", "10.0.0.1", "printer.local",
                        "*.co.kr", "co.kr", "a..b.com", "x.arpa", "ab--c.example.com",
                        "xn--zz.example.com", "*.github.io", "a*.example.com", "www.example.com.",
                        "single", "a b.example.com", "https://example.com/x",
                        format!("{}.com", "a".repeat(64)), format!("{}.com", "a.".repeat(130)),
                        "☃.com", "www.example.com", "www.example.com", 7],
            "validationMethod": "E", "organizationNo": -3, "csr": csr, "dns_name": [],
            "extra": {"csr": "x"}
        }),
        json!({"certificateType": "OV", "validationMethod": "Q", "csr": csr,
               "commonName": "other.example.com", "dnsName": "x", "extra": 3,
               "certificateName": ""}),
        json!({"certificateType": 1, "validationMethod": true, "commonName": [],
               "certificateName": {}, "organizationNo": "12"}),
        json!({"certificateType": "DV", "organizationNo": 5, "certificateName": "ok-name",
               "commonName": "", "dnsName": (0..120).map(|i| format!("n{i}.example.com")).collect::<Vec<_>>(),
               "validationMethod": "D", "csr": csr}),
        json!([1, 2]),
    ];
    let mut codes = std::collections::BTreeSet::new();
    for request in &requests {
        let report = host::validate(request, None, false);
        codes.extend(report.findings.iter().map(|f| f.code));
        assert_korean(&report, &request.to_string());
    }
    assert!(codes.len() >= 30, "{} codes: {codes:?}", codes.len());
    // Not JSON at all.
    let report = AdvancedCertificateRequest::from_json("{not json").unwrap_err();
    assert_korean(&report, "not JSON");
}

#[test]
fn the_csr_corpora_speak_korean() {
    let mut seen = 0;
    for dir in ["own", "pyca-csr", "hostile"] {
        let path = common::repo_tests_dir().join("data").join(dir);
        let Ok(entries) = std::fs::read_dir(&path) else {
            continue;
        };
        for entry in entries {
            let file = entry.unwrap().path();
            if file.extension().is_some_and(|e| e == "json" || e == "md") {
                continue;
            }
            let bytes = std::fs::read(&file).unwrap();
            seen += 1;
            match inspect_csr(&bytes) {
                Ok(report) => {
                    let report = Report::from_findings(report.findings, &Policy::lenient());
                    assert_korean(&report, &file.display().to_string());
                }
                Err(e) => {
                    let error = HostError::from(e);
                    let ko = error.localized(Lang::Ko);
                    assert_eq!(ko.code(), error.code());
                    if let Some(problem) = common::not_korean(ko.message()) {
                        panic!(
                            "{}: {}: {problem}: {}",
                            file.display(),
                            error.code(),
                            ko.message()
                        );
                    }
                }
            }
        }
    }
    assert!(seen >= 40, "{seen} CSR files");
}

#[test]
fn errors_speak_korean_with_the_same_codes() {
    let mut errors: Vec<HostError> = vec![
        host::site(Some("mars"), None).unwrap_err(),
        host::site(None, Some("ftp://x")).unwrap_err(),
        host::json_argument("{", "the query").unwrap_err(),
        host::read_response(200, b"<html>").unwrap_err(),
        host::read_response(403, b"").unwrap_err(),
        host::read_response(
            401,
            br#"{"error":{"errorCode":"200","message":"Authentication Failed","details":"x"}}"#,
        )
        .unwrap_err(),
        host::read_response(200, br#"{"returnCode":"1002","returnMessage":"bad csr"}"#)
            .unwrap_err(),
        host::inspect(b"nothing").unwrap_err(),
        host::prepare(
            &json!({"commonName": "a_b.example.com"}),
            None,
            &ncpcert::Site::Public,
            false,
        )
        .unwrap_err(),
    ];
    errors.push(HostError::from(
        ncpcert::sign("", "/x", 1_700_000_000_000, "a", "b").unwrap_err(),
    ));
    for error in &errors {
        let ko = error.localized(Lang::Ko);
        assert_eq!(ko.code(), error.code());
        assert_eq!(ko.error_type(), error.error_type());
        assert_eq!(error.message_in(Lang::En), error.message());
        assert_eq!(error.message_in(Lang::Ko), ko.message());
        if let Some(problem) = common::not_korean(ko.message()) {
            panic!("{}: {problem}: {}", error.code(), ko.message());
        }
    }
    // A validation error's findings are Korean too.
    if let HostError::Validation(v) = errors.last().unwrap().localized(Lang::Ko) {
        for f in &v.findings {
            assert!(common::not_korean(&f.message).is_none(), "{}", f.message);
        }
    }
}
