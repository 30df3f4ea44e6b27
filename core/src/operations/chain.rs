//! GetCertificateChain: `GET /api/v2/certificate/exportCertificate/{certificateNo}/chain`
//! (SPEC §12): the issued certificate, its SubCA and root as PEM, and the files made of them.
//!
//! NCP sends the PEM with CRLF line breaks and no final newline (its documented example):
//! every PEM is normalised to LF with one final newline, and each block is checked to be a
//! certificate whose base64 decodes to a DER SEQUENCE, so that no file is written from text
//! that is not a certificate.

use base64::Engine as _;
use serde::ser::{Serialize, SerializeMap, Serializer};
use serde_json::{Map, Value};

use super::argument::certificate_no_problem;
use super::ArgumentError;
use crate::prepare::{PreparedRequest, Site};
use crate::response::fields::{extra_entries, optional_text_field, Envelope};
use crate::response::{read_envelope, ApiError, Expected};

/// Path of GetCertificateChain, before `/{certificateNo}/chain`.
pub const GET_CERTIFICATE_CHAIN_PATH: &str = "/api/v2/certificate/exportCertificate";

/// The files of a chain (SPEC §12, `ncpcert chain`), in order, each with what it is for.
pub const CHAIN_FILES: [(&str, &str); 4] = [
    ("cert.pem", "the certificate"),
    ("chain.pem", "the intermediate (SubCA) certificate"),
    (
        "fullchain.pem",
        "certificate + intermediate: configure your TLS server with this and your private key",
    ),
    ("root.pem", "the root CA certificate"),
];

const BEGIN: &str = "-----BEGIN CERTIFICATE-----";
const END: &str = "-----END CERTIFICATE-----";

/// A GetCertificateChain call.
///
/// ```
/// use ncpcert::{GetCertificateChain, Site};
/// let prepared = GetCertificateChain::new(55332).prepare(&Site::Public)?;
/// assert_eq!(prepared.path, "/api/v2/certificate/exportCertificate/55332/chain");
/// # Ok::<(), ncpcert::ArgumentError>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct GetCertificateChain {
    /// The certificate's number.
    pub certificate_no: u64,
}

impl GetCertificateChain {
    /// The chain of certificate `certificate_no`.
    pub fn new(certificate_no: u64) -> Self {
        GetCertificateChain { certificate_no }
    }

    /// The request-target. Signed and sent as it is.
    pub fn path_and_query(&self) -> Result<String, ArgumentError> {
        certificate_no_problem(self.certificate_no)?;
        Ok(format!(
            "{GET_CERTIFICATE_CHAIN_PATH}/{}/chain",
            self.certificate_no
        ))
    }

    /// The `GET` to send to `site`, unsigned.
    pub fn prepare(&self, site: &Site) -> Result<PreparedRequest, ArgumentError> {
        Ok(PreparedRequest::get(site, &self.path_and_query()?))
    }
}

/// A successful answer to GetCertificateChain, each PEM with LF line endings and one final
/// newline.
///
/// Serialises as `{"returnCode", "returnMessage", "totalRows", "subjectCommonName",
/// "certificate", "subCaCertificate", "rootCaCertificate", "files": {"cert.pem", "chain.pem",
/// "fullchain.pem", "root.pem"}, …every other field as sent}`.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct CertificateChain {
    /// `returnCode` as text (`"0"`).
    pub return_code: String,
    /// `returnMessage`.
    pub return_message: String,
    /// `totalRows` (or `totalCount`), when present.
    pub total_rows: Option<u64>,
    /// `subjectCommonName`.
    pub subject_common_name: Option<String>,
    /// `certificate`: the issued certificate.
    pub certificate: String,
    /// `subCaCertificate`: the intermediate CA certificate(s), when sent.
    pub sub_ca_certificate: Option<String>,
    /// `rootCaCertificate`, when sent.
    pub root_ca_certificate: Option<String>,
    /// Every other field, as sent.
    pub extra: Map<String, Value>,
}

impl CertificateChain {
    /// The files `ncpcert chain` writes, in order, as (file name, content): `cert.pem` (the
    /// certificate), `chain.pem` (the SubCA), `fullchain.pem` (certificate then SubCA: what a
    /// TLS server is configured with) and `root.pem`. A file whose part NCP did not send is
    /// left out.
    pub fn files(&self) -> Vec<(&'static str, String)> {
        let [cert, chain, full, root] = CHAIN_FILES.map(|(name, _)| name);
        let mut files = vec![(cert, self.certificate.clone())];
        if let Some(sub_ca) = &self.sub_ca_certificate {
            files.push((chain, sub_ca.clone()));
            files.push((full, format!("{}{sub_ca}", self.certificate)));
        }
        if let Some(root_ca) = &self.root_ca_certificate {
            files.push((root, root_ca.clone()));
        }
        files
    }

