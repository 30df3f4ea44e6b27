//! Reading a certificate signing request the way a public CA judges it.
//!
//! [`inspect_csr`] takes PEM (lenient) or DER bytes and returns what the CSR says — subject,
//! SANs, key, signature algorithm, whether the self-signature verifies — with the findings of
//! the rules that need the CSR alone. Request validation adds the rules that compare the CSR
//! with the request body (N5, X1, X2).

mod algorithms;
pub(crate) mod pem;
mod read;
mod report;
mod rsa_weakness;
mod rules;
mod schema;
mod verify;

pub use report::{CsrError, CsrKey, CsrReport, CsrSubject, SanEntry};

use sha2::{Digest, Sha256};

/// Reads and checks one CSR given as PEM text (lenient: CRLF, indentation, blank lines, text
/// before BEGIN, a one-line body, the legacy `NEW CERTIFICATE REQUEST` label) or DER bytes.
///
/// `Err` when the input is not one readable CSR (over 64 KiB, a private key, no or
/// several CSRs, undecodable DER); otherwise a [`CsrReport`] whose `findings` hold every
/// problem of rules S1–S2, K1–K6, N1–N4 and the domain rules on the CSR's names.
///
/// ```
/// let pem = include_bytes!("../../tests/data/sample.csr.pem");
/// let report = ncpcert::inspect_csr(pem)?;
/// assert_eq!(report.subject.common_name(), Some("www.example.com"));
/// assert_eq!(report.signature_valid, Some(true));
/// assert_eq!(report.key.bits, Some(2048));
/// assert!(report.findings.is_empty());
/// # Ok::<(), ncpcert::CsrError>(())
/// ```
pub fn inspect_csr(input: &[u8]) -> Result<CsrReport, CsrError> {
    let der = pem::decode_csr(input).map_err(CsrError::new)?;
    let parsed = read::parse(&der).map_err(|why| {
        CsrError::new(crate::report::Finding::new(
            crate::report::Code::CsrMalformed,
            "csr",
            format!("the CSR is not valid: {why}; generate it again (`openssl req -new …`)"),
        ))
    })?;
    let mut findings = Vec::new();
    let outcome = rules::check(&parsed, &mut findings);
    let fingerprint_sha256 = Sha256::digest(&der)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    Ok(CsrReport {
        subject: CsrSubject {
            common_names: parsed.common_names,
            organization: parsed.organization,
            organizational_unit: parsed.organizational_unit,
            country: parsed.country,
            state: parsed.state,
            locality: parsed.locality,
        },
        san: outcome.san,
        has_san_extension: parsed.san.is_some(),
        key: outcome.key,
        signature_algorithm: outcome.signature_algorithm,
        signature_valid: outcome.signature_valid,
        canonical_pem: pem::canonical_pem(&der),
        fingerprint_sha256,
        findings,
    })
}
