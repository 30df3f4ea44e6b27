//! The public key of a CSR and of an issued certificate, as comparable bytes (SPEC §14,
//! identity rule 3: a found, issued certificate is this request's only if it holds the CSR's
//! key).
//!
//! Both are the SubjectPublicKeyInfo decoded by `spki` and encoded again, so that two
//! encodings of one key compare equal.

use base64::Engine as _;
use der::{Decode, Encode, Reader as _, SliceReader};
use spki::SubjectPublicKeyInfoOwned;

/// `[0] EXPLICIT` (constructed, context-specific 0): the version of a TBSCertificate.
const VERSION_TAG: u8 = 0xA0;

/// The SubjectPublicKeyInfo of the first certificate of `pem` (LF-normalised PEM, as
/// [`crate::CertificateChain`] holds it), DER; `None` when it cannot be read.
pub(crate) fn of_certificate_pem(pem: &str) -> Option<Vec<u8>> {
    let body: String = pem
        .lines()
        .skip_while(|line| !line.starts_with("-----BEGIN CERTIFICATE-----"))
        .skip(1)
        .take_while(|line| !line.starts_with("-----END"))
        .collect();
    let der = base64::engine::general_purpose::STANDARD
        .decode(body.trim())
        .ok()?;
    of_certificate_der(&der).ok()
}

/// RFC 5280 §4.1:
///
/// ```text
/// Certificate  ::=  SEQUENCE  { tbsCertificate, signatureAlgorithm, signatureValue }
/// TBSCertificate  ::=  SEQUENCE  { version [0] EXPLICIT OPTIONAL, serialNumber, signature,
///      issuer, validity, subject, subjectPublicKeyInfo, … }
/// ```
///
/// Only the key is decoded; the fields before it are skipped whole.
fn of_certificate_der(der: &[u8]) -> der::Result<Vec<u8>> {
    let mut reader = SliceReader::new(der)?;
    let key = reader.sequence(|certificate| {
        let key = certificate.sequence(|tbs| {
            if tbs.peek_byte() == Some(VERSION_TAG) {
                tbs.tlv_bytes()?;
            }
            // serialNumber, signature, issuer, validity, subject
            for _ in 0..5 {
                tbs.tlv_bytes()?;
            }
            let key = SubjectPublicKeyInfoOwned::decode(tbs)?;
            while !tbs.is_finished() {
                tbs.tlv_bytes()?;
            }
            Ok::<_, der::Error>(key)
        })?;
        while !certificate.is_finished() {
            certificate.tlv_bytes()?;
        }
        Ok::<_, der::Error>(key)
    })?;
    key.to_der()
}

#[cfg(test)]
mod tests {
    use super::*;

    const SAMPLE_CSR: &[u8] = include_bytes!("../../tests/data/sample.csr.pem");

    #[test]
    fn garbage_is_none_never_a_panic() {
        for pem in [
            "",
            "-----BEGIN CERTIFICATE-----\n-----END CERTIFICATE-----\n",
            "-----BEGIN CERTIFICATE-----\n!!!!\n-----END CERTIFICATE-----\n",
            "-----BEGIN CERTIFICATE-----\nMAA=\n-----END CERTIFICATE-----\n",
            "-----BEGIN CERTIFICATE-----\nMAMCAQA=\n-----END CERTIFICATE-----\n",
        ] {
            assert_eq!(of_certificate_pem(pem), None, "{pem:?}");
        }
    }

    #[test]
    fn the_csr_key_is_read() {
        let der = crate::csr::pem::decode_csr(SAMPLE_CSR).unwrap();
        let key = crate::csr::public_key_der(&der).unwrap();
        // An RSA SubjectPublicKeyInfo: SEQUENCE { SEQUENCE { rsaEncryption, NULL }, BIT STRING }.
        assert_eq!(key[0], 0x30);
        assert!(key
            .windows(9)
            .any(|w| w == [0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x01]));
    }
}
