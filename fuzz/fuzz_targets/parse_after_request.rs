//! The parsers of the calls after the request (SPEC §12) on an arbitrary input: the first byte
//! picks the parser (ListDcvStatuses, GetCertificateChain, ListOrganizations), the next two the
//! status, the rest is the body. Whatever comes back must serialise to JSON and an error must
//! carry the status it was given; a chain's files must be LF-only PEM, the full chain the
//! certificate followed by the SubCA.
#![no_main]

use libfuzzer_sys::fuzz_target;
use ncpcert::{parse_certificate_chain, parse_dcv_statuses, parse_organizations, ApiError};

fn check_error(error: ApiError, status: u16) {
    assert_eq!(error.http_status, status);
    serde_json::from_str::<serde_json::Value>(&error.to_json()).expect("JSON");
}

fuzz_target!(|data: &[u8]| {
    let (which, status, body) = match data {
        [w, a, b, rest @ ..] => (*w % 3, u16::from_be_bytes([*a, *b]) % 1000, rest),
        _ => (0, 200, data),
    };
    match which {
        0 => match parse_dcv_statuses(status, body) {
            Ok(answer) => {
                let answer = answer.for_domain("www.example.com");
                serde_json::from_str::<serde_json::Value>(&answer.to_json()).expect("JSON");
                for record in &answer.records {
                    assert_eq!(record.record_name.is_some(), record.txt_name.as_deref().is_some_and(|n| !n.trim().trim_end_matches('.').is_empty()));
                }
            }
            Err(error) => check_error(error, status),
        },
        1 => match parse_certificate_chain(status, body) {
            Ok(chain) => {
                serde_json::from_str::<serde_json::Value>(&chain.to_json()).expect("JSON");
                for (_, text) in chain.files() {
                    assert!(!text.contains('\r') && text.ends_with('\n'));
                    assert!(text.starts_with("-----BEGIN CERTIFICATE-----\n"));
                }
                if let Some(sub_ca) = &chain.sub_ca_certificate {
                    let files = chain.files();
                    assert_eq!(files[2].1, format!("{}{sub_ca}", chain.certificate));
                }
            }
            Err(error) => check_error(error, status),
        },
        _ => match parse_organizations(status, body) {
            Ok(list) => {
                serde_json::from_str::<serde_json::Value>(&list.to_json()).expect("JSON");
                for org in list.validated() {
                    assert_eq!(org.verification_progress_code, Some(ncpcert::ORGANIZATION_VALIDATED));
                }
            }
            Err(error) => check_error(error, status),
        },
    }
});
