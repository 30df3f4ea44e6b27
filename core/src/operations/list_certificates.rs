//! ListAdvancedCertificates: `GET /api/v2/certificate/getPaidCertificates`, the
//! lookup that tells whether an issuance request whose answer was lost placed an order.

use serde::de::{SeqAccess, Visitor};
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};
use serde_with::serde_as;
use std::fmt;

use super::query::with_query;
use super::ArgumentError;
use crate::prepare::{PreparedRequest, Site};
use crate::request::validate::certificate_name_problem;
use crate::response::fields::{
    list_or_null, unknown, unknown_but_status, Code, Count, NonEmptyText, Text,
};
use crate::response::{read_model, ApiError, CertificateStatus, Expected, StatusCode, StatusFacts};

/// Path of ListAdvancedCertificates.
pub const LIST_ADVANCED_CERTIFICATES_PATH: &str = "/api/v2/certificate/getPaidCertificates";

/// The most entries NCP is asked for in one page.
const MAX_PAGE_SIZE: u32 = 1000;

/// A ListAdvancedCertificates call: the Advanced DV/OV certificates of the account, optionally
/// only those with one name.
///
/// ```
/// use ncpcert::{ListAdvancedCertificates, Site};
/// let prepared = ListAdvancedCertificates::new()
///     .certificate_name("www-example")
///     .page(1)
///     .page_size(20)
///     .prepare(&Site::Public)?;
/// assert_eq!(
///     prepared.url,
///     "https://certificatemanager.apigw.ntruss.com/api/v2/certificate/getPaidCertificates?certificateName=www-example&page=1&pageSize=20"
/// );
/// # Ok::<(), ncpcert::ArgumentError>(())
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct ListAdvancedCertificates {
    /// `certificateName`: only certificates with this name (NCP filters; ncpcert matches the
    /// answer exactly again, see [`CertificateList::find_by_name`]).
    pub certificate_name: Option<String>,
    /// `page`, from 1.
    pub page: Option<u32>,
    /// `pageSize`, 1 to 1000.
    pub page_size: Option<u32>,
}

impl ListAdvancedCertificates {
    /// Every certificate (NCP's default paging).
    pub fn new() -> Self {
        Self::default()
    }

    /// Only certificates named `name`.
    pub fn certificate_name(mut self, name: impl Into<String>) -> Self {
        self.certificate_name = Some(name.into());
        self
    }

    /// The page to fetch, from 1.
    pub fn page(mut self, page: u32) -> Self {
        self.page = Some(page);
        self
    }

    /// How many certificates per page, 1 to 1000.
    pub fn page_size(mut self, page_size: u32) -> Self {
        self.page_size = Some(page_size);
        self
    }

    /// The request-target: the path and its query, percent-encoded once (RFC 3986 unreserved
    /// characters kept, a space as `%20`). Signed and sent as it is.
    pub fn path_and_query(&self) -> Result<String, ArgumentError> {
        if let Some(name) = &self.certificate_name {
            if let Some(problem) = certificate_name_problem(name) {
                return Err(ArgumentError::new(format!(
                    "the certificate name to look up {problem}; give the name the certificate \
                     was requested with"
                )));
            }
        }
        if self.page == Some(0) {
            return Err(ArgumentError::new("page counts from 1; give 1 or more"));
        }
        if let Some(size) = self.page_size {
            if !(1..=MAX_PAGE_SIZE).contains(&size) {
                return Err(ArgumentError::new(format!(
                    "pageSize is {size}; give 1 to {MAX_PAGE_SIZE}"
                )));
            }
        }
        Ok(with_query(
            LIST_ADVANCED_CERTIFICATES_PATH,
            &[
                ("certificateName", self.certificate_name.clone()),
                ("page", self.page.map(|p| p.to_string())),
                ("pageSize", self.page_size.map(|p| p.to_string())),
            ],
        ))
    }

    /// The `GET` to send to `site`, unsigned: sign it like any request
    /// ([`PreparedRequest::sign`]); its URL holds exactly the request-target that is signed.
    pub fn prepare(&self, site: &Site) -> Result<PreparedRequest, ArgumentError> {
        Ok(PreparedRequest::get(site, &self.path_and_query()?))
    }
}

