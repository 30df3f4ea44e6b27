//! ListDcvStatuses: `GET /api/v2/certificate/getVerificationInfo/{certificateNo}?domainAddress=`:
//! for one name of a certificate, the DNS TXT record NCP checks to validate the
//! domain (DCV), and how far that validation is.
//!
//! NCP documents `validSn`, `requestSn`, `validStatusCode` and `txtName` but not the name of
//! the field that carries the TXT record's value (research note §4). The parser takes the
//! value from the first of [`TXT_VALUE_FIELDS`] that the item holds, says which one it was,
//! and keeps every field of the item, so that a user can always see what NCP sent.

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};
use serde_with::serde_as;

use super::argument::certificate_no_problem;
use super::query::with_query;
use super::ArgumentError;
use crate::prepare::{PreparedRequest, Site};
use crate::response::fields::{derived, list_or_null, unknown, Code, Count, Text};
use crate::response::{read_model, ApiError, Expected};

/// Path of ListDcvStatuses, before `/{certificateNo}`.
pub const LIST_DCV_STATUSES_PATH: &str = "/api/v2/certificate/getVerificationInfo";

/// Field names that may carry the TXT record's value, in the order they are looked for. NCP
/// has not documented the real one; `txtValue` mirrors the documented `txtName`.
pub const TXT_VALUE_FIELDS: [&str; 9] = [
    "txtValue",
    "txtRecordValue",
    "txtRecord",
    "txtContent",
    "txtData",
    "txtToken",
    "dcvValue",
    "recordValue",
    "value",
];

/// The longest domain name a DNS query can carry (RFC 1035), plus `*.` and a trailing dot.
const MAX_DOMAIN_CHARS: usize = 256;

/// A ListDcvStatuses call: the validation records of one name of a certificate.
///
/// ```
/// use ncpcert::{ListDcvStatuses, Site};
/// let prepared = ListDcvStatuses::new(55332, "www.example.com").prepare(&Site::Public)?;
/// assert_eq!(prepared.method, "GET");
/// assert_eq!(
///     prepared.path,
///     "/api/v2/certificate/getVerificationInfo/55332?domainAddress=www.example.com"
/// );
/// # Ok::<(), ncpcert::ArgumentError>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct ListDcvStatuses {
    /// The certificate's number.
    pub certificate_no: u64,
    /// `domainAddress`: one name of the certificate (see [`validation_domains`]).
    pub domain_address: String,
}

impl ListDcvStatuses {
    /// The records of `domain_address` for certificate `certificate_no`.
    pub fn new(certificate_no: u64, domain_address: impl Into<String>) -> Self {
        ListDcvStatuses {
            certificate_no,
            domain_address: domain_address.into(),
        }
    }

    /// The request-target, the query percent-encoded once. Signed and sent as it is.
    pub fn path_and_query(&self) -> Result<String, ArgumentError> {
        certificate_no_problem(self.certificate_no)?;
        let domain = &self.domain_address;
        if domain.trim().is_empty() {
            return Err(ArgumentError::new(
                "domainAddress is empty; give one name of the certificate (its commonName or \
                 a dnsName)",
            ));
        }
        if let Some(c) = domain.chars().find(|c| c.is_whitespace() || c.is_control()) {
            return Err(ArgumentError::new(format!(
                "domainAddress holds the character U+{:04X}; give a domain name such as \
                 www.example.com",
                c as u32
            )));
        }
        if domain.chars().count() > MAX_DOMAIN_CHARS {
            return Err(ArgumentError::new(format!(
                "domainAddress is longer than {MAX_DOMAIN_CHARS} characters; give one name \
                 of the certificate"
            )));
        }
        Ok(with_query(
            &format!("{LIST_DCV_STATUSES_PATH}/{}", self.certificate_no),
            &[("domainAddress", Some(domain.clone()))],
        ))
    }

    /// The `GET` to send to `site`, unsigned.
    pub fn prepare(&self, site: &Site) -> Result<PreparedRequest, ArgumentError> {
        Ok(PreparedRequest::get(site, &self.path_and_query()?))
    }
}

