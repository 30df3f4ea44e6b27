//! Invariants of ListAdvancedCertificates over generated inputs (proptest, SPEC §12):
//! - any certificate name that can be looked up gives a request-target the signer accepts,
//!   whose query decodes (RFC 3986 percent-decoding) back to exactly that name, and whose URL
//!   is the base URL followed by that same target;
//! - parsing any status and body never panics, and an error carries the status it was given;
//! - a name found in a list is found exactly: same bytes, newest number.

use ncpcert::{parse_certificate_list, sign, ListAdvancedCertificates, Site};
use proptest::prelude::*;

mod query_decoding;
use query_decoding::percent_decode;
use serde_json::{json, Value};

const PREFIX: &str = "/api/v2/certificate/getPaidCertificates?certificateName=";

proptest! {
    #[test]
    fn any_name_is_encoded_once_and_decodes_back(name in "\\PC{1,60}", page in 1u32..50, size in 1u32..=1000) {
        let call = ListAdvancedCertificates::new().certificate_name(name.clone()).page(page).page_size(size);
        let Ok(prepared) = call.prepare(&Site::Public) else {
            // Only a name B4 refuses (blank, control characters) may be refused.
            prop_assert!(name.trim().is_empty() || name.chars().any(char::is_control));
            return Ok(());
        };
        let target = prepared.path.clone();
        prop_assert!(target.starts_with(PREFIX));
        let query = &target[PREFIX.len()..];
        let (encoded, rest) = query.split_once('&').expect("page follows");
        prop_assert_eq!(rest, format!("page={page}&pageSize={size}"));
        prop_assert!(encoded.bytes().all(|b| b.is_ascii_alphanumeric() || b"-._~%".contains(&b)));
        prop_assert_eq!(percent_decode(encoded), name.as_bytes().to_vec());
        prop_assert_eq!(prepared.url, format!("https://certificatemanager.apigw.ntruss.com{target}"));
        prop_assert!(sign("GET", &target, 1_700_000_000_000, "AK", "SK").is_ok());
    }

    #[test]
    fn any_answer_is_read_without_panic(status in any::<u16>(), body in prop::collection::vec(any::<u8>(), 0..400)) {
        match parse_certificate_list(status, &body) {
            Ok(_) => prop_assert!((200..=299).contains(&status)),
            Err(error) => prop_assert_eq!(error.http_status, status),
        }
    }

    #[test]
    fn names_are_found_exactly(
        names in prop::collection::vec("[a-cA-C -]{0,4}", 1..12),
        wanted in "[a-cA-C -]{0,4}",
    ) {
        let certificates: Vec<Value> = names
            .iter()
            .enumerate()
            .map(|(i, n)| json!({"certificateNo": i + 1, "certificateName": n, "statusCode": "0"}))
            .collect();
        let body = json!({"returnCode": "0", "orders": [{"certificates": certificates}]}).to_string();
        let list = parse_certificate_list(200, body.as_bytes()).expect("a list");
        let newest = names.iter().rposition(|n| *n == wanted).map(|i| i as u64 + 1);
        prop_assert_eq!(list.find_by_name(&wanted).map(|c| c.certificate_no), newest);
    }
}
