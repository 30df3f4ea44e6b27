//! Reading NCP's answer to `requestPaidCertificateIssuance` (SPEC §6).
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
//! assert!(!error.retryable);
//! # Ok::<(), ncpcert::ApiError>(())
//! ```

use serde::ser::{Serialize, SerializeMap, Serializer};
use serde_json::{Map, Value};

mod envelope;
mod error;
pub(crate) mod fields;
mod gateway;
mod outcome;
mod status;
pub(crate) mod text;

pub(crate) use envelope::{read_answer, read_envelope, Expected};
pub use error::{ApiError, ApiErrorKind};
use fields::{
    code_text, extra_entries, i64_field, optional_text_field, text_field, type_name, u64_field,
};
pub use outcome::{Outcome, TransportFailure};
pub use status::CertificateStatus;

/// A successful answer to `requestPaidCertificateIssuance`.
///
/// Serialises (see [`IssuanceResponse::to_json`]) with the API's JSON names: `returnCode`,
/// `returnMessage`, `totalRows`, `paidCertificate`, followed by the unknown fields kept in
/// [`extra`](IssuanceResponse::extra).
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct IssuanceResponse {
    /// `returnCode` as text; always `"0"` for a success.
    pub return_code: String,
    /// `returnMessage` as sent (empty when absent).
    pub return_message: String,
    /// `totalRows`, when present.
    pub total_rows: Option<u64>,
    /// The certificate request that was created.
    pub paid_certificate: PaidCertificate,
    /// Top-level fields ncpcert does not know, kept as sent (in the order sent).
    pub extra: Map<String, Value>,
}

/// The `paidCertificate` object of a successful answer.
///
/// Serialises with the API's JSON names: `certificateNo`, `requestSn`, `certificateName`,
/// `statusCode` (an integer), `statusName` (the server's text), `status` (ncpcert's name for
/// the code, e.g. `"ONGOING"`), `regDate`, `validationMethod`, `organizationNo`, followed by the
/// unknown fields kept in [`extra`](PaidCertificate::extra).
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct PaidCertificate {
    /// `certificateNo`: NCP's number for the certificate (sent as an integer or a decimal
    /// string).
    pub certificate_no: u64,
    /// `requestSn`: the request's serial (empty when absent).
    pub request_sn: String,
    /// `certificateName`, as sent (empty when absent).
    pub certificate_name: String,
    /// The status, from `statusCode` (sent as an integer or a string).
    pub status: CertificateStatus,
    /// `statusName`: the server's own text for the status (empty when absent).
    pub status_name: String,
    /// `regDate`: registration time as sent, normally `YYYY-MM-DD HH:MM:SS` (empty when
    /// absent).
    pub reg_date: String,
    /// `validationMethod` (`D`, `PD`, `E`, …), when present.
    pub validation_method: Option<String>,
    /// `organizationNo`, when present (OV requests).
    pub organization_no: Option<u64>,
    /// Fields of `paidCertificate` ncpcert does not know, kept as sent (in the order sent).
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
    let object = read_envelope(http_status, body, &ISSUANCE)?;
    read_success(object).map_err(|what| ApiError::malformed(http_status, &ISSUANCE, &what, body))
}

/// Reads the success body (a JSON object whose `returnCode`, if any, is `"0"`).
fn read_success(object: Map<String, Value>) -> Result<IssuanceResponse, String> {
    let mut return_code = None;
    let mut return_message = None;
    let mut total_rows = None;
    let mut paid_certificate = None;
    let mut extra = Map::new();
    for (key, value) in object {
        match key.as_str() {
            "returnCode" => return_code = Some(value),
            "returnMessage" => return_message = Some(value),
            "totalRows" => total_rows = Some(value),
            "paidCertificate" => paid_certificate = Some(value),
            _ => {
                extra.insert(key, value);
            }
        }
    }
    let return_code = match return_code {
        None => return Err(String::from("returnCode is missing")),
        Some(value) => code_text(&value).ok_or_else(|| {
            format!(
                "returnCode is {}, not a string or number",
                type_name(&value)
            )
        })?,
    };
    let return_message = text_field(return_message, "returnMessage")?;
    let total_rows = u64_field(total_rows, "totalRows")?;
    let paid_certificate = match paid_certificate {
        None | Some(Value::Null) => {
            return Err(String::from(
                "returnCode is \"0\" but there is no paidCertificate",
            ))
        }
        Some(Value::Object(map)) => read_certificate(map)?,
        Some(other) => {
            return Err(format!(
                "paidCertificate is {}, not an object",
                type_name(&other)
            ))
        }
    };
    Ok(IssuanceResponse {
        return_code,
        return_message,
        total_rows,
        paid_certificate,
        extra,
    })
}

