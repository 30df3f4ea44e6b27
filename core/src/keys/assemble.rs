//! The CSR's structure, apart from its signature: the `CertificationRequestInfo` for a public
//! key and names, then the CSR assembled around a signature of it made elsewhere (by the
//! RustCrypto keys in [`super::build_csr`], by WebCrypto in the npm `ncpcert/keys` module). One
//! code path for every host, and none of it key arithmetic.

use super::read::{bit_len, EC_PUBLIC_KEY, RSA_ENCRYPTION, SECP256R1, SECP384R1, SUPPORTED};
use super::{internal, key_invalid, KeyError, KeyKind};
use crate::codes::ErrorCode;
use der::asn1::{Any, BitString, Ia5String, ObjectIdentifier, SetOfVec, UintRef};
use der::{Decode, Encode, Sequence, Tag};
use pkcs8::LineEnding;
use spki::{AlgorithmIdentifierOwned, SubjectPublicKeyInfoOwned};
use x509_cert::attr::AttributeTypeAndValue;
use x509_cert::ext::pkix::name::GeneralName;
use x509_cert::ext::pkix::SubjectAltName;
use x509_cert::ext::ToExtension;
use x509_cert::name::{Name, RdnSequence, RelativeDistinguishedName};
use x509_cert::request::{CertReq, CertReqInfo, ExtensionReq, Version};

/// Longest common name (X.520 `ub-common-name`); a longer first name goes in the
/// subjectAltName alone, with an empty subject.
const MAX_CN_CHARS: usize = 64;

const SHA256_WITH_RSA: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.113549.1.1.11");
const ECDSA_WITH_SHA256: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.10045.4.3.2");
const ECDSA_WITH_SHA384: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.10045.4.3.3");

/// `Ecdsa-Sig-Value` (RFC 3279 §2.2.3): the DER form of an ECDSA signature in X.509.
#[derive(Sequence)]
struct EcdsaSigValue<'a> {
    r: UintRef<'a>,
    s: UintRef<'a>,
}

/// Refuses names that cannot be encoded as DNS names at all. No domain rule here (they are
/// `check_csr_names`'): unchecked input is refused rather than mis-encoded.
pub(super) fn encodable_names(names: &[String]) -> Result<(), KeyError> {
    if names.is_empty() {
        return Err(KeyError::new(
            ErrorCode::ArgumentInvalid,
            "no names given; give at least one domain name (the first is the common name)",
        ));
    }
    if names.iter().any(|n| n.is_empty() || !n.is_ascii()) {
        return Err(KeyError::new(
            ErrorCode::ArgumentInvalid,
            "the names must be checked first: give them as A-labels (ASCII), as the names check \
             returns them",
        ));
    }
    Ok(())
}

/// The kind of the public key `spki`, by the rules a private key is read with.
fn public_key_kind(spki: &SubjectPublicKeyInfoOwned) -> Result<KeyKind, KeyError> {
    let unreadable = || key_invalid("the public key is damaged; generate a new key");
    let point = spki.subject_public_key.as_bytes().ok_or_else(unreadable)?;
    match spki.algorithm.oid {
        RSA_ENCRYPTION => {
            let key = pkcs1::RsaPublicKeyRef::from_der(point).map_err(|_| unreadable())?;
            KeyKind::rsa(bit_len(key.modulus.as_bytes()))
        }
        EC_PUBLIC_KEY => {
            let curve = spki.algorithm.parameters.as_ref();
            let (kind, len) = match curve.and_then(|p| p.decode_as::<ObjectIdentifier>().ok()) {
                Some(SECP256R1) => (KeyKind::P256, 32),
                Some(SECP384R1) => (KeyKind::P384, 48),
                _ => {
                    return Err(key_invalid(&format!(
                        "the public key is on an elliptic curve other than P-256 and P-384; \
                         {SUPPORTED}"
                    ))
                    .with("algorithm", ""))
                }
            };
            // The uncompressed point, 0x04 ‖ x ‖ y: what WebCrypto and RustCrypto export, and
            // what every CA reads.
            if point.len() != 1 + 2 * len || point[0] != 4 {
                return Err(unreadable());
            }
            Ok(kind)
        }
        _ => Err(key_invalid(&format!(
            "the public key's algorithm is neither RSA nor ECDSA; {SUPPORTED}"
        ))
        .with("algorithm", "")),
    }
}