/// A successful answer to ListAdvancedCertificates.
///
/// Serialises with the API's names: `returnCode`, `returnMessage`, `totalCount`, `orders`,
/// then the unknown fields kept in [`extra`](CertificateList::extra).
#[serde_as]
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase", expecting = "an object")]
#[non_exhaustive]
pub struct CertificateList {
    /// `returnCode` as text (`"0"`).
    #[serde_as(deserialize_as = "Code")]
    pub return_code: String,
    /// `returnMessage` (empty when absent).
    #[serde_as(deserialize_as = "Text")]
    #[serde(default)]
    pub return_message: String,
    /// `totalCount` (or `totalRows`, which some of NCP's answers use), when present.
    #[serde_as(deserialize_as = "Count")]
    #[serde(default, alias = "totalRows")]
    pub total_count: Option<u64>,
    /// `orders[]`, in the order sent.
    #[serde(default, deserialize_with = "list_or_null")]
    pub orders: Vec<CertificateOrder>,
    /// Top-level fields ncpcert does not know, kept as sent.
    #[serde(flatten, skip_deserializing, default = "unknown")]
    pub extra: Map<String, Value>,
}

/// One entry of `orders[]`.
///
/// Serialises as `{"orderId", "certificates", …extra}`.
#[serde_as]
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase", expecting = "an object")]
#[non_exhaustive]
pub struct CertificateOrder {
    /// `orderId` (older answers: `orderID`), as text; `None` when absent.
    #[serde_as(deserialize_as = "Code")]
    #[serde(default, alias = "orderID")]
    pub order_id: Option<String>,
    /// `certificates[]`.
    #[serde(default, deserialize_with = "list_or_null")]
    pub certificates: Vec<CertificateSummary>,
    /// Fields ncpcert does not know, kept as sent.
    #[serde(flatten, skip_deserializing, default = "unknown")]
    pub extra: Map<String, Value>,
}

/// One certificate of a list.
///
/// Serialises as `{"certificateNo", "certificateName", "commonName", "dnsName" (an array),
/// "statusCode" (an integer), "statusName", "status" (ncpcert's name for the code),
/// "issued", "pending", "failed" (see [`CertificateStatus`]), "certificateType", …extra}`.
#[serde_as]
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase", expecting = "an object")]
#[non_exhaustive]
pub struct CertificateSummary {
    /// `certificateNo`.
    #[serde_as(deserialize_as = "Count")]
    pub certificate_no: u64,
    /// `certificateName` (empty when absent).
    #[serde_as(deserialize_as = "Text")]
    #[serde(default)]
    pub certificate_name: String,
    /// `commonName` (empty when absent).
    #[serde_as(deserialize_as = "Text")]
    #[serde(default)]
    pub common_name: String,
    /// `dnsName`: NCP documents a comma-separated string; an array is read too.
    #[serde_as(deserialize_as = "DnsNames")]
    #[serde(default, rename = "dnsName")]
    pub dns_names: Vec<String>,
    /// From `statusCode` (a string or an integer).
    #[serde_as(as = "StatusCode")]
    #[serde(rename = "statusCode")]
    #[cfg_attr(feature = "schema", schemars(with = "i64"))]
    pub status: CertificateStatus,
    /// `statusName`, the server's text (empty when absent).
    #[serde_as(deserialize_as = "Text")]
    #[serde(default)]
    pub status_name: String,
    /// `status`, `issued`, `pending`, `failed`: what ncpcert reads in the status.
    #[serde(flatten, skip_deserializing)]
    pub(crate) facts: StatusFacts,
    /// `certificateType` (older answers: `certificateTypeCode`), e.g. `NCP_PAID_DV_01`.
    #[serde_as(deserialize_as = "NonEmptyText")]
    #[serde(default, alias = "certificateTypeCode")]
    pub certificate_type: Option<String>,
    /// Fields ncpcert does not know, kept as sent (`notAfter`, `issuer`, …).
    #[serde(flatten, skip_deserializing, default = "unknown_but_status")]
    pub extra: Map<String, Value>,
}

