//! What `inspect_csr` returns: the CSR's contents and the findings of the CSR-only rules.

use crate::report::{Finding, Policy, Report};
use serde::Serialize;

/// The subject fields a CA looks at.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct CsrSubject {
    /// Every CN, in order (a valid CSR has at most one).
    pub common_names: Vec<String>,
    /// `O`.
    pub organization: Option<String>,
    /// `OU`.
    pub organizational_unit: Option<String>,
    /// `C`.
    pub country: Option<String>,
    /// `ST`.
    pub state: Option<String>,
    /// `L`.
    pub locality: Option<String>,
}

impl CsrSubject {
    /// The first CN, if any.
    pub fn common_name(&self) -> Option<&str> {
        self.common_names.first().map(String::as_str)
    }
}

/// One subjectAltName entry.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[non_exhaustive]
pub struct SanEntry {
    /// `dns`, `ip`, `email`, `uri`, `otherName`, `directoryName`, `ediPartyName` or
    /// `registeredID`.
    pub kind: String,
    /// The name as text (an IP address in its usual notation).
    pub value: String,
}

/// The subject public key.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct CsrKey {
    /// `RSA`, `EC`, `Ed25519`, `DSA`, … or the OID of an unknown algorithm.
    pub algorithm: String,
    /// Modulus size for RSA, field size for a known curve.
    pub bits: Option<u32>,
    /// `P-256`, `P-384`, `P-521`, `secp256k1` … for EC keys.
    pub curve: Option<String>,
    /// The RSA public exponent, when it fits in 64 bits.
    pub rsa_exponent: Option<u64>,
}

/// Everything `inspect_csr` read from a CSR, and what the CSR-only rules found.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct CsrReport {
    /// Subject fields.
    pub subject: CsrSubject,
    /// subjectAltName entries (empty when the extension is absent).
    pub san: Vec<SanEntry>,
    /// Whether the CSR has a subjectAltName extension at all.
    pub has_san_extension: bool,
    /// The public key.
    pub key: CsrKey,
    /// The signature algorithm's name (`sha256WithRSAEncryption` …) or OID.
    pub signature_algorithm: String,
    /// `Some(true)` when the self-signature verified, `Some(false)` when it did not, `None`
    /// when it could not be checked (an algorithm ncpcert does not verify).
    pub signature_valid: Option<bool>,
    /// The CSR as canonical PEM (what `prepare` sends).
    pub canonical_pem: String,
    /// SHA-256 of the DER, lower-case hex.
    pub fingerprint_sha256: String,
    /// Findings of the CSR-only rules (C*, S*, K*, N1–N4 and the domain rules on the CSR's
    /// names), in check order.
    pub findings: Vec<Finding>,
}

impl CsrReport {
    /// The same report with every finding's message in `lang`.
    pub fn localized(&self, lang: crate::Lang) -> CsrReport {
        let mut report = self.clone();
        report.findings = self.findings.iter().map(|f| f.localized(lang)).collect();
        report
    }

    /// The DNS names of the SAN list, as written in the CSR.
    pub fn dns_names(&self) -> impl Iterator<Item = &str> {
        self.san
            .iter()
            .filter(|s| s.kind == "dns")
            .map(|s| s.value.as_str())
    }

    /// `true` when no finding is an error.
    pub fn is_valid(&self) -> bool {
        !self.findings.iter().any(Finding::is_error)
    }

    /// The findings as a [`Report`] under `policy`.
    pub fn report(&self, policy: &Policy) -> Report {
        Report::from_findings(self.findings.clone(), policy)
    }

    /// As JSON (camelCase field names, findings as `{code, field, severity, message}`).
    pub fn to_json(&self) -> String {
        serde_json::to_string(self).unwrap_or_default()
    }
}

/// An input that is not one readable CSR: too large, a private key, several or no CSR, or
/// DER that does not decode. Its message never quotes the input.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CsrError {
    finding: Finding,
}

impl CsrError {
    pub(crate) fn new(finding: Finding) -> Self {
        CsrError { finding }
    }

    /// The finding: code `csr.too_large`, `csr.private_key`, `csr.multiple` or
    /// `csr.malformed`, field `csr`.
    pub fn finding(&self) -> &Finding {
        &self.finding
    }

    /// The stable code, e.g. `"csr.private_key"`.
    pub fn code(&self) -> &'static str {
        self.finding.code.as_str()
    }

    /// What is wrong and what to do.
    pub fn message(&self) -> &str {
        &self.finding.message
    }

    pub(crate) fn into_finding(self) -> Finding {
        self.finding
    }
}

impl std::fmt::Display for CsrError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} [{}]", self.finding.message, self.finding.code)
    }
}

impl std::error::Error for CsrError {}
