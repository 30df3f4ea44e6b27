//! `parse_certificate_list` (ListAdvancedCertificates) on an arbitrary status (first two bytes)
//! and body (the rest). Whatever comes back must serialise to JSON, an error must carry the
//! status it was given, and every certificate found by name must carry that exact name.
#![no_main]

use libfuzzer_sys::fuzz_target;
use ncpcert::parse_certificate_list;

fuzz_target!(|data: &[u8]| {
    let (status, body) = match data {
        [a, b, rest @ ..] => (u16::from_be_bytes([*a, *b]) % 1000, rest),
        _ => (200, data),
    };
    match parse_certificate_list(status, body) {
        Ok(list) => {
            assert!((200..=299).contains(&status));
            serde_json::from_str::<serde_json::Value>(&list.to_json()).expect("JSON");
            for certificate in list.certificates() {
                let found = list.find_by_name(&certificate.certificate_name).expect("listed");
                assert_eq!(found.certificate_name, certificate.certificate_name);
                assert!(found.certificate_no >= certificate.certificate_no);
            }
        }
        Err(error) => {
            assert_eq!(error.http_status, status);
            serde_json::from_str::<serde_json::Value>(&error.to_json()).expect("JSON");
        }
    }
});