    /// As JSON text (see the type's documentation).
    pub fn to_json(&self) -> String {
        serde_json::to_string(self).unwrap_or_else(|_| String::from("{}"))
    }
}

const CHAIN: Expected = Expected {
    answer: "a certificate chain (GetCertificateChain)",
    malformed_hint: "NCP's answer holds no readable certificate. If the certificate is not \
issued yet (status ONGOING: domain validation is still running), wait and ask again once its \
status is NORMAL (ListAdvancedCertificates shows it); otherwise check the endpoint URL and any proxy in \
between, and download the certificate from the NCP console.",
};

/// Reads NCP's answer to GetCertificateChain. Never panics. `certificate` is required;
/// `subCaCertificate` and `rootCaCertificate` may be absent, `null` or empty; every PEM is
/// checked and normalised to LF.
pub fn parse_certificate_chain(
    http_status: u16,
    body: &[u8],
) -> Result<CertificateChain, ApiError> {
    let mut object = read_envelope(http_status, body, &CHAIN)?;
    read_chain(&mut object)
        .map(|mut chain| {
            chain.extra = object;
            chain
        })
        .map_err(|what| ApiError::malformed(http_status, &CHAIN, &what, body))
}

fn read_chain(object: &mut Map<String, Value>) -> Result<CertificateChain, String> {
    let envelope = Envelope::take(object)?;
    let mut pem = |name: &str| -> Result<Option<String>, String> {
        match optional_text_field(object.shift_remove(name), name)? {
            Some(text) if !text.trim().is_empty() => normalise_pem(&text, name).map(Some),
            _ => Ok(None),
        }
    };
    let certificate = pem("certificate")?.ok_or("certificate is missing or empty")?;
    let sub_ca_certificate = pem("subCaCertificate")?;
    let root_ca_certificate = pem("rootCaCertificate")?;
    let subject_common_name = optional_text_field(
        object.shift_remove("subjectCommonName"),
        "subjectCommonName",
    )?;
    Ok(CertificateChain {
        return_code: envelope.return_code,
        return_message: envelope.return_message,
        total_rows: envelope.total,
        subject_common_name,
        certificate,
        sub_ca_certificate,
        root_ca_certificate,
        extra: Map::new(),
    })
}

/// One or more `CERTIFICATE` PEM blocks, with LF line endings, each line without trailing
/// whitespace and the text ending in one newline. Anything else than certificate blocks and
/// whitespace is refused, and so is a block whose base64 is not one DER SEQUENCE.
pub(crate) fn normalise_pem(text: &str, name: &str) -> Result<String, String> {
    let mut out = String::with_capacity(text.len() + 1);
    let mut block: Option<String> = None;
    let mut blocks = 0usize;
    for (i, line) in text.split(['\n', '\r']).enumerate() {
        let line = line.trim_end();
        if line.is_empty() {
            // CRLF splits into a line and an empty one; blank lines carry nothing either.
            continue;
        }
        let at = || format!("{name}, line {}", i + 1);
        match &mut block {
            None if line.trim_start() == BEGIN => {
                out.push_str(BEGIN);
                out.push('\n');
                block = Some(String::new());
            }
            None => {
                return Err(format!(
                    "{}: expected {BEGIN}, found text that is not a certificate",
                    at()
                ))
            }
            Some(base64) if line.trim_start() == END => {
                check_der(base64)
                    .map_err(|why| format!("{name}, certificate {}: {why}", blocks + 1))?;
                blocks += 1;
                block = None;
                out.push_str(END);
                out.push('\n');
            }
            Some(base64) => {
                if line.starts_with("-----") {
                    return Err(format!("{}: {line:?} inside a certificate", at()));
                }
                base64.push_str(line.trim_start());
                out.push_str(line.trim_start());
                out.push('\n');
            }
        }
    }
    if block.is_some() {
        return Err(format!("{name}: the last certificate has no {END} line"));
    }
    if blocks == 0 {
        return Err(format!("{name} holds no certificate"));
    }
    Ok(out)
}

fn check_der(base64: &str) -> Result<(), String> {
    let der = base64::engine::general_purpose::STANDARD
        .decode(base64)
        .map_err(|e| format!("the base64 does not decode ({e})"))?;
    if der.first() != Some(&0x30) {
        return Err(String::from("the decoded bytes are not a DER SEQUENCE"));
    }
    Ok(())
}

const CHAIN_FIELDS: [&str; 8] = [
    "returnCode",
    "returnMessage",
    "totalRows",
    "subjectCommonName",
    "certificate",
    "subCaCertificate",
    "rootCaCertificate",
    "files",
];

