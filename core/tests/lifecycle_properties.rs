//! Invariants of the calls after the request (proptest, SPEC §12):
//! - any bytes and status into ListDcvStatuses', GetCertificateChain's and ListOrganizations'
//!   parsers: no panic, and an error carries the status it was given;
//! - any domain that ListDcvStatuses accepts gives a request-target the signer accepts, whose
//!   query decodes (RFC 3986, decoded here independently) back to exactly that domain;
//! - any certificate PEM, however NCP spaces and breaks its lines, reads back to the canonical
//!   PEM of the same certificate (LF, 64 columns, as `openssl x509` writes it), and the full
//!   chain is the certificate followed by the SubCA;
//! - unknown fields of any answer are kept, whatever their names and values.

use base64::Engine as _;
use ncpcert::{
    parse_certificate_chain, parse_dcv_statuses, parse_organizations, sign, ListDcvStatuses, Site,
};
use proptest::prelude::*;

mod query_decoding;
use query_decoding::percent_decode;
use serde_json::{json, Map, Value};

/// PEM of `der` the way a server might send it: lines of `width`, `eol` between them, with or
/// without a final line break.
fn pem(der: &[u8], width: usize, eol: &str, final_eol: bool) -> String {
    let base64 = base64::engine::general_purpose::STANDARD.encode(der);
    let mut text = format!("-----BEGIN CERTIFICATE-----{eol}");
    for chunk in base64.as_bytes().chunks(width) {
        text.push_str(std::str::from_utf8(chunk).unwrap());
        text.push_str(eol);
    }
    text.push_str("-----END CERTIFICATE-----");
    if final_eol {
        text.push_str(eol);
    }
    text
}

/// Two real certificates, as `openssl x509` writes them (LF, 64 columns).
const CERTIFICATES: [&str; 2] = [
    include_str!("data/order/same-key.cert.pem"),
    include_str!("data/order/other-key.cert.pem"),
];

/// The DER of a PEM certificate.
fn der(pem: &str) -> Vec<u8> {
    let base64: String = pem.lines().filter(|l| !l.starts_with("-----")).collect();
    base64::engine::general_purpose::STANDARD
        .decode(base64)
        .unwrap()
}

fn unknown_fields() -> impl Strategy<Value = Map<String, Value>> {
    prop::collection::btree_map("zz[A-Za-z]{1,8}", any::<i64>().prop_map(Value::from), 0..4)
        .prop_map(|m| m.into_iter().collect())
}

