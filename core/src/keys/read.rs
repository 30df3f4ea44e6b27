//! A private key's PEM read for signing: what kind of key it is, and the key as PKCS#8 DER.
//! PKCS#1 and SEC1 keys are re-wrapped as PKCS#8 (a DER envelope around the same bytes): no
//! key arithmetic, so that hosts whose own cryptography signs (WebCrypto) need none here.

use super::{key_invalid, KeyError, KeyKind, PrivateKeyPem, MAX_KEY_PEM_BYTES};
use der::asn1::{AnyRef, ObjectIdentifier, OctetStringRef};
use der::{Decode, Encode};
use pkcs8::{AlgorithmIdentifierRef, LineEnding, PrivateKeyInfoRef};
use std::fmt;
use zeroize::Zeroizing;

pub(super) const RSA_ENCRYPTION: ObjectIdentifier =
    ObjectIdentifier::new_unwrap("1.2.840.113549.1.1.1");
pub(super) const EC_PUBLIC_KEY: ObjectIdentifier =
    ObjectIdentifier::new_unwrap("1.2.840.10045.2.1");
pub(super) const SECP256R1: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.10045.3.1.7");
pub(super) const SECP384R1: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.3.132.0.34");

pub(super) const SUPPORTED: &str =
    "ncpcert signs CSRs with RSA (2048 to 4096 bits), P-256 and P-384 keys";

/// A private key read for signing: its [`KeyKind`] and the key as PKCS#8 DER (what
/// WebCrypto's `importKey("pkcs8", …)` and the RustCrypto keys take). The bytes are wiped
/// from memory when the value is dropped, and `Debug` never shows them.
pub struct PrivateKeyDer {
    kind: KeyKind,
    der: Zeroizing<Vec<u8>>,
}

impl fmt::Debug for PrivateKeyDer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "PrivateKeyDer({}, ** redacted **)", self.kind)
    }
}

impl PrivateKeyDer {
    /// Reads a PKCS#8 `PrivateKeyInfo` (DER), such as WebCrypto's `exportKey("pkcs8", …)`
    /// gives: `key.invalid` unless it is an unencrypted RSA (2048 to 4096 bits), P-256 or
    /// P-384 key. Its structure is checked, not its arithmetic (whether its parts agree).
    pub fn from_pkcs8(der: &[u8]) -> Result<Self, KeyError> {
        let info = PrivateKeyInfoRef::try_from(der).map_err(|_| {
            key_invalid("the PRIVATE KEY cannot be read as PKCS#8; give an unencrypted key")
                .with("damaged", "")
        })?;
        let damaged = |_| damaged_pkcs8();
        let inner = info.private_key.as_bytes();
        let kind = match info.algorithm.oid {
            RSA_ENCRYPTION => {
                let key = pkcs1::RsaPrivateKeyRef::from_der(inner).map_err(damaged)?;
                KeyKind::rsa(bit_len(key.modulus.as_bytes()))?
            }
            EC_PUBLIC_KEY => {
                let curve = match info.algorithm.parameters_oid().ok() {
                    Some(SECP256R1) => KeyKind::P256,
                    Some(SECP384R1) => KeyKind::P384,
                    _ => {
                        return Err(key_invalid(&format!(
                            "the key is on an elliptic curve other than P-256 and P-384; \
                             {SUPPORTED}"
                        ))
                        .with("algorithm", ""))
                    }
                };
                let key = sec1::EcPrivateKey::from_der(inner).map_err(damaged)?;
                if ec_kind(&key, Some(curve)).is_none() {
                    return Err(damaged_pkcs8());
                }
                curve
            }
            _ => {
                return Err(key_invalid(&format!(
                    "the key's algorithm is neither RSA nor ECDSA; {SUPPORTED}"
                ))
                .with("algorithm", ""))
            }
        };
        Ok(PrivateKeyDer {
            kind,
            der: Zeroizing::new(der.to_vec()),
        })
    }

