//! Checking the CSR's self-signature over the original CertificationRequestInfo bytes:
//! RSA PKCS#1 v1.5 (`rsa`) and ECDSA on P-256, P-384 and P-521 (`p256`, `p384`,
//! `p521`). Verification only: ncpcert never holds a private key.

use super::algorithms::{Curve, Hash, Scheme};
use super::read::PublicKey;
use p256::ecdsa::signature::hazmat::PrehashVerifier;
use rsa::{BoxedUint, Pkcs1v15Sign, PublicKey as RsaPublicKey};
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

fn digest(hash: Hash, data: &[u8]) -> Vec<u8> {
    match hash {
        Hash::Sha224 => Sha224::digest(data).to_vec(),
        Hash::Sha256 => Sha256::digest(data).to_vec(),
        Hash::Sha384 => Sha384::digest(data).to_vec(),
        Hash::Sha512 => Sha512::digest(data).to_vec(),
    }
}

/// PKCS#1 v1.5 padding with the DigestInfo of `hash` (RFC 8017 §9.2), built by `rsa` from the
/// hash's OID.
fn padding(hash: Hash) -> Pkcs1v15Sign {
    match hash {
        Hash::Sha224 => Pkcs1v15Sign::new::<Sha224>(),
        Hash::Sha256 => Pkcs1v15Sign::new::<Sha256>(),
        Hash::Sha384 => Pkcs1v15Sign::new::<Sha384>(),
        Hash::Sha512 => Pkcs1v15Sign::new::<Sha512>(),
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
    let n = BoxedUint::from_be_slice_vartime(modulus);
    let e = BoxedUint::from_be_slice_vartime(exponent);
    let key = match RsaPublicKey::new_with_size_limits(n, e, 256..=MAX_VERIFIED_RSA_BITS) {
        Ok(key) => key,
        Err(e) => {
            return Verification::Unchecked(format!("the RSA key cannot be used to verify ({e})"))
        }
    };
    match key.verify(padding(hash), &digest(hash, signed), signature) {
        Ok(()) => Verification::Valid,
        Err(_) => Verification::Invalid("the RSA signature does not match the request".into()),
    }
}

fn verify_ecdsa(
    hash: Hash,
    curve: Curve,
    point: &[u8],
    signed: &[u8],
    signature: &[u8],
) -> Verification {
    let prehash = digest(hash, signed);
    let bad_sig = || Verification::Invalid("the ECDSA signature does not match the request".into());
    let bad_key =
        || Verification::Unchecked("the EC public key is not a point on its curve".into());
    macro_rules! check {
        ($curve:ident) => {{
            let Ok(key) = $curve::ecdsa::VerifyingKey::from_sec1_bytes(point) else {
                return bad_key();
            };
            let Ok(sig) = $curve::ecdsa::Signature::from_der(signature) else {
                return bad_sig();
            };
            match key.verify_prehash(&prehash, &sig) {
                Ok(()) => Verification::Valid,
                Err(_) => bad_sig(),
            }
        }};
    }
    match curve {
        Curve::P256 => check!(p256),
        Curve::P384 => check!(p384),
        Curve::P521 => check!(p521),
        Curve::Other(name) => {
            Verification::Unchecked(format!("ncpcert does not verify signatures on {name}"))
        }
    }
}

/// `true` when `point` is a valid SEC1 encoding of a point on `curve` (K6).
pub(crate) fn point_on_curve(curve: Curve, point: &[u8]) -> Option<bool> {
    match curve {
        Curve::P256 => Some(p256::ecdsa::VerifyingKey::from_sec1_bytes(point).is_ok()),
        Curve::P384 => Some(p384::ecdsa::VerifyingKey::from_sec1_bytes(point).is_ok()),
        Curve::P521 => Some(p521::ecdsa::VerifyingKey::from_sec1_bytes(point).is_ok()),
        Curve::Other(_) => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hex(s: &str) -> Vec<u8> {
        (0..s.len())
            .step_by(2)
            .map(|i| u8::from_str_radix(&s[i..i + 2], 16).unwrap())
            .collect()
    }

    /// PKCS#1 v1.5 signatures made by OpenSSL (`core/tests/data/rsa/generate.sh`) verify, and
    /// a changed signature or message does not.
    #[test]
    fn openssl_rsa_signatures_verify() {
        let files = [
            include_str!("../../tests/data/rsa/rsa-2048.txt"),
            include_str!("../../tests/data/rsa/rsa-3072.txt"),
            include_str!("../../tests/data/rsa/rsa-2048-e3.txt"),
            include_str!("../../tests/data/rsa/rsa-1031.txt"),
        ];
        let mut checked = 0;
        for file in files {
            let field = |name: &str| {
                let line = file.lines().find(|l| l.starts_with(name)).unwrap();
                hex(line.split(' ').nth(1).unwrap())
            };
            let strip = |v: Vec<u8>| v.into_iter().skip_while(|&b| b == 0).collect::<Vec<u8>>();
            let key = PublicKey::Rsa {
                modulus: strip(field("n ")),
                exponent: strip(field("e ")),
            };
            for line in file.lines().filter(|l| l.starts_with("sig ")) {
                let parts: Vec<&str> = line.split(' ').collect();
                let hash = match parts[1] {
                    "sha224" => Hash::Sha224,
                    "sha256" => Hash::Sha256,
                    "sha384" => Hash::Sha384,
                    "sha512" => Hash::Sha512,
                    _ => continue, // MD5 and SHA-1: not verified (S1 refuses them)
                };
                let message = format!("message {}", parts[2]);
                let other = format!("message {}", 1 - parts[2].parse::<i32>().unwrap());
                let mut signature = hex(parts[3]);
                let scheme = Scheme::RsaPkcs1(hash);
                assert_eq!(
                    verify(scheme, &key, message.as_bytes(), &signature),
                    Verification::Valid,
                    "{line}"
                );
                assert!(matches!(
                    verify(scheme, &key, other.as_bytes(), &signature),
                    Verification::Invalid(_)
                ));
                signature[10] ^= 1;
                assert!(matches!(
                    verify(scheme, &key, message.as_bytes(), &signature),
                    Verification::Invalid(_)
                ));
                checked += 1;
            }
        }
        assert_eq!(checked, 4 * 4 * 2);
    }
}