impl Serialize for CertificateChain {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut map = s.serialize_map(None)?;
        map.serialize_entry("returnCode", &self.return_code)?;
        map.serialize_entry("returnMessage", &self.return_message)?;
        map.serialize_entry("totalRows", &self.total_rows)?;
        map.serialize_entry("subjectCommonName", &self.subject_common_name)?;
        map.serialize_entry("certificate", &self.certificate)?;
        map.serialize_entry("subCaCertificate", &self.sub_ca_certificate)?;
        map.serialize_entry("rootCaCertificate", &self.root_ca_certificate)?;
        let files: Map<String, Value> = self
            .files()
            .into_iter()
            .map(|(name, text)| (name.to_string(), Value::String(text)))
            .collect();
        map.serialize_entry("files", &files)?;
        extra_entries(&mut map, &self.extra, &CHAIN_FIELDS)?;
        map.end()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ApiErrorKind;

    /// Any DER SEQUENCE passes the check; these stand in for certificates.
    const LEAF: &str = "MAMCAQE=";
    const SUB: &str = "MAMCAQI=";
    const ROOT: &str = "MAMCAQM=";

    fn crlf_pem(base64: &str) -> String {
        format!("-----BEGIN CERTIFICATE-----\r\n{base64}\r\n-----END CERTIFICATE-----")
    }

    fn lf_pem(base64: &str) -> String {
        format!("-----BEGIN CERTIFICATE-----\n{base64}\n-----END CERTIFICATE-----\n")
    }

    #[test]
    fn the_path_holds_the_number() {
        assert_eq!(
            GetCertificateChain::new(42).path_and_query().unwrap(),
            "/api/v2/certificate/exportCertificate/42/chain"
        );
        assert!(GetCertificateChain::new(0).prepare(&Site::Public).is_err());
    }

    #[test]
    fn crlf_pem_becomes_lf_and_the_files_are_built() {
        let body = serde_json::json!({
            "returnCode": "0", "returnMessage": "Success", "totalRows": 0,
            "subjectCommonName": "www.example.com",
            "certificate": crlf_pem(LEAF),
            "subCaCertificate": crlf_pem(SUB),
            "rootCaCertificate": crlf_pem(ROOT),
            "serialNumber": "0A",
        })
        .to_string();
        let chain = parse_certificate_chain(200, body.as_bytes()).unwrap();
        assert_eq!(chain.certificate, lf_pem(LEAF));
        assert_eq!(
            chain.subject_common_name.as_deref(),
            Some("www.example.com")
        );
        assert_eq!(chain.extra["serialNumber"], "0A");
        let files = chain.files();
        let names: Vec<_> = files.iter().map(|(n, _)| *n).collect();
        assert_eq!(
            names,
            ["cert.pem", "chain.pem", "fullchain.pem", "root.pem"]
        );
        assert_eq!(files[2].1, format!("{}{}", lf_pem(LEAF), lf_pem(SUB)));
        assert_eq!(files[3].1, lf_pem(ROOT));
        let json: Value = serde_json::from_str(&chain.to_json()).unwrap();
        assert_eq!(json["files"]["fullchain.pem"], files[2].1.as_str());
        assert_eq!(json["serialNumber"], "0A");
    }

    #[test]
    fn several_blocks_and_lenient_whitespace() {
        let text = format!("\r\n  {}\r\n\r\n{}  \n\n", crlf_pem(SUB), crlf_pem(ROOT));
        assert_eq!(
            normalise_pem(&text, "x").unwrap(),
            format!("{}{}", lf_pem(SUB), lf_pem(ROOT))
        );
    }

    #[test]
    fn a_part_may_be_missing_but_not_the_certificate() {
        let body = serde_json::json!({"returnCode": "0", "certificate": lf_pem(LEAF), "subCaCertificate": null, "rootCaCertificate": ""}).to_string();
        let chain = parse_certificate_chain(200, body.as_bytes()).unwrap();
        assert_eq!(chain.files().len(), 1);
        for body in [
            serde_json::json!({"returnCode": "0"}),
            serde_json::json!({"returnCode": "0", "certificate": ""}),
            serde_json::json!({"returnCode": "0", "certificate": "hello"}),
            serde_json::json!({"returnCode": "0", "certificate": 7}),
            serde_json::json!({"returnCode": "0", "certificate": "-----BEGIN CERTIFICATE-----\nMAMCAQE=\n"}),
            serde_json::json!({"returnCode": "0", "certificate": "-----BEGIN CERTIFICATE-----\n!!!\n-----END CERTIFICATE-----"}),
            serde_json::json!({"returnCode": "0", "certificate": "-----BEGIN CERTIFICATE-----\nAQID\n-----END CERTIFICATE-----"}),
            serde_json::json!({"returnCode": "0", "certificate": lf_pem(LEAF), "subCaCertificate": "-----BEGIN PRIVATE KEY-----\nMAMCAQE=\n-----END PRIVATE KEY-----"}),
        ] {
            let e = parse_certificate_chain(200, body.to_string().as_bytes()).unwrap_err();
            assert_eq!(e.kind, ApiErrorKind::Malformed, "{body}");
            assert!(e.hint.contains("ONGOING"), "{}", e.hint);
        }
    }
}
