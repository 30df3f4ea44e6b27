//! The outer layers of a PKCS#10 request (RFC 2986 §4), decoded with `der`'s derive on
//! `x509-cert` and `spki` types.
//!
//! `x509_cert::request::CertReq` would do, except for two things the rules need: its version
//! is an enum that only holds 0, so a version-2 CSR would not decode at all (the rules make
//! that a warning), and it keeps no trace of the CertificationRequestInfo bytes as they were
//! signed (the signature is checked over the original bytes, not a re-encoding, which
//! sorts SET OF values). So the request is decoded in two steps: the outer SEQUENCE, taking the
//! info's whole encoding as a slice of the input, then the info itself.

use der::asn1::{BitString, Int};
use der::{Decode, Encode, Reader as _, Sequence, SliceReader};
use spki::{AlgorithmIdentifierOwned, SubjectPublicKeyInfoOwned};
use x509_cert::attr::Attributes;
use x509_cert::name::Name;

/// `CertificationRequestInfo` as in `x509_cert::request::CertReqInfo`, with the version an
/// INTEGER of any value.
#[derive(Sequence)]
pub(crate) struct RequestInfo {
    pub(crate) version: Int,
    pub(crate) subject: Name,
    pub(crate) public_key: SubjectPublicKeyInfoOwned,
    #[asn1(context_specific = "0", tag_mode = "IMPLICIT")]
    pub(crate) attributes: Attributes,
}

/// A decoded request.
pub(crate) struct Request<'a> {
    pub(crate) info: RequestInfo,
    pub(crate) algorithm: AlgorithmIdentifierOwned,
    pub(crate) signature: BitString,
    /// The CertificationRequestInfo element exactly as in the input (what was signed).
    pub(crate) signed_bytes: &'a [u8],
}

/// Decodes a whole DER request: strict DER throughout, no trailing bytes.
///
/// ```text
/// CertificationRequest ::= SEQUENCE {
///     certificationRequestInfo CertificationRequestInfo,
///     signatureAlgorithm       AlgorithmIdentifier,
///     signature                BIT STRING }
/// ```
pub(crate) fn decode(der: &[u8]) -> der::Result<Request<'_>> {
    let mut reader = SliceReader::new(der)?;
    let (signed_bytes, algorithm, signature) = reader.sequence(|outer| {
        let info = outer.tlv_bytes()?;
        let algorithm = AlgorithmIdentifierOwned::decode(outer)?;
        let signature = BitString::decode(outer)?;
        Ok::<_, der::Error>((info, algorithm, signature))
    })?;
    reader.finish()?;
    let info = RequestInfo::from_der(signed_bytes)?;
    Ok(Request {
        info,
        algorithm,
        signature,
        signed_bytes,
    })
}

/// The version number, or `None` when it does not fit an `i64`.
pub(crate) fn version(version: &Int) -> Option<i64> {
    version
        .to_der()
        .ok()
        .and_then(|der| i64::from_der(&der).ok())
}