/// Reads the `paidCertificate` object.
fn read_certificate(object: Map<String, Value>) -> Result<PaidCertificate, String> {
    let mut certificate_no = None;
    let mut request_sn = None;
    let mut certificate_name = None;
    let mut status_code = None;
    let mut status_name = None;
    let mut reg_date = None;
    let mut validation_method = None;
    let mut organization_no = None;
    let mut extra = Map::new();
    for (key, value) in object {
        match key.as_str() {
            "certificateNo" => certificate_no = Some(value),
            "requestSn" => request_sn = Some(value),
            "certificateName" => certificate_name = Some(value),
            "statusCode" => status_code = Some(value),
            "statusName" => status_name = Some(value),
            "regDate" => reg_date = Some(value),
            "validationMethod" => validation_method = Some(value),
            "organizationNo" => organization_no = Some(value),
            _ => {
                extra.insert(key, value);
            }
        }
    }
    let certificate_no = u64_field(certificate_no, "paidCertificate.certificateNo")?
        .ok_or_else(|| String::from("paidCertificate.certificateNo is missing"))?;
    Ok(PaidCertificate {
        certificate_no,
        request_sn: text_field(request_sn, "paidCertificate.requestSn")?,
        certificate_name: text_field(certificate_name, "paidCertificate.certificateName")?,
        status: CertificateStatus::from_code(i64_field(status_code, "paidCertificate.statusCode")?),
        status_name: text_field(status_name, "paidCertificate.statusName")?,
        reg_date: text_field(reg_date, "paidCertificate.regDate")?,
        validation_method: optional_text_field(
            validation_method,
            "paidCertificate.validationMethod",
        )?,
        organization_no: u64_field(organization_no, "paidCertificate.organizationNo")?,
        extra,
    })
}

/// The JSON names [`IssuanceResponse`] serialises itself; `extra` entries with these names
/// are left out of the JSON (they stay in `extra`).
const RESPONSE_FIELDS: [&str; 4] = [
    "returnCode",
    "returnMessage",
    "totalRows",
    "paidCertificate",
];

/// The JSON names [`PaidCertificate`] serialises itself; `extra` entries with these names
/// are left out of the JSON (they stay in `extra`).
const CERTIFICATE_FIELDS: [&str; 9] = [
    "certificateNo",
    "requestSn",
    "certificateName",
    "statusCode",
    "statusName",
    "status",
    "regDate",
    "validationMethod",
    "organizationNo",
];

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
}

/// Serialises with the API's JSON names, unknown fields flattened back in.
impl Serialize for IssuanceResponse {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut map = s.serialize_map(None)?;
        map.serialize_entry("returnCode", &self.return_code)?;
        map.serialize_entry("returnMessage", &self.return_message)?;
        map.serialize_entry("totalRows", &self.total_rows)?;
        map.serialize_entry("paidCertificate", &self.paid_certificate)?;
        extra_entries(&mut map, &self.extra, &RESPONSE_FIELDS)?;
        map.end()
    }
}

/// Serialises with the API's JSON names plus `status`, unknown fields flattened back in.
impl Serialize for PaidCertificate {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut map = s.serialize_map(None)?;
        map.serialize_entry("certificateNo", &self.certificate_no)?;
        map.serialize_entry("requestSn", &self.request_sn)?;
        map.serialize_entry("certificateName", &self.certificate_name)?;
        map.serialize_entry("statusCode", &self.status.code())?;
        map.serialize_entry("statusName", &self.status_name)?;
        map.serialize_entry("status", &self.status)?;
        map.serialize_entry("regDate", &self.reg_date)?;
        map.serialize_entry("validationMethod", &self.validation_method)?;
        map.serialize_entry("organizationNo", &self.organization_no)?;
        extra_entries(&mut map, &self.extra, &CERTIFICATE_FIELDS)?;
        map.end()
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
    fn extra_named_like_a_serialised_field_is_not_duplicated() {
        let body = br#"{"returnCode":"0","paidCertificate":{"certificateNo":1,"statusCode":"0","status":"x"}}"#;
        let r = parse_response(200, body).unwrap();
        assert_eq!(
            r.paid_certificate.extra.get("status"),
            Some(&Value::from("x"))
        );
        let json = r.paid_certificate.to_json();
        assert_eq!(json.matches("\"status\"").count(), 1);
    }
}
