//! GetCertificateChain: `GET /api/v2/certificate/exportCertificate/{certificateNo}/chain`:
//! the issued certificate, its SubCA and root as PEM, and the files made of them.
//!
//! NCP sends the PEM with CRLF line breaks and no final newline (its documented example):
//! each block is decoded and parsed as an X.509 certificate, so that no file is written from
//! text that is not a certificate, and written again as PEM with LF line endings and one final
//! newline.

use base64::Engine as _;
use der::Decode as _;
use serde::{Deserialize, Deserializer, Serialize};
use serde_json::{Map, Value};
use serde_with::{serde_as, DeserializeAs};

use super::argument::certificate_no_problem;
use super::ArgumentError;
use crate::prepare::{PreparedRequest, Site};
use crate::response::fields::{derived, unknown, Code, Count, Text};
use crate::response::{read_model, ApiError, Expected};

/// Path of GetCertificateChain, before `/{certificateNo}/chain`.
pub const GET_CERTIFICATE_CHAIN_PATH: &str = "/api/v2/certificate/exportCertificate";

/// The files of a chain, in order, each with what it is for.
pub const CHAIN_FILES: [(&str, &str); 4] = [
    ("cert.pem", "the certificate"),
    ("chain.pem", "the intermediate (SubCA) certificate"),
    (
        "fullchain.pem",
        "certificate + intermediate: configure your TLS server with this and your private key",
    ),
    ("root.pem", "the root CA certificate"),
];

const LABEL: &str = "CERTIFICATE";
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
#[serde_as]
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase", expecting = "an object")]
#[non_exhaustive]
pub struct CertificateChain {
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
    /// `subjectCommonName`.
    #[serde_as(deserialize_as = "Option<Text>")]
    #[serde(default)]
    pub subject_common_name: Option<String>,
    /// `certificate`: the issued certificate.
    #[serde_as(deserialize_as = "Pem")]
    pub certificate: String,
    /// `subCaCertificate`: the intermediate CA certificate(s), when sent.
    #[serde_as(deserialize_as = "Pem")]
    #[serde(default)]
    pub sub_ca_certificate: Option<String>,
    /// `rootCaCertificate`, when sent.
    #[serde_as(deserialize_as = "Pem")]
    #[serde(default)]
    pub root_ca_certificate: Option<String>,
    /// `files`: [`files`](CertificateChain::files) by name, set once the answer is read.
    #[serde(default, deserialize_with = "derived")]
    #[cfg_attr(feature = "schema", schemars(with = "CertificateFiles"))]
    files: Map<String, Value>,
    /// Every other field, as sent.
    #[serde(flatten, skip_deserializing, default = "unknown")]
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
    let mut chain: CertificateChain = read_model(http_status, body, &CHAIN)?;
    chain.files = chain
        .files()
        .into_iter()
        .map(|(name, text)| (name.to_owned(), Value::String(text)))
        .collect();
    Ok(chain)
}

/// A PEM field of the chain: text holding certificates (see [`normalise_pem`]); `null`, `""`
/// or blanks read as not sent, which `certificate` may not be.
struct Pem;

impl<'de> DeserializeAs<'de, Option<String>> for Pem {
    fn deserialize_as<D: Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
        match <Text as DeserializeAs<Option<String>>>::deserialize_as(d)? {
            Some(text) if !text.trim().is_empty() => normalise_pem(&text)
                .map(Some)
                .map_err(serde::de::Error::custom),
            _ => Ok(None),
        }
    }
}

impl<'de> DeserializeAs<'de, String> for Pem {
    fn deserialize_as<D: Deserializer<'de>>(d: D) -> Result<String, D::Error> {
        <Pem as DeserializeAs<Option<String>>>::deserialize_as(d)?
            .ok_or_else(|| serde::de::Error::custom("is missing or empty"))
    }
}

/// One or more `CERTIFICATE` PEM blocks, each parsed as an X.509 certificate and written
/// again as PEM (RFC 7468: LF line endings, 64-column base64, one final newline). Anything
/// else than certificate blocks and whitespace is refused.
pub(crate) fn normalise_pem(text: &str) -> Result<String, String> {
    let mut out = String::with_capacity(text.len() + 1);
    let mut block: Option<String> = None;
    let mut blocks = 0usize;
    for (i, line) in text.split(['\n', '\r']).enumerate() {
        let line = line.trim();
        if line.is_empty() {
            // CRLF splits into a line and an empty one; blank lines carry nothing either.
            continue;
        }
        match &mut block {
            None if line == BEGIN => block = Some(String::new()),
            None => {
                return Err(format!(
                    "line {}: expected {BEGIN}, found text that is not a certificate",
                    i + 1
                ))
            }
            Some(base64) if line == END => {
                blocks += 1;
                let pem = certificate_pem(base64)
                    .map_err(|why| format!("certificate {blocks}: {why}"))?;
                out.push_str(&pem);
                block = None;
            }
            Some(base64) => {
                if line.starts_with("-----") {
                    return Err(format!("line {}: {line:?} inside a certificate", i + 1));
                }
                base64.push_str(line);
            }
        }
    }
    if block.is_some() {
        return Err(format!("the last certificate has no {END} line"));
    }
    if blocks == 0 {
        return Err(String::from("holds no certificate"));
    }
    Ok(out)
}