/// `dnsName`: `"a.example.com, b.example.com"` (as NCP documents it) or `["a.example.com",
/// "b.example.com"]`; `null` is none.
struct DnsNames;

impl<'de> serde_with::DeserializeAs<'de, Vec<String>> for DnsNames {
    fn deserialize_as<D: serde::Deserializer<'de>>(d: D) -> Result<Vec<String>, D::Error> {
        d.deserialize_any(DnsNames)
    }
}

impl<'de> Visitor<'de> for DnsNames {
    type Value = Vec<String>;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("text or an array of text")
    }
    fn visit_unit<E>(self) -> Result<Vec<String>, E> {
        Ok(Vec::new())
    }
    fn visit_str<E>(self, joined: &str) -> Result<Vec<String>, E> {
        Ok(joined
            .split(',')
            .map(str::trim)
            .filter(|name| !name.is_empty())
            .map(String::from)
            .collect())
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Vec<String>, A::Error> {
        let mut names = Vec::new();
        while let Some(name) = seq.next_element::<String>()? {
            names.push(name.trim().to_owned());
        }
        Ok(names)
    }
}

impl CertificateList {
    /// Every certificate of every order, in the order sent.
    pub fn certificates(&self) -> impl Iterator<Item = &CertificateSummary> {
        self.orders.iter().flat_map(|o| o.certificates.iter())
    }

    /// The certificate named exactly `name` (byte for byte: no case folding, no trimming, no
    /// prefix match); when several are, the one with the highest number (the newest order).
    pub fn find_by_name(&self, name: &str) -> Option<&CertificateSummary> {
        self.certificates()
            .filter(|c| c.certificate_name == name)
            .max_by_key(|c| c.certificate_no)
    }

    /// The certificate numbered `certificate_no`.
    pub fn find_by_number(&self, certificate_no: u64) -> Option<&CertificateSummary> {
        self.certificates()
            .find(|c| c.certificate_no == certificate_no)
    }

    /// As JSON text (see the type's documentation).
    pub fn to_json(&self) -> String {
        serde_json::to_string(self).unwrap_or_else(|_| String::from("{}"))
    }
}

/// What to tell a user when no certificate is named `name`.
pub fn no_certificate_named(name: &str) -> String {
    format!(
        "no Advanced certificate is named {name:?} in this account: names are matched exactly \
(case, spaces and hyphens count); check the name, the keys (each account has its own \
certificates) and the site (public, gov or fin)"
    )
}

/// What to tell a user when no certificate has the number `certificate_no`.
pub fn no_certificate_numbered(certificate_no: u64) -> String {
    format!(
        "no Advanced certificate has the number {certificate_no} in this account: check the \
number (it is the certificateNo NCP answered the request with), the keys and the site (public, \
gov or fin)"
    )
}

impl CertificateSummary {
    /// As JSON text (see the type's documentation).
    pub fn to_json(&self) -> String {
        serde_json::to_string(self).unwrap_or_else(|_| String::from("{}"))
    }

    /// Sets what ncpcert writes from the status.
    pub(crate) fn settle(&mut self) {
        self.facts = StatusFacts::with_flags(self.status);
    }
}

const LIST: Expected = Expected {
    answer: "a certificate list (ListAdvancedCertificates)",
    malformed_hint: "NCP answered the lookup with something ncpcert cannot read: send the lookup \
again (it changes nothing); if it persists, check the endpoint URL and any proxy in between, and \
look the certificate up in the NCP console.",
};

