//! Checking the CSR's self-signature over the original CertificationRequestInfo bytes
//! (SPEC S2): RSA PKCS#1 v1.5 and ECDSA on P-256, P-384 and P-521.

use super::algorithms::{Curve, Hash, Scheme};
use super::ec::{Params, P256, P384, P521};
use super::read::PublicKey;
use super::{ecdsa, rsa_pkcs1};
use sha2::{Digest, Sha224, Sha256, Sha384, Sha512};

/// Moduli above this are not verified: the modular exponentiation would take too long on
/// hostile input, and no CA accepts such keys anyway.
pub(crate) const MAX_VERIFIED_RSA_BITS: usize = 16_384;

/// What checking the signature found.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Verification {
    Valid,
    Invalid(String),
    /// The signature could not be checked; the reason says why.
    Unchecked(String),
}

pub(super) fn digest(hash: Hash, data: &[u8]) -> Vec<u8> {
    match hash {
        Hash::Sha224 => Sha224::digest(data).to_vec(),
        Hash::Sha256 => Sha256::digest(data).to_vec(),
        Hash::Sha384 => Sha384::digest(data).to_vec(),
        Hash::Sha512 => Sha512::digest(data).to_vec(),
    }
}

/// DER prefix of the PKCS#1 v1.5 DigestInfo for each hash (RFC 8017 §9.2, note 1).
pub(super) fn digest_info_prefix(hash: Hash) -> &'static [u8] {
    match hash {
        Hash::Sha224 => &[
            0x30, 0x2d, 0x30, 0x0d, 0x06, 0x09, 0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02,
            0x04, 0x05, 0x00, 0x04, 0x1c,
        ],
        Hash::Sha256 => &[
            0x30, 0x31, 0x30, 0x0d, 0x06, 0x09, 0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02,
            0x01, 0x05, 0x00, 0x04, 0x20,
        ],
        Hash::Sha384 => &[
            0x30, 0x41, 0x30, 0x0d, 0x06, 0x09, 0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02,
            0x02, 0x05, 0x00, 0x04, 0x30,
        ],
        Hash::Sha512 => &[
            0x30, 0x51, 0x30, 0x0d, 0x06, 0x09, 0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02,
            0x03, 0x05, 0x00, 0x04, 0x40,
        ],
    }
}

/// Checks `signature` over `signed` (the original CertificationRequestInfo bytes).
pub(crate) fn verify(
    scheme: Scheme,
    key: &PublicKey,
    signed: &[u8],
    signature: &[u8],
) -> Verification {
    match (scheme, key) {
        (
            Scheme::RsaPkcs1(hash),
            PublicKey::Rsa {
                modulus, exponent, ..
            },
        ) => verify_rsa(hash, modulus, exponent, signed, signature),
        (Scheme::Ecdsa(hash), PublicKey::Ec { curve, point }) => {
            verify_ecdsa(hash, *curve, point, signed, signature)
        }
        (Scheme::Unverified, _) => {
            Verification::Unchecked("ncpcert does not verify this signature algorithm".into())
        }
        (Scheme::RsaPkcs1(_), _) | (Scheme::Ecdsa(_), _) => {
            Verification::Invalid("the signature algorithm does not match the key type".into())
        }
    }
}

fn verify_rsa(
    hash: Hash,
    modulus: &[u8],
    exponent: &[u8],
    signed: &[u8],
    signature: &[u8],
) -> Verification {
    let bits = super::read::bit_length(modulus);
    if bits > MAX_VERIFIED_RSA_BITS {
        return Verification::Unchecked(format!(
            "RSA keys above {MAX_VERIFIED_RSA_BITS} bits are not verified"
        ));
    }
    let checked = rsa_pkcs1::check_key(modulus, exponent, MAX_VERIFIED_RSA_BITS).and_then(|()| {
        let prefix = digest_info_prefix(hash);
        rsa_pkcs1::verify(modulus, exponent, prefix, &digest(hash, signed), signature)
    });
    match checked {
        Ok(()) => Verification::Valid,
        Err(rsa_pkcs1::Failure::Key(why)) => {
            Verification::Unchecked(format!("the RSA key cannot be used to verify ({why})"))
        }
        Err(rsa_pkcs1::Failure::Signature) => {
            Verification::Invalid("the RSA signature does not match the request".into())
        }
    }
}

fn curve_params(curve: Curve) -> Option<&'static Params> {
    match curve {
        Curve::P256 => Some(&P256),
        Curve::P384 => Some(&P384),
        Curve::P521 => Some(&P521),
        Curve::Other(_) => None,
    }
}

fn verify_ecdsa(
    hash: Hash,
    curve: Curve,
    point: &[u8],
    signed: &[u8],
    signature: &[u8],
) -> Verification {
    let Some(params) = curve_params(curve) else {
        return Verification::Unchecked(format!(
            "ncpcert does not verify signatures on {}",
            curve.name()
        ));
    };
    match ecdsa::verify(params, point, &digest(hash, signed), signature) {
        Ok(()) => Verification::Valid,
        Err(ecdsa::Failure::Key) => {
            Verification::Unchecked("the EC public key is not a point on its curve".into())
        }
        Err(ecdsa::Failure::Signature) => {
            Verification::Invalid("the ECDSA signature does not match the request".into())
        }
    }
}

/// `true` when `point` is a valid SEC1 encoding of a point on `curve` (K6).
pub(crate) fn point_on_curve(curve: Curve, point: &[u8]) -> Option<bool> {
    let params = curve_params(curve)?;
    Some(super::ec::Curve::new(params).decode_point(point).is_some())
}