    /// What kind of key it is.
    pub fn kind(&self) -> KeyKind {
        self.kind
    }

    /// The key as PKCS#8 DER.
    pub fn pkcs8_der(&self) -> &[u8] {
        &self.der
    }

    /// The key as PKCS#8 PEM (`-----BEGIN PRIVATE KEY-----`, LF line endings).
    pub fn to_pem(&self) -> Result<PrivateKeyPem, KeyError> {
        pem_rfc7468::encode_string("PRIVATE KEY", LineEnding::LF, &self.der)
            .map(|pem| PrivateKeyPem(Zeroizing::new(pem)))
            .map_err(|_| super::internal("the key could not be encoded as PEM"))
    }

    /// A PKCS#1 or SEC1 key's DER wrapped as PKCS#8: `PrivateKeyInfo` with the algorithm (and
    /// curve) and these bytes as its `privateKey`.
    fn wrap(kind: KeyKind, inner: &[u8]) -> Result<Self, KeyError> {
        let failed = |_| super::internal("the key could not be re-encoded as PKCS#8");
        let curve = match kind {
            KeyKind::Rsa(_) => None,
            KeyKind::P256 => Some(SECP256R1),
            KeyKind::P384 => Some(SECP384R1),
        };
        let algorithm = AlgorithmIdentifierRef {
            oid: if curve.is_some() {
                EC_PUBLIC_KEY
            } else {
                RSA_ENCRYPTION
            },
            parameters: Some(match &curve {
                Some(oid) => AnyRef::from(oid),
                None => AnyRef::NULL,
            }),
        };
        let info = PrivateKeyInfoRef::new(algorithm, OctetStringRef::new(inner).map_err(failed)?);
        Ok(PrivateKeyDer {
            kind,
            der: Zeroizing::new(info.to_der().map_err(failed)?),
        })
    }
}

/// A PKCS#8 key whose structure or arithmetic is broken.
pub(super) fn damaged_pkcs8() -> KeyError {
    key_invalid("the PRIVATE KEY is damaged; generate a new key").with("damaged", "")
}

/// The curve of a SEC1 key: its parameters' when given, else `outer` (a PKCS#8 envelope's),
/// else the one its private key's length fits (as the RustCrypto curves read it: at most 32
/// bytes for P-256, 48 for P-384); `None` for another curve, parameters that contradict
/// `outer`, a private key too long for its curve or an empty one.
fn ec_kind(key: &sec1::EcPrivateKey<'_>, outer: Option<KeyKind>) -> Option<KeyKind> {
    let len = key.private_key.len();
    let inner = match key.parameters {
        Some(parameters) => match parameters.named_curve() {
            Some(SECP256R1) => Some(KeyKind::P256),
            Some(SECP384R1) => Some(KeyKind::P384),
            _ => return None,
        },
        None => None,
    };
    let curve = match (inner, outer) {
        (Some(a), Some(b)) if a != b => return None,
        (Some(curve), _) | (None, Some(curve)) => curve,
        (None, None) if len <= 32 => KeyKind::P256,
        (None, None) => KeyKind::P384,
    };
    let max = if curve == KeyKind::P256 { 32 } else { 48 };
    (len > 0 && len <= max).then_some(curve)
}

/// The bit length of a big-endian unsigned integer.
pub(super) fn bit_len(bytes: &[u8]) -> usize {
    match bytes.iter().position(|&b| b != 0) {
        Some(i) => (bytes.len() - i) * 8 - bytes[i].leading_zeros() as usize,
        None => 0,
    }
}