/// The public key in `info` must be of `kind`, the private key's.
fn same_kind(public: KeyKind, private: KeyKind) -> Result<(), KeyError> {
    if public == private {
        return Ok(());
    }
    Err(key_invalid(&format!(
        "the public key ({public}) is not the private key's ({private}); give the public key \
         of the key that signs"
    )))
}

/// The DER `CertificationRequestInfo` (PKCS#10) of a CSR for `names` and the public key
/// `spki_der` (a DER `SubjectPublicKeyInfo`, such as WebCrypto's `exportKey("spki", …)`
/// gives): what the private key signs.
///
/// Version 0; the subject is `CN=` the first name (empty when it is longer than 64
/// characters, which a CN cannot hold); one attribute, extensionRequest, with the
/// subjectAltName of every name as a DNS name (critical when the subject is empty, as
/// RFC 5280 asks). `names` are taken as [`super::check_csr_names`] returns them (A-labels,
/// checked by the domain rules): an empty list or a name that is not ASCII is refused with
/// `argument.invalid`.
///
/// The public key must be one ncpcert signs with (`key.invalid` otherwise) and, when `kind`
/// is given (the private key's, from [`super::read_private_key`]), of that kind.
pub fn request_info(
    spki_der: &[u8],
    names: &[String],
    kind: Option<KeyKind>,
) -> Result<Vec<u8>, KeyError> {
    encodable_names(names)?;
    let public_key = SubjectPublicKeyInfoOwned::from_der(spki_der).map_err(|_| {
        key_invalid("the public key cannot be read (a DER SubjectPublicKeyInfo is expected)")
    })?;
    let public = public_key_kind(&public_key)?;
    if let Some(private) = kind {
        same_kind(public, private)?;
    }

    let subject = match names.first() {
        Some(cn) if cn.chars().count() <= MAX_CN_CHARS => common_name(cn)?,
        _ => Name::default(),
    };
    let sans = names
        .iter()
        .map(|name| Ia5String::new(name).map(GeneralName::DnsName))
        .collect::<Result<Vec<_>, _>>()
        .map_err(|_| internal("a name could not be encoded"))?;
    let encoding = |_| internal("the CSR's request info could not be encoded");
    // x509-cert's own criticality rule for the subjectAltName (critical with an empty subject).
    let extension = (&SubjectAltName(sans))
        .to_extension(&subject, &[])
        .map_err(encoding)?;
    let mut attributes = SetOfVec::new();
    attributes
        .insert(ExtensionReq(vec![extension]).try_into().map_err(encoding)?)
        .map_err(encoding)?;
    CertReqInfo {
        version: Version::V1,
        subject,
        public_key,
        attributes,
    }
    .to_der()
    .map_err(encoding)
}