proptest! {
    #[test]
    fn any_answer_is_read_without_panic(which in 0u8..3, status in any::<u16>(), body in prop::collection::vec(any::<u8>(), 0..400)) {
        let failed_with = match which {
            0 => parse_dcv_statuses(status, &body).err().map(|e| e.http_status),
            1 => parse_certificate_chain(status, &body).err().map(|e| e.http_status),
            _ => parse_organizations(status, &body).err().map(|e| e.http_status),
        };
        match failed_with {
            None => prop_assert!((200..=299).contains(&status)),
            Some(got) => prop_assert_eq!(got, status),
        }
    }

    #[test]
    fn any_json_shaped_answer_is_read_without_panic(which in 0u8..3, value in json_value()) {
        let body = value.to_string();
        let _ = match which {
            0 => parse_dcv_statuses(200, body.as_bytes()).map(|a| a.to_json()),
            1 => parse_certificate_chain(200, body.as_bytes()).map(|a| a.to_json()),
            _ => parse_organizations(200, body.as_bytes()).map(|a| a.to_json()),
        };
    }

    #[test]
    fn any_accepted_domain_is_encoded_once_and_decodes_back(domain in "\\PC{1,80}", no in 1u64..u64::MAX) {
        let Ok(prepared) = ListDcvStatuses::new(no, domain.clone()).prepare(&Site::Public) else {
            prop_assert!(domain.trim().is_empty() || domain.chars().any(|c| c.is_whitespace() || c.is_control()));
            return Ok(());
        };
        let prefix = format!("/api/v2/certificate/getVerificationInfo/{no}?domainAddress=");
        prop_assert!(prepared.path.starts_with(&prefix));
        let encoded = &prepared.path[prefix.len()..];
        prop_assert!(encoded.bytes().all(|b| b.is_ascii_alphanumeric() || b"-._~%".contains(&b)));
        prop_assert_eq!(percent_decode(encoded), domain.as_bytes().to_vec());
        prop_assert!(sign("GET", &prepared.path, 1_700_000_000_000, "AK", "SK").is_ok());
    }

    #[test]
    fn any_pem_layout_reads_back_to_lf_pem(
        order in any::<bool>(),
        width in 1usize..80,
        eol in prop::sample::select(vec!["\r\n", "\n", "\r", " \r\n", "\n\n"]),
        final_eol in any::<bool>(),
        extra in unknown_fields(),
    ) {
        let [leaf, sub] = if order { CERTIFICATES } else { [CERTIFICATES[1], CERTIFICATES[0]] };
        let (leaf_pem, sub_pem) = (leaf, sub);
        let (leaf, sub) = (der(leaf), der(sub));
        let mut body = json!({
            "returnCode": "0",
            "certificate": pem(&leaf, width, eol, final_eol),
            "subCaCertificate": pem(&sub, width, eol, final_eol),
        });
        body.as_object_mut().unwrap().extend(extra.clone());
        let chain = parse_certificate_chain(200, body.to_string().as_bytes()).expect("a chain");
        prop_assert_eq!(&chain.certificate, leaf_pem);
        prop_assert_eq!(chain.sub_ca_certificate.as_deref(), Some(sub_pem));
        let files = chain.files();
        let full = format!("{leaf_pem}{sub_pem}");
        prop_assert_eq!(&files[2].1, &full);
        for (key, value) in &extra {
            prop_assert_eq!(chain.extra.get(key), Some(value));
        }
    }

    #[test]
    fn unknown_fields_of_records_and_organisations_are_kept(extra in unknown_fields(), no in 1u64..1_000_000) {
        let mut record = json!({"validStatusCode": "VALID_STATUS_REG", "txtName": "_dnsauth"});
        record.as_object_mut().unwrap().extend(extra.clone());
        let body = json!({"returnCode": "0", "dnsVerificationList": [record]}).to_string();
        let answer = parse_dcv_statuses(200, body.as_bytes()).expect("records");
        let json: Value = serde_json::from_str(&answer.to_json()).unwrap();
        let mut org = json!({"organizationNo": no});
        org.as_object_mut().unwrap().extend(extra.clone());
        let list = parse_organizations(200, json!([org]).to_string().as_bytes()).expect("organisations");
        prop_assert_eq!(list.organizations[0].organization_no, no);
        for (key, value) in &extra {
            prop_assert_eq!(answer.records[0].extra.get(key), Some(value));
            prop_assert_eq!(&json["dnsVerificationList"][0][key], value);
            prop_assert_eq!(list.organizations[0].extra.get(key), Some(value));
        }
    }
}

/// JSON values of the shapes these answers take, nested a few levels, with the names the
/// parsers look for among random ones.
fn json_value() -> impl Strategy<Value = Value> {
    let names = prop::sample::select(vec![
        "returnCode",
        "totalRows",
        "dnsVerificationList",
        "txtName",
        "txtValue",
        "validSn",
        "certificate",
        "subCaCertificate",
        "organizationNo",
        "organizationInfoList",
        "verificationProgressCode",
        "list",
        "x",
    ]);
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::from),
        any::<i64>().prop_map(Value::from),
        "[-A-Za-z0-9 =\r\n]{0,40}".prop_map(Value::from),
        Just(Value::from("0")),
        Just(Value::from(
            "-----BEGIN CERTIFICATE-----\r\nMAMCAQE=\r\n-----END CERTIFICATE-----"
        )),
    ];
    leaf.prop_recursive(4, 40, 6, move |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..4).prop_map(Value::Array),
            prop::collection::vec((names.clone(), inner), 0..6).prop_map(|pairs| Value::Object(
                pairs.into_iter().map(|(k, v)| (k.to_string(), v)).collect()
            )),
        ]
    })
}
