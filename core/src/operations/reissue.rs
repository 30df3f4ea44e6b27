//! ReissueCertificate: `POST /api/v2/certificate/{certificateNo}/reissue`, a new
//! certificate in the same order (free while the order's subscription lasts), for a new CSR
//! and a new certificate name. Its answer carries no certificate number: the new certificate
//! is found by its name, which is why the order workflow sends it (it is never sent twice
//! and is recovered by name under the identity rule, see
//! [`OrderOptions::reissue`](crate::order::OrderOptions::reissue)).

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};
use serde_with::serde_as;

use super::argument::certificate_no_problem;
use super::ArgumentError;
use crate::prepare::{PreparedRequest, Site};
use crate::response::fields::{unknown, Code, Count, Text};
use crate::response::{read_envelope, read_model, ApiError, Expected};

/// Path of ReissueCertificate, before `/{certificateNo}/reissue`.
pub const REISSUE_CERTIFICATE_PATH: &str = "/api/v2/certificate";

/// The fields of an issuance request's body that a reissue sends, in this order.
const REISSUE_FIELDS: [&str; 5] = [
    "csr",
    "certificateName",
    "commonName",
    "dnsName",
    "validationMethod",
];

/// The ReissueCertificate call of certificate `certificate_no` with the CSR, name, names and
/// validation method of `issuance_body` (the body of a prepared, validated issuance request:
/// the reissue is validated exactly as an issuance request is). `certificateType` and
/// `organizationNo` stay the order's and are not sent.
pub(crate) fn reissue_request(
    site: &Site,
    certificate_no: u64,
    issuance_body: &str,
) -> Result<PreparedRequest, ArgumentError> {
    certificate_no_problem(certificate_no)?;
    let body: Map<String, Value> = serde_json::from_str(issuance_body).map_err(|e| {
        ArgumentError::new(format!(
            "the issuance request's body is not a JSON object ({e}); prepare the request and \
             pass what it returned"
        ))
    })?;
    let reissue: Map<String, Value> = REISSUE_FIELDS
        .iter()
        .filter_map(|name| body.get(*name).map(|v| ((*name).to_owned(), v.clone())))
        .collect();
    let body = serde_json::to_string(&reissue).unwrap_or_default();
    Ok(PreparedRequest::call(
        site,
        "POST",
        &format!("{REISSUE_CERTIFICATE_PATH}/{certificate_no}/reissue"),
        body,
    ))
}

/// A successful answer to ReissueCertificate (`returnCode` `0`): no certificate number.
///
/// Serialises as `{"returnCode", "returnMessage", "totalRows", …extra}`.
#[serde_as]
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase", expecting = "an object")]
#[non_exhaustive]
pub struct ReissueResponse {
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
    /// Every other field, as sent.
    #[serde(flatten, skip_deserializing, default = "unknown")]
    pub extra: Map<String, Value>,
}

const REISSUE: Expected = Expected {
    answer: "an answer to ReissueCertificate",
    malformed_hint: "NCP answered the reissue with something ncpcert cannot read: the reissue \
may have been made. Do not send it again; look the new certificate name up \
(ncpcert list, or the NCP console).",
};

/// Reads NCP's answer to ReissueCertificate. Never panics.
pub fn parse_reissue_response(http_status: u16, body: &[u8]) -> Result<ReissueResponse, ApiError> {
    read_model(http_status, body, &REISSUE)
}

/// Whether NCP accepted the reissue: `Ok` for its success answer, else the [`ApiError`] it
/// is. What the order workflow reads (no answer type of its own: its fields are not used,
/// and the npm order module stays smaller without one more reader).
pub(crate) fn reissue_accepted(http_status: u16, body: &[u8]) -> Result<(), ApiError> {
    read_envelope(http_status, body, &REISSUE).map(|_| ())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{ApiErrorKind, Outcome};

    #[test]
    fn the_body_is_the_issuance_requests_without_type_and_organisation() {
        let issuance = r#"{"csr":"PEM","certificateType":"NCP_PAID_OV_01","certificateName":"web-r2",
            "commonName":"www.example.com","dnsName":["www.example.com","example.com"],
            "validationMethod":"D","organizationNo":5}"#;
        let prepared = reissue_request(&Site::Public, 77, issuance).unwrap();
        assert_eq!(prepared.method, "POST");
        assert_eq!(prepared.path, "/api/v2/certificate/77/reissue");
        assert_eq!(
            prepared.url,
            "https://certificatemanager.apigw.ntruss.com/api/v2/certificate/77/reissue"
        );
        let body: Value = serde_json::from_str(prepared.body.as_deref().unwrap()).unwrap();
        assert_eq!(
            body,
            serde_json::json!({"csr":"PEM","certificateName":"web-r2","commonName":"www.example.com",
                "dnsName":["www.example.com","example.com"],"validationMethod":"D"})
        );
        assert!(reissue_request(&Site::Public, 0, issuance).is_err());
        assert!(reissue_request(&Site::Public, 1, "[]").is_err());
    }

    #[test]
    fn answers() {
        let ok = parse_reissue_response(
            200,
            br#"{"returnCode":"0","returnMessage":"Success","totalRows":1}"#,
        )
        .unwrap();
        assert_eq!((ok.return_code.as_str(), ok.total_rows), ("0", Some(1)));
        let e = parse_reissue_response(400, br#"{"returnCode":"2000","returnMessage":"bad name"}"#)
            .unwrap_err();
        assert_eq!(e.kind, ApiErrorKind::Service);
        assert_eq!(e.outcome, Outcome::Final);
        let e = parse_reissue_response(504, b"").unwrap_err();
        assert!(e.outcome.is_ambiguous(), "{:?}", e.outcome);
        let e = parse_reissue_response(200, b"<html>").unwrap_err();
        assert_eq!(e.kind, ApiErrorKind::Malformed);
        assert!(e.outcome.is_ambiguous(), "{:?}", e.outcome);
    }
}