/// Reads a private key's PEM for signing: PKCS#8 (`PRIVATE KEY`, as `ncpcert key` and
/// `openssl genpkey` write it), PKCS#1 (`RSA PRIVATE KEY`) or SEC1 (`EC PRIVATE KEY`), RSA of
/// 2048 to 4096 bits (a multiple of 8), P-256 or P-384, unencrypted. PKCS#1 and SEC1 keys are
/// re-wrapped as PKCS#8. Text before the PEM and surrounding whitespace are skipped.
///
/// Refused with `key.invalid` and a message that says what to do (never quoting the input):
/// too long, not PEM, damaged, encrypted, not a private key, another algorithm or curve, an
/// RSA size CAs refuse. Only the structure is read: whether the key's parts agree is for the
/// arithmetic that signs with it.
pub fn read_private_key(text: &str) -> Result<PrivateKeyDer, KeyError> {
    if text.len() > MAX_KEY_PEM_BYTES {
        return Err(key_invalid(&format!(
            "the key is {} bytes, more than a private key's PEM ever is ({MAX_KEY_PEM_BYTES}); \
             give the PEM file of one private key",
            text.len()
        ))
        .with("size", text.len().to_string()));
    }
    // Text before the PEM (as some tools write) is skipped; so is surrounding whitespace.
    let start = text.find("-----BEGIN ").ok_or_else(|| {
        key_invalid(
            "the key is not PEM text (no -----BEGIN line); give a private key in PEM, \
             e.g. from `ncpcert key --out key.pem`",
        )
        .with("not_pem", "")
    })?;
    let pem = text[start..].trim_end();
    let (label, der) = pem_rfc7468::decode_vec(pem.as_bytes()).map_err(|_| {
        key_invalid(
            "the key's PEM cannot be decoded (damaged base64 or BEGIN/END lines); give \
             the key file as written, one key per file",
        )
        .with("damaged", "")
    })?;
    let der = Zeroizing::new(der);
    match label {
        "PRIVATE KEY" => PrivateKeyDer::from_pkcs8(&der),
        "RSA PRIVATE KEY" => {
            let key = pkcs1::RsaPrivateKeyRef::from_der(&der).map_err(|_| {
                key_invalid("the RSA PRIVATE KEY cannot be read; give an unencrypted RSA key")
                    .with("damaged", "")
            })?;
            let kind = KeyKind::rsa(bit_len(key.modulus.as_bytes()))?;
            PrivateKeyDer::wrap(kind, &der)
        }
        "EC PRIVATE KEY" => {
            let kind = sec1::EcPrivateKey::from_der(&der)
                .ok()
                .as_ref()
                .and_then(|key| ec_kind(key, None))
                .ok_or_else(|| {
                    key_invalid(&format!(
                        "the EC PRIVATE KEY cannot be read, or is on another curve; {SUPPORTED}"
                    ))
                    .with("algorithm", "")
                })?;
            PrivateKeyDer::wrap(kind, &der)
        }
        "ENCRYPTED PRIVATE KEY" => Err(key_invalid(
            "the key is encrypted; decrypt it first (`openssl pkey -in key.pem -out \
             plain.pem`) and keep the plain file private",
        )
        .with("encrypted", "")),
        "CERTIFICATE REQUEST" | "NEW CERTIFICATE REQUEST" | "CERTIFICATE" | "PUBLIC KEY" => {
            Err(key_invalid(&format!(
                "this is a {label}, not a private key; give the private key's PEM file"
            ))
            .with("label", label))
        }
        _ => Err(key_invalid(
            "the PEM is not a private key (expected BEGIN PRIVATE KEY, RSA PRIVATE KEY or \
             EC PRIVATE KEY); give the private key's PEM file",
        )
        .with("label", crate::report::excerpt(label))),
    }
}

#[cfg(test)]
mod tests {
    use super::bit_len;

    #[test]
    fn bit_lengths() {
        assert_eq!(bit_len(&[]), 0);
        assert_eq!(bit_len(&[0, 0]), 0);
        assert_eq!(bit_len(&[1]), 1);
        assert_eq!(bit_len(&[0, 0x80, 0]), 16);
        assert_eq!(bit_len(&[0x7f, 0xff]), 15);
    }
}