/// The CSR (PEM, `-----BEGIN CERTIFICATE REQUEST-----`) of `info_der` (from [`request_info`])
/// and `signature`, its signature by the private key of `kind`: PKCS#1 v1.5 with SHA-256
/// (`sha256WithRSAEncryption`) for RSA, ECDSA with SHA-256 on P-256 and SHA-384 on P-384
/// (`ecdsa-with-SHA256`, `ecdsa-with-SHA384`).
///
/// An ECDSA signature is given as WebCrypto makes it, `r‖s` (IEEE P1363, each half the
/// curve's size), and written in the CSR as DER `Ecdsa-Sig-Value`; an RSA signature is as long
/// as the modulus. A signature of another length, or with `r` or `s` zero, is refused with
/// `argument.invalid`; request info that is not DER, or whose public key is not of `kind`,
/// with `argument.invalid` or `key.invalid`. The signature is not verified here
/// ([`super::check_made_csr`] does that).
pub fn assemble_csr(info_der: &[u8], kind: KeyKind, signature: &[u8]) -> Result<String, KeyError> {
    let info = CertReqInfo::from_der(info_der).map_err(|_| {
        KeyError::new(
            ErrorCode::ArgumentInvalid,
            "the request info is not a DER CertificationRequestInfo; give the bytes the request \
             info was made as, unchanged",
        )
    })?;
    same_kind(public_key_kind(&info.public_key)?, kind)?;
    let expected = kind.signature_len();
    if signature.len() != expected {
        return Err(KeyError::new(
            ErrorCode::ArgumentInvalid,
            format!(
                "the signature is {} bytes; a {kind} key's is {expected} bytes ({}): give the \
                 signature of the request info by this key, as WebCrypto's sign returns it",
                signature.len(),
                if kind.rsa_bits().is_some() {
                    "the modulus' length"
                } else {
                    "r‖s, IEEE P1363"
                }
            ),
        )
        .with("detail", format!("{} bytes", signature.len())));
    }
    let failed = |_| internal("the CSR could not be encoded");
    let (oid, parameters, encoded) = match kind {
        KeyKind::Rsa(_) => (SHA256_WITH_RSA, Some(Any::null()), signature.to_vec()),
        KeyKind::P256 | KeyKind::P384 => {
            let (r, s) = signature.split_at(expected / 2);
            if r.iter().all(|&b| b == 0) || s.iter().all(|&b| b == 0) {
                return Err(KeyError::new(
                    ErrorCode::ArgumentInvalid,
                    "the signature is not an ECDSA signature (r or s is zero); give the \
                     signature WebCrypto's sign returns",
                ));
            }
            let value = EcdsaSigValue {
                r: UintRef::new(r).map_err(failed)?,
                s: UintRef::new(s).map_err(failed)?,
            };
            let oid = if kind == KeyKind::P256 {
                ECDSA_WITH_SHA256
            } else {
                ECDSA_WITH_SHA384
            };
            (oid, None, value.to_der().map_err(failed)?)
        }
    };
    let csr = CertReq {
        info,
        algorithm: AlgorithmIdentifierOwned { oid, parameters },
        signature: BitString::from_bytes(&encoded).map_err(failed)?,
    };
    let der = csr.to_der().map_err(failed)?;
    pem_rfc7468::encode_string("CERTIFICATE REQUEST", LineEnding::LF, &der)
        .map_err(|_| internal("the CSR could not be encoded as PEM"))
}

/// The subject `CN=name`, its value a UTF8String as `Name::from_str` writes it. Built from
/// its parts rather than parsed from text: the parser looks attribute names up in const-oid's
/// database of every known OID, which would weigh over 100 KB in the npm keys module.
fn common_name(cn: &str) -> Result<Name, KeyError> {
    let failed = |_| internal("the CSR's subject could not be built");
    let mut rdn = RelativeDistinguishedName::default();
    rdn.insert(AttributeTypeAndValue {
        oid: const_oid::db::rfc4519::CN,
        value: Any::new(Tag::Utf8String, cn.as_bytes()).map_err(failed)?,
    })
    .map_err(failed)?;
    let mut sequence = RdnSequence::default();
    sequence.push(rdn);
    // `Name` is made only by decoding (or the `hazmat` feature): its own DER, decoded.
    Name::from_der(&sequence.to_der().map_err(failed)?).map_err(failed)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::str::FromStr;

    /// The subject is exactly what x509-cert's own RFC 4514 parser makes of `CN=name`.
    #[test]
    fn common_name_equals_the_parsed_text() {
        for cn in [
            "www.example.com",
            "*.example.com",
            "xn--bcher-kva.example",
            "a",
        ] {
            let parsed = Name::from_str(&format!("CN={cn}")).unwrap();
            assert_eq!(common_name(cn).unwrap(), parsed);
            assert_eq!(
                common_name(cn).unwrap().to_der().unwrap(),
                parsed.to_der().unwrap()
            );
        }
    }
}