/// The names whose validation records to ask for, one ListDcvStatuses call each: the common
/// name, then each `dnsName`, lower-cased, without a trailing dot, each once. A wildcard
/// `*.example.com` is validated through `example.com` (CA/B BR 3.2.2.4.7: the DNS record is
/// placed at the Authorization Domain Name, the name without its `*.` label), so it gives
/// `example.com`.
pub fn validation_domains<'a>(names: impl IntoIterator<Item = &'a str>) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    // Seen names, each with its index in `out`, in a map: a search of `out` per name would make
    // 10^5 names take seconds. (The map type request validation uses too: one copy of its code.)
    let mut seen: std::collections::HashMap<String, usize> = std::collections::HashMap::new();
    for name in names {
        let name = name.trim();
        let name = name.strip_suffix('.').unwrap_or(name);
        let name = name.strip_prefix("*.").unwrap_or(name).to_ascii_lowercase();
        if !name.is_empty() && seen.insert(name.clone(), out.len()).is_none() {
            out.push(name);
        }
    }
    out
}

/// How far the validation of one record is, from `validStatusCode`. Serialises as
/// [`as_str`](DcvState::as_str).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "lowercase")]
#[non_exhaustive]
pub enum DcvState {
    /// `VALID_STATUS_SUCCESS`: validated.
    Success,
    /// `VALID_STATUS_REG`: waiting for the record (publish it, then wait).
    Pending,
    /// `VALID_STATUS_TIMEOUT`: the validation window ended before the record was seen.
    Timeout,
    /// Any other code (kept as sent in [`DcvRecord::status_code`]).
    #[default]
    Unknown,
}

impl DcvState {
    fn from_code(code: &str) -> Self {
        match code {
            "VALID_STATUS_SUCCESS" => DcvState::Success,
            "VALID_STATUS_REG" => DcvState::Pending,
            "VALID_STATUS_TIMEOUT" => DcvState::Timeout,
            _ => DcvState::Unknown,
        }
    }

    /// `"success"`, `"pending"`, `"timeout"` or `"unknown"`.
    pub fn as_str(self) -> &'static str {
        match self {
            DcvState::Success => "success",
            DcvState::Pending => "pending",
            DcvState::Timeout => "timeout",
            DcvState::Unknown => "unknown",
        }
    }
}

/// One entry of `dnsVerificationList`: a DNS TXT record to publish.
///
/// Serialises as `{"validSn", "requestSn", "validStatusCode", "state", "txtName", "txtValue",
/// "valueField", "recordName"?, "recordType": "TXT", …every other field as sent}`.
#[serde_as]
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase", expecting = "an object")]
#[non_exhaustive]
pub struct DcvRecord {
    /// `validSn` (a string or an integer), as text.
    #[serde_as(deserialize_as = "Option<Text>")]
    #[serde(default)]
    pub valid_sn: Option<String>,
    /// `requestSn`.
    #[serde_as(deserialize_as = "Option<Text>")]
    #[serde(default)]
    pub request_sn: Option<String>,
    /// `validStatusCode` as sent (empty when absent).
    #[serde_as(deserialize_as = "Text")]
    #[serde(default, rename = "validStatusCode")]
    pub status_code: String,
    /// From `validStatusCode`.
    #[serde(default, deserialize_with = "derived")]
    pub state: DcvState,
    /// `txtName`: the record's name, as NCP sent it.
    #[serde_as(deserialize_as = "Option<Text>")]
    #[serde(default)]
    pub txt_name: Option<String>,
    /// The record's value, from the first of [`TXT_VALUE_FIELDS`] present. Read from
    /// `txtValue`, the first of them, and set from the others when that is absent or blank.
    #[serde_as(deserialize_as = "Option<Text>")]
    #[serde(default)]
    pub txt_value: Option<String>,
    /// Which field [`txt_value`](DcvRecord::txt_value) came from.
    #[serde(default, deserialize_with = "derived")]
    pub value_field: Option<FieldName>,
    /// The name to publish the record at, when the answer was read for a known domain (see
    /// [`DcvStatuses::for_domain`]).
    #[serde(
        default,
        deserialize_with = "derived",
        skip_serializing_if = "Option::is_none"
    )]
    pub record_name: Option<String>,
    /// `"TXT"`, always.
    #[serde(default, deserialize_with = "derived")]
    record_type: RecordType,
    /// Every other field, as sent (the value's own field included, unless it is `txtValue`).
    #[serde(flatten, skip_deserializing, default = "unknown")]
    pub extra: Map<String, Value>,
}

