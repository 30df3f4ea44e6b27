//! The public key of a CSR and of an issued certificate, as comparable bytes (the
//! identity rule: a found, issued certificate is this request's only if it holds the CSR's
//! key).
//!
//! Both are read from their SubjectPublicKeyInfo with `der`'s reader, without decoding the
//! rest of the structure: the comparable form is the algorithm's OID, its parameters (a
//! curve's OID; an absent or NULL parameter counts as none, RFC 3279 writes NULL for RSA but
//! some encoders leave it out) and the key's BIT STRING.

use base64::Engine as _;
use der::{Reader as _, SliceReader};

/// `[0] EXPLICIT` (constructed, context-specific 0): the version of a TBSCertificate.
const VERSION_TAG: u8 = 0xA0;
/// An encoded ASN.1 NULL.
const NULL: [u8; 2] = [0x05, 0x00];

/// The key of the first `label` block of `pem` (`CERTIFICATE` or `CERTIFICATE REQUEST`), when
/// it can be read.
pub(crate) fn of_pem(pem: &str, label: &str) -> Option<Vec<u8>> {
    let begin = format!("-----BEGIN {label}-----");
    let body: String = pem
        .lines()
        .map(str::trim)
        .skip_while(|line| *line != begin)
        .skip(1)
        .take_while(|line| !line.starts_with("-----END"))
        .collect();
    let der = base64::engine::general_purpose::STANDARD
        .decode(body)
        .ok()?;
    match label {
        "CERTIFICATE" => of_certificate_der(&der),
        _ => of_csr_der(&der),
    }
    .ok()
}

/// RFC 5280 §4.1:
///
/// ```text
/// Certificate  ::=  SEQUENCE  { tbsCertificate, signatureAlgorithm, signatureValue }
/// TBSCertificate  ::=  SEQUENCE  { version [0] EXPLICIT OPTIONAL, serialNumber, signature,
///      issuer, validity, subject, subjectPublicKeyInfo, … }
/// ```
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
            let key = comparable_key(tbs.tlv_bytes()?)?;
            skip_rest(tbs)?;
            Ok::<_, der::Error>(key)
        })?;
        skip_rest(certificate)?;
        Ok::<_, der::Error>(key)
    })?;
    reader.finish()?;
    Ok(key)
}

/// RFC 2986 §4:
///
/// ```text
/// CertificationRequest ::= SEQUENCE { certificationRequestInfo, signatureAlgorithm, signature }
/// CertificationRequestInfo ::= SEQUENCE { version INTEGER, subject Name,
///      subjectPKInfo SubjectPublicKeyInfo, attributes [0] … }
/// ```
pub(crate) fn of_csr_der(der: &[u8]) -> der::Result<Vec<u8>> {
    let mut reader = SliceReader::new(der)?;
    let key = reader.sequence(|request| {
        let key = request.sequence(|info| {
            info.tlv_bytes()?; // version
            info.tlv_bytes()?; // subject
            let key = comparable_key(info.tlv_bytes()?)?;
            skip_rest(info)?;
            Ok::<_, der::Error>(key)
        })?;
        skip_rest(request)?;
        Ok::<_, der::Error>(key)
    })?;
    reader.finish()?;
    Ok(key)
}

/// `SubjectPublicKeyInfo ::= SEQUENCE { algorithm SEQUENCE { OID, parameters OPTIONAL },
/// subjectPublicKey BIT STRING }` as OID, parameters (none when NULL) and BIT STRING.
fn comparable_key(spki: &[u8]) -> der::Result<Vec<u8>> {
    let mut reader = SliceReader::new(spki)?;
    let key = reader.sequence(|spki| {
        let mut out = spki.sequence(|algorithm| {
            let mut out = algorithm.tlv_bytes()?.to_vec();
            if !algorithm.is_finished() {
                let parameters = algorithm.tlv_bytes()?;
                if parameters != NULL {
                    out.extend_from_slice(parameters);
                }
            }
            skip_rest(algorithm)?;
            Ok::<_, der::Error>(out)
        })?;
        out.extend_from_slice(spki.tlv_bytes()?);
        skip_rest(spki)?;
        Ok::<_, der::Error>(out)
    })?;
    reader.finish()?;
    Ok(key)
}

fn skip_rest<'a>(reader: &mut SliceReader<'a>) -> der::Result<()> {
    while !reader.is_finished() {
        reader.tlv_bytes()?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    const CSR: &str = include_str!("../../tests/data/order/request.csr.pem");
    const SAME_KEY: &str = include_str!("../../tests/data/order/same-key.cert.pem");
    const OTHER_KEY: &str = include_str!("../../tests/data/order/other-key.cert.pem");

    #[test]
    fn a_certificate_holds_its_csr_key_or_another() {
        let csr = of_pem(CSR, "CERTIFICATE REQUEST").expect("the CSR's key");
        assert_eq!(of_pem(SAME_KEY, "CERTIFICATE").as_ref(), Some(&csr));
        let other = of_pem(OTHER_KEY, "CERTIFICATE").expect("another key");
        assert_ne!(other, csr);
        // rsaEncryption's NULL parameters count as none.
        assert!(csr.starts_with(&[
            0x06, 0x09, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x01, 0x03
        ]));
    }

    #[test]
    fn the_csr_key_is_the_one_openssl_reads() {
        // `openssl req -pubkey -noout` gives the SubjectPublicKeyInfo: its key BIT STRING ends
        // the comparable form.
        let der = crate::csr::pem::decode_csr(CSR.as_bytes()).unwrap();
        let key = of_csr_der(&der).unwrap();
        let spki_pem = include_str!("../../tests/data/order/request.pubkey.pem");
        let spki = base64::engine::general_purpose::STANDARD
            .decode(
                spki_pem
                    .lines()
                    .filter(|l| !l.starts_with("-----"))
                    .collect::<String>(),
            )
            .unwrap();
        let bits = &key[key.len() - 275..];
        assert_eq!(bits[..4], [0x03, 0x82, 0x01, 0x0f]);
        assert!(spki.ends_with(bits));
    }

    #[test]
    fn garbage_is_none_never_a_panic() {
        for (pem, label) in [
            ("", "CERTIFICATE"),
            ("-----BEGIN CERTIFICATE-----\n-----END CERTIFICATE-----\n", "CERTIFICATE"),
            ("-----BEGIN CERTIFICATE-----\n!!!!\n-----END CERTIFICATE-----\n", "CERTIFICATE"),
            ("-----BEGIN CERTIFICATE-----\nMAA=\n-----END CERTIFICATE-----\n", "CERTIFICATE"),
            ("-----BEGIN CERTIFICATE-----\nMAMCAQA=\n-----END CERTIFICATE-----\n", "CERTIFICATE"),
            ("-----BEGIN CERTIFICATE REQUEST-----\nMAMwAQA=\n-----END CERTIFICATE REQUEST-----\n", "CERTIFICATE REQUEST"),
        ] {
            assert_eq!(of_pem(pem, label), None, "{pem:?}");
        }
        // The CSR is not a certificate, nor the reverse.
        assert_eq!(of_pem(CSR, "CERTIFICATE"), None);
        assert_eq!(of_pem(SAME_KEY, "CERTIFICATE REQUEST"), None);
    }
}