/// Reads NCP's answer to ListAdvancedCertificates. Never panics.
///
/// Lenient like [`parse_response`](crate::parse_response): codes and numbers as strings or
/// numbers, `orderID`/`certificateTypeCode` as well as `orderId`/`certificateType`,
/// `totalCount` or `totalRows`, `dnsName` as a comma-separated string or an array, a missing
/// or `null` `orders` as an empty list; unknown fields kept.
pub fn parse_certificate_list(http_status: u16, body: &[u8]) -> Result<CertificateList, ApiError> {
    let mut list: CertificateList = read_model(http_status, body, &LIST)?;
    for order in &mut list.orders {
        order
            .certificates
            .iter_mut()
            .for_each(CertificateSummary::settle);
    }
    Ok(list)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ApiErrorKind;

    #[test]
    fn the_name_is_percent_encoded_once_and_signed_as_sent() {
        let prepared = ListAdvancedCertificates::new()
            .certificate_name("www example+인증서")
            .prepare(&Site::custom("http://127.0.0.1:8080/p").unwrap())
            .unwrap();
        assert_eq!(
            prepared.path,
            "/p/api/v2/certificate/getPaidCertificates?certificateName=www%20example%2B%EC%9D%B8%EC%A6%9D%EC%84%9C"
        );
        assert_eq!(
            prepared.url,
            format!("http://127.0.0.1:8080{}", prepared.path)
        );
        assert_eq!(prepared.method, "GET");
        assert!(!prepared.has_body());
        let signer = crate::Signer::new("AK", "SK").unwrap();
        let signed = prepared.sign(&signer, 1_700_000_000_000).unwrap();
        let want = crate::sign("GET", &prepared.path, 1_700_000_000_000, "AK", "SK").unwrap();
        assert_eq!(
            signed.header("x-ncp-apigw-signature-v2"),
            Some(want.as_str())
        );
        assert!(prepared.to_json().contains("\"body\":null"));
    }

    #[test]
    fn bad_arguments_are_refused() {
        for bad in [
            ListAdvancedCertificates::new().certificate_name(""),
            ListAdvancedCertificates::new().certificate_name("a\nb"),
            ListAdvancedCertificates::new().certificate_name("x".repeat(256)),
            ListAdvancedCertificates::new().page(0),
            ListAdvancedCertificates::new().page_size(0),
            ListAdvancedCertificates::new().page_size(1001),
        ] {
            let e = bad.prepare(&Site::Public).unwrap_err();
            assert_eq!(e.code(), "argument.invalid");
            assert!(!e.message().is_empty());
        }
        assert_eq!(
            ListAdvancedCertificates::new().path_and_query().unwrap(),
            LIST_ADVANCED_CERTIFICATES_PATH
        );
    }

    #[test]
    fn old_and_new_field_names_and_types() {
        let new = br#"{"returnCode":"0","returnMessage":"success","totalCount":2,"orders":[
          {"orderId":"O-1","certificates":[{"certificateNo":7,"certificateName":"a","commonName":"a.example.com",
            "dnsName":"a.example.com, b.example.com","statusCode":"1","statusName":"NORMAL",
            "certificateType":"NCP_PAID_DV_01","notAfter":"2027-12-01"}]},
          {"orderId":"O-2","certificates":[{"certificateNo":"8","certificateName":"b","statusCode":-3}]}]}"#;
        let list = parse_certificate_list(200, new).unwrap();
        assert_eq!(list.total_count, Some(2));
        assert_eq!(list.orders[0].order_id.as_deref(), Some("O-1"));
        let a = list.find_by_name("a").unwrap();
        assert_eq!(a.dns_names, ["a.example.com", "b.example.com"]);
        assert_eq!(a.status, CertificateStatus::Normal);
        assert_eq!(a.certificate_type.as_deref(), Some("NCP_PAID_DV_01"));
        assert_eq!(a.extra["notAfter"], "2027-12-01");
        let b = list.find_by_number(8).unwrap();
        assert_eq!(b.status, CertificateStatus::ValidationFailed);

        let old = br#"{"returnCode":0,"totalRows":"1","orders":[{"orderID":12,"certificates":[
          {"certificateNo":"9","certificateName":"c","dnsName":["c.example.com"],"statusCode":"0",
           "certificateTypeCode":"NCP_PAID_OV_01"}]}],"page":1}"#;
        let list = parse_certificate_list(200, old).unwrap();
        assert_eq!(list.return_code, "0");
        assert_eq!(list.total_count, Some(1));
        assert_eq!(list.orders[0].order_id.as_deref(), Some("12"));
        let c = list.find_by_name("c").unwrap();
        assert_eq!(c.certificate_type.as_deref(), Some("NCP_PAID_OV_01"));
        assert_eq!(c.dns_names, ["c.example.com"]);
        assert_eq!(list.extra["page"], 1);
        let json: Value = serde_json::from_str(&list.to_json()).unwrap();
        assert_eq!(json["orders"][0]["orderId"], "12");
        assert_eq!(
            json["orders"][0]["certificates"][0]["certificateType"],
            "NCP_PAID_OV_01"
        );
        assert_eq!(json["page"], 1);
        let flags = &json["orders"][0]["certificates"][0];
        assert_eq!(
            (&flags["issued"], &flags["pending"], &flags["failed"]),
            (&Value::from(false), &Value::from(true), &Value::from(false))
        );
    }

    #[test]
    fn name_matching_is_exact_and_prefers_the_newest() {
        let body = br#"{"returnCode":"0","orders":[{"certificates":[
          {"certificateNo":1,"certificateName":"www-example","statusCode":"-6"},
          {"certificateNo":3,"certificateName":"www-example","statusCode":"0"},
          {"certificateNo":2,"certificateName":"www-example","statusCode":"1"},
          {"certificateNo":4,"certificateName":"WWW-EXAMPLE","statusCode":"0"},
          {"certificateNo":5,"certificateName":"www-example-2","statusCode":"0"},
          {"certificateNo":6,"certificateName":"www-example ","statusCode":"0"}]}]}"#;
        let list = parse_certificate_list(200, body).unwrap();
        assert_eq!(list.find_by_name("www-example").unwrap().certificate_no, 3);
        assert_eq!(list.find_by_name("WWW-EXAMPLE").unwrap().certificate_no, 4);
        assert!(list.find_by_name("www").is_none());
        assert!(list.find_by_name("Www-example").is_none());
    }

    #[test]
    fn empty_and_absent_orders() {
        for body in [
            &br#"{"returnCode":"0","totalCount":0,"orders":[]}"#[..],
            br#"{"returnCode":"0","orders":null}"#,
            br#"{"returnCode":"0"}"#,
        ] {
            let list = parse_certificate_list(200, body).unwrap();
            assert!(list.find_by_name("x").is_none());
            assert_eq!(list.certificates().count(), 0);
        }
    }

    #[test]
    fn unreadable_answers_are_errors_not_panics() {
        for body in [
            &b""[..],
            b"[]",
            br#"{"returnCode":"0","orders":{}}"#,
            br#"{"returnCode":"0","orders":[1]}"#,
            br#"{"returnCode":"0","orders":[{"certificates":[{"certificateName":"x","statusCode":"0"}]}]}"#,
            br#"{"returnCode":"0","orders":[{"certificates":[{"certificateNo":-1,"statusCode":"0"}]}]}"#,
            br#"{"returnCode":"0","orders":[{"certificates":[{"certificateNo":1,"dnsName":[1],"statusCode":"0"}]}]}"#,
            br#"{"returnCode":"0","orders":[{"orderId":{},"certificates":[]}]}"#,
            br#"{"orders":[]}"#,
        ] {
            let e = parse_certificate_list(200, body).unwrap_err();
            assert_eq!(e.kind, ApiErrorKind::Malformed, "{}", String::from_utf8_lossy(body));
            assert!(e.message.contains("certificate list"), "{}", e.message);
        }
        let e = parse_certificate_list(
            504,
            br#"{"error":{"errorCode":"510","message":"Endpoint Timeout"}}"#,
        )
        .unwrap_err();
        assert_eq!((e.kind, e.code.as_str()), (ApiErrorKind::Gateway, "510"));
        let e = parse_certificate_list(
            200,
            br#"{"returnCode":"1006","returnMessage":"No certificate exists."}"#,
        )
        .unwrap_err();
        assert_eq!(e.kind, ApiErrorKind::Service);
    }
}