/// One of [`TXT_VALUE_FIELDS`]. A name for `&'static str` because serde's derive borrows
/// every field spelled `&str` from the input, which would tie a [`DcvRecord`] to the text it
/// was read from; this field is never read from the input.
pub type FieldName = &'static str;

/// The type of a DCV record, `"TXT"`: the only one NCP's DNS validation uses.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
enum RecordType {
    #[default]
    #[serde(rename = "TXT")]
    Txt,
}

impl DcvRecord {
    /// The fully qualified name to publish the record at, for the validation of `domain`:
    /// `txtName` as sent when it already ends in `domain`'s name, else `txtName.domain` (NCP
    /// does not say whether `txtName` is a full name or a label within the zone).
    pub fn fqdn_for(&self, domain: &str) -> Option<String> {
        let name = self.txt_name.as_deref()?.trim();
        let name = name.strip_suffix('.').unwrap_or(name);
        if name.is_empty() {
            return None;
        }
        let base = validation_domains([domain]).pop().unwrap_or_default();
        let lower = name.to_ascii_lowercase();
        if base.is_empty() || lower == base || lower.ends_with(&format!(".{base}")) {
            Some(name.to_string())
        } else {
            Some(format!("{name}.{base}"))
        }
    }

    /// Sets what ncpcert reads in the record: the state, and the value from the first of
    /// [`TXT_VALUE_FIELDS`] that holds text (the rule is this function, once). `txtValue`,
    /// the first, is also the name the value is written under, so it was read into
    /// `txt_value` rather than kept in `extra`.
    fn settle(&mut self) {
        self.state = DcvState::from_code(&self.status_code);
        let [written, others @ ..] = TXT_VALUE_FIELDS;
        let sent = self.txt_value.take().filter(|v| !v.trim().is_empty());
        (self.txt_value, self.value_field) = match sent {
            Some(value) => (Some(value.trim().to_owned()), Some(written)),
            None => others
                .iter()
                .find_map(|&name| match self.extra.get(name) {
                    Some(Value::String(s)) if !s.trim().is_empty() => {
                        Some((Some(s.trim().to_owned()), Some(name)))
                    }
                    _ => None,
                })
                .unwrap_or_default(),
        };
    }
}

/// A successful answer to ListDcvStatuses.
///
/// Serialises as `{"returnCode", "returnMessage", "totalRows", "dnsVerificationList",
/// "validated" ([`is_validated`](DcvStatuses::is_validated)), …every other field as sent
/// (dnsVerificationCount, emailVerificationList, …)}`.
#[serde_as]
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase", expecting = "an object")]
#[non_exhaustive]
pub struct DcvStatuses {
    /// `returnCode` as text (`"0"`).
    #[serde_as(deserialize_as = "Code")]
    pub return_code: String,
    /// `returnMessage`.
    #[serde_as(deserialize_as = "Text")]
    #[serde(default)]
    pub return_message: String,
    /// `totalRows` (or `totalCount`), when present.
    #[serde_as(deserialize_as = "Count")]
    #[serde(default, alias = "totalCount")]
    pub total_rows: Option<u64>,
    /// `dnsVerificationList`, in the order sent.
    #[serde(
        default,
        rename = "dnsVerificationList",
        deserialize_with = "list_or_null"
    )]
    pub records: Vec<DcvRecord>,
    /// `validated`: [`is_validated`](DcvStatuses::is_validated), set once the answer is read.
    #[serde(default, deserialize_with = "derived")]
    validated: bool,
    /// Every other top-level field, as sent.
    #[serde(flatten, skip_deserializing, default = "unknown")]
    pub extra: Map<String, Value>,
}

/// `true` when there is at least one record and every one is validated.
fn is_validated(records: &[DcvRecord]) -> bool {
    !records.is_empty() && records.iter().all(|r| r.state == DcvState::Success)
}

impl DcvStatuses {
    /// Sets each record's [`record_name`](DcvRecord::record_name) for the validation of
    /// `domain` (the `domainAddress` the call was for).
    pub fn for_domain(mut self, domain: &str) -> Self {
        for record in &mut self.records {
            record.record_name = record.fqdn_for(domain);
        }
        self
    }

