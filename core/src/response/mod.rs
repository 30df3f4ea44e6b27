//! Reading NCP's answer to `requestPaidCertificateIssuance`.
//!
//! [`parse_response`] takes the HTTP status and the raw body bytes, and returns either the
//! [`IssuanceResponse`] or an [`ApiError`] of one of four kinds:
//!
//! | kind | when |
//! |---|---|
//! | [`ApiErrorKind::Gateway`] | the body is `{"error":{"errorCode":…,"message":…,"details":…}}`, whatever the HTTP status |
//! | [`ApiErrorKind::Service`] | the body has a `returnCode` other than `"0"` (seen with HTTP 200 and 400) |
//! | [`ApiErrorKind::Http`] | any other non-2xx answer: an empty body, a proxy's HTML page, … |
//! | [`ApiErrorKind::Malformed`] | a 2xx answer that is not the documented success body |
//!
//! It never panics, whatever the bytes: invalid UTF-8, truncated or deeply nested JSON and
//! very large bodies all come back as errors whose texts stay short.
//!
//! ```
//! use ncpcert::{parse_response, ApiErrorKind, CertificateStatus};
//!
//! let body = br#"{"returnCode":"0","returnMessage":"success","totalRows":1,
//!   "paidCertificate":{"certificateNo":12345,"requestSn":"REQ-1","certificateName":"www-example",
//!   "statusCode":"0","statusName":"ONGOING","regDate":"2026-11-28 17:10:00",
//!   "validationMethod":"D","organizationNo":null}}"#;
//! let response = parse_response(200, body)?;
//! assert_eq!(response.paid_certificate.certificate_no, 12345);
//! assert_eq!(response.paid_certificate.status, CertificateStatus::Ongoing);
//!
//! let error = parse_response(401, br#"{"error":{"errorCode":"200","message":"Authentication Failed"}}"#)
//!     .unwrap_err();
//! assert_eq!(error.kind, ApiErrorKind::Gateway);
//! assert_eq!(error.code, "200");
//! assert!(!error.retryable());
//! # Ok::<(), ncpcert::ApiError>(())
//! ```

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};
use serde_with::serde_as;

mod envelope;
mod error;
pub(crate) mod fields;
mod gateway;
mod outcome;
mod status;
pub(crate) mod text;
mod value_de;

#[cfg(feature = "issuance")]
pub(crate) use envelope::parse_json;
pub(crate) use envelope::{read_answer, read_envelope, read_model, type_name, Expected};
pub use error::{ApiError, ApiErrorKind};
use fields::{unknown, unknown_but_status, Code, Count, Text};
pub use outcome::{Outcome, TransportFailure};
pub use status::CertificateStatus;
pub(crate) use status::{StatusCode, StatusFacts};

/// A successful answer to `requestPaidCertificateIssuance`.
///
/// Serialises (see [`IssuanceResponse::to_json`]) with the API's JSON names: `returnCode`,
/// `returnMessage`, `totalRows`, `paidCertificate`, followed by the unknown fields kept in
/// [`extra`](IssuanceResponse::extra).
#[serde_as]
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase", expecting = "an object")]
#[non_exhaustive]
pub struct IssuanceResponse {
    /// `returnCode` as text; always `"0"` for a success.
    #[serde_as(deserialize_as = "Code")]
    pub return_code: String,
    /// `returnMessage` as sent (empty when absent).
    #[serde_as(deserialize_as = "Text")]
    #[serde(default)]
    pub return_message: String,
    /// `totalRows`, when present.
    #[serde_as(deserialize_as = "Count")]
    #[serde(default)]
    pub total_rows: Option<u64>,
    /// The certificate request that was created.
    pub paid_certificate: PaidCertificate,
    /// Top-level fields ncpcert does not know, kept as sent (in the order sent).
    #[serde(flatten, skip_deserializing, default = "unknown")]
    pub extra: Map<String, Value>,
}