/// The PEM of the certificate whose DER `base64` encodes, or why it is not one.
fn certificate_pem(base64: &str) -> Result<String, String> {
    let der = base64::engine::general_purpose::STANDARD
        .decode(base64)
        .map_err(|e| format!("the base64 does not decode ({e})"))?;
    x509_cert::Certificate::from_der(&der)
        .map_err(|e| format!("the DER is not an X.509 certificate ({e})"))?;
    pem_rfc7468::encode_string(LABEL, pem_rfc7468::LineEnding::LF, &der)
        .map_err(|e| format!("cannot be written as PEM ({e})"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ApiErrorKind;

    /// Real certificates (the order workflow's test data), as their base64 lines.
    fn base64_lines(pem: &str) -> Vec<&str> {
        pem.lines().filter(|l| !l.starts_with("-----")).collect()
    }
    const LEAF_PEM: &str = include_str!("../../tests/data/order/same-key.cert.pem");
    const OTHER_PEM: &str = include_str!("../../tests/data/order/other-key.cert.pem");

    fn crlf_pem(pem: &str) -> String {
        format!(
            "-----BEGIN CERTIFICATE-----\r\n{}\r\n-----END CERTIFICATE-----",
            base64_lines(pem).join("\r\n")
        )
    }

    fn lf_pem(pem: &str) -> String {
        format!(
            "-----BEGIN CERTIFICATE-----\n{}\n-----END CERTIFICATE-----\n",
            base64_lines(pem).join("\n")
        )
    }

    const LEAF: &str = LEAF_PEM;
    const SUB: &str = OTHER_PEM;
    const ROOT: &str = LEAF_PEM;

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
            normalise_pem(&text).unwrap(),
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
            serde_json::json!({"returnCode": "0", "certificate": lf_pem(LEAF).replace("-----END CERTIFICATE-----\n", "")}),
            serde_json::json!({"returnCode": "0", "certificate": "-----BEGIN CERTIFICATE-----\n!!!\n-----END CERTIFICATE-----"}),
            serde_json::json!({"returnCode": "0", "certificate": "-----BEGIN CERTIFICATE-----\nAQID\n-----END CERTIFICATE-----"}),
            // A DER SEQUENCE that is not a certificate.
            serde_json::json!({"returnCode": "0", "certificate": "-----BEGIN CERTIFICATE-----\nMAMCAQE=\n-----END CERTIFICATE-----"}),
            serde_json::json!({"returnCode": "0", "certificate": lf_pem(LEAF), "subCaCertificate": "-----BEGIN PRIVATE KEY-----\nMAMCAQE=\n-----END PRIVATE KEY-----"}),
        ] {
            let e = parse_certificate_chain(200, body.to_string().as_bytes()).unwrap_err();
            assert_eq!(e.kind, ApiErrorKind::Malformed, "{body}");
            assert!(e.hint.contains("ONGOING"), "{}", e.hint);
        }
    }

    #[test]
    fn what_is_wrong_is_named_with_its_field() {
        let cases = [
            (
                serde_json::json!({"returnCode": "0"}),
                "certificate is missing",
            ),
            (
                serde_json::json!({"returnCode": "0", "certificate": " "}),
                "certificate is missing or empty",
            ),
            (
                serde_json::json!({"returnCode": "0", "certificate": "hello"}),
                "certificate: line 1: expected -----BEGIN CERTIFICATE-----",
            ),
            (
                serde_json::json!({"returnCode": "0", "certificate": lf_pem(LEAF), "rootCaCertificate": "-----BEGIN CERTIFICATE-----\nMAMCAQE=\n-----END CERTIFICATE-----"}),
                "rootCaCertificate: certificate 1: the DER is not an X.509 certificate",
            ),
        ];
        for (body, want) in cases {
            let e = parse_certificate_chain(200, body.to_string().as_bytes()).unwrap_err();
            assert!(e.message.contains(want), "{}", e.message);
        }
    }
}

/// The schema of [`CertificateChain::files`]: each name of [`CHAIN_FILES`] with what it is
/// for; `cert.pem` is always there, the others when the chain has them.
#[cfg(feature = "schema")]
struct CertificateFiles;

#[cfg(feature = "schema")]
impl schemars::JsonSchema for CertificateFiles {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "CertificateFiles".into()
    }

    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        let properties: Map<String, Value> = CHAIN_FILES
            .iter()
            .map(|(name, what)| {
                let described = serde_json::json!({"type": "string", "description": what});
                (String::from(*name), described)
            })
            .collect();
        schemars::json_schema!({
            "description": "The PEM files of the chain, by file name.",
            "type": "object",
            "properties": properties,
            "required": [CHAIN_FILES[0].0],
        })
    }
}