    /// `true` when there is at least one record and every one is validated.
    pub fn is_validated(&self) -> bool {
        is_validated(&self.records)
    }

    /// As JSON text (see the type's documentation).
    pub fn to_json(&self) -> String {
        serde_json::to_string(self).unwrap_or_else(|_| String::from("{}"))
    }
}

const DCV: Expected = Expected {
    answer: "a list of domain validation records (ListDcvStatuses)",
    malformed_hint: "NCP answered with something ncpcert cannot read: ask again (a read changes \
nothing); if it persists, check the endpoint URL and any proxy in between, and see the records \
in the NCP console (Certificate Manager, the certificate's domain validation).",
};

/// Reads NCP's answer to ListDcvStatuses. Never panics. Codes as strings or numbers, a
/// missing or `null` list as empty, unknown fields kept.
pub fn parse_dcv_statuses(http_status: u16, body: &[u8]) -> Result<DcvStatuses, ApiError> {
    let mut statuses: DcvStatuses = read_model(http_status, body, &DCV)?;
    statuses.records.iter_mut().for_each(DcvRecord::settle);
    statuses.validated = statuses.is_validated();
    Ok(statuses)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ApiErrorKind;

    #[test]
    fn the_domain_is_encoded_once_in_the_query() {
        let call = ListDcvStatuses::new(7, "*.예시.example.com");
        assert_eq!(
            call.path_and_query().unwrap(),
            "/api/v2/certificate/getVerificationInfo/7?domainAddress=%2A.%EC%98%88%EC%8B%9C.example.com"
        );
        for bad in [
            ListDcvStatuses::new(0, "example.com"),
            ListDcvStatuses::new(7, ""),
            ListDcvStatuses::new(7, "a b.example.com"),
            ListDcvStatuses::new(7, "a\u{0}b"),
            ListDcvStatuses::new(7, "a".repeat(300)),
        ] {
            assert_eq!(bad.path_and_query().unwrap_err().code(), "argument.invalid");
        }
    }

    #[test]
    fn validation_domains_are_distinct_and_wildcards_use_their_base() {
        assert_eq!(
            validation_domains([
                "www.Example.com",
                "example.com.",
                "*.example.com",
                "WWW.example.com",
                " ",
                "api.example.com"
            ]),
            ["www.example.com", "example.com", "api.example.com"]
        );
    }

    #[test]
    fn documented_fields_and_every_other_field() {
        let body = br#"{"returnCode":"0","returnMessage":"Success","totalRows":1,
          "dnsVerificationCount":1,"dnsVerificationList":[
            {"validSn":51,"requestSn":"R-1","validStatusCode":"VALID_STATUS_REG",
             "txtName":"_dnsauth","dcvValue":"tok-1","ttl":300,"future":{"a":[1]}}],
          "emailVerificationCount":0,"emailVerificationList":[]}"#;
        let answer = parse_dcv_statuses(200, body)
            .unwrap()
            .for_domain("*.example.com");
        assert_eq!(answer.total_rows, Some(1));
        assert_eq!(answer.extra["dnsVerificationCount"], 1);
        assert!(answer.extra.contains_key("emailVerificationList"));
        let record = &answer.records[0];
        assert_eq!(record.valid_sn.as_deref(), Some("51"));
        assert_eq!(record.state, DcvState::Pending);
        assert_eq!(record.txt_value.as_deref(), Some("tok-1"));
        assert_eq!(record.value_field, Some("dcvValue"));
        assert_eq!(record.record_name.as_deref(), Some("_dnsauth.example.com"));
        assert!(!answer.is_validated());
        let json: Value = serde_json::from_str(&answer.to_json()).unwrap();
        let item = &json["dnsVerificationList"][0];
        assert_eq!(item["txtValue"], "tok-1");
        assert_eq!(item["dcvValue"], "tok-1");
        assert_eq!(item["recordType"], "TXT");
        assert_eq!(item["future"]["a"][0], 1);
        assert_eq!(json["emailVerificationCount"], 0);
        // Fields ncpcert does not know keep NCP's order.
        let keys: Vec<&str> = answer.extra.keys().map(String::as_str).collect();
        assert_eq!(
            keys,
            [
                "dnsVerificationCount",
                "emailVerificationCount",
                "emailVerificationList"
            ]
        );
        let keys: Vec<&str> = answer.records[0].extra.keys().map(String::as_str).collect();
        assert_eq!(keys, ["dcvValue", "ttl", "future"]);
    }

    #[test]
    fn record_names_as_sent_or_within_the_domain() {
        let record = |name: &str| DcvRecord {
            valid_sn: None,
            request_sn: None,
            status_code: String::new(),
            state: DcvState::Unknown,
            txt_name: Some(name.into()),
            txt_value: None,
            value_field: None,
            record_name: None,
            record_type: RecordType::Txt,
            extra: Map::new(),
        };
        for (txt_name, domain, want) in [
            (
                "_dnsauth.www.example.com",
                "www.example.com",
                "_dnsauth.www.example.com",
            ),
            (
                "_dnsauth.WWW.example.com.",
                "www.example.com",
                "_dnsauth.WWW.example.com",
            ),
            ("_dnsauth", "www.example.com", "_dnsauth.www.example.com"),
            (
                "_dnsauth.example.com",
                "*.example.com",
                "_dnsauth.example.com",
            ),
            ("example.com", "example.com", "example.com"),
            (
                "_x.notexample.com",
                "example.com",
                "_x.notexample.com.example.com",
            ),
        ] {
            assert_eq!(
                record(txt_name).fqdn_for(domain).as_deref(),
                Some(want),
                "{txt_name}"
            );
        }
        assert_eq!(record(" ").fqdn_for("example.com"), None);
    }

    #[test]
    fn states_and_unknown_value_fields() {
        let body = br#"{"returnCode":0,"dnsVerificationList":[
            {"validSn":"1","validStatusCode":"VALID_STATUS_SUCCESS","txtName":"a","txtValue":"v"},
            {"validSn":"2","validStatusCode":"VALID_STATUS_TIMEOUT","txtName":"b","txtValue":"w"},
            {"validStatusCode":"SOMETHING_NEW","mysteryValue":"z"}]}"#;
        let answer = parse_dcv_statuses(200, body).unwrap();
        let states: Vec<_> = answer.records.iter().map(|r| r.state).collect();
        assert_eq!(
            states,
            [DcvState::Success, DcvState::Timeout, DcvState::Unknown]
        );
        assert_eq!(answer.records[0].txt_value.as_deref(), Some("v"));
        assert_eq!(answer.records[0].value_field, Some("txtValue"));
        // One key per record: the value read from txtValue is written once, under its name.
        assert_eq!(answer.to_json().matches("\"txtValue\":").count(), 3);
        assert_eq!(answer.records[2].txt_value, None);
        assert_eq!(answer.records[2].extra["mysteryValue"], "z");
        assert_eq!(answer.records[2].status_code, "SOMETHING_NEW");
        let all_done = br#"{"returnCode":"0","dnsVerificationList":[{"validStatusCode":"VALID_STATUS_SUCCESS"}]}"#;
        assert!(parse_dcv_statuses(200, all_done).unwrap().is_validated());
        let none = br#"{"returnCode":"0","dnsVerificationList":null}"#;
        let none = parse_dcv_statuses(200, none).unwrap();
        assert!(none.records.is_empty() && !none.is_validated());
    }

    #[test]
    fn unreadable_answers_are_errors() {
        for body in [
            &b"[]"[..],
            br#"{"returnCode":"0","dnsVerificationList":{}}"#,
            br#"{"returnCode":"0","dnsVerificationList":[7]}"#,
            br#"{"returnCode":"0","dnsVerificationList":[{"txtName":["x"]}]}"#,
            br#"{"dnsVerificationList":[]}"#,
        ] {
            let e = parse_dcv_statuses(200, body).unwrap_err();
            assert_eq!(
                e.kind,
                ApiErrorKind::Malformed,
                "{}",
                String::from_utf8_lossy(body)
            );
            assert!(e.message.contains("ListDcvStatuses"), "{}", e.message);
        }
        let e = parse_dcv_statuses(
            200,
            br#"{"returnCode":"1006","returnMessage":"No certificate exists."}"#,
        )
        .unwrap_err();
        assert_eq!((e.kind, e.code.as_str()), (ApiErrorKind::Service, "1006"));
    }
}