/// The `paidCertificate` object of a successful answer.
///
/// Serialises with the API's JSON names: `certificateNo`, `requestSn`, `certificateName`,
/// `statusCode` (an integer), `statusName` (the server's text), `status` (ncpcert's name for
/// the code, e.g. `"ONGOING"`), `regDate`, `validationMethod`, `organizationNo`, followed by the
/// unknown fields kept in [`extra`](PaidCertificate::extra).
#[serde_as]
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase", expecting = "an object")]
#[non_exhaustive]
pub struct PaidCertificate {
    /// `certificateNo`: NCP's number for the certificate (sent as an integer or a decimal
    /// string).
    #[serde_as(deserialize_as = "Count")]
    pub certificate_no: u64,
    /// `requestSn`: the request's serial (empty when absent).
    #[serde_as(deserialize_as = "Text")]
    #[serde(default)]
    pub request_sn: String,
    /// `certificateName`, as sent (empty when absent).
    #[serde_as(deserialize_as = "Text")]
    #[serde(default)]
    pub certificate_name: String,
    /// The status, from `statusCode` (sent as an integer or a string).
    #[serde_as(as = "StatusCode")]
    #[serde(rename = "statusCode")]
    #[cfg_attr(feature = "schema", schemars(with = "i64"))]
    pub status: CertificateStatus,
    /// `statusName`: the server's own text for the status (empty when absent).
    #[serde_as(deserialize_as = "Text")]
    #[serde(default)]
    pub status_name: String,
    /// `status`: ncpcert's name for the status, written after `statusName`.
    #[serde(flatten, skip_deserializing)]
    facts: StatusFacts,
    /// `regDate`: registration time as sent, normally `YYYY-MM-DD HH:MM:SS` (empty when
    /// absent).
    #[serde_as(deserialize_as = "Text")]
    #[serde(default)]
    pub reg_date: String,
    /// `validationMethod` (`D`, `PD`, `E`, …), when present.
    #[serde_as(deserialize_as = "Option<Text>")]
    #[serde(default)]
    pub validation_method: Option<String>,
    /// `organizationNo`, when present (OV requests).
    #[serde_as(deserialize_as = "Count")]
    #[serde(default)]
    pub organization_no: Option<u64>,
    /// Fields of `paidCertificate` ncpcert does not know, kept as sent (in the order sent).
    #[serde(flatten, skip_deserializing, default = "unknown_but_status")]
    pub extra: Map<String, Value>,
}

/// What the issuance call answers on success.
const ISSUANCE: Expected = Expected {
    answer: "a certificate issuance response",
    malformed_hint: "NCP reported success but sent an answer ncpcert cannot read, so the request \
may have been accepted: look for the certificate in the certificate list (console or API) before \
sending the request again. If the answer came from a proxy, check the endpoint URL.",
};

/// Turns whatever NCP answered into an [`IssuanceResponse`] or a typed [`ApiError`].
///
/// `http_status` is the status line's code; `body` the raw body bytes. The function never
/// panics, whatever the bytes. A gateway error body makes a [`ApiErrorKind::Gateway`] error
/// even with a 2xx status; every error carries the real `http_status`.
///
/// Lenient where NCP is inconsistent: `returnCode` may be `"0"` or `0`, `statusCode` an integer
/// or a string, `certificateNo` and `organizationNo` integers or decimal strings; a UTF-8 byte
/// order mark is skipped; a one-level wrapper object holding a single key that ends in
/// `Response` (e.g. `{"requestPaidCertificateIssuanceResponse":{…}}`) is unwrapped; unknown
/// fields are kept in `extra`.
pub fn parse_response(http_status: u16, body: &[u8]) -> Result<IssuanceResponse, ApiError> {
    read_model(http_status, body, &ISSUANCE).map(|mut response: IssuanceResponse| {
        response.paid_certificate.settle();
        response
    })
}

impl IssuanceResponse {
    /// The response as JSON text, with the API's field names (see the type's documentation).
    pub fn to_json(&self) -> String {
        serde_json::to_string(self).unwrap_or_else(|_| String::from("{}"))
    }
}

impl PaidCertificate {
    /// The certificate as JSON text, with the API's field names (see the type's
    /// documentation).
    pub fn to_json(&self) -> String {
        serde_json::to_string(self).unwrap_or_else(|_| String::from("{}"))
    }

    /// Sets what ncpcert writes from the status.
    fn settle(&mut self) {
        self.facts = StatusFacts::of(self.status);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wrapper_is_unwrapped_once() {
        let body = br#"{"requestPaidCertificateIssuanceResponse":{"returnCode":"0","paidCertificate":{"certificateNo":"7","statusCode":1}}}"#;
        let r = parse_response(200, body).unwrap();
        assert_eq!(r.paid_certificate.certificate_no, 7);
        assert_eq!(r.paid_certificate.status, CertificateStatus::Normal);
        let nested = br#"{"aResponse":{"bResponse":{"returnCode":"0"}}}"#;
        assert_eq!(
            parse_response(200, nested).unwrap_err().kind,
            ApiErrorKind::Malformed
        );
    }

    #[test]
    fn a_field_named_like_a_written_one_is_not_duplicated() {
        let body = br#"{"returnCode":"0","paidCertificate":{"certificateNo":1,"statusCode":"0","status":"x"}}"#;
        let r = parse_response(200, body).unwrap();
        let json = r.paid_certificate.to_json();
        assert_eq!(json.matches("\"status\"").count(), 1);
        assert!(json.contains(r#""status":"ONGOING""#), "{json}");
    }

    #[test]
    fn the_json_keeps_its_order() {
        let body = br#"{"x":1,"totalRows":1,"paidCertificate":{"future":[1],"organizationNo":"12","statusName":"ONGOING","statusCode":"0","certificateNo":"5"},"returnCode":0}"#;
        assert_eq!(
            parse_response(200, body).unwrap().to_json(),
            r#"{"returnCode":"0","returnMessage":"","totalRows":1,"paidCertificate":{"certificateNo":5,"requestSn":"","certificateName":"","statusCode":0,"statusName":"ONGOING","status":"ONGOING","regDate":"","validationMethod":null,"organizationNo":12,"future":[1]},"x":1}"#
        );
    }
}
